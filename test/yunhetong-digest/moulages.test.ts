/**
 * §5.5 moulages through the typed client: template seals for persons and companies (defaults,
 * codes, 防伪码, 横向文案), uploads (Base64 20205, PNG only, 400 KB, the doc's pixel sizes), the
 * user checks (20206, wrong type 20001) and token scope (own user only), and the stored specs.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { maskName } from '../../simulators/yunhetong-digest/handlers/moulages.ts';
import { encodePng } from '../helpers/png.ts';
import { apiError, COMPANY, PERSON, yht, type YhtHandle } from './helpers.ts';

let h: YhtHandle;
let c: YunhetongDigestClient;
let person: number;
let company: number;

const png = (w: number, hgt: number) =>
  Buffer.from(encodePng(w, hgt, new Uint8Array(w * hgt * 4).fill(200))).toString('base64');
const moulages = async () =>
  (await h.control('GET', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/moulages`)).json
    .moulages;

beforeEach(async () => {
  h = yht();
  c = h.client();
  await c.login();
  person = (await c.call('/user/person', PERSON)).signerId;
  company = (await c.call('/user/company', COMPANY)).signerId;
});

describe('template moulages', () => {
  it('creates a person seal with the doc defaults and numbers moulageIds from 1', async () => {
    expect(await c.call('/moulage/person', { signerId: String(person) })).toEqual({ moulageId: 1 });
    expect(
      await c.call('/moulage/person', {
        signerId: String(person),
        borderType: 'B2',
        fontFamily: 'F4',
        color: 'C2',
        mode: '2',
      }),
    ).toEqual({ moulageId: 2 });
    const [a, b] = await moulages();
    expect(a).toMatchObject({
      moulageId: 1,
      signerId: person,
      spec: { kind: 'person', name: '张三', borderType: 'B1', fontFamily: 'F1', color: 'C1', mode: '0' },
    });
    expect(b.spec).toMatchObject({ borderType: 'B2', fontFamily: 'F4', color: 'C2', mode: '2' });
    expect(
      (await apiError(c.call('/moulage/person', { signerId: String(person), color: 'C9' } as never))).code,
    ).toBe(201);
  });

  it('creates a company seal: round by default, oval, 横向文案 up to 12, 防伪码 13 digits', async () => {
    expect(
      await c.call('/moulage/company', {
        signerId: String(company),
        styleType: '1',
        textContent: '测试专用章',
        keyContent: '1234567890123',
        color: 'C1',
        mode: '0',
      }),
    ).toEqual({
      moulageId: 1,
    });
    await c.call('/moulage/company', { signerId: String(company), styleType: '2' });
    const [a, b] = await moulages();
    expect(a.spec).toEqual({
      kind: 'company',
      name: COMPANY.userName,
      styleType: '1',
      textContent: '测试专用章',
      keyContent: '1234567890123',
      color: 'C1',
      mode: '0',
    });
    expect(b.spec).toMatchObject({ styleType: '2', color: 'C1', mode: '0' });
    expect(
      (await apiError(c.call('/moulage/company', { signerId: String(company), keyContent: '123' }))).code,
    ).toBe(201);
    expect(
      (
        await apiError(
          c.call('/moulage/company', {
            signerId: String(company),
            textContent: '一二三四五六七八九十一二三',
          }),
        )
      ).msg,
    ).toMatch(/textContent 长度不能超过 12/);
  });

  it("checks the user: unknown 20206, wrong type 20001, another user's token 20001; the own user's token passes", async () => {
    expect((await apiError(c.call('/moulage/person', { signerId: '99' }))).code).toBe(20206);
    expect(await apiError(c.call('/moulage/person', { signerId: String(company) }))).toMatchObject({
      code: 20001,
      msg: '用户无权限',
    });
    expect((await apiError(c.call('/moulage/company', { signerId: String(person) }))).code).toBe(20001);
    const u = c.asUser(person);
    await u.login();
    expect(await u.call('/moulage/person', { signerId: String(person) })).toEqual({ moulageId: 1 });
    expect((await apiError(u.call('/moulage/company', { signerId: String(company) }))).code).toBe(20001);
    expect(
      (await apiError(u.call('/moulage/upload', { signerId: String(company), imgBase: png(200, 200) }))).code,
    ).toBe(20001);
    expect(await u.call('/moulage/upload', { signerId: String(person), imgBase: png(110, 200) })).toEqual({
      moulageId: 2,
    });
  });

  it('masks names in 脱敏 mode', () => {
    expect(maskName('张三', 'person')).toBe('张*');
    expect(maskName('浙江律讯网络科技有限公司', 'company')).toBe('浙江********公司');
  });
});

describe('uploaded moulages', () => {
  it('accepts PNGs of the doc sizes in either orientation, with or without a data: prefix', async () => {
    expect(await c.call('/moulage/upload', { signerId: String(person), imgBase: png(110, 200) })).toEqual({
      moulageId: 1,
    });
    expect(
      await c.call('/moulage/upload', {
        signerId: String(person),
        imgBase: `data:image/png;base64,${png(200, 110)}`,
      }),
    ).toEqual({ moulageId: 2 });
    expect(await c.call('/moulage/upload', { signerId: String(company), imgBase: png(200, 200) })).toEqual({
      moulageId: 3,
    });
    expect(await c.call('/moulage/upload', { signerId: String(company), imgBase: png(300, 160) })).toEqual({
      moulageId: 4,
    });
    const all = await moulages();
    expect(all[3].spec).toMatchObject({ kind: 'image', width: 300, height: 160 });
    const blob = h.sim.blobs.get(all[3].spec.blobId);
    expect(blob?.contentType).toBe('image/png');
  });

  it('refuses non-Base64 (20205), non-PNG, oversized and wrongly sized images (201)', async () => {
    expect(
      await apiError(c.call('/moulage/upload', { signerId: String(person), imgBase: '%%%not base64' })),
    ).toMatchObject({ code: 20205, msg: '印模 base64 转 byte 数组失败' });
    expect((await apiError(c.call('/moulage/upload', { signerId: String(person), imgBase: '' }))).code).toBe(
      201,
    );
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]).toString('base64');
    expect(
      (await apiError(c.call('/moulage/upload', { signerId: String(person), imgBase: jpeg }))).msg,
    ).toMatch(/png/);
    // a PNG header with the right size but no image behind it (it would break every signing)
    const headerOnly = Buffer.from(png(110, 200), 'base64').subarray(0, 24).toString('base64');
    expect(
      await apiError(c.call('/moulage/upload', { signerId: String(person), imgBase: headerOnly })),
    ).toMatchObject({ code: 201, msg: 'imgBase 格式不正确，只支持 png' });
    expect(
      (await apiError(c.call('/moulage/upload', { signerId: String(person), imgBase: png(200, 200) }))).msg,
    ).toMatch(/110X200/);
    expect(
      (await apiError(c.call('/moulage/upload', { signerId: String(company), imgBase: png(110, 200) }))).msg,
    ).toMatch(/200X200/);
    // > 400 KB: a PNG of the right size padded with a trailing chunk
    const big = Buffer.concat([Buffer.from(png(110, 200), 'base64'), Buffer.alloc(400 * 1024)]).toString(
      'base64',
    );
    expect(
      (await apiError(c.call('/moulage/upload', { signerId: String(person), imgBase: big }))).msg,
    ).toMatch(/400KB/);
    expect(await moulages()).toHaveLength(0);
  });
});
