/**
 * The typed 云合同 SDK API client against the in-process simulator (`fetch: sim.fetch`), every
 * request also captured to check what goes over the wire: every API of the doc and of the signing
 * page through the client, the encoding real clients use (urlencoded bodies, `?token=`, JSON
 * strings for param/partners/signer, fileContract multipart with part `file`, list/detail GET or
 * POST), failures as YunhetongSdkApiError {subCode, message, code}, and the token: got on a user's
 * first call, re-got once after a 10801 when the virtual clock passes its 30 minutes.
 */
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createYunhetongSdkClient,
  fileContractForm,
  sdkFields,
  unwrap,
  YunhetongSdkApiError,
  YunhetongSdkTokenStore,
  type SdkValue,
  type YunhetongSdkClient,
} from '../../../clients/yunhetong-sdk/index.ts';
import { YUNHETONG_SDK_DEFAULT_APP as APP } from '../../../contracts/yunhetong-sdk/control.ts';
import { docx, p, pdfTemplate, solidPng } from '../../core/template/fixtures.ts';
import {
  BASE,
  company,
  person,
  sdk,
  uploadTemplate,
  type Params,
  type SdkHandle,
} from '../../yunhetong-sdk/helpers.ts';
import { userParams } from './helpers.ts';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: string;
  form?: FormData;
}

let h: SdkHandle;
let seen: Seen[];
let client: YunhetongSdkClient;
const MIN = 60_000;

/** The YunhetongSdkApiError a promise rejects with (fails when it resolves or throws anything else). */
async function apiError(p: Promise<unknown>): Promise<YunhetongSdkApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof YunhetongSdkApiError))
    throw new Error(`expected a YunhetongSdkApiError, got ${err === undefined ? 'success' : String(err)}`);
  return err;
}

const paths = () => seen.map((s) => `${s.method} ${s.path}`);
const last = () => seen.at(-1)!;

/** addUser through the client; answers the appUserId. */
async function imported(user: Params): Promise<string> {
  expect(await client.addUser(userParams(user))).toEqual({});
  return user.appUserId!;
}

beforeAll(() => {
  h = sdk();
  seen = [];
  client = createYunhetongSdkClient({
    baseUrl: `${BASE}/`,
    ...APP,
    fetch: async (req) => {
      const u = new URL(req.url);
      const contentType = req.headers.get('content-type') ?? '';
      const entry: Seen = {
        method: req.method,
        path: u.pathname,
        query: u.searchParams,
        contentType,
        body: req.body ? await req.clone().text() : '',
      };
      if (contentType.startsWith('multipart/form-data')) entry.form = await req.clone().formData();
      seen.push(entry);
      return h.fetch(req);
    },
  });
});

