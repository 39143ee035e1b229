/**
 * `npx tsx bench/state-soak.ts`: does a large `--state` slow the server (docs/performance.md
 * "Large state")? One run serves esign four ways in turn: no --state, an empty --state, and
 * prepared states of about 12 MB and 120 MB (bench/state-soak-prep.ts: uploaded PDFs, accounts and
 * flows across tenants). Each gets the same steady load over loopback: connections that each
 * alternate a signed write (/account/create/person/private) and a signed read
 * (/account/idexchange of a known account), for SOAK_SECONDS; with --state, compactions are forced
 * back to back through the middle of the window, and requests sent while one runs are counted apart
 * (one more empty --state row forces none: the steady case).
 * The server runs on core 0 and the load on core 1 (taskset) when the machine has two.
 * Env: SOAK_SECONDS (5), SOAK_SIZES (12,120), SOAK_CONNECTIONS (16), SOAK_PROF (a folder: the
 * server writes --cpu-prof profiles there), BENCH_PORT.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { preparedState, type SoakManifest } from './state-soak-prep.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 5);
const SIZES = (process.env.SOAK_SIZES ?? '12,120').split(',').filter(Boolean).map(Number);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 16);
const PORT = Number(process.env.BENCH_PORT ?? 27300);
const BASE = '/opentreaty/rest/v3.0';
const DEFAULT_PROJECT = { projectId: '1111563657', secret: 'cf65f987315b12a21b983ca320196d7d' };

const pinned = cpus().length >= 2 && hasTaskset();
if (pinned) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Server {
  child: ChildProcess;
  startMs: number;
  loadedMs: number;
  compact(): Promise<[number, number]>;
  cpuMs(): Promise<[number, number]>;
  stop(): Promise<void>;
}

async function startServer(state?: string): Promise<Server> {
  const node = [
    ...(process.env.SOAK_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.SOAK_PROF] : []),
    '--import',
    'tsx',
    'bench/state-soak-server.ts',
  ];
  const [cmd, args] = pinned ? ['taskset', ['-c', '0', process.execPath, ...node]] : [process.execPath, node];
  const t0 = performance.now();
  const child = spawn(cmd as string, args as string[], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, SOAK_PORT: String(PORT), SOAK_STATE: state ?? '' },
  });
  const waiting: Array<(r: [number, number]) => void> = [];
  const cpuWaiting: Array<(ms: [number, number]) => void> = [];
  type Pair = [number, number];
  type Message = { ready?: boolean; loadedMs?: number; compacted?: Pair; cpuMs?: Pair };
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (m: Message) => {
      if (m.ready) resolve(m.loadedMs ?? 0);
      if (m.compacted) waiting.shift()?.(m.compacted);
      if (m.cpuMs !== undefined) cpuWaiting.shift()?.(m.cpuMs);
    });
    child.once('exit', (code) => reject(new Error(`soak server exited (${code})`)));
  });
  const loadedMs = await ready;
  return {
    child,
    startMs: performance.now() - t0,
    loadedMs,
    compact: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.send({ compact: true });
      }),
    cpuMs: () =>
      new Promise((resolve) => {
        cpuWaiting.push(resolve);
        child.send({ cpu: true });
      }),
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ stop: true });
      await exited;
    },
  };
}

interface Sample {
  start: number;
  end: number;
  ms: number;
}

interface Result {
  label: string;
  stateMb: number;
  startMs: number;
  ops: number;
  perSecond: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** Share of 100 ms slots in the window in which no request was answered. */
  frozen: number;
  /** Server CPU time (user + system) per answered request while measuring, in µs, and the system part. */
  cpuUs: number;
  cpuSystemUs: number;
  compactions: number;
  compactMs: number;
  duringCompaction: { n: number; p99: number };
}

const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

