/**
 * The consumer kit (sealsim/kit) for 云合同 摘要签署 V2.4.1 (yunhetong-digest):
 *
 * 1. `validateResponse` accepts what sealsim really answers on every yunhetong-digest route
 *    (recorded with `recordingFetch` under the typed client: every API with a success AND a
 *    catalogue failure, the multipart *Stream APIs, the two PATCH updates, GET /index.html), and
 *    rejects bodies that break the documented shape: it reads this contract's envelope (`code`,
 *    success 200), so a data-less success and a code outside the catalogue are refused, and it
 *    matches a service deployed under any context path.
 * 2. `useSealsim({ vendors: ['yunhetong-digest'], vendorOptions: { sandboxDir } })` with msw: a
 *    typed client created at module load reaches the simulator with nothing listening on its
 *    port, signs a PDF of the configured sandbox, follows the renewed `token` header once the
 *    virtual clock passes tokenRenewAfterMs (default and per-tenant), and state is reset between
 *    tests. The typed client's isUp() settles under msw (it reads the body instead of cancelling it,
 *    which never settles on an msw-mocked response).
 * 3. Record and replay: a login and two calls recorded, then answered by msw from the JSON with no
 *    simulator; the `token` response headers (login and renewal) survive the replay.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient } from '../../clients/control/index.ts';
import {
  createYunhetongDigestClient,
  YunhetongApiError,
  type YunhetongDigestClient,
} from '../../clients/yunhetong-digest/index.ts';
import {
  recordingFetch,
  replayHandlers,
  requestBytes,
  validateRecording,
  validateResponse,
  type RecordedExchange,
  type Recording,
} from '../../kit/index.ts';
import { useSealsim } from '../../kit/vitest.ts';
import {
  YUNHETONG_DIGEST_DEFAULT_APP as APP,
  yunhetongDigestErrors,
  yunhetongDigestRoutes,
} from '../../contracts/yunhetong-digest/index.ts';
import { createSimulator, type SealSim } from '../../index.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { encodePng } from '../helpers/png.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import { at, deleteAt, setAt } from './json-path.ts';

const VENDOR = 'yunhetong-digest';
const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);
const MIN = 60_000;
const PERSON = {
  userName: '张三',
  identityRegion: '0',
  certifyType: 'a',
  certifyNum: '110108196710262291',
  phoneRegion: '0',
  phoneNo: '13516134875',
} as const;
const COMPANY = {
  userName: '浙江律讯网络科技有限公司',
  certifyType: '1',
  certifyNum: '913301067236283951',
  phoneRegion: '0',
  phoneNo: '13000000001',
} as const;
/** A 110x200 red PNG: the size §5.5.3 asks of a person's seal. */
const RED_SEAL = Buffer.from(
  encodePng(
    110,
    200,
    new Uint8Array(110 * 200 * 4).map((_, i) => [220, 0, 0, 255][i % 4]!),
  ),
).toString('base64');

const freeBasePort = (): Promise<number> => freeBasePortFrom(20000);

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

/** The code of the YunhetongApiError a call rejects with (fails when it resolves or throws anything else). */
async function codeOf(p: Promise<unknown>): Promise<number> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof YunhetongApiError))
    throw new Error(`expected a YunhetongApiError, got ${err === undefined ? 'success' : String(err)}`);
  return err.code;
}

const routeNames = Object.values(yunhetongDigestRoutes).map((r) => `${r.method.toUpperCase()} ${r.path}`);
const catalogueCodes = new Set<number>(Object.values(yunhetongDigestErrors).map((e) => e.errCode));

