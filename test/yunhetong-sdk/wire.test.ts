/**
 * The wire format of issue 11: parameters as a servlet reads them (query + urlencoded body +
 * multipart fields, the first value winning, the query first), unencoded JSON and raw UTF-8,
 * bodies starting with `&`, `token` anywhere, a Content-Type on a GET, lenient JSON, empty useCer,
 * unknown paths and methods; over real HTTP with unencoded JSON in the request line (raw UTF-8 bytes
 * there are refused by Node's HTTP parser with a 400 before any handler runs: Chinese in a query must
 * be percent-encoded over HTTP) and raw UTF-8 in a form body.
 */
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { readUseCer } from '../../contracts/yunhetong-sdk/validation.ts';
import { createSimulator } from '../../index.ts';
import { listen, type RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { decodeComponent, parseJsonParam, parsePairs } from '../../simulators/yunhetong-sdk/wire.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import {
  BASE,
  DEFAULT_APP,
  answerOf,
  failure,
  jsonOrText,
  person,
  sdk,
  success,
  userWithToken,
  type SdkHandle,
} from './helpers.ts';

async function userOf(h: SdkHandle, appUserId: string) {
  const r = await h.control('GET', `/__sim/yunhetong-sdk/apps/${DEFAULT_APP.appId}/users`);
  return (r.json.users as Array<{ appUserId: string; userName: string; cellNum: string }>).find(
    (u) => u.appUserId === appUserId,
  );
}

function tokenRecord(h: SdkHandle, token: string) {
  const snap = h.sim.vendor('yunhetong-sdk').snapshot() as {
    tenants: Array<{ tokens: Record<string, Record<string, unknown>> }>;
  };
  return snap.tenants.map((t) => t.tokens[token]).find(Boolean);
}

