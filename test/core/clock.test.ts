import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.ts';

describe('VirtualClock (manual)', () => {
  it('stands still until advanced', async () => {
    const clock = new VirtualClock({ start: 1_000 });
    await new Promise((r) => setTimeout(r, 5));
    expect(clock.now()).toBe(1_000);
    expect(await clock.advance(500)).toBe(1_500);
    expect(clock.now()).toBe(1_500);
  });

  it('runs due jobs in time order, each seeing its own due time, and jobs may schedule jobs', async () => {
    const clock = new VirtualClock({ start: 0 });
    const seen: Array<[string, number]> = [];
    clock.on('t', (p: { name: string; again?: boolean }) => {
      seen.push([p.name, clock.now()]);
      if (p.again) clock.scheduleIn('t', 100, { name: `${p.name}+` });
    });
    clock.schedule('t', 300, { name: 'c' });
    clock.schedule('t', 100, { name: 'a', again: true });
    clock.schedule('t', 150, { name: 'b' });
    clock.schedule('t', 5_000, { name: 'late' });
    await clock.advance(1_000);
    expect(seen).toEqual([
      ['a', 100],
      ['b', 150],
      ['a+', 200],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(1_000);
    expect(clock.pending().map((j) => j.at)).toEqual([5_000]);
  });

  it('awaits async jobs before returning', async () => {
    const clock = new VirtualClock({ start: 0 });
    let done = false;
    clock.on('slow', async () => {
      await new Promise((r) => setTimeout(r, 20));
      done = true;
    });
    clock.schedule('slow', 10);
    await clock.advance(10);
    expect(done).toBe(true);
  });

  it('runs a job due now without an explicit advance (settle)', async () => {
    const clock = new VirtualClock({ start: 0 });
    let ran = 0;
    clock.on('now', () => void ran++);
    clock.schedule('now', 0);
    await clock.settle();
    expect(ran).toBe(1);
  });

  it('cancels jobs and keeps handler errors out of the way', async () => {
    const clock = new VirtualClock({ start: 0 });
    const ran: string[] = [];
    clock.on('x', (p: string) => {
      if (p === 'boom') throw new Error('boom');
      ran.push(p);
    });
    const id = clock.schedule('x', 10, 'cancelled');
    clock.schedule('x', 20, 'boom');
    clock.schedule('x', 30, 'kept');
    expect(clock.cancel(id)).toBe(true);
    await clock.advance(100);
    expect(ran).toEqual(['kept']);
    expect(clock.jobErrors).toEqual([{ kind: 'x', error: 'boom' }]);
  });

  it('snapshots and restores time and pending jobs', async () => {
    const a = new VirtualClock({ start: 0 });
    a.schedule('x', 500, { n: 1 });
    await a.advance(100);
    const b = new VirtualClock({ start: 0 });
    const ran: number[] = [];
    b.on('x', (p: { n: number }) => void ran.push(p.n));
    b.restore(a.snapshot());
    expect(b.now()).toBe(100);
    await b.advance(400);
    expect(ran).toEqual([1]);
  });

  it('refuses a negative advance', () => {
    expect(() => new VirtualClock().advance(-1)).toThrow(RangeError);
  });
});

describe('VirtualClock background work (callbacks left running by a job)', () => {
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  it('advance without wait returns once the jobs ran; settle and a waiting advance wait for their work', async () => {
    const clock = new VirtualClock({ start: 0 });
    let finished = 0;
    clock.on('bg', () =>
      clock.track(
        'bg',
        sleep(100).then(() => void finished++),
      ),
    );
    clock.schedule('bg', 10);
    expect(await clock.advance(50, { wait: false })).toBe(50);
    expect(finished).toBe(0);
    expect(clock.busy()).toBe(1);
    expect(await clock.settle()).toBe(50);
    expect(finished).toBe(1);
    expect(clock.busy()).toBe(0);
    clock.schedule('bg', 60);
    await clock.advance(50);
    expect(finished).toBe(2);
  });

  it('a waiting advance lets a retry scheduled by background work run at its own due time, before later jobs', async () => {
    const clock = new VirtualClock({ start: 0 });
    const seen: Array<[string, number]> = [];
    clock.on('try', (p: { n: number }) => {
      seen.push([`try${p.n}`, clock.now()]);
      const at = clock.now();
      if (p.n === 1)
        clock.track(
          'try',
          sleep(30).then(() => void clock.schedule('try', at + 100, { n: 2 })),
        );
    });
    clock.on('other', () => void seen.push(['other', clock.now()]));
    clock.schedule('try', 10, { n: 1 });
    clock.schedule('other', 500);
    await clock.advance(1_000);
    expect(seen).toEqual([
      ['try1', 10],
      ['try2', 110],
      ['other', 500],
    ]);
    expect(clock.now()).toBe(1_000);
  });

  it('while a settle waits for slow work, a job falling due runs at once', async () => {
    const clock = new VirtualClock({ start: 0 });
    let fast = 0;
    clock.on('slow', () => clock.track('slow', sleep(400)));
    clock.on('fast', () => void fast++);
    clock.schedule('slow', 0);
    const settled = clock.settle().then(() => 'settled');
    await sleep(20);
    clock.schedule('fast', clock.now());
    const first = await Promise.race([clock.advance(0, { wait: false }).then(() => 'fast ran'), settled]);
    expect(first).toBe('fast ran');
    expect(fast).toBe(1);
    expect(await settled).toBe('settled');
  });

  it('keeps errors of background work in jobErrors', async () => {
    const clock = new VirtualClock({ start: 0 });
    clock.on('bad', () =>
      clock.track(
        'bad',
        sleep(5).then(() => Promise.reject(new Error('nope'))),
      ),
    );
    clock.schedule('bad', 0);
    await clock.settle();
    expect(clock.jobErrors).toEqual([{ kind: 'bad', error: 'nope' }]);
  });
});

describe('VirtualClock (realtime)', () => {
  it('flows with the wall clock plus what advance adds, and fires timers by itself', async () => {
    const clock = new VirtualClock({ mode: 'realtime', start: 10_000_000 });
    const t0 = clock.now();
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now() - t0).toBeGreaterThanOrEqual(25);
    await clock.advance(60_000);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(60_000);
    let fired = false;
    clock.on('soon', () => void (fired = true));
    clock.scheduleIn('soon', 20);
    await new Promise((r) => setTimeout(r, 120));
    expect(fired).toBe(true);
    clock.stop();
  });
});

describe('VirtualClock restore', () => {
  it('a manual clock restores the saved time exactly, even when built later', async () => {
    const a = new VirtualClock({ start: 1_000 });
    await a.advance(500);
    const b = new VirtualClock({ mode: 'manual' }); // starts at Date.now()
    b.restore(a.snapshot());
    expect(b.now()).toBe(1_500);
  });

  it('a realtime clock keeps its offset from the wall clock across a restore', async () => {
    const a = new VirtualClock({ mode: 'realtime' });
    await a.advance(86_400_000);
    const snap = a.snapshot();
    a.stop();
    const b = new VirtualClock({ mode: 'realtime' });
    b.restore(snap);
    expect(b.now() - Date.now()).toBeGreaterThan(86_400_000 - 1_000);
    expect(b.now() - Date.now()).toBeLessThanOrEqual(86_400_000 + 1_000);
    b.stop();
  });
});
