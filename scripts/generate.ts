/**
 * `npm run generate`: for every contract in the vendor registry (simulators/registry.ts), writes
 *   openapi/<id>.json          the OpenAPI 3.1 document (stable key order, 2-space indent)
 *   clients/<id>/schema.d.ts   openapi-typescript types for the typed client
 * simulators/all.ts (every vendor imported eagerly, scripts/all-vendors.ts), simulators/paths.ts (every
 * vendor's API paths, for hints) and the package exports.
 *
 * `renderGenerated()` renders the same files without writing them, so a test can tell when the
 * committed files are stale.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import pkg from '../package.json' with { type: 'json' };
import type { SealsimContract } from '../contracts/shared/contract.ts';
import { buildOpenApiDocument as buildDocument } from '../contracts/shared/openapi-document.ts';
import { loadContracts, loadVendors, vendors } from '../simulators/registry.ts';
import { ALL_VENDORS_PATH, renderAllVendors, renderVendorPaths, VENDOR_PATHS_PATH } from './all-vendors.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** The OpenAPI 3.1 document of one contract, with vendor extensions, in canonical key order. */
export function buildOpenApiDocument(contract: SealsimContract): JsonObject {
  return buildDocument(contract, pkg.version);
}

export function specPath(id: string): string {
  return `openapi/${id}.json`;
}

export function clientTypesPath(id: string): string {
  return `clients/${id}/schema.d.ts`;
}

/** openapi/<id>.json and clients/<id>/schema.d.ts for one contract, as file contents. */
export async function renderContract(contract: SealsimContract): Promise<Map<string, string>> {
  const doc = buildOpenApiDocument(contract);
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  const ast = await openapiTS(structuredClone(doc) as never, { silent: true });
  const dts = `${COMMENT_HEADER}${astToString(ast)}`;
  return new Map([
    [specPath(contract.id), json],
    [clientTypesPath(contract.id), dts],
  ]);
}

/**
 * Source entry (relative to the repo root) → its `exports` entry in the built package
 * (scripts/build.ts): ESM JavaScript for both conditions (`require` loads it as require(esm)), and
 * for `require` the `.d.cts` declarations, so a CommonJS consumer's tsc sees msw's CommonJS types.
 */
export function distExport(source: string): JsonObject {
  const base = `./dist/${source.replace(/\.ts$/, '')}`;
  return {
    import: { types: `${base}.d.ts`, default: `${base}.js` },
    require: { types: `${base}.d.cts`, default: `${base}.js` },
  };
}

/**
 * package.json with its `exports` derived from the registry: the package entry, the kit, and one
 * typed client per contract (every vendor and the control API), each pointing at the compiled
 * `dist/` with its `types`. The repo's own code imports sources by relative path, so only consumers
 * see these. The rest of the file is kept.
 */
export function renderPackageJson(
  list: ReadonlyArray<{ id: string }> = [...vendors, { id: 'control' }],
  current?: string,
): string {
  const pkg = JSON.parse(current ?? readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as JsonObject;
  const exports: JsonObject = {
    '.': distExport('index.ts'),
    './kit': distExport('kit/index.ts'),
    './kit/vitest': distExport('kit/vitest.ts'),
  };
  for (const c of list) exports[`./clients/${c.id}`] = distExport(`clients/${c.id}/index.ts`);
  exports['./package.json'] = './package.json';
  pkg.exports = exports;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Every generated file (path relative to the repo root → content), without writing. */
export async function renderGenerated(list?: readonly SealsimContract[]): Promise<Map<string, string>> {
  list ??= await loadContracts();
  const all = new Map<string, string>();
  for (const c of list) for (const [p, content] of await renderContract(c)) all.set(p, content);
  all.set('package.json', renderPackageJson(list));
  all.set(ALL_VENDORS_PATH, renderAllVendors());
  all.set(VENDOR_PATHS_PATH, await renderVendorPaths(await loadVendors()));
  return all;
}

async function main(): Promise<void> {
  const files = await renderGenerated();
  for (const [rel, content] of files) {
    const abs = resolve(REPO_ROOT, rel);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, content);
    console.log(`wrote ${rel}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
