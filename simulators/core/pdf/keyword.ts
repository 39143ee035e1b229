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
import { createHash } from 'node:crypto';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { PDF_BOUNDS } from './bounds.ts';
import { tooManyKeywordHits } from './errors.ts';
import { eachPageText } from './text-items.ts';
import { isTooMany, type KeywordHit, type TooManyHits } from './types.ts';

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
 * A document's text, extracted once: its glyph lines page by page. Kept in this worker by the
 * bytes' SHA-256 for the next job on the same document (a vendor searches a keyword, then signs at
 * it), at most TEXT_CACHE.documents documents of up to TEXT_CACHE.glyphs glyphs each.
 */
const TEXT_CACHE = { documents: 4, glyphs: 200_000 };
const texts = new Map<string, Promise<Glyph[][][]>>();
const counters = { textExtractions: 0 };

/** How often this worker extracted a document's text (tests count work with it). */
export const keywordCounters = () => ({ ...counters });

function documentLines(pdf: Uint8Array, checked: boolean): Promise<Glyph[][][]> {
  const key = createHash('sha256').update(pdf).digest('base64');
  let lines = texts.get(key);
  if (lines) {
    texts.delete(key); // most recently used last
    texts.set(key, lines);
    return lines;
  }
  counters.textExtractions++;
  lines = (async () => {
    const pages: Glyph[][][] = [];
    let glyphs = 0;
    await eachPageText(
      pdf,
      (_, items) => {
        const page = glyphLines(items);
        for (const line of page) glyphs += line.length;
        pages.push(page);
      },
      { disableNormalization: true, checked },
    );
    if (glyphs > TEXT_CACHE.glyphs) texts.delete(key);
    return pages;
  })();
  texts.set(key, lines);
  lines.catch(() => texts.delete(key));
  while (texts.size > TEXT_CACHE.documents) texts.delete(texts.keys().next().value!);
  return lines;
}

/**
 * Every occurrence of each keyword, from one text extraction; a keyword over the bound is
 * TooManyHits (the caller throws when it uses that one, so keywords fail in the caller's order).
 * `checked`: these bytes already passed loadPdf's bounds in this job.
 */
export async function findKeywords(
  pdf: Uint8Array,
  keywords: string[],
  opts: { checked?: boolean; stopAfter?: number } = {},
): Promise<Array<KeywordHit[] | TooManyHits>> {
  if (!keywords.some((k) => k.trim())) return keywords.map(() => []);
  const pages = await documentLines(pdf, opts.checked ?? false);
  const max = PDF_BOUNDS.maxKeywordHits;
  return keywords.map((keyword) => {
    const hits: KeywordHit[] = [];
    if (!keyword.trim()) return hits;
    for (const [i, lines] of pages.entries())
      for (const line of lines)
        for (const m of matchLine(line, keyword)) {
          hits.push({ page: i + 1, ...boxOf(m) });
          if (opts.stopAfter !== undefined && hits.length >= opts.stopAfter) return hits;
          if (hits.length > max) return { tooManyHits: max };
        }
    return hits;
  });
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
  const [hits] = await findKeywords(pdf, [keyword], opts);
  if (isTooMany(hits!)) throw tooManyKeywordHits(hits.tooManyHits);
  return hits!;
}
