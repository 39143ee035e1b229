import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { degrees, PDFDocument } from 'pdf-lib';
import {
  createTextPdf,
  embedSignature,
  prepareSignature,
  signedContent,
  signPrepared,
  SignatureTooLargeError,
  stampPdf,
  type PreparedSignature,
  type SignatureOptions,
  type Stamp,
} from '../../../../simulators/core/pdf/index.ts';
import {
  createDetachedSignature,
  createVendorPki,
  type IssuedSigner,
  type VendorPki,
} from '../../../../simulators/core/pki/index.ts';
import { createTimeStampToken } from '../../../../simulators/core/pki/index.ts';
import { renderPdfPage } from '../../../helpers/png.ts';
import { qpdfCheck, trustStore, verifyTimeStamp } from './verify.ts';

const NOW = new Date('2026-05-20T08:00:00Z');
const seal = { kind: 'company', name: '杭州天谷信息科技有限公司', centerText: '合同专用章' } as const;

let pki: VendorPki;
let store: ReturnType<typeof trustStore>;
const signers: IssuedSigner[] = [];

beforeAll(async () => {
  pki = createVendorPki({ vendor: 'esign', seed: 'pdf-sign-test', now: () => NOW });
  for (const name of ['张三', '李四', '王五']) signers.push(await pki.issueSigner({ kind: 'person', name }));
  store = trustStore(pki.rootPem());
});
afterAll(() => store?.cleanup());

async function contract(pages = 3) {
  return createTextPdf(
    Array.from({ length: pages }, (_, i) => ({
      lines: i === 0 ? ['合同', '甲方（盖章）：', '乙方（签字）：'] : [`第 ${i + 1} 页`],
    })),
  );
}

async function sign(pdf: Uint8Array, signer: IssuedSigner, at: Date, opts: SignatureOptions = {}) {
  const prepared = await prepareSignature(pdf, { signingTime: at, ...opts });
  const subFilter = opts.subFilter === 'adbe.pkcs7.detached' ? opts.subFilter : 'ETSI.CAdES.detached';
  const signed = await signPrepared(prepared, (content) =>
    createDetachedSignature({ content, signer, signingTime: at, subFilter }),
  );
  return { prepared, signed };
}

/** The DER value at the start of a zero-padded /Contents (a SEQUENCE with a two-byte length). */
function derPrefix(padded: Buffer): Buffer {
  expect([padded[0], padded[1]]).toEqual([0x30, 0x82]);
  return padded.subarray(0, 4 + padded.readUInt16BE(2));
}

/** pdfsig's time: "May 20 2026 16:15:30" in the local zone of the test process (TZ unset: UTC). */
function pdfsigTime(d: Date): string {
  const s = d.toString(); // "Wed May 20 2026 08:15:30 GMT+0000 …" in the local zone
  const [, mon, day, year, time] = s.split(' ');
  return `${mon} ${day} ${year} ${time}`;
}

