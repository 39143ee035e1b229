/**
 * `npx tsx bench/tenants.ts`: what many tenants cost (issue 17 goal 6). Per vendor, a child process
 * (`node --expose-gc`, pinned to core 0) creates TENANTS_COUNT tenants (1,000) through the control
 * API of an in-process simulator and reports the heap they keep after GC, per tenant; for esign it
 * also times the first tenant's signed `/account/idexchange` calls (`sim.fetch`, the same loop)
 * before and after, in memory and with `--state`. Env: TENANTS_COUNT, TENANTS_SECONDS (1),
 * TENANTS_VENDORS (all five), TENANTS_WOSIGN (50: each a certificate), TENANTS_RATE (0: heap only,
 * as test/core/tenants-heap.test.ts runs it).
 * Prints the rows `npm run bench` adds (bench/run.ts `tenantsSection`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './section.ts';

const COUNT = Number(process.env.TENANTS_COUNT ?? 1000);
/** wosign issues each new tenant a client certificate (an RSA key, about 0.15 s of CPU): fewer. */
const WOSIGN_COUNT = Math.min(COUNT, Number(process.env.TENANTS_WOSIGN ?? 50));
const SECONDS = Number(process.env.TENANTS_SECONDS ?? 1);
const VENDORS = (process.env.TENANTS_VENDORS ?? 'esign,baoquan,yunhetong-digest,yunhetong-sdk,wosign').split(
  ',',
);

export interface TenantsResult {
  vendor: string;
  state: boolean;
  tenants: number;
  bytesPerTenant: number;
  /** The same over the second half of the tenants only: without costs paid once by the first ones. */
  secondHalfBytesPerTenant: number;
  /**
   * esign: the first tenant's calls, before and after the tenants are made (same loop, same
   * process): per second, and the process's CPU time per call (less swayed by other work).
   */
  before?: number;
  after?: number;
  cpuBeforeUs?: number;
  cpuAfterUs?: number;
}

/** Runs in the child: one vendor, optionally with `--state`. */
async function child(vendor: string, count: number, stateDir: string | undefined): Promise<TenantsResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const { createSimulator } = await import('../index.ts');
  const { createControlClient } = await import('../clients/control/index.ts');
  const { createEsignClient } = await import('../clients/esign/index.ts');
  const sim = createSimulator({
    vendors: [vendor],
    now: Date.UTC(2024, 0, 2, 2),
    ...(stateDir ? { stateFile: join(stateDir, 'state.json') } : {}),
  });
  const fetch = (r: Request) => sim.fetch(r);
  const control = createControlClient({ baseUrl: sim.origin('control'), fetch });
  const settings: Record<string, unknown> =
    vendor === 'baoquan'
      ? { publicKey: readFileSync('simulators/baoquan/keys/test_public_key.pem', 'utf8') }
      : {};
  // The first tenant's call: esign's default project, the same signed read each time.
  const rate = async (): Promise<{ perSecond: number; cpuUs: number } | undefined> => {
    if (vendor !== 'esign' || process.env.TENANTS_RATE === '0') return undefined;
    const esign = createEsignClient({
      baseUrl: `${sim.origin('esign')}/opentreaty/rest/v3.0`,
      projectId: '1111563657',
      secret: 'cf65f987315b12a21b983ca320196d7d',
      fetch,
    });
    const thirdId = `first-${Math.random()}`;
    await esign.call('/account/create/person/private', {
      thirdId,
      name: '张三',
      idNo: '11010519491231002X',
      idType: 19,
    });
    const loop = async (ms: number) => {
      let n = 0;
      const until = performance.now() + ms;
      while (performance.now() < until) {
        for (let i = 0; i < 20; i++) await esign.call('/account/idexchange', { thirdId });
        n += 20;
      }
      return n;
    };
    // warm: 3,000 calls at least, or the JIT would favour the later loop
    for (let warm = 0, t = performance.now(); warm < 3000 || performance.now() - t < 1000;) {
      warm += await loop(100);
      if (performance.now() - t > 10_000) break;
    }
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const n = await loop(SECONDS * 1000);
    const cpu = process.cpuUsage(cpu0);
    return { perSecond: n / ((performance.now() - t0) / 1000), cpuUs: (cpu.user + cpu.system) / n };
  };
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  // one tenant first: the code paths and lazy parts (schemas, PKI) are then paid before the count
  await control.createTenant(vendor, settings);
  const before = await rate();
  const h0 = heap();
  const half = Math.floor(count / 2);
  for (let i = 0; i < half; i++) await control.createTenant(vendor, settings);
  const hHalf = heap();
  for (let i = half; i < count; i++) await control.createTenant(vendor, settings);
  const h1 = heap();
  const after = await rate();
  sim.close();
  return {
    vendor,
    state: stateDir !== undefined,
    tenants: count,
    bytesPerTenant: (h1 - h0) / count,
    secondHalfBytesPerTenant: (h1 - hHalf) / (count - half),
    ...(before && after
      ? {
          before: before.perSecond,
          after: after.perSecond,
          cpuBeforeUs: before.cpuUs,
          cpuAfterUs: after.cpuUs,
        }
      : {}),
  };
}

