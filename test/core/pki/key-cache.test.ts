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

/** authority.ts (and the keys and caches under it) afresh, as in a new process. */
async function freshAuthority() {
  vi.resetModules();
  return import('../../../simulators/core/pki/authority.ts');
}

const NOW = new Date('2026-06-01T00:00:00Z');
const hex = (der: Uint8Array) => Buffer.from(der).toString('hex');
const pemOf = (der: Uint8Array) => new crypto.X509Certificate(der).toString();

describe('the on-disk certificate cache (CA certificates and the TLS server certificate)', () => {
  it('a new process reads the CA certificates it issued, the same as issued afresh with no cache', async () => {
    const pkiSeed = `${seed}-ca`;
    const issued = (await freshAuthority()).createVendorPki({ vendor: 'v', seed: pkiSeed, now: () => NOW });
    const first = [issued.root, issued.intermediate, issued.tsa].map((c) => hex(c.certificate));
    const filesAfter = readdirSync(dir).length;
    const read = (await freshAuthority()).createVendorPki({ vendor: 'v', seed: pkiSeed, now: () => NOW });
    expect([read.root, read.intermediate, read.tsa].map((c) => hex(c.certificate))).toEqual(first);
    expect(readdirSync(dir)).toHaveLength(filesAfter); // nothing issued or written again

    // The same seed with an empty cache: what a stale cache would differ from (bump CA_CERTIFICATES)
    const elsewhere = mkdtempSync(join(tmpdir(), 'sealsim-key-cache-fresh-'));
    process.env.SEALSIM_KEY_CACHE = elsewhere;
    try {
      const fresh = (await freshAuthority()).createVendorPki({ vendor: 'v', seed: pkiSeed, now: () => NOW });
      expect([fresh.root, fresh.intermediate, fresh.tsa].map((c) => hex(c.certificate))).toEqual(first);
    } finally {
      process.env.SEALSIM_KEY_CACHE = dir;
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('takes a kept certificate for the key as it is, and issues again one that is not for it', async () => {
    const pkiSeed = `${seed}-planted`;
    const before = new Set(readdirSync(dir));
    const a = (await freshAuthority()).createVendorPki({ vendor: 'v', seed: pkiSeed, now: () => NOW });
    const root = hex(a.root.certificate);
    const rootFile = readdirSync(dir)
      .filter((f) => !before.has(f))
      .find((f) => readFileSync(join(dir, f), 'utf8') === pemOf(a.root.certificate))!;
    expect(rootFile).toBeDefined();
    // Another certificate for the root's key (another serial): read, not issued
    const { issueCertificate } = await import('../../../simulators/core/pki/x509.ts');
    const other = issueCertificate({
      profile: 'root',
      serial: 7n,
      subject: { C: 'CN', O: 'sealsim', CN: 'planted' },
      publicKey: crypto.createPublicKey(a.root.privateKey),
      notBefore: NOW,
      notAfter: new Date(NOW.getTime() + 86_400_000),
      selfKey: a.root.privateKey,
    });
    writeFileSync(join(dir, rootFile), pemOf(other));
    const b = (await freshAuthority()).createVendorPki({ vendor: 'v', seed: pkiSeed, now: () => NOW });
    expect(hex(b.root.certificate)).toBe(hex(other));
    // A certificate for another key (the TSA's) where the root's was kept: issued again and rewritten
    writeFileSync(join(dir, rootFile), pemOf(a.tsa.certificate));
    const c = (await freshAuthority()).createVendorPki({ vendor: 'v', seed: pkiSeed, now: () => NOW });
    expect(hex(c.root.certificate)).toBe(root);
    expect(readFileSync(join(dir, rootFile), 'utf8')).toBe(pemOf(a.root.certificate));
  });

  it('a new process reuses the server certificate for the same names while it is valid', async () => {
    const pkiSeed = `${seed}-server`;
    const names = { dns: ['localhost'], ip: ['127.0.0.1'] };
    const serverOf = async (now: Date, n = names) =>
      (await freshAuthority())
        .createVendorPki({ vendor: 'v', seed: pkiSeed, now: () => now })
        .serverCertificate(n);
    const first = await serverOf(NOW);
    // Serial numbers are random: the same PEM is the kept certificate, not a new one
    expect((await serverOf(new Date(NOW.getTime() + 86_400_000))).certPem).toBe(first.certPem);
    const other = await serverOf(NOW, { dns: ['sealsim.test'], ip: ['127.0.0.1'] });
    expect(other.certPem).not.toBe(first.certPem);
    // 825 days on, the kept one ends within a day: a new one
    const later = await serverOf(new Date(NOW.getTime() + 825 * 86_400_000));
    expect(later.certPem).not.toBe(first.certPem);
    const x509 = new crypto.X509Certificate(later.certPem);
    expect(x509.checkPrivateKey(crypto.createPrivateKey(later.keyPem))).toBe(true);
  });
});
