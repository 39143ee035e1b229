/**
 * What a section of `npm run bench` (bench/run.ts) is: a name and a function from the shared
 * context to rows of docs/performance.md's BENCH table (`| measurement | result | target |`).
 * A section lives in its own module under bench/ and is listed once in bench/run.ts's SECTIONS.
 *
 * Rules every section keeps (docs/performance.md): compare with a bare baseline doing the same
 * unavoidable work in the same run; servers run on core 0 (`pinServer`), the bench process (the
 * load generator) on core 1; a section's own servers take ports from `ctx.port()`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface BenchContext {
  /** Seconds per load window (`BENCH_SECONDS`, default 5). */
  seconds: number;
  /** The shared sealsim (`sealsim start`, every vendor, `--clock manual`, pinned to core 0). */
  sealsim: {
    /** Its first port: control; each vendor at its default offset (esign +2, baoquan +1, …). */
    basePort: number;
    /** The yunhetong-digest sandbox folder it was started with. */
    sandbox: string;
    /** Spawn → first 200 from control /__sim/health, and from a signed esign call, ms. */
    toHealthMs: number;
    toEsignMs: number;
    /** Its process id (e.g. its CPU time from /proc). */
    pid: number;
  };
  /** A free port for a section's own server (each call a new one). */
  port: () => number;
}

export interface BenchSection {
  name: string;
  run: (ctx: BenchContext) => Promise<string[]>;
}

/** The command that runs `argv` pinned to the server core (core 0), when taskset exists. */
export function pinServer(argv: string[]): { command: string; args: string[] } {
  return hasTaskset()
    ? { command: 'taskset', args: ['-c', '0', ...argv] }
    : { command: argv[0]!, args: argv.slice(1) };
}

let taskset: boolean | undefined;
function hasTaskset(): boolean {
  if (taskset === undefined) {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      taskset = true;
    } catch {
      taskset = false;
    }
  }
  return taskset;
}

/** Pins this process (the load generator) to core 1. */
export function pinLoadGenerator(): void {
  if (!hasTaskset()) return console.error('taskset not found: server and load generator are not pinned');
  execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
}

export async function waitFor200(url: string, init?: RequestInit, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url, init)
      .then(async (r) => (await r.arrayBuffer(), r.status === 200))
      .catch(() => false);
    if (ok) return;
    if (Date.now() > until) throw new Error(`no 200 from ${url}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A process's CPU time so far (user + system, all its threads), ms; from /proc. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
}

/** The load average now, for a figure's caption (other agents share the cores). */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}
