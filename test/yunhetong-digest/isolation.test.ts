/**
 * App isolation (docs/interface.md "Control API": `POST /__sim/yunhetong-digest/tenants` creates a new
 * isolated app with fresh credentials). Two apps made through the control API share one service
 * (and its sandbox directory, as two apps calling one deployed war would): A with three users
 * (two persons, one company) and their seals, a signing, a 存证; B with one person and one seal.
 * Their signerIds and moulageIds overlap (each app counts from 1), so every lookup must go through
 * the caller's app: B's tokens — the platform's and its user's — get the "not found" of the
 * catalogue for A's users (20206) and seals (20205 / 20204, never 20202, which would say the seal
 * exists), A's certifyNums (20206) and sids (10206); the same certifyNum and sid are free in the
 * other app and unique within one (20207 / 10205); each app's SMS go out under its own appId, and
 * the control views answer per app. Nothing of A's changes under B's calls.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunhetongApiError, type YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { COMPANY, PERSON, yht, type YhtHandle } from './helpers.ts';

/** The envelope code a call fails with ('succeeded' when it does not fail). */
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'succeeded' as const,
    (e: unknown) => (e instanceof YunhetongApiError ? e.code : `threw ${String(e)}`),
  );

const LISI = {
  ...PERSON,
  userName: '李四',
  certifyNum: '110101199003074477',
  phoneNo: '13000000002',
} as const;
const WANGWU = {
  ...PERSON,
  userName: '王五',
  certifyNum: '440101198001010011',
  phoneNo: '13000000009',
} as const;

interface Side {
  appId: string;
  appKey: string;
  client: YunhetongDigestClient;
}

let h: YhtHandle;
let root: string;
let A: Side;
let B: Side;
// A's users: 1 张三 (person), 2 李四 (person), 3 the company; seals 1 (of 1), 2 (of 2), 3 (of 3).
let aCz: number;
/** B's user 1 王五 (a person, seal 1), acting with its own token. */
let bUser: YunhetongDigestClient;

const sign = (c: YunhetongDigestClient, signerId: string | number, moulageId: string | number) =>
  c.call('/sign/filePath', {
    signerId: String(signerId),
    moulageId: String(moulageId),
    contractPath: '/c/in.pdf',
    contractSavePath: '/c/out.pdf',
    signPositionType: '1',
    positionContent: '1,100,100',
  });

