import crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVendorPki } from '../../../simulators/core/pki/authority.ts';
import type { IssuedSigner, VendorPki } from '../../../simulators/core/pki/authority.ts';
import { createDetachedSignature } from '../../../simulators/core/pki/index.ts';
import type { SubFilter } from '../../../simulators/core/pki/index.ts';
import { openssl, workdir } from './openssl.ts';

const NOW = new Date('2026-05-20T08:00:00Z');
const SIGNING_TIME = new Date('2026-05-20T08:15:30Z');
const SUB_FILTERS: SubFilter[] = ['adbe.pkcs7.detached', 'ETSI.CAdES.detached'];
const DATA = Buffer.from('%PDF-1.7 … the byte ranges of a signed PDF … 签署内容', 'utf8');

function signerInfoOf(der: Uint8Array): pkijs.SignerInfo {
  const contentInfo = new pkijs.ContentInfo({ schema: asn1js.fromBER(Uint8Array.from(der).buffer).result });
  return new pkijs.SignedData({ schema: contentInfo.content }).signerInfos[0];
}

describe('createDetachedSignature', () => {
  let pki: VendorPki;
  let signer: IssuedSigner;
  let dir: ReturnType<typeof workdir>;
  const sigs = new Map<SubFilter, Uint8Array>();

  beforeAll(async () => {
    pki = createVendorPki({ vendor: 'esign', seed: 'cms-test', now: () => NOW });
    signer = await pki.issueSigner({ kind: 'person', name: '张三', idNumber: '33018419850118411X' });
    dir = workdir({ 'root.pem': pki.rootPem(), 'data.bin': DATA });
    for (const subFilter of SUB_FILTERS) {
      const sig = await createDetachedSignature({
        content: DATA,
        signer,
        signingTime: SIGNING_TIME,
        subFilter,
      });
      sigs.set(subFilter, sig);
      writeFileSync(join(dir.dir, `${subFilter}.p7s`), sig);
    }
  });
  afterAll(() => dir.cleanup());

  const verify = (sig: string, data = 'data.bin') =>
    openssl(
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        sig,
        '-content',
        data,
        '-CAfile',
        'root.pem',
        '-out',
        '/dev/null',
      ],
      dir.dir,
    );

  it.each(SUB_FILTERS)('%s verifies with openssl cms against the root only (chain inside)', (subFilter) => {
    const r = verify(`${subFilter}.p7s`);
    expect(r.out).toContain('Verification successful');
    expect(r.ok).toBe(true);
  });

  it.each(SUB_FILTERS)('%s fails after one flipped byte of the content or of the signature', (subFilter) => {
    const tampered = Buffer.from(DATA);
    tampered[10] ^= 0x01;
    writeFileSync(join(dir.dir, 'tampered.bin'), tampered);
    expect(verify(`${subFilter}.p7s`, 'tampered.bin').ok).toBe(false);
    const sig = Buffer.from(sigs.get(subFilter) ?? []);
    sig[sig.length - 20] ^= 0x01; // inside the signature value, the last field
    writeFileSync(join(dir.dir, 'tampered.p7s'), sig);
    expect(verify('tampered.p7s').ok).toBe(false);
  });

  it('puts signingTime in adbe.pkcs7.detached, signing-certificate-v2 in ETSI.CAdES.detached', () => {
    const print = (subFilter: SubFilter) =>
      openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', `${subFilter}.p7s`], dir.dir).out;
    const adbe = print('adbe.pkcs7.detached');
    expect(adbe).toContain('object: signingTime');
    expect(adbe).toContain('UTCTIME:May 20 08:15:30 2026 GMT');
    expect(adbe).not.toContain('signingCertificateV2');
    const cades = print('ETSI.CAdES.detached');
    expect(cades).toMatch(/signingCertificateV2|signing-certificate-v2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    expect(cades).not.toContain('object: signingTime');
    for (const out of [adbe, cades]) {
      expect(out).toContain('object: messageDigest');
      expect(out).toContain('eContentType: pkcs7-data');
      expect(out).toContain('eContent: <ABSENT>'); // detached
    }
    // The signing-certificate-v2's ESSCertIDv2 names the signer certificate by its SHA-256.
    const info = signerInfoOf(sigs.get('ETSI.CAdES.detached') ?? new Uint8Array());
    const attr = info.signedAttrs?.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.47');
    const certs = attr?.values[0] as asn1js.Sequence;
    const essCertIdV2 = (certs.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const [certHash] = essCertIdV2.valueBlock.value as [asn1js.OctetString];
    const hash = crypto.createHash('sha256').update(signer.certificate).digest();
    expect(Buffer.from(certHash.valueBlock.valueHexView).equals(hash)).toBe(true);
  });

  it('gives the same bytes for the content and for its SHA-256', async () => {
    const digest = crypto.createHash('sha256').update(DATA).digest();
    for (const subFilter of SUB_FILTERS) {
      const fromDigest = await createDetachedSignature({
        digest,
        signer,
        signingTime: SIGNING_TIME,
        subFilter,
      });
      expect(Buffer.from(fromDigest).equals(Buffer.from(sigs.get(subFilter) ?? []))).toBe(true);
    }
  });

  it.each(SUB_FILTERS)('%s with a time stamp carries a token over the signature value', async (subFilter) => {
    const sig = await createDetachedSignature({
      content: DATA,
      signer,
      signingTime: SIGNING_TIME,
      subFilter,
      timestamp: pki.tsa,
    });
    writeFileSync(join(dir.dir, 'ts.p7s'), sig);
    expect(verify('ts.p7s').ok).toBe(true);
    const info = signerInfoOf(sig);
    const attr = info.unsignedAttrs?.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.14');
    expect(attr).toBeDefined();
    const token = new Uint8Array(attr?.values[0].toBER() ?? []);
    writeFileSync(join(dir.dir, 'token.der'), token);
    writeFileSync(join(dir.dir, 'chain.pem'), pki.caChainPem());
    const signatureValue = Buffer.from(info.signature.valueBlock.valueHexView);
    const imprint = crypto.createHash('sha256').update(signatureValue).digest('hex');
    const ts = openssl(
      [
        'ts',
        '-verify',
        '-digest',
        imprint,
        '-in',
        'token.der',
        '-token_in',
        '-CAfile',
        'root.pem',
        '-untrusted',
        'chain.pem',
      ],
      dir.dir,
    );
    expect(ts.out).toContain('Verification: OK');
    const reply = openssl(
      ['ts', '-reply', '-in', 'token.der', '-token_in', '-token_out', '-text'],
      dir.dir,
    ).out;
    expect(reply).toContain('Time stamp: May 20 08:15:30 2026 GMT');
  });

  it('signs in a few milliseconds (timings printed)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await createDetachedSignature({
        content: DATA,
        signer,
        signingTime: SIGNING_TIME,
        subFilter: SUB_FILTERS[i % 2],
      });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const withTs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await createDetachedSignature({
        content: DATA,
        signer,
        signingTime: SIGNING_TIME,
        subFilter: 'ETSI.CAdES.detached',
        timestamp: pki.tsa,
      });
      withTs.push(performance.now() - t);
    }
    withTs.sort((a, b) => a - b);
    console.log(
      `CMS signature: median ${times[10].toFixed(1)} ms; with a time stamp: median ${withTs[5].toFixed(1)} ms`,
    );
    expect(times[10]).toBeLessThan(1000);
  });
});
