/**
 * A small pool of worker threads for CPU-heavy jobs (the PDF toolkit's), so they run off the event
 * loop: every vendor port keeps answering while a job runs. Each job has a time limit and each
 * worker a heap limit (`resourceLimits`); a job over either has its worker terminated and is
 * rejected with WorkerJobAborted, and the next job gets a fresh worker.
 *
 * Protocol: the worker posts `{ready: true}` once loaded, then answers each `{id, op, args}` with
 * `{id, ok: true, value}` or `{id, ok: false, error}`. Workers start on demand (up to `size`),
 * and are unref'd while idle so an idle pool never keeps a process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker, type MessagePort, type ResourceLimits, type Transferable } from 'node:worker_threads';

export interface WorkerPoolOptions {
  /** The worker's entry module. */
  entry: URL;
  /** Workers at most (default: the cores, 1 to 4). */
  size?: number;
  /** Per-job time limit, from the moment a loaded worker takes the job. */
  timeoutMs: number;
  resourceLimits?: ResourceLimits;
  /** Idle workers above one are ended after this long (default 30 s). */
  idleMs?: number;
}

export type AbortReason = 'timeout' | 'memory' | 'crash';

/** The job's worker was terminated: over its time or heap limit, or it died. */
export class WorkerJobAborted extends Error {
  readonly reason: AbortReason;
  constructor(reason: AbortReason, message: string) {
    super(message);
    this.name = 'WorkerJobAborted';
    this.reason = reason;
  }
}

/** What a worker sends back for a failed job. */
export interface WorkerFailure {
  name: string;
  message: string;
  [field: string]: unknown;
}

interface Job {
  op: string;
  args: unknown[];
  transfer: Transferable[];
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: ReturnType<typeof setTimeout>;
  idleTimer?: ReturnType<typeof setTimeout>;
  abort?: AbortReason;
}

type Reply =
  | { ready: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WorkerFailure };

export class WorkerPool {
  readonly size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private counters = { started: 0, aborted: 0, completed: 0 };

  constructor(private readonly opts: WorkerPoolOptions) {
    this.size = Math.max(1, opts.size ?? Math.min(4, availableParallelism()));
  }

