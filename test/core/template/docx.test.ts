import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pageCount, pageLines, pageSizes } from '../../../simulators/core/pdf/index.ts';
import {
  docxToPdf,
  fillTemplate,
  inspectTemplate,
  readTemplateParam,
  TemplateError,
  templateKindOf,
} from '../../../simulators/core/template/index.ts';
import { countInkPixels, pdfBoxToPixels, renderPdfPage, renderPdfPagePng } from '../../helpers/png.ts';
import { docx, p, pageBreak, picture, pictureRels, r, solidPng, table } from './fixtures.ts';

/** The tests' template: a heading, a placeholder split over three runs, two tables, an image
 * placeholder and two signature markers on page 2. */
const template = docx(
  [
    p('借款合同', { style: 'Heading1' }),
    // Word splits "${name1}" across runs (spell check, edits): '甲方：$', '{na', 'me1}' (bold)
    p([r('甲方：$'), r('{na'), r('me1}', true), r('，乙方：${name2}。')]),
    p('还款明细如下：'),
    table(
      [
        ['姓名', '年龄', '地址'],
        ['', '', ''],
      ],
      [2000, 1000, 4000],
    ),
    p('印章：${img1}'),
    table([['备注'], ['${name2}']]),
    pageBreak,
    p('甲方签字：${sign:SA}'),
    p('乙方签字：${sign:SB}  日期：${date}'),
  ].join(''),
);

const pngBase64 = Buffer.from(solidPng(60, 40)).toString('base64');
const param = readTemplateParam(
  JSON.stringify({
    '${name1}': '杭州测试科技有限公司',
    '${name2}': '张三',
    '${date}': 20240101,
    imags: [{ '${img1}': { width: 120, height: 80, imgType: 'png', content: pngBase64 } }],
    tables: [
      {
        index: 0,
        table: [
          { '1': 'zhangsan', '2': 10, '3': '杭州市文一西路1118号' },
          { '3': 'lisi地址', '1': 'lisi', '2': 11 },
        ],
      },
    ],
  }),
);

const expectTemplateError = async (work: Promise<unknown>, code: string, placeholder?: string) => {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TemplateError);
  expect((err as TemplateError).code).toBe(code);
  if (placeholder) expect((err as TemplateError).placeholder).toBe(placeholder);
};

