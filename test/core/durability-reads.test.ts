/**
 * `--state`: a request waits only for the durability of what it touched (simulators/core/state-store.ts
 * `pending`). With the journal's fsync held back, a read of durable entries answers at once, while a
 * read of an entry whose write is still being written waits for that write, so no answer shows state
 * a crash could lose.
 */
import { describe, expect, it, vi } from 'vitest';
import { StateFiles } from '../../simulators/core/persist.ts';
import { TenantMap, type TenantTracker } from '../../simulators/core/tenancy.ts';
import { newPerson, newProject } from '../esign/helpers.ts';
import { stateFixtures } from '../helpers/state-sims.ts';

const fx = stateFixtures('reads');

const sleep = (ms: number) => new Promise<'late'>((r) => setTimeout(() => r('late'), ms));

function watch<T>(p: Promise<T>) {
  const w = { settled: false, promise: p };
  p.then(
    () => (w.settled = true),
    () => (w.settled = true),
  );
  return w;
}

/** Holds every journal append (write + fsync) until `release()`. */
function gateAppends() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const real = StateFiles.prototype.append;
  const spy = vi.spyOn(StateFiles.prototype, 'append').mockImplementation(async function (
    this: StateFiles,
    text: string,
  ) {
    await gate;
    return real.call(this, text);
  });
  return { spy, release };
}

describe('--state: reads wait only for what they read', () => {
  it('a read of durable entries answers while a write is unsynced; a read of the unsynced entry waits', async () => {
    const h = fx.durableSim();
    const project = await newProject(h.control);
    const client = h.client(project);
    const a = await newPerson(client);

    const { spy, release } = gateAppends();
    const write = watch(newPerson(client, { thirdId: 'unsynced-b' }));
    // The write has run and its commit is being written (held before the fsync).
    await vi.waitFor(() => expect(spy).toHaveBeenCalled());
    const readB = watch(client.call('/account/idexchange', { thirdId: 'unsynced-b' }));
    const readA = await Promise.race([
      client.call('/account/idexchange', { thirdId: a.thirdId }),
      sleep(5000),
    ]);
    expect(readA).toEqual({ accountId: a.accountId });
    await sleep(200);
    expect(write.settled).toBe(false);
    expect(readB.settled).toBe(false);

    release();
    const b = await write.promise;
    expect(await readB.promise).toEqual({ accountId: b.accountId });
  });

  it('a lookup that finds no entry is reported, so it waits for an unsynced deletion', () => {
    const touched: string[] = [];
    const tracker: TenantTracker = {
      touch: (id, field, key) => void touched.push([id, field, key].join('/')),
      touchTenant: () => {},
      touchAll: () => {},
    };
    const map = new TenantMap(() => [{ id: 't1', items: { a: 1 } as Record<string, number> }]);
    map.track(tracker);
    const items = map.get('t1')!.items;
    touched.length = 0;
    expect(Object.prototype.hasOwnProperty.call(items, 'gone')).toBe(false);
    expect(touched).toContain('t1/items/gone');
    touched.length = 0;
    expect(Object.keys(items)).toEqual(['a']);
    expect(touched.filter((t) => t.startsWith('t1/items/'))).toEqual([]);
  });
});
