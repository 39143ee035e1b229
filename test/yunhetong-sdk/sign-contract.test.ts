/**
 * 合同接口 5.合同自动签署, 6.合同作废, 7.合同列表, 8.合同签署状态详情 and the console's human action:
 * every code of their tables through real requests, with the check orders of the decision records.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { pdfTemplate } from '../core/template/fixtures.ts';
import {
  call,
  company,
  failure,
  fileContractOf,
  MIN,
  person,
  sdk,
  success,
  userWithToken,
  type SdkHandle,
} from './helpers.ts';

let h: SdkHandle;
let pdf: Uint8Array;
let platform: string;
let a: { id: string; token: string };
let b: { id: string; token: string };
let outsider: { id: string; token: string };

const json = (v: unknown) => JSON.stringify(v);

/** A contract made by A with partners A (甲方) and B (乙方). */
async function twoPartyContract(): Promise<string> {
  const contractId = await fileContractOf(h, a.token, pdf, { title: '两方合同' });
  const partners = json([
    { appUserId: a.id, keyWord: '甲方' },
    { appUserId: b.id, keyWord: '乙方' },
  ]);
  expect((await call(h, P.addPartner, a.token, { contractId, partners })).json).toEqual(success());
  return contractId;
}

const sign = (contractId: string, signer: string, token = platform) =>
  call(h, P.signContract, token, { contractId, signer });

beforeAll(async () => {
  h = sdk();
  pdf = await pdfTemplate([['甲方', '乙方']]);
  platform = (await userWithToken(h, company({ userType: '4' }))).token;
  for (const [key, user] of [
    ['a', person()],
    ['b', company()],
    ['o', person()],
  ] as const) {
    const u = await userWithToken(h, user);
    const v = { id: u.user.appUserId!, token: u.token };
    if (key === 'a') a = v;
    else if (key === 'b') b = v;
    else outsider = v;
  }
});

describe('contract/signContract', () => {
  it.each([
    ['10528 contractId empty', '', `["x"]`, failure(10528, '合同编号不能为空')],
    ['10529 contractId malformed', 'abc', `["x"]`, failure(10529, '合同编号不合法')],
    ['10502 unknown contract', '2601051000009999', `["x"]`, failure(10502, '未找到编号对应合同信息')],
  ])('%s', async (_n, contractId, signer, expected) => {
    expect((await sign(contractId, signer)).json).toEqual(expected);
  });

  it.each([
    ['10545 signer empty', '', failure(10545, '签署者不能为空')],
    ['10545 signer []', '[]', failure(10545, '签署者不能为空')],
    ['10532 not JSON', '[a', failure(10532, '签署者信息不合法')],
    ['10532 not a list of ids', '[{"a":1}]', failure(10532, '签署者信息不合法')],
    ['10532 an empty id', '[""]', failure(10532, '签署者信息不合法')],
  ])('%s', async (_n, signer, expected) => {
    expect((await sign(await twoPartyContract(), signer)).json).toEqual(expected);
  });

  it('10546 names the signer listed twice', async () => {
    const r = await sign(await twoPartyContract(), `['${a.id}','${b.id}','${a.id}']`);
    expect(r.json).toEqual(failure(10546, `签署者${a.id}重复`));
  });

  it('10522 a non-platform user signing several; 10802 signing for someone else', async () => {
    const id = await twoPartyContract();
    expect((await sign(id, json([a.id, b.id]), a.token)).json).toEqual(
      failure(10522, '非平台用户无法多个签署'),
    );
    expect((await sign(id, json([b.id]), a.token)).json).toEqual(failure(10802, '您没有该操作的权限！'));
  });

  it('10524 names a signer who is not a partner; 10525 one who signed; nothing is signed', async () => {
    const id = await twoPartyContract();
    expect((await sign(id, json([a.id, outsider.id]))).json).toEqual(
      failure(10524, `签署人${outsider.id}不是合同参与者`),
    );
    const detail = await call(h, P.detail, platform, { contractId: id });
    expect(detail.json.value.partnerList.map((p: { signStatus: string }) => p.signStatus)).toEqual([
      '未签署',
      '未签署',
    ]);
    expect((await sign(id, json([a.id]), a.token)).json).toEqual(success());
    expect((await sign(id, json([b.id, a.id]))).json).toEqual(failure(10525, `签署人${a.id}已签署合同`));
  });

  it('10506 for a contract without partners, a finished one and a void one', async () => {
    const bare = await fileContractOf(h, a.token, pdf);
    expect((await sign(bare, json([a.id]))).json).toEqual(failure(10506, '当前合同无法签署'));
    const done = await twoPartyContract();
    expect((await sign(done, json([a.id, b.id]))).json).toEqual(success());
    expect((await sign(done, json([a.id]))).json).toEqual(failure(10506, '当前合同无法签署'));
    const voided = await twoPartyContract();
    await sign(voided, json([a.id]));
    expect((await call(h, P.invalid, b.token, { contractId: voided })).json).toEqual(success());
    expect((await sign(voided, json([b.id]))).json).toEqual(failure(10506, '当前合同无法签署'));
  });

  it('a partner signs its own part; numbers in signer are read as ids', async () => {
    const n = await userWithToken(h, person({ appUserId: String(Date.now() % 1e9) }));
    const contractId = await fileContractOf(h, n.token, pdf);
    const partners = json([{ appUserId: n.user.appUserId, keyWord: '甲方' }]);
    expect((await call(h, P.addPartner, n.token, { contractId, partners })).json).toEqual(success());
    expect((await sign(contractId, `[${n.user.appUserId}]`, n.token)).json).toEqual(success());
    expect((await call(h, P.detail, n.token, { contractId })).json.value.status).toBe('已完成');
  });
});

