import { createHash, createHmac } from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  EsignApiError,
  EsignSignatureError,
  EsignUploadError,
  contentMd5,
  createEsignClient,
  parseCallback,
  unwrap,
  uploadFile,
  verifyCallback,
  type EsignData,
  type EsignRequestBody,
} from '../../../clients/esign/index.ts';

const PROJECT = '1111563657';
const SECRET = 'cf65f987315b12a21b983ca320196d7d';
const BASE = 'http://127.0.0.1:4002/opentreaty/rest/v3.0';

/** Independent HMAC: what the doc and docs/vendor-notes.md say the signature is. */
const hmac = (body: string | Buffer, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('hex');

interface Seen {
  path: string;
  headers: Headers;
  body: string;
}

/** A tiny fake e签宝: records requests, answers per path, signs responses. */
function fakeEsign(answer: (path: string, body: unknown) => unknown, opts: { signWith?: string } = {}) {
  const seen: Seen[] = [];
  const app = new Hono();
  app.post('/opentreaty/rest/v3.0/*', async (c) => {
    const body = await c.req.text();
    const path = new URL(c.req.url).pathname.replace('/opentreaty/rest/v3.0', '');
    seen.push({ path, headers: c.req.raw.headers, body });
    const text = JSON.stringify(answer(path, body ? JSON.parse(body) : undefined));
    return new Response(text, {
      headers: {
        'content-type': 'application/json',
        'X-timevale-project-id': PROJECT,
        'X-timevale-signature': hmac(text, opts.signWith ?? SECRET),
      },
    });
  });
  return { seen, fetch: (req: Request) => Promise.resolve(app.fetch(req)) };
}

const originalFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = originalFetch;
});