// Per-file temp root (sandboxes of every part); removed at the end.
const tmpRoot = mkdtempSync(join(tmpdir(), 'kit-yht-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

// ═════════════════════════════════════════════════════════════════════════════════════════════
// 1. validateResponse on real sealsim answers
// ═════════════════════════════════════════════════════════════════════════════════════════════

describe('kit validateResponse on real yunhetong-digest answers', () => {
  let sim: SealSim;
  let recording: Recording;
  const failureCodes = new Map<string, number[]>();

  const bodyOf = (x: RecordedExchange): unknown => {
    try {
      return JSON.parse(x.body);
    } catch {
      return x.body;
    }
  };
  const pathOf = (x: RecordedExchange) => new URL(x.url).pathname;
  const check = (x: RecordedExchange, body: unknown = bodyOf(x), status = x.status) =>
    validateResponse(VENDOR, { method: x.method, url: x.url }, { status, body });
  const find = (path: string, pred: (b: unknown) => boolean = () => true) => {
    const x = recording.exchanges.find((e) => pathOf(e) === path && pred(bodyOf(e)));
    if (!x) throw new Error(`no recorded exchange for ${path}`);
    return x;
  };
  const success = (path: string) => find(path, (b) => at(b, ['code']) === 200);
  const mutate = (x: RecordedExchange, f: (b: unknown) => void) => {
    const b = structuredClone(bodyOf(x));
    f(b);
    return check(x, b);
  };

  beforeAll(async () => {
    const sandboxDir = join(tmpRoot, 'validate');
    mkdirSync(join(sandboxDir, 'c'), { recursive: true });
    sim = createSimulator({
      vendors: [VENDOR],
      basePort: await freeBasePort(),
      now: T0,
      vendorOptions: { [VENDOR]: { sandboxDir } },
    });
    const rec = recordingFetch((r) => sim.fetch(r));
    recording = rec.recording;
    const baseUrl = sim.origin(VENDOR);
    const c = createYunhetongDigestClient({ baseUrl, ...APP, fetch: rec.fetch });
    const fails = async (path: string, p: Promise<unknown>) => {
      const code = await codeOf(p);
      failureCodes.set(path, [...(failureCodes.get(path) ?? []), code]);
    };
    const lastSms = () => sim.outbox.list({ vendor: VENDOR }).at(-1)!.code!;

    expect(await c.isUp()).toBe(true);
    // §5.3.1 login: wrong appKey (402), then the platform's token
    await fails(
      '/auth/login',
      createYunhetongDigestClient({
        baseUrl,
        appId: APP.appId,
        appKey: 'wrongKey123',
        fetch: rec.fetch,
      }).login(),
    );
    await c.login();
    // §5.4 users
    const person = String((await c.call('/user/person', PERSON)).signerId);
    await fails('/user/person', c.call('/user/person', PERSON)); // 20207 duplicate certifyNum
    const company = String((await c.call('/user/company', COMPANY)).signerId);
    await fails('/user/company', c.call('/user/company', { ...COMPANY, certifyNum: '123' })); // 201 length
    await c.call('/user/personNameAndPhone', { signerId: person, userName: '张三丰' });
    await fails(
      '/user/personNameAndPhone',
      c.call('/user/personNameAndPhone', { signerId: person, userName: '张三丰' }),
    ); // 20001 same value
    await c.call('/user/companyNameAndPhone', {
      signerId: company,
      phoneRegion: '0',
      phoneNo: '13000000002',
    });
    await fails(
      '/user/companyNameAndPhone',
      c.call('/user/companyNameAndPhone', { signerId: '424242', userName: '某公司' }),
    );
    await c.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum, COMPANY.certifyNum] });
    await fails(
      '/user/signerId/certifyNums',
      c.call('/user/signerId/certifyNums', { certifyNumList: ['999999999999999999'] }),
    ); // 20206
    await c.call('/user/userInfo/signerIds', { signerIdList: [person, company], pageNum: 1, pageSize: 10 });
    // 20206
    await fails('/user/userInfo/signerIds', c.call('/user/userInfo/signerIds', { signerIdList: ['424242'] }));
    // §5.5 seals
    const seal = String((await c.call('/moulage/person', { signerId: person })).moulageId);
    await fails('/moulage/person', c.call('/moulage/person', { signerId: '424242' }));
    await c.call('/moulage/company', { signerId: company, textContent: '合同专用章' });
    // 201
    await fails('/moulage/company', c.call('/moulage/company', { signerId: company, keyContent: '123' }));
    await c.call('/moulage/upload', { signerId: person, imgBase: RED_SEAL });
    // 20205
    await fails('/moulage/upload', c.call('/moulage/upload', { signerId: person, imgBase: '%%%not base64' }));
    // token failures: 401 (unknown token), 403 (a user's token on a platform-only API)
    await fails('/user/userInfo/signerIds', c.call('/user/userInfo/signerIds', {}, { token: 'not-a-token' }));
    const u = c.asUser(person);
    await u.login();
    await fails('/user/person', u.call('/user/person', { ...PERSON, certifyNum: '110108196710262292' }));
    // §5.6 signing: a PDF in the sandbox, and the same PDF uploaded
    const pdf = await createTextPdf([{ lines: ['借款合同', '甲方盖章处：', '乙方签字：'] }]);
    writeFileSync(join(sandboxDir, 'c/in.pdf'), pdf);
    const sign = {
      signerId: person,
      moulageId: seal,
      signPositionType: '1',
      positionContent: '1,100,100',
    } as const;
    await c.call('/sign/filePath', { ...sign, contractPath: '/c/in.pdf', contractSavePath: '/c/signed.pdf' });
    await fails(
      '/sign/filePath',
      c.call('/sign/filePath', { ...sign, contractPath: '/c/missing.pdf', contractSavePath: '/c/x.pdf' }),
    ); // 20100
    const file = { bytes: pdf, filename: '借款合同.pdf', contentType: 'application/pdf' };
    await c.signFileStream({
      ...sign,
      contractPath: file,
      contractTitle: '借款合同',
      contractSavePath: '/c/stream.pdf',
    });
    await fails(
      '/sign/fileStream',
      c.signFileStream({
        ...sign,
        contractPath: { ...file, bytes: new Uint8Array(0) },
        contractTitle: '借款合同',
        contractSavePath: '/c/x.pdf',
      }),
    ); // 60109
    await c.call('/send/verifyCode', { signerId: person });
    await fails('/send/verifyCode', c.call('/send/verifyCode', { signerId: '424242' }));
    const code1 = lastSms();
    await fails(
      '/sign/verifyCodeFilePath',
      c.call('/sign/verifyCodeFilePath', {
        ...sign,
        code: code1 === '0000' ? '1111' : '0000',
        contractPath: '/c/in.pdf',
        contractSavePath: '/c/x.pdf',
      }),
    ); // 100611
    await c.call('/sign/verifyCodeFilePath', {
      ...sign,
      code: code1,
      contractPath: '/c/in.pdf',
      contractSavePath: '/c/sms.pdf',
    });
    await c.call('/send/verifyCode', { signerId: person });
    await fails(
      '/sign/verifyCodeFileStream',
      c.signVerifyCodeFileStream({
        ...sign,
        code: '12',
        contractPath: file,
        contractTitle: '借款合同',
        contractSavePath: '/c/x.pdf',
      }),
    ); // 100610
    await c.signVerifyCodeFileStream({
      ...sign,
      code: lastSms(),
      contractPath: file,
      contractTitle: '借款合同',
      contractSavePath: '/c/sms-stream.pdf',
    });
    // §5.6.6–§5.6.9 time stamps and 存证
    await c.call('/tsa/pathSign', { filePath: '/c/signed.pdf', fileSavePath: '/c/tsa.pdf' });
    await fails(
      '/tsa/pathSign',
      c.call('/tsa/pathSign', { filePath: '/c/signed.pdf', fileSavePath: '/c/tsa.txt' }),
    ); // 201 文件保存类型非法
    await c.tsaStreamSign({
      filePath: { ...file, bytes: new Uint8Array(readFileSync(join(sandboxDir, 'c/signed.pdf'))) },
      fileSavePath: '/c/tsa-stream.pdf',
      title: '借款合同',
    });
    await fails(
      '/tsa/streamSign',
      c.tsaStreamSign({ filePath: file, fileSavePath: '/c/tsa-stream.doc', title: '借款合同' }),
    );
    await c.call('/cz/in', { sid: 'contract-0001', filePath: '/c/signed.pdf' });
    await fails('/cz/in', c.call('/cz/in', { sid: 'contract-0001', filePath: '/c/signed.pdf' })); // 10205
    await c.call('/cz/queryCzId', { sid: 'contract-0001' });
    await fails('/cz/queryCzId', c.call('/cz/queryCzId', { sid: 'no-such-sid' })); // 10206
  });

  afterAll(() => sim?.close());

  it('accepts every recorded answer, and the recording covers every route with a success and a catalogue failure', () => {
    const { problems, routes } = validateRecording(VENDOR, recording.exchanges);
    expect(problems).toEqual([]);
    expect([...routes].sort()).toEqual([...routeNames].sort());
    expect(routeNames).toHaveLength(20);
    // PATCH updates, multipart uploads and the index page really went over the wire as such
    expect(recording.exchanges.filter((x) => x.method === 'PATCH').map(pathOf)).toEqual(
      expect.arrayContaining(['/user/personNameAndPhone', '/user/companyNameAndPhone']),
    );
    for (const p of ['/sign/fileStream', '/sign/verifyCodeFileStream', '/tsa/streamSign']) {
      expect(
        recording.exchanges.some(
          (x) =>
            pathOf(x) === p &&
            Buffer.from(requestBytes(x) ?? [])
              .toString('latin1')
              .includes('Content-Disposition: form-data'),
        ),
      ).toBe(true);
    }
    const index = find('/index.html');
    expect([index.method, index.status, index.headers['content-type']]).toEqual([
      'GET',
      200,
      expect.stringContaining('text/html'),
    ]);
    // every API answered HTTP 200 with a success (code 200) and with a failure whose code is in the catalogue
    const apiPaths = Object.values(yunhetongDigestRoutes)
      .filter((r) => r.method !== 'get')
      .map((r) => r.path);
    for (const p of apiPaths) {
      const answers = recording.exchanges
        .filter((x) => pathOf(x) === p)
        .map((x) => [x.status, (bodyOf(x) as { code?: number }).code]);
      expect(answers, p).toContainEqual([200, 200]);
      expect(answers.filter(([, code]) => code !== 200).length, `${p}: a failure`).toBeGreaterThan(0);
    }
    const codes = recording.exchanges
      .map((x) => (bodyOf(x) as { code?: number }).code)
      .filter((c): c is number => c !== undefined && c !== 200);
    expect(codes.filter((c) => !catalogueCodes.has(c))).toEqual([]);
    expect(new Set(codes)).toEqual(new Set([...failureCodes.values()].flat()));
    expect([...new Set(codes)].sort((a, b) => a - b)).toEqual(
      expect.arrayContaining([201, 401, 402, 403, 10205, 10206, 20100, 20205, 20206, 60109, 100610, 100611]),
    );
    // the login success carried its token in response header `token`
    const login = success('/auth/login');
    expect(login.headers.token).toMatch(/.{16,}/);
    expect(find('/auth/login', (b) => at(b, ['code']) === 402).headers.token).toBeUndefined();
  });

  it('rejects answers whose body breaks the documented shape', () => {
    const person = success('/user/person');
    const info = success('/user/userInfo/signerIds');
    const nums = success('/user/signerId/certifyNums');
    const signed = success('/sign/fileStream');
    const tsa = success('/tsa/streamSign');
    const cz = success('/cz/in');
    const moulage = success('/moulage/upload');
    const cases: Array<[string, ReturnType<typeof check>]> = [
      [
        'signerId as a string',
        mutate(person, (b) => setAt(b, ['data', 'signerId'], String(at(b, ['data', 'signerId'])))),
      ],
      ['signerId missing from data', mutate(person, (b) => setAt(b, ['data'], {}))],
      [
        'userType outside 个人/企业',
        mutate(info, (b) => setAt(b, ['data', 'userList', 0, 'userType'], '法人')),
      ],
      ['userList missing', mutate(info, (b) => deleteAt(b, ['data', 'userList']))],
      ['totalPages a string', mutate(info, (b) => setAt(b, ['data', 'totalPages'], '1'))],
      [
        'certifyNums data an object',
        mutate(nums, (b) => setAt(b, ['data'], Object.assign({}, ...(at(b, ['data']) as object[])))),
      ],
      [
        'certifyNums signerId a string',
        mutate(nums, (b) => setAt(b, ['data', 0], { [PERSON.certifyNum]: 'x' })),
      ],
      ['summaryId a string', mutate(signed, (b) => setAt(b, ['data', 'summaryId'], '1000'))],
      ['timeStampSignId missing', mutate(tsa, (b) => deleteAt(b, ['data', 'timeStampSignId']))],
      ['czId not an integer', mutate(cz, (b) => setAt(b, ['data', 'czId'], 1.5))],
      ['moulageId null', mutate(moulage, (b) => setAt(b, ['data', 'moulageId'], null))],
      ['code a string', mutate(person, (b) => setAt(b, ['code'], '200'))],
      ['msg a number', mutate(person, (b) => setAt(b, ['msg'], 1))],
      [
        'a failure without msg',
        check(
          find('/cz/queryCzId', (b) => at(b, ['code']) === 10206),
          { code: 10206 },
        ),
      ],
      ['no envelope at all', check(person, { signerId: 1 })],
      ['HTTP 500', check(person, bodyOf(person), 500)],
    ];
    expect(cases.filter(([, v]) => v.ok).map(([label]) => label)).toEqual([]);
    for (const [, v] of cases) expect(v.problems.length).toBeGreaterThan(0);
    // the unmutated answers pass (so it is the mutation that is rejected)
    for (const x of [person, info, nums, signed, tsa, cz, moulage]) expect(check(x).ok).toBe(true);
    // requests that are not documented routes: wrong method
    // (the updates are PATCH), unknown path, unknown vendor
    const update = success('/user/personNameAndPhone');
    const body = bodyOf(update);
    expect(validateResponse(VENDOR, { method: 'POST', url: update.url }, { status: 200, body }).ok).toBe(
      false,
    );
    expect(
      validateResponse(VENDOR, { method: 'GET', url: person.url }, { status: 200, body: bodyOf(person) }).ok,
    ).toBe(false);
    expect(
      validateResponse(
        VENDOR,
        { method: 'POST', url: person.url.replace('/user/person', '/user/delete') },
        { status: 200, body: bodyOf(person) },
      ).ok,
    ).toBe(false);
    expect(
      validateResponse('nope', { method: 'POST', url: person.url }, { status: 200, body: bodyOf(person) }).ok,
    ).toBe(false);
    // while a data-less success is right where the API documents none (§5.4.3, §5.6.3)
    expect(check(update, { code: 200, msg: true }).ok).toBe(true);
    expect(check(success('/send/verifyCode'), { code: 200, msg: true }).ok).toBe(true);
  });

  // ── the envelope and the context path of this vendor ──

  it('rejects a "success" (code 200) without the data the API documents (signerId, summaryId, czId)', () => {
    // the contract's envelope is {code: 200, msg, data}: a success must carry the data the API documents
    const bare = { code: 200, msg: true };
    const accepted = ['/user/person', '/sign/filePath', '/cz/queryCzId'].filter(
      (p) => check(success(p), bare).ok,
    );
    expect(accepted).toEqual([]);
  });

  it('rejects a failure code that is not in the yunhetong-digest catalogue', () => {
    // failures are {code, msg}: the code must be in the catalogue
    expect(catalogueCodes.has(4242)).toBe(false);
    expect(check(success('/user/person'), { code: 4242, msg: '未知错误' }).ok).toBe(false);
  });

  it('accepts the answers of a service deployed under a context path (vendorOptions contextPath, §5.1 "https://host:port/服务名")', async () => {
    // the war's context path is the customer's choice (contract
    // anyContextPath); validateResponse also takes { basePath }
    const deployed = createSimulator({
      vendors: [VENDOR],
      basePort: await freeBasePort(),
      vendorOptions: { [VENDOR]: { contextPath: '/yht-digest' } },
    });
    try {
      const url = `${deployed.origin(VENDOR)}/yht-digest/auth/login`;
      const res = await deployed.fetch(
        new Request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json;charset=UTF-8' },
          body: JSON.stringify(APP),
        }),
      );
      const body = (await res.json()) as { code: number };
      expect([res.status, body.code]).toEqual([200, 200]);
      expect(
        validateResponse(VENDOR, { method: 'POST', url }, { status: res.status, body }).problems,
      ).toEqual([]);
      // with the deployment's path given, only that one matches
      expect(
        validateResponse(
          VENDOR,
          { method: 'POST', url },
          { status: res.status, body },
          { basePath: '/yht-digest' },
        ).ok,
      ).toBe(true);
      expect(
        validateResponse(
          VENDOR,
          { method: 'POST', url },
          { status: res.status, body },
          { basePath: '/other' },
        ).ok,
      ).toBe(false);
      // a Chinese context path (§5.1 "/服务名"), percent-encoded in the URL
      expect(
        validateResponse(
          VENDOR,
          { method: 'POST', url: 'http://h/%E6%9C%8D%E5%8A%A1%E5%90%8D/auth/login' },
          { status: 200, body },
          { basePath: '/服务名' },
        ).ok,
      ).toBe(true);
    } finally {
      deployed.close();
    }
  });
});

