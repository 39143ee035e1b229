/**
 * 用户相关接口 1/4/5: addUser's every field rule and duplicate, modifyCellNum and modifyUserName with
 * every code of their tables, and the automatic signatures, through real form requests.
 */
import { describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { idCardCheckDigit } from '../../simulators/core/checkdigits.ts';
import {
  DEFAULT_APP,
  addUser,
  company,
  failure,
  person,
  sdk,
  success,
  tokenFor,
  userWithToken,
  type SdkHandle,
} from './helpers.ts';

/** An 18-digit ID card with its correct check character. */
const idCard = (first17: string) => first17 + idCardCheckDigit(first17);

async function users(h: SdkHandle, appId = DEFAULT_APP.appId) {
  const r = await h.control('GET', `/__sim/yunhetong-sdk/apps/${appId}/users`);
  expect(r.status).toBe(200);
  return r.json.users as Array<Record<string, unknown> & { appUserId: string; signatureIds: number[] }>;
}

async function userOf(h: SdkHandle, appUserId: string) {
  return (await users(h)).find((u) => u.appUserId === appUserId);
}

describe('userInfo/addUser', () => {
  it('imports a person: {"value": {}} in key order subCode, message, value, code', async () => {
    const h = sdk();
    const u = person();
    const r = await addUser(h, u);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.text).toBe('{"subCode":200,"message":"true","value":{},"code":200}');
    expect(await userOf(h, u.appUserId!)).toMatchObject({
      cellNum: u.cellNum,
      userType: 1,
      userName: '张三',
      certifyType: 2,
      certifyNumber: u.certifyNumber,
    });
  });

  it('checks the app first: 10803, 10804, 10000, 10805', async () => {
    const h = sdk();
    const u = person();
    const send = (appId: string, password: string) => h.post(P.addUser, { ...u, appId, password });
    expect((await send(DEFAULT_APP.appId, '')).json).toEqual(failure(10803, '密码不能为空！'));
    expect((await send('', 'x')).json).toEqual(failure(10804, 'appId为空或者非法！'));
    expect((await send('201704051712080000', 'x')).json).toEqual(failure(10804, 'appId为空或者非法！'));
    expect((await send('2017040517120800099', 'x')).json).toEqual(failure(10000, '非法的appId!'));
    expect((await send(DEFAULT_APP.appId, 'wrong')).json).toEqual(
      failure(10805, 'appId或者密码错误，请重新登录！'),
    );
    expect(await userOf(h, u.appUserId!)).toBeUndefined();
  });

  const fieldCases: Array<[string, Record<string, string>, number, string]> = [
    ['appUserId empty', { appUserId: '' }, 10206, 'AppUserId格式错误!'],
    ['appUserId of 50', { appUserId: 'a'.repeat(50) }, 10206, 'AppUserId格式错误!'],
    ['cellNum not starting with 1', { cellNum: '23800000000' }, 10203, '手机号格式错误!'],
    ['cellNum of 10 digits', { cellNum: '1380000000' }, 10203, '手机号格式错误!'],
    ['userType 3', { userType: '3' }, 10202, '用户类型错误!'],
    ['userType empty', { userType: '' }, 10202, '用户类型错误!'],
    ['a person name of 15', { userName: '张'.repeat(15) }, 10201, '用户名格式错误!'],
    ['an empty name', { userName: '' }, 10201, '用户名格式错误!'],
    ['a person with certifyType 4', { certifyType: '4' }, 10204, '实名认证类型错误!'],
    [
      'an ID card with a wrong check digit',
      { certifyType: '1', certifyNumber: '110105194912310020' },
      10205,
      '实名认证号码格式错误!',
    ],
    [
      'an ID card of 15 starting with 0',
      { certifyType: '1', certifyNumber: '010105491231002' },
      10205,
      '实名认证号码格式错误!',
    ],
    ['a passport of 21', { certifyType: '2', certifyNumber: 'E'.repeat(21) }, 10205, '实名认证号码格式错误!'],
    ['a 军官证 of 21', { certifyType: '3', certifyNumber: '1'.repeat(21) }, 10205, '实名认证号码格式错误!'],
    ['an empty certifyNumber', { certifyNumber: '' }, 10205, '实名认证号码格式错误!'],
    ['createSignature 2', { createSignature: '2' }, 10212, '用户自动生成签名的参数错误!'],
  ];
  it.each(fieldCases)('%s: %s', async (_what, over, subCode, message) => {
    const h = sdk();
    const u = person(over);
    expect((await addUser(h, u)).json).toEqual(failure(subCode, message));
    expect(await users(h)).toEqual([]);
  });

  const companyCases: Array<[string, Record<string, string>, number, string]> = [
    ['a company name of 41', { userName: '企'.repeat(41) }, 10201, '用户名格式错误!'],
    ['a company with certifyType 1', { certifyType: '1' }, 10204, '实名认证类型错误!'],
    ['a 营业执照 of 19', { certifyType: '4', certifyNumber: '1'.repeat(19) }, 10205, '实名认证号码格式错误!'],
    ['an 组织机构代码 of 8', { certifyType: '5', certifyNumber: '12345678' }, 10205, '实名认证号码格式错误!'],
    ['a USCC of 19', { certifyType: '6', certifyNumber: '9'.repeat(19) }, 10205, '实名认证号码格式错误!'],
  ];
  it.each(companyCases)('%s: %s', async (_what, over, subCode, message) => {
    const h = sdk();
    expect((await addUser(h, company(over))).json).toEqual(failure(subCode, message));
  });

  it('accepts the limits: appUserId 49, person 14, company 40, 组织机构代码 9, ID cards of 15 and 18 (x)', async () => {
    const h = sdk();
    expect(idCard('11010519800101018')).toBe('11010519800101018X');
    for (const u of [
      person({ appUserId: 'a'.repeat(49), userName: '张'.repeat(14) }),
      person({ certifyType: '1', certifyNumber: '110105491231002' }),
      person({ certifyType: '1', certifyNumber: idCard('11010519491231002') }),
      // check character X sent lower case
      person({ certifyType: '1', certifyNumber: '11010519800101018x' }),
      company({ userName: '企'.repeat(40) }),
      company({ certifyType: '5', certifyNumber: '12345678X' }),
      person({ createSignature: '' }),
    ]) {
      expect((await addUser(h, u)).json, JSON.stringify(u)).toEqual(success());
    }
  });

  it('duplicates: 10207 for other data under the appUserId, the same data again succeeds', async () => {
    const h = sdk();
    const u = person();
    expect((await addUser(h, u)).json).toEqual(success());
    expect((await addUser(h, u)).json).toEqual(success());
    expect((await addUser(h, { ...u, userName: '李四' })).json).toEqual(
      failure(10207, '用户已存在，信息不一致!'),
    );
    expect((await addUser(h, { ...u, cellNum: '13999999999' })).json).toEqual(
      failure(10207, '用户已存在，信息不一致!'),
    );
    expect(await users(h)).toHaveLength(1);
  });

  it('duplicates: 10209 cellNum, 10214 certifyNumber (x = X), 10215 platform, 10216 company name', async () => {
    const h = sdk();
    const a = person({ certifyType: '1', certifyNumber: '11010519800101018X' });
    expect((await addUser(h, a)).json).toEqual(success());
    expect((await addUser(h, person({ cellNum: a.cellNum! }))).json).toEqual(
      failure(10209, '该手机号已经存在!'),
    );
    expect(
      (await addUser(h, person({ certifyType: '1', certifyNumber: '11010519800101018x' }))).json,
    ).toEqual(failure(10214, '实名认证号码已存在'));
    const platform = company({ userType: '4', userName: '平台公司' });
    expect((await addUser(h, platform)).json).toEqual(success());
    expect((await addUser(h, company({ userType: '4' }))).json).toEqual(
      failure(10215, '该appId下已存在平台用户!'),
    );
    expect((await addUser(h, company({ userName: '平台公司' }))).json).toEqual(
      failure(10216, '企业名已存在'),
    );
    // persons may share a name
    expect((await addUser(h, person({ userName: '平台公司' }))).json).toEqual(success());
  });

  it("createSignature: a person's signature only with 1; companies and the platform always get a seal", async () => {
    const h = sdk();
    const [p1, p0, c0, pl] = [
      person({ createSignature: '1' }),
      person({ createSignature: '0' }),
      company(),
      company({ userType: '4' }),
    ];
    for (const u of [p1, p0, c0, pl]) expect((await addUser(h, u)).json).toEqual(success());
    expect((await userOf(h, p1.appUserId!))!.signatureIds).toHaveLength(1);
    expect((await userOf(h, p0.appUserId!))!.signatureIds).toHaveLength(0);
    expect((await userOf(h, c0.appUserId!))!.signatureIds).toHaveLength(1);
    expect((await userOf(h, pl.appUserId!))!.signatureIds).toHaveLength(1);
    const snap = h.sim.vendor('yunhetong-sdk').snapshot() as {
      tenants: Array<{ signatures: Record<string, unknown> }>;
    };
    const sigs = Object.values(snap.tenants[0]!.signatures);
    expect(sigs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          appUserId: p1.appUserId,
          source: 'auto',
          image: { kind: 'personal', name: '张三' },
        }),
        expect.objectContaining({ appUserId: c0.appUserId, image: { kind: 'company', name: c0.userName } }),
      ]),
    );
  });
});

