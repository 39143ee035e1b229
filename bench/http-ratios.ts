/**
 * Issue 17 goal 3, over HTTP: a sealsim of this section's own (the built command, every vendor,
 * started with the baselines: `startSealsim`), pinned to core 0, next to a bare
 * Hono server doing the same unavoidable work, in its own process on the same core, loaded the
 * same way from core 1 (bench/loopback.ts `rawLoad`: prepared requests on 32 keep-alive sockets):
 *   - esign `/account/idexchange`, signed JSON, against bench/baseline-esign.ts (HMAC verify, JSON,
 *     Map lookup, HMAC of the answer);
 *   - baoquan `/api/v2/attestation`, an RSA-signed multipart envelope, against
 *     bench/baseline-baoquan.ts (multipart parse, SHA256withRSA verify, tonce, JSON, Map lookup).
 * The two servers take turns, each window after a 1 s warm-up; esign in BENCH_ESIGN_ROUNDS rounds
 * (3), compared by medians.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createBaoquanClient } from '../clients/baoquan/index.ts';
import { ESIGN_BASE, esignSignedHeaders } from './baseline-esign.ts';
import { BAOQUAN_ACCESS_KEY } from './baseline-baoquan.ts';
import { rawLoad, rawRequest, type LoadResult } from './loopback.ts';
import {
  cpuMs,
  pinServer,
  waitFor200,
  loadAverage,
  type BenchContext,
  type BenchSection,
} from './section.ts';

const SEED_ANO = 'DB0C8DB14E3C44C7B9FBBE30EB179241';
const THIRD = 'bench-third';
const dir = fileURLToPath(new URL('.', import.meta.url));

/**
 * A sealsim of its own, started with the bare servers: the built command as bench/run.ts starts the
 * shared one. Not the shared one: by this section it has idled through the start-up sections, and
 * V8's memory reducer then shrinks its young generation, costing it 10-15 % of CPU per call under
 * the load that follows, where the bare server is measured fresh (docs/performance.md, "Per call").
 */