describe('contract/invalid', () => {
  it.each([
    ['10528', '', failure(10528, '合同编号不能为空')],
    ['10529', '1', failure(10529, '合同编号不合法')],
    ['10502', '2601051000009998', failure(10502, '未找到编号对应合同信息')],
  ])('%s', async (_n, contractId, expected) => {
    expect((await call(h, P.invalid, a.token, { contractId })).json).toEqual(expected);
  });

  it('10504 for a user who is not a partner; 10547 while nobody signed; 10503 once void or finished', async () => {
    const id = await twoPartyContract();
    expect((await call(h, P.invalid, outsider.token, { contractId: id })).json).toEqual(
      failure(10504, '该用户无作废权限'),
    );
    expect((await call(h, P.invalid, a.token, { contractId: id })).json).toEqual(
      failure(10547, '未签署的合同不能作废'),
    );
    await sign(id, json([a.id]));
    expect((await call(h, P.invalid, platform, { contractId: id })).json).toEqual(success());
    expect((await call(h, P.detail, a.token, { contractId: id })).json.value.status).toBe('已作废');
    expect((await call(h, P.invalid, a.token, { contractId: id })).json).toEqual(
      failure(10503, '当前合同无法作废'),
    );
    const done = await twoPartyContract();
    await sign(done, json([a.id, b.id]));
    expect((await call(h, P.invalid, b.token, { contractId: done })).json).toEqual(
      failure(10503, '当前合同无法作废'),
    );
  });
});

