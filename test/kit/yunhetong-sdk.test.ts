/**
 * The consumer kit (sealsim/kit) for the 云合同 SDK API (yunhetong-sdk): `validateResponse`
 * accepts what sealsim really answers on every route (recorded with `recordingFetch` under the
 * typed client: each route with a success and a catalogue failure, checkToken's two answers, the
 * download's PDF), and refuses answers that break the vendor's envelope: a success needs `code`
 * AND `subCode` 200 with message "true" and a value; a failure needs a catalogue subCode, its
 * entry's `code` (520) and message, `value: null`; checkToken answers subCode 0 with 校验成功 /
 * code 200 or token错误 / code 400.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createYunhetongSdkClient,
  YunhetongSdkApiError,
  type YunhetongSdkUserClient,
} from '../../clients/yunhetong-sdk/index.ts';
import { YUNHETONG_SDK_DEFAULT_APP as APP, yunhetongSdkRoutes } from '../../contracts/yunhetong-sdk/index.ts';
import {
  recordingFetch,
  responseBytes,
  validateRecording,
  validateResponse,
  type RecordedExchange,
} from '../../kit/index.ts';
import { docx, p, pdfTemplate, solidPng } from '../core/template/fixtures.ts';
import { userParams } from '../clients/yunhetong-sdk/helpers.ts';
import { BASE, company, person, sdk, uploadTemplate } from '../yunhetong-sdk/helpers.ts';

const VENDOR = 'yunhetong-sdk';
const routeNames = Object.values(yunhetongSdkRoutes).map((r) => `${r.method.toUpperCase()} ${r.path}`);
let exchanges: RecordedExchange[];

const bodyOf = (x: RecordedExchange): unknown => {
  try {
    return JSON.parse(x.body);
  } catch {
    return x.body;
  }
};
const pathOf = (x: RecordedExchange) => new URL(x.url).pathname.replace(/^\/sdk/, '');
const keyOf = (x: RecordedExchange) => `${x.method} ${pathOf(x)}`;

/** A failure is expected: the subCode. */
async function fails(p: Promise<unknown>): Promise<number> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof YunhetongSdkApiError)) throw new Error(`expected a failure, got ${String(err)}`);
  return err.subCode;
}