describe('PAdES signatures (pdfsig against a trusted test root)', () => {
  it('one invisible signature is valid, with the signer, the time and the dictionary entries', async () => {
    const at = new Date('2026-05-20T08:15:30Z');
    const { prepared, signed } = await sign(await contract(1), signers[0], at, {
      reason: '此数字签名等同于签约方盖章',
      location: '杭州',
      name: '张三',
      propBuild: { App: { Name: 'WoSign PDFSigner' } },
      subFilter: 'adbe.pkcs7.detached',
      certify: true,
    });
    expect(prepared.slots).toHaveLength(1);
    expect(prepared.byteRange[0]).toBe(0);
    expect(prepared.byteRange[2] + prepared.byteRange[3]).toBe(signed.length);
    const { entries, out } = store.pdfsig(signed);
    expect(entries, out).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      field: 'Signature1',
      commonName: '张三',
      type: 'adbe.pkcs7.detached',
      valid: true,
      certificate: 'Certificate is Trusted.',
      signingTime: pdfsigTime(at),
    });
    expect(out).toContain('Total document signed');
    const text = Buffer.from(signed).toString('latin1');
    expect(text).toContain("/M (D:20260520161530+08'00')");
    expect(text).toContain('/Prop_Build');
    expect(text).toContain('/WoSign#20PDFSigner');
    expect(text).toMatch(/\/Perms <<\s*\/DocMDP \d+ 0 R/);
    expect(text).toContain('/TransformMethod /DocMDP');
    expect(qpdfCheck(signed).ok).toBe(true);
  });

  it('three signers in sequence: every signature still valid at the end, each with its CN and time', async () => {
    let pdf = await contract(2);
    const times = ['2026-05-20T09:00:00Z', '2026-05-21T10:30:00Z', '2026-05-22T11:45:15Z'].map(
      (t) => new Date(t),
    );
    const subFilters = ['ETSI.CAdES.detached', 'adbe.pkcs7.detached', 'ETSI.CAdES.detached'] as const;
    for (let i = 0; i < 3; i++) {
      const stamp: Stamp = {
        seal:
          i === 0 ? seal : { kind: 'personal', name: signers[i].subject.includes('李四') ? '李四' : '王五' },
        placement: { kind: 'xy', page: 1, x: 150 + i * 120, y: 300 },
      };
      pdf = (await sign(pdf, signers[i], times[i], { appearance: [stamp], subFilter: subFilters[i] })).signed;
      const { entries } = store.pdfsig(pdf);
      expect(entries).toHaveLength(i + 1);
      expect(entries.every((e) => e.valid)).toBe(true);
    }
    const { entries, out } = store.pdfsig(pdf);
    expect(
      entries.map((e) => [e.field, e.commonName, e.type, e.valid]),
      out,
    ).toEqual([
      ['Signature1', '张三', 'ETSI.CAdES.detached', true],
      ['Signature2', '李四', 'adbe.pkcs7.detached', true],
      ['Signature3', '王五', 'ETSI.CAdES.detached', true],
    ]);
    expect(entries.map((e) => e.signingTime)).toEqual(times.map(pdfsigTime));
    expect(qpdfCheck(pdf).ok).toBe(true);
  });

  it('one byte changed inside the signed range makes the signature invalid', async () => {
    const { prepared, signed } = await sign(await contract(1), signers[0], NOW, {
      appearance: [{ seal, placement: { kind: 'xy', page: 1, x: 200, y: 300 } }],
    });
    expect(store.pdfsig(signed).entries[0].valid).toBe(true);
    // a byte of the original page content (inside the first range) and one after /Contents
    for (const at of [Math.floor(prepared.byteRange[1] / 2), prepared.byteRange[2] + 10]) {
      const tampered = new Uint8Array(signed);
      tampered[at] ^= 0x01;
      const { entries, out } = store.pdfsig(tampered);
      expect(entries[0]?.valid, out).toBe(false);
    }
  });

  it('a 骑缝 seal over 3 pages is one signature per page, each valid, its strip on its page', async () => {
    const { prepared, signed } = await sign(await contract(3), signers[0], NOW, {
      appearance: [{ seal, placement: { kind: 'edge' }, width: 150 }],
      fieldName: '骑缝章',
    });
    expect(prepared.slots.map((s) => [s.fieldName, s.page])).toEqual([
      ['骑缝章', 1],
      ['骑缝章-2', 2],
      ['骑缝章-3', 3],
    ]);
    const { entries, out } = store.pdfsig(signed);
    expect(
      entries.map((e) => [e.field, e.valid]),
      out,
    ).toEqual([
      ['骑缝章', true],
      ['骑缝章-2', true],
      ['骑缝章-3', true],
    ]);
    // the last one covers the whole file
    expect(out).toContain('Total document signed');
    const doc = await PDFDocument.load(signed);
    expect(doc.getPages().map((p) => p.node.Annots()?.size() ?? 0)).toEqual([1, 1, 1]);
  });

  it('a document time stamp (/DocTimeStamp, ETSI.RFC3161) is listed and valid', async () => {
    const pdf = (await sign(await contract(1), signers[0], NOW)).signed;
    const genTime = new Date('2026-05-20T08:20:00Z');
    const prepared = await prepareSignature(pdf, { docTimeStamp: true });
    const stamped = await signPrepared(prepared, (content) =>
      createTimeStampToken({ content, tsa: pki.tsa, genTime }),
    );
    const text = Buffer.from(stamped).toString('latin1');
    expect(text).toContain('/Type /DocTimeStamp');
    expect(text).toContain('/SubFilter /ETSI.RFC3161');
    // poppler 22.12 lists a document time stamp but cannot check one ("Unable to validate this type
    // of signature"): openssl checks the token against the covered bytes and the CA chain instead.
    const { entries, out } = store.pdfsig(stamped);
    expect(
      entries.map((e) => [e.field, e.valid]),
      out,
    ).toEqual([
      ['Signature1', true],
      ['Signature2', false],
    ]);
    expect(out).toContain('Total document signed');
    const slot = prepared.slots[0];
    const hex = text.slice(slot.contentsOffset + 1, slot.contentsOffset + slot.contentsLength - 1);
    const ts = verifyTimeStamp(
      signedContent(stamped, slot),
      derPrefix(Buffer.from(hex, 'hex')),
      pki.caChainPem(),
    );
    expect(ts.ok, ts.out).toBe(true);
    expect(ts.text).toContain('May 20 08:20:00 2026 GMT');
    // one byte changed in the covered range: the imprint no longer matches
    expect(ts.tamperedOk).toBe(false);
  });

  it('a file with object streams and an xref stream, signed twice, keeps both valid', async () => {
    const doc = await PDFDocument.load(await contract(2));
    const objStm = await doc.save({ useObjectStreams: true });
    expect(Buffer.from(objStm).toString('latin1')).toContain('/Type /ObjStm');
    let pdf = (
      await sign(objStm, signers[0], NOW, {
        appearance: [{ seal, placement: { kind: 'xy', page: 2, x: 200, y: 200 } }],
      })
    ).signed;
    pdf = (await sign(pdf, signers[1], new Date(NOW.getTime() + 60_000))).signed;
    // each update continues with an xref stream
    expect(
      Buffer.from(pdf)
        .toString('latin1')
        .match(/\/Type \/XRef/g)?.length,
    ).toBe(3);
    const { entries, out } = store.pdfsig(pdf);
    expect(
      entries.map((e) => [e.commonName, e.valid]),
      out,
    ).toEqual([
      ['张三', true],
      ['李四', true],
    ]);
    expect(qpdfCheck(pdf).ok).toBe(true);
  });

  it('refuses a DER larger than the placeholder and a field name that exists', async () => {
    const prepared: PreparedSignature = await prepareSignature(await contract(1), { placeholderBytes: 256 });
    expect(prepared.contentsLength).toBe(514);
    expect(() => embedSignature(prepared.bytes, prepared, new Uint8Array(257))).toThrow(
      SignatureTooLargeError,
    );
    const once = embedSignature(prepared.bytes, prepared, new Uint8Array(256).fill(0x30));
    await expect(prepareSignature(once, { fieldName: 'Signature1' })).rejects.toThrow(/exists already/);
    expect((await prepareSignature(once)).fieldName).toBe('Signature2');
  });
});

