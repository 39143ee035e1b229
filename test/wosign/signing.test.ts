/**
 * Signing on WoSign's platform through the console's human action
 * (`POST /__sim/wosign/orders/{signid}/signers/{index}`): signers act in signerlist order, each
 * texted when their turn comes; a refusal ends the order. The signed PDF (from PushSignedDoc):
 * every signer's seal at every position on the rendered pages (pdftoppm; the stamp picture or a
 * generated seal), one invisible certifying signature exactly as WoSign's PDFSigner writes it
 * (pdfsig: valid, trusted against the vendor's test CA; the dictionary read with pdf-lib), and
 * with `password` the file encrypted with that user password (qpdf, pdfsig -upw, pdftoppm -upw).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemDecodeAll, pemEncode } from '../../simulators/core/pki/index.ts';
import { OUTPUT_DIR } from '../helpers/browser.ts';
import {
  countRedPixels,
  decodePng,
  encodePng,
  pdfBoxToPixels,
  renderPdfPage,
  type DecodedPng,
} from '../helpers/png.ts';
import { expectCertificatesTrusted, qpdfCheck, trustStore } from '../core/pdf/sign/verify.ts';
import { createBody, pngBase64, ws, type Tenant, type WosignHandle } from './helpers.ts';

const A4 = { width: 595, height: 842 };
const NOTIFY = 'http://receiver.example.test/wosign/push';

/** A 40×40 blue square: a stamp picture easy to find on the page. */
const BLUE_STAMP = (() => {
  const rgba = new Uint8Array(40 * 40 * 4);
  for (let i = 0; i < rgba.length; i += 4) rgba.set([20, 40, 220, 255], i);
  return Buffer.from(encodePng(40, 40, rgba)).toString('base64');
})();

const isBlue = (r: number, g: number, b: number) => b > 150 && r < 90 && g < 110;

function countBlue(png: DecodedPng, box: { x: number; y: number; width: number; height: number }): number {
  let n = 0;
  for (let y = Math.floor(box.y); y < Math.ceil(box.y + box.height); y++)
    for (let x = Math.floor(box.x); x < Math.ceil(box.x + box.width); x++) {
      const i = (y * png.width + x) * 4;
      if (isBlue(png.rgba[i]!, png.rgba[i + 1]!, png.rgba[i + 2]!)) n++;
    }
  return n;
}

/** A position text's box in points on an A4 page (fractions of the page, left-bottom/right-top). */
function boxOf(position: string) {
  const [x1, y1, x2, y2] = position.split(',').map(Number) as [number, number, number, number];
  return { x: x1 * A4.width, y: y1 * A4.height, width: (x2 - x1) * A4.width, height: (y2 - y1) * A4.height };
}

const POS = {
  company: '0.10,0.70,0.35,0.90',
  stamp: '0.55,0.10,0.85,0.25',
  personA: '0.60,0.40,0.80,0.50',
  personB: '0.10,0.50,0.30,0.60',
  empty: '0.05,0.05,0.40,0.30',
};

interface Pushed {
  url: string;
  contentType: string | null;
  body: string;
}

let h: WosignHandle;
let tenant: Tenant;
const pushes: Pushed[] = [];

beforeAll(async () => {
  h = ws(undefined, {
    fetch: async (req) => {
      pushes.push({ url: req.url, contentType: req.headers.get('content-type'), body: await req.text() });
      return new Response('1');
    },
  });
  tenant = await h.newTenant({ notifyUrl: NOTIFY });
});

const act = (signid: string, index: number | string, action: string) =>
  h.control('POST', `/__sim/wosign/orders/${signid}/signers/${index}`, { action });

function signer(kind: 'company' | 'stamp' | 'person', no: string, signlist: Array<[number, string]>) {
  const base = {
    pic: pngBase64(),
    otherpic: pngBase64(),
    signlist: signlist.map(([pagenumber, position]) => ({ pagenumber, position })),
  };
  if (kind === 'company') return { signType: '1', orgName: '杭州测试科技有限公司', orgNo: no, ...base };
  return {
    signType: '2',
    userName: kind === 'stamp' ? '李四' : '王五',
    userNo: no,
    ...base,
    ...(kind === 'stamp' ? { stampbase: BLUE_STAMP } : {}),
  };
}

