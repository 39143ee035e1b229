/**
 * `validateResponse` (sealsim/kit): a consumer checks any answer — from sealsim or the real
 * vendor — against the contract. It must accept what sealsim really answers on every esign route
 * (the 13 APIs, the upload PUT and the download GET, successes and catalogue errors) and reject
 * an answer whose body breaks the documented shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsignClient, contentMd5, uploadFile, type EsignClient } from '../../clients/esign/index.ts';
import { esignRoutes, esignHostRoutes } from '../../contracts/esign/index.ts';
import {
  recordingFetch,
  validateRecording,
  validateResponse,
  type RecordedExchange,
  type Recording,
} from '../../kit/index.ts';
import { inProcessSim, newProject, signerAction, T0, textPdf, type SimHandle } from '../esign/helpers.ts';
import { at, deleteAt, setAt } from './json-path.ts';

let h: SimHandle;
let recording: Recording;
let client: EsignClient;

const bodyOf = (x: RecordedExchange): unknown => {
  try {
    return JSON.parse(x.body);
  } catch {
    return x.body;
  }
};
const check = (x: RecordedExchange, body: unknown = bodyOf(x), status = x.status) =>
  validateResponse('esign', { method: x.method, url: x.url }, { status, body });
const pathOf = (x: RecordedExchange) => new URL(x.url).pathname;
const find = (suffix: string, pred: (b: unknown) => boolean = () => true) => {
  const x = recording.exchanges.find((e) => pathOf(e).endsWith(suffix) && pred(bodyOf(e)));
  if (!x) throw new Error(`no recorded exchange for ${suffix}`);
  return x;
};

beforeAll(async () => {
  h = inProcessSim({ now: T0 });
  const project = await newProject(h.control);
  const rec = recordingFetch((r) => h.sim.fetch(r));
  recording = rec.recording;
  client = createEsignClient({
    baseUrl: h.esignBase,
    projectId: project.projectId,
    secret: project.secret,
    fetch: rec.fetch,
  });
  const ok = <T>(p: Promise<T>) => p;
  const fails = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      () => undefined,
    );

  const a = await ok(
    client.call('/account/create/person/private', {
      thirdId: 'kit-a',
      name: '张三',
      idNo: '110108196710262291',
      idType: 19,
      mobile: '13516134875',
    }),
  );
  const b = await ok(
    client.call('/account/create/person/private', {
      thirdId: 'kit-b',
      name: '李四',
      idNo: '371500198101175693',
      idType: 19,
    }),
  );
  await client.call('/account/create/organize/private', {
    agentAccountId: a.accountId,
    name: '天谷信息科技有限公司',
    organCode: '745830607',
    organType: 12,
  });
  await client.call('/account/idexchange', { thirdId: 'kit-a' });
  await fails(client.call('/account/idexchange', { thirdId: 'nobody' }));
  const pdf = await textPdf([['合同', '甲方：', '乙方：']]);
  const { fileKey, uploadUrl } = await client.call('/file/uploadurl', {
    fileName: '合同.pdf',
    fileSize: pdf.length,
    contentType: 'application/pdf',
    contentMd5: contentMd5(pdf),
  });
  await fails(
    uploadFile(uploadUrl, new Uint8Array(pdf.length), {
      contentType: 'application/pdf',
      contentMd5: contentMd5(pdf),
      fetch: rec.fetch,
    }),
  );
  await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf', fetch: rec.fetch });
  const { templateId } = await client.call('/template/createbyfilekey', { fileKey });
  const { docId } = await client.call('/doc/createbyfilekey', { fileKey });
  const fromTemplate = await client.call('/doc/createbytemplate', { templateId, name: '模板合同' });
  await rec.fetch(new Request(fromTemplate.docUrl));
  const { docUrl } = await client.call('/doc/downloadurl', { docId });
  await rec.fetch(new Request(docUrl));
  await rec.fetch(new Request(docUrl.replace(/Signature=[^&]+/, 'Signature=bad')));
  const { flowId } = await client.call('/sign/start', {
    businessScene: 'kit',
    autoInitiate: 0,
    docList: [{ docId }],
    recipientList: {
      signerList: [
        { accountId: a.accountId, signOrder: 1 },
        { accountId: b.accountId, signOrder: 2 },
      ],
    },
  });
  await client.call('/sign/execute', { flowId });
  await fails(client.call('/sign/execute', { flowId }));
  await signerAction(h.control, flowId, a.accountId);
  await signerAction(h.control, flowId, b.accountId);
  await client.call('/sign/docdetail', { flowId });
  const signed = await client.call('/sign/download', { flowId });
  await rec.fetch(new Request(signed[0]!.docUrl));
  const { flowId: other } = await client.call('/sign/start', {
    businessScene: 'kit2',
    docList: [{ docId }],
    recipientList: { signerList: [{ accountId: a.accountId }] },
  });
  await client.call('/sign/revoke', { flowId: other });
  await fails(client.call('/sign/revoke', { flowId: other }));
  await fails(client.call('/sign/docdetail', { flowId: 'no-such-flow' }));
});

afterAll(async () => {
  await h?.close();
});

describe('kit validateResponse on real sealsim answers', () => {
  it('accepts every recorded answer, and the recording covers every esign route', () => {
    const { problems, routes } = validateRecording('esign', recording.exchanges);
    expect(problems).toEqual([]);
    const expected = [
      ...Object.values(esignRoutes).map((r) => `POST ${r.path}`),
      ...Object.values(esignHostRoutes).map((r) => `${r.method.toUpperCase()} ${r.path}`),
    ];
    expect([...routes].sort()).toEqual(expected.sort());
    // successes and failures were both seen
    expect(recording.exchanges.some((x) => (bodyOf(x) as { errCode?: number }).errCode === 0)).toBe(true);
    expect(
      recording.exchanges.filter((x) => ((bodyOf(x) as { errCode?: number }).errCode ?? 0) !== 0).length,
    ).toBeGreaterThanOrEqual(4);
    expect(
      recording.exchanges.filter((x) => x.status === 403 || x.status === 400).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('rejects answers whose body breaks the documented shape', () => {
    const mutate = (x: RecordedExchange, f: (b: unknown) => void) => {
      const b = structuredClone(bodyOf(x));
      f(b);
      return check(x, b);
    };
    const detail = find('/sign/docdetail', (b) => at(b, ['errCode']) === 0);
    const start = find('/sign/start', (b) => at(b, ['errCode']) === 0);
    const idx = find('/account/idexchange', (b) => at(b, ['errCode']) === 0);
    const download = find('/sign/download', (b) => at(b, ['errCode']) === 0);
    const upload = find('/file/uploadurl', (b) => at(b, ['errCode']) === 0);
    const cases: Array<[string, ReturnType<typeof check>]> = [
      ['flowStatus as a string', mutate(detail, (b) => setAt(b, ['data', 'flowStatus'], '2'))],
      [
        'signStatus out of range',
        mutate(detail, (b) => setAt(b, ['data', 'signInfo', 0, 'signDetail', 0, 'signStatus'], 9)),
      ],
      [
        'startTime not yyyy-MM-dd HH:mm:ss',
        mutate(detail, (b) => setAt(b, ['data', 'startTime'], '2024/01/02')),
      ],
      ['signInfo missing', mutate(detail, (b) => deleteAt(b, ['data', 'signInfo']))],
      [
        'signUrl not an array',
        mutate(start, (b) => setAt(b, ['data', 'signUrlList', 0, 'signUrl'], 'http://x')),
      ],
      ['flowId missing', mutate(start, (b) => deleteAt(b, ['data', 'flowId']))],
      ['accountId a number', mutate(idx, (b) => setAt(b, ['data', 'accountId'], 123))],
      ['download data an object', mutate(download, (b) => setAt(b, ['data'], { docId: 'x', docUrl: 'y' }))],
      ['uploadUrl missing', mutate(upload, (b) => deleteAt(b, ['data', 'uploadUrl']))],
      ['errCode not a number', mutate(idx, (b) => setAt(b, ['errCode'], '0'))],
      [
        'errCode not in the catalogue',
        mutate(idx, (b) => {
          setAt(b, ['errCode'], 4242);
          deleteAt(b, ['data']);
        }),
      ],
      ['no envelope at all', check(idx, { accountId: 'x' })],
      ['HTTP 500', check(idx, bodyOf(idx), 500)],
    ];
    expect(cases.filter(([, v]) => v.ok).map(([label]) => label)).toEqual([]);
    for (const [, v] of cases) expect(v.problems.length).toBeGreaterThan(0);
    // and requests that are not documented routes at all
    expect(
      validateResponse('esign', { method: 'GET', url: idx.url }, { status: 200, body: bodyOf(idx) }).ok,
    ).toBe(false);
    expect(
      validateResponse(
        'esign',
        { method: 'POST', url: idx.url.replace('/account/idexchange', '/account/delete') },
        { status: 200, body: bodyOf(idx) },
      ).ok,
    ).toBe(false);
    expect(
      validateResponse('nope', { method: 'POST', url: idx.url }, { status: 200, body: bodyOf(idx) }).ok,
    ).toBe(false);
  });

  it('rejects a "success" that carries no data where the API documents required data (§4.6.3: accountId 必选)', () => {
    const idx = find('/account/idexchange', (b) => at(b, ['errCode']) === 0);
    const start = find('/sign/start', (b) => at(b, ['errCode']) === 0);
    expect(check(idx, { errCode: 0, msg: 'SUCCESS' }).ok).toBe(false);
    expect(check(start, { errCode: 0, msg: 'SUCCESS' }).ok).toBe(false);
    // while /sign/execute and /sign/revoke really have no data (§4.9.2, §4.9.3)
    const revoke = find('/sign/revoke', (b) => at(b, ['errCode']) === 0);
    expect(check(revoke, { errCode: 0, msg: 'SUCCESS' }).ok).toBe(true);
  });
});
