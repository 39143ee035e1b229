/**
 * A personal seal (人名章): a square border with the name in it. Four characters sit
 * in a 2 × 2 grid read in the traditional order (right column top to bottom, then the
 * left column); a three-character name gets 印 appended to fill the grid; two
 * characters stand side by side, tall; longer or Latin names are fitted in one or two rows.
 */
import type { PDFFont, RGB } from 'pdf-lib';
import type { CjkWeight } from './font.ts';
import { centredGlyphMatrix, type Matrix, type Pen } from './pen.ts';
import type { PersonalSealFontStyle } from './types.ts';

/**
 * How each lettering style is drawn. A guess: no 楷体/仿宋/华文 font is installable here, so the
 * named typefaces are approximated with Noto Sans SC weights, a slant (horizontal shear, tan of
 * the angle) and a width factor, chosen only to make the four looks clearly distinct:
 * 楷体 medium and slanted, 仿宋 thin, condensed and slightly slanted, 华文楷体 black and slanted,
 * 微软雅黑 regular and upright. No style (undefined) is the original bold upright look.
 * decision: yunhetong-digest.personal-seal-fonts
 */
export const PERSONAL_SEAL_STYLES: Record<
  PersonalSealFontStyle | 'default',
  { weight: CjkWeight; skew: number; width: number }
> = {
  default: { weight: 700, skew: 0, width: 1 },
  kai: { weight: 500, skew: 0.21, width: 1 },
  fangsong: { weight: 100, skew: 0.1, width: 0.8 },
  huawenkai: { weight: 900, skew: 0.25, width: 1 },
  hei: { weight: 400, skew: 0, width: 1 },
};

/** Shear a centred glyph matrix (no rotation) so the run keeps its visual centre. */
function slant(m: Matrix, k: number, centreY = 0.38): Matrix {
  if (!k) return m;
  const [a, b, c, d, e, f] = m;
  return [a, b, c + d * k, d, e - k * centreY * d, f];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

export function personalSealCells(name: string): string[] {
  const chars = Array.from(name.replace(/\s+/g, ''));
  if (chars.length === 3 && chars.every((c) => CJK.test(c))) return [...chars, '印'];
  return chars;
}

export function drawPersonalSeal(
  pen: Pen,
  font: PDFFont,
  box: { cx: number; cy: number; width: number; height: number },
  o: { name: string; color: RGB; border: boolean; skew?: number; widthFactor?: number },
): void {
  const { cx, cy } = box;
  const w = Math.min(box.width, box.height);
  const x0 = cx - w / 2;
  const y0 = cy - w / 2;
  const border = o.border ? 0.075 * w : 0;
  pen.fillColor(o.color).strokeColor(o.color);
  if (o.border)
    pen
      .lineWidth(border)
      .rect(x0 + border / 2, y0 + border / 2, w - border, w - border)
      .stroke();

  const pad = o.border ? border + 0.06 * w : 0.02 * w;
  const inner = w - 2 * pad;
  const ix = x0 + pad;
  const iy = y0 + pad;
  const k = o.skew ?? 0;
  const wf = o.widthFactor ?? 1;
  const cells = personalSealCells(o.name);
  const allCjk = cells.every((c) => CJK.test(c));

  const glyph = (ch: string, gcx: number, gcy: number, cellW: number, cellH: number) => {
    // Fill the cell: the ideograph's ink is about 0.92 em tall and 0.92 em wide.
    const size = cellH / 0.94;
    const adv = font.widthOfTextAtSize(ch, 1) || 1;
    const sx = Math.min(1.6, cellW / (adv * size * 0.98)) * wf;
    pen.text(font, ch, slant(centredGlyphMatrix(adv, size, sx, 0, gcx, gcy), k));
  };

  if (allCjk && cells.length === 4) {
    // [0] top-right, [1] bottom-right, [2] top-left, [3] bottom-left
    const cw = inner / 2;
    const pos: Array<[number, number]> = [
      [ix + 1.5 * cw, iy + 1.5 * cw],
      [ix + 1.5 * cw, iy + 0.5 * cw],
      [ix + 0.5 * cw, iy + 1.5 * cw],
      [ix + 0.5 * cw, iy + 0.5 * cw],
    ];
    cells.forEach((ch, i) => glyph(ch, pos[i][0], pos[i][1], cw * 0.96, cw * 0.96));
    return;
  }
  if (allCjk && cells.length <= 2) {
    // One tall row, left to right.
    const n = cells.length;
    const cw = inner / n;
    cells.forEach((ch, i) => {
      const size = (inner * 0.96) / 0.94;
      const adv = font.widthOfTextAtSize(ch, 1) || 1;
      const sx = ((cw * 0.94) / (adv * size)) * wf;
      pen.text(font, ch, slant(centredGlyphMatrix(adv, size, sx, 0, ix + (i + 0.5) * cw, iy + inner / 2), k));
    });
    return;
  }
  // Anything else: one or two rows of text fitted to the square.
  const text = cells.join('');
  const rows =
    cells.length > 4
      ? [text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))]
      : [text];
  const rh = inner / rows.length;
  rows.forEach((row, r) => {
    const size = (rh * 0.9) / 0.94;
    const adv = font.widthOfTextAtSize(row, 1) || 1;
    const sx = Math.min(1.2, (inner * 0.96) / (adv * size)) * wf;
    pen.text(font, row, slant(centredGlyphMatrix(adv, size, sx, 0, cx, iy + inner - (r + 0.5) * rh), k));
  });
}