describe('contract/detail and contract/list', () => {
  it('detail: as the doc example, for partners, the creator and the platform; 10526 otherwise', async () => {
    const id = await twoPartyContract();
    await sign(id, json([a.id]));
    const expected = {
      partnerList: [
        { signStatus: '已签署', userId: a.id },
        { signStatus: '未签署', userId: b.id },
      ],
      title: '两方合同',
      status: '签署中',
    };
    for (const token of [a.token, b.token, platform]) {
      const r = await h.get(P.detail, { token, contractId: id });
      expect(r.json).toEqual(success(expected));
      expect(Object.keys(r.json.value)).toEqual(['partnerList', 'title', 'status']);
    }
    expect((await call(h, P.detail, outsider.token, { contractId: id })).json).toEqual(
      failure(10526, '该用户无权限获取合同详情'),
    );
    expect((await call(h, P.detail, a.token, { contractId: '' })).json.subCode).toBe(10528);
    expect((await call(h, P.detail, a.token, { contractId: 'x' })).json.subCode).toBe(10529);
    expect((await call(h, P.detail, a.token, { contractId: '2601051000009997' })).json.subCode).toBe(10502);
  });

  it('list: platform only (10533); finished and void contracts, latest first; paging', async () => {
    const fresh = sdk();
    const saved = { h, platform, a, b };
    h = fresh;
    try {
      platform = (await userWithToken(h, company({ userType: '4' }))).token;
      for (const [key, user] of [
        ['a', person()],
        ['b', company()],
      ] as const) {
        const u = await userWithToken(h, user);
        if (key === 'a') a = { id: u.user.appUserId!, token: u.token };
        else b = { id: u.user.appUserId!, token: u.token };
      }
      expect((await call(h, P.list, a.token)).json).toEqual(failure(10533, '非平台用户无法获取合同列表'));
      const first = await twoPartyContract();
      await sign(first, json([a.id, b.id]));
      await h.advance(MIN);
      const second = await twoPartyContract();
      await sign(second, json([a.id]));
      await call(h, P.invalid, a.token, { contractId: second });
      await h.advance(MIN);
      await twoPartyContract(); // 签署中: not listed
      const all = await h.get(P.list, { token: platform });
      expect(all.json).toMatchObject({ subCode: 200 });
      const list = all.json.value.contractList;
      expect(list.map((c: { id: number }) => String(c.id))).toEqual([second, first]);
      expect(list[0]).toEqual({
        id: Number(second),
        title: '两方合同',
        status: '已作废',
        appName: 'sealsim',
        gmtModify: '2026-01-05 10:01:00',
        partnerList: null,
      });
      expect(list[1].status).toBe('已完成');
      expect(Object.keys(list[0])).toEqual(['id', 'title', 'status', 'appName', 'gmtModify', 'partnerList']);
      const page = async (pageNum: string, pageSize: string) =>
        (await call(h, P.list, platform, { pageNum, pageSize })).json.value.contractList.map(
          (c: { id: number }) => String(c.id),
        );
      expect(await page('1', '1')).toEqual([second]);
      expect(await page('2', '1')).toEqual([first]);
      expect(await page('3', '1')).toEqual([]);
      expect(await page('1', '0')).toEqual([second, first]);
      expect(await page('', '')).toEqual([second, first]);
      expect(await page('x', '1')).toEqual([second]);
    } finally {
      ({ h, platform, a, b } = saved);
    }
  });
});

describe('the console human action', () => {
  const act = (contractId: string, appUserId: string, action: string) =>
    h.control('POST', `/__sim/yunhetong-sdk/contracts/${contractId}/partners/${appUserId}`, { action });

  it('signs and voids as the partner; 409 with the vendor code when refused; 404 unknown', async () => {
    const id = await twoPartyContract();
    expect((await act(id, a.id, 'invalid')).json).toEqual({ error: '10547 未签署的合同不能作废' });
    const signed = await act(id, a.id, 'sign');
    expect(signed.status).toBe(200);
    expect(signed.json).toMatchObject({
      status: 'signing',
      partners: [{ appUserId: a.id }, { appUserId: b.id }],
    });
    expect(typeof signed.json.partners[0].signedAt).toBe('number');
    expect(signed.json.partners[1].signedAt).toBeNull();
    const again = await act(id, a.id, 'sign');
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ error: `10525 签署人${a.id}已签署合同` });
    const voided = await act(id, b.id, 'invalid');
    expect(voided.json).toMatchObject({ status: 'invalid' });
    expect((await act(id, outsider.id, 'sign')).status).toBe(404);
    expect((await act('2601051000009996', a.id, 'sign')).status).toBe(404);
    expect((await act('nope', a.id, 'sign')).status).toBe(404);
  });
});
