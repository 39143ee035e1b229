/**
 * Every ```ts block in README.md runs as written (issue 13): each is written to a temp dir as an
 * ES module, `sealsim/*` mapped to this repository's sources (tsconfig paths for tsx, aliases for
 * vitest), next to a `contract.pdf` (scripts/sample-pdf.ts) and the repo's `simulators/` keys.
 * They type-check with the repository's compiler options (tsc), and each runs:
 * - A block that makes its own simulator (createSimulator, setupServer) runs alone under node.
 * - A block importing vitest runs as a test file with vitest.
 * - Any other block talks to `npm start`'s origins: it is imported by a script that answers those
 *   in-process with msw and a simulator, so nothing listens and nothing collides.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/build.ts';

interface Snippet {
  line: number;
  code: string;
}

/** The ```ts blocks of a markdown text, with the line each starts on. */
export function tsBlocks(markdown: string): Snippet[] {
  const out: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const end = lines.indexOf('```', i + 1);
    out.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }
  return out;
}

const snippets = tsBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const kind = (s: Snippet) =>
  /from 'vitest'/.test(s.code)
    ? 'vitest'
    : /createSimulator|setupServer/.test(s.code)
      ? 'alone'
      : 'npm start';

const SOURCES = {
  sealsim: 'index.ts',
  'sealsim/kit': 'kit/index.ts',
  'sealsim/kit/vitest': 'kit/vitest.ts',
  'sealsim/clients/*': 'clients/*/index.ts',
};

// What npm start serves, in-process: the default origins (127.0.0.1:4000-4005) answered by msw.
// The interval stands in for the listening server (the PDF worker pool's workers are unref'd).
const RUN_WITH_SIMULATOR = `
import { setupServer } from 'msw/node';
import { createSimulator } from 'sealsim';
const sim = createSimulator();
const server = setupServer(...sim.mswHandlers());
server.listen({ onUnhandledRequest: 'error' });
const alive = setInterval(() => {}, 1000);
try {
  await import(process.argv[2]);
} finally {
  clearInterval(alive);
  server.close();
  sim.close();
}
`;

/** vitest's aliases: each SOURCES entry as `[pattern, replacement]` (`*` the one wildcard). */
const ALIASES = Object.entries(SOURCES).map(([k, v]) => [
  `^${k.replace('*', '(.+)')}$`,
  join(ROOT, v.replace('*', '$1')),
]);

const VITEST_CONFIG = `
import { defineConfig } from 'vitest/config';
const aliases = ${JSON.stringify(ALIASES)};
export default defineConfig({
  resolve: { alias: aliases.map(([find, replacement]) => ({ find: new RegExp(find), replacement })) },
  test: { include: ['*.test.mts'], testTimeout: 30_000 },
});
`;

let dir: string;
const fileName = (s: Snippet) =>
  kind(s) === 'vitest' ? `readme-${s.line}.test.mts` : `readme-${s.line}.mts`;

interface Run {
  code: number | null;
  out: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sealsim-readme-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  symlinkSync(join(ROOT, 'simulators'), join(dir, 'simulators'), 'dir');
  const paths = Object.fromEntries(Object.entries(SOURCES).map(([k, v]) => [k, [join(ROOT, v)]]));
  // the repository's compiler options (its fontkit declaration included), sealsim mapped to the sources
  const include = ['*.mts', join(ROOT, 'simulators/core/pdf/fontkit-shim.d.ts')];
  const tsconfig = { extends: join(ROOT, 'tsconfig.json'), compilerOptions: { paths }, include };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  writeFileSync(join(dir, 'run-with-simulator.mts'), RUN_WITH_SIMULATOR);
  writeFileSync(join(dir, 'vitest.config.mts'), VITEST_CONFIG);
  for (const s of snippets) writeFileSync(join(dir, fileName(s)), s.code);
  const pdf = await run([join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/sample-pdf.ts')]);
  expect(pdf.code, pdf.out).toBe(0);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README.md TypeScript snippets run as written', () => {
  it('finds them: the typed clients, in-process, the kit', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(8);
    expect(snippets.map(kind)).toEqual(expect.arrayContaining(['vitest', 'alone', 'npm start']));
  });

  it('they type-check (strict) against the sources', async () => {
    const r = await run([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir, '--noEmit']);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 180_000);

  it.each(snippets.map((s) => [s.line, kind(s), s] as const))(
    'README.md:%i (%s)',
    async (_line, how, s) => {
      let r: Run;
      if (how === 'vitest') {
        const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
        r = await run([vitest, 'run', fileName(s), '--config', 'vitest.config.mts', '--root', dir]);
        // eslint-disable-next-line no-control-regex
        expect(r.out.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+\d+ passed/);
      } else {
        const file = `./${fileName(s)}`;
        const args = how === 'npm start' ? ['run-with-simulator.mts', file] : [file];
        r = await run(['--import', 'tsx', ...args], { TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') });
      }
      expect(r.code, r.out).toBe(0);
    },
    180_000,
  );
});
