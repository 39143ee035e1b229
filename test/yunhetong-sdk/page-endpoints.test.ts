/**
 * The signing page's JSON endpoints (合同接口 4.合同签署, handlers/page.ts), in-process:
 * contract/view (the Android SDK's partner flags, the contract, partners with locations, backURL),
 * sign/getSign (the automatic signature and drawn ones, each picture served), sign/createSign
 * (only a PNG or JPEG that decodes; data: prefix, an unencoded + read as a space), sign/delSign
 * (drawn only), contract/sign (own part, chosen signature, first location; PDF replaced and signed),
 * contract/allSign (every location; the platform also signs every pending partner), and each error
 * of theirs in the vendor envelope.
 */
import { deflateSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { findKeyword } from '../../simulators/core/pdf/index.ts';
import { pdfTemplate } from '../core/template/fixtures.ts';
import {
  BASE,
  call,
  company,
  failure,
  fileContractOf,
  MIN,
  person,
  sdk,
  success,
  userWithToken,
  type SdkHandle,
} from './helpers.ts';

/** A small valid RGBA PNG (w × h, a black diagonal). */
function png(w = 40, h = 20): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const rows = Buffer.alloc(h * (1 + w * 4));
  for (let y = 0; y < h; y++) {
    const x = Math.floor((y * w) / h);
    rows[y * (1 + w * 4) + 1 + x * 4 + 3] = 255;
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

let h: SdkHandle;
let platform: { id: string; token: string };
let a: { id: string; token: string };
let b: { id: string; token: string };
let outsider: { id: string; token: string };

async function user(params: Record<string, string>) {
  const r = await userWithToken(h, params);
  return { id: r.user.appUserId!, token: r.token };
}

/** A PDF contract made by A with partners A (keyWord 甲方签字, twice in the text) and B. */
async function contract(opts: { title?: string; withPlatform?: boolean } = {}) {
  const pdf = await pdfTemplate([['买卖合同', '甲方签字：', '乙方盖章：', '', '甲方签字：']]);
  const contractId = await fileContractOf(h, a.token, pdf, { title: opts.title ?? '买卖合同' });
  const partners = [
    { appUserId: a.id, keyWord: '甲方签字' },
    { appUserId: b.id, keyWord: '乙方盖章' },
    ...(opts.withPlatform ? [{ appUserId: platform.id, keyWord: '买卖合同' }] : []),
  ];
  const r = await call(h, P.addPartner, a.token, { contractId, partners: JSON.stringify(partners) });
  expect(r.json).toEqual(success());
  return contractId;
}

async function getSigns(token: string) {
  const r = await call(h, P.getSign, token);
  expect(r.json).toMatchObject({ subCode: 200, code: 200 });
  return r.json.value.signs as Array<{ signId: number; type: string; kind: string; imageUrl: string }>;
}

beforeEach(async () => {
  h = sdk();
  platform = await user(company({ userType: '4', userName: '云合同测试平台' }));
  a = await user(person({ userName: '王<b>五' }));
  b = await user(company());
  outsider = await user(person());
});

describe('yunhetong-sdk page: signatures (sign/getSign, createSign, delSign)', () => {
  it('getSign lists the automatic signature; its picture is a seal preview with the name escaped', async () => {
    const [auto, ...rest] = await getSigns(a.token);
    expect(rest).toEqual([]);
    expect(auto).toMatchObject({ type: 'auto', kind: 'personal' });
    const img = await h.raw(`http://127.0.0.1:4004${auto!.imageUrl}`);
    expect(img.status).toBe(200);
    expect(img.contentType).toContain('image/svg+xml');
    expect(img.text).toContain('&lt;b&gt;');
    expect(img.text).not.toContain('<b>');
    expect((await getSigns(b.token))[0]).toMatchObject({ type: 'auto', kind: 'company' });
    // another user's token cannot fetch the picture
    const other = auto!.imageUrl.replace(encodeURIComponent(a.token), encodeURIComponent(outsider.token));
    expect((await h.raw(`http://127.0.0.1:4004${other}`)).status).toBe(404);
  });

  it('createSign keeps a drawn PNG (plain, data: URL, + sent unencoded); its picture is the same bytes', async () => {
    const image = png();
    const first = await call(h, P.createSign, a.token, { sign: b64(image) });
    expect(first.json).toEqual(success({ signId: expect.any(Number) }));
    const second = await call(h, P.createSign, a.token, { sign: `data:image/png;base64,${b64(png(31, 9))}` });
    expect(second.json.subCode).toBe(200);
    // A raw query: the servlet reads + as a space; the drawing still decodes.
    let raw = b64(png(64, 64));
    for (let w = 65; !raw.includes('+'); w++) raw = b64(png(w, 64));
    const third = await h.raw(`${BASE}${P.createSign}?token=${a.token}&sign=${raw}`, { method: 'POST' });
    expect(third.json.subCode).toBe(200);
    const signs = await getSigns(a.token);
    expect(signs.map((s) => s.type)).toEqual(['auto', 'drawn', 'drawn', 'drawn']);
    expect(signs[1]).toMatchObject({ signId: first.json.value.signId, kind: 'image' });
    const res = await h.fetch(new Request(`http://127.0.0.1:4004${signs[1]!.imageUrl}`));
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(image);
    // B sees only its own
    expect((await getSigns(b.token)).map((s) => s.type)).toEqual(['auto']);
  });

  it('createSign refuses what is not a decodable PNG or JPEG with 10602', async () => {
    const broken = png();
    broken[broken.length - 20] ^= 0xff; // a CRC no longer matches
    const gif = new Uint8Array(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
    for (const sign of ['', 'not base64!', b64(broken), b64(gif), b64(png()).slice(0, 40), 'A']) {
      const r = await call(h, P.createSign, a.token, { sign });
      expect(r.json, sign.slice(0, 20)).toEqual(failure(10602, '签名图片格式错误'));
    }
    expect((await call(h, P.createSign, a.token, {})).json).toEqual(failure(10602, '签名图片格式错误'));
    expect(await getSigns(a.token)).toHaveLength(1);
  });

  it('delSign deletes a drawn signature and its picture; the automatic one 10802; others 10601/10603', async () => {
    const { signId } = (await call(h, P.createSign, a.token, { sign: b64(png()) })).json.value;
    const signs = await getSigns(a.token);
    const drawn = signs.find((s) => s.signId === signId)!;
    const auto = signs.find((s) => s.type === 'auto')!;
    expect((await call(h, P.delSign, b.token, { signId: String(signId) })).json).toEqual(
      failure(10601, '签名不存在'),
    );
    expect((await call(h, P.delSign, a.token, { signId: String(auto.signId) })).json).toEqual(
      failure(10802, '您没有该操作的权限！'),
    );
    expect((await call(h, P.delSign, a.token, {})).json).toEqual(failure(10603, '请先选择签名'));
    expect((await call(h, P.delSign, a.token, { signId: '99999' })).json).toEqual(
      failure(10601, '签名不存在'),
    );
    expect((await call(h, P.delSign, a.token, { signId: String(signId) })).json).toEqual(success());
    expect((await getSigns(a.token)).map((s) => s.signId)).toEqual([auto.signId]);
    expect((await h.raw(`http://127.0.0.1:4004${drawn.imageUrl}`)).status).toBe(404);
    expect((await call(h, P.delSign, a.token, { signId: String(signId) })).json).toEqual(
      failure(10601, '签名不存在'),
    );
  });

  it('every page endpoint answers 10801 for an unknown or expired token', async () => {
    await h.advance(30 * MIN);
    for (const path of [P.view, P.sign, P.allSign, P.getSign, P.createSign, P.delSign]) {
      for (const token of [a.token, 'TGT-1-nope-cas01.example.org']) {
        const r = await call(h, path, token, { contractId: '1704241653115006', signId: '1', sign: 'x' });
        expect(r.json, path).toEqual(failure(10801, '登录异常，请重新登录！'));
      }
    }
  });
});

describe('yunhetong-sdk page: contract/view', () => {
  it('answers the partner flags, the contract, the partners with their locations and the backURL', async () => {
    const contractId = await contract();
    const back = 'https://shop.example/back?o=1';
    expect((await h.get(P.checkToken, { token: b.token, backURL: back })).json.code).toBe(200);
    const r = await call(h, P.view, b.token, { contractId });
    expect(r.json).toMatchObject({ subCode: 200, message: 'true', code: 200 });
    const v = r.json.value;
    expect(v.partner).toEqual({
      contractId: Number(contractId),
      invalid: true,
      sdkUserId: b.id,
      sign: true,
      hasSign: true,
    });
    expect(v.contract).toMatchObject({ contractId: Number(contractId), title: '买卖合同', status: '签署中' });
    expect(v.contract.pageCount).toBe(1);
    const pdf = await h.raw(`http://127.0.0.1:4004${v.contract.fileUrl}`);
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toBe('application/pdf');
    expect(v.partners.map((p: { appUserId: string }) => p.appUserId)).toEqual([a.id, b.id]);
    expect(v.partners[0]).toMatchObject({ userName: '王<b>五', signStatus: '未签署', signedAt: null });
    expect(v.partners[0].keyWord).toBe('甲方签字');
    expect(v.partners[0].locations).toHaveLength(2); // both hits of 甲方签字
    expect(v.backURL).toBe(back);
  });

  it('the platform may view any contract of its app; others 10526; errors 10528/10529/10502', async () => {
    const contractId = await contract();
    const pv = await call(h, P.view, platform.token, { contractId });
    expect(pv.json.value.partner).toMatchObject({ sign: false, invalid: true, sdkUserId: platform.id });
    expect((await call(h, P.view, outsider.token, { contractId })).json).toEqual(
      failure(10526, '该用户无权限获取合同详情'),
    );
    expect((await call(h, P.view, a.token, {})).json).toEqual(failure(10528, '合同编号不能为空'));
    expect((await call(h, P.view, a.token, { contractId: '12ab' })).json).toEqual(
      failure(10529, '合同编号不合法'),
    );
    expect((await call(h, P.view, a.token, { contractId: '1704241653115006' })).json).toEqual(
      failure(10502, '未找到编号对应合同信息'),
    );
    // a contract of another app is not found there
    const app = await h.newApp();
    const other = await userWithToken(h, person(), app);
    expect((await call(h, P.view, other.token, { contractId })).json).toEqual(
      failure(10502, '未找到编号对应合同信息'),
    );
  });
});

describe('yunhetong-sdk page: contract/sign and contract/allSign', () => {
  it('sign: the own part with the chosen drawn signature at the first location; the file is replaced', async () => {
    const contractId = await contract();
    const { signId } = (await call(h, P.createSign, a.token, { sign: b64(png(120, 60)) })).json.value;
    const before = (await call(h, P.view, a.token, { contractId })).json.value;
    const r = await call(h, P.sign, a.token, { contractId, signId: String(signId) });
    expect(r.json).toEqual(success({ contractId: Number(contractId), status: '签署中', backURL: null }));
    const after = (await call(h, P.view, a.token, { contractId })).json.value;
    expect(after.partner).toMatchObject({ sign: false });
    expect(after.partners[0]).toMatchObject({ signStatus: '已签署', signedAt: expect.any(String) });
    expect(after.partners[0].locations).toHaveLength(1); // placed at the first hit only
    expect(after.partners[0].locations[0]).toMatchObject({ page: 1 });
    expect(after.partners[0].locations[0].y).toBeGreaterThan(before.partners[0].locations[1].y);
    // signing again, or with someone else's signature
    expect((await call(h, P.sign, a.token, { contractId, signId: String(signId) })).json).toEqual(
      failure(10525, `签署人${a.id}已签署合同`),
    );
    const bAuto = (await getSigns(b.token))[0]!.signId;
    expect((await call(h, P.sign, b.token, { contractId, signId: String(signId) })).json).toEqual(
      failure(10601, '签名不存在'),
    );
    expect((await call(h, P.sign, b.token, { contractId })).json).toEqual(failure(10603, '请先选择签名'));
    // B completes it
    const done = await call(h, P.sign, b.token, { contractId, signId: String(bAuto) });
    expect(done.json.value).toMatchObject({ status: '已完成' });
    expect((await call(h, P.sign, b.token, { contractId, signId: String(bAuto) })).json).toEqual(
      failure(10506, '当前合同无法签署'),
    );
  });

  it('sign refuses a viewer who is not a partner (the platform: 10524) and an outsider (10526)', async () => {
    const contractId = await contract();
    const pAuto = (await getSigns(platform.token))[0]!.signId;
    expect((await call(h, P.sign, platform.token, { contractId, signId: String(pAuto) })).json).toEqual(
      failure(10524, `签署人${platform.id}不是合同参与者`),
    );
    const oAuto = (await getSigns(outsider.token))[0]!.signId;
    expect((await call(h, P.sign, outsider.token, { contractId, signId: String(oAuto) })).json).toEqual(
      failure(10526, '该用户无权限获取合同详情'),
    );
    expect((await call(h, P.sign, a.token, { signId: '1' })).json).toEqual(
      failure(10528, '合同编号不能为空'),
    );
  });

  it('allSign: a user seals every location of its part; the platform also signs every pending partner', async () => {
    const contractId = await contract({ withPlatform: true });
    const aAuto = (await getSigns(a.token))[0]!.signId;
    const r = await call(h, P.allSign, a.token, { contractId, signId: String(aAuto) });
    expect(r.json.value).toMatchObject({ status: '签署中' });
    let v = (await call(h, P.view, a.token, { contractId })).json.value;
    expect(v.partners.map((p: { signStatus: string }) => p.signStatus)).toEqual([
      '已签署',
      '未签署',
      '未签署',
    ]);
    expect(v.partners[0].locations).toHaveLength(2); // both hits sealed
    const pAuto = (await getSigns(platform.token))[0]!.signId;
    const all = await call(h, P.allSign, platform.token, { contractId, signId: String(pAuto) });
    expect(all.json.value).toMatchObject({ status: '已完成' });
    v = (await call(h, P.view, a.token, { contractId })).json.value;
    expect(v.partners.map((p: { signStatus: string }) => p.signStatus)).toEqual([
      '已签署',
      '已签署',
      '已签署',
    ]);
    expect(v.contract.status).toBe('已完成');
    // the file has the keyword text still (seals are drawn over, not replacing text)
    const pdf = await h.fetch(new Request(`http://127.0.0.1:4004${v.contract.fileUrl}`));
    const hits = await findKeyword(new Uint8Array(await pdf.arrayBuffer()), '乙方盖章');
    expect(hits.length).toBe(1);
  });
});
