/**
 * The real CLI as a child process (`node --import tsx bin/cli.ts …`, from the repo root), for
 * tests that start sealsim the way a user does: start it, wait for health, Ctrl-C it. Every child
 * is remembered so `killCliChildren()` (in afterEach) leaves none behind when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const ROOT = new URL('../..', import.meta.url).pathname;
const children: ChildProcess[] = [];

export interface CliRun {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function cli(args: string[]): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, out: () => out, err: () => err, exited };
}

/** Resolves once the control port answers /__sim/health; throws with the output if it exits or times out. */
export async function waitHealthy(run: CliRun, port: number, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  let exitedEarly = false;
  void run.exited.then(() => (exitedEarly = true));
  for (;;) {
    if (exitedEarly) throw new Error(`sealsim exited before it was healthy:\n${run.out()}\n${run.err()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/__sim/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > until)
      throw new Error(`sealsim not healthy after ${ms} ms:\n${run.out()}\n${run.err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ctrl-C, and its exit (fails after 10 s). */
export async function interrupt(run: CliRun) {
  run.child.kill('SIGINT');
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('no exit within 10 s of SIGINT')), 10_000),
  );
  return Promise.race([run.exited, timeout]);
}

/** SIGKILLs every child still running (use in afterEach). */
export function killCliChildren(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
