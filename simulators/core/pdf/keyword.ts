/**
 * Finds every occurrence of a keyword in a PDF with pdfjs text extraction.
 *
 * A page's text items are concatenated in content order, line by line (a line
 * break never lies inside a match), and whitespace is ignored on both sides, so a
 * keyword is found even when the producer split it into several items ("甲方" +
 * "签字", or one glyph per item) or letter-spaced it. Each character is mapped back
 * to a position on its item's baseline; per-character advance is estimated from
 * the item width, full-width characters counting twice as much as half-width ones.
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { PDF_BOUNDS } from './bounds.ts';
import { PdfLimitError } from './errors.ts';
import { eachPageText } from './text-items.ts';
import type { KeywordHit } from './types.ts';

export interface Glyph {
  ch: string;
  // baseline start point and direction (unit), advance, em size
  x: number;
  y: number;
  dx: number;
  dy: number;
  advance: number;
  size: number;
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

function weight(ch: string): number {
  if (WIDE.test(ch)) return 1;
  if (ch === ' ') return 0.3;
  return 0.5; // CJK fonts draw Latin about half width (exactly half in STSong-Light)
}

/** Glyph runs of one page, one array per text line. */
export function glyphLines(items: TextItem[]): Glyph[][] {
  const lines: Glyph[][] = [];
  let line: Glyph[] = [];
  let prev: TextItem | undefined;
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const [a, b, c, d, e, f] = item.transform;
    const scaleX = Math.hypot(a, b) || 1;
    const size = Math.hypot(c, d) || item.height || scaleX;
    const dx = a / scaleX;
    const dy = b / scaleX;
    if (prev) {
      const [pa, pb, , , pe, pf] = prev.transform;
      const pscale = Math.hypot(pa, pb) || 1;
      // Distance of this item's origin from the previous item's baseline.
      const off = Math.abs((f - pf) * (pa / pscale) - (e - pe) * (pb / pscale));
      if (prev.hasEOL || off > 0.5 * size) {
        if (line.length) lines.push(line);
        line = [];
      }
    }
    const chars = Array.from(item.str);
    const total = chars.reduce((s, ch) => s + weight(ch), 0);
    let pos = 0;
    for (const ch of chars) {
      const adv = total > 0 ? (item.width * weight(ch)) / total : 0;
      line.push({ ch, x: e + dx * pos, y: f + dy * pos, dx, dy, advance: adv, size });
      pos += adv;
    }
    prev = item.str.length || item.hasEOL ? item : prev;
  }
  if (line.length) lines.push(line);
  return lines;
}

/** Axis-aligned box around glyphs: the em box from 0.12 em below the baseline. */
export function boxOf(glyphs: Glyph[]): { x: number; y: number; width: number; height: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const g of glyphs) {
    // normal pointing "up" from the baseline
    const nx = -g.dy;
    const ny = g.dx;
    const lo = -0.12 * g.size;
    const hi = 0.88 * g.size;
    for (const along of [0, g.advance]) {
      for (const up of [lo, hi]) {
        const px = g.x + g.dx * along + nx * up;
        const py = g.y + g.dy * along + ny * up;
        minX = Math.min(minX, px);
        maxX = Math.max(maxX, px);
        minY = Math.min(minY, py);
        maxY = Math.max(maxY, py);
      }
    }
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

const SPACE = /\s/u;

/** Matches of `keyword` in one line of glyphs, whitespace ignored. */
export function matchLine(line: Glyph[], keyword: string): Glyph[][] {
  const needle = Array.from(keyword).filter((c) => !SPACE.test(c));
  if (!needle.length) return [];
  const glyphs = line.filter((g) => !SPACE.test(g.ch));
  const out: Glyph[][] = [];
  for (let i = 0; i + needle.length <= glyphs.length;) {
    let ok = true;
    for (let k = 0; k < needle.length; k++) {
      if (glyphs[i + k].ch !== needle[k]) {
        ok = false;
        break;
      }
    }
    if (ok) {
      out.push(glyphs.slice(i, i + needle.length));
      i += needle.length;
    } else i++;
  }
  return out;
}

export interface FindKeywordOptions {
  /** Stop after this many hits and return them (a caller that only needs to know "one or more"). */
  stopAfter?: number;
}

/**
 * Every occurrence of `keyword`. More than PDF_BOUNDS.maxKeywordHits is a PdfLimitError (unless
 * `stopAfter` ends the search first): vendors stamp a keyword once or a few times, never thousands.
 */
export async function findKeyword(
  pdf: Uint8Array,
  keyword: string,
  opts: FindKeywordOptions = {},
): Promise<KeywordHit[]> {
  if (!keyword || !keyword.trim()) return [];
  const hits: KeywordHit[] = [];
  const max = PDF_BOUNDS.maxKeywordHits;
  await eachPageText(
    pdf,
    (p, items) => {
      for (const line of glyphLines(items)) {
        for (const m of matchLine(line, keyword)) {
          hits.push({ page: p, ...boxOf(m) });
          if (opts.stopAfter !== undefined && hits.length >= opts.stopAfter) return false;
          if (hits.length > max)
            throw new PdfLimitError(
              'keyword-hits',
              `PDF over sealsim's bounds: more than ${max} keyword hits`,
            );
        }
      }
    },
    { disableNormalization: true },
  );
  return hits;
}
