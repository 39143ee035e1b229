/**
 * §5.6.6–§5.6.9 through the typed client: time stamps from a sandbox path and from an upload
 * (timeStampSignId, fileSavePath must be .pdf, PDFs only), 存证 (czId below 2^53, sid unique
 * 10205, service 20303) and its query (10206).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { apiError, yht, type YhtHandle } from './helpers.ts';

let h: YhtHandle;
let c: YunhetongDigestClient;
let sandbox: string;
let pdf: Uint8Array;

beforeEach(async () => {
  sandbox = join(mkdtempSync(join(tmpdir(), 'yht-tsa-test-')), 'sandbox');
  mkdirSync(join(sandbox, 'c'), { recursive: true });
  pdf = await createTextPdf([{ lines: ['合同'] }]);
  writeFileSync(join(sandbox, 'c/a.pdf'), pdf);
  h = yht({ vendorOptions: { sandboxDir: sandbox } });
  c = h.client();
  await c.login();
});

afterEach(() => rmSync(dirname(sandbox), { recursive: true, force: true }));

describe('时间戳数据固化', () => {
  it('time-stamps a sandbox file and an upload into fileSavePath', async () => {
    expect(await c.call('/tsa/pathSign', { filePath: '/c/a.pdf', fileSavePath: '/c/t.pdf' })).toEqual({ timeStampSignId: 1000 });
    expect(new Uint8Array(readFileSync(join(sandbox, 'c/t.pdf')))).toEqual(pdf);
    expect(await c.tsaStreamSign({ filePath: pdf, fileSavePath: '/c/t2.pdf', title: '测试合同' })).toEqual({ timeStampSignId: 1001 });
    expect(existsSync(join(sandbox, 'c/t2.pdf'))).toBe(true);
  });

  it('refuses a non-.pdf save path (201 文件保存类型非法), a missing file (20100), a non-PDF (20101)', async () => {
    expect(await apiError(c.call('/tsa/pathSign', { filePath: '/c/a.pdf', fileSavePath: '/c/t.txt' }))).toMatchObject({ code: 201, msg: '文件保存类型非法' });
    expect(await apiError(c.call('/tsa/pathSign', { filePath: '/c/none.pdf', fileSavePath: '/c/t.pdf' }))).toMatchObject({ code: 20100, msg: '合同文件/c/none.pdf 不存在' });
    expect((await apiError(c.tsaStreamSign({ filePath: new TextEncoder().encode('x'), fileSavePath: '/c/t.pdf', title: 't' }))).code).toBe(20101);
    expect((await apiError(c.call('/tsa/pathSign', { filePath: '/c/a.pdf', fileSavePath: '/nodir/t.pdf' }))).code).toBe(20110);
  });
});

describe('合同存证', () => {
  it('stores a file under its sid and finds the czId again', async () => {
    const { czId } = await c.call('/cz/in', { sid: 'contract-0001', filePath: '/c/a.pdf' });
    expect(Number.isSafeInteger(czId)).toBe(true);
    expect(String(czId)).toHaveLength(14);
    expect(await c.call('/cz/queryCzId', { sid: 'contract-0001' })).toEqual({ czId });
    expect(await apiError(c.call('/cz/in', { sid: 'contract-0001', filePath: '/c/a.pdf' }))).toMatchObject({ code: 10205, msg: '数据标识已存在' });
    expect(await apiError(c.call('/cz/queryCzId', { sid: 'contract-0002' }))).toMatchObject({ code: 10206, msg: '无存证数据' });
    expect((await apiError(c.call('/cz/in', { sid: 'abc', filePath: '/c/a.pdf' }))).code).toBe(201);
    expect((await apiError(c.call('/cz/in', { sid: 'contract-0003', filePath: '/c/none.pdf' }))).code).toBe(20100);
  });

  it('needs the 存证 service (20303)', async () => {
    await h.control('PATCH', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/state`, { services: { cz: false } });
    expect(await apiError(c.call('/cz/in', { sid: 'contract-0001', filePath: '/c/a.pdf' }))).toMatchObject({ code: 20303, msg: '未购买存证服务' });
    expect((await apiError(c.call('/cz/queryCzId', { sid: 'contract-0001' }))).code).toBe(20303);
  });
});