async function soak(
  label: string,
  stateMb: number,
  state: string | undefined,
  manifest?: SoakManifest,
  force = true,
) {
  const server = await startServer(state);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const tenants = manifest?.tenants.length
    ? manifest.tenants
    : [{ ...DEFAULT_PROJECT, thirdIds: [] as string[], fileKeys: [] }];
  let seq = 0;
  let errors = 0;
  const post = (tenant: (typeof tenants)[number], path: string, payload: unknown) =>
    new Promise<{ ok: boolean; ms: number; start: number }>((resolve) => {
      const body = JSON.stringify(payload);
      const start = Date.now();
      const t = performance.now();
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port: PORT + 2,
          path: BASE + path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'X-timevale-project-id': tenant.projectId,
            'X-timevale-mode': 'package',
            'X-timevale-signature-algorithm': 'hmac-sha256',
            'X-timevale-signature': createHmac('sha256', tenant.secret).update(body).digest('hex'),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () =>
            resolve({ ok: text.includes('"errCode":0'), ms: performance.now() - t, start }),
          );
        },
      );
      req.on('error', () => resolve({ ok: false, ms: performance.now() - t, start }));
      req.end(body);
    });
  const samples: Sample[] = [];
  let measuring = false;
  let stop = false;
  const record = (r: { ok: boolean; ms: number; start: number }) => {
    if (!measuring) return;
    if (!r.ok) errors++;
    else samples.push({ start: r.start, end: Date.now(), ms: r.ms });
  };
  const conn = async (i: number) => {
    const tenant = tenants[i % tenants.length]!;
    const known = [...tenant.thirdIds];
    while (!stop) {
      const thirdId = `soak-${process.pid}-${++seq}`;
      const w = await post(tenant, '/account/create/person/private', {
        thirdId,
        name: '张三',
        idNo: '11010519491231002X',
        idType: 19,
        mobile: '13516134875',
      });
      record(w);
      if (w.ok) known.push(thirdId);
      record(await post(tenant, '/account/idexchange', { thirdId: known[(seq * 7919) % known.length] }));
    }
  };
  const load = Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => conn(i)));
  await new Promise((r) => setTimeout(r, 1000)); // warm-up
  measuring = true;
  const cpu0 = await server.cpuMs();
  const w0 = Date.now();
  const wEnd = w0 + SECONDS * 1000;
  const windows: Array<[number, number]> = [];
  if (state && force) {
    await new Promise((r) => setTimeout(r, SECONDS * 200));
    while (Date.now() < w0 + SECONDS * 800) windows.push(await server.compact());
  }
  await new Promise((r) => setTimeout(r, Math.max(0, wEnd - Date.now())));
  measuring = false;
  const cpu1 = await server.cpuMs();
  const perRequest = (ms: number) => (1000 * ms) / Math.max(1, samples.length);
  stop = true;
  await load;
  agent.destroy();
  await server.stop();
  const inWindow = samples.filter((s) => s.start >= w0 && s.end <= wEnd);
  const ms = inWindow.map((s) => s.ms).sort((a, b) => a - b);
  const slots = new Set(inWindow.map((s) => Math.min(SECONDS * 10 - 1, Math.floor((s.end - w0) / 100))));
  const during = inWindow
    .filter((s) => windows.some(([a, b]) => s.start >= a && s.start <= b))
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const result: Result = {
    label,
    stateMb,
    startMs: server.startMs,
    ops: ms.length,
    perSecond: ms.length / SECONDS,
    errors,
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
    max: ms.at(-1) ?? 0,
    frozen: 1 - slots.size / (SECONDS * 10),
    cpuUs: perRequest(cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]),
    cpuSystemUs: perRequest(cpu1[1] - cpu0[1]),
    compactions: windows.length,
    compactMs: windows.length ? windows.reduce((n, [a, b]) => n + b - a, 0) / windows.length : 0,
    duringCompaction: { n: during.length, p99: quantile(during, 0.99) },
  };
  console.error(JSON.stringify(result));
  return result;
}

const results: Result[] = [];
const dirs: string[] = [];
try {
  results.push(await soak('no --state', 0, undefined));
  const empty = mkdtempSync(join(tmpdir(), 'sealsim-soak-'));
  dirs.push(empty);
  results.push(await soak('--state, empty', 0, join(empty, 'state.json')));
  // The steady case: compactions only as the journal grows (16 MB), none forced.
  const steady = mkdtempSync(join(tmpdir(), 'sealsim-soak-'));
  dirs.push(steady);
  results.push(await soak('--state, empty, none forced', 0, join(steady, 'state.json'), undefined, false));
  for (const mb of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-soak-'));
    dirs.push(dir);
    const manifest = await preparedState(mb, dir);
    results.push(
      await soak(`--state, ${mb} MB`, manifest.bytes / 1048576, join(dir, 'state.json'), manifest),
    );
  }
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

const none = results[0]!;
const empty = results[1]!;
const f = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
console.log(
  `Measured ${new Date().toISOString()}, ${SECONDS} s per row, ${CONNECTIONS} connections, ` +
    `${pinned ? 'server on core 0, load on core 1' : 'not pinned'}, Node ${process.version}.\n`,
);
console.log(
  '| server | start-up | requests/s (vs no --state) | p50 | p99 (vs empty --state) | max | ' +
    'no answer in a 100 ms slot | server CPU per request | compactions forced: p99 while one runs |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  const during = `${f(r.duringCompaction.p99)} ms (${r.duringCompaction.n} requests)`;
  const compact = r.compactions ? `${r.compactions} × ${f(r.compactMs)} ms: ${during}` : '—';
  console.log(
    `| ${r.label}${r.stateMb ? ` (${r.stateMb.toFixed(1)} MB on disk)` : ''} | ${f(r.startMs)} ms | ` +
      `${f(r.perSecond)} (${((100 * r.perSecond) / none.perSecond).toFixed(0)} %) | ${f(r.p50)} ms | ` +
      `${f(r.p99)} ms (${(r.p99 / empty.p99).toFixed(2)}×) | ${f(r.max)} ms | ` +
      `${(100 * r.frozen).toFixed(0)} % | ${f(r.cpuUs)} µs (system ${f(r.cpuSystemUs)}) | ${compact} |` +
      (r.errors ? ` ${r.errors} errors` : ''),
  );
}
