/**
 * `npx tsx bench/state-throughput.ts`: esign throughput with `--state` against without, in one run
 * (docs/performance.md "State and durability"). The server (`sealsim start --vendors esign`) runs
 * pinned to core 0, this load generator pins itself to core 1 (`taskset`), and the two servers are
 * measured in turn, round after round. Three measures, each a window of BENCH_SECONDS:
 *   - writes: signed `/account/create/person/private`, BENCH_CONNECTIONS keep-alive connections
 *     (raw HTTP/1.1 over sockets, requests prepared ahead: the generator spends a few µs each);
 *   - mixed: the same connections alternating a write and a signed `/account/idexchange`;
 *   - signing: BENCH_FLOWS loops each uploading a 10-page PDF, creating a document and a flow with
 *     two silent signers (a keyword seal each, every seal a PAdES signature) and polling it until
 *     signed (flowStatus 2), through the typed client.
 * Per window: requests (flows) per second, p99, and the server's CPU time per request from
 * /proc (user + system). Env: BENCH_ROUNDS (2), BENCH_SECONDS (2), BENCH_CONNECTIONS (32),
 * BENCH_FLOWS (4), BENCH_MEASURES (writes,mixed,signing), BENCH_PORT (23500, below the ephemeral
 * ports), BENCH_PROF (a folder: `--cpu-prof` of each server), BENCH_ONLY (plain or durable: one
 * server only).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEsignClient, uploadFile, type EsignClient } from '../clients/esign/index.ts';
import { createTextPdf } from '../simulators/core/pdf/index.ts';

const PROJECT = '1111563657';
const SECRET = 'cf65f987315b12a21b983ca320196d7d';
const PORT = Number(process.env.BENCH_PORT ?? 23500);
const ESIGN_PORT = PORT + 2;
const BASE = '/opentreaty/rest/v3.0';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const FLOWS = Number(process.env.BENCH_FLOWS ?? 4);
const MEASURES = (process.env.BENCH_MEASURES ?? 'writes,mixed,signing').split(',');
const TICKS = 100; // /proc/<pid>/stat counts CPU time in 1/100 s

try {
  execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
} catch {
  console.error('taskset failed: the load generator is not pinned');
}

interface Server {
  child: ChildProcess;
  cpuMs: () => number;
  /** System (kernel) CPU time only: the fsyncs, socket writes. */
  sysMs: () => number;
  stop: () => Promise<void>;
}

async function startServer(state: string | undefined): Promise<Server> {
  const prof = process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF] : [];
  const args = ['-c', '0', process.execPath, ...prof, '--import', 'tsx', 'bin/cli.ts', 'start'];
  args.push('--port', String(PORT), '--vendors', 'esign');
  if (state) args.push('--state', state);
  const child = spawn('taskset', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/__sim/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error('server exited');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    child,
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS; // utime, stime
    },
    sysMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[12]) * 1000) / TICKS;
    },
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    },
  };
}

// ── raw keep-alive HTTP/1.1 ──

function signedRequest(path: string, payload: unknown): Buffer {
  const body = JSON.stringify(payload);
  const head =
    `POST ${BASE}${path} HTTP/1.1\r\nHost: 127.0.0.1:${ESIGN_PORT}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nX-timevale-project-id: ${PROJECT}\r\n` +
    'X-timevale-mode: package\r\nX-timevale-signature-algorithm: hmac-sha256\r\n' +
    `X-timevale-signature: ${createHmac('sha256', SECRET).update(body).digest('hex')}\r\n\r\n`;
  return Buffer.from(head + body);
}

/** One connection: sends a request, resolves with the response body once it is whole. */
class Connection {
  private socket: Socket;
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((body: string) => void) | undefined;

  constructor() {
    this.socket = connect(ESIGN_PORT, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.drain();
    });
  }

  send(req: Buffer): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(req);
    });
  }

  private drain(): void {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end === -1) return;
    const head = this.buf.toString('latin1', 0, end);
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
    if (!Number.isFinite(length)) throw new Error(`no content-length: ${head}`);
    if (this.buf.length < end + 4 + length) return;
    const body = this.buf.toString('utf8', end + 4, end + 4 + length);
    this.buf = this.buf.subarray(end + 4 + length);
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.(body);
  }

  close(): void {
    this.socket.destroy();
  }
}

let seq = 0;
const person = (thirdId: string) => ({
  thirdId,
  name: '张三',
  idNo: '11010519491231002X',
  idType: 19,
  mobile: '13516134875',
});

interface Window {
  perSecond: number;
  p99: number;
  cpuPerRequestUs: number;
  sysPerRequestUs: number;
}