// ═════════════════════════════════════════════════════════════════════════════════════════════
// 2. useSealsim() with msw
// ═════════════════════════════════════════════════════════════════════════════════════════════

const mswBasePort = await freeBasePort();
const mswOrigin = `http://127.0.0.1:${mswBasePort + 3}`;
const mswSandbox = join(tmpRoot, 'msw-sandbox');
const received: string[] = [];
// Created now, at import time: msw is not listening yet (useSealsim starts it in beforeAll).
const mswClient: YunhetongDigestClient = createYunhetongDigestClient({
  baseUrl: mswOrigin,
  ...APP,
  onToken: (_slot, token) => void received.push(token),
});
const mswControl = createControlClient({ baseUrl: `http://127.0.0.1:${mswBasePort}` });

describe('useSealsim() for yunhetong-digest', () => {
  const sim = useSealsim({
    vendors: [VENDOR],
    basePort: mswBasePort,
    now: T0,
    vendorOptions: { [VENDOR]: { sandboxDir: mswSandbox } },
  });
  let tenantAppId = '';
  let tenantKey = '';

  it('intercepts the typed client created before msw started, and signs a PDF of the configured sandbox', async () => {
    expect(sim.origin(VENDOR)).toBe(mswOrigin);
    expect(await refused(mswBasePort + 3)).toBe(true); // nobody listens: msw answers
    expect(await refused(mswBasePort)).toBe(true);
    // GET /index.html (§5.1) through msw; read to the end
    const index = await fetch(`${mswOrigin}/index.html`);
    expect([index.status, index.headers.get('content-type')]).toEqual([
      200,
      expect.stringContaining('text/html'),
    ]);
    expect(await index.text()).toMatch(/<html/i);
    const token = await mswClient.login();
    expect(received).toEqual([token]);
    const signerId = String((await mswClient.call('/user/person', PERSON)).signerId);
    const moulageId = String((await mswClient.call('/moulage/person', { signerId })).moulageId);
    // the vendor option reached the simulator
    const service = (await (
      await fetch(`${sim.origin('control')}/__sim/yunhetong-digest/service`)
    ).json()) as { sandboxDir: string };
    expect(service.sandboxDir).toBe(mswSandbox);
    mkdirSync(join(mswSandbox, 'in'), { recursive: true });
    const pdf = await createTextPdf([{ lines: ['msw 签署', '甲方盖章处：'] }]);
    writeFileSync(join(mswSandbox, 'in/合同.pdf'), pdf);
    expect(
      await mswClient.call('/sign/filePath', {
        signerId,
        moulageId,
        contractPath: '/in/合同.pdf',
        contractSavePath: '/in/已签.pdf',
        signPositionType: '0',
        positionContent: '甲方盖章处',
      }),
    ).toEqual({
      summaryId: 1000,
    });
    const signed = readFileSync(join(mswSandbox, 'in/已签.pdf'));
    expect(signed.subarray(0, 5).toString()).toBe('%PDF-');
    expect(signed.length).toBeGreaterThan(pdf.length);
    // an SMS in the outbox (the next test must not see it)
    await mswClient.call('/send/verifyCode', { signerId });
    expect((await mswControl.outbox({ vendor: VENDOR })).map((m) => m.to)).toEqual([PERSON.phoneNo]);
    expect(await mswControl.now()).toBe(T0);
  });

  it('follows the renewed `token` header once the virtual clock passes tokenRenewAfterMs (default 11 of 15 min, and per tenant)', async () => {
    received.length = 0;
    const first = await mswClient.login();
    const { signerId } = await mswClient.call('/user/person', PERSON);
    const lookup = () =>
      mswClient.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] });
    await mswControl.advance(10 * MIN + 59_000);
    expect(await lookup()).toEqual([{ [PERSON.certifyNum]: signerId }]);
    expect(mswClient.token()).toBe(first); // before minute 11: no renewal
    await mswControl.advance(1_000);
    await lookup();
    const renewed = mswClient.token()!;
    expect(renewed).not.toBe(first);
    expect(received).toEqual([first, renewed]);
    // past the first token's 15 minutes: the client goes on with the renewed one, the old one is dead
    await mswControl.advance(5 * MIN);
    expect(await lookup()).toEqual([{ [PERSON.certifyNum]: signerId }]);
    expect(mswClient.token()).toBe(renewed);
    expect(
      await codeOf(
        mswClient.call(
          '/user/signerId/certifyNums',
          { certifyNumList: [PERSON.certifyNum] },
          { token: first },
        ),
      ),
    ).toBe(401);

    // a tenant with tokenRenewAfterMs of one minute
    const created = (await mswControl.createTenant(VENDOR, { tokenRenewAfterMs: MIN })).credentials;
    const credentials = { appId: String(created.appId), appKey: String(created.appKey) };
    const fast = createYunhetongDigestClient({ baseUrl: mswOrigin, ...credentials });
    const t1 = await fast.login();
    await fast.call('/user/person', PERSON);
    await mswControl.advance(59_000);
    await fast.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] });
    expect(fast.token()).toBe(t1);
    await mswControl.advance(1_000);
    await fast.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] });
    expect(fast.token()).not.toBe(t1);
    tenantAppId = credentials.appId;
    tenantKey = credentials.appKey;
  });

  it('resets the simulator between tests', async () => {
    expect(tenantAppId).toMatch(/^\d{16}$/);
    // the token the client still holds (valid for minutes more without a reset) is gone
    expect(
      await codeOf(mswClient.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })),
    ).toBe(401);
    // the tenant made in the previous test is gone
    expect(
      await codeOf(
        createYunhetongDigestClient({ baseUrl: mswOrigin, appId: tenantAppId, appKey: tenantKey }).login(),
      ),
    ).toBe(402);
    // the default app is back, without its users (ids start again at 1) or its SMS
    await mswClient.login();
    expect(
      await codeOf(mswClient.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })),
    ).toBe(20206);
    expect((await mswClient.call('/user/person', PERSON)).signerId).toBe(1);
    expect(await mswControl.outbox({ vendor: VENDOR })).toEqual([]);
  });

  // ── isUp() reads /index.html's body rather than cancel it (mswjs/interceptors #712) ──
  it('isUp() settles under msw (it awaits res.body.cancel(), which never settles on an msw-mocked response)', async () => {
    const hung = new Promise<string>((resolve) =>
      setTimeout(() => resolve('still pending after 0.5 s'), 500),
    );
    expect(await Promise.race([mswClient.isUp(), hung])).toBe(true);
  });
});

