/**
 * examples/consumer-app as CI runs it (issue 13): sealsim packed (`npm pack`, whose `prepare`
 * builds dist/) from a copy of the package's sources, so the repository's own dist/ is left to
 * test/package; the tarball installed into a copy of the example; then the example's own
 * `tsc --noEmit`, `vitest run` and plain `node scripts/smoke.mjs`.
 *
 * Slow (a build, a pack, an install): every test shares one beforeAll.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/build.ts';

const EXAMPLE = join(ROOT, 'examples', 'consumer-app');
/** What `npm run build` reads (tsconfig.build.json's include, the build script, what npm pack ships). */
const PACKAGE_SOURCES = [
  'package.json',
  'README.md',
  'tsconfig.json',
  'tsconfig.build.json',
  'index.ts',
  'bin',
  'scripts',
  'contracts',
  'kit',
  'simulators',
  'clients',
];

interface Run {
  code: number | null;
  out: string;
  ms: number;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - t0 });
    });
  });
}

async function ok(cmd: string, args: string[], cwd: string): Promise<Run> {
  const r = await run(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.out}`);
  return r;
}

let work: string;
let app: string;
const timings: Record<string, number> = {};

describe('examples/consumer-app with the packed sealsim', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sealsim-example-'));
    const pkg = join(work, 'sealsim');
    mkdirSync(pkg);
    for (const entry of PACKAGE_SOURCES) cpSync(join(ROOT, entry), join(pkg, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    const pack = await ok('npm', ['pack', '--pack-destination', work, '--json'], pkg);
    timings.pack = pack.ms;
    const info = JSON.parse(pack.out.slice(pack.out.search(/^\[/m))) as Array<{ filename: string }>;
    const tarball = join(work, info[0]!.filename);

    app = join(work, 'app');
    cpSync(EXAMPLE, app, { recursive: true, filter: (src) => !/node_modules/.test(src) });
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    manifest.dependencies.sealsim = `file:${tarball}`;
    writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
    timings.install = (await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app)).ms;
  }, 900_000);

  afterAll(() => {
    console.log(`consumer-app timings (ms): ${JSON.stringify(timings)}`);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("the example's tsc --noEmit (strict, no skipLibCheck) passes", async () => {
    const r = await run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '--noEmit'], app);
    timings.tsc = r.ms;
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 300_000);

  it("the example's vitest: useSealsim beside its handlers, record and replay of a signed PDF, callbacks", async () => {
    const r = await run(process.execPath, [join(app, 'node_modules/vitest/vitest.mjs'), 'run'], app);
    timings.vitest = r.ms;
    expect(r.code, r.out).toBe(0);
    // eslint-disable-next-line no-control-regex
    const summary = r.out.replace(/\x1b\[[0-9;]*m/g, '');
    expect(summary).toMatch(/Test Files\s+3 passed \(3\)/);
    expect(summary).toMatch(/Tests\s+9 passed \(9\)/);
  }, 600_000);

  it('plain node imports the clients and runs the simulator (scripts/smoke.mjs)', async () => {
    const r = await run(process.execPath, ['scripts/smoke.mjs'], app);
    timings.smoke = r.ms;
    expect(r.code, r.out).toBe(0);
    const out = JSON.parse(r.out) as { accountId: string; clients: string[] };
    expect(out.accountId).toMatch(/\w{8,}/);
    expect(out.clients).toEqual(['function', 'function', 'function']);
  }, 120_000);
});
