import { describe, expect, it } from 'vitest';
import { pageLines, pageSizes } from '../../../simulators/core/pdf/index.ts';
import {
  fillTemplate,
  inspectTemplate,
  readTemplateParam,
  TemplateError,
  templateKindOf,
} from '../../../simulators/core/template/index.ts';
import { countInkPixels, pdfBoxToPixels, renderPdfPage } from '../../helpers/png.ts';
import { pdfTemplate, solidPng } from './fixtures.ts';

const code = (work: Promise<unknown>) =>
  work.then(
    () => 'ok',
    (e: unknown) => (e instanceof TemplateError ? e.code : String(e)),
  );

describe('PDF templates', () => {
  it('finds placeholders and sign markers, fills text, draws images, covers markers', async () => {
    const template = await pdfTemplate([
      ['借款人：${borrower}', '金额：${amount} 元整', '印章：${seal}'],
      ['借款人签字：${sign:SA}', '出借人签字：${sign:SB}'],
    ]);
    expect(templateKindOf(template)).toBe('pdf');
    expect(await inspectTemplate('pdf', template)).toEqual({
      kind: 'pdf',
      textPlaceholders: ['${borrower}', '${amount}', '${seal}'],
      tableCount: 0,
      signLocations: ['SA', 'SB'],
      pageCount: 2,
    });
    const seal = Buffer.from(solidPng(10, 10)).toString('base64');
    const param = readTemplateParam({
      '${borrower}': '杭州一个名字非常非常非常非常非常非常长的测试科技有限公司',
      '${amount}': 5000,
      imags: { '${seal}': { width: 60, height: 60, imgType: 'png', content: seal } },
    });
    const { pdf, signLocations } = await fillTemplate('pdf', template, param);
    const [page1, page2] = await pageLines(pdf);
    const text = page1.join('\n');
    expect(text).toContain('杭州一个名字非常非常非常非常非常非常长的测试科技有限公司');
    expect(text).toContain('5000');
    expect(text).toContain('元整');
    // the placeholder's text stays in the content stream under the white box, so look at pixels
    const { height } = (await pageSizes(pdf))[0];
    const png = await renderPdfPage(pdf, 1, 50);
    let red = 0;
    for (let i = 0; i < png.rgba.length; i += 4) if (png.rgba[i] > 150 && png.rgba[i + 1] < 60) red++;
    expect(red).toBeGreaterThan(42 * 42 * 0.85); // 60 pt at 50 dpi
    expect(page2.join('')).toContain('借款人签字');

    expect(signLocations.map((s) => [s.name, s.page])).toEqual([
      ['SA', 2],
      ['SB', 2],
    ]);
    const sa = signLocations[0];
    expect(sa.x).toBeGreaterThan(72 + 50);
    expect(sa.y).toBeGreaterThan(740);
    const png2 = await renderPdfPage(pdf, 2, 50);
    // the marker is covered: no ink in its box (a little inside the white box's edge)
    const inner = { x: sa.x + 1, y: sa.y + 1, width: sa.width - 2, height: sa.height - 2 };
    expect(countInkPixels(png2, pdfBoxToPixels(inner, height, 50))).toBe(0);
    // the long name was shrunk to the line: no ink past the page's right margin
    expect(countInkPixels(png, { x: ((595 - 17) * 50) / 72, y: 0, width: 10, height: png.height })).toBe(0);
  });

  it('has no tables to extend, and answers the other errors', async () => {
    const template = await pdfTemplate([['甲方：${a}']]);
    const fill = (json: unknown) => fillTemplate('pdf', template, readTemplateParam(json));
    expect(await code(fill({ tables: [{ index: 0, table: [] }] }))).toBe('table-missing');
    expect(await code(fill({ '${b}': 'x' }))).toBe('placeholder-missing');
    const png = Buffer.from(solidPng(2, 2)).toString('base64');
    expect(
      await code(fill({ imags: [{ '${a}': { width: 5, height: 5, imgType: 'jpeg', content: png } }] })),
    ).toBe('image-format');
    const garbage = new TextEncoder().encode('%PDF-1.4 garbage');
    expect(await code(inspectTemplate('pdf', garbage))).toBe('invalid-template');
  });
});
