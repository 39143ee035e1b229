/**
 * Work counted, not timed: a kept signer is revived (its chain and key parsed) once however often it
 * signs, and a certificate presented again in new bytes (a TLS peer's, per connection) is read once.
 */
import { describe, expect, it } from 'vitest';
import {
  certificateFacts,
  createVendorPki,
  loadSigner,
  usableSigner,
} from '../../../simulators/core/pki/index.ts';

const NOW = new Date('2026-05-20T08:00:00Z');

describe('signer and certificate caches', () => {
  it('a kept signer revived again is the same key and chain (not parsed again)', async () => {
    const pki = createVendorPki({ vendor: 'esign', seed: 'cache-test', now: () => NOW });
    const issued = await pki.issueSigner({ kind: 'person', name: '张三', idNumber: '33018419850118411X' });
    // the tenant state hands back a copy of what it kept (JSON), not the same object
    const kept = JSON.parse(JSON.stringify(issued.stored)) as typeof issued.stored;
    const a = loadSigner(kept);
    const b = usableSigner({ ...kept }, NOW.getTime())!;
    expect(b.privateKey).toBe(a.privateKey);
    expect(b.chain[0]).toBe(a.chain[0]);
    expect(b.serialNumber).toBe(issued.serialNumber);
    // another signer with the same chain but another key is not confused with it
    const other = await pki.issueSigner({ kind: 'person', name: '李四' });
    const mixed = loadSigner({ chainPem: kept.chainPem, keyPem: other.stored.keyPem });
    expect(mixed.privateKey).not.toBe(a.privateKey);
    expect(mixed.privateKey.equals(other.privateKey)).toBe(true);
  });

  it('certificateFacts of the same certificate in new bytes: the same facts, from the cache', () => {
    const pki = createVendorPki({ vendor: 'wosign', seed: 'cache-test', now: () => NOW });
    const der = pki.issueClientCertificate({ name: 'client' }).certificate;
    const first = certificateFacts(new Uint8Array(der));
    const again = certificateFacts(new Uint8Array(der));
    expect(again).toEqual(first);
    expect(again).not.toBe(first); // a copy: a caller changing it changes nothing kept
    expect(again.notAfter).toBe(first.notAfter);
  });
});
