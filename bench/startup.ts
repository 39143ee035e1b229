/**
 * Start-up time with a large `--state`: spawns the soak server (bench/state-soak-server.ts, what
 * `sealsim start --vendors esign` runs) with no `--state`, an empty one and the prepared state of
 * bench/state-soak-prep.ts (copied fresh each round), and reports the time from spawn until the
 * ports answer, and the part spent creating the simulator (loading the state). Rounds alternate.
 * Env: STARTUP_ROUNDS (3), STARTUP_MB (120), STARTUP_PROF (a folder: `--cpu-prof` of each server).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskBytes, preparedState } from './state-soak-prep.ts';

const ROUNDS = Number(process.env.STARTUP_ROUNDS ?? 3);
const MB = Number(process.env.STARTUP_MB ?? 120);
const PROF = process.env.STARTUP_PROF;
const PORT = 47100;

async function start(state: string | undefined): Promise<{ startMs: number; loadedMs: number }> {
  const node = [
    ...(PROF ? ['--cpu-prof', '--cpu-prof-dir', PROF] : []),
    '--import',
    'tsx',
    'bench/state-soak-server.ts',
  ];
  const t0 = performance.now();
  const child = spawn(process.execPath, node, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, SOAK_PORT: String(PORT), SOAK_STATE: state ?? '' },
  });
  const loadedMs = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; loadedMs?: number }) => m.ready && resolve(m.loadedMs ?? 0));
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  // the ports answer: one request to the esign origin
  await fetch(`http://127.0.0.1:${PORT}/`).then((r) => r.arrayBuffer());
  const startMs = performance.now() - t0;
  const exited = new Promise((r) => child.once('exit', r));
  child.send({ stop: true });
  await exited;
  return { startMs, loadedMs };
}

const rows: Record<string, Array<{ startMs: number; loadedMs: number }>> = {};
let onDisk = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of ['no --state', '--state, empty', `--state, ${MB} MB`]) {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-startup-'));
    try {
      let state: string | undefined;
      if (kind !== 'no --state') state = join(dir, 'state.json');
      if (kind.endsWith('MB')) {
        await preparedState(MB, dir);
        onDisk = diskBytes(dir);
      }
      (rows[kind] ??= []).push(await start(state));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
const f = (n: number) => n.toFixed(0);
console.log(`| server | start-up until the ports answer (each round) | creating the simulator |`);
console.log('| --- | --- | --- |');
for (const [kind, rs] of Object.entries(rows)) {
  const label = kind.endsWith('MB') ? `${kind} (${(onDisk / 2 ** 20).toFixed(1)} MB on disk)` : kind;
  const ms = (pick: (r: (typeof rs)[number]) => number) => rs.map((r) => f(pick(r))).join(', ');
  console.log(`| ${label} | ${ms((r) => r.startMs)} ms | ${ms((r) => r.loadedMs)} ms |`);
}