describe('users and tokens (用户相关接口)', () => {
  it('addUser sends appId, password and the fields as an urlencoded form; failures throw subCode and message', async () => {
    const u = person();
    await imported(u);
    expect(last().method).toBe('POST');
    expect(last().path).toBe('/sdk/userInfo/addUser');
    expect(last().contentType).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect([...last().query.keys()]).toEqual([]);
    expect(Object.fromEntries(new URLSearchParams(last().body))).toEqual({ ...APP, ...u });

    const dup = await apiError(client.addUser({ ...userParams(u), userName: '李四' }));
    expect(dup).toMatchObject({
      subCode: 10207,
      message: '用户已存在，信息不一致!',
      code: 520,
      httpStatus: 200,
    });
    expect(dup.path).toBe('/userInfo/addUser');
    expect(dup.body).toEqual({ subCode: 10207, message: '用户已存在，信息不一致!', value: null, code: 520 });
    expect(String(dup)).toBe('云合同SDK /userInfo/addUser subCode 10207: 用户已存在，信息不一致!');

    const wrong = createYunhetongSdkClient({
      baseUrl: BASE,
      appId: APP.appId,
      password: 'nope',
      fetch: h.fetch,
    });
    expect(await apiError(wrong.getToken(u.appUserId!))).toMatchObject({
      subCode: 10805,
      message: 'appId或者密码错误，请重新登录！',
    });
    expect(await apiError(client.getToken('nobody-here'))).toMatchObject({
      subCode: 10004,
      message: '用户不存在',
    });
  });

  it("a user's first call gets its token (getToken), then every call sends it as ?token= with the form in the body", async () => {
    // covers: sdk/userInfo/modifyCellNum sdk/userInfo/modifyUserName
    const tokens: Array<[string, string]> = [];
    const c = createYunhetongSdkClient({
      baseUrl: BASE,
      ...APP,
      fetch: h.fetch,
      onToken: (id, t) => tokens.push([id, t]),
    });
    const u = person();
    expect(await c.addUser(userParams(u))).toEqual({});
    const me = c.asUser(u.appUserId!);
    expect(c.asUser(u.appUserId!)).toBe(me);
    expect(me.token()).toBeUndefined();
    expect(await me.modifyCellNum({ cellNum: '17700000001' })).toEqual({});
    expect(me.token()).toMatch(/^TGT-\d+-\w+-cas01\.example\.org$/);
    expect(tokens).toEqual([[u.appUserId, me.token()]]);
    expect(me.app()).toBe(c);

    // the same over the wire, captured
    const v = client.asUser(await imported(person()));
    seen.length = 0;
    await v.modifyUserName({ userName: '王五', createSignature: 1 });
    expect(paths()).toEqual(['POST /sdk/token/getToken', 'POST /sdk/userInfo/modifyUserName']);
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({
      ...APP,
      appUserId: v.appUserId,
    });
    expect(seen[1]!.query.get('token')).toBe(v.token());
    expect(seen[1]!.body).toBe('userName=%E7%8E%8B%E4%BA%94&createSignature=1');
    expect(await apiError(v.modifyUserName({ userName: '王五' }))).toMatchObject({
      subCode: 11002,
      message: '新信息与老信息不能一致!',
    });
    expect(await apiError(v.modifyCellNum({ cellNum: '12' }))).toMatchObject({ subCode: 10203 });
  });

  it('checkToken: true (code 200), false (code 400); backURL and noticeParams go in its query', async () => {
    const u = client.asUser(await imported(person()));
    expect(await u.checkToken({ backURL: 'https://shop.example/done', noticeParams: '{"order":7}' })).toBe(
      true,
    );
    expect(last().method).toBe('GET');
    expect(last().path).toBe('/sdk/token/checkToken');
    expect(Object.fromEntries(last().query)).toEqual({
      token: u.token(),
      backURL: 'https://shop.example/done',
      noticeParams: '{"order":7}',
    });
    expect(await u.checkToken({}, { token: 'TGT-1-forged-cas01.example.org' })).toBe(false);
    const view = await h.get('/token/checkToken', { token: 'TGT-1-forged-cas01.example.org' });
    expect(view.json).toEqual({ subCode: 0, message: 'token错误', value: null, code: 400 });
  });
});

