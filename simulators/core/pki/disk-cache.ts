import crypto from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * What the test PKI derives at a cost and can derive again, kept on disk between starts
 * (SEALSIM_KEY_CACHE, default `<os tmp>/sealsim-keys-v1`), one PEM file per id: CA keys (a prime
 * search of about 50 ms each, keys.ts) and the CA certificates made from them (authority.ts). A
 * file that does not parse is derived again and rewritten; failing to write is ignored. The shared
 * tmp is anyone's: a file is read only when this user owns it and no one else may write it.
 */
function cacheFile(id: string): string {
  const dir = process.env.SEALSIM_KEY_CACHE || join(tmpdir(), 'sealsim-keys-v1');
  return join(dir, `${crypto.createHash('sha256').update(`sealsim-pki-v1\u0000${id}`).digest('hex')}.pem`);
}

/** The text kept for `id`, or undefined when there is none this user may trust. */
export function readCached(id: string): string | undefined {
  try {
    const file = cacheFile(id);
    if (!ownedByUs(file) || !ownedByUs(dirname(file))) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Owned by this process's user and writable by no one else (always true where uids don't exist). */
function ownedByUs(path: string): boolean {
  const st = statSync(path);
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

export function writeCached(id: string, text: string): void {
  try {
    const file = cacheFile(id);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const part = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    writeFileSync(part, text, { mode: 0o600 });
    renameSync(part, file); // whole files only, whoever writes at the same time
  } catch {
    // a read-only or full disk: derived again next start
  }
}