// ═════════════════════════════════════════════════════════════════════════════════════════════
// 3. record and replay
// ═════════════════════════════════════════════════════════════════════════════════════════════

describe('kit record and replay for yunhetong-digest', () => {
  let server: ReturnType<typeof setupServer> | undefined;
  afterAll(() => server?.close());

  it('replays a recorded login and calls without a simulator; the `token` headers survive', async () => {
    // ── record against an in-process simulator (its origin: ports nobody listens on) ──
    const basePort = await freeBasePort();
    const sim = createSimulator({
      vendors: [VENDOR],
      basePort,
      now: T0,
      vendorOptions: { [VENDOR]: { sandboxDir: join(tmpRoot, 'replay') } },
    });
    const baseUrl = sim.origin(VENDOR);
    const rec = recordingFetch((r) => sim.fetch(r));
    const recClient = createYunhetongDigestClient({ baseUrl, ...APP, fetch: rec.fetch });
    expect(
      await codeOf(
        createYunhetongDigestClient({
          baseUrl,
          appId: APP.appId,
          appKey: 'wrongKey123',
          fetch: rec.fetch,
        }).login(),
      ),
    ).toBe(402);
    const loginToken = await recClient.login();
    const { signerId } = await recClient.call('/user/person', PERSON);
    await sim.clock.advance(11 * MIN);
    const found = await recClient.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] });
    const renewedToken = recClient.token()!;
    expect(renewedToken).not.toBe(loginToken);
    sim.close();
    expect(
      rec.recording.exchanges.map((x) => [`${x.method} ${new URL(x.url).pathname}`, x.headers.token]),
    ).toEqual([
      ['POST /auth/login', undefined],
      ['POST /auth/login', loginToken],
      ['POST /user/person', undefined],
      ['POST /user/signerId/certifyNums', renewedToken],
    ]);
    const saved = JSON.stringify(rec.recording);

    // ── replay: msw answers from the JSON, nothing else runs ──
    server = setupServer(...replayHandlers(JSON.parse(saved) as Recording));
    const unhandled: string[] = [];
    server.listen({
      onUnhandledRequest: (req) => void unhandled.push(`${req.method} ${new URL(req.url).pathname}`),
    });
    expect(await refused(basePort + 3)).toBe(true);
    const client = createYunhetongDigestClient({ baseUrl, ...APP }); // default fetch
    // matched by body: the wrong appKey gets the recorded 402, the right one the login with its token header
    expect(
      await codeOf(createYunhetongDigestClient({ baseUrl, appId: APP.appId, appKey: 'wrongKey123' }).login()),
    ).toBe(402);
    expect(client.token()).toBeUndefined();
    expect(await client.login()).toBe(loginToken);
    expect(client.token()).toBe(loginToken);
    expect(await client.call('/user/person', PERSON)).toEqual({ signerId });
    expect(client.token()).toBe(loginToken); // no header on that answer: the token stays
    expect(await client.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })).toEqual(
      found,
    );
    expect(client.token()).toBe(renewedToken); // the renewal came through the replay
    // the last recorded answer repeats
    expect(await client.login()).toBe(loginToken);
    // a route that was never recorded is refused by the replay (HTTP 500 naming what it has), never passed on
    await expect(client.call('/cz/queryCzId', { sid: 'contract-0001' })).rejects.toThrow(/500/);
    expect(unhandled).toEqual([]);
  });
});

