/**
 * §5.4 users through the typed client: field rules (201 with the field named), certifyNum unique
 * per app (20207 认证号码(…)已经存在, or 20209 by setting), app state (20207 offline, 20210 no
 * certificate service, 20300 for the rest), the PATCH updates (20001 same value), the certifyNum
 * lookup and the paged listing (20206).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { apiError, COMPANY, PERSON, raw, yht, type YhtHandle } from './helpers.ts';

let h: YhtHandle;
let c: YunhetongDigestClient;

beforeEach(async () => {
  h = yht();
  c = h.client();
  await c.login();
});

const code = async (p: Promise<unknown>) => {
  const e = await apiError(p);
  return { code: e.code, msg: e.msg };
};

describe('creating users', () => {
  it('creates a person with the doc example and numbers signerIds from 1', async () => {
    expect(await c.call('/user/person', PERSON)).toEqual({ signerId: 1 });
    expect(await c.call('/user/company', COMPANY)).toEqual({ signerId: 2 });
    const r = await raw(h, '/user/person', {
      token: c.token()!,
      body: JSON.stringify({ userName: '李四', identityRegion: 1, certifyNum: 'H1234567' }),
    });
    expect(r.json).toEqual({ code: 200, msg: true, data: { signerId: 3 } });
  });

  it('refuses a duplicate certifyNum (persons and companies together) with 20207 naming it', async () => {
    await c.call('/user/person', PERSON);
    expect(await code(c.call('/user/person', { ...PERSON, userName: '张三二' }))).toEqual({
      code: 20207,
      msg: `认证号码(${PERSON.certifyNum})已经存在`,
    });
    await c.call('/user/company', COMPANY);
    expect((await code(c.call('/user/person', { ...PERSON, certifyNum: COMPANY.certifyNum }))).code).toBe(
      20207,
    );
    await h.control('PATCH', `/__sim/yunhetong-digest/tenants/${YUNHETONG_DIGEST_DEFAULT_APP.appId}`, {
      duplicateCertifyNumCode: 20209,
    });
    expect(await code(c.call('/user/company', COMPANY))).toEqual({ code: 20209, msg: '证件号已被注册' });
  });

  it('lets exactly one of two concurrent creations with the same certifyNum through', async () => {
    const results = await Promise.allSettled([
      c.call('/user/person', PERSON),
      c.call('/user/company', { ...COMPANY, certifyNum: PERSON.certifyNum }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code),
    ).toEqual([20207]);
  });

  it('checks every field of a person', async () => {
    expect(await code(c.call('/user/person', { ...PERSON, userName: '' }))).toEqual({
      code: 201,
      msg: 'userName 为空',
    });
    expect(
      (await code(c.call('/user/person', { ...PERSON, userName: '一二三四五六七八九十一二三四五六' }))).msg,
    ).toMatch(/userName 长度不能超过 15/);
    expect((await code(c.call('/user/person', { ...PERSON, identityRegion: '5' } as never))).msg).toMatch(
      /identityRegion/,
    );
    expect((await code(c.call('/user/person', { ...PERSON, certifyType: 'c' } as never))).msg).toMatch(
      /certifyType/,
    );
    expect(await code(c.call('/user/person', { ...PERSON, certifyNum: '' }))).toEqual({
      code: 201,
      msg: 'certifyNum 为空',
    });
    expect(await code(c.call('/user/person', { ...PERSON, phoneNo: '23000000000' }))).toEqual({
      code: 201,
      msg: 'phoneNo 格式不正确',
    });
    expect(await code(c.call('/user/person', { ...PERSON, phoneNo: undefined }))).toEqual({
      code: 201,
      msg: 'phoneNo 为空',
    });
    // Hong Kong / Macau 8 digits, Taiwan 10
    expect(
      await c.call('/user/person', { ...PERSON, certifyNum: 'HK1', phoneRegion: '1', phoneNo: '61234567' }),
    ).toEqual({ signerId: 1 });
    expect(
      await c.call('/user/person', { ...PERSON, certifyNum: 'TW1', phoneRegion: '2', phoneNo: '0912345678' }),
    ).toEqual({ signerId: 2 });
    expect(
      (
        await code(
          c.call('/user/person', { ...PERSON, certifyNum: 'TW2', phoneRegion: '2', phoneNo: '13000000000' }),
        )
      ).code,
    ).toBe(201);
    // nothing was stored by the failures
    expect(
      (await h.control('GET', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/users`))
        .json.users,
    ).toHaveLength(2);
  });

  it('checks a company: certifyType and the certifyNum length it requires, name up to 60', async () => {
    expect((await code(c.call('/user/company', { ...COMPANY, certifyType: '4' } as never))).msg).toMatch(
      /certifyType/,
    );
    expect(await code(c.call('/user/company', { ...COMPANY, certifyNum: '12345678' }))).toEqual({
      code: 201,
      msg: 'certifyNum 长度应为 18',
    });
    expect(await c.call('/user/company', { ...COMPANY, certifyType: '3', certifyNum: '72362839X' })).toEqual({
      signerId: 1,
    });
    expect((await code(c.call('/user/company', { ...COMPANY, userName: '公'.repeat(61) }))).msg).toMatch(
      /长度不能超过 60/,
    );
    expect(await c.call('/user/company', { ...COMPANY, userName: '公'.repeat(60) })).toEqual({ signerId: 2 });
  });

  it('follows the app state: offline → 20207 for creation and 20300 elsewhere; no certificate service → 20210', async () => {
    await c.call('/user/person', PERSON);
    const state = (s: unknown) =>
      h.control('PATCH', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/state`, s);
    await state({ appState: 'offline' });
    expect(await code(c.call('/user/company', COMPANY))).toEqual({ code: 20207, msg: '应用未上线' });
    expect(await code(c.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] }))).toEqual(
      { code: 20300, msg: '应用未上线' },
    );
    await state({ appState: 'online', services: { cert: false } });
    expect(await code(c.call('/user/company', COMPANY))).toEqual({ code: 20210, msg: '未开通证书服务' });
  });
});

describe('updating users', () => {
  it('updates name and phone, refuses values equal to the current ones, and needs something to change', async () => {
    const { signerId } = await c.call('/user/person', PERSON);
    expect(
      await code(c.call('/user/personNameAndPhone', { signerId: String(signerId), userName: '张三' })),
    ).toEqual({
      code: 20001,
      msg: '修改的 userName 与当前值一致',
    });
    expect(
      await code(
        c.call('/user/personNameAndPhone', {
          signerId: String(signerId),
          phoneRegion: '0',
          phoneNo: PERSON.phoneNo,
        }),
      ),
    ).toEqual({
      code: 20001,
      msg: '修改的 phoneNo 与当前值一致',
    });
    expect((await code(c.call('/user/personNameAndPhone', { signerId: String(signerId) }))).code).toBe(201);
    await c.call('/user/personNameAndPhone', {
      signerId: String(signerId),
      userName: '张三丰',
      phoneRegion: '0',
      phoneNo: '13100000000',
    });
    const info = await c.call('/user/userInfo/signerIds', { signerIdList: [String(signerId)] });
    expect(info.userList[0]).toMatchObject({ userName: '张三丰', phoneNo: '13100000000', userType: '个人' });
    // unknown user 20206; a company through the person update 20001 (guess)
    expect((await code(c.call('/user/personNameAndPhone', { signerId: '99', userName: 'x' }))).code).toBe(
      20206,
    );
    const co = await c.call('/user/company', COMPANY);
    expect(
      (await code(c.call('/user/personNameAndPhone', { signerId: String(co.signerId), userName: 'x' }))).code,
    ).toBe(20001);
    expect(
      await c.call('/user/companyNameAndPhone', {
        signerId: String(co.signerId),
        userName: '新名称有限公司',
      }),
    ).toBeUndefined();
  });
});

describe('querying users', () => {
  it('maps certifyNums to signerIds in request order, skipping unknown ones; none known → 20206', async () => {
    await c.call('/user/person', PERSON);
    await c.call('/user/company', COMPANY);
    expect(
      await c.call('/user/signerId/certifyNums', {
        certifyNumList: [COMPANY.certifyNum, 'nobody', PERSON.certifyNum],
      }),
    ).toEqual([{ [COMPANY.certifyNum]: 2 }, { [PERSON.certifyNum]: 1 }]);
    // JSONString form
    const r = await raw(h, '/user/signerId/certifyNums', {
      token: c.token()!,
      body: JSON.stringify({ certifyNumList: JSON.stringify([PERSON.certifyNum]) }),
    });
    expect(r.json.data).toEqual([{ [PERSON.certifyNum]: 1 }]);
    expect(await code(c.call('/user/signerId/certifyNums', { certifyNumList: ['nobody'] }))).toEqual({
      code: 20206,
      msg: '用户不存在',
    });
    expect((await code(c.call('/user/signerId/certifyNums', { certifyNumList: [] }))).code).toBe(201);
  });

  it('lists users by signerId in pages; pageSize is the count on the page; padded keys and trailing commas pass', async () => {
    for (let i = 0; i < 12; i++)
      await c.call('/user/person', { ...PERSON, certifyNum: `N${i}`, userName: `用户${i}` });
    const all = await c.call('/user/userInfo/signerIds', {});
    expect(all).toMatchObject({ page: 1, totalPages: 2, pageSize: 10, total: 12 });
    expect(all.userList.map((u) => u.signerId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const p2 = await c.call('/user/userInfo/signerIds', { pageNum: 2 });
    expect(p2).toMatchObject({ page: 2, totalPages: 2, pageSize: 2, total: 12 });
    const body = '{\n  "signerIdList": ["1", "2"],\n  "pageNum": 1,\n  " pageSize ": 100\n}';
    const r = await raw(h, '/user/userInfo/signerIds', { token: c.token()!, body });
    expect(r.json).toMatchObject({
      code: 200,
      msg: true,
      data: { page: 1, totalPages: 1, pageSize: 2, total: 2 },
    });
    expect(r.json.data.userList[0]).toEqual({
      signerId: 1,
      userName: '用户0',
      certifyNum: 'N0',
      phoneNo: PERSON.phoneNo,
      userType: '个人',
    });
    const r2 = await raw(h, '/user/userInfo/signerIds', {
      token: c.token()!,
      body: '{"signerIdList": ["3"], "pageNum": 1, }',
    });
    expect(r2.json.data.total).toBe(1);
    expect(await code(c.call('/user/userInfo/signerIds', { signerIdList: ['404'] }))).toEqual({
      code: 20206,
      msg: '用户不存在',
    });
    expect((await code(c.call('/user/userInfo/signerIds', { pageNum: 0 }))).code).toBe(201);
  });

  it('answers 20206 listing an app without users', async () => {
    expect((await code(c.call('/user/userInfo/signerIds', {}))).code).toBe(20206);
  });
});
