/**
 * 合同接口 9.合同下载: the PDF stream (application/pdf, a Content-Disposition naming the contract),
 * GET with a stray Content-Type, errors in the envelope (10528, 10529, 10502, 10512, 10527, 10801).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { pdfTemplate } from '../core/template/fixtures.ts';
import {
  BASE,
  company,
  failure,
  fileContractOf,
  person,
  sdk,
  userWithToken,
  type SdkHandle,
} from './helpers.ts';

let h: SdkHandle;
let pdf: Uint8Array;
let creator: string;
let outsider: string;
let platform: string;
let contractId: string;

beforeAll(async () => {
  h = sdk();
  pdf = await pdfTemplate([['下载测试']]);
  creator = (await userWithToken(h, person())).token;
  outsider = (await userWithToken(h, person())).token;
  platform = (await userWithToken(h, company({ userType: '4' }))).token;
  contractId = await fileContractOf(h, creator, pdf, { title: '下载 合同/一' });
});

describe('contract/download', () => {
  it('streams the PDF to the creator and the platform user', async () => {
    for (const token of [creator, platform]) {
      const res = await h.fetch(
        new Request(`${BASE}${P.download}?${new URLSearchParams({ token, contractId })}`, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent('下载 合同/一.pdf')}`,
      );
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    }
  });

  it.each([
    ['10528', '', failure(10528, '合同编号不能为空')],
    ['10529', '17042416531150061', failure(10529, '合同编号不合法')],
    ['10502', '2601051000009999', failure(10502, '未找到编号对应合同信息')],
  ])('%s in the envelope', async (_n, id, expected) => {
    const r = await h.get(P.download, { token: creator, contractId: id });
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.json).toEqual(expected);
  });

  it('10512 for a user who takes no part', async () => {
    expect((await h.get(P.download, { token: outsider, contractId })).json).toEqual(
      failure(10512, '该用户无下载权限'),
    );
  });

  it('10527 while the file is not generated yet; 10801 without a token', async () => {
    const app = await h.newApp({ fileReadyDelayMs: 60_000 });
    const { token } = await userWithToken(h, person(), app);
    const id = await fileContractOf(h, token, pdf);
    expect((await h.get(P.download, { token, contractId: id })).json).toEqual(
      failure(10527, '当前合同无法下载'),
    );
    await h.advance(60_000);
    const res = await h.fetch(
      new Request(`${BASE}${P.download}?${new URLSearchParams({ token, contractId: id })}`),
    );
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect((await h.get(P.download, { contractId: id })).json).toEqual(
      failure(10801, '登录异常，请重新登录！'),
    );
  });

  it("another app's contract is unknown (10502)", async () => {
    const app = await h.newApp();
    const { token } = await userWithToken(h, company({ userType: '4' }), app);
    expect((await h.get(P.download, { token, contractId })).json).toEqual(
      failure(10502, '未找到编号对应合同信息'),
    );
  });
});
