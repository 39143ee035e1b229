/**
 * The signing path's CMS, built from asn1js blocks (core/pki/attributes.ts, tsa.ts), writes the same
 * bytes the pkijs implementation wrote (cms-reference.ts): RSA PKCS#1 v1.5 is deterministic, so
 * equal inputs give equal signatures, and any difference in the structures shows here. Certificates
 * are parsed once and cached (counted, not timed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createVendorPki,
  type IssuedSigner,
  type VendorPki,
} from '../../../simulators/core/pki/authority.ts';
import { createDetachedSignature, createTimeStampToken } from '../../../simulators/core/pki/index.ts';
import { certificateParses, encode } from '../../../simulators/core/pki/der.ts';
import { referenceDetachedSignature, timeStampTokenSchema } from './cms-reference.ts';

const DATA = Buffer.from('%PDF-1.7 … the byte ranges of a signed PDF … 签署内容', 'utf8');
const TIMES = [
  new Date('2026-05-20T08:15:30Z'),
  new Date('2026-05-20T08:15:30.120Z'), // milliseconds in GeneralizedTime
  new Date('2051-01-02T03:04:05.678Z'), // GeneralizedTime signingTime
  new Date('1949-12-31T23:59:59Z'),
];

describe('CMS encoded with asn1js', () => {
  let pki: VendorPki;
  let person: IssuedSigner;
  let org: IssuedSigner;
  beforeAll(async () => {
    pki = createVendorPki({ vendor: 'esign', seed: 'der-test', now: () => TIMES[0]! });
    person = await pki.issueSigner({ kind: 'person', name: '张三', idNumber: '33018419850118411X' });
    org = await pki.issueSigner({
      kind: 'org',
      name: '杭州天谷信息科技有限公司',
      uscc: '913301087458306077',
    });
  });

  it('detached signatures: the same bytes as pkijs wrote, for both sub-filters, with and without a time stamp', async () => {
    let serial = 1000n;
    for (const signer of [person, org])
      for (const signingTime of TIMES)
        for (const subFilter of ['adbe.pkcs7.detached', 'ETSI.CAdES.detached'] as const)
          for (const stamped of [false, true]) {
            serial += 1n;
            const s = serial;
            const tsa = { ...pki.tsa, chain: pki.tsa.chain, privateKey: pki.tsa.privateKey };
            const ours = await createDetachedSignature({
              content: DATA,
              signer,
              signingTime,
              subFilter,
              ...(stamped ? { timestamp: { ...tsa, nextSerial: () => s } } : {}),
            });
            const reference = referenceDetachedSignature({
              content: DATA,
              signer,
              signingTime,
              subFilter,
              ...(stamped ? { timestamp: { ...tsa, nextSerial: () => s, serial: s } } : {}),
            });
            expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(reference).toString('hex'));
          }
  });

  it('time-stamp tokens: the same bytes, with and without a nonce, serials of every length', async () => {
    for (const serial of [1n, 127n, 128n, 255n, 256n, 2n ** 64n + 5n])
      for (const nonce of [undefined, 1n, 2n ** 63n])
        for (const genTime of TIMES) {
          const ours = await createTimeStampToken({ content: DATA, tsa: pki.tsa, genTime, serial, nonce });
          const reference = encode(
            timeStampTokenSchema({ content: DATA, tsa: pki.tsa, genTime, serial, nonce }),
          );
          expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(reference).toString('hex'));
        }
  });

  it('parses each certificate once: the same chain again, or its bytes in a new array, parse nothing', async () => {
    const sign = (chain: Uint8Array[]) =>
      createDetachedSignature({
        content: DATA,
        signer: { ...org, chain },
        signingTime: TIMES[0]!,
        subFilter: 'ETSI.CAdES.detached',
        timestamp: pki.tsa,
      });
    const first = await sign(org.chain);
    const parses = certificateParses();
    const copies = org.chain.map((der) => new Uint8Array(der));
    const again = await sign(copies);
    await sign(org.chain);
    expect(certificateParses()).toBe(parses);
    // the same signature apart from the time stamp's serial
    expect(again.length).toBe(first.length);
  });
});