// ═════════════════════════════════════════════════════════════════════════════════════════════
// 4. authErrorsAsHttpStatus: the contract documents 401/402/403 as HTTP statuses for that mode
// ═════════════════════════════════════════════════════════════════════════════════════════════

describe('validateResponse with authErrorsAsHttpStatus', () => {
  it('accepts 402 at login, 401 on token routes and 403 on platform-only ones, each where it applies', async () => {
    const deployed = createSimulator({
      vendors: [VENDOR],
      basePort: await freeBasePort(),
      vendorOptions: { [VENDOR]: { authErrorsAsHttpStatus: true } },
    });
    try {
      const rec = recordingFetch((r) => deployed.fetch(r));
      const base = deployed.origin(VENDOR);
      const c = createYunhetongDigestClient({ baseUrl: base, ...APP, fetch: rec.fetch });
      const bad = createYunhetongDigestClient({
        baseUrl: base,
        appId: APP.appId,
        appKey: 'wrongKey123',
        fetch: rec.fetch,
      });
      await expect(bad.login()).rejects.toMatchObject({ code: 402, httpStatus: 402 });
      await expect(c.call('/user/person', PERSON, { token: 'forged' })).rejects.toMatchObject({
        code: 401,
        httpStatus: 401,
      });
      await c.login();
      const { signerId } = await c.call('/user/person', PERSON);
      const u = c.asUser(signerId);
      await u.login();
      await expect(
        u.call('/user/person', { ...PERSON, certifyNum: '110108196710262292' }),
      ).rejects.toMatchObject({ code: 403, httpStatus: 403 });
      const { problems } = validateRecording(VENDOR, rec.recording.exchanges);
      expect(problems).toEqual([]);
      expect(rec.recording.exchanges.map((x) => x.status)).toEqual([402, 401, 200, 200, 200, 403]);
      // 403 is not documented where a user token is allowed (20001 there), nor 402 outside login
      const envelope = (code: number) => ({ status: code, body: { code, msg: 'x' } });
      expect(
        validateResponse(VENDOR, { method: 'POST', url: `${base}/moulage/person` }, envelope(403)).ok,
      ).toBe(false);
      expect(validateResponse(VENDOR, { method: 'POST', url: `${base}/user/person` }, envelope(402)).ok).toBe(
        false,
      );
      expect(
        validateResponse(VENDOR, { method: 'POST', url: `${base}/moulage/person` }, envelope(401)).ok,
      ).toBe(true);
    } finally {
      deployed.close();
    }
  });
});