describe('the seal as the signature appearance', () => {
  /** Mean absolute channel difference and the share of pixels differing by more than 48. */
  function compare(
    a: Awaited<ReturnType<typeof renderPdfPage>>,
    b: Awaited<ReturnType<typeof renderPdfPage>>,
  ) {
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    let sum = 0;
    let far = 0;
    for (let i = 0; i < a.rgba.length; i += 4) {
      let d = 0;
      for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs(a.rgba[i + c] - b.rgba[i + c]));
      sum += d;
      if (d > 48) far++;
    }
    return { mean: sum / (a.rgba.length / 4), far: far / (a.rgba.length / 4) };
  }

  it('renders like stampPdf: seal with caption and QR code, a rotated page, and a 骑缝 seal', async () => {
    const doc = await PDFDocument.load(await contract(3));
    doc.getPage(1).setRotation(degrees(90));
    const base = await doc.save();
    const stamps: Stamp[] = [
      {
        seal,
        placement: { kind: 'keyword', keyword: '甲方（盖章）' },
        caption: '2026-05-20 16:15:30',
        qrcode: 'https://sealsim.test/v/1',
      },
      {
        seal: { kind: 'personal', name: '张三' },
        placement: { kind: 'xy', page: 2, x: 200, y: 400 },
        caption: '张三',
      },
      { seal, placement: { kind: 'edge' }, width: 150 },
    ];
    const stamped = (await stampPdf(base, stamps)).pdf;
    const { signed, prepared } = await sign(base, signers[0], NOW, { appearance: stamps });
    expect(prepared.slots).toHaveLength(5);
    expect(store.pdfsig(signed).entries.every((e) => e.valid)).toBe(true);
    for (const page of [1, 2, 3]) {
      const want = await renderPdfPage(stamped, page, 72);
      const got = await renderPdfPage(signed, page, 72);
      const d = compare(got, want);
      expect(d.mean, `page ${page}`).toBeLessThan(0.5);
      expect(d.far, `page ${page}`).toBeLessThan(0.002);
    }
    // and the seal is really there (not two blank pages compared)
    const blank = await renderPdfPage(base, 1, 72);
    expect(compare(await renderPdfPage(signed, 1, 72), blank).far).toBeGreaterThan(0.005);
  });
});
