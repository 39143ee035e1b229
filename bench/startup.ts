/**
 * Start-up (issue 17 goal 1), two measures.
 *
 * `startupSection` (`npm run bench`, or `npx tsx bench/startup.ts`): the installed package as an app
 * gets it. `npm pack` (its `prepare` builds dist/), the tarball installed into a scratch consumer
 * under the OS tmp dir, then its bin (`node_modules/sealsim/bin/sealsim.mjs start`, plain node on
 * dist/, no TS loader; what `npx sealsim start` runs, without npx's own start) spawned pinned to
 * core 0 and timed from spawn until the control port's `/__sim/health` is 200 and every vendor port
 * answers `GET /` (Accept: text/html: the landing page, yunhetong-digest's redirect to its context
 * path; wosign over TLS). RSS from /proc at that moment and 1 s later (idle). The baseline, in the
 * same run and started the same way from the same install: a bare Hono server (@hono/node-server)
 * binding the same six ports. Per vendor: `--vendors <id>` alone, and all five.
 * The bare server answers over plain HTTP on wosign's port too (no certificate to make).
 * Env: STARTUP_ROUNDS (5: runs per configuration, alternating), BENCH_STARTUP_CONSUMER (an
 * existing consumer folder: skip the pack and install), BENCH_STARTUP_KEEP (keep the consumer),
 * BENCH_STARTUP_PORT (28300, below the ephemeral ports: the first of the ports it takes, ten per server).
 *
 * `npx tsx bench/startup.ts state`: start-up with a large `--state`: spawns the soak server
 * (bench/state-soak-server.ts, what `sealsim start --vendors esign` runs) with no `--state`, an
 * empty one and the prepared state of bench/state-soak-prep.ts (copied fresh each round), and
 * reports the time from spawn until the ports answer, and the part spent creating the simulator
 * (loading the state). Rounds alternate. Env: STARTUP_ROUNDS (3), STARTUP_MB (120), STARTUP_PROF
 * (a folder: `--cpu-prof` of each server).
 */
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { vendors } from '../simulators/registry.ts';
import { loadAverage, pinLoadGenerator, pinServer, type BenchSection } from './section.ts';
import { diskBytes, preparedState } from './state-soak-prep.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ROUNDS = Number(process.env.STARTUP_ROUNDS ?? 5);
const CONTROL_PORT_OFFSETS = [0, ...vendors.map((v) => v.defaultPort - 4000)];

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((ok, fail) =>
    execFile(cmd, args, { cwd, maxBuffer: 64 * 2 ** 20 }, (err, stdout, stderr) =>
      err ? fail(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`)) : ok(stdout),
    ),
  );
}

/** `npm pack` of this checkout installed into a scratch consumer; its folder. */
async function installedConsumer(): Promise<string> {
  const given = process.env.BENCH_STARTUP_CONSUMER;
  if (given) return given;
  const work = mkdtempSync(join(tmpdir(), 'sealsim-startup-'));
  const t0 = Date.now();
  const out = await run('npm', ['pack', '--pack-destination', work, '--json'], ROOT);
  const info = JSON.parse(out.slice(out.search(/^\[/m))) as Array<{ filename: string }>;
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, info[0]!.filename)],
    app,
  );
  console.error(`[startup] packed and installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  // The baseline: bare Hono on the same six ports, from the same install (sealsim's dependencies).
  writeFileSync(
    join(app, 'bare.mjs'),
    `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const base = Number(process.argv[2]);
const app = new Hono();
app.get('/__sim/health', (c) => c.json({ ok: true }));
app.get('/', (c) => c.html('<p>bare</p>'));
for (const offset of ${JSON.stringify(CONTROL_PORT_OFFSETS)})
  serve({ fetch: app.fetch, port: base + offset, hostname: '127.0.0.1' });
`,
  );
  return app;
}

/** Resolves when `url` answers below 400 (HTTPS: any certificate). */
function answered(url: string): Promise<boolean> {
  const headers = { accept: 'text/html' };
  if (url.startsWith('https:'))
    return new Promise((ok) => {
      const req = httpsRequest(url, { rejectUnauthorized: false, headers }, (res) => {
        res.resume();
        ok((res.statusCode ?? 500) < 400);
      });
      req.on('error', () => ok(false));
      req.end();
    });
  return fetch(url, { headers, redirect: 'manual' })
    .then(async (r) => (await r.arrayBuffer(), r.status < 400))
    .catch(() => false);
}

async function until(url: string, deadline: number): Promise<void> {
  while (!(await answered(url))) {
    if (Date.now() > deadline) throw new Error(`no answer from ${url}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

export interface StartRun {
  ms: number;
  readyMb: number;
  idleMb: number;
}

let nextBase = Number(process.env.BENCH_STARTUP_PORT ?? 28300);

/** Spawns `argv` (pinned to core 0) and times it until every port of `ids` answers. */
async function timedStart(
  argv: (base: number) => string[],
  ids: readonly string[],
  tls = true,
): Promise<StartRun> {
  const base = (nextBase += 10);
  const { command, args } = pinServer([process.execPath, ...argv(base)]);
  const t0 = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const deadline = Date.now() + 60_000;
    const urls = [
      `http://127.0.0.1:${base}/__sim/health`,
      ...vendors
        .filter((v) => ids.includes(v.id))
        .map(
          (v) => `${tls ? (v.scheme?.({}) ?? 'http') : 'http'}://127.0.0.1:${base + v.defaultPort - 4000}/`,
        ),
    ];
    await Promise.all(urls.map((u) => until(u, deadline)));
    const ms = performance.now() - t0;
    const readyMb = rssMb(child.pid!);
    await new Promise((r) => setTimeout(r, 1000));
    return { ms, readyMb, idleMb: rssMb(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

export interface StartupFigures {
  rounds: number;
  /** Configuration → its runs: 'bare', 'all', and each vendor id alone. */
  runs: Record<string, StartRun[]>;
}

/** Every configuration `ROUNDS` times, taking turns. */
export async function measureStartup(app: string, rounds = ROUNDS): Promise<StartupFigures> {
  const bin = join(app, 'node_modules/sealsim/bin/sealsim.mjs');
  const ids = vendors.map((v) => v.id);
  const sealsim = (only?: string) => (base: number) => [
    bin,
    'start',
    '--port',
    String(base),
    '--clock',
    'manual',
    '--log',
    'off',
    ...(only ? ['--vendors', only] : []),
  ];
  const configs: Array<[string, (base: number) => string[], readonly string[]]> = [
    ['bare', (base) => [join(app, 'bare.mjs'), String(base)], ids],
    ['all', sealsim(), ids],
    ...ids.map((id): [string, (base: number) => string[], readonly string[]] => [id, sealsim(id), [id]]),
  ];
  const runs: Record<string, StartRun[]> = {};
  for (let round = 0; round < rounds; round++)
    for (const [name, argv, ports] of configs)
      (runs[name] ??= []).push(await timedStart(argv, ports, name !== 'bare'));
  return { rounds, runs };
}

export function startupRows(f: StartupFigures): string[] {
  const m = (name: string, pick: (r: StartRun) => number) => median(f.runs[name]!.map(pick));
  const mb = (name: string, pick: (r: StartRun) => number) => m(name, pick).toFixed(0);
  const all = m('all', (r) => r.ms);
  const bare = m('bare', (r) => r.ms);
  const each = (name: string) => f.runs[name]!.map((r) => r.ms.toFixed(0)).join(', ');
  const perVendor = vendors
    .map(
      (v) =>
        `${v.id} ${m(v.id, (r) => r.ms).toFixed(0)} ms / ${m(v.id, (r) => r.idleMb).toFixed(0)} MB ` +
        `(+${(m(v.id, (r) => r.idleMb) - m('bare', (r) => r.idleMb)).toFixed(0)} MB over bare Hono)`,
    )
    .join('; ');
  return [
    `| spawn → control /__sim/health 200 and all five vendor ports answering, the installed package ` +
      `(\`npm pack\`, installed in a scratch app, its bin with plain node), median of ${f.rounds} | ` +
      `${all.toFixed(0)} ms (${each('all')}); bare Hono on the same six ports, same install, same way ` +
      `${bare.toFixed(0)} ms (${each('bare')}); ratio ${(all / bare).toFixed(2)}× | < 400 ms |`,
    `| RSS of that server at the first answers, and 1 s later (idle) | ` +
      `${mb('all', (r) => r.readyMb)} MB, idle ${mb('all', (r) => r.idleMb)} MB; bare Hono ` +
      `${mb('bare', (r) => r.readyMb)} MB, idle ${mb('bare', (r) => r.idleMb)} MB | idle < 100 MB |`,
    `| the same per vendor (\`--vendors <id>\`: control + that port), median ms / idle RSS | ` +
      `${perVendor} | — |`,
  ];
}

/** Packs, installs, measures, and removes the scratch consumer. */
export async function installedStartupRows(): Promise<string[]> {
  const app = await installedConsumer();
  try {
    return startupRows(await measureStartup(app));
  } finally {
    if (process.env.BENCH_STARTUP_KEEP) console.error(`[startup] kept ${app}`);
    else if (!process.env.BENCH_STARTUP_CONSUMER)
      rmSync(resolve(app, '..'), { recursive: true, force: true });
  }
}

export const startupSection: BenchSection = { name: 'installed package start-up', run: installedStartupRows };

const STATE_ROUNDS = Number(process.env.STARTUP_ROUNDS ?? 3);
const MB = Number(process.env.STARTUP_MB ?? 120);
const PROF = process.env.STARTUP_PROF;
const PORT = 26200;

async function startSoak(state: string | undefined): Promise<{ startMs: number; loadedMs: number }> {
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

/** The large-state measure (`npx tsx bench/startup.ts state`): rows printed to stdout. */
async function largeState(): Promise<void> {
  const rows: Record<string, Array<{ startMs: number; loadedMs: number }>> = {};
  let onDisk = 0;
  for (let round = 0; round < STATE_ROUNDS; round++) {
    for (const kind of ['no --state', '--state, empty', `--state, ${MB} MB`]) {
      const dir = mkdtempSync(join(tmpdir(), 'sealsim-startup-'));
      try {
        let state: string | undefined;
        if (kind !== 'no --state') state = join(dir, 'state.json');
        if (kind.endsWith('MB')) {
          await preparedState(MB, dir);
          onDisk = diskBytes(dir);
        }
        (rows[kind] ??= []).push(await startSoak(state));
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
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (process.argv[2] === 'state') await largeState();
  else {
    pinLoadGenerator();
    for (const row of await installedStartupRows()) console.log(row);
    console.log(`load average ${loadAverage()}`);
  }
}
