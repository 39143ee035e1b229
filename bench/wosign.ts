/**
 * wosign figures against a spawned sealsim (bench/run.ts's, or one of its own when run alone:
 * `npx tsx bench/wosign.ts`): CreateSignOrder requests per second over mutual TLS with keep-alive
 * (32 connections presenting the committed client certificate), each the real client's body (the
 * whole JSON percent-encoded: a one-page PDF, two PNG pictures, a unique orderNumber), next to a
 * bare Hono HTTPS server in its own process doing the unavoidable work of any server of this API:
 * TLS asking for a client certificate, the body percent-decoded and parsed as JSON, the certificate's
 * fingerprint compared with the registered one, a UUID made and the answer written.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { PDFDocument } from 'pdf-lib';
import { WOSIGN_DEFAULT_TENANT as DEFAULT } from '../contracts/wosign/control.ts';
import { load, type LoadResult } from './loopback.ts';
import { loadAverage } from './section.ts';

const FORM = 'application/x-www-form-urlencoded';
const WARM_SECONDS = 2;
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const CERT = readFileSync(DEFAULT.certificateFile, 'utf8');
const KEY = readFileSync(DEFAULT.privateKeyFile, 'utf8');

export interface WosignBenchResult {
  createSignOrder: LoadResult;
  baseline: LoadResult;
  bodyBytes: number;
  /** Each server's CPU time (user + system, all threads) per answered request, µs; when known. */
  cpuPerRequestUs?: { sealsim: number; baseline: number };
}

/** A process's CPU time so far (user + system, ms), from /proc; undefined where there is none. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
  } catch {
    return undefined;
  }
}

/** CPU µs per request of `pid` over `run`, when /proc tells. */
async function measured<T extends LoadResult>(pid: number | undefined, run: () => Promise<T>) {
  const before = cpuMs(pid);
  const result = await run();
  const after = cpuMs(pid);
  const answered = result.requests - result.errors;
  const cpu =
    before !== undefined && after !== undefined && answered > 0
      ? ((after - before) * 1000) / answered
      : undefined;
  return { result, cpu };
}

/** The bare HTTPS server: TLS with a requested client certificate, decode, parse, check, answer. */
function baselineServer(port: number, keyPem: string, certPem: string): void {
  const registered = new X509Certificate(CERT).fingerprint256;
  const app = new Hono();
  app.post('/', async (c) => {
    const socket = (c.env as { incoming: { socket: TLSSocket } }).incoming.socket;
    const peer = socket.getPeerX509Certificate();
    if (peer?.fingerprint256 !== registered) return c.json({ status: 0, errorcode: -80 });
    let body: { orderNumber?: unknown };
    try {
      body = JSON.parse(decodeURIComponent((await c.req.text()).replace(/\+/g, ' '))) as typeof body;
    } catch {
      return c.json({ status: 0, errorcode: -63 });
    }
    return c.json({ status: 1, errorcode: 0, signid: randomUUID(), ordernumber: String(body.orderNumber) });
  });
  serve({
    fetch: app.fetch,
    port,
    hostname: '127.0.0.1',
    createServer: https.createServer,
    serverOptions: { key: keyPem, cert: certPem, requestCert: true, rejectUnauthorized: false },
  });
}

const self = fileURLToPath(import.meta.url);

