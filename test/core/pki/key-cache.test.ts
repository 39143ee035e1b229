/**
 * Deterministic CA keys are kept on disk (core/pki/keys.ts), so a start does not search for primes
 * again (issue 17: wosign's https port waited for its hierarchy and server key). Counted through
 * what a fresh module instance returns: a planted file is what it reads.
 */
import crypto from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sealsim-key-cache-'));
const before = process.env.SEALSIM_KEY_CACHE;
process.env.SEALSIM_KEY_CACHE = dir;
afterAll(() => {
  if (before === undefined) delete process.env.SEALSIM_KEY_CACHE;
  else process.env.SEALSIM_KEY_CACHE = before;
  rmSync(dir, { recursive: true, force: true });
});

/** keys.ts afresh: its in-process cache empty, as in a new process. */
async function freshKeys() {
  vi.resetModules();
  return import('../../../simulators/core/pki/keys.ts');
}

const pem = (k: crypto.KeyObject) => String(k.export({ type: 'pkcs8', format: 'pem' }));
const seed = `cache-${process.pid}-${Date.now()}`;

describe('the on-disk key cache', () => {
  it('writes each derived key once, and a new process reads it instead of deriving', async () => {
    const keys = await freshKeys();
    const a = keys.deterministicRsaKey(seed, 'a');
    const files = readdirSync(dir).filter((f) => f.endsWith('.pem'));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(dir, files[0]!), 'utf8')).toBe(pem(a));
    expect(pem(keys.deriveRsaKey(seed, 'a'))).toBe(pem(a));

    keys.deterministicRsaKey(seed, 'b');
    const fileB = readdirSync(dir).find((f) => f.endsWith('.pem') && f !== files[0])!;
    writeFileSync(join(dir, fileB), pem(a)); // planted: what a new process must take as is
    expect(pem((await freshKeys()).deterministicRsaKey(seed, 'b'))).toBe(pem(a));
  });

  it('derives again and rewrites a file that does not parse', async () => {
    const keys = await freshKeys();
    const c = keys.deterministicRsaKey(seed, 'c');
    const file = readdirSync(dir).find((f) => readFileSync(join(dir, f), 'utf8') === pem(c))!;
    writeFileSync(join(dir, file), 'not a key');
    expect(pem((await freshKeys()).deterministicRsaKey(seed, 'c'))).toBe(pem(c));
    expect(readFileSync(join(dir, file), 'utf8')).toBe(pem(c));
    expect(readdirSync(dir).filter((f) => !f.endsWith('.pem'))).toEqual([]); // no partial files left
  });

  it("ignores a file others may write (the shared tmp is anyone's)", async () => {
    const keys = await freshKeys();
    const d = keys.deterministicRsaKey(seed, 'd');
    const e = keys.deterministicRsaKey(seed, 'e');
    const file = readdirSync(dir).find((f) => readFileSync(join(dir, f), 'utf8') === pem(d))!;
    writeFileSync(join(dir, file), pem(e));
    chmodSync(join(dir, file), 0o666);
    expect(pem((await freshKeys()).deterministicRsaKey(seed, 'd'))).toBe(pem(d));
    chmodSync(join(dir, file), 0o600);
    writeFileSync(join(dir, file), pem(e)); // the same plant, owned and private: read as is
    expect(pem((await freshKeys()).deterministicRsaKey(seed, 'd'))).toBe(pem(e));
  });
});
