/**
 * The virtual clock and its scheduler. Every expiry, retry and delayed effect in sealsim runs
 * here, so tests and users can move time with `advance(ms)` instead of waiting.
 *
 * Two modes:
 * - `manual`: time stands still until `advance()` / `set()` (tests).
 * - `realtime`: time flows with the wall clock plus an offset that `advance()` adds (demos);
 *   a timer fires jobs as they fall due.
 *
 * Jobs are plain JSON (`kind` + `payload`) so pending work survives `--state` restarts; the
 * code that runs a job is registered per kind with `on(kind, handler)`.
 *
 * A job may leave work running in the background (`track()`: a callback waiting on a slow
 * receiver), so it never holds up other jobs. `advance(ms, { wait: false })` returns once the due
 * jobs have run and their background work has started; `advance(ms)` and `settle()` also wait
 * for that work (and for what falls due by the target meanwhile, such as a quick retry).
 */
export interface ScheduledJob {
  id: string;
  at: number;
  kind: string;
  payload: unknown;
  seq: number;
}

/** Runs one job; `P` is the payload shape that the code scheduling this kind stores. */
export type JobHandler<P = unknown> = (payload: P, job: ScheduledJob) => unknown | Promise<unknown>;

export interface ClockSnapshot {
  now: number;
  /** Wall-clock time of the snapshot, so a realtime clock keeps its offset across a restart. */
  wall?: number;
  jobs: ScheduledJob[];
  seq: number;
}

export type ClockMode = 'manual' | 'realtime';

export interface AdvanceOptions {
  /** Wait for background work the jobs started (default true); false returns once it has started. */
  wait?: boolean;
}

export class VirtualClock {
  readonly mode: ClockMode;
  private manualNow: number;
  private offset = 0;
  /** While advance() runs a job, "now" is pinned to the job's due time. */
  private pinned: number | undefined;
  private jobs: ScheduledJob[] = [];
  private seq = 0;
  private handlers = new Map<string, JobHandler>();
  private running: Promise<unknown> = Promise.resolve();
  /** Background work that jobs started (callback deliveries); settle() waits for it. */
  private background = new Set<Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private listeners = new Set<() => void>();
  /** Errors thrown by job handlers; kept so tests can assert none happened. */
  readonly jobErrors: Array<{ kind: string; error: string }> = [];

  /** The virtual time the clock started at (manual mode's `rewind()` target). */
  readonly start: number;

  constructor(opts: { mode?: ClockMode; start?: number } = {}) {
    this.mode = opts.mode ?? 'manual';
    const start = opts.start ?? Date.now();
    this.start = start;
    this.manualNow = start;
    if (this.mode === 'realtime') this.offset = start - Date.now();
  }

  now(): number {
    if (this.pinned !== undefined) return this.pinned;
    return this.mode === 'manual' ? this.manualNow : Date.now() + this.offset;
  }

  /** The payload is the JSON stored by `schedule()` for this kind: the one who registers names its shape. */
  on<P>(kind: string, handler: JobHandler<P>): void {
    this.handlers.set(kind, (payload, job) => handler(payload as P, job));
  }