describe('contracts (合同接口) through the client', () => {
  let platform: ReturnType<YunhetongSdkClient['asUser']>;
  let a: ReturnType<YunhetongSdkClient['asUser']>;
  let b: ReturnType<YunhetongSdkClient['asUser']>;
  let pdf: Uint8Array;

  beforeAll(async () => {
    platform = client.asUser(await imported(company({ userType: '4' })));
    a = client.asUser(await imported(person({ userName: '李四' })));
    b = client.asUser(await imported(company()));
    pdf = await pdfTemplate([['租赁合同', '甲方签字：', '乙方盖章：']]);
  });

  it('fileContract (multipart, part `file`) → addPartner (JSON) → signContract (JSON) → detail → list → download', async () => {
    // covers: sdk/contract/fileContract sdk/contract/addPartner sdk/contract/signContract
    // covers: sdk/contract/detail sdk/contract/list sdk/contract/download
    const { contractId } = await a.fileContract({
      title: '租赁合同',
      defContractNo: 'HT-001',
      useCer: 1,
      file: { bytes: pdf, filename: '租赁合同.pdf' },
    });
    expect(String(contractId)).toMatch(/^\d{16}$/);
    const upload = last();
    expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.query.get('token')).toBe(a.token());
    expect([...upload.form!.keys()]).toEqual(['title', 'defContractNo', 'useCer', 'file']);
    expect(upload.form!.get('useCer')).toBe('1');
    const file = upload.form!.get('file') as File;
    expect([file.name, file.type, file.size]).toEqual(['租赁合同.pdf', 'application/pdf', pdf.length]);

    const partners = [
      { appUserId: a.appUserId, keyWord: '甲方签字' },
      { appUserId: b.appUserId, keyWord: '乙方盖章' },
    ];
    expect(await a.addPartner({ contractId, partners })).toEqual({});
    expect(new URLSearchParams(last().body).get('partners')).toBe(JSON.stringify(partners));
    expect(new URLSearchParams(last().body).get('contractId')).toBe(String(contractId));

    expect(await platform.signContract({ contractId, signer: [a.appUserId] })).toEqual({});
    expect(new URLSearchParams(last().body).get('signer')).toBe(`["${a.appUserId}"]`);
    // 10545 签署者不能为空, 10532 签署者信息不合法 (合同接口 5's table)
    expect(await apiError(platform.signContract({ contractId, signer: [] }))).toMatchObject({
      subCode: 10545,
      message: '签署者不能为空',
    });
    expect(await apiError(platform.signContract({ contractId, signer: '{"a":1}' }))).toMatchObject({
      subCode: 10532,
      message: '签署者信息不合法',
    });
    // a string goes as is (fastjson single quotes)
    expect(await b.signContract({ contractId, signer: `['${b.appUserId}']` })).toEqual({});
    expect(new URLSearchParams(last().body).get('signer')).toBe(`['${b.appUserId}']`);
    expect(await apiError(b.signContract({ contractId, signer: [b.appUserId] }))).toMatchObject({
      subCode: 10506,
      message: '当前合同无法签署',
    });

    const detail = await a.detail({ contractId });
    expect(last().method).toBe('GET');
    expect(Object.fromEntries(last().query)).toEqual({ token: a.token(), contractId: String(contractId) });
    expect(detail).toEqual({
      partnerList: [
        { signStatus: '已签署', userId: a.appUserId },
        { signStatus: '已签署', userId: b.appUserId },
      ],
      title: '租赁合同',
      status: '已完成',
    });
    expect(await b.detail({ contractId, method: 'POST' })).toEqual(detail);
    expect(last().method).toBe('POST');

    const listed = await platform.list({ pageNum: 1, pageSize: 0 });
    expect(listed.contractList.map((c) => [c.id, c.status])).toContainEqual([contractId, '已完成']);
    expect((await platform.list({ method: 'POST' })).contractList).toEqual(listed.contractList);
    expect(await apiError(a.list())).toMatchObject({ subCode: 10533, message: '非平台用户无法获取合同列表' });

    const signed = await a.download({ contractId });
    expect(signed).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(signed.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
    expect(
      Buffer.from(signed)
        .toString('latin1')
        .match(/\/ByteRange/g),
    ).toHaveLength(2);
    expect(last().method).toBe('GET');
    expect(await apiError(a.download({ contractId: '9999999999999999' }))).toMatchObject({
      subCode: 10502,
      message: '未找到编号对应合同信息',
      code: 520,
    });
    expect(await apiError(a.download({ contractId: 'x' }))).toMatchObject({ subCode: 10529 });
  });

  it('templateContract from a console template: param as an object (JSON), locationName partners, invalid', async () => {
    // covers: sdk/contract/templateContract sdk/contract/invalid sdk/contract/view sdk/contract/sign
    // covers: sdk/contract/allSign sdk/sign/getSign sdk/sign/createSign sdk/sign/delSign
    const templateId = await uploadTemplate(h, docx(p('编号 ${no}') + p('甲方 ${sign:SA}')), 'docx');
    const { contractId } = await a.templateContract({
      title: '模板合同',
      templateId,
      param: { '${no}': 'A-7' },
    });
    expect(new URLSearchParams(last().body).get('param')).toBe('{"${no}":"A-7"}');
    expect(
      await apiError(a.templateContract({ title: '模板合同', templateId, param: { '${nope}': 'x' } })),
    ).toMatchObject({ subCode: 10540, message: '${nope}占位符不存在！!' });
    expect(await apiError(a.templateContract({ title: '', templateId }))).toMatchObject({
      subCode: 10714,
      message: 'title参数非法!',
    });

    expect(
      await a.addPartner({ contractId, partners: [{ appUserId: a.appUserId, locationName: 'SA' }] }),
    ).toEqual({});
    expect(await apiError(a.invalid({ contractId }))).toMatchObject({
      subCode: 10547,
      message: '未签署的合同不能作废',
    });
    // the signing page's endpoints: the user's signatures, a drawn one, view, sign
    const { signs } = await a.getSign();
    expect(signs.length).toBeGreaterThan(0);
    const drawn = await a.createSign({ sign: solidPng(60, 30, [0, 0, 0]) });
    expect(drawn.signId).toEqual(expect.any(Number));
    expect((await a.getSign()).signs.map((s) => s.signId)).toContain(drawn.signId);
    const view = await a.view({ contractId });
    expect(view.partner).toMatchObject({ contractId, sdkUserId: a.appUserId, sign: true, hasSign: true });
    const signed = await a.sign({ contractId, signId: drawn.signId });
    expect(signed).toMatchObject({ contractId, status: '已完成' });
    expect(await apiError(a.allSign({ contractId, signId: drawn.signId }))).toMatchObject({ subCode: 10506 });
    expect(await apiError(a.invalid({ contractId }))).toMatchObject({
      subCode: 10503,
      message: '当前合同无法作废',
    });

    // allSign on a contract of two partners, then one of them voids it
    const second = (await a.fileContract({ title: '两方合同', file: pdf })).contractId;
    await a.addPartner({
      contractId: second,
      partners: [
        { appUserId: a.appUserId, keyWord: '甲方签字' },
        { appUserId: b.appUserId, keyWord: '乙方盖章' },
      ],
    });
    expect(await a.allSign({ contractId: second, signId: drawn.signId })).toMatchObject({
      contractId: second,
      status: '签署中',
    });
    expect(await b.invalid({ contractId: second })).toEqual({});
    expect((await a.detail({ contractId: second })).status).toBe('已作废');
    expect(await a.delSign({ signId: drawn.signId })).toEqual({});
    expect(await apiError(a.delSign({ signId: drawn.signId }))).toMatchObject({ subCode: 10601 });
  });
});

