/**
 * `npx tsx bench/state-scale.ts`: does a large `--state` slow esign's requests (issue 17 goal 5)?
 * One run starts `sealsim start --vendors esign --state` twice in turn, pinned to core 0 (this
 * process, the load generator, to core 1): on an empty state and on a state holding SCALE_ACCOUNTS
 * accounts (100,000) and SCALE_FLOWS flows (10,000) in the default tenant. Each server gets the same
 * SCALE_KNOWN accounts and one flow made over HTTP, then three windows of SCALE_SECONDS: signed
 * writes (`/account/create/person/private`, a new account each), signed reads of the known accounts
 * (`/account/idexchange`) and of the flow (`/sign/docdetail`). The ratio large / empty is the
 * figure (same config, same run). The large state is built directly as a snapshot (an account and
 * flow made through the API, copied) in a second or two, cached in the temp folder by shape.
 * Env: SCALE_ACCOUNTS, SCALE_FLOWS, SCALE_SECONDS (2), SCALE_ROUNDS (1), SCALE_CONNECTIONS (32),
 * SCALE_PORT (27400).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEsignClient, uploadFile } from '../clients/esign/index.ts';
import { rawLoad, rawRequest, type LoadResult } from './loopback.ts';
import { loadAverage, pinLoadGenerator, pinServer, waitFor200, type BenchSection } from './section.ts';

const PROJECT = '1111563657';
const SECRET = 'cf65f987315b12a21b983ca320196d7d';
const BASE = '/opentreaty/rest/v3.0';
const ACCOUNTS = Number(process.env.SCALE_ACCOUNTS ?? 100_000);
const FLOWS = Number(process.env.SCALE_FLOWS ?? 10_000);
const KNOWN = Number(process.env.SCALE_KNOWN ?? 256);
const CONNECTIONS = Number(process.env.SCALE_CONNECTIONS ?? 32);
const PREP_VERSION = 1;

interface Prepared {
  dir: string;
  /** The snapshot and journals on disk, bytes. */
  bytes: number;
}