describe('userInfo/modifyCellNum', () => {
  it("changes the token's user's cellNum; 11003 the same, 10209 another's, 10203 malformed", async () => {
    const h = sdk();
    const other = person();
    expect((await addUser(h, other)).json).toEqual(success());
    const { user, token } = await userWithToken(h);
    const modify = (cellNum: string) => h.post(P.modifyCellNum, { cellNum }, { token });
    expect((await modify(user.cellNum!)).json).toEqual(failure(11003, '修改的手机号不能和原手机相同'));
    expect((await modify(other.cellNum!)).json).toEqual(failure(10209, '该手机号已经存在!'));
    expect((await modify('1380000')).json).toEqual(failure(10203, '手机号格式错误!'));
    expect((await modify('18912345678')).json).toEqual(success());
    expect((await userOf(h, user.appUserId!))!.cellNum).toBe('18912345678');
    // the old number is free again
    expect((await addUser(h, person({ cellNum: user.cellNum! }))).json).toEqual(success());
  });

  it('10801 without a live token, 11001 once the console removed the user', async () => {
    const h = sdk();
    const { user, token } = await userWithToken(h);
    expect((await h.post(P.modifyCellNum, { cellNum: '18900000001' })).json).toEqual(
      failure(10801, '登录异常，请重新登录！'),
    );
    expect((await h.post(P.modifyCellNum, { cellNum: '18900000001' }, { token: `${token}x` })).json).toEqual(
      failure(10801, '登录异常，请重新登录！'),
    );
    const del = await h.control(
      'DELETE',
      `/__sim/yunhetong-sdk/apps/${DEFAULT_APP.appId}/users/${user.appUserId}`,
    );
    expect(del.status).toBe(200);
    expect((await h.post(P.modifyCellNum, { cellNum: '18900000001' }, { token })).json).toEqual(
      failure(11001, '用户不存在!'),
    );
    expect((await h.post(P.modifyUserName, { userName: '王五' }, { token })).json).toEqual(
      failure(11001, '用户不存在!'),
    );
    // its identities are free again
    expect((await addUser(h, user)).json).toEqual(success());
  });
});