describe('the token: re-got once on 10801', () => {
  it('after 30 virtual minutes the call answers 10801; the client gets a new token and sends the call again', async () => {
    const u = client.asUser(await imported(person()));
    const first = await u.getToken();
    await h.advance(29 * MIN);
    seen.length = 0;
    await u.modifyCellNum({ cellNum: '17700000002' });
    expect(paths()).toEqual(['POST /sdk/userInfo/modifyCellNum']);
    expect(u.token()).toBe(first);

    await h.advance(1 * MIN);
    seen.length = 0;
    await u.modifyCellNum({ cellNum: '17700000003' });
    expect(paths()).toEqual([
      'POST /sdk/userInfo/modifyCellNum',
      'POST /sdk/token/getToken',
      'POST /sdk/userInfo/modifyCellNum',
    ]);
    expect(seen[0]!.query.get('token')).toBe(first);
    const second = u.token()!;
    expect(second).not.toBe(first);
    expect(seen[2]!.query.get('token')).toBe(second);
    expect(seen[2]!.body).toBe('cellNum=17700000003');

    // multipart and download are sent again too
    const pdf = await pdfTemplate([['续期合同', '甲方签字：']]);
    await h.advance(30 * MIN);
    seen.length = 0;
    const { contractId } = await u.fileContract({ title: '续期合同', file: pdf });
    expect(paths()).toEqual([
      'POST /sdk/contract/fileContract',
      'POST /sdk/token/getToken',
      'POST /sdk/contract/fileContract',
    ]);
    expect((seen[2]!.form!.get('file') as File).size).toBe(pdf.length);
    await h.advance(30 * MIN);
    seen.length = 0;
    expect((await u.download({ contractId })).subarray(0, 5)).toEqual(new Uint8Array(Buffer.from('%PDF-')));
    expect(paths()).toEqual([
      'GET /sdk/contract/download',
      'POST /sdk/token/getToken',
      'GET /sdk/contract/download',
    ]);
  });

  it('re-gets once only; refreshOnExpiry: false and an explicit token throw 10801', async () => {
    const appUserId = await imported(person());
    const strict = createYunhetongSdkClient({
      baseUrl: BASE,
      ...APP,
      fetch: h.fetch,
      refreshOnExpiry: false,
    });
    const s = strict.asUser(appUserId);
    await s.getToken();
    await h.advance(30 * MIN);
    expect(await apiError(s.modifyCellNum({ cellNum: '17700000004' }))).toMatchObject({
      subCode: 10801,
      message: '登录异常，请重新登录！',
      code: 520,
    });
    const u = client.asUser(appUserId);
    seen.length = 0;
    expect(
      await apiError(
        u.modifyCellNum({ cellNum: '17700000004' }, { token: 'TGT-1-forged-cas01.example.org' }),
      ),
    ).toMatchObject({ subCode: 10801 });
    expect(paths()).toEqual(['POST /sdk/userInfo/modifyCellNum']);

    // a server whose every token is refused: one re-get, then the 10801 is thrown
    const refusing = createYunhetongSdkClient({
      baseUrl: BASE,
      ...APP,
      fetch: async (req) => {
        const url = new URL(req.url);
        if (url.pathname.endsWith('/token/getToken')) return h.fetch(req);
        url.searchParams.set('token', 'TGT-2-always-expired-cas01.example.org');
        return h.fetch(new Request(url, req));
      },
    });
    const r = refusing.asUser(appUserId);
    const tokens = new Set<string>();
    const store = refusing.tokens;
    expect(store).toBeInstanceOf(YunhetongSdkTokenStore);
    expect(await apiError(r.invalid({ contractId: '1704241653115006' }))).toMatchObject({ subCode: 10801 });
    for (const [, t] of store.entries()) tokens.add(t);
    expect(tokens.size).toBe(1);
  });
});