function startSealsim(basePort: number, sandbox: string): ChildProcess {
  const { command, args } = pinServer([
    process.execPath,
    'bin/sealsim.mjs',
    'start',
    '--port',
    String(basePort),
    '--clock',
    'manual',
    '--yunhetong-digest-sandbox',
    sandbox,
  ]);
  return spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

function startBaseline(file: string, args: string[]): ChildProcess {
  const { command, args: argv } = pinServer([process.execPath, '--import', 'tsx', `${dir}${file}`, ...args]);
  return spawn(command, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

/** A window's figures and the server's CPU per answered request (µs; robust to other load). */
type Measured = LoadResult & { cpuUs: number };

async function measured(pid: number, port: number, window: () => Promise<LoadResult>): Promise<Measured> {
  const cpu0 = cpuMs(pid);
  const r = await window();
  if (r.errors) throw new Error(`${r.errors} wrong answers of ${r.requests} on port ${port}`);
  return { ...r, cpuUs: ((cpuMs(pid) - cpu0) * 1000) / r.requests };
}

async function measure(
  pid: number,
  port: number,
  request: Buffer,
  seconds: number,
  expect: string,
): Promise<Measured> {
  const check = (status: number, text: string) => status === 200 && text.includes(expect);
  await rawLoad({ port, request, connections: 32, seconds: 1, check });
  return measured(pid, port, () => rawLoad({ port, request, connections: 32, seconds, check }));
}

/** The esign request (its account made first on sealsim). */
async function esignRequest(esignPort: number): Promise<{ path: string; request: Buffer }> {
  const path = `${ESIGN_BASE}/account/idexchange`;
  const person = JSON.stringify({
    thirdId: THIRD,
    name: '张三',
    idNo: '11010519491231002X',
    idType: 19,
    mobile: '13516134875',
  });
  const made = await fetch(`http://127.0.0.1:${esignPort}${ESIGN_BASE}/account/create/person/private`, {
    method: 'POST',
    headers: esignSignedHeaders(person),
    body: person,
  }).then((r) => r.text());
  if (!made.includes('"errCode":0') && !made.includes('已存在')) throw new Error(`account create: ${made}`);
  const body = JSON.stringify({ thirdId: THIRD });
  return { path, request: rawRequest(esignPort, path, esignSignedHeaders(body), body) };
}

/**
 * `n` baoquan bodies, each signed by the typed client with its own request_id (sealsim refuses a
 * replayed one; RSA signing costs the generator about 0.75 ms each, so they are made ahead).
 */
async function baoquanBodies(n: number): Promise<Array<{ type: string; body: Buffer }>> {
  const client = createBaoquanClient({
    baseUrl: 'http://127.0.0.1:1',
    accessKey: BAOQUAN_ACCESS_KEY,
    privateKey: readFileSync('simulators/baoquan/keys/test_private_key.pem', 'utf8'),
  });
  const out: Array<{ type: string; body: Buffer }> = [];
  for (let i = 0; i < n; i++) {
    const prepared = client.prepare('attestation', { ano: SEED_ANO, fields: [] });
    const body = Buffer.from(await prepared.request.arrayBuffer());
    out.push({ type: prepared.request.headers.get('content-type')!, body });
  }
  return out;
}

/** The pool's first `warm` requests as a warm-up, the rest measured (each body sent once per server). */
async function measurePool(
  pid: number,
  port: number,
  pool: Array<{ type: string; body: Buffer }>,
  warm: number,
): Promise<Measured> {
  const requests = pool.map(({ type, body }) =>
    rawRequest(port, '/api/v2/attestation', { 'content-type': type }, body),
  );
  const check = (status: number, text: string) => status === 200 && text.includes(SEED_ANO);
  await rawLoad({
    port,
    request: requests[0]!,
    requestFor: (n) => requests[n]!,
    maxRequests: warm,
    connections: 32,
    seconds: 60,
    check,
  });
  const rest = requests.slice(warm);
  return measured(pid, port, () =>
    rawLoad({
      port,
      request: rest[0]!,
      requestFor: (n) => rest[n]!,
      maxRequests: rest.length,
      connections: 32,
      seconds: 60,
      check,
    }),
  );
}

/** BENCH_ESIGN_ROUNDS (3): esign windows per server, taking turns. */
const ESIGN_ROUNDS = Number(process.env.BENCH_ESIGN_ROUNDS ?? 3);

/** Each figure's median over the rounds (requests/s, p50, p99 and CPU per request separately). */
function medianOf(runs: Measured[]): Measured {
  const med = (pick: (m: Measured) => number) => {
    const xs = runs.map(pick).sort((a, b) => a - b);
    return xs[Math.floor((xs.length - 1) / 2)]!;
  };
  return {
    ...runs[0]!,
    perSecond: med((m) => m.perSecond),
    p50ms: med((m) => m.p50ms),
    p99ms: med((m) => m.p99ms),
    cpuUs: med((m) => m.cpuUs),
    requests: runs.reduce((n, m) => n + m.requests, 0),
    errors: runs.reduce((n, m) => n + m.errors, 0),
  };
}

const fmt = (r: Measured) =>
  `${r.perSecond.toFixed(0)} req/s (p50 ${r.p50ms.toFixed(2)} ms, p99 ${r.p99ms.toFixed(2)} ms, server ` +
  `CPU ${r.cpuUs.toFixed(0)} µs per request)`;

/** Throughput ratio, and the same from server CPU per request (what other load disturbs least). */
const ratio = (s: Measured, b: Measured) =>
  `ratio ${(s.perSecond / b.perSecond).toFixed(2)}× (by CPU per request ${(b.cpuUs / s.cpuUs).toFixed(2)}×)`;

export const httpRatiosSection: BenchSection = {
  name: 'HTTP ratios (esign, baoquan) to bare Hono',
  async run(ctx: BenchContext): Promise<string[]> {
    // Ten ports: control, then each vendor at its default offset (esign +2, baoquan +1).
    const simBase = ctx.port();
    for (let i = 1; i < 10; i++) ctx.port();
    const sim = startSealsim(simBase, ctx.sealsim.sandbox);
    try {
      await waitFor200(`http://127.0.0.1:${simBase}/__sim/health`);
      return await ratios(ctx, sim.pid!, simBase + 2, simBase + 1);
    } finally {
      await stop(sim);
    }
  },
};

/** The esign and baoquan rows, sealsim being the server `simPid` with those ports. */
async function ratios(
  ctx: BenchContext,
  simPid: number,
  esignPort: number,
  baoquanPort: number,
): Promise<string[]> {
  const rows: string[] = [];

  const { path, request } = await esignRequest(esignPort);
  const barePort = ctx.port();
  const bare = startBaseline('baseline-esign.ts', [String(barePort)]);
  try {
    const body = JSON.stringify({ thirdId: THIRD });
    await waitFor200(`http://127.0.0.1:${barePort}${path}`, {
      method: 'POST',
      headers: esignSignedHeaders(body),
      body,
    });
    const bareRequest = rawRequest(barePort, path, esignSignedHeaders(body), body);
    // Rounds taking turns (which server goes first alternates): a burst of other work on the
    // shared cores then disturbs one window of each, not a whole side; the medians are compared.
    const bares: Measured[] = [];
    const sims: Measured[] = [];
    for (let round = 0; round < ESIGN_ROUNDS; round++) {
      const one = async (which: 'bare' | 'sim') =>
        which === 'bare'
          ? bares.push(await measure(bare.pid!, barePort, bareRequest, ctx.seconds, '"errCode":0'))
          : sims.push(await measure(simPid, esignPort, request, ctx.seconds, '"errCode":0'));
      const order = round % 2 === 0 ? (['bare', 'sim'] as const) : (['sim', 'bare'] as const);
      for (const which of order) await one(which);
    }
    const b = medianOf(bares);
    const s = medianOf(sims);
    rows.push(
      `| esign /account/idexchange over HTTP, signed JSON, 32 keep-alive connections, ${ESIGN_ROUNDS} ` +
        `rounds of ${ctx.seconds} s taking turns, medians (load average ${loadAverage()}) | ` +
        `sealsim ${fmt(s)}; bare Hono + HMAC ${fmt(b)}; ${ratio(s, b)}; per round by CPU ` +
        `${sims.map((x, i) => (bares[i]!.cpuUs / x.cpuUs).toFixed(2)).join(', ')} | ≥ 0.7× |`,
    );
  } finally {
    await stop(bare);
  }

  const calls = Number(process.env.BENCH_BAOQUAN_CALLS ?? 6000);
  const pool = await baoquanBodies(calls);
  const warm = Math.round(calls / 6);
  const bqPort = ctx.port();
  const bq = startBaseline('baseline-baoquan.ts', [String(bqPort), SEED_ANO]);
  try {
    for (let i = 0; ; i++) {
      const up = await fetch(`http://127.0.0.1:${bqPort}/`)
        .then(() => true)
        .catch(() => false);
      if (up) break;
      if (i > 600) throw new Error('baoquan baseline never answered');
      await new Promise((r) => setTimeout(r, 50));
    }
    const b = await measurePool(bq.pid!, bqPort, pool, warm);
    const s = await measurePool(simPid, baoquanPort, pool, warm);
    rows.push(
      `| baoquan /api/v2/attestation over HTTP, RSA-signed multipart (a new request_id each), 32 ` +
        `keep-alive connections, ${calls - warm} calls after ${warm} (load average ${loadAverage()}) | ` +
        `sealsim ${fmt(s)}; bare Hono parsing the same multipart + RSA verify ${fmt(b)}; ` +
        `${ratio(s, b)} | ≥ 0.7× |`,
    );
  } finally {
    await stop(bq);
  }
  return rows;
}