/** One measurement in a fresh child process, pinned to core 0. */
function measure(vendor: string, count: number, state: boolean): Promise<TenantsResult> {
  const dir = state ? mkdtempSync(join(tmpdir(), 'sealsim-tenants-')) : undefined;
  const self = fileURLToPath(import.meta.url);
  const args = ['-c', '0', process.execPath, '--expose-gc', '--import', 'tsx', self];
  const proc = spawn('taskset', args, {
    env: { ...process.env, TENANTS_CHILD: JSON.stringify({ vendor, count, dir }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    proc.on('exit', (code) => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`tenants child for ${vendor} exited ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as TenantsResult);
    }),
  );
}

/** The rows of the BENCH table: heap per tenant per vendor, and esign's first-tenant call rate. */
export async function tenantsRows(): Promise<string[]> {
  const rows: string[] = [];
  const runs: Array<[string, boolean]> = VENDORS.map((v) => [v, false]);
  if (VENDORS.includes('esign')) runs.push(['esign', true]);
  for (const [vendor, state] of runs) {
    const r = await measure(vendor, vendor === 'wosign' ? WOSIGN_COUNT : COUNT, state);
    const what =
      `${r.tenants.toLocaleString('en')} ${vendor} tenants made through the control API` +
      (state ? ', --state' : '');
    const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
    rows.push(
      `| ${what}: heap kept per tenant after GC (over the second half only) | ${kb(r.bytesPerTenant)} ` +
        `(${kb(r.secondHalfBytesPerTenant)}) | < 50 KB |`,
    );
    if (r.before !== undefined && r.after !== undefined && r.cpuBeforeUs && r.cpuAfterUs)
      rows.push(
        `| ${what}: the first tenant's signed calls (in-process, one loop), after / before (load ` +
          `${loadavg()[0]!.toFixed(1)}) | CPU ${r.cpuAfterUs.toFixed(0)} / ${r.cpuBeforeUs.toFixed(0)} µs ` +
          `per call (**${((100 * r.cpuAfterUs) / r.cpuBeforeUs).toFixed(0)} %**); ${r.after.toFixed(0)} / ` +
          `${r.before.toFixed(0)} calls/s | CPU per call ≈ 100 % |`,
      );
  }
  return rows;
}

export const tenantsSection: BenchSection = { name: 'many tenants', run: tenantsRows };

if (process.env.TENANTS_CHILD) {
  const { vendor, count, dir } = JSON.parse(process.env.TENANTS_CHILD) as {
    vendor: string;
    count?: number;
    dir?: string;
  };
  const r = await child(vendor, count ?? COUNT, dir);
  console.log(JSON.stringify(r));
  process.exit(0);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
  } catch {
    console.error('taskset failed: not pinned');
  }
  console.log((await tenantsRows()).join('\n'));
}
