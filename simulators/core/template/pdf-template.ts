/**
 * PDF templates: `${…}` placeholders found in the text (core/pdf keyword machinery: glyphs per line,
 * whitespace ignored), each covered with a white box and its value drawn in the CJK font on the same
 * baseline, shrunk to fit up to the next text on the line or the page's right margin; a picture is
 * drawn from the placeholder's bottom-left at the given size in points; signature markers are
 * covered and their boxes returned. A PDF's tables cannot grow: it has none to name.
 * decision: yunhetong-sdk.template-pdf-fill
 */
import { degrees, popGraphicsState, pushGraphicsState, rgb, type PDFDocument, type PDFPage } from 'pdf-lib';
import { FontBook } from '../pdf/font-book.ts';
import { boxOf, glyphLines, type Glyph } from '../pdf/keyword.ts';
import { loadPdf } from '../pdf/load.ts';
import { eachPageText } from '../pdf/text-items.ts';
import { checkParam, type TemplateParam } from './param.ts';
import { PLACEHOLDER, placeholderOf, type Placeholder } from './placeholders.ts';
import type { SignLocation, TemplateFill, TemplateInfo } from './types.ts';

interface Hit {
  page: number;
  placeholder: Placeholder;
  glyphs: Glyph[];
  box: { x: number; y: number; width: number; height: number };
  /** Distance along the baseline from the first glyph to the next text on the line, if any. */
  room?: number;
  /** The right-most text end on the page (its margin). */
  textRight: number;
}

const SPACE = /\s/u;

async function scan(pdf: Uint8Array): Promise<{ hits: Hit[]; pageCount: number }> {
  const hits: Hit[] = [];
  let pageCount = 0;
  await eachPageText(
    pdf,
    (page, items) => {
      pageCount = page;
      const lines = glyphLines(items).map((l) => l.filter((g) => !SPACE.test(g.ch)));
      const textRight = Math.max(0, ...lines.flat().map((g) => g.x + g.dx * g.advance));
      for (const line of lines) {
        // string offsets of each glyph (a glyph is one code point: one or two UTF-16 units)
        const offsets: number[] = [];
        let joined = '';
        for (const g of line) {
          offsets.push(joined.length);
          joined += g.ch;
        }
        for (const m of joined.matchAll(PLACEHOLDER)) {
          const first = offsets.indexOf(m.index ?? 0);
          const last = offsets.indexOf((m.index ?? 0) + m[0].length - 1);
          if (first < 0 || last < 0) continue;
          const glyphs = line.slice(first, last + 1);
          const next = line[last + 1];
          const g0 = glyphs[0];
          hits.push({
            page,
            placeholder: placeholderOf(m[1]),
            glyphs,
            box: boxOf(glyphs),
            room: next ? (next.x - g0.x) * g0.dx + (next.y - g0.y) * g0.dy : undefined,
            textRight,
          });
        }
      }
    },
    { disableNormalization: true },
  );
  return { hits, pageCount };
}

const unique = (names: string[]) => [...new Set(names)];

export async function inspectPdf(pdf: Uint8Array): Promise<TemplateInfo> {
  const { hits, pageCount } = await scan(pdf);
  return {
    kind: 'pdf',
    textPlaceholders: unique(
      hits.flatMap((h) => (h.placeholder.kind === 'value' ? [h.placeholder.key] : [])),
    ),
    // decision: yunhetong-sdk.template-pdf-tables
    tableCount: 0,
    signLocations: unique(hits.flatMap((h) => (h.placeholder.kind === 'sign' ? [h.placeholder.name] : []))),
    pageCount,
  };
}

/** The page's own content wrapped in q … Q, so a CTM it leaves changed cannot move what is drawn after. */
function isolate(doc: PDFDocument, page: PDFPage): void {
  const start = doc.context.register(doc.context.contentStream([pushGraphicsState()]));
  const end = doc.context.register(doc.context.contentStream([popGraphicsState()]));
  page.node.wrapContentStreams(start, end);
}

const WHITE = rgb(1, 1, 1);

export async function fillPdf(pdf: Uint8Array, param: TemplateParam): Promise<TemplateFill> {
  const { hits } = await scan(pdf);
  const placeholders = new Set(
    hits.flatMap((h) => (h.placeholder.kind === 'value' ? [h.placeholder.key] : [])),
  );
  const images = checkParam(param, { placeholders, tableCount: 0 });
  const doc = await loadPdf(pdf);
  const fonts = new FontBook(doc);
  const embedded = new Map<string, ReturnType<PDFDocument['embedPng']>>();
  const touched = new Set<number>();
  const signLocations: SignLocation[] = [];
  for (const hit of hits) {
    const p = hit.placeholder;
    const value = p.kind === 'value' ? (images.get(p.key) ?? param.text[p.key]) : undefined;
    if (p.kind === 'value' && value === undefined) continue; // unfilled: left as written
    const page = doc.getPage(hit.page - 1);
    if (!touched.has(hit.page)) {
      isolate(doc, page);
      touched.add(hit.page);
    }
    const { box } = hit;
    page.drawRectangle({
      x: box.x - 0.5,
      y: box.y - 0.5,
      width: box.width + 1,
      height: box.height + 1,
      color: WHITE,
    });
    if (p.kind === 'sign') {
      signLocations.push({ name: p.name, page: hit.page, ...box });
      continue;
    }
    const g0 = hit.glyphs[0];
    if (typeof value === 'string') {
      const text = value.replace(/\s*[\r\n]+\s*/g, ' ');
      if (!text) continue;
      const font = await fonts.regular();
      const media = page.getMediaBox();
      const right = Math.min(media.x + media.width - 18, Math.max(hit.textRight, media.x + media.width - 56));
      // horizontal text may run on to the right margin; turned text keeps to what it covered
      const room = Math.max(box.width, hit.room ?? (g0.dy === 0 && g0.dx > 0 ? right - g0.x : box.width));
      const width = font.widthOfTextAtSize(text, g0.size);
      const size = width > room ? (g0.size * room) / width : g0.size;
      const angle = (Math.atan2(g0.dy, g0.dx) * 180) / Math.PI;
      page.drawText(text, { x: g0.x, y: g0.y, size, font, color: rgb(0, 0, 0), rotate: degrees(angle) });
    } else if (value) {
      const key = p.kind === 'value' ? p.key : '';
      let image = embedded.get(key);
      if (!image)
        embedded.set(
          key,
          (image = value.format === 'png' ? doc.embedPng(value.data) : doc.embedJpg(value.data)),
        );
      page.drawImage(await image, { x: box.x, y: box.y, width: value.width, height: value.height });
    }
  }
  return { pdf: await doc.save(), signLocations };
}