/** The large state, copied into `into` (built once per shape into the temp folder). */
export async function preparedScaleState(into: string): Promise<Prepared> {
  const cache = join(tmpdir(), `sealsim-scale-v${PREP_VERSION}-${ACCOUNTS}a-${FLOWS}f`);
  // built in a child: the build's 100,000 accounts would otherwise stay in this process, the load
  // generator's, and its GC would slow the windows measured after it
  if (!existsSync(join(cache, 'done'))) {
    const self = fileURLToPath(import.meta.url);
    const run = spawnSync(process.execPath, ['--import', 'tsx', self], {
      env: { ...process.env, SCALE_BUILD: cache },
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error(`building the large state failed (${run.status})`);
  }
  cpSync(cache, into, { recursive: true });
  const bytes = statSync(join(into, 'state.json')).size;
  return { dir: into, bytes };
}

async function build(cache: string): Promise<void> {
  const t0 = performance.now();
  const { createSimulator } = await import('../index.ts');
  const { createTextPdf } = await import('../simulators/core/pdf/index.ts');
  const { writeStateFile } = await import('../simulators/core/persist.ts');
  const sim = createSimulator({ vendors: ['esign'] });
  const fetch = (r: Request) => sim.fetch(r);
  const esign = createEsignClient({
    baseUrl: sim.origin('esign') + BASE,
    projectId: PROJECT,
    secret: SECRET,
    fetch,
  });
  const person = async (thirdId: string) =>
    (
      await esign.call('/account/create/person/private', {
        thirdId,
        name: '张三',
        idNo: '11010519491231002X',
        idType: 19,
        mobile: '13516134875',
      })
    ).accountId;
  const [a, b] = [await person('scale-a'), await person('scale-b')];
  const pdf = await createTextPdf([{ lines: ['借款合同', '甲方签字：', '', '乙方签字：'] }]);
  const { fileKey, uploadUrl } = await esign.call('/file/uploadurl', {
    fileName: 'contract.pdf',
    fileSize: pdf.length,
    contentType: 'application/pdf',
    contentMd5: createHash('md5').update(pdf).digest('base64'),
  });
  await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf', fetch });
  const { docId } = await esign.call('/doc/createbyfilekey', { fileKey });
  const { flowId } = await esign.call('/sign/start', {
    businessScene: 'scale',
    docList: [{ docId }],
    recipientList: {
      signerList: [a, b].map((accountId, k) => ({
        accountId,
        signOrder: k + 1,
        docPosList: [
          { docId, signType: 2 as const, posBeanList: [{ posPage: '1', posX: 100 + 200 * k, posY: 200 }] },
        ],
      })),
    },
  });
  const snap = sim.snapshot();
  sim.close();
  // copies of the account and the flow under fresh ids: what the API would have made, 100× faster
  const esignState = snap.vendors.esign as {
    tenants: Array<{
      id: string;
      accounts: Record<string, Record<string, unknown>>;
      thirdIds: Record<string, string>;
      flows: Record<string, Record<string, unknown>>;
    }>;
  };
  const t = esignState.tenants.find((x) => x.id === PROJECT)!;
  const account = t.accounts[a]!;
  const flow = JSON.stringify(t.flows[flowId]);
  const hex = () => randomBytes(16).toString('hex');
  for (let i = 0; i < ACCOUNTS; i++) {
    const accountId = hex();
    const thirdId = `scale-${i}`;
    t.accounts[accountId] = { ...account, accountId, thirdId, idNo: '11010519491231002X' };
    t.thirdIds[thirdId] = accountId;
  }
  for (let i = 0; i < FLOWS; i++) {
    const id = hex();
    const f = JSON.parse(flow) as {
      flowId: string;
      businessScene: string;
      signers: Array<{ token: string }>;
    };
    f.flowId = id;
    f.businessScene = `scale ${i}`;
    for (const s of f.signers) s.token = hex();
    t.flows[id] = f;
  }
  const work = `${cache}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const file = join(work, 'state.json');
  writeStateFile(file, snap);
  createSimulator({ vendors: ['esign'], stateFile: file }).close(); // migrate: entries, blobs as files
  writeFileSync(join(work, 'done'), '');
  rmSync(cache, { recursive: true, force: true });
  renameSync(work, cache);
  console.error(
    `[state-scale] prepared ${ACCOUNTS} accounts and ${FLOWS} flows in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

function signed(port: number, path: string, payload: unknown): Buffer {
  const body = JSON.stringify(payload);
  return rawRequest(
    port,
    BASE + path,
    {
      'Content-Type': 'application/json',
      'X-timevale-project-id': PROJECT,
      'X-timevale-mode': 'package',
      'X-timevale-signature-algorithm': 'hmac-sha256',
      'X-timevale-signature': createHmac('sha256', SECRET).update(body).digest('hex'),
    },
    body,
  );
}

/** A load window and the server's CPU time per answered request (user + system, /proc). */
type Measured = LoadResult & { cpuUs: number };

export interface ScaleWindow {
  writes: Measured;
  reads: Measured;
  flowReads: Measured;
  startMs: number;
}

/** The CPU time of a process so far, ms (/proc/<pid>/stat utime + stime, in 1/100 s). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const ok = (status: number, text: string) => status === 200 && text.startsWith('{"errCode":0');

/** One server on `stateDir`: start-up, the known accounts and a flow, then the three windows. */
async function measureServer(stateDir: string, port: number, seconds: number): Promise<ScaleWindow> {
  const esignPort = port + 2;
  const t0 = performance.now();
  const { command, args } = pinServer([
    process.execPath,
    '--import',
    'tsx',
    'bin/cli.ts',
    'start',
    '--port',
    String(port),
    '--vendors',
    'esign',
    '--state',
    join(stateDir, 'state.json'),
    '--log',
    'off',
  ]);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitFor200(`http://127.0.0.1:${port}/__sim/health`, undefined, 120_000);
    const startMs = performance.now() - t0;
    const esign = createEsignClient({
      baseUrl: `http://127.0.0.1:${esignPort}${BASE}`,
      projectId: PROJECT,
      secret: SECRET,
    });
    const known: string[] = [];
    for (let i = 0; i < KNOWN; i++) {
      const thirdId = `known-${i}`;
      await esign.call('/account/create/person/private', {
        thirdId,
        name: '李四',
        idNo: '11010519491231002X',
        idType: 19,
      });
      known.push(thirdId);
    }
    const run = `${process.pid}-${Date.now()}`;
    const writes = (n: number) =>
      signed(esignPort, '/account/create/person/private', {
        thirdId: `w-${run}-${n}`,
        name: '张三',
        idNo: '11010519491231002X',
        idType: 19,
        mobile: '13516134875',
      });
    const reads = known.map((thirdId) => signed(esignPort, '/account/idexchange', { thirdId }));
    const flowId = await aFlow(esignPort);
    const flowRead = signed(esignPort, '/sign/docdetail', { flowId });
    const window = async (requestFor: (n: number) => Buffer) => {
      const opts = {
        port: esignPort,
        request: requestFor(0),
        requestFor,
        connections: CONNECTIONS,
        check: ok,
      };
      await rawLoad({ ...opts, seconds: 0.5 }); // warm-up
      const cpu0 = cpuMs(child.pid!);
      const r = await rawLoad({ ...opts, seconds });
      if (r.errors) throw new Error(`${r.errors} of ${r.requests} requests failed`);
      return { ...r, cpuUs: ((cpuMs(child.pid!) - cpu0) * 1000) / r.requests };
    };
    let w = 1_000_000;
    return {
      startMs,
      writes: await window(() => writes(w++)),
      reads: await window((n) => reads[n % reads.length]!),
      flowReads: await window(() => flowRead),
    };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
}

/** A flow with two signers (not silent: no PDF work), for the read window. */
async function aFlow(esignPort: number): Promise<string> {
  const esign = createEsignClient({
    baseUrl: `http://127.0.0.1:${esignPort}${BASE}`,
    projectId: PROJECT,
    secret: SECRET,
  });
  const { createTextPdf } = await import('../simulators/core/pdf/index.ts');
  const pdf = await createTextPdf([{ lines: ['借款合同', '甲方签字：'] }]);
  const { fileKey, uploadUrl } = await esign.call('/file/uploadurl', {
    fileName: 'c.pdf',
    fileSize: pdf.length,
    contentType: 'application/pdf',
    contentMd5: createHash('md5').update(pdf).digest('base64'),
  });
  await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf' });
  const { docId } = await esign.call('/doc/createbyfilekey', { fileKey });
  const { accountId } = await esign.call('/account/create/person/private', {
    name: '王五',
    idNo: '11010519491231002X',
    idType: 19,
  });
  const { flowId } = await esign.call('/sign/start', {
    businessScene: 'read',
    docList: [{ docId }],
    recipientList: {
      signerList: [
        {
          accountId,
          docPosList: [
            { docId, signType: 2 as const, posBeanList: [{ posPage: '1', posX: 100, posY: 200 }] },
          ],
        },
      ],
    },
  });
  return flowId;
}

export interface ScaleResult {
  rounds: Array<{ empty: ScaleWindow; large: ScaleWindow }>;
  bytes: number;
  load: string;
}

export async function measureStateScale(seconds: number, port: number, rounds = 1): Promise<ScaleResult> {
  const out: ScaleResult = { rounds: [], bytes: 0, load: '' };
  for (let round = 1; round <= rounds; round++) {
    const pair: Partial<Record<'empty' | 'large', ScaleWindow>> = {};
    // alternate which goes first, so a trend in the machine's load favours neither
    const order = round % 2 ? (['empty', 'large'] as const) : (['large', 'empty'] as const);
    for (const kind of order) {
      const dir = mkdtempSync(join(tmpdir(), 'sealsim-scale-run-'));
      try {
        if (kind === 'large') out.bytes = (await preparedScaleState(dir)).bytes;
        pair[kind] = await measureServer(dir, port, seconds);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    out.rounds.push({ empty: pair.empty!, large: pair.large! });
  }
  out.load = loadAverage();
  return out;
}

export function stateScaleRows(r: ScaleResult, seconds: number): string[] {
  const rows: string[] = [];
  const n = (x: number) => x.toLocaleString('en');
  const what = `${n(ACCOUNTS)} accounts + ${n(FLOWS)} flows in one tenant`;
  for (const { empty, large } of r.rounds) {
    const line = (name: string, e: Measured, l: Measured) =>
      `| esign --state, ${name}, ${CONNECTIONS} connections, ${seconds} s: ${what} ` +
      `(${(r.bytes / 1048576).toFixed(0)} MB snapshot) vs an empty state | ${l.perSecond.toFixed(0)} vs ` +
      `${e.perSecond.toFixed(0)} req/s (**${((100 * l.perSecond) / e.perSecond).toFixed(0)} %**), p99 ` +
      `${l.p99ms.toFixed(1)} vs ${e.p99ms.toFixed(1)} ms, server CPU ${l.cpuUs.toFixed(0)} vs ` +
      `${e.cpuUs.toFixed(0)} µs per request (load ${r.load}) | ≥ 70 %, p99 < 50 ms |`;
    rows.push(
      line('signed writes', empty.writes, large.writes),
      line('signed account reads', empty.reads, large.reads),
      line('signed flow reads', empty.flowReads, large.flowReads),
      `| esign --state start-up to the first 200: ${what} vs an empty state | ` +
        `${large.startMs.toFixed(0)} vs ${empty.startMs.toFixed(0)} ms | — |`,
    );
  }
  return rows;
}

export const stateScaleSection: BenchSection = {
  name: 'state at scale',
  async run(ctx) {
    const seconds = Math.min(ctx.seconds, 2);
    return stateScaleRows(await measureStateScale(seconds, ctx.port() + 100), seconds);
  },
};

if (process.env.SCALE_BUILD) {
  await build(process.env.SCALE_BUILD);
  process.exit(0);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  pinLoadGenerator();
  const seconds = Number(process.env.SCALE_SECONDS ?? 2);
  const r = await measureStateScale(
    seconds,
    Number(process.env.SCALE_PORT ?? 27400),
    Number(process.env.SCALE_ROUNDS ?? 1),
  );
  console.log(stateScaleRows(r, seconds).join('\n'));
}
