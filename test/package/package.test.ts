/**
 * The package as a consumer app gets it (issue 13): `npm pack` (its `prepare` builds dist/), the
 * tarball installed into a scratch project under the OS tmp dir, then plain node, the consumer's
 * own tsc and `npx sealsim start` there, with no tsx, no vitest and no source `.ts`; and the
 * handlers served by the consumer's msw, the newest 2.x and the lowest (2.0.0).
 *
 * Slow (one build, one pack, two installs): every test shares one beforeAll and runs in order.
 */
import { spawn } from 'node:child_process';
import https from 'node:https';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { runtimeAssets, ROOT } from '../../scripts/build.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';

/** The lowest msw 2.x whose handlers and types work with sealsim's (README, "Install"). */
const LOWEST_MSW = '2.0.0';
/** Per test: a consumer tsc takes ~20 s alone, several times that beside the whole suite. */
const SLOW = 300_000;
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const r = await run(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.out}\n${r.err}`);
  return r.out;
}

const node = (args: string[], cwd: string) => ok(process.execPath, args, cwd);

/** `"./x": {import: {types, default}, require: {types, default}}` → every path it names. */
function exportTargets(): string[] {
  const targets: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') targets.push(v.replace(/^\.\//, ''));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  return targets;
}

let work: string;
let app: string;
let tarball: string;
let packed: string[];

// What a consumer writes: the clients, the kit and the package entry, and msw's own setupServer.
const CHECK_MSW = `
import { createRequire } from 'node:module';
import { setupServer } from 'msw/node';
import { createSimulator } from 'sealsim';
import { createEsignClient, ESIGN_BASE_PATH } from 'sealsim/clients/esign';
const sim = createSimulator();
const server = setupServer(...sim.mswHandlers({ esign: ['https://openapi.tsign.cn'] }));
server.listen({ onUnhandledRequest: 'error' });
try {
  const health = await fetch(sim.origin('control') + '/__sim/health');
  if (health.status !== 200) throw new Error('health ' + health.status);
  const ids = [];
  for (const base of [sim.origin('esign'), 'https://openapi.tsign.cn']) {
    const esign = createEsignClient({
      baseUrl: base + ESIGN_BASE_PATH, projectId: '1111563657', secret: 'cf65f987315b12a21b983ca320196d7d',
    });
    const { accountId } = await esign.call('/account/create/person/private', {
      thirdId: 'u-' + ids.length, name: '张三', idNo: '11010519491231002X', idType: 19, mobile: '13516134875',
    });
    ids.push(accountId);
  }
  const msw = createRequire(import.meta.url)('msw/package.json').version;
  console.log(JSON.stringify({ msw, ids }));
} finally {
  server.close();
  sim.close();
}
`;

const CHECK_CJS = `
const { createEsignClient } = require('sealsim/clients/esign');
const kit = require('sealsim/kit');
const { createSimulator } = require('sealsim');
const { setupServer } = require('msw/node');
(async () => {
  const sim = createSimulator();
  const server = setupServer(...sim.mswHandlers());
  server.listen({ onUnhandledRequest: 'error' });
  const health = await fetch(sim.origin('control') + '/__sim/health');
  server.close();
  sim.close();
  const kitNames = Object.keys(kit).sort();
  console.log(JSON.stringify({ client: typeof createEsignClient, kit: kitNames, health: health.status }));
})();
`;

// Type-checked by the consumer's tsc both as CommonJS (app.ts: the package is "type": "commonjs")
// and as ESM (app.mts).
const APP_TS = `
import { setupServer } from 'msw/node';
import { createSimulator } from 'sealsim';
import { createEsignClient, ESIGN_BASE_PATH } from 'sealsim/clients/esign';
import { createBaoquanClient } from 'sealsim/clients/baoquan';
import { createYunhetongSdkClient } from 'sealsim/clients/yunhetong-sdk';
import * as kit from 'sealsim/kit';

const sim = createSimulator();
export const server = setupServer(...sim.mswHandlers({ esign: ['https://openapi.tsign.cn'] }));
export const esign = createEsignClient({
  baseUrl: sim.origin('esign') + ESIGN_BASE_PATH,
  projectId: '1111563657',
  secret: 'cf65f987315b12a21b983ca320196d7d',
});
export async function account(): Promise<string> {
  const { accountId } = await esign.call('/account/create/person/private', {
    thirdId: 'u-1', name: '张三', idNo: '11010519491231002X', idType: 19, mobile: '13516134875',
  });
  return accountId;
}
export { createBaoquanClient, createYunhetongSdkClient, kit };
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    module: 'nodenext',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    types: ['node'],
  },
  include: ['app.ts', 'app.mts'],
};