async function view(appId: string, what: '' | '/users' | '/moulages' | '/summaries' = '') {
  const r = await h.control('GET', `/__sim/yunhetong-digest/apps/${appId}${what}`);
  if (r.status !== 200) throw new Error(`control ${appId}${what}: ${r.status}`);
  return r.json;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'yht-isolation-'));
  const sandbox = join(root, 'sandbox');
  mkdirSync(join(sandbox, 'c'), { recursive: true });
  writeFileSync(join(sandbox, 'c/in.pdf'), await createTextPdf([{ lines: ['合同', '甲方：'] }]));
  h = yht({ vendorOptions: { sandboxDir: sandbox } });
  A = await h.newApp();
  B = await h.newApp({ appKey: 'appKeyOfB01' });
  await A.client.login();
  await B.client.login();
  expect(await A.client.call('/user/person', PERSON)).toEqual({ signerId: 1 });
  expect(await A.client.call('/user/person', LISI)).toEqual({ signerId: 2 });
  expect(await A.client.call('/user/company', COMPANY)).toEqual({ signerId: 3 });
  expect(await A.client.call('/moulage/person', { signerId: '1' })).toEqual({ moulageId: 1 });
  expect(await A.client.call('/moulage/person', { signerId: '2' })).toEqual({ moulageId: 2 });
  expect(await A.client.call('/moulage/company', { signerId: '3' })).toEqual({ moulageId: 3 });
  expect(await sign(A.client, 1, 1)).toEqual({ summaryId: 1000 });
  ({ czId: aCz } = await A.client.call('/cz/in', { sid: 'contract-0001', filePath: '/c/in.pdf' }));
  await A.client.call('/send/verifyCode', { signerId: '2' });
  expect(await B.client.call('/user/person', WANGWU)).toEqual({ signerId: 1 });
  expect(await B.client.call('/moulage/person', { signerId: '1' })).toEqual({ moulageId: 1 });
  bUser = B.client.asUser(1);
  await bUser.login();
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('yunhetong-digest app isolation', () => {
  it("apps made through the control API have their own credentials; one app's key does not open the other", async () => {
    expect(A.appId).toMatch(/^\d{16}$/);
    expect(B.appId).toMatch(/^\d{16}$/);
    expect(A.appId).not.toBe(B.appId);
    expect(B.appKey).toBe('appKeyOfB01');
    expect(await codeOf(h.client({ appId: B.appId, appKey: A.appKey }).login())).toBe(402);
    expect(await codeOf(h.client({ appId: A.appId, appKey: B.appKey }).login())).toBe(402);
    const fresh = await h.newApp();
    expect((await view(fresh.appId)).counts).toEqual({ users: 0, moulages: 0, summaries: 0, liveTokens: 0 });
    expect((await view(fresh.appId)).nextSignerId).toBe(1);
    expect((await h.control('GET', '/__sim/yunhetong-digest/service')).json.apps).toEqual(
      expect.arrayContaining([A.appId, B.appId, fresh.appId]),
    );
  });

  it("B cannot see or act on A's users (20206), with its platform token or its user's", async () => {
    const beforeA = await view(A.appId, '/users');
    // A's signerIds 2 and 3 do not exist in B
    expect({
      login: await codeOf(B.client.login(2)),
      updatePerson: await codeOf(
        B.client.call('/user/personNameAndPhone', { signerId: '2', userName: '冒充' }),
      ),
      updateCompany: await codeOf(
        B.client.call('/user/companyNameAndPhone', { signerId: '3', userName: '冒充公司' }),
      ),
      userInfo: await codeOf(B.client.call('/user/userInfo/signerIds', { signerIdList: ['2', '3'] })),
      moulagePerson: await codeOf(B.client.call('/moulage/person', { signerId: '2' })),
      moulageCompany: await codeOf(B.client.call('/moulage/company', { signerId: '3' })),
      sendVerifyCode: await codeOf(B.client.call('/send/verifyCode', { signerId: '2' })),
      sign: await codeOf(sign(B.client, 2, 2)),
      signVerifyCode: await codeOf(
        B.client.call('/sign/verifyCodeFilePath', {
          code: '1234',
          signerId: '2',
          moulageId: '2',
          contractPath: '/c/in.pdf',
          contractSavePath: '/c/x.pdf',
          signPositionType: '1',
          positionContent: '1,0,0',
        }),
      ),
    }).toEqual({
      login: 20206,
      updatePerson: 20206,
      updateCompany: 20206,
      userInfo: 20206,
      moulagePerson: 20206,
      moulageCompany: 20206,
      sendVerifyCode: 20206,
      sign: 20206,
      signVerifyCode: 20206,
    });
    // B's listing shows B's user only, under the same signerId 1 as A's 张三
    expect(await B.client.call('/user/userInfo/signerIds', {})).toMatchObject({
      total: 1,
      userList: [{ signerId: 1, userName: '王五', certifyNum: WANGWU.certifyNum }],
    });
    // B's user 1 acting on signerId 1 changes B's user, not A's
    await bUser.call('/user/personNameAndPhone', { signerId: '1', userName: '王五五' });
    expect((await view(B.appId, '/users')).users.map((u: { userName: string }) => u.userName)).toEqual([
      '王五五',
    ]);
    expect(await view(A.appId, '/users')).toEqual(beforeA);
    // B's user token on A's other signerIds: not its own user (20001), like any other user's
    expect(await codeOf(bUser.call('/moulage/person', { signerId: '2' }))).toBe(20001);
    expect(await codeOf(bUser.call('/user/personNameAndPhone', { signerId: '2', userName: '冒充' }))).toBe(
      20001,
    );
  });

  it("seals: B's signer with A's moulageIds gets 20205 (or 20204 without seals of its own), never A's 20202; B's own seal 1 is its own", async () => {
    const aMoulages = await view(A.appId, '/moulages');
    // moulage 2 is A's 李四's; in B there is no moulage 2, and B's 王五 has a seal: 20205 印模不存在
    expect(await codeOf(sign(B.client, 1, 2))).toBe(20205);
    expect(await codeOf(sign(B.client, 1, 3))).toBe(20205);
    // in A the same call is another user's seal: 20202
    expect(await codeOf(sign(A.client, 1, 2))).toBe(20202);
    // the user is checked before the seal: A's signer in B is 20206 whatever the seal
    expect(await codeOf(sign(B.client, 3, 3))).toBe(20206);
    // a B user without seals, with A's moulageId 2: 20204 用户未创建印模; with moulageId 1 — in B,
    // 王五's — 20202, as within any one app
    const { signerId: nobody } = await B.client.call('/user/person', {
      ...PERSON,
      userName: '赵六',
      certifyNum: '310101199001010014',
    });
    expect(await codeOf(sign(B.client, nobody, 2))).toBe(20204);
    expect(await codeOf(sign(B.client, nobody, 1))).toBe(20202);
    // moulageId 1 exists in both apps: B's 王五 signs with B's seal 1
    expect(await sign(B.client, 1, 1)).toEqual({ summaryId: 1000 });
    const [bSummary] = (await view(B.appId, '/summaries')).summaries;
    expect(bSummary).toMatchObject({ summaryId: 1000, signerId: 1, moulageId: 1 });
    expect(
      (await view(B.appId, '/moulages')).moulages.map((m: { moulageId: number; signerId: number }) => [
        m.moulageId,
        m.signerId,
      ]),
    ).toEqual([[1, 1]]);
    expect(await view(A.appId, '/moulages')).toEqual(aMoulages);
    expect(
      (await view(A.appId, '/summaries')).summaries.map((s: { summaryId: number }) => s.summaryId),
    ).toEqual([1000]);
  });

  it('certifyNums are unique per app: the same one is free in B (its own signerId), 20207 twice within one app; lookups answer 20206 across apps', async () => {
    const { signerId: bLisi } = await B.client.call('/user/person', LISI);
    expect(bLisi).not.toBe(2);
    expect(await codeOf(B.client.call('/user/person', LISI))).toBe(20207);
    expect(await codeOf(A.client.call('/user/person', LISI))).toBe(20207);
    // the same certifyNum answers each app's own signerId
    expect(await A.client.call('/user/signerId/certifyNums', { certifyNumList: [LISI.certifyNum] })).toEqual([
      { [LISI.certifyNum]: 2 },
    ]);
    expect(await B.client.call('/user/signerId/certifyNums', { certifyNumList: [LISI.certifyNum] })).toEqual([
      { [LISI.certifyNum]: bLisi },
    ]);
    // A's company is not B's: 20206; in a mixed list only B's own come back
    expect(
      await codeOf(B.client.call('/user/signerId/certifyNums', { certifyNumList: [COMPANY.certifyNum] })),
    ).toBe(20206);
    expect(
      await B.client.call('/user/signerId/certifyNums', {
        certifyNumList: [COMPANY.certifyNum, WANGWU.certifyNum, PERSON.certifyNum],
      }),
    ).toEqual([{ [WANGWU.certifyNum]: 1 }]);
    expect(
      await codeOf(A.client.call('/user/signerId/certifyNums', { certifyNumList: [WANGWU.certifyNum] })),
    ).toBe(20206);
  });

  it("存证 sids are per app: B's query of A's sid is 10206, B may use the same sid, 10205 within one app", async () => {
    expect(await codeOf(B.client.call('/cz/queryCzId', { sid: 'contract-0001' }))).toBe(10206);
    const { czId: bCz } = await B.client.call('/cz/in', { sid: 'contract-0001', filePath: '/c/in.pdf' });
    expect(bCz).not.toBe(aCz);
    expect(await B.client.call('/cz/queryCzId', { sid: 'contract-0001' })).toEqual({ czId: bCz });
    expect(await A.client.call('/cz/queryCzId', { sid: 'contract-0001' })).toEqual({ czId: aCz });
    expect(await codeOf(A.client.call('/cz/in', { sid: 'contract-0001', filePath: '/c/in.pdf' }))).toBe(
      10205,
    );
    expect(await codeOf(B.client.call('/cz/in', { sid: 'contract-0001', filePath: '/c/in.pdf' }))).toBe(
      10205,
    );
  });

  it("SMS go out under each app's own appId; an app taken offline or missing leaves the other working", async () => {
    await B.client.call('/send/verifyCode', { signerId: '1' });
    const ofA = h.sim.outbox.list({ vendor: 'yunhetong-digest', tenant: A.appId });
    const ofB = h.sim.outbox.list({ vendor: 'yunhetong-digest', tenant: B.appId });
    expect(ofA.map((m) => m.to)).toEqual([LISI.phoneNo]);
    expect(ofB.map((m) => m.to)).toEqual([WANGWU.phoneNo]);
    // codes are kept per app and signer: B's code for its signer 1 is no code for A's signer 1, and
    // A's code for 李四 is no code for B's 李四 (20107 未通过短信验证)
    const verifySign = (c: YunhetongDigestClient, code: string, signerId: string) =>
      c.call('/sign/verifyCodeFilePath', {
        code,
        signerId,
        moulageId: '1',
        contractPath: '/c/in.pdf',
        contractSavePath: '/c/x.pdf',
        signPositionType: '1',
        positionContent: '1,0,0',
      });
    expect(await codeOf(verifySign(A.client, ofB[0]!.code!, '1'))).toBe(20107);
    expect(await codeOf(verifySign(B.client, ofA[0]!.code!, '3'))).toBe(20107);

    const list = { certifyNumList: [PERSON.certifyNum] };
    expect(
      (await h.control('PATCH', `/__sim/yunhetong-digest/apps/${B.appId}/state`, { appState: 'offline' }))
        .status,
    ).toBe(200);
    expect(await codeOf(B.client.call('/user/signerId/certifyNums', list))).toBe(20300);
    expect(await A.client.call('/user/signerId/certifyNums', list)).toEqual([{ [PERSON.certifyNum]: 1 }]);
    expect(
      (await h.control('PATCH', `/__sim/yunhetong-digest/apps/${B.appId}/state`, { appState: 'missing' }))
        .status,
    ).toBe(200);
    expect(await codeOf(B.client.call('/user/signerId/certifyNums', list))).toBe(20301);
    expect(await codeOf(A.client.call('/user/signerId/certifyNums', list))).toBe('succeeded');
    expect(
      (await h.control('PATCH', `/__sim/yunhetong-digest/apps/${B.appId}/state`, { appState: 'online' }))
        .status,
    ).toBe(200);
  });

  it('the control views answer per app, and an unknown app is 404', async () => {
    const a = await view(A.appId);
    const b = await view(B.appId);
    expect(a.counts).toEqual({ users: 3, moulages: 3, summaries: 1, liveTokens: 1 });
    expect(b.counts).toEqual({ users: 3, moulages: 1, summaries: 1, liveTokens: 2 });
    expect((await view(A.appId, '/users')).users.map((u: { userName: string }) => u.userName)).toEqual([
      '张三',
      '李四',
      COMPANY.userName,
    ]);
    expect((await view(B.appId, '/users')).users.map((u: { userName: string }) => u.userName)).toEqual([
      '王五五',
      '赵六',
      '李四',
    ]);
    expect((await h.control('GET', `/__sim/yunhetong-digest/apps/${'0'.repeat(16)}/users`)).status).toBe(404);
    // a console action addressed to B does not find A's seal 3 or user 3 (B has no seal 3; its user 3 is 李四)
    expect(
      (await h.control('PATCH', `/__sim/yunhetong-digest/apps/${B.appId}/moulages/3`, { state: 'deleted' }))
        .status,
    ).toBe(404);
    expect(
      (await view(A.appId, '/moulages')).moulages.every((m: { state?: string }) => m.state === undefined),
    ).toBe(true);
    expect(
      (
        await h.control('PATCH', `/__sim/yunhetong-digest/apps/${B.appId}/users/3`, {
          certificate: 'revoked',
        })
      ).json,
    ).toMatchObject({ signerId: 3, userName: '李四', certRevokedAt: expect.any(Number) });
    expect(
      (await view(A.appId, '/users')).users.every(
        (u: { certRevokedAt?: number }) => u.certRevokedAt === undefined,
      ),
    ).toBe(true);
    // A's company still signs with its seal (A's user 3 was not revoked)
    expect(await sign(A.client, 3, 3)).toEqual({ summaryId: 1001 });
  });
});