describe('userInfo/modifyUserName', () => {
  it('10217 platform, 10201 too long, 10212 bad createSignature, 11002 same name, 10216 taken', async () => {
    const h = sdk();
    const platform = await userWithToken(h, company({ userType: '4' }));
    expect((await h.post(P.modifyUserName, { userName: '新平台' }, { token: platform.token })).json).toEqual(
      failure(10217, '平台用户不能修改用户名!'),
    );
    const p = await userWithToken(h, person());
    const modify = (form: Record<string, string>) => h.post(P.modifyUserName, form, { token: p.token });
    expect((await modify({ userName: '张'.repeat(15) })).json).toEqual(failure(10201, '用户名格式错误!'));
    expect((await modify({ userName: '李四', createSignature: '9' })).json).toEqual(
      failure(10212, '用户自动生成签名的参数错误!'),
    );
    expect((await modify({ userName: '张三' })).json).toEqual(failure(11002, '新信息与老信息不能一致!'));
    const c = await userWithToken(h, company());
    expect(
      (await h.post(P.modifyUserName, { userName: platform.user.userName! }, { token: c.token })).json,
    ).toEqual(failure(10216, '企业名已存在'));
  });

  it("a new name: a company's seal follows it and frees the old name; a person's signature with createSignature 1", async () => {
    const h = sdk();
    const c = await userWithToken(h, company());
    const before = (await userOf(h, c.user.appUserId!))!.signatureIds;
    expect((await h.post(P.modifyUserName, { userName: '新名字有限公司' }, { token: c.token })).json).toEqual(
      success(),
    );
    const after = await userOf(h, c.user.appUserId!);
    expect(after!.userName).toBe('新名字有限公司');
    expect(after!.signatureIds).toHaveLength(1);
    expect(after!.signatureIds).not.toEqual(before);
    expect((await addUser(h, company({ userName: c.user.userName! }))).json).toEqual(success());

    const p = await userWithToken(h, person({ createSignature: '0' }));
    expect((await h.post(P.modifyUserName, { userName: '李四' }, { token: p.token })).json).toEqual(
      success(),
    );
    expect((await userOf(h, p.user.appUserId!))!.signatureIds).toHaveLength(0);
    expect(
      (await h.post(P.modifyUserName, { userName: '王五', createSignature: '1' }, { token: p.token })).json,
    ).toEqual(success());
    expect((await userOf(h, p.user.appUserId!))!.signatureIds).toHaveLength(1);
    // the token still works after the change
    expect((await h.get(P.checkToken, { token: await tokenFor(h, p.user.appUserId!) })).json.code).toBe(200);
  });
});
