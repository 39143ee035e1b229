// yunhetong-digest's signed PDFs carry real PAdES signatures (issue 10): registration issues each
// user's certificate; every seal a signing places (keyword, coordinates, 骑缝, the verifyCode and
// file-stream signings, the transparent seal) is a signature valid for pdfsig against the root served
// at GET /__sim/yunhetong-digest/ca.pem, with the signer's CN and the virtual clock's signing time;
// sealClass 3 embeds a signature time stamp; /tsa/* add a document time stamp openssl verifies.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createYunhetongDigestClient,
  type YunhetongDigestClient,
} from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createControlApp } from '../../simulators/core/control.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { describeName, pemDecodeAll, pemEncode } from '../../simulators/core/pki/index.ts';
import { Simulator } from '../../simulators/core/simulator.ts';
import { yunhetongDigest } from '../../simulators/yunhetong-digest/index.ts';
import type { YhtTenant } from '../../simulators/yunhetong-digest/state.ts';
import { openssl, trustStore, verifyTimeStamp, workdir } from '../core/pdf/sign/verify.ts';
import { BASE, COMPANY, MIN, PERSON } from './helpers.ts';

const CONTROL = 'http://127.0.0.1:4000';

/** pdfsig's time ("Jan 02 2024 02:10:00") in the local zone of the test process. */
function pdfsigTime(ms: number): string {
  const [, mon, day, year, time] = new Date(ms).toString().split(' ');
  return `${mon} ${day} ${year} ${time}`;
}

/** Each signature dictionary of a file, in file order: its type, byte range and /Contents DER. */
function signatures(pdf: Uint8Array) {
  const text = Buffer.from(pdf).toString('latin1');
  const out: Array<{ type: string; range: number[]; der: Buffer; covered: Buffer }> = [];
  for (const m of text.matchAll(
    /\/Type \/(Sig|DocTimeStamp)\b[^]*?\/ByteRange \[ *(\d+) (\d+) (\d+) (\d+) *\]/g,
  )) {
    const [a, b, c, d] = m.slice(2).map(Number) as [number, number, number, number];
    const hex = Buffer.from(text.slice(b + 1, c - 1), 'hex');
    // the DER's own length (the hex string is zero-padded)
    const der = hex.subarray(0, 4 + hex.readUInt16BE(2));
    const covered = Buffer.concat([Buffer.from(pdf.subarray(a, a + b)), Buffer.from(pdf.subarray(c, c + d))]);
    out.push({ type: m[1]!, range: [a, b, c, d], der, covered });
  }
  return out;
}

/** signatureTimeStampToken (1.2.840.113549.1.9.16.2.14) as a DER OID. */
const TST_ATTRIBUTE = Buffer.from('060b2a864886f70d010910020e', 'hex');

let sim: Simulator;
let c: YunhetongDigestClient;
let sandbox: string;
let chainPem: string;
let store: ReturnType<typeof trustStore>;
let person: string;
let company: string;
let personSeal: string;
let companySeal: string;

const tenant = () =>
  (sim.vendor('yunhetong-digest').snapshot() as { tenants: YhtTenant[] }).tenants.find(
    (t) => t.id === YUNHETONG_DIGEST_DEFAULT_APP.appId,
  )!;
/** Two virtual minutes on, with a fresh token (tokens expire). */
async function later(): Promise<void> {
  await sim.clock.advance(2 * MIN);
  await c.login();
}
const file = (p: string) => new Uint8Array(readFileSync(join(sandbox, p)));