describe('wire helpers and types', () => {
  it('sdkFields: JSON for objects and arrays, strings as is, numbers as text, undefined left out', () => {
    expect(sdkFields({ a: 'x', b: 1, c: [1, 'y'], d: { k: 'v' }, e: undefined, f: null })).toEqual({
      a: 'x',
      b: '1',
      c: '[1,"y"]',
      d: '{"k":"v"}',
    });
    const form = fileContractForm({ title: 't' }, new Uint8Array([1, 2, 3]));
    expect([...form.keys()]).toEqual(['title', 'file']);
    expect((form.get('file') as File).name).toBe('contract.pdf');
  });

  it('unwrap: value when code and subCode are 200; an answer without an envelope throws subCode -1', async () => {
    const res = (status = 200) => new Response(null, { status });
    expect(
      unwrap({ data: '{"subCode":200,"message":"true","value":{"a":1},"code":200}', response: res() }, '/x'),
    ).toEqual({
      a: 1,
    });
    expect(() =>
      unwrap({ data: '{"subCode":200,"message":"true","value":{},"code":520}', response: res() }, '/x'),
    ).toThrow(YunhetongSdkApiError);
    const notFound = await apiError(
      Promise.resolve().then(() => unwrap({ error: 'Not Found', response: res(404) }, '/nope')),
    );
    expect(notFound).toMatchObject({ subCode: -1, code: -1, httpStatus: 404, message: 'Not Found' });
    // the simulator's container 404 through the raw client
    const r = await h.raw(`${BASE}/contract/nope`, { method: 'POST' });
    expect(r.status).toBe(404);
  });

  it('types values from the generated spec', () => {
    expectTypeOf<SdkValue<'fileContract'>>().toEqualTypeOf<{ contractId: number }>();
    expectTypeOf<SdkValue<'getToken'>>().toEqualTypeOf<{ token: string }>();
    expectTypeOf<SdkValue<'detail'>['partnerList'][number]>().toEqualTypeOf<{
      signStatus: string;
      userId: string;
    }>();
  });
});
