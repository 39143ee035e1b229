/**
 * In-process esign signed calls (issue 17 goal 2): `createSimulator().fetch` and the kit's msw
 * handlers, each next to a bare Hono + HMAC app (bench/baseline-esign.ts) driven by the same loop.
 * Each measure runs in a child process of its own pinned to core 0 (`taskset`), with
 * `--expose-gc`: a warm-up, a GC, then `CALLS` awaited calls of `/account/idexchange` (signed
 * JSON, a new Request each, no Content-Length, as a test's `fetch` sends it), timed, then a GC:
 * calls per second and the heap retained per call.
 *
 * Alone: `npx tsx bench/inprocess.ts` (`BENCH_INPROC_CALLS`, `BENCH_INPROC_ONLY=sim,bare`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  BENCH_PROJECT,
  BENCH_SECRET,
  ESIGN_BASE,
  bareEsignApp,
  esignSignedHeaders,
} from './baseline-esign.ts';
import { loadAverage, type BenchSection } from './section.ts';

export type InprocessKind = 'sim' | 'bare' | 'kit' | 'kit-bare';

export interface InprocessResult {
  kind: InprocessKind;
  calls: number;
  perSecond: number;
  /** Heap retained per call after GC, bytes. */
  retainedPerCall: number;
  /** CPU time (user + system) per call, µs. */
  cpuUs: number;
}

const ORIGIN = 'http://127.0.0.1:4002';
const THIRD = 'bench-third';
const self = fileURLToPath(import.meta.url);

type Fetch = (req: Request) => Promise<Response>;

async function target(kind: InprocessKind): Promise<{ fetch: Fetch; close: () => void }> {
  if (kind === 'bare') {
    const app = bareEsignApp(new Map([[THIRD, 'bench-account']]));
    return { fetch: async (req) => app.fetch(req), close: () => undefined };
  }
  if (kind === 'sim' || kind === 'kit') {
    const { createSimulator } = await import('../index.ts');
    // BENCH_INPROC_LOG=text|json: with log lines (to stdout), as `--log`; BENCH_INPROC_JOURNAL=0:
    // no journal (what the journal and the log cost in-process, CPU per call).
    const log = process.env.BENCH_INPROC_LOG;
    const sim = createSimulator({
      vendors: ['esign'],
      ...(log === 'text' || log === 'json' ? { log } : {}),
      ...(process.env.BENCH_INPROC_JOURNAL ? { journalSize: Number(process.env.BENCH_INPROC_JOURNAL) } : {}),
    });
    const person = JSON.stringify({
      thirdId: THIRD,
      name: '张三',
      idNo: '11010519491231002X',
      idType: 19,
      mobile: '13516134875',
    });
    const url = `${sim.origin('esign')}${ESIGN_BASE}/account/create/person/private`;
    const res = await sim.fetch(
      new Request(url, { method: 'POST', headers: esignSignedHeaders(person), body: person }),
    );
    if (!(await res.text()).includes('"errCode":0')) throw new Error('account create failed');
    if (kind === 'sim') return { fetch: (req) => sim.fetch(req), close: () => sim.close() };
    const { setupServer } = await import('msw/node');
    const { sealsimHandlers } = await import('../kit/handlers.ts');
    const server = setupServer(...sealsimHandlers(sim));
    server.listen({ onUnhandledRequest: 'error' });
    return { fetch: (req) => fetch(req), close: () => (server.close(), sim.close()) };
  }
  const { setupServer } = await import('msw/node');
  const { http } = await import('msw');
  const app = bareEsignApp(new Map([[THIRD, 'bench-account']]));
  const server = setupServer(http.all(`${ORIGIN}/*`, ({ request }) => app.fetch(request)));
  server.listen({ onUnhandledRequest: 'error' });
  return { fetch: (req) => fetch(req), close: () => server.close() };
}

