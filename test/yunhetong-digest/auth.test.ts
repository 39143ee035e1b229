/**
 * §5.3.1 tokens: login (402, 201, 20206, 20301), the 15-minute virtual lifetime, renewal in
 * response header `token` from minute 11 (configurable), 401 for expired / unknown / absent
 * tokens, and the scope rules of YHT_TOKEN_SCOPE (403 for a user's token on a platform API,
 * 20001 for a user's token acting on someone else).
 */
import { describe, expect, it } from 'vitest';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { apiError, COMPANY, MIN, PERSON, raw, yht } from './helpers.ts';

const LIST = { certifyNumList: [PERSON.certifyNum] };

describe('yunhetong-digest tokens', () => {
  it("logs in with the doc's example app and answers 成功 with the token in header token", async () => {
    const h = yht();
    const r = await raw(h, '/auth/login', { body: JSON.stringify(YUNHETONG_DIGEST_DEFAULT_APP) });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ code: 200, msg: '成功' });
    expect(r.headers.get('token')).toBeTruthy();
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('refuses a wrong appId or appKey with 402 and a malformed signerId with 201', async () => {
    const h = yht();
    expect(
      (await apiError(h.client({ appId: YUNHETONG_DIGEST_DEFAULT_APP.appId, appKey: 'wrong' }).login())).code,
    ).toBe(402);
    const e = await apiError(h.client({ appId: '2018051800000009', appKey: 'ABCdef123' }).login());
    expect(e).toMatchObject({ code: 402, msg: '登录失败，appId 或 appKey 错误', httpStatus: 200 });
    const bad = await raw(h, '/auth/login', {
      body: JSON.stringify({ ...YUNHETONG_DIGEST_DEFAULT_APP, signerId: 'abc' }),
    });
    expect(bad.json).toEqual({ code: 201, msg: 'signerId 格式不正确' });
    expect(bad.headers.get('token')).toBeNull();
    const missing = await raw(h, '/auth/login', {
      body: JSON.stringify({ appId: YUNHETONG_DIGEST_DEFAULT_APP.appId }),
    });
    expect(missing.json.code).toBe(201);
    expect((await raw(h, '/auth/login', { body: '{"appId": ' })).json.code).toBe(201);
    // the doc's trailing commas are accepted
    expect(
      (await raw(h, '/auth/login', { body: '{"appId": "2018051800000000", "appKey": "ABCdef123",}' })).json
        .code,
    ).toBe(200);
  });

  it('answers 401 for absent, unknown and expired tokens; a token lives 15 virtual minutes', async () => {
    const h = yht();
    const c = h.client();
    // the cell "令牌已过期、令牌无效": the variant that applies
    expect(await apiError(c.call('/user/signerId/certifyNums', LIST))).toMatchObject({
      code: 401,
      msg: '令牌无效',
    });
    expect(
      await apiError(c.call('/user/signerId/certifyNums', LIST, { token: 'not-a-token' })),
    ).toMatchObject({ code: 401, msg: '令牌无效' });
    await c.login();
    await c.call('/user/person', PERSON);
    await h.sim.clock.advance(15 * MIN);
    const e = await apiError(c.call('/user/signerId/certifyNums', LIST));
    expect(e).toMatchObject({ code: 401, msg: '令牌已过期' });
    await c.login();
    expect(await c.call('/user/signerId/certifyNums', LIST)).toEqual([{ [PERSON.certifyNum]: 1 }]);
  });

  it('renews the token from minute 11: the header carries a fresh token the client adopts, which lives 15 minutes more', async () => {
    const h = yht();
    const c = h.client();
    const first = await c.login();
    await c.call('/user/person', PERSON);
    await h.sim.clock.advance(10 * MIN);
    let r = await raw(h, '/user/signerId/certifyNums', { token: first, body: JSON.stringify(LIST) });
    expect(r.headers.get('token')).toBeNull();
    await h.sim.clock.advance(1 * MIN);
    r = await raw(h, '/user/signerId/certifyNums', { token: first, body: JSON.stringify(LIST) });
    const renewed = r.headers.get('token');
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(first);
    // the client adopts a renewal
    await c.call('/user/signerId/certifyNums', LIST);
    const adopted = c.token();
    expect(adopted).not.toBe(first);
    // failures late in the life also renew
    const f = await raw(h, '/user/signerId/certifyNums', {
      token: first,
      body: JSON.stringify({ certifyNumList: ['nobody'] }),
    });
    expect(f.json.code).toBe(20206);
    expect(f.headers.get('token')).toBeTruthy();
    await h.sim.clock.advance(5 * MIN);
    expect((await apiError(c.call('/user/signerId/certifyNums', LIST, { token: first }))).code).toBe(401);
    expect(await c.call('/user/signerId/certifyNums', LIST)).toEqual([{ [PERSON.certifyNum]: 1 }]);
  });

  it("follows the app's tokenRenewAfterMs and tokenLifetimeMs settings", async () => {
    const h = yht();
    const app = await h.newApp({ tokenRenewAfterMs: 2 * MIN, tokenLifetimeMs: 5 * MIN });
    const t = await app.client.login();
    await app.client.call('/user/person', PERSON);
    await h.sim.clock.advance(2 * MIN);
    const r = await raw(h, '/user/signerId/certifyNums', { token: t, body: JSON.stringify(LIST) });
    expect(r.headers.get('token')).toBeTruthy();
    await h.sim.clock.advance(3 * MIN);
    expect(
      (await raw(h, '/user/signerId/certifyNums', { token: t, body: JSON.stringify(LIST) })).json.code,
    ).toBe(401);
    // a renewal threshold at or past the lifetime would never renew: refused, on create and on patch
    const bad = await h.control('POST', '/__sim/yunhetong-digest/tenants', { tokenLifetimeMs: 5 * MIN });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/tokenRenewAfterMs: must be less than tokenLifetimeMs/);
    expect(
      (
        await h.control('PATCH', `/__sim/yunhetong-digest/tenants/${app.appId}`, {
          tokenRenewAfterMs: 5 * MIN,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await h.control('PATCH', `/__sim/yunhetong-digest/tenants/${app.appId}`, {
          tokenRenewAfterMs: 4 * MIN,
        })
      ).status,
    ).toBe(200);
  });

  it('gives users their own tokens: 403 on platform-only APIs, 20001 acting on another user', async () => {
    const h = yht();
    const c = h.client();
    await c.login();
    const { signerId: p1 } = await c.call('/user/person', PERSON);
    const { signerId: p2 } = await c.call('/user/person', {
      ...PERSON,
      certifyNum: '110101199003074477',
      userName: '李四',
    });
    const { signerId: co } = await c.call('/user/company', COMPANY);
    // unknown user: 20206 (guess)
    expect((await apiError(c.login(999))).code).toBe(20206);
    const u1 = c.asUser(p1);
    await u1.login();
    expect(u1.token()).not.toBe(c.token());
    const e403 = await apiError(u1.call('/user/person', { ...PERSON, certifyNum: 'X1' }));
    expect(e403).toMatchObject({ code: 403, msg: '无访问权限' });
    expect((await apiError(u1.call('/user/userInfo/signerIds', {}))).code).toBe(403);
    // own update passes
    await u1.call('/user/personNameAndPhone', { signerId: String(p1), userName: '张三丰' });
    // another user's update: 20001 用户无权限
    const e = await apiError(u1.call('/user/personNameAndPhone', { signerId: String(p2), userName: '王五' }));
    expect(e).toMatchObject({ code: 20001, msg: '用户无权限' });
    // a person's token on the company update, even naming itself: 20001
    expect(
      (await apiError(u1.call('/user/companyNameAndPhone', { signerId: String(p1), userName: '某公司' })))
        .code,
    ).toBe(20001);
    // the company user updates itself
    const uc = c.asUser(co);
    await uc.login();
    await uc.call('/user/companyNameAndPhone', { signerId: co, userName: '浙江律讯科技有限公司' });
    // 403 comes before body validation
    const r = await raw(h, '/user/person', { token: u1.token()!, body: '{' });
    expect(r.json.code).toBe(403);
  });

  it('answers 20301 for an app gone missing, at login and for live tokens; 402 with 200 status unless configured', async () => {
    const h = yht();
    const c = h.client();
    await c.login();
    await h.control('PATCH', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/state`, {
      appState: 'missing',
    });
    expect((await apiError(c.call('/user/signerId/certifyNums', LIST))).code).toBe(20301);
    expect((await apiError(c.login())).code).toBe(20301);

    const h2 = yht({ vendorOptions: { authErrorsAsHttpStatus: true } });
    const e = await apiError(
      h2.client({ appId: YUNHETONG_DIGEST_DEFAULT_APP.appId, appKey: 'nope' }).login(),
    );
    expect(e).toMatchObject({ code: 402, httpStatus: 402 });
  });
});