/** Requests from every connection until the window ends; `next(i)` is connection i's next request. */
async function load(server: Server, next: (i: number) => Buffer, seconds: number): Promise<Window> {
  const conns = Array.from({ length: CONNECTIONS }, () => new Connection());
  const latencies: number[] = [];
  const cpu0 = server.cpuMs();
  const sys0 = server.sysMs();
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  let failed = 0;
  await Promise.all(
    conns.map(async (c, i) => {
      while (performance.now() < until) {
        const t = performance.now();
        const body = await c.send(next(i));
        if (!body.startsWith('{"errCode":0')) failed++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - t0;
  const cpu = server.cpuMs() - cpu0;
  const sys = server.sysMs() - sys0;
  for (const c of conns) c.close();
  if (failed) throw new Error(`${failed} requests failed`);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / (ms / 1000),
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    cpuPerRequestUs: (cpu * 1000) / latencies.length,
    sysPerRequestUs: (sys * 1000) / latencies.length,
  };
}

const write = () => signedRequest('/account/create/person/private', person(`tp-${process.pid}-${++seq}`));

async function writes(server: Server): Promise<Window> {
  await load(server, write, 0.5); // warm-up
  return load(server, write, SECONDS);
}

async function mixed(server: Server): Promise<Window> {
  const known = `tp-known-${process.pid}-${++seq}`;
  const c = new Connection();
  await c.send(signedRequest('/account/create/person/private', person(known)));
  c.close();
  const read = signedRequest('/account/idexchange', { thirdId: known });
  const turn = new Array<boolean>(CONNECTIONS).fill(false);
  const next = (i: number) => {
    turn[i] = !turn[i];
    return turn[i] ? write() : read;
  };
  await load(server, next, 0.5);
  return load(server, next, SECONDS);
}

let tenPages: { pdf: Uint8Array; md5: string } | undefined;

async function signing(server: Server): Promise<Window> {
  if (!tenPages) {
    const pages = Array.from({ length: 10 }, (_, i) => ({
      lines:
        i === 9
          ? ['第十页', '甲方签字：', '', '', '', '乙方签字：']
          : [
              `第${i + 1}页`,
              ...Array.from({ length: 30 }, (_, j) => `第${j + 1}条 合同条款内容，双方确认。`),
            ],
    }));
    const pdf = await createTextPdf(pages);
    tenPages = { pdf, md5: createHash('md5').update(pdf).digest('base64') };
  }
  const { pdf, md5 } = tenPages;
  const esign = createEsignClient({
    baseUrl: `http://127.0.0.1:${ESIGN_PORT}${BASE}`,
    projectId: PROJECT,
    secret: SECRET,
  });
  const account = async () =>
    (
      await esign.call('/account/create/person/private', {
        name: '李四',
        idNo: '11010519491231002X',
        idType: 19,
      })
    ).accountId;
  const [a, b] = [await account(), await account()];
  const flow = async (client: EsignClient) => {
    const { fileKey, uploadUrl } = await client.call('/file/uploadurl', {
      fileName: 'ten.pdf',
      fileSize: pdf.length,
      contentType: 'application/pdf',
      contentMd5: md5,
    });
    await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf' });
    const { docId } = await client.call('/doc/createbyfilekey', { fileKey });
    const pos = (accountId: string, key: string) => ({
      accountId,
      autoSign: 1 as const,
      docPosList: [{ docId, signType: 1 as const, posBeanList: [{ key, posX: 60 }] }],
    });
    const { flowId } = await client.call('/sign/start', {
      businessScene: 'bench',
      docList: [{ docId }],
      recipientList: { signerList: [pos(a, '甲方签字'), pos(b, '乙方签字')] },
    });
    for (;;) {
      const detail = await client.call('/sign/docdetail', { flowId });
      if (detail.flowStatus === 2) return;
      if (detail.flowStatus !== 1) throw new Error(`flow ${flowId} ended in status ${detail.flowStatus}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const run = async (seconds: number): Promise<Window> => {
    const latencies: number[] = [];
    const cpu0 = server.cpuMs();
    const sys0 = server.sysMs();
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: FLOWS }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          await flow(esign);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const ms = performance.now() - t0;
    latencies.sort((x, y) => x - y);
    return {
      perSecond: latencies.length / (ms / 1000),
      p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
      cpuPerRequestUs: ((server.cpuMs() - cpu0) * 1000) / latencies.length,
      sysPerRequestUs: ((server.sysMs() - sys0) * 1000) / latencies.length,
    };
  };
  await run(0.5);
  return run(SECONDS);
}

const measures: Record<string, (s: Server) => Promise<Window>> = { writes, mixed, signing };
const results: Record<string, Array<{ round: number; plain: Window; durable: Window }>> = {};

for (let round = 1; round <= ROUNDS; round++) {
  for (const name of MEASURES) {
    const measure = measures[name];
    if (!measure) throw new Error(`unknown measure ${name}`);
    const pair: Partial<Record<'plain' | 'durable', Window>> = {};
    // alternate which goes first, so a trend in the machine's load favours neither
    const order = round % 2 ? (['plain', 'durable'] as const) : (['durable', 'plain'] as const);
    for (const kind of order) {
      if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== kind) continue;
      const dir = mkdtempSync(join(tmpdir(), 'sealsim-tp-'));
      const server = await startServer(kind === 'durable' ? join(dir, 'state.json') : undefined);
      try {
        pair[kind] = await measure(server);
      } finally {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const none = { perSecond: NaN, p99: NaN, cpuPerRequestUs: NaN, sysPerRequestUs: NaN };
    (results[name] ??= []).push({ round, plain: pair.plain ?? none, durable: pair.durable ?? none });
  }
}

const f0 = (n: number) => n.toFixed(0);
const unit = (name: string) => (name === 'signing' ? 'flows/s' : 'req/s');
console.log(
  '| measure | round | no --state | --state | ratio | p99 no --state / --state | ' +
    'server CPU per request (flow) | of which system |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, rows] of Object.entries(results))
  for (const { round, plain, durable } of rows) {
    const fmt = (w: Window) => (name === 'signing' ? w.perSecond.toFixed(1) : f0(w.perSecond));
    console.log(
      `| ${name} | ${round} | ${fmt(plain)} ${unit(name)} | ${fmt(durable)} ${unit(name)} | ` +
        `${f0((100 * durable.perSecond) / plain.perSecond)} % | ` +
        `${plain.p99.toFixed(1)} / ${durable.p99.toFixed(1)} ms | ` +
        `${f0(plain.cpuPerRequestUs)} / ${f0(durable.cpuPerRequestUs)} µs | ` +
        `${f0(plain.sysPerRequestUs)} / ${f0(durable.sysPerRequestUs)} µs |`,
    );
  }
