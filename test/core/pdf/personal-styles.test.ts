/**
 * Personal seal lettering styles (kai / fangsong / huawenkai / hei, approximations) render
 * visibly differently from one another and from the default; border: false leaves no ring.
 * Also: coordinates on landscape and portrait pages (origin bottom-left).
 */
import { describe, expect, it } from 'vitest';
import {
  createTextPdf,
  stampPdf,
  type PersonalSealFontStyle,
  type SealSpec,
} from '../../../simulators/core/pdf/index.ts';
import { countRedPixels, isRed, pdfBoxToPixels, renderPdfPage, type DecodedPng } from '../../helpers/png.ts';
import { buildPagesPdf } from '../../fixtures/pdf/build.ts';

const PAGE = 400;
const W = 120; // seal width, pt (1 px = 1 pt at 72 dpi)
const BOX = { x: 200 - W / 2, y: PAGE - 200 - W / 2, width: W, height: W }; // pixel box, top-left origin

async function render(seal: SealSpec): Promise<DecodedPng> {
  const res = await stampPdf(await buildPagesPdf(1), [
    { seal, placement: { kind: 'xy', page: 1, x: 200, y: 200 }, width: W },
  ]);
  return renderPdfPage(res.pdf, 1, 72);
}

/** Red mask of the seal box. */
function mask(png: DecodedPng): Uint8Array {
  const m = new Uint8Array(W * W);
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) {
      const o = ((BOX.y + y) * png.width + BOX.x + x) * 4;
      m[y * W + x] = isRed(png.rgba[o], png.rgba[o + 1], png.rgba[o + 2]) ? 1 : 0;
    }
  }
  return m;
}

const differing = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);

describe('personal seal font styles', () => {
  const styles: Array<PersonalSealFontStyle | undefined> = [undefined, 'kai', 'fangsong', 'huawenkai', 'hei'];

  it('draws five clearly different letterings (pairwise pixel difference)', async () => {
    const masks = new Map<string, Uint8Array>();
    const reds = new Map<string, number>();
    for (const s of styles) {
      const png = await render({ kind: 'personal', name: '张三丰', ...(s ? { fontStyle: s } : {}) });
      masks.set(String(s), mask(png));
      reds.set(String(s), countRedPixels(png, BOX));
      expect(countRedPixels(png, BOX)).toBeGreaterThan(1500); // each one is a real seal
    }
    const keys = [...masks.keys()];
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        // At least 6% of the box (864 px) changes between any two styles.
        expect(
          differing(masks.get(keys[i])!, masks.get(keys[j])!),
          `${keys[i]} vs ${keys[j]}`,
        ).toBeGreaterThan(0.06 * W * W);
      }
    }
    // Weights show in the ink: thin 仿宋 < regular 雅黑 < bold default < black 华文楷体.
    expect(reds.get('fangsong')!).toBeLessThan(reds.get('hei')!);
    expect(reds.get('hei')!).toBeLessThan(reds.get('undefined')!);
    expect(reds.get('undefined')!).toBeLessThan(reds.get('huawenkai')!);
  });

  it('without a border leaves no red ring at the box edge; with one the edge is red', async () => {
    for (const s of ['kai', 'fangsong', 'huawenkai', 'hei'] as const) {
      const ring = (png: DecodedPng) => {
        const m = mask(png);
        let n = 0;
        for (let y = 0; y < W; y++)
          for (let x = 0; x < W; x++) if ((x < 3 || y < 3 || x >= W - 3 || y >= W - 3) && m[y * W + x]) n++;
        return n;
      };
      const bordered = await render({ kind: 'personal', name: '张三丰', fontStyle: s });
      const bare = await render({ kind: 'personal', name: '张三丰', fontStyle: s, border: false });
      expect(ring(bordered), s).toBeGreaterThan(0.8 * 4 * 3 * (W - 3));
      expect(ring(bare), s).toBeLessThan(40);
      expect(countRedPixels(bare, BOX), s).toBeGreaterThan(800);
    }
  });

  it('refuses an unknown style', async () => {
    await expect(
      render({ kind: 'personal', name: '张三', fontStyle: 'gothic' as PersonalSealFontStyle }),
    ).rejects.toThrow(/font style/);
  });
});

describe('coordinates on landscape and portrait pages', () => {
  for (const [label, size, x, y] of [
    ['landscape 842 × 595', [842, 595], 700, 100],
    ['portrait 595 × 842', [595, 842], 100, 700],
  ] as const) {
    it(`puts a seal centred at (${x}, ${y}) on a ${label} page`, async () => {
      const pdf = await createTextPdf([{ lines: ['合同'], size: [size[0], size[1]] }]);
      const w = 80;
      const res = await stampPdf(pdf, [
        { seal: { kind: 'personal', name: '张三丰' }, placement: { kind: 'xy', page: 1, x, y }, width: w },
      ]);
      expect(res.placed).toEqual([{ page: 1, x: x - w / 2, y: y - w / 2, width: w, height: w }]);
      const png = await renderPdfPage(res.pdf, 1, 72);
      expect(png.width).toBe(size[0]);
      expect(png.height).toBe(size[1]);
      const box = pdfBoxToPixels(res.placed[0], size[1]);
      const inside = countRedPixels(png, box);
      expect(inside).toBeGreaterThan(800);
      expect(countRedPixels(png)).toBeLessThan(inside + 30); // nothing red elsewhere
    });
  }
});
