/**
 * CreateSignOrder (doc: 3.1 创建签署) in-process, the client certificate as the transport's header:
 * the answer, the first signer's SMS, every code of the doc's list with its rule (-43, -46…-57,
 * -61, -68, -79, -100), the check order (decision: wosign.create-check-order), templates from the
 * console, the company registry (-50), and one success and one failure over real mutual TLS.
 */
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import { listen, type RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { usccCheckChar } from '../../simulators/core/checkdigits.ts';
import type { Simulator } from '../../simulators/core/simulator.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import {
  createBody,
  DEFAULT_CLIENT,
  failure,
  formEncoded,
  jsonOrText,
  orderNumber,
  pdfBase64,
  pngBase64,
  T0,
  ws,
  type WosignHandle,
} from './helpers.ts';

const TOKEN = DEFAULT_CLIENT.tokenid;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The doc's example licence (a 15-digit 工商注册号 with a valid check digit). */
const DOC_ORG_NO = '440301103308619';

/** A valid USCC built from 17 characters. */
const uscc = (first17: string) => first17 + usccCheckChar(first17);

/** A minimal JPEG header: SOI, a baseline frame header (SOF0, 4×4), EOI. */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x04, 0x00, 0x04, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01,
  0x03, 0x11, 0x01, 0xff, 0xd9,
]).toString('base64');

const b64 = (s: string) => Buffer.from(s).toString('base64');

function personal(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    signType: '2',
    userName: '张三',
    userNo: '212125668686868888',
    pic: pngBase64(),
    otherpic: pngBase64(),
    signlist: [{ pagenumber: 1, position: '0.65, 0.47, 0.82, 0.59' }],
    ...over,
  };
}

function company(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    signType: '1',
    orgName: '沃通电子认证服务有限公司',
    orgNo: ` ${DOC_ORG_NO}`,
    stampbase: '',
    pic: pngBase64(),
    otherpic: pngBase64(),
    signlist: [{ pagenumber: 1, position: '0.30,0.57,0.46,0.69' }],
    ...over,
  };
}

let h: WosignHandle;

/** CreateSignOrder for the default tenant with these top-level overrides. */
async function create(over: Record<string, unknown> = {}) {
  return h.post(await createBody(TOKEN, over));
}

/** The errorcode of a body with one signer changed (the others as createBody has them). */
async function withSigner(signer: Record<string, unknown>, over: Record<string, unknown> = {}) {
  return (await create({ signerlist: [signer], ...over })).json;
}

