/**
 * `npm run build` (also `prepare`, so `npm ci`, `npm pack` and a git install build it): compiles the
 * package to `dist/` as ESM JavaScript with `.d.ts` files (tsconfig.build.json: tsc rewrites the
 * sources' `./x.ts` imports to `./x.js`), then copies every other file the code loads at run time
 * (PDF worker entry, browser scripts, keys, hand-written `.d.ts`, JSON fixtures) to the same
 * relative place, so `new URL('./x', import.meta.url)` finds it from any install location.
 *
 * Last, the command's bundle (`dist/cli/`, what bin/sealsim.mjs runs): the compiled CLI and the
 * packages it uses in a few files, one chunk per vendor loaded when that vendor is enabled. Node
 * spends most of a start resolving, reading and linking ~440 ES modules one by one; the bundle
 * starts in about two thirds of the time (docs/performance.md, "Start-up: the bundled command").
 * The library entries (`sealsim`, `sealsim/kit`, the clients) stay the unbundled tsc output.
 */
import { spawnSync } from 'node:child_process';
import { build as esbuild, type Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');

/** The source folders compiled to dist/ (tsconfig.build.json's include, besides index.ts and bin/cli.ts). */
export const SOURCE_DIRS = ['simulators', 'contracts', 'clients', 'kit'] as const;

/** A source file tsc does not emit but the code reads at run time (or a consumer's tsc reads). */
export function isRuntimeAsset(rel: string): boolean {
  if (/\.test\.ts$|\.md$/.test(rel)) return false;
  return rel.endsWith('.d.ts') || !rel.endsWith('.ts');
}

/** Every file under `dir`, recursively. */
export function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Every runtime asset under the source folders, relative to the repo root. */
export function runtimeAssets(): string[] {
  return SOURCE_DIRS.flatMap((d) => walk(join(ROOT, d)))
    .map((f) => relative(ROOT, f))
    .filter(isRuntimeAsset)
    .sort();
}

/** A relative `.ts`/`.d.ts` specifier in a declaration file, as `from '…'` or `import('…')`. */
const RELATIVE_TS = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+?)(\.d)?\.ts\2/g;

/**
 * The `.d.cts` twin of a `.d.ts` file: relative imports point at the twins. A CommonJS consumer's
 * tsc reads these (the `require` condition), so the packages they import (msw above all) resolve
 * to the same CommonJS types as the consumer's own imports: with the ESM `.d.ts`, msw's handler
 * classes would come from its `.d.mts`, and `setupServer(...sim.mswHandlers())` would not type-check.
 * At run time a `require()` loads the ESM build itself (require(esm), Node 20.19+).
 */
export function toCtsDeclaration(dts: string): string {
  return dts.replace(RELATIVE_TS, (_m, pre: string, q: string, path: string, d?: string) =>
    d ? `${pre}${q}${path}.d.cts${q}` : `${pre}${q}${path}.cts${q}`,
  );
}

function writeCtsTwins(): number {
  const files = walk(DIST).filter((f) => f.endsWith('.d.ts'));
  for (const f of files)
    writeFileSync(f.replace(/\.d\.ts$/, '.d.cts'), toCtsDeclaration(readFileSync(f, 'utf8')));
  return files.length;
}

/** Where the command's bundle goes: bin/sealsim.mjs runs `dist/cli/cli.js` when it is there. */
export const CLI_BUNDLE = join(DIST, 'cli');

/**
 * Loaded from node_modules as they are, not bundled: the PDF toolkit (only the PDF workers and a
 * baoquan image check load it, by dynamic import; pdfjs also finds its worker file beside itself),
 * and what the command never loads.
 */
const NOT_BUNDLED = ['pdfjs-dist', 'pdf-lib', '@pdf-lib/*', 'fontkit', 'msw', 'msw/*', 'playwright-core'];

/**
 * A module's `import.meta.url` inside the bundle, pointing at where the module was compiled to,
 * so the files it finds beside itself (keys, page scripts, the PDF worker) and `createRequire` keep
 * their places. `fromDir` is the bundle's folder, `file` the compiled module.
 */
export function keepModuleUrl(code: string, file: string, fromDir: string): string {
  if (!code.includes('import.meta.url')) return code;
  const rel = relative(fromDir, file).split(sep).join('/');
  return code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
}

const REQUIRE_BANNER = [
  "import { createRequire as sealsimRequire } from 'node:module';",
  'const require = sealsimRequire(import.meta.url);',
].join('\n');

async function bundleCli(): Promise<void> {
  const entry = join(DIST, 'bin', 'cli.js');
  const moduleUrls: Plugin = {
    name: 'module-urls',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        // bin/cli.ts compares its own URL with argv[1] to run as a script: left as the bundle's
        if (!args.path.startsWith(DIST + sep) || args.path === entry) return undefined;
        return {
          contents: keepModuleUrl(readFileSync(args.path, 'utf8'), args.path, CLI_BUNDLE),
          loader: 'js',
        };
      });
    },
  };
  rmSync(CLI_BUNDLE, { recursive: true, force: true });
  await esbuild({
    entryPoints: [entry],
    outdir: CLI_BUNDLE,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: NOT_BUNDLED,
    plugins: [moduleUrls],
    // CommonJS packages in the bundle (node-forge) require node's built-ins through `require`
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
  });
}

export async function build(): Promise<{ ms: number; assets: number }> {
  const t0 = Date.now();
  rmSync(DIST, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${r.status})`);
  const assets = runtimeAssets();
  for (const rel of assets) {
    mkdirSync(dirname(join(DIST, rel)), { recursive: true });
    copyFileSync(join(ROOT, rel), join(DIST, rel));
  }
  writeCtsTwins();
  await bundleCli();
  return { ms: Date.now() - t0, assets: assets.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const { ms, assets } = await build();
    console.log(`built dist/ in ${(ms / 1000).toFixed(1)} s (${assets} runtime files copied)`);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
