import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  createTextPdf,
  findKeyword,
  InvalidPdfError,
  KeywordNotFoundError,
  stampPdf,
} from '../../../simulators/core/pdf/index.ts';
import { textPdfBaseline, TEXT_PDF_MARGIN } from '../../../simulators/core/pdf/text-pdf.ts';
import { withPdfjs } from '../../../simulators/core/pdf/pdfjs.ts';
import { buildSplitKeywordPdf } from '../../fixtures/pdf/build.ts';

const A4_H = 841.89;

describe('findKeyword', () => {
  it('finds a keyword split across text items (two fonts, then one glyph per item)', async () => {
    const fx = await buildSplitKeywordPdf();
    // Precondition: pdfjs really reports the keyword in pieces.
    const items = await withPdfjs(fx.pdf, async (doc) => {
      const out: string[][] = [];
      for (const p of [1, 2])
        out.push((await (await doc.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')));
      return out;
    });
    expect(items[0].some((s) => s.includes('甲方签字'))).toBe(false);
    expect(items[1]).toEqual(['乙', '方', '签', '字']);

    const a = await findKeyword(fx.pdf, '甲方签字');
    expect(a).toHaveLength(1);
    expect(a[0].page).toBe(1);
    expect(a[0].x).toBeCloseTo(fx.partyA.x, 0);
    expect(a[0].width).toBeCloseTo(fx.partyA.width, 0);
    expect(a[0].y).toBeLessThan(fx.partyA.baseline);
    expect(a[0].y).toBeGreaterThan(fx.partyA.baseline - fx.size * 0.3);
    expect(a[0].y + a[0].height).toBeGreaterThan(fx.partyA.baseline + fx.size * 0.7);

    const b = await findKeyword(fx.pdf, '乙方签字');
    expect(b).toEqual([
      {
        page: 2,
        x: expect.closeTo(200, 0),
        y: expect.any(Number),
        width: expect.closeTo(fx.partyB.width, 0),
        height: expect.any(Number),
      },
    ]);
    // A part of a split keyword, inside one item and across items.
    expect(await findKeyword(fx.pdf, '方签')).toHaveLength(2);
  });

  it('reads the non-embedded STSong-Light (UniGB-UCS2-H) fixture', async () => {
    const pdf = await createTextPdf(
      [{ lines: ['合同编号 HT-2026-001', '甲方（盖章）：', '乙方（盖章）：'] }],
      { font: 'stsong-light' },
    );

    // The fixture is what iText writes: Type0 / CIDFontType0, no embedded font program.
    const doc = await PDFDocument.load(pdf);
    const fonts = doc.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('Font'));
    const type0 = fonts.find((f) => f.get(PDFName.of('Subtype')) === PDFName.of('Type0'))!;
    expect(type0.get(PDFName.of('BaseFont'))).toBe(PDFName.of('STSong-Light'));
    expect(type0.get(PDFName.of('Encoding'))).toBe(PDFName.of('UniGB-UCS2-H'));
    const cid = doc.context.lookup((type0.get(PDFName.of('DescendantFonts')) as PDFArray).get(0), PDFDict);
    expect(cid.get(PDFName.of('Subtype'))).toBe(PDFName.of('CIDFontType0'));
    const desc = doc.context.lookup(cid.get(PDFName.of('FontDescriptor')), PDFDict);
    for (const k of ['FontFile', 'FontFile2', 'FontFile3']) expect(desc.has(PDFName.of(k))).toBe(false);

    const hits = await findKeyword(pdf, '乙方（盖章）');
    expect(hits).toHaveLength(1);
    expect(hits[0].page).toBe(1);
    expect(hits[0].x).toBeCloseTo(TEXT_PDF_MARGIN, 0);
    expect(hits[0].width).toBeCloseTo(6 * 12, 0); // six full-width glyphs at 12 pt
    const baseline = textPdfBaseline(A4_H, 2);
    expect(hits[0].y).toBeGreaterThan(baseline - 4);
    expect(hits[0].y).toBeLessThan(baseline);
    // Latin under UniGB-UCS2-H too.
    const code = await findKeyword(pdf, 'HT-2026-001');
    expect(code).toHaveLength(1);
    // Positions inside a mixed item are estimated: allow a few points.
    expect(Math.abs(code[0].x - (TEXT_PDF_MARGIN + 4 * 12 + 6))).toBeLessThan(3);
    expect(Math.abs(code[0].width - 11 * 6)).toBeLessThan(4);
  });

  it('returns every occurrence in page order, Latin included', async () => {
    const pdf = await createTextPdf([
      { lines: ['Party A signs here; 签字处', 'and again: 签字处'] },
      { lines: ['no match on this page'] },
      { lines: ['', '', '', '签字处 (Party A)'] },
    ]);
    const hits = await findKeyword(pdf, '签字处');
    expect(hits.map((h) => h.page)).toEqual([1, 1, 3]);
    expect(hits[0].y).toBeGreaterThan(hits[1].y); // top line first
    expect(hits[2].x).toBeCloseTo(TEXT_PDF_MARGIN, 0);
    expect(hits[2].y).toBeCloseTo(textPdfBaseline(A4_H, 3) - 12 * 0.12, 0);
    const latin = await findKeyword(pdf, 'Party A');
    expect(latin.map((h) => h.page)).toEqual([1, 3]);
    expect(latin[0].x).toBeCloseTo(TEXT_PDF_MARGIN, 0);
    expect(await findKeyword(pdf, 'party a')).toEqual([]); // case-sensitive
  });

  it('does not match across lines', async () => {
    const pdf = await createTextPdf([{ lines: ['……甲方', '签字……'] }]);
    expect(await findKeyword(pdf, '甲方签字')).toEqual([]);
  });

  it('returns [] for a missing keyword, and stampPdf throws KeywordNotFoundError', async () => {
    const pdf = await createTextPdf([{ lines: ['甲方：'] }]);
    expect(await findKeyword(pdf, '丙方')).toEqual([]);
    const err = await stampPdf(pdf, [
      { seal: { kind: 'personal', name: '张三' }, placement: { kind: 'keyword', keyword: '丙方' } },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(KeywordNotFoundError);
    expect(err.keyword).toBe('丙方');
  });

  it('rejects bytes that are not a PDF', async () => {
    await expect(findKeyword(new TextEncoder().encode('hello'), 'x')).rejects.toBeInstanceOf(InvalidPdfError);
    await expect(findKeyword(new TextEncoder().encode('%PDF-1.7\n garbage'), 'x')).rejects.toBeInstanceOf(
      InvalidPdfError,
    );
  });
});