async function addTemplate(tokenid: string, body: Record<string, unknown>) {
  const r = await h.control('POST', `/__sim/wosign/tenants/${tokenid}/templates`, {
    contentBase64: await pdfBase64(),
    ...body,
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as { tempid: string; subject: string };
}

beforeAll(() => {
  h = ws();
});

describe('CreateSignOrder answers', () => {
  it('answers status 1, errorcode 0, a UUID v4 signid and the ordernumber, as compact ASCII JSON', async () => {
    const on = `订单-${orderNumber()}`;
    const r = await create({ orderNumber: on });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['status', 'errorcode', 'signid', 'ordernumber']);
    expect(r.json).toMatchObject({ status: 1, errorcode: 0, ordernumber: on });
    expect(r.json.signid).toMatch(UUID_V4);
    expect(r.text).toMatch(/^[\x20-\x7e]+$/);
    expect(r.text).toContain('\\u8ba2\\u5355');
  });

  it('reads the plain-JSON body too, and a numeric orderNumber as its text', async () => {
    const body = await createBody(TOKEN, { orderNumber: 20260105001 });
    const r = await h.post(body, undefined, 'json');
    expect(r.json).toMatchObject({ status: 1, errorcode: 0, ordernumber: '20260105001' });
  });

  it("texts every signer their page's link: to the mobile when given, else the ID or licence number", async () => {
    const a = await create({ signerlist: [personal({ userNo: 'ID-A-1' })] });
    const sms = h.sim.outbox.list({ vendor: 'wosign', to: 'ID-A-1' });
    expect(sms).toHaveLength(1);
    expect(sms[0]!.link).toMatch(
      new RegExp(`^${h.sim.origin('wosign')}/sign\\?signid=${a.json.signid}&index=0&token=[\\w-]{20,}$`),
    );
    expect(sms[0]!.text).toBe(
      `【沃通】张三，您有一份文件《测试合同》待签署，请点击链接完成签署：${sms[0]!.link}`,
    );

    const b = await create({ signerlist: [personal({ mobile: '13800138000' }), company()] });
    expect(h.sim.outbox.list({ vendor: 'wosign', to: '13800138000' })).toHaveLength(1);
    // every signer is texted, a later one told their place
    const later = h.sim.outbox
      .list({ vendor: 'wosign', to: DOC_ORG_NO })
      .filter((m) => m.link?.includes(b.json.signid));
    expect(later).toHaveLength(1);
    expect(later[0]!.link).toContain('&index=1&');
    expect(later[0]!.text).toBe(
      `【沃通】沃通电子认证服务有限公司，您有一份文件《测试合同》待签署（您是第 2 位签署人，前序签署人完成后即可签署），签署链接：${later[0]!.link}`,
    );
  });

  it('accepts both signlist spellings, a string or int signType and pagenumber, spaces in position', async () => {
    const r = await create({
      signerlist: [
        personal({
          signType: 2,
          signlist: undefined,
          Signlist: [{ pagenumber: '2', position: ' 0.1 ,0.1, 0.3,0.2 ' }],
        }),
        company({ signType: 1, signlist: [{ pagenumber: 1, position: '0,0,1,1' }] }),
      ],
    });
    expect(r.json).toMatchObject({ status: 1, errorcode: 0 });
  });

  it('accepts JPEG pictures and a stamp', async () => {
    const r = await create({ signerlist: [personal({ pic: JPEG, otherpic: JPEG, stampbase: pngBase64() })] });
    expect(r.json).toMatchObject({ status: 1, errorcode: 0 });
  });

  it('cuts a subject over 256 characters to 256 (what the SMS shows)', async () => {
    const long = '合'.repeat(255) + 'AB' + 'C'.repeat(40);
    await create({ subject: long, signerlist: [personal({ userNo: 'ID-SUBJECT' })] });
    const [sms] = h.sim.outbox.list({ vendor: 'wosign', to: 'ID-SUBJECT' });
    expect(sms!.text).toContain(`《${'合'.repeat(255)}A》`);
  });
});

describe('CreateSignOrder codes', () => {
  it('-43 an unknown tempid', async () => {
    // covers: TEMPID_NOT_FOUND
    expect((await create({ tempid: 'NO-SUCH' })).json).toEqual(failure(-43));
  });

  it('-100 without tempid and filebase; -56 filebase without fileformat', async () => {
    // covers: INCOMPLETE FILE_FORMAT_EMPTY
    expect((await create({ filebase: undefined })).json).toEqual(failure(-100));
    expect((await create({ filebase: '' })).json).toEqual(failure(-100));
    expect((await create({ fileformat: undefined })).json).toEqual(failure(-56));
    expect((await create({ fileformat: ' ' })).json).toEqual(failure(-56));
  });

  it('-79 a format other than pdf or a filebase that is not Base64; .PDF accepted', async () => {
    // covers: PARAM_INVALID
    expect((await create({ fileformat: 'docx' })).json).toEqual(failure(-79));
    expect((await create({ filebase: 'not base64!' })).json).toEqual(failure(-79));
    expect((await create({ fileformat: '.PDF' })).json).toMatchObject({ status: 1 });
  });

  it('-61 a filebase whose bytes are not a PDF, or a PDF core cannot read', async () => {
    // covers: DANGEROUS_CONTENT
    expect((await create({ filebase: b64('hello, world') })).json).toEqual(failure(-61));
    expect((await create({ filebase: pngBase64() })).json).toEqual(failure(-61));
    expect((await create({ filebase: b64('%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF') })).json).toEqual(
      failure(-61),
    );
  });

  it('-55 an orderNumber absent, empty or blank; -79 one over 64 characters', async () => {
    // covers: ORDER_NUMBER_EMPTY PARAM_INVALID
    for (const v of [undefined, null, '', '   '])
      expect((await create({ orderNumber: v })).json, String(v)).toEqual(failure(-55));
    expect((await create({ orderNumber: 'x'.repeat(65) })).json).toEqual(failure(-79));
    expect((await create({ orderNumber: 'x'.repeat(64) })).json).toMatchObject({ status: 1 });
  });

  it('-47 an orderNumber being signed, -46 one signed; a refused one may be used again', async () => {
    // covers: ORDER_SIGNING ORDER_SIGNED
    const signing = orderNumber();
    const first = await create({ orderNumber: signing });
    expect((await create({ orderNumber: signing })).json).toEqual(failure(-47));

    const act = (signid: string, action: string) =>
      h.control('POST', `/__sim/wosign/orders/${signid}/signers/0`, { action });
    expect((await act(first.json.signid, 'sign')).status).toBe(200);
    expect((await create({ orderNumber: signing })).json).toEqual(failure(-46));

    const refused = orderNumber();
    const r = await create({ orderNumber: refused });
    expect((await act(r.json.signid, 'refuse')).status).toBe(200);
    const again = await create({ orderNumber: refused });
    expect(again.json).toMatchObject({ status: 1, ordernumber: refused });
    expect(again.json.signid).not.toBe(r.json.signid);
    expect((await create({ orderNumber: refused })).json).toEqual(failure(-47));
  });

  it('-48 no signer, an empty list, more than 20 signers', async () => {
    // covers: SIGNER_COUNT
    expect((await create({ signerlist: undefined })).json).toEqual(failure(-48));
    expect((await create({ signerlist: [] })).json).toEqual(failure(-48));
    const many = Array.from({ length: 21 }, () => personal());
    expect((await create({ signerlist: many })).json).toEqual(failure(-48));
    expect((await create({ signerlist: many.slice(0, 20) })).json).toMatchObject({ status: 1 });
  });

  it('-49 a signType other than 1 or 2; -100 none', async () => {
    // covers: SIGNER_TYPE INCOMPLETE
    for (const signType of ['3', 0, 'abc', '1.5', 12])
      expect(await withSigner(personal({ signType })), String(signType)).toEqual(failure(-49));
    expect(await withSigner(personal({ signType: undefined }))).toEqual(failure(-100));
    expect(await withSigner(personal({ signType: '' }))).toEqual(failure(-100));
  });

  it('-51 -52 a company without orgName or orgNo; -53 -54 a person without userName or userNo', async () => {
    // covers: ORG_NAME_EMPTY ORG_NO_EMPTY USER_NAME_EMPTY USER_NO_EMPTY
    expect(await withSigner(company({ orgName: '' }))).toEqual(failure(-51));
    expect(await withSigner(company({ orgName: undefined, orgNo: undefined }))).toEqual(failure(-51));
    expect(await withSigner(company({ orgNo: null }))).toEqual(failure(-52));
    expect(await withSigner(personal({ userName: ' ' }))).toEqual(failure(-53));
    expect(await withSigner(personal({ userNo: undefined }))).toEqual(failure(-54));
    // a person needs no orgName, a company no userName
    expect(await withSigner(company({ userName: undefined }))).toMatchObject({ status: 1 });
  });

  it('-50 an orgNo that is no licence number (check character, shape)', async () => {
    // covers: COMPANY_MISMATCH
    const good = uscc('91440300MA5DC1234');
    expect(await withSigner(company({ orgNo: good }))).toMatchObject({ status: 1 });
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(await withSigner(company({ orgNo: wrong }))).toEqual(failure(-50));
    expect(await withSigner(company({ orgNo: '440301103308618' }))).toEqual(failure(-50));
    expect(await withSigner(company({ orgNo: '12345' }))).toEqual(failure(-50));
    expect(await withSigner(company({ orgNo: good.toLowerCase() }))).toMatchObject({ status: 1 });
  });

  it("-50 against the tenant's company registry: the number under another name, the name with another number", async () => {
    // covers: COMPANY_MISMATCH
    const t = await h.newTenant();
    const orgNo = uscc('91330106MA2B00001');
    const reg = await h.control('POST', `/__sim/wosign/tenants/${t.tokenid}/companies`, {
      orgName: '杭州测试（集团）有限公司',
      orgNo,
    });
    expect(reg.status).toBe(201);
    const ask = async (signer: Record<string, unknown>) =>
      (await h.post(await createBody(t.tokenid, { signerlist: [signer] }), t.certificatePem)).json;
    expect(await ask(company({ orgName: '杭州测试（集团）有限公司', orgNo }))).toMatchObject({ status: 1 });
    // brackets and spaces compared loosely
    expect(await ask(company({ orgName: ' 杭州测试(集团)有限公司', orgNo }))).toMatchObject({ status: 1 });
    expect(await ask(company({ orgName: '另一家有限公司', orgNo }))).toEqual(failure(-50));
    expect(await ask(company({ orgName: '杭州测试（集团）有限公司', orgNo: DOC_ORG_NO }))).toEqual(
      failure(-50),
    );
    // the default tenant's registry does not have it
    expect(await withSigner(company({ orgName: '另一家有限公司', orgNo }))).toMatchObject({ status: 1 });
  });

  it('-57 a signer without pic or otherpic', async () => {
    // covers: MATERIALS_EMPTY
    expect(await withSigner(personal({ pic: undefined }))).toEqual(failure(-57));
    expect(await withSigner(personal({ otherpic: '' }))).toEqual(failure(-57));
    expect(await withSigner(company({ pic: null, otherpic: null }))).toEqual(failure(-57));
  });

  it('-61 a picture that is not a PNG or JPEG (a PDF, text, a truncated PNG); -79 one that is not Base64', async () => {
    // covers: DANGEROUS_CONTENT PARAM_INVALID
    const png = Buffer.from(pngBase64(), 'base64');
    const truncated = png.subarray(0, png.length - 6).toString('base64');
    expect(await withSigner(personal({ pic: await pdfBase64() }))).toEqual(failure(-61));
    expect(await withSigner(personal({ otherpic: b64('<?php system($_GET[c]); ?>') }))).toEqual(failure(-61));
    expect(await withSigner(personal({ otherpic: truncated }))).toEqual(failure(-61));
    expect(await withSigner(personal({ stampbase: b64('GIF89a......') }))).toEqual(failure(-61));
    expect(await withSigner(personal({ pic: 'data:image/png;base64,AAAA' }))).toEqual(failure(-79));
  });

  it('-100 a position without pagenumber or position, or no signlist without a template', async () => {
    // covers: INCOMPLETE
    expect(await withSigner(personal({ signlist: undefined }))).toEqual(failure(-100));
    expect(await withSigner(personal({ signlist: [] }))).toEqual(failure(-100));
    expect(await withSigner(personal({ signlist: [{ pagenumber: 1 }] }))).toEqual(failure(-100));
    expect(await withSigner(personal({ signlist: [{ position: '0,0,0.5,0.5' }] }))).toEqual(failure(-100));
  });

  it('-79 a page outside the document or a position that is not four ordered fractions', async () => {
    // covers: PARAM_INVALID
    const at = (pagenumber: unknown, position: unknown) =>
      withSigner(personal({ signlist: [{ pagenumber, position }] }));
    expect(await at(3, '0.1,0.1,0.2,0.2')).toEqual(failure(-79));
    expect(await at(0, '0.1,0.1,0.2,0.2')).toEqual(failure(-79));
    expect(await at('one', '0.1,0.1,0.2,0.2')).toEqual(failure(-79));
    for (const position of [
      '0.5,0.5,0.4,0.6',
      '0.1,0.6,0.2,0.5',
      '0.1,0.1,1.2,0.2',
      'a,b,c,d',
      '0.1,0.1,0.2',
      '-0.1,0,0.2,0.2',
    ])
      expect(await at(1, position), position).toEqual(failure(-79));
    expect(
      await withSigner(
        personal({ signlist: Array.from({ length: 51 }, () => ({ pagenumber: 1, position: '0,0,1,1' })) }),
      ),
    ).toEqual(failure(-79));
  });

  it('-79 a country that is not two letters, a mobile that is not one, a password over 127 bytes', async () => {
    // covers: PARAM_INVALID
    expect(await withSigner(personal({ country: 'CHN' }))).toEqual(failure(-79));
    expect(await withSigner(personal({ country: 'hk' }))).toMatchObject({ status: 1 });
    expect(await withSigner(personal({ mobile: '12345' }))).toEqual(failure(-79));
    expect((await create({ password: '密'.repeat(43) })).json).toEqual(failure(-79));
    expect((await create({ password: 'p'.repeat(127) })).json).toMatchObject({ status: 1 });
  });

  it('-68 once the balance is used up; a refused request costs nothing', async () => {
    // covers: BALANCE_LOW SIGNER_COUNT
    const t = await h.newTenant({ balance: 1 });
    const ask = async (over: Record<string, unknown> = {}) =>
      (await h.post(await createBody(t.tokenid, over), t.certificatePem)).json;
    expect(await ask({ signerlist: [] })).toEqual(failure(-48));
    expect(await ask()).toMatchObject({ status: 1 });
    expect(await ask()).toEqual(failure(-68));
    const view = await h.control('GET', `/__sim/wosign/tenants/${t.tokenid}`);
    expect(view.json.settings.balance).toBe(0);
    await h.control('PATCH', `/__sim/wosign/tenants/${t.tokenid}`, { balance: 1 });
    expect(await ask()).toMatchObject({ status: 1 });
  });

  it("checks in the parameter table's order, the balance last", async () => {
    const t = await h.newTenant({ balance: 0 });
    const ask = async (over: Record<string, unknown>) =>
      (await h.post(await createBody(t.tokenid, over), t.certificatePem)).json;
    const bad = { signerlist: [personal({ signType: '9' })] };
    expect(await ask({ tempid: 'X', filebase: 'bad', orderNumber: '', ...bad })).toEqual(failure(-43));
    expect(await ask({ fileformat: '', orderNumber: '', ...bad })).toEqual(failure(-56));
    expect(await ask({ orderNumber: '', ...bad })).toEqual(failure(-55));
    expect(await ask({ signerlist: [personal({ signType: '9' }), personal({ pic: '' })] })).toEqual(
      failure(-49),
    );
    expect(await ask({ signerlist: [personal(), personal({ userName: '', pic: '' })] })).toEqual(
      failure(-53),
    );
    expect(await ask({ signerlist: [company({ orgNo: '1', pic: '' })] })).toEqual(failure(-50));
    expect(await ask({ signerlist: [personal({ pic: '', signlist: [] })] })).toEqual(failure(-57));
    expect(await ask({ signerlist: [personal({ pic: b64('x'), signlist: [] })] })).toEqual(failure(-61));
    expect(await ask({})).toEqual(failure(-68));
  });
});

describe('CreateSignOrder with a template (tempid)', () => {
  it("signs the template's document at its positions, with its subject when the order has none", async () => {
    const t = await h.newTenant();
    const tpl = await addTemplate(t.tokenid, {
      subject: '模板主题',
      signers: [
        { signlist: [{ pagenumber: 1, position: '0.1,0.1,0.3,0.2' }] },
        { signlist: [{ pagenumber: 2, position: '0.5,0.1,0.7,0.2' }] },
      ],
    });
    const body = await createBody(t.tokenid, {
      tempid: tpl.tempid,
      filebase: undefined,
      fileformat: undefined,
      subject: '',
      signerlist: [personal({ signlist: undefined, userNo: 'TPL-1' })],
    });
    const r = await h.post(body, t.certificatePem);
    expect(r.json).toMatchObject({ status: 1, errorcode: 0 });
    expect(h.sim.outbox.list({ vendor: 'wosign', to: 'TPL-1' })[0]!.text).toContain('《模板主题》');

    const three = await createBody(t.tokenid, {
      tempid: tpl.tempid,
      signerlist: [personal(), personal(), personal()],
    });
    expect((await h.post(three, t.certificatePem)).json).toEqual(failure(-48));
    // the tempid is the tenant's: another tenant does not have it
    expect((await create({ tempid: tpl.tempid })).json).toEqual(failure(-43));
  });

  it('a deleted template answers -43; an order made from it keeps its document', async () => {
    const t = await h.newTenant();
    const tpl = await addTemplate(t.tokenid, {
      signers: [{ signlist: [{ pagenumber: 1, position: '0.1,0.1,0.3,0.2' }] }],
    });
    const body = () =>
      createBody(t.tokenid, {
        tempid: tpl.tempid,
        filebase: undefined,
        signerlist: [personal({ signlist: [] })],
      });
    const r = await h.post(await body(), t.certificatePem);
    expect(r.json).toMatchObject({ status: 1 });
    expect(
      (await h.control('DELETE', `/__sim/wosign/tenants/${t.tokenid}/templates/${tpl.tempid}`)).status,
    ).toBe(200);
    expect((await h.post(await body(), t.certificatePem)).json).toEqual(failure(-43));
    const signed = await h.control('POST', `/__sim/wosign/orders/${r.json.signid}/signers/0`, {
      action: 'sign',
    });
    expect(signed.json).toMatchObject({ signerStatus: 'signed', orderStatus: 'signed' });
  });
});

describe('CreateSignOrder over real mutual TLS', () => {
  let sim: Simulator;
  let running: RunningServers;
  let origin: URL;
  let ca: string;

  beforeAll(async () => {
    sim = createSimulator({
      vendors: ['wosign'],
      basePort: await freeBasePortFrom(52000),
      now: T0,
      clock: 'manual',
    });
    running = await listen(sim);
    origin = new URL(running.urls.wosign!);
    ca = await (await fetch(`${running.urls.control}/__sim/wosign/ca.pem`)).text();
  });
  afterAll(async () => {
    await running?.close();
    sim?.close();
  });

  function post(body: string): Promise<{ status: number; json: ReturnType<typeof jsonOrText> }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: origin.port,
          path: '/',
          method: 'POST',
          ca,
          pfx: Buffer.from(DEFAULT_CLIENT.pfx),
          passphrase: DEFAULT_CLIENT.pfxPassword,
          agent: false,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, json: jsonOrText(Buffer.concat(chunks).toString()) }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('makes an order with the committed .pfx and answers -57 over the same transport', async () => {
    const ok = await post(formEncoded(await createBody(TOKEN, { signerlist: [company()] })));
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: 1, errorcode: 0 });
    expect(ok.json.signid).toMatch(UUID_V4);
    const [sms] = sim.outbox.list({ vendor: 'wosign', to: DOC_ORG_NO });
    expect(sms!.link).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${origin.port}/sign\\?`));

    const bad = await post(formEncoded(await createBody(TOKEN, { signerlist: [company({ otherpic: '' })] })));
    expect(bad).toEqual({ status: 200, json: failure(-57) });
  });
});
