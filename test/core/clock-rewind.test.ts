/**
 * Issue 14 item 3: the clock goes back (`VirtualClock.setTo`, `POST /__sim/clock/set`,
 * `POST /__sim/reset?clock=rewind`) and its scheduler keeps every job: none runs early, none is lost.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.ts';
import { createControlApp } from '../../simulators/core/control.ts';
import { Simulator } from '../../simulators/core/simulator.ts';
import { definitions as vendors } from '../../simulators/all.ts';

describe('VirtualClock.setTo backwards', () => {
  it('manual: a pending job keeps its due time, runs once when time reaches it again', async () => {
    const clock = new VirtualClock({ start: 0 });
    const ran: number[] = [];
    clock.on('j', () => void ran.push(clock.now()));
    clock.schedule('j', 10_000);
    await clock.advance(5_000);
    expect(await clock.setTo(1_000)).toBe(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.pending().map((j) => j.at)).toEqual([10_000]);
    await clock.advance(8_000);
    expect(ran).toEqual([]);
    await clock.advance(1_000);
    expect(ran).toEqual([10_000]);
    await clock.advance(60_000);
    expect(ran).toEqual([10_000]);
    expect(clock.jobErrors).toEqual([]);
  });

  it('manual: a job due at the jump is neither lost nor run before its time', async () => {
    const clock = new VirtualClock({ start: 1_000 });
    const ran: number[] = [];
    clock.on('j', () => void ran.push(clock.now()));
    clock.schedule('j', 500); // already due: would run on the next microtask
    await clock.setTo(0);
    await clock.settle();
    expect(ran).toEqual([]);
    expect(clock.pending()).toHaveLength(1);
    await clock.advance(500);
    expect(ran).toEqual([500]);
  });

  it('forwards it is set(): jobs due on the way run; rewind() goes back to the start', async () => {
    const clock = new VirtualClock({ start: 100 });
    const ran: number[] = [];
    clock.on('j', () => void ran.push(clock.now()));
    clock.schedule('j', 200);
    expect(await clock.setTo(1_000)).toBe(1_000);
    expect(ran).toEqual([200]);
    expect(await clock.rewind()).toBe(100);
    expect(() => clock.setTo(-1)).toThrow(RangeError);
  });

  it('realtime: going back re-arms the timer, so a job is not fired early', async () => {
    const clock = new VirtualClock({ mode: 'realtime' });
    const ran: number[] = [];
    clock.on('j', () => void ran.push(clock.now()));
    const at = clock.now() + 80;
    clock.schedule('j', at);
    await clock.setTo(clock.now() - 600_000);
    await new Promise((r) => setTimeout(r, 250));
    expect(ran).toEqual([]);
    expect(clock.now()).toBeLessThan(at - 500_000);
    await clock.rewind(); // the wall clock again: the job is overdue and runs
    await clock.settle();
    expect(ran).toHaveLength(1);
    expect(ran[0]).toBeGreaterThanOrEqual(at);
    clock.stop();
  });
});

describe('control API: clock/set and reset?clock=rewind', () => {
  const C = 'http://127.0.0.1:4000';
  const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);
  function makeSim() {
    const sim = new Simulator(vendors, { now: T0, vendors: ['esign'] });
    const control = createControlApp(sim);
    sim.controlFetch = async (req) => control.fetch(req);
    return sim;
  }
  const post = async (sim: Simulator, path: string, body?: unknown) => {
    const res = await sim.controlFetch(
      new Request(`${C}${path}`, {
        method: 'POST',
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      }),
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('sets the clock back and forth, in epoch ms or ISO 8601 with a zone', async () => {
    const sim = makeSim();
    expect(await post(sim, '/__sim/clock/set', { now: T0 + 3_600_000 })).toEqual({
      status: 200,
      body: { now: T0 + 3_600_000 },
    });
    expect(await post(sim, '/__sim/clock/set', { now: '2024-01-02T09:00:00+08:00' })).toEqual({
      status: 200,
      body: { now: T0 - 3_600_000 },
    });
    expect((await post(sim, '/__sim/clock/set', { now: 'yesterday' })).status).toBe(400);
    expect((await post(sim, '/__sim/clock/set', { now: -5 })).status).toBe(400);
    sim.close();
  });

  it('reset keeps the clock unless asked to rewind it', async () => {
    const sim = makeSim();
    await post(sim, '/__sim/clock/advance', { ms: 600_000 });
    expect((await post(sim, '/__sim/reset')).status).toBe(200);
    expect(sim.clock.now()).toBe(T0 + 600_000);
    expect((await post(sim, '/__sim/reset?clock=rewind')).status).toBe(200);
    expect(sim.clock.now()).toBe(T0);
    expect((await post(sim, '/__sim/reset?clock=later')).status).toBe(400);
    sim.close();
  });
});
