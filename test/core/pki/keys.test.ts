import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  deriveRsaKey,
  deterministicRsaKey,
  signerKeyPool,
  takeSignerKey,
  warmSignerKeys,
} from '../../../simulators/core/pki/keys.ts';
import { createVendorPki } from '../../../simulators/core/pki/authority.ts';

const NOW = new Date('2026-05-20T08:00:00Z');

function pkcs8(key: crypto.KeyObject): Buffer {
  return Buffer.from(key.export({ type: 'pkcs8', format: 'der' }));
}

describe('deterministic CA keys', () => {
  it('are valid RSA-2048 keys that sign and verify', () => {
    const key = deterministicRsaKey('keys-test', 'valid');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(key.asymmetricKeyDetails?.publicExponent).toBe(65537n);
    const jwk = key.export({ format: 'jwk' });
    const p = BigInt(`0x${Buffer.from(String(jwk.p), 'base64url').toString('hex')}`);
    const q = BigInt(`0x${Buffer.from(String(jwk.q), 'base64url').toString('hex')}`);
    expect(crypto.checkPrimeSync(p) && crypto.checkPrimeSync(q)).toBe(true);
    const sig = crypto.sign('sha256', Buffer.from('x'), key);
    expect(crypto.verify('sha256', Buffer.from('x'), crypto.createPublicKey(key), sig)).toBe(true);
  });

  it('are the same for the same (seed, label) and differ with either', () => {
    const a = pkcs8(deriveRsaKey(7, 'esign/root'));
    expect(pkcs8(deriveRsaKey(7, 'esign/root'))).toEqual(a); // derived afresh, not cached
    expect(pkcs8(deterministicRsaKey(7, 'esign/root'))).toEqual(a);
    expect(pkcs8(deriveRsaKey(8, 'esign/root'))).not.toEqual(a);
    expect(pkcs8(deriveRsaKey(7, 'esign/intermediate'))).not.toEqual(a);
  });

  it('give byte-identical CA certificates for the same seed, different ones for another seed', () => {
    const certs = (seed: number) => {
      const pki = createVendorPki({ vendor: 'esign', seed, now: () => NOW });
      return [pki.root.certificate, pki.intermediate.certificate, pki.tsa.certificate].map((c) =>
        Buffer.from(c).toString('hex'),
      );
    };
    const first = certs(101);
    expect(certs(101)).toEqual(first);
    const other = certs(102);
    for (let i = 0; i < 3; i++) expect(other[i]).not.toEqual(first[i]);
    // The same all year: the validity starts on 1 January of the year before.
    const later = createVendorPki({
      vendor: 'esign',
      seed: 101,
      now: () => new Date('2026-12-30T00:00:00Z'),
    });
    expect(Buffer.from(later.root.certificate).toString('hex')).toBe(first[0]);
  });

  it('cost tens of milliseconds each (timings printed, bound coarse)', () => {
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      deterministicRsaKey(`timing-${i}-${process.pid}`, 'root');
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    console.log(
      `deterministic RSA-2048 key: median ${times[3].toFixed(0)} ms, max ${times[5].toFixed(0)} ms`,
    );
    // Seconds would mean the sieve or the prime test regressed; a shared 2-core machine stays far below.
    expect(times[3]).toBeLessThan(3000);
  });
});

describe('signer keys', () => {
  it('are distinct RSA-2048 keys, handed out from a pool kept full in the background', async () => {
    const keys = await Promise.all([takeSignerKey(), takeSignerKey(), takeSignerKey()]);
    for (const key of keys) expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(new Set(keys.map((k) => pkcs8(k).toString('hex'))).size).toBe(3);

    warmSignerKeys();
    const deadline = Date.now() + 30_000;
    while (signerKeyPool().ready < signerKeyPool().size && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(signerKeyPool().ready).toBe(signerKeyPool().size);
    const t = performance.now();
    await takeSignerKey();
    console.log(`signer key from the full pool: ${(performance.now() - t).toFixed(1)} ms`);
    // Taken from the pool (one fewer ready), and its replacement is under way.
    expect(signerKeyPool()).toMatchObject({ ready: signerKeyPool().size - 1, pending: 1 });
  });
});
