/**
 * `npm run bench`: one command, under 5 minutes on 2 cores, that rewrites docs/performance.md's
 * BENCH table (between the markers) and prints it.
 *
 * It starts one shared sealsim (`node bin/sealsim.mjs start`: the built command users run, built
 * first if a source is newer; every vendor, `--clock manual`, a temp yunhetong-digest sandbox)
 * pinned to core 0, pins itself (the load generator) to core 1, then
 * runs SECTIONS in order. A section (bench/section.ts) is a module of its own under bench/ that
 * returns table rows; it measures against a bare baseline in the same run wherever there is one.
 * To add one: import it and append it to SECTIONS. `BENCH_ONLY=name,name` runs only the sections
 * whose name contains one of these and prints their rows without writing the doc (trying a section).
 *
 * Env: BENCH_SECONDS (per load window, default 5), BENCH_PORT (25000), BENCH_INPROC_CALLS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, CLI_BUNDLE, ROOT, SOURCE_DIRS, walk } from '../scripts/build.ts';
import { esignSignedHeaders } from './baseline-esign.ts';
import { httpRatiosSection } from './http-ratios.ts';
import { inprocessSection } from './inprocess.ts';
import { bombRow, measureSigningUnderBombs } from './pdf-bombs.ts';
import { pdfSigningSection } from './pdf-sign.ts';
import {
  loadAverage,
  pinLoadGenerator,
  pinServer,
  waitFor200,
  type BenchContext,
  type BenchSection,
} from './section.ts';
import { measureSigning } from './signing.ts';
import { startupSection } from './startup.ts';
import { stateScaleSection } from './state-scale.ts';
import { tenantsSection } from './tenants.ts';
import { wosignBench, wosignRows } from './wosign.ts';
import { yunhetongDigestBench } from './yunhetong-digest.ts';
import { yunhetongSdkBench, yunhetongSdkRows } from './yunhetong-sdk.ts';

// Below the ephemeral range (32768–60999 here): a client socket on a port made it busy (EADDRINUSE).
const BASE_PORT = Number(process.env.BENCH_PORT ?? 25000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SECTION_TIMEOUT = Number(process.env.BENCH_SECTION_TIMEOUT ?? 180);

const sharedStartup: BenchSection = {
  name: 'shared server start',
  run: async (ctx) => [
    `| spawn → first 200 (control /__sim/health), the repo's build (\`node bin/sealsim.mjs start\`) | ` +
      `${ctx.sealsim.toHealthMs.toFixed(0)} ms | < 1000 ms |`,
    `| spawn → first 200 (esign signed /account/idexchange), the same | ` +
      `${ctx.sealsim.toEsignMs.toFixed(0)} ms | < 1000 ms |`,
  ],
};

/** The newest modification time of a source file the build compiles (ms). */
function newestSource(): number {
  const files = [join(ROOT, 'index.ts'), ...[...SOURCE_DIRS, 'bin'].flatMap((d) => walk(join(ROOT, d)))];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

/**
 * The shared server is the command users run (`npx sealsim start`: bin/sealsim.mjs, the bundle in
 * dist/cli/), built first when it is missing or a source is newer (scripts/build.ts, 15–25 s).
 */
async function ensureBuilt(): Promise<void> {
  let built = 0;
  try {
    built = statSync(join(CLI_BUNDLE, 'cli.js')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newestSource()) return;
  const { ms } = await build();
  console.error(`[bench] built dist/ in ${(ms / 1000).toFixed(1)} s`);
}

const esignSigning: BenchSection = {
  name: 'esign signing',
  async run() {
    const s = await measureSigning();
    return [
      `| esign silent signing of a 10-page PDF with two keyword seals (/sign/start, in-process), median ` +
        `of ${s.runs} | ${s.medianMs.toFixed(0)} ms (min ${s.minMs.toFixed(0)}, max ` +
        `${s.maxMs.toFixed(0)}) | < 150 ms |`,
    ];
  },
};

const pdfBombs: BenchSection = {
  name: 'signing under PDF bombs',
  run: async () => [bombRow(await measureSigningUnderBombs())],
};

const yunhetongDigest: BenchSection = {
  name: 'yunhetong-digest',
  async run(ctx) {
    const yht = await yunhetongDigestBench(
      `http://127.0.0.1:${ctx.sealsim.basePort + 3}`,
      ctx.sealsim.sandbox,
      ctx.seconds,
    );
    return [
      `| yunhetong-digest /user/signerId/certifyNums, platform token, 32 keep-alive connections, ` +
        `${ctx.seconds} s | ${yht.load.perSecond.toFixed(0)} req/s (p50 ${yht.load.p50ms.toFixed(2)} ms, ` +
        `p99 ${yht.load.p99ms.toFixed(2)} ms, ${yht.load.errors} errors of ${yht.load.requests}) | — |`,
      `| yunhetong-digest /sign/filePath of a 10-page PDF in the sandbox, keyword seal + digest ` +
        `caption, over HTTP, median of ${yht.signing.runs} | ${yht.signing.medianMs.toFixed(0)} ms (min ` +
        `${yht.signing.minMs.toFixed(0)}, max ${yht.signing.maxMs.toFixed(0)}) | — |`,
    ];
  },
};

const yunhetongSdk: BenchSection = {
  name: 'yunhetong-sdk',
  async run(ctx) {
    const sdk = await yunhetongSdkBench(
      `http://127.0.0.1:${ctx.sealsim.basePort + 4}/sdk`,
      ctx.port(),
      ctx.seconds,
    );
    return yunhetongSdkRows(sdk, ctx.seconds);
  },
};

const wosign: BenchSection = {
  name: 'wosign',
  async run(ctx) {
    const base = ctx.sealsim.basePort;
    const r = await wosignBench(
      `https://127.0.0.1:${base + 5}`,
      `http://127.0.0.1:${base}`,
      ctx.port(),
      ctx.seconds,
      ctx.sealsim.pid,
    );
    return wosignRows(r, ctx.seconds);
  },
};

/** Every section, in the order its rows appear. Helpers: one import above, one entry here. */
const SECTIONS: BenchSection[] = [
  sharedStartup,
  startupSection,
  httpRatiosSection,
  inprocessSection,
  esignSigning,
  pdfSigningSection,
  pdfBombs,
  yunhetongDigest,
  yunhetongSdk,
  wosign,
  stateScaleSection,
  tenantsSection,
];

async function main(): Promise<void> {
  pinLoadGenerator();
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  const sections = only ? SECTIONS.filter((s) => only.some((o) => s.name.includes(o))) : SECTIONS;
  await ensureBuilt();
  const sandbox = mkdtempSync(join(tmpdir(), 'sealsim-bench-yht-'));
  const t0 = performance.now();
  const { command, args } = pinServer([
    process.execPath,
    'bin/sealsim.mjs',
    'start',
    '--port',
    String(BASE_PORT),
    '--clock',
    'manual',
    '--yunhetong-digest-sandbox',
    sandbox,
  ]);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  let nextPort = BASE_PORT + 20;
  const started = Date.now();
  try {
    await waitFor200(`http://127.0.0.1:${BASE_PORT}/__sim/health`);
    const toHealthMs = performance.now() - t0;
    const probe = JSON.stringify({ thirdId: 'bench-probe' });
    await waitFor200(`http://127.0.0.1:${BASE_PORT + 2}/opentreaty/rest/v3.0/account/idexchange`, {
      method: 'POST',
      headers: esignSignedHeaders(probe),
      body: probe,
    });
    const ctx: BenchContext = {
      seconds: SECONDS,
      sealsim: {
        basePort: BASE_PORT,
        sandbox,
        toHealthMs,
        toEsignMs: performance.now() - t0,
        pid: child.pid!,
      },
      port: () => nextPort++,
    };
    const rows: string[] = [];
    for (const section of sections) {
      const s0 = Date.now();
      // A section that fails (or hangs past BENCH_SECTION_TIMEOUT seconds, 180) leaves a row saying
      // so; the others still run and the table is written.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no rows after ${SECTION_TIMEOUT} s`)),
          SECTION_TIMEOUT * 1000,
        );
      });
      const got = await Promise.race([section.run(ctx), timeout])
        .finally(() => clearTimeout(timer))
        .catch((err: unknown) => {
          console.error(`[bench] ${section.name} failed:`, err);
          const why = (err instanceof Error ? err.message : String(err)).replace(/[|\n]/g, ' ').slice(0, 200);
          return [`| ${section.name} | failed: ${why} | — |`];
        });
      console.error(`[bench] ${section.name}: ${((Date.now() - s0) / 1000).toFixed(1)} s`);
      for (const row of got) console.log(row);
      rows.push(...got);
    }
    const lines = [
      `Measured ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ` +
        `${process.version}, by \`npm run bench\` in ${((Date.now() - started) / 1000).toFixed(0)} s (load ` +
        `average at the end ${loadAverage()}; other work shares the cores, so compare ratios within a row).`,
      '',
      '| measurement | result | target |',
      '| --- | --- | --- |',
      ...rows,
    ];
    if (only) return;
    const doc = 'docs/performance.md';
    const text = readFileSync(doc, 'utf8');
    writeFileSync(
      doc,
      text.replace(
        /<!-- BENCH:START -->[\s\S]*<!-- BENCH:END -->/,
        `<!-- BENCH:START -->\n${lines.join('\n')}\n<!-- BENCH:END -->`,
      ),
    );
  } finally {
    child.kill('SIGINT');
    rmSync(sandbox, { recursive: true, force: true });
  }
}

await main();
// A section's leftover handle (a child it never reaped) must not keep the bench from ending.
process.exit(process.exitCode ?? 0);