/** An order of three signers: a company, a person with a stamp picture, a person without. */
async function threeSigners(over: Record<string, unknown> = {}) {
  const tag = `${Date.now()}-${Math.random()}`;
  const body = await createBody(tenant.tokenid, {
    subject: '三方合同',
    signerlist: [
      signer('company', '440301103308619', [[1, POS.company]]),
      signer('stamp', `STAMP-${tag}`, [[2, POS.stamp]]),
      signer('person', `PERSON-${tag}`, [
        [1, POS.personA],
        [2, POS.personB],
      ]),
    ],
    ...over,
  });
  const r = await h.post(body, tenant.certificatePem);
  expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: 1, errorcode: 0 });
  return { signid: r.json.signid as string, orderNumber: body.orderNumber as string, tag };
}

/** The pushes about one order, parsed. */
async function pushesOf(signid: string) {
  await h.sim.clock.settle();
  return pushes
    .map((p) => ({ ...p, json: JSON.parse(p.body) }))
    .filter((p) => p.json.extendData?.signid === signid);
}

async function signAll(signid: string, n: number) {
  for (let i = 0; i < n; i++) expect((await act(signid, i, 'sign')).status).toBe(200);
  const [push] = await pushesOf(signid);
  expect(push, 'PushSignedDoc').toBeDefined();
  return new Uint8Array(Buffer.from(push!.json.extendData.content, 'base64'));
}

describe('signing order', () => {
  it('signers act in list order, each texted again when their turn comes; done signers and finished orders are 409', async () => {
    const { signid, tag } = await threeSigners();
    const texted = (to: string) => h.sim.outbox.list({ vendor: 'wosign', to });
    // every signer has their link from the start
    expect(texted(`STAMP-${tag}`)).toHaveLength(1);
    expect(texted(`PERSON-${tag}`)).toHaveLength(1);

    for (const i of [1, 2]) {
      const early = await act(signid, i, 'sign');
      expect(early.status).toBe(409);
      expect(early.json.error).toMatch(/turn/);
    }
    expect(await act(signid, 0, 'sign')).toEqual({
      status: 200,
      json: { signid, index: 0, signerStatus: 'signed', orderStatus: 'signing' },
    });
    // the second signer is texted again: their turn
    const [invite, turn] = texted(`STAMP-${tag}`);
    expect(turn!.link).toBe(invite!.link);
    expect(turn!.link).toContain(`signid=${signid}&index=1&token=`);
    expect(turn!.text).toBe(`【沃通】李四，文件《三方合同》已轮到您签署，请点击链接完成签署：${turn!.link}`);
    expect(texted(`PERSON-${tag}`)).toHaveLength(1);
    expect((await act(signid, 0, 'sign')).status).toBe(409);
    expect((await act(signid, 0, 'refuse')).status).toBe(409);
    expect((await act(signid, 2, 'refuse')).status).toBe(409);

    expect((await act(signid, 1, 'sign')).json).toMatchObject({
      signerStatus: 'signed',
      orderStatus: 'signing',
    });
    expect(texted(`PERSON-${tag}`)).toHaveLength(2);
    expect(await pushesOf(signid)).toHaveLength(0);
    expect((await act(signid, 2, 'sign')).json).toEqual({
      signid,
      index: 2,
      signerStatus: 'signed',
      orderStatus: 'signed',
    });
    expect(await pushesOf(signid)).toHaveLength(1);
    const late = await act(signid, 2, 'refuse');
    expect(late.status).toBe(409);
  });

  it('the console action: 404 for an unknown order or signer, 400 for another action', async () => {
    const { signid } = await threeSigners();
    expect((await act('00000000-0000-4000-8000-000000000000', 0, 'sign')).status).toBe(404);
    expect((await act(signid, 3, 'sign')).status).toBe(404);
    expect((await act(signid, 'x', 'sign')).status).toBe(404);
    expect((await act(signid, 0, 'approve')).status).toBe(400);
    expect((await h.control('POST', `/__sim/wosign/orders/${signid}/signers/0`, {})).status).toBe(400);
  });
});

describe('refusal', () => {
  it('ends the order: PushSignedDoc status 0 with -90 for the refuser and -91 for each signer never reached', async () => {
    const { signid, orderNumber, tag } = await threeSigners();
    expect((await act(signid, 0, 'sign')).status).toBe(200);
    expect(await act(signid, 1, 'refuse')).toEqual({
      status: 200,
      json: { signid, index: 1, signerStatus: 'refused', orderStatus: 'refused' },
    });
    // the third signer got only their invitation
    expect(h.sim.outbox.list({ vendor: 'wosign', to: `PERSON-${tag}` })).toHaveLength(1);
    const later = await act(signid, 2, 'sign');
    expect(later.status).toBe(409);
    expect(later.json.error).toMatch(/finished/);

    const [push] = await pushesOf(signid);
    expect(JSON.parse(push!.body)).toEqual({
      actiontype: 'PushSignedDoc',
      status: 0,
      errorcode: '-90&-91',
      extendData: {
        signid,
        ordernumber: orderNumber,
        content: '',
        hash: createHash('sha256').update(new Uint8Array()).digest('hex'),
      },
    });
    // the orderNumber may be used again
    const again = await h.post(await createBody(tenant.tokenid, { orderNumber }), tenant.certificatePem);
    expect(again.json).toMatchObject({ status: 1, ordernumber: orderNumber });
  });

  it('the first signer refusing: one -90 and a -91 for each of the others', async () => {
    const { signid } = await threeSigners();
    expect((await act(signid, 0, 'refuse')).status).toBe(200);
    const [push] = await pushesOf(signid);
    expect(push!.json).toMatchObject({ status: 0, errorcode: '-90&-91&-91' });
  });
});

