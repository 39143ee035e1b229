import { Hono, type Context } from 'hono';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  YunhetongApiError,
  YunhetongTokenStore,
  createYunhetongDigestClient,
  tokenSlotOf,
  unwrap,
  yunhetongForm,
  type YhtData,
  type YhtRequestBody,
} from '../../../clients/yunhetong-digest/index.ts';

const APP_ID = '2018051800000000';
const APP_KEY = 'ABCdef123';
const BASE = 'http://127.0.0.1:4003';

interface Seen {
  method: string;
  path: string;
  headers: Headers;
  json?: unknown;
  form?: FormData;
}

/**
 * A tiny fake 云合同 摘要签署 service under a context path: logs in (token in header `token`),
 * checks tokens and their scope, renews a token on demand, answers envelopes with HTTP 200 (or,
 * with `statusCodes`, 401/402/403 as HTTP statuses).
 */
function fakeYunhetong(opts: { contextPath?: string; statusCodes?: boolean } = {}) {
  const seen: Seen[] = [];
  type TokenHolder = { signerId?: string; expired?: boolean };
  const tokens = new Map<string, TokenHolder>();
  const state = { n: 0, renewNext: false };
  const issue = (signerId?: string) => {
    const token = `T${++state.n}${signerId ? `-u${signerId}` : '-p'}`;
    tokens.set(token, signerId === undefined ? {} : { signerId });
    return token;
  };
  const app = new Hono<{ Variables: { who: TokenHolder } }>().basePath(opts.contextPath ?? '');
  const reply = (
    body: { code: number; msg: unknown; data?: unknown },
    headers: Record<string, string> = {},
  ) => {
    const status = opts.statusCodes && [401, 402, 403].includes(body.code) ? body.code : 200;
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
    });
  };

  app.all('*', async (c, next) => {
    const path = new URL(c.req.url).pathname.slice((opts.contextPath ?? '').length);
    const type = c.req.header('content-type') ?? '';
    const entry: Seen = { method: c.req.method, path, headers: c.req.raw.headers };
    if (type.startsWith('multipart/form-data')) entry.form = await c.req.raw.clone().formData();
    else if (c.req.method !== 'GET') entry.json = JSON.parse((await c.req.raw.clone().text()) || 'null');
    seen.push(entry);
    await next();
  });

  app.get('/index.html', (c) => c.html('<html><body>ok</body></html>'));

  app.post('/auth/login', async (c) => {
    const body = (await c.req.json()) as { appId: string; appKey: string; signerId?: string };
    if (body.appId !== APP_ID || body.appKey !== APP_KEY)
      return reply({ code: 402, msg: '登录失败，appId 或 appKey 错误' });
    if (body.signerId !== undefined && !/^\d+$/.test(String(body.signerId)))
      return reply({ code: 201, msg: 'signerId 格式不正确' });
    return reply(
      { code: 200, msg: '成功' },
      { token: issue(body.signerId === undefined ? undefined : String(body.signerId)) },
    );
  });

  /** Token check and scope, then the renewal header when asked for. */
  app.use('*', async (c, next) => {
    if (c.req.path.endsWith('/auth/login') || c.req.path.endsWith('/index.html')) return next();
    const token = c.req.header('token');
    const t = token ? tokens.get(token) : undefined;
    if (!t) return reply({ code: 401, msg: '令牌无效' });
    if (t.expired) return reply({ code: 401, msg: '令牌已过期' });
    c.set('who', t);
    await next();
    if (state.renewNext) {
      state.renewNext = false;
      c.res.headers.set('token', issue(t.signerId));
    }
  });

  const who = (c: Context<{ Variables: { who: TokenHolder } }>) => c.get('who');
  app.post('/user/person', (c) =>
    who(c).signerId
      ? reply({ code: 403, msg: '无访问权限' })
      : reply({ code: 200, msg: true, data: { signerId: 349 } }),
  );
  app.patch('/user/personNameAndPhone', async (c) => {
    const body = (await c.req.json()) as { signerId: string; userName?: string };
    const w = who(c);
    if (w.signerId && w.signerId !== String(body.signerId)) return reply({ code: 20001, msg: '用户无权限' });
    if (body.userName === '张三') return reply({ code: 20001, msg: '修改的 userName 与当前值一致' });
    return reply({ code: 200, msg: true });
  });
  app.post('/moulage/person', async (c) =>
    reply({ code: 200, msg: true, data: { moulageId: Number(who(c).signerId ?? 0) + 100 } }),
  );
  app.post('/user/signerId/certifyNums', () => reply({ code: 200, msg: true, data: [{ '123456789': 2 }] }));
  app.post('/sign/fileStream', () => reply({ code: 200, msg: true, data: { summaryId: 1000 } }));
  app.post('/tsa/streamSign', () => reply({ code: 200, msg: true, data: { timeStampSignId: 7 } }));
  app.post('/cz/in', () => reply({ code: 200, msg: true, data: { czId: 30615281684185 } }));
  app.post(
    '/sign/filePath',
    () =>
      new Response('<html>Tomcat error</html>', { status: 500, headers: { 'content-type': 'text/html' } }),
  );

  return {
    seen,
    tokens,
    state,
    /** Marks every token issued so far as expired. */
    expireAll: () => tokens.forEach((t) => (t.expired = true)),
    fetch: (req: Request) => Promise.resolve(app.fetch(req)),
  };
}

const originalFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = originalFetch;
});

describe('login and the token header', () => {
  it('logs in with appId/appKey (JSON, charset UTF-8), keeps the token from header `token`, sends it on every call', async () => {
    const server = fakeYunhetong();
    const client = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
    });
    const token = await client.login();
    expect(token).toBe('T1-p');
    expect(client.token()).toBe('T1-p');
    const login = server.seen[0]!;
    expect(login.path).toBe('/auth/login');
    expect(login.json).toEqual({ appId: APP_ID, appKey: APP_KEY });
    expect(login.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(login.headers.get('token')).toBeNull();

    const data = await client.call('/user/person', {
      userName: '张三',
      identityRegion: '0',
      certifyNum: '123456789123456789',
    });
    expect(data).toEqual({ signerId: 349 });
    expect(server.seen[1]!.headers.get('token')).toBe('T1-p');
  });

  it('replaces the stored token whenever a response carries header `token` (renewal late in its 15 minutes)', async () => {
    const server = fakeYunhetong();
    const seenTokens: Array<[string, string]> = [];
    const client = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
      onToken: (slot, t) => seenTokens.push([slot, t]),
    });
    await client.login();
    server.state.renewNext = true;
    await client.call('/user/signerId/certifyNums', { certifyNumList: ['123456789'] });
    expect(server.seen[1]!.headers.get('token')).toBe('T1-p');
    expect(client.token()).toBe('T2-p');
    await client.call('/user/signerId/certifyNums', { certifyNumList: ['123456789'] });
    expect(server.seen[2]!.headers.get('token')).toBe('T2-p');
    expect(seenTokens).toEqual([
      ['platform', 'T1-p'],
      ['platform', 'T2-p'],
    ]);
  });

  it('keeps one slot for the platform and one per signerId; asUser sends that user’s token', async () => {
    const server = fakeYunhetong();
    const platform = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
    });
    await platform.login();
    const userToken = await platform.login(7);
    expect(server.seen[1]!.json).toEqual({ appId: APP_ID, appKey: APP_KEY, signerId: '7' });
    expect(userToken).toBe('T2-u7');
    expect(platform.token()).toBe('T1-p');
    const user = platform.asUser(7);
    expect(user.signerId).toBe('7');
    expect(user.token()).toBe('T2-u7');
    expect(platform.asUser('7')).toBe(user);
    expect(user.asPlatform()).toBe(platform);
    expect(platform.tokens.entries()).toEqual([
      ['platform', 'T1-p'],
      ['user:7', 'T2-u7'],
    ]);

    expect(await user.call('/moulage/person', { signerId: 7 })).toEqual({ moulageId: 107 });
    expect(server.seen.at(-1)!.headers.get('token')).toBe('T2-u7');
    expect(await platform.call('/moulage/person', { signerId: 7 })).toEqual({ moulageId: 100 });
    expect(server.seen.at(-1)!.headers.get('token')).toBe('T1-p');

    // A renewal on a user's call lands in the user's slot only.
    server.state.renewNext = true;
    await user.call('/moulage/person', { signerId: '7' });
    expect(user.token()).toBe('T3-u7');
    expect(platform.token()).toBe('T1-p');

    // A user token where only the platform's is taken: the vendor's 403.
    const err = await user
      .call('/user/person', { userName: '李四', identityRegion: '0', certifyNum: '1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(YunhetongApiError);
    expect(err).toMatchObject({ code: 403, msg: '无访问权限', httpStatus: 200, path: '/user/person' });
  });

  it('throws on a failed login (402, 201) and stores nothing', async () => {
    const server = fakeYunhetong();
    const bad = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: 'wrong',
      fetch: server.fetch,
    });
    await expect(bad.login()).rejects.toMatchObject({ code: 402, msg: '登录失败，appId 或 appKey 错误' });
    expect(bad.token()).toBeUndefined();
    const client = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
    });
    await expect(client.login('abc')).rejects.toMatchObject({ code: 201, msg: 'signerId 格式不正确' });
  });

  it('with autoLogin, logs in first and again (once) after a 401', async () => {
    const server = fakeYunhetong();
    const client = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
      autoLogin: true,
    });
    expect(await client.call('/cz/in', { sid: 'abcd', filePath: '/a.pdf' })).toEqual({
      czId: 30615281684185,
    });
    expect(server.seen.map((s) => s.path)).toEqual(['/auth/login', '/cz/in']);
    server.expireAll();
    expect(await client.call('/cz/in', { sid: 'abce', filePath: '/a.pdf' })).toEqual({
      czId: 30615281684185,
    });
    expect(server.seen.map((s) => s.path)).toEqual([
      '/auth/login',
      '/cz/in',
      '/cz/in',
      '/auth/login',
      '/cz/in',
    ]);
    expect(client.token()).toBe('T2-p');

    const strict = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
    });
    strict.setToken('T1-p');
    await expect(strict.call('/cz/in', { sid: 'abcd', filePath: '/a.pdf' })).rejects.toMatchObject({
      code: 401,
      msg: '令牌已过期',
    });
  });

  it('can send an explicit token (tests of expired or foreign tokens)', async () => {
    const server = fakeYunhetong();
    const client = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
    });
    await client.login();
    await expect(
      client.call('/cz/in', { sid: 'abcd', filePath: '/a.pdf' }, { token: 'forged' }),
    ).rejects.toMatchObject({ code: 401, msg: '令牌无效' });
    expect(server.seen.at(-1)!.headers.get('token')).toBe('forged');
  });
});

