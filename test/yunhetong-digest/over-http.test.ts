/**
 * 云合同 摘要签署 over real HTTP, the way a customer's integration runs it: the typed client with
 * its default fetch against `sim.listen()` ports (manual virtual clock), and the control API over
 * TCP. Login (token in response header `token`), a person, a seal, a PDF put into the sandbox the
 * control API names (GET /__sim/yunhetong-digest/service), /sign/filePath writing into it,
 * /sign/fileStream and /tsa/streamSign as multipart uploads, the index page, a 405 and a 404, a
 * body over the size limit refused while it is still arriving, and the token renewal late in a
 * token's 15 virtual minutes (POST /__sim/clock/advance) picked up by the client from header
 * `token`. Then the CLI once with --yunhetong-digest-context-path and --yunhetong-digest-sandbox:
 * the API answers under the context path, 404 outside it, and local paths resolve in the configured
 * sandbox.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, type ControlClient } from '../../clients/control/index.ts';
import {
  createYunhetongDigestClient,
  type YunhetongDigestClient,
} from '../../clients/yunhetong-digest/index.ts';
import {
  YUNHETONG_DIGEST_DEFAULT_APP,
  YUNHETONG_DIGEST_LIMITS,
} from '../../contracts/yunhetong-digest/control.ts';
import { createSimulator, type SealSim } from '../../index.ts';
import type { RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { createTextPdf, findKeyword } from '../../simulators/core/pdf/index.ts';
import { countRedPixels, pdfBoxToPixels, renderPdfPage } from '../helpers/png.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import { slowRequest } from '../helpers/slow-http.ts';
import { apiError, flattened, MIN, PERSON } from './helpers.ts';
import { cli, interrupt, killCliChildren, waitHealthy } from '../helpers/cli.ts';

/** yunhetong-digest's real-port tests take base ports in 10000–19990 (esign 30000, baoquan 40000). */
const freeBasePort = (): Promise<number> => freeBasePortFrom(10000);

/** 2024-01-02 10:00:00 Asia/Shanghai. */
const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);
const A4H = 841.89;
/** The body limit admits at least the doc's 20 MB time-stamp file plus its multipart framing (app.ts). */
const DOC_FILE = YUNHETONG_DIGEST_LIMITS.tsaMaxFileBytes;
/** Over the limit whatever the framing allowance. */
const OVER = DOC_FILE + 4 * 1024 * 1024;
const APP = YUNHETONG_DIGEST_DEFAULT_APP;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let basePort: number;
let sim: SealSim;
let running: RunningServers;
let control: ControlClient;
let base: string;
let client: YunhetongDigestClient;
let sandbox: string;
let pdf: Uint8Array;

beforeAll(async () => {
  basePort = await freeBasePort();
  sim = createSimulator({ vendors: ['yunhetong-digest'], basePort, now: T0 });
  running = await sim.listen();
  base = running.urls['yunhetong-digest']!;
  control = createControlClient({ baseUrl: running.urls.control! });
  client = createYunhetongDigestClient({ baseUrl: base, appId: APP.appId, appKey: APP.appKey });
  sandbox = (await control.api.GET('/__sim/yunhetong-digest/service')).data!.sandboxDir;
  pdf = await createTextPdf([{ lines: ['借款合同', '甲方：', '乙方签字：'] }]);
});

afterAll(async () => {
  await running?.close();
  sim?.close();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
});

const summaries = async () =>
  (
    await control.api.GET('/__sim/yunhetong-digest/apps/{appId}/summaries', {
      params: { path: { appId: APP.appId } },
    })
  ).data!.summaries;