describe('HMAC middleware', () => {
  it('signs the exact body bytes with the secret and sets the X-timevale headers', async () => {
    const server = fakeEsign(() => ({ errCode: 0, msg: 'SUCCESS', data: { accountId: 'acc1' } }));
    const client = createEsignClient({
      baseUrl: BASE,
      projectId: PROJECT,
      secret: SECRET,
      fetch: server.fetch,
    });
    const body = { name: '张三', idNo: '371500198101175693', idType: 19 as const, mobile: '13516134875' };
    const data = await client.call('/account/create/person/private', body);
    expect(data).toEqual({ accountId: 'acc1' });

    const req = server.seen[0]!;
    expect(req.path).toBe('/account/create/person/private');
    expect(req.body).toBe(JSON.stringify(body));
    expect(req.headers.get('X-timevale-signature')).toBe(hmac(Buffer.from(req.body, 'utf8')));
    expect(req.headers.get('X-timevale-signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(req.headers.get('X-timevale-project-id')).toBe(PROJECT);
    expect(req.headers.get('X-timevale-mode')).toBe('package');
    expect(req.headers.get('X-timevale-signature-algorithm')).toBe('hmac-sha256');
    expect(req.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('verifies response signatures when asked', async () => {
    const good = fakeEsign(() => ({ errCode: 0, msg: 'SUCCESS' }));
    const ok = createEsignClient({
      baseUrl: BASE,
      projectId: PROJECT,
      secret: SECRET,
      fetch: good.fetch,
      verifyResponses: true,
    });
    await expect(ok.call('/sign/revoke', { flowId: 'f1' })).resolves.toBeUndefined();

    const forged = fakeEsign(() => ({ errCode: 0, msg: 'SUCCESS' }), { signWith: 'another-secret' });
    const strict = createEsignClient({
      baseUrl: BASE,
      projectId: PROJECT,
      secret: SECRET,
      fetch: forged.fetch,
      verifyResponses: true,
    });
    await expect(strict.call('/sign/revoke', { flowId: 'f1' })).rejects.toBeInstanceOf(EsignSignatureError);

    const lax = createEsignClient({ baseUrl: BASE, projectId: PROJECT, secret: SECRET, fetch: forged.fetch });
    await expect(lax.call('/sign/revoke', { flowId: 'f1' })).resolves.toBeUndefined();
  });
});

describe('fetch is resolved at call time', () => {
  it('uses a globalThis.fetch swapped in after the client was created', async () => {
    const client = createEsignClient({ baseUrl: BASE, projectId: PROJECT, secret: SECRET });
    const server = fakeEsign(() => ({ errCode: 0, msg: 'SUCCESS', data: { docUrl: 'http://x/1.pdf' } }));
    let calls = 0;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      return server.fetch(input instanceof Request ? input : new Request(input, init));
    }) as typeof fetch;
    await expect(client.call('/doc/downloadurl', { docId: 'd1' })).resolves.toEqual({
      docUrl: 'http://x/1.pdf',
    });
    expect(calls).toBe(1);
    expect(server.seen[0]!.headers.get('X-timevale-signature')).toBe(hmac(JSON.stringify({ docId: 'd1' })));
  });
});

describe('unwrap and call', () => {
  it('returns data on errCode 0 and throws EsignApiError otherwise', async () => {
    const server = fakeEsign((path) =>
      path === '/sign/start'
        ? {
            errCode: 0,
            msg: 'SUCCESS',
            data: { flowId: 'f1', signUrlList: [{ accountId: 'a', signUrl: ['http://s'] }] },
          }
        : { errCode: 1006001, msg: '签署流程不存在' },
    );
    const client = createEsignClient({
      baseUrl: BASE,
      projectId: PROJECT,
      secret: SECRET,
      fetch: server.fetch,
    });

    const started = await client.call('/sign/start', {
      businessScene: '买房子',
      docList: [{ docId: 'd1' }],
      recipientList: { signerList: [{ accountId: 'a', signOrder: '1' }] },
    });
    expect(started.flowId).toBe('f1');

    const err = await client.call('/sign/docdetail', { flowId: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EsignApiError);
    expect(err).toMatchObject({ errCode: 1006001, msg: '签署流程不存在', httpStatus: 200 });

    // the raw openapi-fetch API plus unwrap
    const raw = await client.POST('/doc/downloadurl', { body: { docId: 'x' } });
    expect(() => unwrap(raw)).toThrow(EsignApiError);
  });

  it('unwrap handles success, failure and non-envelope answers', () => {
    const response = new Response(null, { status: 200 });
    expect(unwrap({ data: { errCode: 0, msg: 'SUCCESS', data: { docId: 'd' } }, response })).toEqual({
      docId: 'd',
    });
    expect(unwrap({ data: { errCode: 0, msg: 'SUCCESS' }, response })).toBeUndefined();
    expect(() => unwrap({ data: { errCode: 1001001, msg: '参数错误: flowId 不能为空' }, response })).toThrow(
      /1001001: 参数错误: flowId 不能为空/,
    );
    const e = (() => {
      try {
        unwrap({ error: 'Bad Gateway', response: new Response(null, { status: 502 }) });
      } catch (err) {
        return err as EsignApiError;
      }
    })();
    expect(e).toMatchObject({ errCode: -1, httpStatus: 502, msg: 'Bad Gateway' });
  });

  it('types bodies and data by path', () => {
    expectTypeOf<EsignData<'/sign/start'>>().toHaveProperty('flowId');
    expectTypeOf<EsignData<'/sign/download'>>().toBeArray();
    expectTypeOf<EsignData<'/sign/execute'>>().toBeUndefined();
    expectTypeOf<EsignRequestBody<'/file/uploadurl'>>().toHaveProperty('contentMd5');
  });
});

describe('upload helper', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4 hello');

  it('computes Content-MD5 as Base64 of the binary MD5', () => {
    expect(contentMd5(pdf)).toBe(createHash('md5').update(pdf).digest('base64'));
  });

  it('PUTs the bytes with Content-Type and Content-MD5 and no X-timevale headers', async () => {
    let seen: Request | undefined;
    let bytes: Uint8Array | undefined;
    const fetch = async (req: Request) => {
      seen = req;
      bytes = new Uint8Array(await req.arrayBuffer());
      return new Response('{"errCode":0,"msg":"成功"}', { headers: { 'content-type': 'application/json' } });
    };
    const out = await uploadFile(
      'http://127.0.0.1:4002/oss/open/x.pdf?Expires=1&OSSAccessKeyId=k&Signature=s',
      pdf,
      {
        contentType: 'application/pdf',
        fetch,
      },
    );
    expect(out).toEqual({ httpStatus: 200, body: { errCode: 0, msg: '成功' } });
    expect(seen!.method).toBe('PUT');
    expect(seen!.headers.get('content-type')).toBe('application/pdf');
    expect(seen!.headers.get('content-md5')).toBe(contentMd5(pdf));
    expect([...seen!.headers.keys()].some((k) => k.startsWith('x-timevale'))).toBe(false);
    expect(Buffer.from(bytes!).equals(Buffer.from(pdf))).toBe(true);
  });

  it('throws EsignUploadError with the OSS code', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>AccessDenied</Code>\n  ' +
      '<Message>Request has expired.</Message>\n  <RequestId>R1</RequestId>\n  ' +
      '<HostId>h</HostId>\n</Error>\n';
    const fetch = async () =>
      new Response(xml, { status: 403, headers: { 'content-type': 'application/xml' } });
    const err = await uploadFile('http://h/oss/open/x.pdf', pdf, {
      contentType: 'application/pdf',
      fetch,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EsignUploadError);
    expect(err).toMatchObject({
      httpStatus: 403,
      code: 'AccessDenied',
      ossMessage: 'Request has expired.',
      requestId: 'R1',
    });
  });
});

describe('callbacks', () => {
  const body = JSON.stringify({
    action: 'SIGN_FLOW_FINISH',
    businessScence: '买房子',
    flowId: 'f1',
    flowStatus: 2,
    createTime: '2018-04-07 09:12:12',
    endTime: '2018-04-07 10:12:12',
  });

  it('verifies the X-timevale-signature over the raw body', () => {
    const headers = { 'x-timevale-signature': hmac(body), 'x-timevale-project-id': PROJECT };
    expect(verifyCallback(headers, body, SECRET)).toBe(true);
    expect(verifyCallback(new Headers(headers), Buffer.from(body), SECRET, { projectId: PROJECT })).toBe(
      true,
    );
    expect(verifyCallback(headers, body, SECRET, { projectId: 'other' })).toBe(false);
    expect(verifyCallback(headers, `${body} `, SECRET)).toBe(false);
    expect(verifyCallback({}, body, SECRET)).toBe(false);
    expect(parseCallback(headers, body, SECRET)).toMatchObject({ action: 'SIGN_FLOW_FINISH', flowStatus: 2 });
    expect(() => parseCallback({ 'x-timevale-signature': 'bad' }, body, SECRET)).toThrow(EsignSignatureError);
  });
});
