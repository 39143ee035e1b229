/**
 * Concurrent callback delivery (simulators/core/webhooks.ts): a bounded pool, a cap per receiver,
 * order within an order key, due times kept on the virtual clock, and a clock that never waits
 * for a receiver unless asked. The fetch here is scripted (no sockets) so the counts are exact;
 * test/esign/callbacks-concurrency.test.ts does the same over real HTTP.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.ts';
import {
  DEFAULT_DELIVERY_LIMITS,
  WebhookDispatcher,
  type DeliveryLimits,
  type FetchLike,
  type WebhookPolicy,
} from '../../simulators/core/webhooks.ts';

const MIN = 60_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const policy: WebhookPolicy = {
  maxAttempts: 3,
  retryDelayMs: () => 30 * MIN,
  timeoutMs: 5_000,
  isSuccess: (status) => status >= 200 && status < 400,
  orderKey: (d) => (JSON.parse(d.body) as { k?: string }).k,
};

/** A fake network: each request answers after `answer(req).delayMs`, counting what is open. */
function gauge(answer: (body: string, n: number) => { status?: number; delayMs: number }) {
  const log: Array<{ event: 'start' | 'end'; body: string; host: string }> = [];
  let open = 0;
  let max = 0;
  let n = 0;
  const openPerHost = new Map<string, number>();
  const maxPerHost = new Map<string, number>();
  const fetch: FetchLike = async (req) => {
    const host = new URL(req.url).host;
    const body = await req.text();
    const a = answer(body, ++n);
    open++;
    max = Math.max(max, open);
    openPerHost.set(host, (openPerHost.get(host) ?? 0) + 1);
    maxPerHost.set(host, Math.max(maxPerHost.get(host) ?? 0, openPerHost.get(host)!));
    log.push({ event: 'start', body, host });
    await sleep(a.delayMs);
    log.push({ event: 'end', body, host });
    open--;
    openPerHost.set(host, openPerHost.get(host)! - 1);
    return new Response('ok', { status: a.status ?? 200 });
  };
  return { fetch, log, max: () => max, maxPerHost: () => Math.max(...maxPerHost.values()) };
}

function setup(fetch: FetchLike, limits: Partial<DeliveryLimits> = {}) {
  const clock = new VirtualClock({ start: 0 });
  const hooks = new WebhookDispatcher(clock, () => fetch, undefined, limits);
  hooks.registerPolicy('v', policy);
  const send = (host: string, body: object) =>
    hooks.enqueue({
      vendor: 'v',
      tenant: 't',
      url: `http://${host}/cb`,
      body: JSON.stringify(body),
      headers: {},
    });
  return { clock, hooks, send };
}

