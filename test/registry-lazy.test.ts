/**
 * The registry is a list of light descriptors whose `load()` imports a vendor only when it runs
 * (issue 17, start-up): `sealsim start --vendors esign` must import no other vendor's contract or
 * simulator. Counted, not timed: a module loader hook in the CLI's process lists every file it
 * loads.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderAllVendors } from '../scripts/all-vendors.ts';
import { definitions } from '../simulators/all.ts';
import { loadContracts, loadVendors, vendors } from '../simulators/registry.ts';
import { freeBasePortFrom } from './helpers/ports.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** Registers a `load` hook that writes each file URL the process loads to stderr as `LOADED <url>`. */
const TRACE = `data:text/javascript,${encodeURIComponent(
  "import { register } from 'node:module';" +
    'register(' +
    JSON.stringify(
      `data:text/javascript,${encodeURIComponent(
        'export async function load(url, context, next) {' +
          "  if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n');" +
          '  return next(url, context);' +
          '}',
      )}`,
    ) +
    ');',
)}`;

/** The files the CLI loads until its banner, with these arguments. */
async function filesLoaded(args: string[]): Promise<string[]> {
  const port = await freeBasePortFrom(44000);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', TRACE, 'bin/cli.ts', 'start', '--port', String(port), ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const until = Date.now() + 60_000;
  while (!out.includes('Ctrl-C stops it.')) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`sealsim did not start:\n${out}\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGTERM');
  await exited;
  return [...err.matchAll(/^LOADED file:\/\/(.*)$/gm)].map((m) => m[1]!.slice(ROOT.length));
}

const vendorFiles = (files: string[], id: string) =>
  files.filter((f) => f.startsWith(`simulators/${id}/`) || f.startsWith(`contracts/${id}/`));

describe('lazy vendor registry', () => {
  it('lists descriptors whose load() gives the definition simulators/all.ts holds, facts agreeing', async () => {
    expect(definitions.map((d) => d.id)).toEqual(vendors.map((v) => v.id));
    for (const [i, v] of vendors.entries()) {
      const d = await v.load();
      expect(d).toBe(definitions[i]);
      expect({ name: d.name, port: d.defaultPort, cli: d.cliOptions, scheme: d.scheme }).toEqual({
        name: v.name,
        port: v.defaultPort,
        cli: v.cliOptions,
        scheme: v.scheme,
      });
    }
  });

  it('loads only the vendors asked for, in registry order', async () => {
    expect((await loadVendors(['wosign', 'esign'])).map((d) => d.id)).toEqual(['esign', 'wosign']);
    expect((await loadVendors()).map((d) => d.id)).toEqual(vendors.map((v) => v.id));
    expect((await loadContracts()).map((c) => c.id)).toEqual([...vendors.map((v) => v.id), 'control']);
  });

  it('simulators/all.ts imports every registered vendor (generated from the registry)', () => {
    const source = renderAllVendors();
    for (const v of vendors) expect(source).toContain(`from './${v.id}/index.ts'`);
    expect(renderAllVendors(['esign', 'yunhetong-digest'])).toContain(
      'export const definitions = [esign, yunhetongDigest] as const;',
    );
  });

  it('`sealsim start --vendors esign` imports no other vendor, all five none of the PDF libraries', async () => {
    const [one, all] = await Promise.all([
      filesLoaded(['--vendors', 'esign', '--log', 'off']),
      filesLoaded(['--log', 'off']),
    ]);
    expect(vendorFiles(one, 'esign').length).toBeGreaterThan(10);
    for (const v of vendors) {
      expect(vendorFiles(all, v.id).length, v.id).toBeGreaterThan(0);
      if (v.id !== 'esign')
        expect(vendorFiles(one, v.id), v.id).toEqual([`simulators/${v.id}/descriptor.ts`]);
    }
    // in-process use (all five at once) is not on the CLI's path
    expect(one).not.toContain('simulators/all.ts');
    expect(all).not.toContain('simulators/all.ts');
    // the PDF libraries load in the PDF worker, on the first PDF job: none is started ahead of use
    const pdfLibraries = (files: string[]) =>
      files.filter((f) => /node_modules\/(pdf-lib|fontkit|pdfjs-dist|@pdf-lib)\//.test(f));
    expect(pdfLibraries(all)).toEqual([]);
    expect(all.some((f) => f.startsWith('node_modules/hono/'))).toBe(true);
  }, 120_000);
});