beforeAll(async () => {
  sandbox = join(mkdtempSync(join(tmpdir(), 'yht-signatures-test-')), 'sandbox');
  mkdirSync(join(sandbox, 'c'), { recursive: true });
  writeFileSync(
    join(sandbox, 'c/in.pdf'),
    await createTextPdf([
      { lines: ['借款合同', '甲方盖章处：', '乙方签字：'] },
      { lines: ['第二页', '甲方盖章处：'] },
    ]),
  );
  // The wall clock's now: pdfsig checks certificate validity at the real time, not the virtual one.
  sim = new Simulator([yunhetongDigest], {
    vendors: ['yunhetong-digest'],
    vendorOptions: { 'yunhetong-digest': { sandboxDir: sandbox } },
    now: Math.floor(Date.now() / 1000) * 1000,
  });
  const controlApp = createControlApp(sim);
  sim.controlFetch = async (req) => controlApp.fetch(req);
  c = createYunhetongDigestClient({
    baseUrl: BASE,
    ...YUNHETONG_DIGEST_DEFAULT_APP,
    fetch: (r) => sim.fetch(r),
  });
  await c.login();
  const res = await sim.fetch(new Request(`${CONTROL}/__sim/yunhetong-digest/ca.pem`));
  expect(res.status).toBe(200);
  chainPem = await res.text();
  store = trustStore(pemEncode('CERTIFICATE', pemDecodeAll(chainPem)[1]!));
  person = String((await c.call('/user/person', PERSON)).signerId);
  company = String((await c.call('/user/company', COMPANY)).signerId);
  personSeal = String((await c.call('/moulage/person', { signerId: person })).moulageId);
  companySeal = String((await c.call('/moulage/company', { signerId: company })).moulageId);
});

afterAll(() => {
  store?.cleanup();
  if (sandbox) rmSync(dirname(sandbox), { recursive: true, force: true });
});