describe('calls and unwrap', () => {
  it('uses PATCH for the two updates and unwraps {code, msg: true}', async () => {
    const server = fakeYunhetong();
    const client = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
    });
    await client.login();
    await expect(
      client.call('/user/personNameAndPhone', { signerId: '1', userName: '李四' }),
    ).resolves.toBeUndefined();
    expect(server.seen.at(-1)).toMatchObject({ method: 'PATCH', path: '/user/personNameAndPhone' });
    await expect(
      client.call('/user/personNameAndPhone', { signerId: '1', userName: '张三' }),
    ).rejects.toMatchObject({
      code: 20001,
      msg: '修改的 userName 与当前值一致',
    });
  });

  it('throws YunhetongApiError {code, msg, httpStatus}: envelopes with any HTTP status, code -1 without one', async () => {
    const server = fakeYunhetong({ statusCodes: true });
    const client = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
    });
    const err = (await client
      .call('/cz/in', { sid: 'abcd', filePath: '/a.pdf' })
      .catch((e: unknown) => e)) as YunhetongApiError;
    expect(err).toBeInstanceOf(YunhetongApiError);
    expect(err).toMatchObject({ code: 401, msg: '令牌无效', httpStatus: 401 });
    expect(err.message).toBe('云合同 /cz/in code 401: 令牌无效');
    await client.login();
    const html = (await client
      .call('/sign/filePath', {
        signerId: '1',
        moulageId: '1',
        contractPath: '/a.pdf',
        contractSavePath: '/b.pdf',
        signPositionType: '0',
        positionContent: '甲方盖章处',
      })
      .catch((e: unknown) => e)) as YunhetongApiError;
    expect(html).toMatchObject({ code: -1, httpStatus: 500 });
  });

  it('unwrap reads data on code 200 whatever msg is', () => {
    const ok = (body: unknown, status = 200) => ({ data: body, response: new Response(null, { status }) });
    expect(unwrap(ok({ code: 200, msg: true, data: { summaryId: 1 } }), '/x')).toEqual({ summaryId: 1 });
    expect(unwrap(ok({ code: 200, msg: '成功' }), '/auth/login')).toBeUndefined();
    expect(() => unwrap(ok({ code: 20206, msg: '用户不存在' }), '/x')).toThrow(
      '云合同 /x code 20206: 用户不存在',
    );
  });

  it('resolves fetch at call time', async () => {
    const server = fakeYunhetong();
    const client = createYunhetongDigestClient({ baseUrl: BASE, appId: APP_ID, appKey: APP_KEY });
    let calls = 0;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      return server.fetch(input instanceof Request ? input : new Request(input, init));
    }) as typeof fetch;
    await client.login();
    expect(calls).toBe(1);
    expect(await client.isUp()).toBe(true);
  });

  it('works under a context path', async () => {
    const server = fakeYunhetong({ contextPath: '/yht-digest' });
    const client = createYunhetongDigestClient({
      baseUrl: `${BASE}/yht-digest/`,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
    });
    await client.login();
    expect(await client.call('/user/signerId/certifyNums', { certifyNumList: ['123456789'] })).toEqual([
      { '123456789': 2 },
    ]);
    expect(await client.isUp()).toBe(true);
  });

  it('types bodies and data from the generated spec', () => {
    expectTypeOf<YhtData<'/user/person'>>().toEqualTypeOf<{ signerId: number }>();
    expectTypeOf<YhtData<'/user/personNameAndPhone'>>().toEqualTypeOf<undefined>();
    expectTypeOf<YhtData<'/cz/queryCzId'>>().toEqualTypeOf<{ czId: number }>();
    expectTypeOf<YhtRequestBody<'/sign/filePath'>>().toHaveProperty('mouflageId');
    expectTypeOf<YhtRequestBody<'/sign/filePath'>['signerId']>().toEqualTypeOf<string | number>();
  });
});