describe('yunhetong-digest over real HTTP', () => {
  it('listens on real ports: the control API, the index page, the service view naming the sandbox', async () => {
    expect(base).toBe(`http://127.0.0.1:${basePort + 3}`);
    expect(await (await fetch(`${running.urls.control}/__sim/health`)).json()).toEqual({ ok: true });
    expect(await client.isUp()).toBe(true);
    const page = await fetch(`${base}/index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('云合同摘要签署服务启动成功');
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/index.html');
    const svc = (await control.api.GET('/__sim/yunhetong-digest/service')).data!;
    expect(svc).toEqual({ contextPath: '/', sandboxDir: sandbox, apps: [APP.appId] });
    expect(sandbox).toMatch(/sealsim-yht-/);
    expect(existsSync(sandbox)).toBe(true);
  });

  it('login → person → seal → /sign/filePath into the sandbox → /sign/fileStream → /tsa/streamSign', async () => {
    const token = await client.login();
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(client.token()).toBe(token);
    const { signerId } = await client.call('/user/person', PERSON);
    expect(signerId).toBe(1);
    const { moulageId } = await client.call('/moulage/person', { signerId: String(signerId), color: 'C1' });
    expect(moulageId).toBe(1);

    mkdirSync(join(sandbox, 'yunhetong/contract'), { recursive: true });
    writeFileSync(join(sandbox, 'yunhetong/contract/待签署合同.pdf'), pdf);
    const seal = { signerId: String(signerId), moulageId: String(moulageId) };
    expect(
      await client.call('/sign/filePath', {
        ...seal,
        contractPath: '/yunhetong/contract/待签署合同.pdf',
        contractSavePath: '/yunhetong/contract/签署后合同.pdf',
        signPositionType: '1',
        positionContent: '1,100,100',
      }),
    ).toEqual({ summaryId: 1000 });
    const signed = new Uint8Array(readFileSync(join(sandbox, 'yunhetong/contract/签署后合同.pdf')));
    expect(Buffer.from(signed.subarray(0, 5)).toString()).toBe('%PDF-');
    const box = pdfBoxToPixels({ x: 100, y: 100, width: 80, height: 80 }, A4H);
    expect(
      countRedPixels(await renderPdfPage(signed, 1), box),
      'the seal at (100, 100), bottom-left origin',
    ).toBeGreaterThan(50);
    expect(countRedPixels(await renderPdfPage(pdf, 1))).toBe(0);

    // the same PDF uploaded as multipart part contractPath, signed at a keyword
    expect(
      await client.signFileStream({
        ...seal,
        contractPath: { bytes: pdf, filename: '借款合同.pdf', contentType: 'application/pdf' },
        contractTitle: '借款合同',
        contractSavePath: '/yunhetong/contract/文件流签署.pdf',
        signPositionType: '0',
        positionContent: '乙方签字',
      }),
    ).toEqual({ summaryId: 1001 });
    const streamed = new Uint8Array(readFileSync(join(sandbox, 'yunhetong/contract/文件流签署.pdf')));
    const [hit] = await findKeyword(pdf, '乙方签字');
    const near = pdfBoxToPixels({ x: hit!.x - 20, y: hit!.y - 40, width: hit!.width + 40, height: 100 }, A4H);
    expect(countRedPixels(await renderPdfPage(streamed, 1), near)).toBeGreaterThan(50);

    // the control API (over TCP) recorded both signings with the hashes of what is on disk
    expect(await summaries()).toMatchObject([
      {
        summaryId: 1000,
        signerId: 1,
        moulageId: 1,
        contractPath: '/yunhetong/contract/待签署合同.pdf',
        originalSha256: sha256(pdf),
        signedSha256: sha256(signed),
      },
      {
        summaryId: 1001,
        contractPath: '(文件流) 借款合同',
        contractTitle: '借款合同',
        originalSha256: sha256(pdf),
        signedSha256: sha256(streamed),
      },
    ]);

    // a time stamp of the signed file, uploaded as multipart part filePath
    expect(
      await client.tsaStreamSign({
        filePath: { bytes: signed, filename: 'signed.pdf' },
        fileSavePath: '/yunhetong/contract/固化.pdf',
        title: '借款合同',
      }),
    ).toEqual({
      timeStampSignId: 1000,
    });
    const stamped = flattened(new Uint8Array(readFileSync(join(sandbox, 'yunhetong/contract/固化.pdf'))));
    expect(await findKeyword(stamped, '时间戳')).toHaveLength(1);
    expect(
      await findKeyword(stamped, '2024-01-02 10:00:00 UTC+8'),
      'dated by the virtual clock',
    ).toHaveLength(1);
    expect(await findKeyword(stamped, '流水号 1000')).toHaveLength(1);
  });

  it('answers 405 for the wrong method and 404 for an unknown path, over TCP', async () => {
    const get = await fetch(`${base}/auth/login`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.text()).toBe("Request method 'GET' not supported");
    const post = await fetch(`${base}/user/personNameAndPhone`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('PATCH');
    const unknown = await fetch(`${base}/user/nobody`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', token: client.token()! },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('404 Not Found');
    expect((await fetch(`${base}/index.htm`)).status).toBe(404);
  });

  it('refuses a body over the limit with 201 请求体过大 (HTTP 200), before it has all arrived, and changes nothing', async () => {
    await client.login();
    const before = (await summaries()).length;
    // the typed client's multipart upload of a 24 MB "PDF"
    const big = new Uint8Array(OVER).fill(0x20);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const e = await apiError(
      client.signFileStream({
        signerId: '1',
        moulageId: '1',
        contractPath: big,
        contractTitle: '大文件',
        contractSavePath: '/too-big.pdf',
        signPositionType: '1',
        positionContent: '1,0,0',
      }),
    );
    expect(e).toMatchObject({ code: 201, msg: '请求体过大', httpStatus: 200 });
    expect(existsSync(join(sandbox, 'too-big.pdf'))).toBe(false);

    // a declared Content-Length over the limit is answered while the body is still arriving
    const declared = await slowRequest(`${base}/sign/filePath`, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8', token: client.token()! },
      declaredLength: OVER,
      chunk: Buffer.from(`{"contractPath":"${'x'.repeat(32 * 1024)}`),
      total: OVER,
      everyMs: 2000,
    });
    expect(declared.bodyFinished).toBe(false);
    expect(declared.bytesSent).toBeLessThan(1024 * 1024);
    expect(declared.status).toBe(200);
    expect(declared.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(declared.body)).toEqual({ code: 201, msg: '请求体过大' });

    // a chunked multipart upload is cut off once it passes the limit, not read to its end
    const boundary = 'yhtFuzzBoundary0123';
    const chunked = await slowRequest(`${base}/tsa/streamSign`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, token: client.token()! },
      chunk: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="filePath"; filename="big.pdf"\r\n\r\n%PDF-1.7\n`,
        ),
        Buffer.alloc(1024 * 1024, 0x41),
      ]),
      total: 3 * DOC_FILE,
      everyMs: 3,
    });
    expect(chunked.bodyFinished).toBe(false);
    expect(chunked.bytesSent).toBeLessThan(2 * DOC_FILE);
    expect(JSON.parse(chunked.body)).toEqual({ code: 201, msg: '请求体过大' });

    expect((await summaries()).length).toBe(before);
    // the server still answers
    expect(await client.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })).toEqual([
      { [PERSON.certifyNum]: 1 },
    ]);
  });

  it('renews a token from minute 11 of virtual time (control API clock): the client adopts header token; the old one dies at minute 15', async () => {
    const list = { certifyNumList: [PERSON.certifyNum] };
    const first = await client.login();
    const user = client.asUser(1);
    const firstUser = await user.login();
    await control.advance(10 * MIN);
    await client.call('/user/signerId/certifyNums', list);
    expect(client.token(), 'no renewal at minute 10').toBe(first);

    await control.advance(1 * MIN);
    // the raw answer carries the fresh token in header `token`
    const rawAnswer = await fetch(`${base}/user/signerId/certifyNums`, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8', token: first },
      body: JSON.stringify(list),
    });
    expect(await rawAnswer.json()).toEqual({ code: 200, msg: true, data: [{ [PERSON.certifyNum]: 1 }] });
    expect(rawAnswer.headers.get('token')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(rawAnswer.headers.get('token')).not.toBe(first);
    // the typed client picks up the renewal into its slot
    await client.call('/user/signerId/certifyNums', list);
    const renewed = client.token()!;
    expect(renewed).not.toBe(first);
    // the user's slot renews on its own call, and only that slot
    await user.call('/moulage/person', { signerId: '1', borderType: 'B2' });
    expect(user.token()).not.toBe(firstUser);
    expect(client.token()).toBe(renewed);

    await control.advance(4 * MIN);
    // minute 15 of the first token: it is dead, the renewed one (issued at minute 11) lives on
    expect(await apiError(client.call('/user/signerId/certifyNums', list, { token: first }))).toMatchObject({
      code: 401,
      httpStatus: 200,
    });
    expect(await client.call('/user/signerId/certifyNums', list)).toEqual([{ [PERSON.certifyNum]: 1 }]);
    expect(client.token()).toBe(renewed);
    expect((await control.api.GET('/__sim/clock')).data!.now).toBe(T0 + 15 * MIN);
  });
});

// ── the CLI with a context path ───────────────────────────────────────────────────────────────

const dirs: string[] = [];

afterEach(() => {
  killCliChildren();
});

afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('yunhetong-digest under a context path (CLI --yunhetong-digest-context-path, --yunhetong-digest-sandbox)', () => {
  it('answers the API under the context path, 404 outside it, and reads local paths from the configured sandbox', async () => {
    const port = await freeBasePort();
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-yht-ctx-'));
    dirs.push(dir);
    const box = join(dir, 'box'); // does not exist yet: the service makes it
    const run = cli([
      'start',
      '--port',
      String(port),
      '--vendors',
      'yunhetong-digest',
      '--clock',
      'manual',
      '--yunhetong-digest-context-path',
      'yht-digest',
      '--yunhetong-digest-sandbox',
      box,
    ]);
    await waitHealthy(run, port);
    const origin = `http://127.0.0.1:${port + 3}`;
    const baseUrl = `${origin}/yht-digest`;

    const ctl = createControlClient({ baseUrl: `http://127.0.0.1:${port}` });
    const [v] = (await ctl.api.GET('/__sim/vendors')).data!.vendors;
    expect(v).toMatchObject({ id: 'yunhetong-digest', baseUrl, credentials: APP });
    expect((await ctl.api.GET('/__sim/yunhetong-digest/service')).data).toEqual({
      contextPath: '/yht-digest',
      sandboxDir: box,
      apps: [APP.appId],
    });
    expect(existsSync(box)).toBe(true);
    // the start-up table names the base URL and the sandbox
    expect(run.out()).toContain(baseUrl);
    expect(run.out()).toContain(`sandbox=${box}`);

    // under the context path: the whole API
    const c = createYunhetongDigestClient({ baseUrl, appId: APP.appId, appKey: APP.appKey });
    expect(await c.isUp()).toBe(true);
    await c.login();
    expect(await c.call('/user/person', PERSON)).toEqual({ signerId: 1 });
    expect(await c.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })).toEqual([
      { [PERSON.certifyNum]: 1 },
    ]);
    // local paths resolve in the configured sandbox: a file put there is found (else 20100)
    writeFileSync(join(box, 'in.pdf'), pdf);
    expect(await c.call('/cz/in', { sid: 'ctx-path-0001', filePath: '/in.pdf' })).toEqual({
      czId: expect.any(Number),
    });
    expect(
      await apiError(c.call('/cz/in', { sid: 'ctx-path-0002', filePath: '/not-there.pdf' })),
    ).toMatchObject({ code: 20100, msg: '合同文件/not-there.pdf 不存在' });
    const redirect = await fetch(baseUrl, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/yht-digest/index.html');

    // outside it: nothing, not even an envelope
    const login = await fetch(`${origin}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(APP),
    });
    expect(login.status).toBe(404);
    expect(login.headers.get('token')).toBeNull();
    expect(await login.text()).toBe('404 Not Found');
    expect((await fetch(`${origin}/index.html`)).status).toBe(404);
    expect((await fetch(`${origin}/yht-digestx/index.html`)).status).toBe(404);
    expect(
      await createYunhetongDigestClient({ baseUrl: origin, appId: APP.appId, appKey: APP.appKey }).isUp(),
    ).toBe(false);
    const rooted = await apiError(
      createYunhetongDigestClient({ baseUrl: origin, appId: APP.appId, appKey: APP.appKey }).login(),
    );
    expect(rooted).toMatchObject({ code: -1, httpStatus: 404 });

    expect(await interrupt(run)).toEqual({ code: 0, signal: null });
    expect(run.err()).toBe('');
  });
});