describe('servlet parameters', () => {
  it('a POST with an empty body and everything, unencoded JSON included, in the query', async () => {
    const h = sdk();
    const u = person();
    // the way real callers build it: string concatenation, nothing encoded
    const query = Object.entries({ appId: DEFAULT_APP.appId, password: DEFAULT_APP.password, ...u })
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const r = await h.raw(`${BASE}${P.addUser}?${query}`, { method: 'POST' });
    expect(r.json).toEqual(success());
    expect((await userOf(h, u.appUserId!))!.userName).toBe('张三');

    const { token } = await userWithToken(h);
    const json = '{"order":["A+1"],"note":"x y"}';
    const check = await h.raw(`${BASE}${P.checkToken}?token=${token}&noticeParams=${json}`);
    expect(check.json.code).toBe(200);
    // `+` is a space as Tomcat reads a query; `{`, `"`, `[` and a literal space (sent %20) come through
    expect(tokenRecord(h, token)!.noticeParams).toBe('{"order":["A 1"],"note":"x y"}');
  });

  it('a form body starting with `&`, raw UTF-8 and unescaped JSON, no charset', async () => {
    const h = sdk();
    const u = person({ userName: '欧阳娜娜' });
    const body = `&appId=${DEFAULT_APP.appId}&password=${DEFAULT_APP.password}&${Object.entries(u)
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}&extra={"a":[1,"中"]}`;
    const r = await h.raw(`${BASE}${P.addUser}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(r.json).toEqual(success());
    expect((await userOf(h, u.appUserId!))!.userName).toBe('欧阳娜娜');
  });

  it('the first value wins, the query before the body', async () => {
    const h = sdk();
    const u = person();
    const r = await h.post(
      P.addUser,
      { ...DEFAULT_APP, ...u, userName: '表单' },
      { userName: '查询', appUserId: u.appUserId! },
    );
    expect(r.json).toEqual(success());
    expect((await userOf(h, u.appUserId!))!.userName).toBe('查询');
    const dup = `appId=${DEFAULT_APP.appId}&password=wrong&password=${DEFAULT_APP.password}`;
    const r2 = await h.raw(`${BASE}${P.getToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${dup}&appUserId=${u.appUserId}`,
    });
    expect(r2.json).toEqual(failure(10805, 'appId或者密码错误，请重新登录！'));
  });

  it('token in the query, the form body or a multipart field', async () => {
    const h = sdk();
    const { token } = await userWithToken(h);
    expect((await h.post(P.modifyCellNum, { cellNum: '18600000001' }, { token })).json).toEqual(success());
    expect((await h.post(P.modifyCellNum, { cellNum: '18600000002', token })).json).toEqual(success());
    const form = new FormData();
    form.set('token', token);
    form.set('cellNum', '18600000003');
    const multipart = await h.raw(`${BASE}${P.modifyCellNum}`, { method: 'POST', body: form });
    expect(multipart.json).toEqual(success());
    const multipartName = new FormData();
    multipartName.set('token', token);
    multipartName.set('userName', '多部件');
    expect((await h.raw(`${BASE}${P.modifyUserName}`, { method: 'POST', body: multipartName })).json).toEqual(
      success(),
    );
  });

  it('a Content-Type header on a GET does not matter (its body is never read)', async () => {
    const h = sdk();
    const { token } = await userWithToken(h);
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json',
    ]) {
      const r = await h.raw(`${BASE}${P.checkToken}?token=${token}`, {
        headers: { 'content-type': contentType },
      });
      expect(r.text).toBe('{"subCode":0,"message":"校验成功","value":null,"code":200}');
    }
  });

  it('a broken multipart body is 520 未知错误, never a crash', async () => {
    const h = sdk();
    const r = await h.raw(`${BASE}${P.modifyCellNum}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
      body: '--zzz\r\nContent-Disposition: form-data; name="token"\r\n\r\nabc',
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(failure(520, '未知错误'));
  });
});

describe('parsing pieces', () => {
  it('decodes like Tomcat: + is a space, %XX as UTF-8, a malformed % kept', () => {
    expect(decodeComponent('a+b%20c')).toBe('a b c');
    expect(decodeComponent('%E4%B8%AD%E6%96%87')).toBe('中文');
    expect(decodeComponent('100%')).toBe('100%');
    expect(decodeComponent('%zz%E4%B8%AD')).toBe('%zz中');
    expect(parsePairs('&a=1&&b=&c&a=2')).toEqual([
      ['a', '1'],
      ['b', ''],
      ['c', ''],
      ['a', '2'],
    ]);
  });

  it('reads JSON parameters like fastjson: single quotes, unquoted keys, trailing commas', () => {
    expect(parseJsonParam("['u1','u2']")).toEqual({ value: ['u1', 'u2'] });
    expect(
      parseJsonParam("[{appUserId:'A',keyWord:'甲方'},{'appUserId':'B',\"locationName\":\"SB\",}]"),
    ).toEqual({
      value: [
        { appUserId: 'A', keyWord: '甲方' },
        { appUserId: 'B', locationName: 'SB' },
      ],
    });
    expect(parseJsonParam(' ["A","B"] ')).toEqual({ value: ['A', 'B'] });
    expect(parseJsonParam("{'${name}':'it\\'s','n':1.5,'t':true,'z':null}")).toEqual({
      value: { '${name}': "it's", n: 1.5, t: true, z: null },
    });
    expect(parseJsonParam('[A, B]')).toBeUndefined();
    expect(parseJsonParam("['a'")).toBeUndefined();
    expect(parseJsonParam(undefined)).toBeUndefined();
  });

  it('reads an empty useCer= as 0', () => {
    expect(readUseCer('')).toBe(0);
    expect(readUseCer(undefined)).toBe(0);
    expect(readUseCer(' 1 ')).toBe(1);
    expect(readUseCer('2')).toBeUndefined();
  });
});

describe('what the servlet container answers', () => {
  it('an unknown path: text 404; a wrong method: text 405 with Allow; list and detail take GET and POST', async () => {
    const h = sdk();
    const missing = await h.raw(`${BASE}/userInfo/nope`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(missing.contentType).toMatch(/^text\/plain/);
    const get = await h.raw(`${BASE}${P.addUser}`);
    expect(get.status).toBe(405);
    expect(get.text).toBe("Request method 'GET' not supported");
    const post = await h.raw(`${BASE}${P.checkToken}`, { method: 'POST' });
    expect(post.status).toBe(405);
    for (const path of [P.list, P.detail]) {
      for (const method of ['GET', 'POST']) {
        const r = await h.raw(`${BASE}${path}?token=bad`, { method });
        expect(r.json, `${method} ${path}`).toEqual(failure(10801, '登录异常，请重新登录！'));
      }
      expect((await h.raw(`${BASE}${path}`, { method: 'PUT' })).status).toBe(405);
    }
  });
});

describe('over real HTTP', () => {
  let running: RunningServers | undefined;
  const sim = { current: undefined as ReturnType<typeof createSimulator> | undefined };
  afterAll(async () => {
    await running?.close();
    sim.current?.close();
  });

  it('unencoded JSON in the request line of a POST with no body, raw UTF-8 in a form body', async () => {
    const s = createSimulator({ vendors: ['yunhetong-sdk'], basePort: await freeBasePortFrom(51000) });
    sim.current = s;
    running = await listen(s);
    const origin = new URL(running.urls['yunhetong-sdk']!);
    const send = (bytes: Buffer) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(origin.port), origin.hostname, () => socket.end(bytes));
        const chunks: Buffer[] = [];
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
      });
    const bodyOf = (reply: string) => jsonOrText(reply.slice(reply.indexOf('\r\n\r\n') + 4));
    const pairs = (p: Record<string, string>, encode: boolean) =>
      Object.entries({ appId: DEFAULT_APP.appId, password: DEFAULT_APP.password, ...p })
        .map(([k, v]) => `${k}=${encode && k === 'userName' ? encodeURIComponent(v) : v}`)
        .join('&');

    const u = person({ userName: '诸葛亮' });
    const reply = await send(
      Buffer.from(
        `POST /sdk/userInfo/addUser?${pairs(u, true)}&noticeParams={"k":["v"]} HTTP/1.1\r\n` +
          `Host: ${origin.host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        'latin1',
      ),
    );
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    expect(bodyOf(reply)).toEqual(success());

    const other = person({ userName: '司马懿' });
    const form = Buffer.from(`&${pairs(other, false)}`, 'utf8');
    const formReply = await send(
      Buffer.concat([
        Buffer.from(
          `POST /sdk/userInfo/addUser HTTP/1.1\r\nHost: ${origin.host}\r\n` +
            'Content-Type: application/x-www-form-urlencoded\r\n' +
            `Content-Length: ${form.length}\r\nConnection: close\r\n\r\n`,
          'latin1',
        ),
        form,
      ]),
    );
    expect(bodyOf(formReply)).toEqual(success());

    const users = await answerOf(
      await fetch(`${running.urls.control}/__sim/yunhetong-sdk/apps/${DEFAULT_APP.appId}/users`),
    );
    const names = Object.fromEntries(
      (users.json.users as Array<{ appUserId: string; userName: string }>).map((x) => [
        x.appUserId,
        x.userName,
      ]),
    );
    expect(names[u.appUserId!]).toBe('诸葛亮');
    expect(names[other.appUserId!]).toBe('司马懿');
  });
});