  /** Called after every change of state that a persistence layer may want to flush. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  schedule(kind: string, at: number, payload: unknown = null): string {
    const seq = ++this.seq;
    const job: ScheduledJob = { id: `job_${seq}`, at, kind, payload, seq };
    this.jobs.push(job);
    this.jobs.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.changed();
    this.kick();
    return job.id;
  }

  scheduleIn(kind: string, delayMs: number, payload: unknown = null): string {
    return this.schedule(kind, this.now() + delayMs, payload);
  }

  cancel(id: string): boolean {
    const before = this.jobs.length;
    this.jobs = this.jobs.filter((j) => j.id !== id);
    if (this.jobs.length !== before) this.changed();
    return this.jobs.length !== before;
  }

  cancelWhere(pred: (job: ScheduledJob) => boolean): number {
    const before = this.jobs.length;
    this.jobs = this.jobs.filter((j) => !pred(j));
    if (this.jobs.length !== before) this.changed();
    return before - this.jobs.length;
  }

  pending(): readonly ScheduledJob[] {
    return this.jobs;
  }

  /**
   * Moves time forward, running every job that falls due, in time order, awaiting each. With
   * `wait` (the default) it also waits for the background work those jobs started, and time moves
   * past a job only once that work is done, so a retry it schedules runs at its own due time.
   */
  advance(ms: number, opts: AdvanceOptions = {}): Promise<number> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite ms >= 0');
    let target: number | undefined;
    const wait = opts.wait ?? true;
    // The lock is held while jobs run, never while background work is awaited: a job that falls
    // due meanwhile (another tenant's callback) starts at once.
    const step = () =>
      this.exclusive(async () => {
        target ??= this.now() + ms;
        const stoppedEarly = await this.runUntil(target, wait);
        if (stoppedEarly || (wait && this.background.size > 0)) return false;
        this.moveTo(target);
        return true;
      });
    if (!wait) return step().then(() => this.now());
    return (async () => {
      while (!(await step())) await this.idle();
      return this.now();
    })();
  }

  /** Jumps to an absolute time (never backwards), running what falls due on the way. */
  set(epochMs: number, opts: AdvanceOptions = {}): Promise<number> {
    return this.advance(Math.max(0, epochMs - this.now()), opts);
  }

  /**
   * Sets the time, backwards too (`POST /__sim/clock/set`, reset with `clock: 'rewind'`). Forwards
   * it is `set()`. Backwards no job runs and none is dropped: each keeps its due time and runs once
   * time reaches it again (never early). Expiries are compared with the new time.
   */
  setTo(epochMs: number, opts: AdvanceOptions = {}): Promise<number> {
    if (!Number.isFinite(epochMs) || epochMs < 0)
      throw new RangeError('setTo(epochMs) needs a finite time >= 0');
    if (epochMs >= this.now()) return this.set(epochMs, opts);
    return this.exclusive(async () => {
      if (this.mode === 'manual') this.manualNow = epochMs;
      else this.offset = epochMs - Date.now();
      this.changed();
      if (this.mode === 'realtime') this.arm();
      return this.now();
    });
  }

  /** Realtime: back to the wall clock (offset 0). Manual: back to the time it started at. */
  rewind(opts: AdvanceOptions = {}): Promise<number> {
    return this.setTo(this.mode === 'manual' ? this.start : Date.now(), opts);
  }

  /** Runs jobs already due (e.g. a callback's first attempt); resolves when they and their work are done. */
  settle(): Promise<number> {
    return this.advance(0);
  }

  /** Work a job leaves running; errors land in `jobErrors` under `kind`. */
  track(kind: string, work: Promise<unknown>): void {
    const done: Promise<void> = work.then(
      () => undefined,
      (err: unknown) => void this.jobErrors.push({ kind, error: describe(err) }),
    );
    this.background.add(done);
    void done.then(() => this.background.delete(done));
  }

  /** How much background work is running. */
  busy(): number {
    return this.background.size;
  }

  /** Resolves once no background work is running. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  snapshot(): ClockSnapshot {
    return { now: this.now(), wall: Date.now(), jobs: this.jobs.map((j) => ({ ...j })), seq: this.seq };
  }

  restore(snap: ClockSnapshot): void {
    this.jobs = snap.jobs.map((j) => ({ ...j }));
    this.seq = snap.seq;
    // Manual: time stands exactly where it stood. Realtime: the saved offset from the wall
    // clock is kept, so time that passed while stopped has passed in virtual time too.
    if (this.mode === 'manual') this.manualNow = snap.now;
    else this.offset = snap.now - (snap.wall ?? Date.now());
    this.changed();
    this.kick();
  }

  /** Drops every job and returns to `start` (used by reset). */
  clear(): void {
    this.jobs = [];
    this.changed();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private moveTo(target: number): void {
    if (this.mode === 'manual') this.manualNow = Math.max(this.manualNow, target);
    else this.offset = Math.max(this.offset, target - Date.now());
    this.changed();
  }

  /** Runs jobs due by `target`; with `holdTime`, stops (true) before time would pass running work. */
  private async runUntil(target: number, holdTime: boolean): Promise<boolean> {
    for (;;) {
      const next = this.jobs[0];
      if (!next || next.at > target) return false;
      if (holdTime && next.at > this.now() && this.background.size > 0) return true;
      this.jobs.shift();
      if (next.at > this.now()) this.moveTo(next.at);
      this.pinned = Math.max(next.at, this.now());
      try {
        const handler = this.handlers.get(next.kind);
        if (!handler) throw new Error(`no handler for job kind ${next.kind}`);
        await handler(next.payload, next);
      } catch (err) {
        this.jobErrors.push({ kind: next.kind, error: describe(err) });
      } finally {
        this.pinned = undefined;
        this.changed();
      }
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.running.then(fn);
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Runs due jobs soon; in realtime mode also arms a timer for the next one. */
  private kick(): void {
    if (this.stopped) return;
    queueMicrotask(() => {
      if (this.stopped) return;
      const due = this.jobs[0];
      if (due && due.at <= this.now()) void this.advance(0, { wait: false });
      if (this.mode === 'realtime') this.arm();
    });
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const next = this.jobs[0];
    if (!next || this.stopped) return;
    const delay = Math.min(Math.max(0, next.at - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      void this.advance(0, { wait: false }).then(() => this.arm());
    }, delay);
    this.timer.unref?.();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