beforeAll(async () => {
  const h = sdk();
  const rec = recordingFetch(h.fetch);
  exchanges = rec.recording.exchanges;
  const client = createYunhetongSdkClient({ baseUrl: BASE, ...APP, fetch: rec.fetch });
  const add = async (u: Record<string, string>) => {
    await client.addUser(userParams(u));
    return client.asUser(u.appUserId!);
  };
  // users and tokens
  const platform = await add(company({ userType: '4' }));
  const a = await add(person({ userName: '李四' }));
  const b = await add(company());
  expect(await fails(client.addUser({ ...userParams(person()), userType: '3' as never }))).toBe(10202);
  expect(await fails(client.getToken('nobody'))).toBe(10004);
  expect(await a.checkToken({ backURL: 'https://shop.example/' })).toBe(true);
  expect(await a.checkToken({}, { token: 'TGT-1-x-cas01.example.org' })).toBe(false);
  await a.modifyCellNum({ cellNum: '17800000001' });
  expect(await fails(a.modifyCellNum({ cellNum: '17800000001' }))).toBe(11003);
  await a.modifyUserName({ userName: '李四四' });
  expect(await fails(platform.modifyUserName({ userName: '平台' }))).toBe(10217);

  // contracts
  const templateId = await uploadTemplate(h, docx(p('编号 ${no}') + p('甲方 ${sign:SA}')), 'docx');
  const t = await a.templateContract({ title: '模板', templateId, param: { '${no}': '1' } });
  expect(await fails(a.templateContract({ title: '模板', templateId: '424242' }))).toBe(10401);
  const pdf = await pdfTemplate([['借款合同', '甲方签字：', '乙方盖章：']]);
  const f = await a.fileContract({ title: '借款合同', file: pdf });
  expect(await fails(a.fileContract({ title: '', file: pdf }))).toBe(10714);
  await a.addPartner({
    contractId: t.contractId,
    partners: [{ appUserId: a.appUserId, locationName: 'SA' }],
  });
  const both = [
    { appUserId: a.appUserId, keyWord: '甲方签字' },
    { appUserId: b.appUserId, keyWord: '乙方盖章' },
  ];
  expect(
    await fails(a.addPartner({ contractId: f.contractId, partners: [both[0]!, { appUserId: 'ghost' }] })),
  ).toBe(10519);
  await a.addPartner({ contractId: f.contractId, partners: both });
  await platform.signContract({ contractId: t.contractId, signer: [a.appUserId] });
  expect(await fails(platform.signContract({ contractId: t.contractId, signer: [a.appUserId] }))).toBe(10506);
  await a.detail({ contractId: t.contractId });
  expect(await fails(a.detail({ contractId: 'abc' }))).toBe(10529);
  await a.detail({ contractId: t.contractId, method: 'POST' });
  expect(await fails(a.detail({ contractId: '', method: 'POST' }))).toBe(10528);
  await a.download({ contractId: t.contractId });
  expect(await fails(a.download({ contractId: '9999999999999999' }))).toBe(10502);
  // the signing page
  await b.getSign();
  expect(await fails(b.getSign({ token: 'TGT-1-x-cas01.example.org' }))).toBe(10801);
  const drawn = await b.createSign({ sign: solidPng(40, 20, [0, 0, 0]) });
  expect(await fails(b.createSign({ sign: 'not an image' }))).toBe(10602);
  await b.view({ contractId: f.contractId });
  expect(await fails(b.view({ contractId: t.contractId }))).toBe(10526);
  expect(await fails(b.sign({ contractId: f.contractId, signId: '' }))).toBe(10603);
  await b.sign({ contractId: f.contractId, signId: drawn.signId });
  expect(await fails(b.allSign({ contractId: f.contractId, signId: drawn.signId }))).toBe(10525);
  const g = await a.fileContract({ title: '全部签署', file: pdf });
  await a.addPartner({ contractId: g.contractId, partners: both });
  await a.allSign({ contractId: g.contractId, signId: (await a.getSign()).signs[0]!.signId });
  await b.delSign({ signId: drawn.signId });
  expect(await fails(b.delSign({ signId: drawn.signId }))).toBe(10601);
  expect(await fails(a.invalid({ contractId: t.contractId }))).toBe(10503);
  await b.invalid({ contractId: g.contractId });
  await platform.list();
  expect(await fails(a.list())).toBe(10533);
  await platform.list({ pageNum: 1, pageSize: 5, method: 'POST' });
  expect(await fails(b.list({ method: 'POST' }))).toBe(10533);
  void (a satisfies YunhetongSdkUserClient);
});

