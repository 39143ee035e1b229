/**
 * docs/api/ is typedoc's markdown of the package entry, the kit and the clients (typedoc.json;
 * `npm run docs` writes it). It fails when the committed files are stale: typedoc is run again
 * into a temp dir and every file compared. (No git revision links or dates: the output is the same
 * on every run.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT } from '../../scripts/build.ts';

const API = join(ROOT, 'docs', 'api');
const TYPEDOC = join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
const out = mkdtempSync(join(tmpdir(), 'sealsim-api-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

it('docs/api/ is what `npm run docs` writes now (run it after changing a TSDoc comment or an export)', async () => {
  const log = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [TYPEDOC, '--out', out, '--logLevel', 'Warn'], { cwd: ROOT });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`typedoc exited ${code}:\n${text}`)),
    );
  });
  expect(log).toBe('');
  const committed = files(API);
  expect(committed).toEqual(
    expect.arrayContaining(['README.md', 'kit.md', 'kit/vitest.md', 'clients/esign.md']),
  );
  expect(files(out), 'the files npm run docs writes').toEqual(committed);
  for (const f of committed)
    expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(API, f), 'utf8'));
}, 240_000);