describe('the packed package in a consumer app', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sealsim-package-'));
    const out = await ok('npm', ['pack', '--pack-destination', work, '--json'], ROOT);
    // prepare's output comes first on stdout, then npm's JSON
    const json = out.slice(out.search(/^\[/m));
    const info = (JSON.parse(json) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
    tarball = join(work, info.filename);
    packed = info.files.map((f) => f.path).sort();

    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true, type: 'commonjs' }),
    );
    writeFileSync(join(app, 'check-msw.mjs'), CHECK_MSW);
    writeFileSync(join(app, 'check.cjs'), CHECK_CJS);
    writeFileSync(join(app, 'app.ts'), APP_TS);
    writeFileSync(join(app, 'app.mts'), APP_TS);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    const install = [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      tarball,
      `msw@${pkg.devDependencies.msw}`,
      `@types/node@${pkg.devDependencies['@types/node']}`,
    ];
    await ok('npm', install, app);
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("npm pack's prepare builds dist/, with every file the exports name", () => {
    const targets = exportTargets();
    expect(targets.length).toBeGreaterThan(20);
    const missing = targets.filter((t) => !packed.includes(t));
    expect(missing, 'exports targets missing from the tarball').toEqual([]);
    for (const t of targets) expect(existsSync(join(ROOT, t)), t).toBe(true);
  });

  it('ships only dist/, the launcher, README and package.json, with every runtime file the code loads', () => {
    const stray = packed.filter(
      (p) => !/^(dist\/.|bin\/sealsim\.mjs$|README\.md$|LICENSE$|package\.json$)/.test(p),
    );
    expect(stray).toEqual([]);
    expect(packed.filter((p) => /\.test\.|(?<!\.d)\.ts$/.test(p))).toEqual([]);
    const assets = runtimeAssets();
    expect(assets).toEqual(expect.arrayContaining(['simulators/core/pdf/worker.mjs']));
    expect(assets.filter((a) => !packed.includes(`dist/${a}`))).toEqual([]);
    // The command's bundle (scripts/build.ts): what the launcher runs
    expect(packed).toContain('dist/cli/cli.js');
    expect(packed.filter((p) => p.startsWith('dist/cli/')).length).toBeGreaterThan(5); // a chunk per vendor
  });

  it('installs with no tsx and no second msw: the app resolves one, and sealsim imports that one', () => {
    const mods = join(app, 'node_modules');
    expect(existsSync(join(mods, 'tsx'))).toBe(false);
    expect(existsSync(join(mods, 'sealsim', 'node_modules'))).toBe(false);
    const fromSealsim = createRequire(join(mods, 'sealsim', 'dist', 'index.js')).resolve('msw/package.json');
    expect(realpathSync(fromSealsim)).toBe(realpathSync(join(mods, 'msw', 'package.json')));
  });

  it(
    'plain node imports the clients, the kit and the entry as ESM, and require() loads them',
    async () => {
      const esm = await node(
        [
          '--input-type=module',
          '-e',
          "import('sealsim/clients/esign').then(async (c) => { const k = await import('sealsim/kit'); " +
            'console.log(JSON.stringify([typeof c.createEsignClient, typeof k.createSimulator])); })',
        ],
        app,
      );
      expect(JSON.parse(esm)).toEqual(['function', 'function']);
      const cjs = JSON.parse(await node(['check.cjs'], app)) as {
        client: string;
        kit: string[];
        health: number;
      };
      expect(cjs.client).toBe('function');
      expect(cjs.kit).toEqual(expect.arrayContaining(['createSimulator', 'validateResponse']));
      expect(cjs.health).toBe(200);
    },
    SLOW,
  );

  it(
    "sim.mswHandlers() are served by the app's msw (the newest 2.x), the vendor's real host included",
    async () => {
      const r = JSON.parse(await node(['check-msw.mjs'], app)) as { msw: string; ids: string[] };
      expect(r.msw).toBe(pkg.devDependencies.msw);
      expect(r.ids).toHaveLength(2);
      for (const id of r.ids) expect(id).toMatch(/\w{8,}/);
    },
    SLOW,
  );

  it(
    "the consumer's tsc (strict, no skipLibCheck) checks the clients, kit and msw handlers, CJS and ESM",
    async () => {
      // One run (each takes the whole declaration graph): app.ts is clean and app.mts has one line
      // more, a path the vendor does not have, which must be its only error (the types are real).
      writeFileSync(join(app, 'app.mts'), `${APP_TS}\nexport const bad = esign.call('/no/such/path', {});\n`);
      const r = await run(process.execPath, [TSC, '-p', app], app);
      writeFileSync(join(app, 'app.mts'), APP_TS);
      const errors = r.out.split('\n').filter((l) => /error TS\d+/.test(l));
      expect(errors, r.out + r.err).toHaveLength(1);
      expect(errors[0]).toMatch(/^app\.mts\(\d+,\d+\): error TS2345: .*\/no\/such\/path/);
    },
    SLOW,
  );

  it(
    'npx sealsim start runs the bundled CLI with plain node: health, every vendor port, page assets, keys',
    async () => {
      // Without the unbundled CLI (and with no tsx to fall back on) only the bundle can start it
      rmSync(join(app, 'node_modules', 'sealsim', 'dist', 'bin'), { recursive: true, force: true });
      const port = await freeBasePortFrom(46000);
      const bin = join(app, 'node_modules', '.bin', 'sealsim');
      const child = spawn(bin, ['start', '--port', String(port)], {
        cwd: app,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      try {
        const until = Date.now() + 30_000;
        let health: Response | undefined;
        while (!health && Date.now() < until) {
          health = await fetch(`http://127.0.0.1:${port}/__sim/health`).catch(() => undefined);
          if (!health) await new Promise((r) => setTimeout(r, 100));
        }
        expect(health?.status, out).toBe(200);
        // Each vendor's chunk loaded and serving (wosign over TLS with the certificate it issued)
        for (const offset of [1, 2, 3, 4]) {
          const res = await fetch(`http://127.0.0.1:${port + offset}/`, { headers: { accept: 'text/html' } });
          expect(res.status, `port ${port + offset}`).toBeLessThan(400);
        }
        const ca = await (await fetch(`http://127.0.0.1:${port}/__sim/wosign/ca.pem`)).text();
        const wosign = await new Promise<number | undefined>((resolve, reject) =>
          https
            .get(`https://127.0.0.1:${port + 5}/`, { ca, headers: { accept: 'text/html' } }, (res) => {
              res.resume();
              resolve(res.statusCode);
            })
            .on('error', reject),
        );
        expect(wosign).toBeLessThan(400);
        const asset = async (url: string) => {
          const res = await fetch(url);
          return { status: res.status, text: await res.text() };
        };
        const viewer = await asset(`http://127.0.0.1:${port + 2}/h5/assets/pdfjs/viewer.mjs`);
        expect(viewer.status).toBe(200);
        expect(viewer.text).toContain('GlobalWorkerOptions');
        expect((await asset(`http://127.0.0.1:${port + 4}/sdk/api/yht.js`)).status).toBe(200);
        const view = await asset(`http://127.0.0.1:${port + 4}/sdk/viewsopen/assets/page/contract-view.mjs`);
        expect(view.status).toBe(200);
        while (!/Ctrl-C/.test(out)) await new Promise((r) => setTimeout(r, 50));
        const keyPath = /privateKeyPath=(\S+)/.exec(out)?.[1];
        expect(keyPath, out).toContain(join('node_modules', 'sealsim', 'dist'));
        expect(readFileSync(keyPath!, 'utf8')).toContain('PRIVATE KEY');
      } finally {
        child.kill('SIGTERM');
      }
    },
    SLOW,
  );

  it(
    'the PDF worker pool runs its jobs from dist/ with plain node',
    async () => {
      const doc = await PDFDocument.create();
      doc.addPage();
      doc.addPage();
      writeFileSync(join(app, 'two-pages.pdf'), await doc.save());
      const pdfIndex = join(app, 'node_modules', 'sealsim', 'dist', 'simulators', 'core', 'pdf', 'index.js');
      // A file, not `node -e`: workers inherit `--input-type`, which a file entry refuses. The pool's
      // workers are unref'd (a server keeps the process alive): so does the interval.
      writeFileSync(
        join(app, 'pdf-job.mjs'),
        'const alive = setInterval(() => {}, 1000);' +
          `const { pageCount, configurePdfPool } = await import(${JSON.stringify(pdfIndex)});` +
          "const n = await pageCount(new Uint8Array((await import('node:fs')).readFileSync('two-pages.pdf')));" +
          'await configurePdfPool(); clearInterval(alive); console.log(n);',
      );
      expect((await node(['pdf-job.mjs'], app)).trim()).toBe('2');
    },
    SLOW,
  );

  it(
    `the lowest msw it supports (${LOWEST_MSW}) serves the handlers and type-checks`,
    async () => {
      await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `msw@${LOWEST_MSW}`], app);
      const r = JSON.parse(await node(['check-msw.mjs'], app)) as { msw: string; ids: string[] };
      expect(r.msw).toBe(LOWEST_MSW);
      expect(r.ids).toHaveLength(2);
      expect(JSON.parse(await node(['check.cjs'], app))).toMatchObject({ health: 200 });
      const tsc = await run(process.execPath, [TSC, '-p', app], app);
      expect(tsc.out + tsc.err).toBe('');
    },
    SLOW,
  );
});