describe('kit validateResponse on real yunhetong-sdk answers', () => {
  it('accepts every recorded answer; every route is covered with a success and a failure', () => {
    const { problems, routes } = validateRecording(VENDOR, exchanges);
    expect(problems).toEqual([]);
    expect([...routes].sort()).toEqual([...routeNames].sort());
    for (const route of routeNames) {
      const answers = exchanges.filter((x) => keyOf(x) === route).map(bodyOf);
      const ok = answers.filter((b) => typeof b === 'string' || (b as { code?: number }).code === 200);
      expect(ok.length, `${route}: a success`).toBeGreaterThan(0);
      expect(answers.length - ok.length, `${route}: a failure`).toBeGreaterThan(0);
    }
    const pdf = exchanges.find(
      (x) =>
        pathOf(x) === '/contract/download' &&
        x.status === 200 &&
        x.encoding === 'base64' &&
        Buffer.from(responseBytes(x)).toString('latin1').startsWith('%PDF'),
    );
    expect(pdf?.headers['content-type']).toBe('application/pdf');
  });

  it('refuses answers that break the envelope', () => {
    const find = (route: string, pred: (b: Record<string, unknown>) => boolean) => {
      const x = exchanges.find(
        (e) => keyOf(e) === route && typeof bodyOf(e) === 'object' && pred(bodyOf(e) as never),
      );
      if (!x) throw new Error(`no recorded ${route}`);
      return x;
    };
    const check = (x: RecordedExchange, change: (b: Record<string, unknown>) => Record<string, unknown>) =>
      validateResponse(VENDOR, x, { status: 200, body: change(structuredClone(bodyOf(x)) as never) });
    const success = find('POST /contract/fileContract', (b) => b.code === 200);
    const failure = find('POST /contract/addPartner', (b) => b.subCode === 10519);
    const checked = find('GET /token/checkToken', (b) => b.code === 200);

    expect(check(success, (b) => b)).toEqual({
      ok: true,
      route: 'POST /contract/fileContract',
      problems: [],
    });
    expect(check(failure, (b) => b).ok).toBe(true);
    expect((bodyOf(failure) as { message: string }).message).toMatch(/^参与者ghost未导入云平台$/);

    const refused = (
      x: RecordedExchange,
      change: (b: Record<string, unknown>) => Record<string, unknown>,
    ) => {
      const v = check(x, change);
      expect(v.ok, JSON.stringify(change(structuredClone(bodyOf(x)) as never))).toBe(false);
      return v.problems.join('; ');
    };
    // success: both codes 200, message "true", a value
    expect(refused(success, (b) => ({ ...b, code: 520 }))).toMatch(/code 200 and subCode 200/);
    expect(refused(success, (b) => ({ ...b, subCode: 0 }))).toMatch(/subCode/);
    expect(refused(success, (b) => ({ ...b, message: '成功' }))).toMatch(/message "true"/);
    expect(refused(success, (b) => ({ ...b, value: null }))).toMatch(/value/);
    expect(refused(success, (b) => ({ ...b, value: { contractId: '1704241653115006' } }))).toMatch(
      /contractId/,
    );
    // failure: a catalogue subCode, its code 520, its message, value null
    expect(refused(failure, (b) => ({ ...b, subCode: 12345 }))).toMatch(/not in the yunhetong-sdk catalogue/);
    expect(refused(failure, (b) => ({ ...b, subCode: 0 }))).toMatch(/catalogue/);
    expect(refused(failure, (b) => ({ ...b, code: 400 }))).toMatch(/answers code 520/);
    expect(refused(failure, (b) => ({ ...b, value: {} }))).toMatch(/value null/);
    expect(refused(failure, (b) => ({ ...b, message: '参与者未导入' }))).toMatch(/message/);
    expect(
      refused(failure, (b) => ({ code: b.code, subCode: b.subCode, message: b.message, value: b.value })),
    ).toMatch(/keys/);
    // checkToken: subCode 0, 校验成功 with code 200, token错误 with code 400
    expect(check(checked, (b) => ({ ...b, message: 'token错误', code: 400 })).ok).toBe(true);
    expect(refused(checked, (b) => ({ ...b, code: 400 }))).toMatch(/token错误/);
    expect(refused(checked, (b) => ({ ...b, subCode: 200 }))).toMatch(/subCode 0/);
    expect(refused(checked, (b) => ({ ...b, code: 520 }))).toMatch(/200 or 400/);
    // 520 未知错误 carries any text (a fault rule's)
    expect(check(failure, (b) => ({ ...b, subCode: 520, message: 'upstream down' })).ok).toBe(true);
    // the download: a PDF body, or the envelope
    const download = { method: 'GET', url: `${BASE}/contract/download?token=t&contractId=1` };
    expect(validateResponse(VENDOR, download, { status: 200, body: '%PDF-1.7 …' }).ok).toBe(true);
    expect(
      validateResponse(VENDOR, download, {
        status: 200,
        body: { subCode: 10527, message: '当前合同无法下载', value: null, code: 520 },
      }).ok,
    ).toBe(true);
    expect(
      validateResponse(VENDOR, download, {
        status: 200,
        body: { subCode: 10527, message: '当前合同无法下载', value: null, code: 200 },
      }).ok,
    ).toBe(false);
  });
});
