import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVendorPki, loadSigner } from '../../../simulators/core/pki/authority.ts';
import type { IssuedSigner, VendorPki } from '../../../simulators/core/pki/authority.ts';
import { pemEncode } from '../../../simulators/core/pki/index.ts';
import { openssl, workdir } from './openssl.ts';

const NOW = new Date('2026-05-20T08:00:00Z');
const pem = (der: Uint8Array) => pemEncode('CERTIFICATE', der);

describe('a vendor PKI', () => {
  let pki: VendorPki;
  let person: IssuedSigner;
  let org: IssuedSigner;
  let dir: ReturnType<typeof workdir>;

  beforeAll(async () => {
    pki = createVendorPki({ vendor: 'esign', seed: 'authority-test', now: () => NOW });
    person = await pki.issueSigner({ kind: 'person', name: '张三', idNumber: '33018419850118411X' });
    org = await pki.issueSigner({ kind: 'org', name: '杭州某某科技有限公司', uscc: '91330106MA27XMXJ27' });
    dir = workdir({
      'root.pem': pki.rootPem(),
      'chain.pem': pki.caChainPem(),
      'intermediate.pem': pem(pki.intermediate.certificate),
      'tsa.pem': pem(pki.tsa.certificate),
      'person.pem': pem(person.certificate),
      'org.pem': pem(org.certificate),
    });
  });
  afterAll(() => dir.cleanup());

  const text = (file: string) =>
    openssl(['x509', '-in', file, '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus_space'], dir.dir).out;

  it('has a root, an intermediate and a TSA whose names say they are test certificates', () => {
    const root = text('root.pem');
    expect(root).toContain('Subject: C=CN, O=sealsim, CN=sealsim esign TEST Root CA - not trusted');
    expect(root).toContain('Issuer: C=CN, O=sealsim, CN=sealsim esign TEST Root CA - not trusted');
    expect(root).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(root).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text('intermediate.pem')).toMatch(/CA:TRUE, pathlen:0/);
    const tsa = text('tsa.pem');
    expect(tsa).toContain('CN=sealsim esign TEST TSA - not trusted');
    expect(tsa).toMatch(/Extended Key Usage: critical\s+Time Stamping/);
    // Validity from the clock: 1 January of last year, 20 years.
    expect(root).toContain('Not Before: Jan  1 00:00:00 2025 GMT');
    expect(root).toContain('Not After : Jan  1 00:00:00 2045 GMT');
  });

  it('chains every certificate to the root (openssl verify)', () => {
    for (const file of ['intermediate.pem', 'tsa.pem', 'person.pem', 'org.pem']) {
      const r = openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', file], dir.dir);
      expect(r.out).toContain(`${file}: OK`);
      expect(r.ok).toBe(true);
    }
    // …and not to another vendor's root.
    const other = createVendorPki({ vendor: 'baoquan', seed: 'authority-test', now: () => NOW });
    const alien = workdir({ 'root.pem': other.rootPem(), 'i.pem': pem(pki.intermediate.certificate) });
    try {
      expect(openssl(['verify', '-CAfile', 'root.pem', 'i.pem'], alien.dir).ok).toBe(false);
    } finally {
      alien.cleanup();
    }
  });

  it('issues signer certificates carrying the name and the ID number or USCC', () => {
    const p = text('person.pem');
    expect(p).toContain('Subject: C=CN, CN=张三, serialNumber=33018419850118411X');
    expect(p).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(p).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(p).toContain('Issuer: C=CN, O=sealsim, CN=sealsim esign TEST Signing CA - not trusted');
    expect(p).toContain('Public-Key: (2048 bit)');
    const o = text('org.pem');
    expect(o).toContain(
      'Subject: C=CN, O=杭州某某科技有限公司, CN=杭州某某科技有限公司, serialNumber=91330106MA27XMXJ27',
    );
    expect(person.subject).toBe('C=CN, CN=张三, serialNumber=33018419850118411X');
    expect(person.issuer).toBe('C=CN, O=sealsim, CN=sealsim esign TEST Signing CA - not trusted');
    expect(person.serialNumber).toMatch(/^[0-9A-F]{32}$/);
    expect(person.serialNumber).not.toBe(org.serialNumber);
    expect(p).toContain(`Serial Number:`);
    // Valid from ten minutes before the clock's now, for a year.
    expect(person.notBefore.toISOString()).toBe('2026-05-20T07:50:00.000Z');
    expect(person.notAfter.toISOString()).toBe('2027-05-20T07:50:00.000Z');
    expect(person.chain).toHaveLength(3);
    expect(person.chain[1]).toEqual(pki.intermediate.certificate);
  });

  it('keeps the key matching the certificate, and revives a stored signer', () => {
    const data = Buffer.from('proof of possession');
    const sig = crypto.sign('sha256', data, person.privateKey);
    expect(crypto.verify('sha256', data, new crypto.X509Certificate(person.certificate).publicKey, sig)).toBe(
      true,
    );
    const json = JSON.parse(JSON.stringify(person.stored));
    const revived = loadSigner(json);
    expect(revived.certificate).toEqual(person.certificate);
    expect(revived.chain).toEqual(person.chain);
    expect(revived.subject).toBe(person.subject);
    expect(revived.serialNumber).toBe(person.serialNumber);
    expect(revived.privateKey.export({ format: 'jwk' })).toEqual(person.privateKey.export({ format: 'jwk' }));
  });

  it('honours the issuance time and validity asked for, within the CA', async () => {
    const s = await pki.issueSigner({
      kind: 'person',
      name: '李四',
      at: new Date('2030-01-01T00:00:00Z'),
      validDays: 100_000,
    });
    expect(s.notBefore.toISOString()).toBe('2029-12-31T23:50:00.000Z');
    expect(s.notAfter.toISOString()).toBe('2045-01-01T00:00:00.000Z');
    expect(s.subject).toBe('C=CN, CN=李四');
  });

  it('survives snapshot and restore as plain JSON, whatever the new seed, TSA serials included', () => {
    pki.tsa.nextSerial();
    const last = pki.tsa.nextSerial();
    const json = JSON.parse(JSON.stringify(pki.snapshot()));
    const restored = createVendorPki({
      vendor: 'esign',
      seed: 'another seed',
      now: () => NOW,
      snapshot: json,
    });
    expect(restored.root.certificate).toEqual(pki.root.certificate);
    expect(restored.intermediate.certificate).toEqual(pki.intermediate.certificate);
    expect(restored.tsa.certificate).toEqual(pki.tsa.certificate);
    expect(restored.caChainPem()).toBe(pki.caChainPem());
    expect(restored.tsa.nextSerial()).toBe(last + 1n);
    const fresh = createVendorPki({ vendor: 'esign', seed: 'another seed', now: () => NOW });
    expect(fresh.root.certificate).not.toEqual(pki.root.certificate);
    fresh.restore(json);
    expect(fresh.root.certificate).toEqual(pki.root.certificate);
    expect(() => createVendorPki({ vendor: 'baoquan', seed: 1, now: () => NOW, snapshot: json })).toThrow();
  });

  it('serves the chain as PEM, intermediate first', () => {
    const chain = pki.caChainPem();
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(chain.startsWith(pem(pki.intermediate.certificate))).toBe(true);
    expect(chain.endsWith(pki.rootPem())).toBe(true);
  });
});