describe('callback delivery pool', () => {
  it('keeps at most `concurrency` requests open, and `perReceiver` to one receiver', async () => {
    const net = gauge(() => ({ delayMs: 40 }));
    const { clock, hooks, send } = setup(net.fetch, { concurrency: 5, perReceiver: 2 });
    for (let host = 0; host < 4; host++) for (let i = 0; i < 4; i++) send(`r${host}.test`, { i });
    await clock.settle();
    expect(hooks.list().map((d) => d.state)).toEqual(Array(16).fill('delivered'));
    expect(net.max()).toBe(5);
    expect(net.maxPerHost()).toBe(2);
  });

  it(`by default: ${DEFAULT_DELIVERY_LIMITS.concurrency} in all, ${DEFAULT_DELIVERY_LIMITS.perReceiver} per receiver`, async () => {
    const net = gauge(() => ({ delayMs: 40 }));
    const { clock, hooks, send } = setup(net.fetch);
    for (let host = 0; host < 6; host++) for (let i = 0; i < 6; i++) send(`r${host}.test`, { i });
    await clock.settle();
    expect(hooks.list().every((d) => d.state === 'delivered')).toBe(true);
    expect(net.max()).toBe(16);
    expect(net.maxPerHost()).toBe(4);
  });

  it('sends one order key one at a time, in order; other keys go alongside', async () => {
    const net = gauge((body) => ({ delayMs: body.includes('"a1"') ? 120 : 10 }));
    const { clock, send } = setup(net.fetch);
    send('r.test', { k: 'a', n: 'a1' });
    send('r.test', { k: 'a', n: 'a2' });
    send('r.test', { k: 'a', n: 'a3' });
    send('r.test', { k: 'b', n: 'b1' });
    await clock.settle();
    const events = net.log.map((e) => `${e.event}:${(JSON.parse(e.body) as { n: string }).n}`);
    const at = (e: string) => events.indexOf(e);
    expect(at('start:a2')).toBeGreaterThan(at('end:a1'));
    expect(at('start:a3')).toBeGreaterThan(at('end:a2'));
    expect(at('end:b1')).toBeLessThan(at('end:a1')); // b did not wait for a
  });

  it("a later delivery of a key waits for the earlier one's attempt, not for its retries", async () => {
    const net = gauge((body) => ({ delayMs: 10, status: body.includes('"a1"') ? 500 : 200 }));
    const { clock, hooks, send } = setup(net.fetch);
    const a1 = send('r.test', { k: 'a', n: 'a1' });
    const a2 = send('r.test', { k: 'a', n: 'a2' });
    await clock.settle();
    expect(hooks.get(a1.id)).toMatchObject({ state: 'pending', nextAttemptAt: 30 * MIN });
    expect(hooks.get(a2.id)!.state).toBe('delivered');
  });

  it('an attempt keeps its due time while it waits for a slot, and its retry counts from there', async () => {
    const net = gauge(() => ({ delayMs: 60, status: 500 }));
    const { clock, hooks, send } = setup(net.fetch, { concurrency: 1 });
    const first = send('r.test', { n: 1 });
    const second = send('r.test', { n: 2 });
    // the clock moves on while both wait: the first on the receiver, the second for the slot
    await clock.advance(5 * MIN, { wait: false });
    expect(hooks.inFlight()).toBe(2);
    await clock.settle();
    for (const d of [first, second]) {
      expect(hooks.get(d.id)!.attempts.map((a) => a.at)).toEqual([0]);
      expect(hooks.get(d.id)!.nextAttemptAt).toBe(30 * MIN);
    }
  });

  it('a retry that fell due while its attempt was still running goes out at once', async () => {
    const net = gauge((_b, n) => ({ delayMs: 60, status: n === 1 ? 500 : 200 }));
    const { clock, hooks, send } = setup(net.fetch);
    const d = send('r.test', { n: 1 });
    await clock.advance(60 * MIN, { wait: false });
    await clock.settle();
    expect(hooks.get(d.id)!.state).toBe('delivered');
    expect(hooks.get(d.id)!.attempts.map((a) => a.at)).toEqual([0, 60 * MIN]);
  });

  it('clear() drops queued requests and the outcome of open ones', async () => {
    const net = gauge(() => ({ delayMs: 60, status: 500 }));
    const { clock, hooks, send } = setup(net.fetch, { concurrency: 1 });
    send('r.test', { n: 1 });
    send('r.test', { n: 2 });
    await clock.advance(0, { wait: false });
    hooks.clear();
    await clock.settle();
    expect(net.log.filter((e) => e.event === 'start')).toHaveLength(1);
    expect(hooks.list()).toEqual([]);
    expect(clock.pending()).toEqual([]);
  });

  it('the clock does not wait for a slow receiver unless asked', async () => {
    const net = gauge(() => ({ delayMs: 1_000 }));
    const { clock, hooks, send } = setup(net.fetch);
    const d = send('slow.test', { n: 1 });
    const started = performance.now();
    await clock.advance(MIN, { wait: false });
    expect(performance.now() - started).toBeLessThan(800);
    expect(hooks.get(d.id)!.state).toBe('pending');
    await clock.settle();
    expect(hooks.get(d.id)!.state).toBe('delivered');
  });
});

describe('a delivery under way when the state was saved', () => {
  it('is sent again after a restore (resume), at its due time', async () => {
    const net = gauge(() => ({ delayMs: 80 }));
    const { clock, hooks, send } = setup(net.fetch);
    const d = send('r.test', { n: 1 });
    await clock.advance(0, { wait: false }); // the attempt is open; its job is gone
    expect(clock.pending()).toEqual([]);
    const saved = { clock: clock.snapshot(), hooks: hooks.snapshot() };
    await clock.settle();

    const again = setup(net.fetch);
    again.hooks.restore(saved.hooks);
    again.clock.restore(saved.clock);
    again.hooks.resume();
    again.hooks.resume(); // idempotent: one job per delivery
    expect(again.clock.pending()).toHaveLength(1);
    await again.clock.settle();
    expect(again.hooks.get(d.id)).toMatchObject({ state: 'delivered', attempts: [{ at: 0, status: 200 }] });
  });
});
