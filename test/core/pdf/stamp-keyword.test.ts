import { describe, expect, it } from 'vitest';
import { createTextPdf, findKeyword, stampPdf } from '../../../simulators/core/pdf/index.ts';
import { countDarkPixels, countRedPixels, pdfBoxToPixels, renderPdfPage } from '../../helpers/png.ts';
import { buildSplitKeywordPdf } from '../../fixtures/pdf/build.ts';
import { redOutside } from './seal-render.ts';

const A4_H = 841.89;

describe('stampPdf by keyword', () => {
  it('centres the seal on a split keyword and draws nothing on other pages', async () => {
    const fx = await buildSplitKeywordPdf();
    const [hit] = await findKeyword(fx.pdf, '甲方签字');
    const { pdf, placed } = await stampPdf(fx.pdf, [
      {
        seal: { kind: 'company', name: '甲方科技有限公司' },
        placement: { kind: 'keyword', keyword: '甲方签字' },
        width: 100,
      },
    ]);
    expect(placed).toHaveLength(1);
    expect(placed[0].page).toBe(1);
    expect(placed[0].x + 50).toBeCloseTo(hit.x + hit.width / 2, 5);
    expect(placed[0].y + 50).toBeCloseTo(hit.y + hit.height / 2, 5);
    const png = await renderPdfPage(pdf, 1, 72);
    const box = pdfBoxToPixels(placed[0], 400);
    expect(countRedPixels(png, box)).toBeGreaterThan(1000);
    expect(redOutside(png, box)).toBe(0);
    // Multiply blending: the keyword text under the seal stays dark.
    expect(countDarkPixels(png, pdfBoxToPixels(hit, 400))).toBeGreaterThan(30);
    for (const page of [2, 3]) expect(countRedPixels(await renderPdfPage(pdf, page, 72))).toBe(0);
  });

  it("stamps every occurrence by default, only the first with occurrence 'first', with an offset", async () => {
    const base = await createTextPdf([
      {
        lines: [
          '甲方（盖章）：',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '甲方（盖章）：',
        ],
      },
      { lines: ['甲方（盖章）：'] },
    ]);
    const hits = await findKeyword(base, '甲方（盖章）');
    expect(hits.map((h) => h.page)).toEqual([1, 1, 2]);
    const seal = { kind: 'personal' as const, name: '赵六' };
    const all = await stampPdf(base, [
      { seal, placement: { kind: 'keyword', keyword: '甲方（盖章）', offsetX: 80, offsetY: -10 }, width: 60 },
    ]);
    expect(all.placed.map((p) => p.page)).toEqual([1, 1, 2]);
    all.placed.forEach((p, i) => {
      expect(p.x + 30).toBeCloseTo(hits[i].x + hits[i].width / 2 + 80, 5);
      expect(p.y + 30).toBeCloseTo(hits[i].y + hits[i].height / 2 - 10, 5);
    });
    const first = await stampPdf(base, [
      { seal, placement: { kind: 'keyword', keyword: '甲方（盖章）', occurrence: 'first' }, width: 60 },
    ]);
    expect(first.placed).toHaveLength(1);
    const p1 = await renderPdfPage(first.pdf, 1, 72);
    expect(countRedPixels(p1, pdfBoxToPixels(first.placed[0], A4_H))).toBeGreaterThan(500);
    expect(redOutside(p1, pdfBoxToPixels(first.placed[0], A4_H))).toBe(0);
    expect(countRedPixels(await renderPdfPage(first.pdf, 2, 72))).toBe(0);
  });

  it('fails the whole call when any keyword is missing (nothing half-stamped)', async () => {
    const base = await createTextPdf([{ lines: ['甲方：'] }]);
    await expect(
      stampPdf(base, [
        { seal: { kind: 'personal', name: '张三' }, placement: { kind: 'keyword', keyword: '甲方' } },
        { seal: { kind: 'personal', name: '李四' }, placement: { kind: 'keyword', keyword: '乙方' } },
      ]),
    ).rejects.toMatchObject({ name: 'KeywordNotFoundError', keyword: '乙方', code: 'KEYWORD_NOT_FOUND' });
  });

  it('stamps a keyword found in the STSong-Light fixture', async () => {
    const base = await createTextPdf([{ lines: ['合同', '乙方签字：'] }], { font: 'stsong-light' });
    const { pdf, placed } = await stampPdf(base, [
      {
        seal: { kind: 'personal', name: '孙七' },
        placement: { kind: 'keyword', keyword: '乙方签字' },
        width: 50,
      },
    ]);
    const png = await renderPdfPage(pdf, 1, 72);
    expect(countRedPixels(png, pdfBoxToPixels(placed[0], A4_H))).toBeGreaterThan(300);
    expect(redOutside(png, pdfBoxToPixels(placed[0], A4_H))).toBe(0);
  });
});