describe('yunhetong-digest signatures', () => {
  it('registration issues the user’s certificate under the served chain; a new userName a new one', async () => {
    const users = tenant().users;
    const [ee, inter, root] = pemDecodeAll(users[person]!.cert!.chainPem);
    expect(describeName(ee!, 'subject')).toBe(
      `C=CN, CN=${PERSON.userName}, serialNumber=${PERSON.certifyNum}`,
    );
    expect(describeName(ee!, 'issuer')).toBe(
      'C=CN, O=sealsim, CN=sealsim yunhetong-digest TEST Signing CA - not trusted',
    );
    const [sInter, sRoot] = pemDecodeAll(chainPem);
    expect(Buffer.from(inter!).equals(Buffer.from(sInter!))).toBe(true);
    expect(Buffer.from(root!).equals(Buffer.from(sRoot!))).toBe(true);
    const [co] = pemDecodeAll(users[company]!.cert!.chainPem);
    expect(describeName(co!, 'subject')).toContain(`O=${COMPANY.userName}`);
    expect(describeName(co!, 'subject')).toContain(
      `CN=${COMPANY.userName}, serialNumber=${COMPANY.certifyNum}`,
    );
    // the console's user list does not hand out the key
    const list = await sim.fetch(
      new Request(`${CONTROL}/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/users`),
    );
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain('PRIVATE KEY');

    const other = String(
      (await c.call('/user/person', { ...PERSON, userName: '李四', certifyNum: '110101199001011234' }))
        .signerId,
    );
    const before = tenant().users[other]!.cert!.chainPem;
    await c.call('/user/personNameAndPhone', { signerId: other, userName: '李四五' });
    const after = tenant().users[other]!.cert!.chainPem;
    expect(after).not.toBe(before);
    expect(describeName(pemDecodeAll(after)[0]!, 'subject')).toBe(
      'C=CN, CN=李四五, serialNumber=110101199001011234',
    );
  });

  it('every seal of every signing is a valid signature with the signer’s CN and time; tampering shows', async () => {
    const common = { contractSavePath: '/c/1.pdf' };
    const times: Record<string, number> = {};
    // 1. the company at a keyword found on both pages: two signatures
    times.company1 = sim.clock.now();
    await c.call('/sign/filePath', {
      ...common,
      signerId: company,
      moulageId: companySeal,
      contractPath: '/c/in.pdf',
      signPositionType: '0',
      positionContent: '甲方盖章处',
    });
    // 2. the person at coordinates, sealClass 3: one signature with a signature time stamp
    await later();
    times.person2 = sim.clock.now();
    await c.call('/sign/filePath', {
      signerId: person,
      moulageId: personSeal,
      contractPath: '/c/1.pdf',
      contractSavePath: '/c/2.pdf',
      signPositionType: '1',
      positionContent: '1,100,100',
      sealClass: '3',
    });
    // 3. the company's 骑缝章 across both pages: one signature per page
    await later();
    times.company3 = sim.clock.now();
    await c.call('/sign/filePath', {
      signerId: company,
      moulageId: companySeal,
      contractPath: '/c/2.pdf',
      contractSavePath: '/c/3.pdf',
      sealClass: '1',
    });
    // 4. the person's verifyCode file-stream signing, sealClass 2, keyword
    await later();
    await c.call('/send/verifyCode', { signerId: person });
    const code = sim.outbox.list({ vendor: 'yunhetong-digest' }).at(-1)!.code!;
    times.person4 = sim.clock.now();
    await c.signVerifyCodeFileStream({
      code,
      signerId: person,
      moulageId: personSeal,
      contractPath: { bytes: file('/c/3.pdf'), filename: '3.pdf', contentType: 'application/pdf' },
      contractTitle: '借款合同',
      contractSavePath: '/c/4.pdf',
      signPositionType: '0',
      positionContent: '乙方签字',
      sealClass: '2',
    });
    // 5. the transparent seal: one invisible signature
    await later();
    times.person5 = sim.clock.now();
    await c.call('/sign/filePath', {
      signerId: person,
      moulageId: '-1',
      contractPath: '/c/4.pdf',
      contractSavePath: '/c/5.pdf',
      signPositionType: '1',
      positionContent: '2,100,100',
    });

    const signed = file('/c/5.pdf');
    const { entries, out } = store.pdfsig(signed);
    const expected = [
      ['company1', 2],
      ['person2', 1],
      ['company3', 2],
      ['person4', 1],
      ['person5', 1],
    ] as const;
    expect(entries.length, out).toBe(7);
    for (const e of entries) {
      expect(e.validation, out).toBe('Signature is Valid.');
      expect(e.type, out).toBe('adbe.pkcs7.detached');
    }
    // pdfsig 22.12 trusts a certificate the first time it checks it in a run and reports "Unknown
    // issue" for later signatures by the same one: the first of each signer is checked here, and
    // each signer's chain with openssl below.
    for (const name of [COMPANY.userName, PERSON.userName])
      expect(entries.find((e) => e.commonName === name)!.certificate, out).toBe('Certificate is Trusted.');
    for (const id of [person, company]) {
      const [ee, inter, root] = pemDecodeAll(tenant().users[id]!.cert!.chainPem);
      const dir = workdir({
        'ee.pem': pemEncode('CERTIFICATE', ee!),
        'inter.pem': pemEncode('CERTIFICATE', inter!),
        'root.pem': pemEncode('CERTIFICATE', root!),
      });
      try {
        const args = ['verify', '-CAfile', 'root.pem', '-untrusted', 'inter.pem', 'ee.pem'];
        expect(openssl(args, dir.dir).out).toContain('ee.pem: OK');
      } finally {
        dir.cleanup();
      }
    }
    // Fields come in signing order (Signature1…7): each with its signer and the time it signed at.
    const want = expected.flatMap(([k, n]) => Array.from({ length: n }, () => k));
    expect(entries.map((e) => [e.commonName, e.signingTime])).toEqual(
      want.map((k) => [k.startsWith('company') ? COMPANY.userName : PERSON.userName, pdfsigTime(times[k]!)]),
    );
    // Only the sealClass 3 signature carries a signature time stamp.
    const sigs = signatures(signed);
    expect(sigs.map((s) => s.type)).toEqual(want.map(() => 'Sig'));
    expect(sigs.map((s) => s.der.includes(TST_ATTRIBUTE))).toEqual(want.map((k) => k === 'person2'));
    // Each earlier file's signatures were valid when it was written, too.
    expect(store.pdfsig(file('/c/1.pdf')).entries.map((e) => e.valid)).toEqual([true, true]);

    // One byte flipped inside every signature's signed range (the original document).
    const tampered = signed.slice();
    tampered[200] = tampered[200]! ^ 0x01;
    const bad = store.pdfsig(tampered).entries;
    expect(bad.length).toBe(entries.length);
    expect(bad.every((e) => !e.valid)).toBe(true);
  });

  it('/tsa/pathSign and /tsa/streamSign add a document time stamp; earlier signatures stay valid', async () => {
    await c.call('/sign/filePath', {
      signerId: person,
      moulageId: personSeal,
      contractPath: '/c/in.pdf',
      contractSavePath: '/c/signed.pdf',
      signPositionType: '1',
      positionContent: '1,100,100',
    });
    await later();
    const at = sim.clock.now();
    await c.call('/tsa/pathSign', { filePath: '/c/signed.pdf', fileSavePath: '/c/ts1.pdf' });
    await c.tsaStreamSign({
      filePath: { bytes: file('/c/in.pdf'), filename: 'in.pdf', contentType: 'application/pdf' },
      fileSavePath: '/c/ts2.pdf',
      title: '借款合同',
    });
    for (const [path, signedBefore] of [
      ['/c/ts1.pdf', 1],
      ['/c/ts2.pdf', 0],
    ] as const) {
      const pdf = file(path);
      const text = Buffer.from(pdf).toString('latin1');
      expect(text).toContain('/Type /DocTimeStamp');
      expect(text).toContain('/SubFilter /ETSI.RFC3161');
      // poppler 22 lists a document time stamp but cannot check one: openssl checks the token.
      const { entries, out } = store.pdfsig(pdf);
      expect(entries.length, out).toBe(signedBefore + 1);
      expect(entries.slice(0, signedBefore).every((e) => e.valid)).toBe(true);
      expect(out).toContain('Total document signed');
      const sigs = signatures(pdf);
      const stamp = sigs.at(-1)!;
      expect(stamp.type).toBe('DocTimeStamp');
      const ts = verifyTimeStamp(stamp.covered, stamp.der, chainPem);
      expect(ts.ok, ts.out).toBe(true);
      // openssl's time: "Dec  7 14:40:00 2026 GMT"
      const [, day, mon, year, time] = new Date(at).toUTCString().split(' ');
      const squeeze = (s: string) => s.replace(/ +/g, ' ');
      expect(squeeze(ts.text)).toContain(`Time stamp: ${mon} ${Number(day)} ${time} ${year} GMT`);
      expect(ts.tamperedOk).toBe(false);
    }
  });
  // Last: it moves the virtual clock a year on.
  it('a certificate past its end is replaced at the next signing, then kept', async () => {
    const before = tenant().users[person]!.cert!.chainPem;
    const sign = (out: string) =>
      c.call('/sign/filePath', {
        signerId: person,
        moulageId: personSeal,
        contractPath: '/c/in.pdf',
        contractSavePath: out,
        signPositionType: '1',
        positionContent: '1,100,100',
      });
    await sign('/c/y0.pdf');
    expect(tenant().users[person]!.cert!.chainPem).toBe(before);
    await sim.clock.advance(366 * 24 * 60 * MIN);
    await c.login();
    await sign('/c/y1.pdf');
    const renewed = tenant().users[person]!.cert!.chainPem;
    expect(renewed).not.toBe(before);
    const [ee] = pemDecodeAll(renewed);
    expect(describeName(ee!, 'subject')).toBe(
      `C=CN, CN=${PERSON.userName}, serialNumber=${PERSON.certifyNum}`,
    );
    await sign('/c/y2.pdf');
    expect(tenant().users[person]!.cert!.chainPem).toBe(renewed);
  });
});
