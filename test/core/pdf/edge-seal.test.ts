import { describe, expect, it } from 'vitest';
import { stampPdf, type SealSpec } from '../../../simulators/core/pdf/index.ts';
import { countRedPixels, renderPdfPage } from '../../helpers/png.ts';
import { buildPagesPdf } from '../../fixtures/pdf/build.ts';

const SIZE = 300;
const seal: SealSpec = { kind: 'company', name: '杭州天谷信息科技有限公司', centerText: '合同专用章' };

describe('骑缝 (page-edge) seal', () => {
  it('puts strip i of the seal flush against the right edge of page i, and nothing else', async () => {
    const W = 150;
    const n = 3;
    const strip = W / n;
    const base = await buildPagesPdf(n, [SIZE, SIZE]);
    const { pdf, placed } = await stampPdf(base, [{ seal, placement: { kind: 'edge' }, width: W }]);
    expect(placed).toEqual(
      [1, 2, 3].map((page) => ({ page, x: SIZE - strip, y: 75, width: strip, height: W })),
    );

    // The whole seal drawn once, for reference: slice i of it must match page i's strip.
    const whole = await stampPdf(await buildPagesPdf(1, [SIZE, SIZE]), [
      { seal, placement: { kind: 'xy', page: 1, x: 150, y: 150 }, width: W },
    ]);
    const ref = await renderPdfPage(whole.pdf, 1, 72);

    for (let i = 0; i < n; i++) {
      const png = await renderPdfPage(pdf, i + 1, 72);
      const inStrip = countRedPixels(png, { x: SIZE - strip, y: 75, width: strip, height: W });
      expect(inStrip).toBeGreaterThan(300);
      // nothing left of the strip, above or below it
      expect(countRedPixels(png, { x: 0, y: 0, width: SIZE - strip - 1, height: SIZE })).toBe(0);
      expect(countRedPixels(png, { x: SIZE - strip, y: 0, width: strip, height: 73 })).toBe(0);
      expect(countRedPixels(png, { x: SIZE - strip, y: 227, width: strip, height: 73 })).toBe(0);
      // the strip is the i-th slice of the seal, column by column (a mirrored or shifted
      // slice would have a different profile)
      let diff = 0;
      let total = 0;
      for (let c = 0; c < strip; c++) {
        const got = countRedPixels(png, { x: SIZE - strip + c, y: 75, width: 1, height: W });
        const want = countRedPixels(ref, { x: 75 + i * strip + c, y: 75, width: 1, height: W });
        diff += Math.abs(got - want);
        total += want;
      }
      expect(diff / total).toBeLessThan(0.1);
      // and it touches the page edge: the rightmost pixel column has ink on the first two pages
      // (the ring's left arc on page 1, the star's row of text on page 2 crosses it)
      if (i < n - 1)
        expect(countRedPixels(png, { x: SIZE - 2, y: 75, width: 2, height: W })).toBeGreaterThan(2);
    }
    // Page 1 shows the ring's left arc: red at the strip's left boundary near mid-height.
    const p1 = await renderPdfPage(pdf, 1, 72);
    expect(countRedPixels(p1, { x: SIZE - strip, y: 140, width: 8, height: 20 })).toBeGreaterThan(20);
  });

  it('honours a page subset and a y position', async () => {
    const base = await buildPagesPdf(3, [SIZE, SIZE]);
    const { pdf, placed } = await stampPdf(base, [
      { seal, placement: { kind: 'edge', pages: [1, 3], y: 100 }, width: 120 },
    ]);
    expect(placed.map((p) => [p.page, p.x, p.y, p.width])).toEqual([
      [1, 240, 40, 60],
      [3, 240, 40, 60],
    ]);
    expect(countRedPixels(await renderPdfPage(pdf, 2, 72))).toBe(0);
    for (const page of [1, 3]) {
      const png = await renderPdfPage(pdf, page, 72);
      expect(countRedPixels(png, { x: 240, y: SIZE - 160, width: 60, height: 120 })).toBeGreaterThan(200);
      expect(
        countRedPixels(png) - countRedPixels(png, { x: 239, y: SIZE - 161, width: 61, height: 122 }),
      ).toBe(0);
    }
  });
});