describe('the signed PDF', () => {
  let signed: Uint8Array;
  let pushed: Awaited<ReturnType<typeof pushesOf>>[number];
  let store: ReturnType<typeof trustStore>;
  let orderNumber: string;

  beforeAll(async () => {
    const order = await threeSigners();
    orderNumber = order.orderNumber;
    signed = await signAll(order.signid, 3);
    [pushed] = await pushesOf(order.signid);
    const ca = (await h.control('GET', '/__sim/wosign/ca.pem')).json as string;
    const root = pemDecodeAll(ca).at(-1)!;
    store = trustStore(pemEncode('CERTIFICATE', root));
  }, 60_000);
  afterAll(() => store?.cleanup());

  it('is pushed as PushSignedDoc: application/json, status 1, errorcode "0", content and its SHA-256', () => {
    expect(pushed.url).toBe(NOTIFY);
    expect(pushed.contentType).toBe('application/json');
    expect(Object.keys(pushed.json)).toEqual(['actiontype', 'status', 'errorcode', 'extendData']);
    expect(pushed.json).toMatchObject({ actiontype: 'PushSignedDoc', status: 1, errorcode: '0' });
    expect(pushed.json.extendData).toEqual({
      signid: pushed.json.extendData.signid,
      ordernumber: orderNumber,
      content: Buffer.from(signed).toString('base64'),
      hash: createHash('sha256').update(signed).digest('hex'),
    });
    expect(Buffer.from(signed.subarray(0, 5)).toString()).toBe('%PDF-');
  });

  it("has every signer's seal at every position on the rendered pages, nothing elsewhere", async () => {
    const [p1, p2] = await Promise.all([renderPdfPage(signed, 1), renderPdfPage(signed, 2)]);
    const px = (pos: string) => pdfBoxToPixels(boxOf(pos), A4.height);
    expect(countRedPixels(p1, px(POS.company))).toBeGreaterThan(1500);
    expect(countRedPixels(p1, px(POS.personA))).toBeGreaterThan(300);
    expect(countRedPixels(p2, px(POS.personB))).toBeGreaterThan(300);
    // the stamp picture, as large as fits the box (its height)
    const stampBox = boxOf(POS.stamp);
    expect(countBlue(p2, px(POS.stamp))).toBeGreaterThan(stampBox.height * stampBox.height * 0.9);
    expect(countRedPixels(p2, px(POS.stamp))).toBe(0);
    expect(countRedPixels(p1, px(POS.empty)) + countBlue(p1, px(POS.empty))).toBe(0);
    expect(
      countRedPixels(p1) - countRedPixels(p1, px(POS.company)) - countRedPixels(p1, px(POS.personA)),
    ).toBe(0);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-wosign-'));
    try {
      writeFileSync(join(dir, 'signed.pdf'), signed);
      spawnSync('pdftoppm', ['-r', '50', '-png', join(dir, 'signed.pdf'), join(OUTPUT_DIR, 'wosign-signed')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('carries one signature: valid and trusted against the test CA, WoSign CA Limited, adbe.pkcs7.detached', () => {
    const { entries, out } = store.pdfsig(signed);
    expect(entries, out).toHaveLength(1);
    expect(entries[0]!.valid, out).toBe(true);
    expect(entries[0]!.type, out).toBe('adbe.pkcs7.detached');
    expect(entries[0]!.commonName, out).toBe('WoSign CA Limited');
    expectCertificatesTrusted(entries, out);
    expect(out).toContain('Signed Ranges');
    expect(qpdfCheck(signed).ok).toBe(true);
    // a flipped byte in the covered content breaks it
    const tampered = Buffer.from(signed);
    tampered[200] = tampered[200]! ^ 1;
    expect(store.pdfsig(tampered).entries[0]!.valid).toBe(false);
  });

  it("is WoSign PDFSigner's certifying signature: invisible, DocMDP P=2, the exact texts, /M in +08'00'", async () => {
    const doc = await PDFDocument.load(signed, { updateMetadata: false });
    const form = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    const fields = form.lookup(PDFName.of('Fields'), PDFArray);
    expect(fields.size()).toBe(1);
    const field = fields.lookup(0, PDFDict);
    const rect = field
      .lookup(PDFName.of('Rect'), PDFArray)
      .asArray()
      .map((n) => (n as PDFNumber).asNumber());
    expect(rect).toEqual([0, 0, 0, 0]);
    const sigRef = field.get(PDFName.of('V'));
    expect(sigRef).toBeInstanceOf(PDFRef);
    const sig = field.lookup(PDFName.of('V'), PDFDict);
    const text = (key: string) => (sig.lookup(PDFName.of(key)) as PDFHexString | PDFString).decodeText();
    expect(sig.get(PDFName.of('Filter'))!.toString()).toBe('/Adobe.PPKLite');
    expect(sig.get(PDFName.of('SubFilter'))!.toString()).toBe('/adbe.pkcs7.detached');
    expect(text('Reason')).toBe('此数字签名等同于签约方盖章，依据电子签名法具有同盖章同等法律效力。');
    expect(text('Location')).toBe('中国  浙江省  杭州市');
    expect(text('ContactInfo')).toBe('+86-755-86008688');
    // T0 is 02:00 UTC: 10:00 in Beijing
    expect(text('M')).toBe("D:20260105100000+08'00'");
    const app = sig.lookup(PDFName.of('Prop_Build'), PDFDict).lookup(PDFName.of('App'), PDFDict);
    expect((app.get(PDFName.of('Name')) as PDFName).decodeText()).toBe('WoSign PDFSigner');
    const reference = sig.lookup(PDFName.of('Reference'), PDFArray).lookup(0, PDFDict);
    expect(reference.get(PDFName.of('TransformMethod'))!.toString()).toBe('/DocMDP');
    const params = reference.lookup(PDFName.of('TransformParams'), PDFDict);
    expect((params.get(PDFName.of('P')) as PDFNumber).asNumber()).toBe(2);
    const perms = doc.catalog.lookup(PDFName.of('Perms'), PDFDict);
    expect(perms.get(PDFName.of('DocMDP'))).toBe(sigRef);
  });
});

describe('password', () => {
  it('encrypts the signed PDF with the user password: qpdf, pdfsig -upw and pdftoppm -upw open it, nothing else does', async () => {
    const password = 'wosign密码1';
    const { signid } = await threeSigners({
      password,
      signerlist: [signer('person', `PW-${Date.now()}`, [[1, POS.personA]])],
    });
    const signed = await signAll(signid, 1);
    const ca = (await h.control('GET', '/__sim/wosign/ca.pem')).json as string;
    const store = trustStore(pemEncode('CERTIFICATE', pemDecodeAll(ca).at(-1)!));
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-wosign-pw-'));
    try {
      const file = join(dir, 'signed.pdf');
      writeFileSync(file, signed);
      const show = spawnSync('qpdf', ['--show-encryption', `--password=${password}`, file], {
        encoding: 'utf8',
      });
      expect(show.stdout).toContain('R = 6');
      expect(qpdfCheck(signed, { password }).ok).toBe(true);
      expect(spawnSync('qpdf', ['--check', '--password=wrong', file], { encoding: 'utf8' }).status).not.toBe(
        0,
      );

      const { entries, out } = store.pdfsig(signed, { password });
      expect(entries, out).toHaveLength(1);
      expect(entries[0]!.valid, out).toBe(true);
      expectCertificatesTrusted(entries, out);

      const png = join(dir, 'p1');
      const r = spawnSync('pdftoppm', [
        '-upw',
        password,
        '-r',
        '72',
        '-f',
        '1',
        '-l',
        '1',
        '-png',
        '-singlefile',
        file,
        png,
      ]);
      expect(r.status).toBe(0);
      const page = decodePng(readFileSync(`${png}.png`));
      expect(countRedPixels(page, pdfBoxToPixels(boxOf(POS.personA), A4.height))).toBeGreaterThan(300);
      expect(spawnSync('pdftoppm', ['-r', '10', '-png', file, join(dir, 'no')]).status).not.toBe(0);
    } finally {
      store.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an order without password signs a plain PDF', async () => {
    const { signid } = await threeSigners({
      signerlist: [signer('person', `NOPW-${Date.now()}`, [[1, POS.personA]])],
    });
    const signed = await signAll(signid, 1);
    expect(Buffer.from(signed).includes('/Encrypt')).toBe(false);
  });
});
