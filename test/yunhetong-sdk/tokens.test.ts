/**
 * 用户相关接口 2/3: getToken (10004, 10803–10805), the token's shape and its 30 minutes of virtual
 * time (fixed, not sliding), checkToken's own envelope and what it keeps with the token.
 */
import { describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import {
  DEFAULT_APP,
  MIN,
  failure,
  person,
  sdk,
  success,
  userWithToken,
  type Params,
  type SdkHandle,
} from './helpers.ts';

const CHECK_OK = '{"subCode":0,"message":"校验成功","value":null,"code":200}';
const CHECK_BAD = '{"subCode":0,"message":"token错误","value":null,"code":400}';
const EXPIRED = failure(10801, '登录异常，请重新登录！');

/** The app's tokens as the state keeps them. */
function tokens(h: SdkHandle) {
  const snap = h.sim.vendor('yunhetong-sdk').snapshot() as {
    tenants: Array<{ id: string; tokens: Record<string, Record<string, unknown>> }>;
  };
  return snap.tenants.find((t) => t.id === DEFAULT_APP.appId)!.tokens;
}

describe('token/getToken', () => {
  it("answers a CAS-ticket token; each call a new one, the app's n counting up", async () => {
    const h = sdk();
    const { user, token } = await userWithToken(h);
    expect(token).toMatch(/^TGT-1-[A-Za-z0-9]{50}-cas01\.example\.org$/);
    const again = await h.post(P.getToken, { ...DEFAULT_APP, appUserId: user.appUserId! });
    expect(again.json).toEqual(
      success({ token: expect.stringMatching(/^TGT-2-[A-Za-z0-9]{50}-cas01\.example\.org$/) }),
    );
    expect(again.text.startsWith('{"subCode":200,"message":"true","value":{"token":"TGT-2-')).toBe(true);
    // the earlier token stays valid
    expect((await h.get(P.checkToken, { token })).text).toBe(CHECK_OK);
  });

  it('10004 for a user not imported, 10803 / 10804 / 10805 for the app', async () => {
    const h = sdk();
    const send = (form: Record<string, string>) => h.post(P.getToken, form);
    expect((await send({ ...DEFAULT_APP, appUserId: 'nobody' })).json).toEqual(failure(10004, '用户不存在'));
    expect((await send({ ...DEFAULT_APP, appUserId: '' })).json).toEqual(failure(10004, '用户不存在'));
    expect((await send({ appId: DEFAULT_APP.appId, appUserId: 'u' })).json).toEqual(
      failure(10803, '密码不能为空！'),
    );
    expect((await send({ appId: 'abc', password: 'x', appUserId: 'u' })).json).toEqual(
      failure(10804, 'appId为空或者非法！'),
    );
    expect((await send({ password: 'x', appUserId: 'u' })).json).toEqual(
      failure(10804, 'appId为空或者非法！'),
    );
    const wrong = failure(10805, 'appId或者密码错误，请重新登录！');
    expect((await send({ appId: DEFAULT_APP.appId, password: 'nope', appUserId: 'u' })).json).toEqual(wrong);
    // an unknown well-formed appId: 10805 here (10000 is addUser's)
    expect((await send({ appId: '2999999999999999999', password: 'x', appUserId: 'u' })).json).toEqual(wrong);
  });
});

describe('token lifetime (virtual clock)', () => {
  it('valid at 29:59, expired at 30:00, on checkToken and on an API', async () => {
    const h = sdk();
    const { token } = await userWithToken(h);
    await h.advance(30 * MIN - 1000);
    expect((await h.get(P.checkToken, { token })).text).toBe(CHECK_OK);
    expect((await h.post(P.modifyCellNum, { cellNum: '18800000000' }, { token })).json).toEqual(success());
    await h.advance(1000);
    expect((await h.get(P.checkToken, { token })).text).toBe(CHECK_BAD);
    expect((await h.post(P.modifyCellNum, { cellNum: '18800000001' }, { token })).json).toEqual(EXPIRED);
  });

  it('is not sliding: use at minute 20 does not extend it', async () => {
    const h = sdk();
    const { token } = await userWithToken(h);
    await h.advance(20 * MIN);
    expect((await h.post(P.modifyCellNum, { cellNum: '18800000002' }, { token })).json).toEqual(success());
    expect((await h.get(P.checkToken, { token })).text).toBe(CHECK_OK);
    await h.advance(10 * MIN);
    expect((await h.get(P.checkToken, { token })).text).toBe(CHECK_BAD);
  });

  it("follows the app's tokenLifetimeMs", async () => {
    const h = sdk();
    const app = await h.newApp({ tokenLifetimeMs: MIN });
    const { token } = await userWithToken(h, person(), app);
    await h.advance(MIN - 1);
    expect((await h.get(P.checkToken, { token })).text).toBe(CHECK_OK);
    await h.advance(1);
    expect((await h.get(P.checkToken, { token })).text).toBe(CHECK_BAD);
  });
});

describe('token/checkToken', () => {
  it('answers its own envelopes: 校验成功 code 200, token错误 code 400 (absent, unknown)', async () => {
    const h = sdk();
    const { token } = await userWithToken(h);
    const ok = await h.get(P.checkToken, { token });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe(CHECK_OK);
    for (const query of [{}, { token: '' }, { token: 'TGT-1-nope-cas01.example.org' }] as Params[]) {
      const bad = await h.get(P.checkToken, query);
      expect(bad.status).toBe(200);
      expect(bad.text).toBe(CHECK_BAD);
    }
  });

  it('keeps backURL and noticeParams with the token; an empty one keeps the earlier', async () => {
    const h = sdk();
    const { token } = await userWithToken(h);
    expect(tokens(h)[token]).not.toHaveProperty('backURL');
    const noticeParams = '{"orderId":"A-1","中文":"是"}';
    await h.get(P.checkToken, { token, backURL: 'https://shop.example/back?x=1', noticeParams });
    expect(tokens(h)[token]).toMatchObject({ backURL: 'https://shop.example/back?x=1', noticeParams });
    await h.get(P.checkToken, { token, backURL: '', noticeParams: '' });
    expect(tokens(h)[token]).toMatchObject({ backURL: 'https://shop.example/back?x=1', noticeParams });
    await h.get(P.checkToken, { token, backURL: 'https://shop.example/2' });
    expect(tokens(h)[token]).toMatchObject({ backURL: 'https://shop.example/2', noticeParams });
    // checkToken does not extend the token either
    const { issuedAt, expiresAt } = tokens(h)[token]!;
    expect(expiresAt).toBe((issuedAt as number) + 30 * MIN);
  });
});
