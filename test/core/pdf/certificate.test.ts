import { describe, expect, it } from 'vitest';
import { findKeyword, pageCount, renderCertificate } from '../../../simulators/core/pdf/index.ts';
import { countDarkPixels, countInkPixels, countRedPixels, renderPdfPage } from '../../helpers/png.ts';

describe('renderCertificate', () => {
  it('renders an A4 certificate with title, rows, footer and seal', async () => {
    const pdf = await renderCertificate({
      title: '电子数据存证证书',
      rows: [
        ['存证编号', 'CZ2026112500001'],
        ['文件哈希', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
        ['签署方', '杭州天谷信息科技有限公司；张三'],
      ],
      footer: '本证书由 sealsim 生成，仅供测试。',
      seal: { kind: 'company', name: '某某电子数据存证中心', centerText: '存证专用章' },
    });
    expect(await pageCount(pdf)).toBe(1);
    const png = await renderPdfPage(pdf, 1, 50);
    const k = 50 / 72;
    expect(countInkPixels(png, { x: 100 * k, y: 70 * k, width: 395 * k, height: 45 * k })).toBeGreaterThan(
      300,
    ); // title
    expect(countDarkPixels(png, { x: 62 * k, y: 140 * k, width: 470 * k, height: 80 * k })).toBeGreaterThan(
      200,
    ); // rows
    expect(countRedPixels(png)).toBeGreaterThan(1000); // seal
    // seal on the right
    expect(countRedPixels(png, { x: 0, y: 0, width: png.width / 2, height: png.height })).toBe(0);
    expect(await findKeyword(pdf, 'CZ2026112500001')).toHaveLength(1);
    expect(await findKeyword(pdf, '仅供测试')).toHaveLength(1);
  });

  it('continues long tables on more pages', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => [`字段${i}`, '很长的值'.repeat(30)] as [string, string],
    );
    const pdf = await renderCertificate({ title: '存证证书', rows });
    expect(await pageCount(pdf)).toBeGreaterThan(2);
    expect((await findKeyword(pdf, '字段39'))[0].page).toBe(await pageCount(pdf));
    expect(countRedPixels(await renderPdfPage(pdf, 1, 30))).toBe(0); // no seal asked for
  });
});
