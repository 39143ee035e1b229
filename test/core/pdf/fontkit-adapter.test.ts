import { PDFDocument, PDFName, PDFDict, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { fontkitAdapter } from '../../../simulators/core/pdf/fontkit-adapter.ts';
import { loadCjkFont, findKeyword } from '../../../simulators/core/pdf/index.ts';
import { countDarkPixels, pdfBoxToPixels, renderPdfPage } from '../../helpers/png.ts';

describe('fontkit 2 adapter', () => {
  it('embeds a CJK subset whose glyphs render (not blank) and extract', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkitAdapter);
    const font = await doc.embedFont(await loadCjkFont(), { subset: true });
    const page = doc.addPage([300, 200]);
    const text = '中文字形渲染测试';
    page.drawText(text, { x: 20, y: 100, size: 24, font, color: rgb(0, 0, 0) });
    const pdf = await doc.save();

    // A subset, not the 10 MB font.
    expect(pdf.length).toBeLessThan(100_000);

    const png = await renderPdfPage(pdf, 1, 72);
    const width = font.widthOfTextAtSize(text, 24);
    const textBox = pdfBoxToPixels({ x: 20, y: 96, width, height: 26 }, 200);
    // The known failure mode is blank glyphs: require real ink where the text is...
    expect(countDarkPixels(png, textBox)).toBeGreaterThan(400);
    // ...and none elsewhere.
    expect(
      countDarkPixels(png) -
        countDarkPixels(png, {
          x: textBox.x - 2,
          y: textBox.y - 2,
          width: textBox.width + 4,
          height: textBox.height + 4,
        }),
    ).toBe(0);

    const [hit] = await findKeyword(pdf, '渲染');
    expect(hit.page).toBe(1);
    expect(hit.x).toBeCloseTo(20 + 4 * 24, 0);
  });

  it('writes a TrueType CID font with a FontFile2 stream', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkitAdapter);
    const font = await doc.embedFont(await loadCjkFont(), { subset: true });
    doc.addPage().drawText('印章', { x: 10, y: 10, font, size: 10 });
    const loaded = await PDFDocument.load(await doc.save());
    const descriptors = loaded.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter(
        (o): o is PDFDict =>
          o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'),
      );
    expect(descriptors).toHaveLength(1);
    expect(descriptors[0].has(PDFName.of('FontFile2'))).toBe(true);
  });
});
