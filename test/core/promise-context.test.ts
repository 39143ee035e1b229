/**
 * The `--state` store's request scope (simulators/core/promise-context.ts): carried across await and
 * then by promise hooks instead of AsyncLocalStorage, each request sees its own scope however the
 * requests interleave; code outside any run sees none.
 */
import { describe, expect, it } from 'vitest';
import { PromiseContext } from '../../simulators/core/promise-context.ts';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('PromiseContext', () => {
  it('carries each scope across awaits, then and Promise.all while 32 runs interleave', async () => {
    const ctx = new PromiseContext<{ id: number }>();
    const seen: string[] = [];
    const step = async (id: number, i: number) => {
      await (i % 2 ? tick() : null);
      if (ctx.get()?.id !== id) seen.push(`${id}@${i}: ${ctx.get()?.id}`);
    };
    const request = (scope: { id: number }) =>
      ctx.run(scope, async () => {
        for (let i = 0; i < 6; i++) await step(scope.id, i);
        await Promise.all([step(scope.id, 10), step(scope.id, 11)]);
        await Promise.resolve().then(() => step(scope.id, 20));
        return ctx.get()?.id;
      });
    const ids = await Promise.all(Array.from({ length: 32 }, (_, id) => request({ id })));
    expect(seen).toEqual([]);
    expect(ids).toEqual(Array.from({ length: 32 }, (_, id) => id));
    expect(ctx.get()).toBeUndefined();
  });

  it('restores the outer scope after a nested run, and none outside', async () => {
    const ctx = new PromiseContext<{ id: string }>();
    const outer = { id: 'outer' };
    const inner = { id: 'inner' };
    const got = await ctx.run(outer, async () => {
      const a = await ctx.run(inner, async () => {
        await tick();
        return ctx.get()?.id;
      });
      await tick();
      return [a, ctx.get()?.id];
    });
    expect(got).toEqual(['inner', 'outer']);
    expect(ctx.get()).toBeUndefined();
    // a promise made outside any run: its reactions see no scope
    await tick().then(() => expect(ctx.get()).toBeUndefined());
  });

  it('a thrown error leaves no scope behind', () => {
    const ctx = new PromiseContext<{ id: string }>();
    expect(() =>
      ctx.run({ id: 'x' }, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(ctx.get()).toBeUndefined();
  });

  it('a timer started in a run fires outside it (only promises carry the scope)', async () => {
    const ctx = new PromiseContext<{ id: string }>();
    const inTimer = await ctx.run({ id: 'x' }, () => new Promise((r) => setTimeout(() => r(ctx.get()), 1)));
    expect(inTimer).toBeUndefined();
  });
});
