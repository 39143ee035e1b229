// Runs the openssl CLI (Debian's openssl package; .ci/run installs it) on files in a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  ok: boolean;
  out: string;
}

export function openssl(args: string[], cwd: string): OpensslResult {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

/** A temp folder with these files (name → bytes or text); `cleanup()` removes it. */
export function workdir(files: Record<string, Uint8Array | string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-pki-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
