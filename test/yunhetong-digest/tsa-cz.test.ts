/**
 * §5.6.6–§5.6.9 through the typed client: time stamps from a sandbox path and from an upload
 * (timeStampSignId, fileSavePath must be .pdf, PDFs only), 存证 (czId below 2^53, sid unique
 * 10205, service 20303) and its query (10206).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createTextPdf, findKeyword, pageCount, pageSizes } from '../../simulators/core/pdf/index.ts';
import { TSA_MARK_MARGIN, TSA_MARK_WIDTH } from '../../simulators/yunhetong-digest/handlers/tsa-cz.ts';
import { countInkPixels, countRedPixels, pdfBoxToPixels, renderPdfPage } from '../helpers/png.ts';
import { apiError, flattened, yht, type YhtHandle } from './helpers.ts';

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
    expect(await c.call('/tsa/pathSign', { filePath: '/c/a.pdf', fileSavePath: '/c/t.pdf' })).toEqual({
      timeStampSignId: 1000,
    });
    expect(new Uint8Array(readFileSync(join(sandbox, 'c/t.pdf')))).not.toEqual(pdf); // marked, see below
    expect(await c.tsaStreamSign({ filePath: pdf, fileSavePath: '/c/t2.pdf', title: '测试合同' })).toEqual({
      timeStampSignId: 1001,
    });
    expect(existsSync(join(sandbox, 'c/t2.pdf'))).toBe(true);
  });

  it('writes a visible mark dated by the virtual clock, bottom right of the last page', async () => {
    await h.sim.clock.set(Date.UTC(2030, 0, 15, 4, 0, 0)); // 12:00:00 in China (the clock never goes back)
    await c.login(); // the token from before the jump has expired
    const twoPages = await createTextPdf([{ lines: ['第一页'] }, { lines: ['第二页'], size: [842, 595] }]);
    writeFileSync(join(sandbox, 'c/b.pdf'), twoPages);
    const { timeStampSignId } = await c.call('/tsa/pathSign', {
      filePath: '/c/b.pdf',
      fileSavePath: '/c/tb.pdf',
    });
    await h.sim.clock.advance(90_000);
    const streamed = await c.tsaStreamSign({ filePath: twoPages, fileSavePath: '/c/tb2.pdf', title: '合同' });
    for (const [file, id, time] of [
      ['c/tb.pdf', timeStampSignId, '2030-01-15 12:00:00'],
      ['c/tb2.pdf', streamed.timeStampSignId, '2030-01-15 12:01:30'],
    ] as const) {
      // the mark is the document time stamp's widget: flattened, its text is on the page
      const saved = flattened(new Uint8Array(readFileSync(join(sandbox, file))));
      expect(await pageCount(saved)).toBe(2);
      expect(await findKeyword(saved, `${time} UTC+8`)).toHaveLength(1);
      expect(await findKeyword(saved, '时间戳')).toHaveLength(1);
      const [hit] = await findKeyword(saved, `流水号 ${id}`);
      expect(hit.page).toBe(2);
      // The mark's box: TSA_MARK_WIDTH wide, 0.36 of that high, TSA_MARK_MARGIN from the bottom right.
      const [, last] = await pageSizes(saved);
      const box = {
        x: last.width - TSA_MARK_MARGIN - TSA_MARK_WIDTH,
        y: TSA_MARK_MARGIN,
        width: TSA_MARK_WIDTH,
        height: TSA_MARK_WIDTH * 0.36,
      };
      expect(hit.x).toBeGreaterThan(box.x);
      expect(hit.y).toBeGreaterThan(box.y);
      const png = await renderPdfPage(saved, 2, 72);
      const px = pdfBoxToPixels(box, last.height);
      expect(countRedPixels(png, px)).toBeGreaterThan(600);
      expect(countRedPixels(png)).toBeLessThan(
        countRedPixels(png, { x: px.x - 2, y: px.y - 2, width: px.width + 4, height: px.height + 4 }) + 20,
      );
      // Page 1 is untouched: no red ink.
      expect(countRedPixels(await renderPdfPage(saved, 1, 72))).toBe(0);
      expect(countInkPixels(png, px)).toBeGreaterThan(countRedPixels(png, px) * 0.9);
    }
  });

  it('refuses a non-.pdf save path (201 文件保存类型非法), a missing file (20100), a non-PDF (20101)', async () => {
    expect(
      await apiError(c.call('/tsa/pathSign', { filePath: '/c/a.pdf', fileSavePath: '/c/t.txt' })),
    ).toMatchObject({ code: 201, msg: '文件保存类型非法' });
    expect(
      await apiError(c.call('/tsa/pathSign', { filePath: '/c/none.pdf', fileSavePath: '/c/t.pdf' })),
    ).toMatchObject({ code: 20100, msg: '合同文件/c/none.pdf 不存在' });
    expect(
      (
        await apiError(
          c.tsaStreamSign({ filePath: new TextEncoder().encode('x'), fileSavePath: '/c/t.pdf', title: 't' }),
        )
      ).code,
    ).toBe(20101);
    expect(
      (await apiError(c.call('/tsa/pathSign', { filePath: '/c/a.pdf', fileSavePath: '/nodir/t.pdf' }))).code,
    ).toBe(20110);
  });
});

describe('时间戳 size limit (PDF at most 20 MB)', () => {
  const MB20 = 20 * 1024 * 1024;

  it('refuses a sandbox file over 20 MB from its size, before reading it', async () => {
    writeFileSync(join(sandbox, 'c/big.pdf'), pdf);
    truncateSync(join(sandbox, 'c/big.pdf'), MB20 + 1); // sparse: the size says 20 MB + 1
    expect(
      await apiError(c.call('/tsa/pathSign', { filePath: '/c/big.pdf', fileSavePath: '/c/t.pdf' })),
    ).toMatchObject({ code: 201, msg: '文件大小不能超过 20M' });
    expect(existsSync(join(sandbox, 'c/t.pdf'))).toBe(false);
    // exactly 20 MB: the PDF with trailing padding is time-stamped
    truncateSync(join(sandbox, 'c/big.pdf'), MB20);
    expect(await c.call('/tsa/pathSign', { filePath: '/c/big.pdf', fileSavePath: '/c/t.pdf' })).toEqual({
      timeStampSignId: 1000,
    });
    expect(await pageCount(new Uint8Array(readFileSync(join(sandbox, 'c/t.pdf'))))).toBe(1);
  });

  it('takes a 20 MB upload past the body limit, refuses 20 MB + 1 with the doc’s rule and a larger body before reading it', async () => {
    const upload = (n: number) => {
      const b = new Uint8Array(n);
      b.set(new TextEncoder().encode('%PDF-1.7\n'));
      return c.tsaStreamSign({
        filePath: { bytes: b, filename: 'big.pdf', contentType: 'application/pdf' },
        fileSavePath: '/c/t.pdf',
        title: 't',
      });
    };
    // read in full: "%PDF-" but no document
    expect(await apiError(upload(MB20))).toMatchObject({ code: 20101, msg: '合同文件读取失败' });
    expect(await apiError(upload(MB20 + 1))).toMatchObject({ code: 201, msg: '文件大小不能超过 20M' });
    expect(await apiError(upload(MB20 + 2 * 1024 * 1024))).toMatchObject({ code: 201, msg: '请求体过大' });
    expect(existsSync(join(sandbox, 'c/t.pdf'))).toBe(false);
  });
});

describe('合同存证', () => {
  it('stores a file under its sid and finds the czId again', async () => {
    const { czId } = await c.call('/cz/in', { sid: 'contract-0001', filePath: '/c/a.pdf' });
    expect(Number.isSafeInteger(czId)).toBe(true);
    expect(String(czId)).toHaveLength(14);
    expect(await c.call('/cz/queryCzId', { sid: 'contract-0001' })).toEqual({ czId });
    expect(await apiError(c.call('/cz/in', { sid: 'contract-0001', filePath: '/c/a.pdf' }))).toMatchObject({
      code: 10205,
      msg: '数据标识已存在',
    });
    expect(await apiError(c.call('/cz/queryCzId', { sid: 'contract-0002' }))).toMatchObject({
      code: 10206,
      msg: '无存证数据',
    });
    expect((await apiError(c.call('/cz/in', { sid: 'abc', filePath: '/c/a.pdf' }))).code).toBe(201);
    expect((await apiError(c.call('/cz/in', { sid: 'contract-0003', filePath: '/c/none.pdf' }))).code).toBe(
      20100,
    );
  });

  it('needs the 存证 service (20303)', async () => {
    await h.control('PATCH', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/state`, {
      services: { cz: false },
    });
    expect(await apiError(c.call('/cz/in', { sid: 'contract-0001', filePath: '/c/a.pdf' }))).toMatchObject({
      code: 20303,
      msg: '未购买存证服务',
    });
    expect((await apiError(c.call('/cz/queryCzId', { sid: 'contract-0001' }))).code).toBe(20303);
  });
});