  /** Runs `op` in a worker. A failure the worker reports is rejected as `toError(failure)`. */
  run(
    op: string,
    args: unknown[],
    options: { transfer?: Transferable[]; timeoutMs?: number; toError?: (f: WorkerFailure) => Error } = {},
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        op,
        args,
        transfer: options.transfer ?? [],
        timeoutMs: options.timeoutMs ?? this.opts.timeoutMs,
        resolve,
        reject: (err) => reject(isFailure(err) ? (options.toError ?? plainError)(err) : err),
      });
      this.pump();
    });
  }

  /** Starts one worker ahead of the first job (its module loading is then off the request path). */
  warm(): void {
    if (this.slots.size === 0) this.spawn();
  }

  stats() {
    const slots = [...this.slots];
    return {
      size: this.size,
      workers: slots.length,
      busy: slots.filter((s) => s.job).length,
      queued: this.queue.length,
      ...this.counters,
    };
  }

  /** Ends every worker; queued and running jobs are rejected. */
  async close(): Promise<void> {
    const slots = [...this.slots];
    for (const job of this.queue.splice(0)) job.reject(new WorkerJobAborted('crash', 'worker pool closed'));
    await Promise.all(slots.map((s) => this.end(s, 'crash')));
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = [...this.slots].find((s) => s.ready && !s.job);
      if (!slot) {
        // a worker still loading takes the next job once ready; start more only beyond those
        const loading = [...this.slots].filter((s) => !s.ready).length;
        if (loading < this.queue.length && this.slots.size < this.size) this.spawn();
        return;
      }
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.entry, {
      resourceLimits: this.opts.resourceLimits,
      execArgv: workerExecArgv(process.execArgv),
    });
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.unref();
    worker.on('message', (msg: Reply) => this.onMessage(slot, msg));
    worker.on('error', (err: Error & { code?: string }) => {
      slot.abort ??= err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash';
    });
    worker.on('exit', () => {
      this.slots.delete(slot);
      clearTimeout(slot.timer);
      clearTimeout(slot.idleTimer);
      const job = slot.job;
      slot.job = undefined;
      if (!slot.ready && !slot.abort) {
        // it died loading: the queue would only start more that die the same way
        for (const queued of this.queue.splice(0))
          queued.reject(new WorkerJobAborted('crash', 'the PDF worker failed to start'));
      }
      if (job) {
        this.counters.aborted++;
        const reason = slot.abort ?? 'crash';
        job.reject(new WorkerJobAborted(reason, abortMessage(reason, job)));
      }
      this.pump();
    });
    return slot;
  }

  private onMessage(slot: Slot, msg: Reply): void {
    if ('ready' in msg) {
      slot.ready = true;
      this.idle(slot);
      this.pump();
      return;
    }
    const job = slot.job;
    if (!job) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    this.counters.completed++;
    if (msg.ok) job.resolve(msg.value);
    else job.reject(msg.error);
    this.idle(slot);
    this.pump();
  }

  private dispatch(slot: Slot, job: Job): void {
    clearTimeout(slot.idleTimer);
    slot.job = job;
    slot.worker.ref(); // a pending job keeps the process alive, as an in-process one would
    this.counters.started++;
    slot.timer = setTimeout(() => void this.end(slot, 'timeout'), job.timeoutMs);
    slot.worker.postMessage({ id: this.nextId++, op: job.op, args: job.args }, job.transfer);
  }

  private idle(slot: Slot): void {
    slot.worker.unref();
    clearTimeout(slot.idleTimer);
    if (this.slots.size > 1) {
      slot.idleTimer = setTimeout(() => void this.end(slot, 'crash'), this.opts.idleMs ?? 30_000);
      slot.idleTimer.unref();
    }
  }

  private async end(slot: Slot, reason: AbortReason): Promise<void> {
    slot.abort ??= reason;
    slot.ready = false;
    this.slots.delete(slot); // no new job goes to it; its exit rejects the one it has
    await slot.worker.terminate();
  }
}

function abortMessage(reason: AbortReason, job: Job): string {
  if (reason === 'timeout') return `${job.op} took longer than ${job.timeoutMs} ms`;
  if (reason === 'memory') return `${job.op} ran out of its worker's memory`;
  return `${job.op}: its worker died`;
}

function isFailure(err: unknown): err is WorkerFailure {
  return (
    typeof err === 'object' && err !== null && !(err instanceof Error) && 'name' in err && 'message' in err
  );
}

function plainError(f: WorkerFailure): Error {
  const err = new Error(f.message);
  err.name = f.name;
  return err;
}

/** For a worker entry: answers the pool's jobs with `ops`, after posting that it is ready. */
export function serveJobs(
  port: MessagePort,
  ops: Record<string, (...args: never[]) => unknown>,
  transferOf: (value: unknown) => Transferable[] = () => [],
  describe: (err: unknown) => WorkerFailure = describeError,
): void {
  port.on('message', (msg: { id: number; op: string; args: never[] }) => {
    void (async () => {
      try {
        const fn = ops[msg.op];
        if (!fn) throw new Error(`unknown op ${msg.op}`);
        const value = await fn(...msg.args);
        port.postMessage({ id: msg.id, ok: true, value }, transferOf(value));
      } catch (err) {
        port.postMessage({ id: msg.id, ok: false, error: describe(err) });
      }
    })();
  });
  port.postMessage({ ready: true });
}

function describeError(err: unknown): WorkerFailure {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) own[k] = v;
  }
  return { ...own, name: err.name, message: err.message };
}

/**
 * The parent's Node flags a worker may inherit: not those that describe the parent's own entry
 * (`--input-type`, `-e`/`--eval`, `-p`/`--print` and their values), which make a worker that loads
 * a file die at start, over and over (`node --input-type=module -e …` embedding sealsim).
 */
export function workerExecArgv(parent: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const arg = parent[i]!;
    if (arg.startsWith('--input-type')) {
      if (arg === '--input-type') i++;
      continue;
    }
    if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
      i++;
      continue;
    }
    if (/^--(eval|print)=/.test(arg)) continue;
    out.push(arg);
  }
  return out;
}
