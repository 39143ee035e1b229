/**
 * A time-stamp mark: a double-ruled box with the text (e.g. 时间戳 2026-11-25 12:00:00),
 * on one line, or two when one would be too small.
 */
import type { PDFFont, RGB } from 'pdf-lib';
import { centredGlyphMatrix, type Pen } from './pen.ts';

export function drawTimestamp(
  pen: Pen,
  font: PDFFont,
  box: { cx: number; cy: number; width: number; height: number },
  o: { text: string; color: RGB },
): void {
  const { cx, cy, width: w, height: h } = box;
  const x0 = cx - w / 2;
  const y0 = cy - h / 2;
  const outer = Math.max(0.8, h * 0.05);
  const inner = Math.max(0.4, h * 0.018);
  pen.fillColor(o.color).strokeColor(o.color);
  pen
    .lineWidth(outer)
    .rect(x0 + outer / 2, y0 + outer / 2, w - outer, h - outer)
    .stroke();
  const d = outer + h * 0.06;
  pen
    .lineWidth(inner)
    .rect(x0 + d, y0 + d, w - 2 * d, h - 2 * d)
    .stroke();

  const text = o.text.trim();
  if (!text) return;
  const availW = w - 2 * d - h * 0.3;
  const availH = h - 2 * d - h * 0.08;
  const oneLine = Math.min(availH * 0.8, availW / (font.widthOfTextAtSize(text, 1) || 1));
  const split = text.search(/\s/);
  if (oneLine >= availH * 0.42 || split < 0) {
    pen.text(font, text, centredGlyphMatrix(font.widthOfTextAtSize(text, 1), oneLine, 1, 0, cx, cy));
    return;
  }
  const lines = [text.slice(0, split), text.slice(split).trim()];
  const size = Math.min(availH * 0.45, ...lines.map((l) => availW / (font.widthOfTextAtSize(l, 1) || 1)));
  lines.forEach((l, i) => {
    const y = cy + (i === 0 ? 1 : -1) * availH * 0.25;
    pen.text(font, l, centredGlyphMatrix(font.widthOfTextAtSize(l, 1), size, 1, 0, cx, y));
  });
}