async function waitForUp(url: string): Promise<void> {
  const until = Date.now() + 20_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = https.request(url, { method: 'POST', rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end('x');
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`${url} never answered 200`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The baseline in a process of its own (as sealsim is), with a throwaway RSA-2048 server certificate. */
async function startBaseline(port: number): Promise<ChildProcess> {
  // pinned to core 0 like sealsim's server (the load generator pins itself to core 1)
  const child = spawn(
    'taskset',
    ['-c', '0', process.execPath, '--import', 'tsx', self, '--baseline', String(port)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitForUp(`https://127.0.0.1:${port}/`);
  return child;
}

/** The real client's body for the nth order: the whole JSON percent-encoded. */
function bodies(pdfBase64: string, tag: string) {
  return (n: number) =>
    encodeURIComponent(
      JSON.stringify({
        tokenid: DEFAULT.tokenid,
        actiontype: 'CreateSignOrder',
        subject: '基准合同',
        filebase: pdfBase64,
        fileformat: 'pdf',
        orderNumber: `BENCH-${tag}-${n}`,
        signerlist: [
          {
            signType: '2',
            userName: '张三',
            userNo: '11010519491231002X',
            pic: PNG,
            otherpic: PNG,
            signlist: [{ pagenumber: 1, position: '0.55,0.30,0.80,0.45' }],
          },
        ],
      }),
    ).replace(/%20/g, '+');
}

async function loadOrders(
  url: string,
  tls: https.AgentOptions,
  bodyFor: (n: number) => string,
  seconds: number,
) {
  return load({
    url,
    headers: { 'content-type': FORM },
    body: '',
    bodyFor,
    tls,
    concurrency: 32,
    seconds,
    check: (status, text) => status === 200 && text.startsWith('{"status":1,"errorcode":0'),
  });
}

/** `origin`: sealsim's wosign (`https://127.0.0.1:<port>`); `control`: its control origin; `baselinePort`: free. */
export async function wosignBench(
  origin: string,
  control: string,
  baselinePort: number,
  seconds: number,
  /** sealsim's process id: its CPU time per request is then reported next to the baseline's. */
  sealsimPid?: number,
): Promise<WosignBenchResult> {
  const ca = await (await fetch(`${control}/__sim/wosign/ca.pem`)).text();
  const patched = await fetch(`${control}/__sim/wosign/tenants/${DEFAULT.tokenid}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ balance: 100_000_000 }),
  });
  if (patched.status !== 200) throw new Error(`balance: HTTP ${patched.status}`);
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('CreateSignOrder benchmark', { x: 50, y: 780, size: 18 });
  const pdf = Buffer.from(await doc.save()).toString('base64');
  const tag = String(Date.now());
  const bodyFor = bodies(pdf, tag);
  const client = { cert: CERT, key: KEY };
  // a warm-up window first (not counted): the first orders load modules and start a PDF worker
  await loadOrders(`${origin}/`, { ...client, ca }, (n) => bodyFor(-1 - n), WARM_SECONDS);
  const ours = await measured(sealsimPid, () =>
    loadOrders(`${origin}/`, { ...client, ca }, bodyFor, seconds),
  );
  const baseline = await startBaseline(baselinePort);
  try {
    const bareTls = { ...client, rejectUnauthorized: false };
    await loadOrders(`https://127.0.0.1:${baselinePort}/`, bareTls, bodies(pdf, `${tag}-warm`), WARM_SECONDS);
    const bare = await measured(baseline.pid, () =>
      loadOrders(
        `https://127.0.0.1:${baselinePort}/`,
        { ...client, rejectUnauthorized: false },
        bodies(pdf, `${tag}-bare`),
        seconds,
      ),
    );
    return {
      createSignOrder: ours.result,
      baseline: bare.result,
      bodyBytes: Buffer.byteLength(bodyFor(0)),
      ...(ours.cpu !== undefined && bare.cpu !== undefined
        ? { cpuPerRequestUs: { sealsim: ours.cpu, baseline: bare.cpu } }
        : {}),
    };
  } finally {
    baseline.kill();
  }
}

const rate = (r: LoadResult) =>
  `${r.perSecond.toFixed(0)} req/s (p50 ${r.p50ms.toFixed(2)} ms, p99 ${r.p99ms.toFixed(2)} ms, ` +
  `${r.errors} errors of ${r.requests})`;

/** The row bench/run.ts writes into docs/performance.md. */
export function wosignRows(r: WosignBenchResult, seconds: number): string[] {
  const pct = `${((100 * r.createSignOrder.perSecond) / r.baseline.perSecond).toFixed(0)} %`;
  const cpu = r.cpuPerRequestUs;
  const cpuNote = cpu
    ? `; server CPU per request ${cpu.sealsim.toFixed(0)} µs against ${cpu.baseline.toFixed(0)} µs ` +
      `(${((100 * cpu.baseline) / cpu.sealsim).toFixed(0)} % as cheap)`
    : '';
  return [
    `| wosign CreateSignOrder over mutual TLS (the real client's percent-encoded body, ` +
      `${(r.bodyBytes / 1024).toFixed(1)} KB: a one-page PDF, two pictures), 32 keep-alive connections, ` +
      `${seconds} s | ${rate(r.createSignOrder)}; bare Hono HTTPS doing TLS + decode + parse + ` +
      `certificate check ${rate(r.baseline)}; ratio ${pct}${cpuNote}; load average ${loadAverage()} | ` +
      `≥ 50 % |`,
  ];
}

// ── alone: `npx tsx bench/wosign.ts` (BENCH_PORT, BENCH_SECONDS) ─────────────────────────────

if (process.argv[1] === self) {
  const i = process.argv.indexOf('--baseline');
  if (i > 0) {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-bench-wosign-'));
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...[
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(dir, 'k.pem'),
          '-out',
          join(dir, 'c.pem'),
        ],
      ],
      { stdio: 'ignore' },
    );
    const keyPem = readFileSync(join(dir, 'k.pem'), 'utf8');
    const certPem = readFileSync(join(dir, 'c.pem'), 'utf8');
    rmSync(dir, { recursive: true, force: true });
    baselineServer(Number(process.argv[i + 1]), keyPem, certPem);
  } else {
    const basePort = Number(process.env.BENCH_PORT ?? 27200);
    const seconds = Number(process.env.BENCH_SECONDS ?? 10);
    try {
      execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
    } catch {
      console.error('taskset failed: the load generator is not pinned');
    }
    // BENCH_PROF=<folder>: a --cpu-prof profile of the server (and of its PDF workers)
    const prof = process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF] : [];
    const child = spawn(
      'taskset',
      [
        ...['-c', '0', process.execPath, ...prof, '--import', 'tsx', 'bin/cli.ts', 'start'],
        ...['--port', String(basePort), '--vendors', 'wosign'],
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    try {
      const control = `http://127.0.0.1:${basePort}`;
      await waitForUp(`https://127.0.0.1:${basePort + 5}/`);
      const r = await wosignBench(
        `https://127.0.0.1:${basePort + 5}`,
        control,
        basePort + 9,
        seconds,
        child.pid, // taskset execs the server: the same process
      );
      console.log(wosignRows(r, seconds).join('\n'));
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  }
}