/** The child: warm up, then CALLS awaited calls timed, heap before and after (GC'd). */
async function child(kind: InprocessKind, calls: number): Promise<InprocessResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const t = await target(kind);
  const body = JSON.stringify({ thirdId: THIRD });
  const headers = esignSignedHeaders(body);
  const url = `${ORIGIN}${ESIGN_BASE}/account/idexchange`;
  const one = async () => {
    const res = await t.fetch(new Request(url, { method: 'POST', headers, body }));
    const text = await res.text();
    if (res.status !== 200 || !text.includes('"errCode":0')) throw new Error(`${kind}: ${text}`);
  };
  for (let i = 0; i < Math.min(5_000, calls); i++) await one();
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    return process.memoryUsage().heapUsed;
  };
  const before = await settle();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) await one();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const after = await settle();
  t.close();
  const cpuUs = (cpu.user + cpu.system) / calls;
  return { kind, calls, perSecond: calls / seconds, retainedPerCall: (after - before) / calls, cpuUs };
}

/** One measure in its own pinned process. */
function measure(kind: InprocessKind, calls: number): Promise<InprocessResult> {
  return new Promise((resolve, reject) => {
    const args = ['-c', '0', process.execPath, '--expose-gc', '--import', 'tsx', self, '--child', kind];
    const p = spawn('taskset', args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_INPROC_CALLS: String(calls) },
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`inprocess ${kind} exited ${code}: ${out}`));
      else resolve(JSON.parse(line) as InprocessResult);
    });
  });
}

export interface InprocessBench {
  sim: InprocessResult;
  bare: InprocessResult;
  kit?: InprocessResult;
  kitBare?: InprocessResult;
}

/** sealsim and its baseline in turn (`calls` each); the kit pair with `kitCalls` when > 0. */
export async function inprocessBench(calls = 100_000, kitCalls = 10_000): Promise<InprocessBench> {
  const bare = await measure('bare', calls);
  const sim = await measure('sim', calls);
  if (kitCalls <= 0) return { sim, bare };
  const kitBare = await measure('kit-bare', kitCalls);
  const kit = await measure('kit', kitCalls);
  return { sim, bare, kit, kitBare };
}

const pct = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const bytes = (r: InprocessResult) => `${Math.max(0, r.retainedPerCall).toFixed(0)} B`;

export function inprocessRows(r: InprocessBench): string[] {
  const row = (what: string, s: InprocessResult, b: InprocessResult) =>
    `| ${what}, ${s.calls} awaited calls | ${s.perSecond.toFixed(0)} calls/s, ${bytes(s)} retained per ` +
    `call; bare Hono + HMAC app, same loop: ${b.perSecond.toFixed(0)} calls/s, ${bytes(b)} per call; ` +
    `ratio ${pct(s.perSecond, b.perSecond)} | ≥ 0.7×, < 100 B per call |`;
  const rows = [row('in-process `createSimulator().fetch`, esign signed /account/idexchange', r.sim, r.bare)];
  if (r.kit && r.kitBare)
    rows.push(row("in-process through the kit's msw handlers (`fetch`), same call", r.kit, r.kitBare));
  return rows;
}

const KINDS: InprocessKind[] = ['sim', 'bare', 'kit', 'kit-bare'];

if (process.argv[1] === self) {
  const calls = Number(process.env.BENCH_INPROC_CALLS ?? 100_000);
  const i = process.argv.indexOf('--child');
  if (i !== -1) {
    const kind = process.argv[i + 1] as InprocessKind;
    if (!KINDS.includes(kind)) throw new Error(`unknown kind ${kind}`);
    const result = JSON.stringify(await child(kind, calls));
    process.stdout.write(`\n${result}\n`);
  } else {
    try {
      execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
    } catch {
      /* not pinned */
    }
    const only = (process.env.BENCH_INPROC_ONLY ?? 'bare,sim').split(',') as InprocessKind[];
    for (const kind of only) console.log(JSON.stringify(await measure(kind, calls)));
  }
}

export { BENCH_PROJECT, BENCH_SECRET };

/** bench/run.ts's section: `BENCH_INPROC_CALLS` (100,000) calls each, the kit pair (msw) a tenth. */
export const inprocessSection: BenchSection = {
  name: 'in-process esign calls',
  async run() {
    const calls = Number(process.env.BENCH_INPROC_CALLS ?? 100_000);
    const result = await inprocessBench(calls, Math.round(calls / 10));
    return inprocessRows(result).map((row) =>
      row.replace(' | ≥ 0.7×', ` (load average ${loadAverage()}) | ≥ 0.7×`),
    );
  },
};