describe('DOCX templates', () => {
  it('lists the placeholders (one split across runs), the tables and the signature markers', async () => {
    expect(templateKindOf(template)).toBe('docx');
    const info = await inspectTemplate('docx', template);
    expect(info).toEqual({
      kind: 'docx',
      textPlaceholders: ['${name1}', '${name2}', '${img1}', '${date}'],
      tableCount: 2,
      signLocations: ['SA', 'SB'],
      pageCount: 2,
    });
  });

  it('fills text, appends table rows in column order, draws the image and returns the sign positions', async () => {
    const { pdf, signLocations } = await fillTemplate('docx', template, param, {
      date: Date.UTC(2024, 0, 1),
    });
    expect(await pageCount(pdf)).toBe(2);
    const [page1, page2] = await pageLines(pdf);
    const text1 = page1.join('\n');
    expect(text1).toContain('借款合同');
    expect(text1).toContain('甲方：杭州测试科技有限公司，乙方：张三。');
    expect(text1).not.toContain('${');
    // header, the template's empty row, then the appended rows, cells in column order
    const rows = page1.filter((l) => /zhangsan|lisi/.test(l));
    expect(rows).toEqual(['zhangsan 10 杭州市文一西路1118号', 'lisi 11 lisi地址']);
    expect(page1.indexOf('姓名 年龄 地址')).toBeGreaterThan(-1);
    expect(page1.indexOf('姓名 年龄 地址')).toBeLessThan(page1.indexOf(rows[0]));
    // placeholders in other tables' cells are filled too
    expect(page1).toContain('张三');
    const text2 = page2.join('\n');
    expect(text2).toContain('甲方签字：');
    expect(text2).toContain('日期：20240101');
    expect(text2).not.toContain('sign:'); // markers are not drawn

    expect(signLocations.map((s) => [s.name, s.page])).toEqual([
      ['SA', 2],
      ['SB', 2],
    ]);
    const [sa, sb] = signLocations;
    expect(sa.width).toBeGreaterThan(20);
    expect(sa.y).toBeGreaterThan(sb.y); // SA's line above SB's
    expect(sa.x).toBeGreaterThan(56 + 40); // after "甲方签字："
    // nothing is drawn at a marker
    const { height } = (await pageSizes(pdf))[1];
    const page2Png = await renderPdfPage(pdf, 2, 50);
    expect(countInkPixels(page2Png, pdfBoxToPixels(sa, height, 50))).toBe(0);

    // the image: a red 120 × 80 pt box after "印章：" (find its line, then look for red ink there)
    const png = await renderPdfPage(pdf, 1, 50);
    let red = 0;
    for (let i = 0; i < png.rgba.length; i += 4) {
      if (png.rgba[i] > 150 && png.rgba[i + 1] < 60 && png.rgba[i + 2] < 60) red++;
    }
    // 120 × 80 pt at 50 dpi is about 83 × 56 px
    expect(red).toBeGreaterThan(83 * 56 * 0.9);
    expect(red).toBeLessThan(83 * 56 * 1.1);
  });

  it('is deterministic for the same input and date', async () => {
    const a = await fillTemplate('docx', template, param, { date: Date.UTC(2024, 0, 1) });
    const b = await fillTemplate('docx', template, param, { date: Date.UTC(2024, 0, 1) });
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
  });

  it('leaves placeholders without a value as written', async () => {
    const { pdf } = await fillTemplate('docx', template, readTemplateParam('{"${name1}":"甲"}'));
    const text = (await pageLines(pdf)).flat().join('\n');
    expect(text).toContain('甲方：甲，乙方：${name2}。');
    expect(text).toContain('印章：${img1}');
  });

  it('answers each error kind', async () => {
    const fill = (json: unknown) => fillTemplate('docx', template, readTemplateParam(json));
    await expectTemplateError(fill({ '${nope}': 'x' }), 'placeholder-missing', '${nope}');
    await expectTemplateError(fill({ name1: 'x' }), 'placeholder-missing', 'name1');
    await expectTemplateError(fill({ '${sign:SA}': 'x' }), 'placeholder-missing', '${sign:SA}');
    await expectTemplateError(
      fill({ imags: [{ '${img9}': { width: 1, height: 1, imgType: 'png', content: pngBase64 } }] }),
      'placeholder-missing',
      '${img9}',
    );
    await expectTemplateError(fill({ tables: [{ index: 2, table: [{ '1': 'a' }] }] }), 'table-missing');
    // a JPEG header under imgType png, or bytes that are no image at all
    const jpegBytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0]).toString('base64');
    for (const [imgType, content] of [
      ['png', jpegBytes],
      ['jpg', pngBase64],
      ['png', Buffer.from('not an image').toString('base64')],
      ['png', '%%%'],
    ])
      await expectTemplateError(
        fill({ imags: [{ '${img1}': { width: 10, height: 10, imgType, content } }] }),
        'image-format',
        '${img1}',
      );
    await expectTemplateError(
      inspectTemplate('docx', zipSync({ 'a.txt': new Uint8Array(3) })),
      'invalid-template',
    );
    await expectTemplateError(
      inspectTemplate('docx', new Uint8Array([0x50, 0x4b, 3, 4, 1, 2])),
      'invalid-template',
    );
  });

  it('refuses a zip bomb quickly', async () => {
    // 100 MB of one byte: 100 KB zipped, five times the 20 MB budget
    const body = Buffer.alloc(100 * 1024 * 1024, 'a');
    const bomb = zipSync({ 'word/document.xml': body }, { level: 1 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    await expectTemplateError(inspectTemplate('docx', bomb), 'invalid-template');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('renders a DOCX with Chinese text, headings, tables and pictures to PDF (docxToPdf)', async () => {
    const file = docx(
      [
        p('劳动合同', { style: 'Heading1' }),
        p('第一条 合同期限', { style: 'Heading2' }),
        p([r('甲方（用人单位）：'), r('杭州某某科技有限公司', true)]),
        p('本合同自双方签字之日起生效。'.repeat(8)),
        table([
          ['项目', '金额'],
          ['基本工资', '8000'],
        ]),
        p(['签章：', picture()]),
      ].join(''),
      { 'word/_rels/document.xml.rels': pictureRels('seal.png'), 'word/media/seal.png': solidPng(20, 20) },
    );
    const pdf = await docxToPdf(file);
    const lines = (await pageLines(pdf))[0];
    expect(lines[0]).toBe('劳动合同');
    expect(lines).toContain('第一条 合同期限');
    expect(lines).toContain('甲方（用人单位）：杭州某某科技有限公司');
    expect(lines).toContain('基本工资 8000');
    const png = await renderPdfPage(pdf, 1, 50);
    expect(countInkPixels(png, { x: 0, y: 0, width: png.width, height: png.height / 2 })).toBeGreaterThan(
      2000,
    );
    // the 1-inch picture: about 50 × 50 px of red
    let red = 0;
    for (let i = 0; i < png.rgba.length; i += 4) if (png.rgba[i] > 150 && png.rgba[i + 1] < 60) red++;
    expect(red).toBeGreaterThan(50 * 50 * 0.85);
    if (process.env.SEALSIM_KEEP_RENDER)
      await import('node:fs/promises').then(async (fs) =>
        fs.writeFile(process.env.SEALSIM_KEEP_RENDER!, await renderPdfPagePng(pdf, 1, 72)),
      );
  });
});
