/**
 * `npx tsx bench/durability.ts`: `--state` under load (docs/performance.md "State and durability").
 *   1. kill -9 under load, RUNS times: 16 writers create esign accounts over HTTP for a moment,
 *      the process is SIGKILLed, restarted on the same state, and every answered write is looked
 *      up; lost writes are counted (target 0).
 *   2. signed esign writes (/account/create/person/private) per second with and without
 *      `--state`, in the same run (target: with ≥ 70 % of without), with p99.
 * Loopback only, short runs (BENCH_RUNS, BENCH_SECONDS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROJECT = '1111563657';
const SECRET = 'cf65f987315b12a21b983ca320196d7d';
const PORT = Number(process.env.BENCH_PORT ?? 26100);
const ESIGN = `http://127.0.0.1:${PORT + 2}/opentreaty/rest/v3.0`;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

function start(state?: string): ChildProcess {
  const args = ['--import', 'tsx', 'bin/cli.ts', 'start', '--port', String(PORT), '--vendors', 'esign'];
  if (state) args.push('--state', state);
  return spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function healthy(): Promise<void> {
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/__sim/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

async function post(
  path: string,
  payload: unknown,
): Promise<{ errCode: number; data?: { accountId?: string } }> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${ESIGN}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'X-timevale-project-id': PROJECT,
      'X-timevale-mode': 'package',
      'X-timevale-signature-algorithm': 'hmac-sha256',
      'X-timevale-signature': createHmac('sha256', SECRET).update(body).digest('hex'),
    },
    body,
  });
  return res.json() as Promise<{ errCode: number; data?: { accountId?: string } }>;
}

let seq = 0;
const person = (thirdId: string) => ({
  thirdId,
  name: '张三',
  idNo: '11010519491231002X',
  idType: 19,
  mobile: '13516134875',
});

/** `concurrency` writers until `stopAt()`; answered writes with their latencies. */
async function writers(concurrency: number, stopAt: () => boolean) {
  const acked: Array<{ thirdId: string; accountId: string }> = [];
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopAt()) {
        const thirdId = `dur-${process.pid}-${++seq}`;
        const t0 = performance.now();
        const r = await post('/account/create/person/private', person(thirdId)).catch(() => undefined);
        if (r?.errCode === 0 && r.data?.accountId) {
          acked.push({ thirdId, accountId: r.data.accountId });
          latencies.push(performance.now() - t0);
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { acked, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
}

async function killRuns(): Promise<{ acked: number; lost: number }> {
  let acked = 0;
  let lost = 0;
  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-dur-'));
    const state = join(dir, 'state.json');
    let child = start(state);
    try {
      await healthy();
      let killed = false;
      const load = writers(16, () => killed);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 400));
      await stop(child, 'SIGKILL');
      killed = true;
      const { acked: done } = await load;
      child = start(state);
      await healthy();
      for (const a of done) {
        const r = await post('/account/idexchange', { thirdId: a.thirdId });
        if (r.data?.accountId !== a.accountId) lost++;
      }
      acked += done.length;
      await stop(child, 'SIGINT');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { acked, lost };
}

async function throughput(state: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-dur-'));
  const child = start(state ? join(dir, 'state.json') : undefined);
  try {
    await healthy();
    await writers(
      8,
      (() => {
        const until = performance.now() + 500;
        return () => performance.now() > until;
      })(),
    );
    const t0 = performance.now();
    const until = t0 + SECONDS * 1000;
    const r = await writers(32, () => performance.now() > until);
    return { perSecond: r.acked.length / ((performance.now() - t0) / 1000), p99: r.p99 };
  } finally {
    await stop(child, 'SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
}

const memory = await throughput(false);
const durable = await throughput(true);
const kills = await killRuns();
const ratio = ((100 * durable.perSecond) / memory.perSecond).toFixed(0);
const lines = [
  `| esign /account/create/person/private (signed writes), 32 connections, ${SECONDS} s, no --state | ` +
    `${memory.perSecond.toFixed(0)} writes/s (p99 ${memory.p99.toFixed(1)} ms) | — |`,
  `| the same with --state (fsync before each answer, group commit) | ${durable.perSecond.toFixed(0)} ` +
    `writes/s (p99 ${durable.p99.toFixed(1)} ms), ${ratio} % of no --state | ≥ 70 % |`,
  `| kill -9 under load (16 writers), ${RUNS} runs | ${kills.lost} of ${kills.acked} acknowledged writes ` +
    `lost | 0 |`,
];
console.log(lines.join('\n'));