describe('multipart', () => {
  it('sends the stream APIs as multipart/form-data, the file in the part the doc names, with the token', async () => {
    const server = fakeYunhetong();
    const client = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
    });
    await client.login();
    const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
    const data = await client.signFileStream({
      signerId: 1,
      mouflageId: -1,
      sealClass: '1',
      contractPath: { bytes: pdf, filename: '待签署合同.pdf' },
      contractSavePath: '/yunhetong/contract/签署后合同.pdf',
      contractTitle: '测试合同',
    });
    expect(data).toEqual({ summaryId: 1000 });
    const req = server.seen.at(-1)!;
    expect(req.path).toBe('/sign/fileStream');
    expect(req.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.headers.get('token')).toBe('T1-p');
    const form = req.form!;
    expect([...form.keys()].sort()).toEqual([
      'contractPath',
      'contractSavePath',
      'contractTitle',
      'mouflageId',
      'sealClass',
      'signerId',
    ]);
    expect(form.get('signerId')).toBe('1');
    expect(form.get('mouflageId')).toBe('-1');
    const file = form.get('contractPath') as File;
    expect(file.name).toBe('待签署合同.pdf');
    expect(file.type).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);

    expect(
      await client.tsaStreamSign({ filePath: new Blob([pdf]), fileSavePath: '/tsa/out.pdf', title: 't' }),
    ).toEqual({ timeStampSignId: 7 });
    const tsa = server.seen.at(-1)!.form!;
    expect((tsa.get('filePath') as File).size).toBe(pdf.length);
    expect(tsa.get('fileSavePath')).toBe('/tsa/out.pdf');
  });

  it('builds forms without the undefined fields; refuses a JSON path', async () => {
    const form = yunhetongForm({ a: 1, b: undefined, c: null, f: new Uint8Array([1, 2]) }, 'f');
    expect([...form.keys()]).toEqual(['a', 'f']);
    expect((form.get('f') as File).name).toBe('contract.pdf');
    const client = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: fakeYunhetong().fetch,
    });
    expect(() => client.callMultipart('/sign/filePath' as never, {} as never)).toThrow(TypeError);
  });

  it('shares a token store between clients', async () => {
    const server = fakeYunhetong();
    const tokens = new YunhetongTokenStore();
    const a = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
      tokens,
    });
    const b = createYunhetongDigestClient({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      fetch: server.fetch,
      tokens,
    });
    await a.asUser(3).login();
    expect(b.asUser(3).token()).toBe('T1-u3');
    expect(tokenSlotOf()).toBe('platform');
    expect(tokenSlotOf(3)).toBe('user:3');
  });
});
