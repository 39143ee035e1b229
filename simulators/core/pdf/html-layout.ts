/**
 * Lays parsed HTML blocks out on new A4 pages with the CJK font (bold for headings
 * and <b>/<strong>), wrapping per character for Chinese and per word for Latin.
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { TooManyPagesError } from './errors.ts';
import type { FontBook } from './font-book.ts';
import { parseHtml, type Block } from './html-parse.ts';
import { atomize, wrapAtoms } from './text-wrap.ts';

export interface PageLayout {
  size: [number, number];
  margin: number;
  fontSize: number;
  lineHeight: number; // multiple of the font size
}

export const DEFAULT_PAGE_LAYOUT: PageLayout = {
  size: [595.28, 841.89],
  margin: 56,
  fontSize: 11,
  lineHeight: 1.6,
};

const HEADING_SIZE = [0, 20, 17, 15, 13, 12, 11];
const INDENT = 18;

/**
 * Append pages laid out from `html`; returns how many were added. With `maxPages`, laying out a
 * page beyond it throws TooManyPagesError at once (a 1 MB chunk is not laid out to the end first).
 */
export async function layoutHtml(
  doc: PDFDocument,
  fonts: FontBook,
  html: string,
  layout: PageLayout = DEFAULT_PAGE_LAYOUT,
  maxPages = Infinity,
): Promise<number> {
  const blocks = parseHtml(html);
  const regular = await fonts.regular();
  const needsBold = blocks.some(
    (b) => b.kind === 'heading' || (b.kind === 'para' && b.runs.some((r) => r.bold)),
  );
  const bold = needsBold ? await fonts.bold() : regular;
  const fontOf = (isBold: boolean): PDFFont => (isBold ? bold : regular);

  const [W, H] = layout.size;
  const left = layout.margin;
  const width = W - 2 * layout.margin;
  let page: PDFPage | undefined;
  let y = 0;
  let added = 0;
  const newPage = () => {
    if (added >= maxPages) throw new TooManyPagesError(maxPages);
    page = doc.addPage([W, H]);
    added++;
    y = H - layout.margin;
  };
  /** Make room for a line of `h`; returns the page to draw on. */
  const room = (h: number): PDFPage => {
    if (!page || y - h < layout.margin) newPage();
    return page!;
  };

  let prevKind: Block['kind'] | undefined;
  for (const block of blocks) {
    if (block.kind === 'rule') {
      const p = room(layout.fontSize);
      y -= layout.fontSize * 0.6;
      p.drawLine({
        start: { x: left, y },
        end: { x: left + width, y },
        thickness: 0.6,
        color: rgb(0.6, 0.6, 0.6),
      });
      y -= layout.fontSize * 0.6;
      prevKind = 'rule';
      continue;
    }
    const size = block.kind === 'heading' ? HEADING_SIZE[block.level] : layout.fontSize;
    const leading = size * (block.kind === 'heading' ? 1.4 : layout.lineHeight);
    if (block.kind === 'heading' && page && prevKind) y -= size * 0.6; // space above headings
    const indent = block.kind === 'para' ? block.indent * INDENT : 0;
    const markerWidth = block.kind === 'para' && block.marker ? INDENT : 0;
    const measure = (t: string, b: boolean) => fontOf(b).widthOfTextAtSize(t, size);
    const lineWidth = width - indent - markerWidth;
    // more lines than the pages left can hold are never laid out: newPage() throws first
    const perPage = Math.ceil((H - 2 * layout.margin) / leading);
    const maxLines = (maxPages - added + 1) * perPage + 1;
    const lines =
      block.kind === 'para' && block.pre
        ? block.runs
            .map((r) => r.text)
            .join('')
            .split('\n')
            .flatMap((l) =>
              wrapAtoms(atomize([{ text: l }]), measure, lineWidth, lineWidth, maxLines).concat(
                l.trim() ? [] : [[]],
              ),
            )
        : wrapAtoms(atomize(block.runs), measure, lineWidth, lineWidth, maxLines);
    lines.forEach((line, i) => {
      const p = room(leading);
      y -= leading;
      const baseline = y + (leading - size) / 2 + size * 0.12;
      const lineW = line.reduce((w, piece) => Math.max(w, piece.x + piece.width), 0);
      let x0 = left + indent + markerWidth;
      const align =
        block.kind === 'heading' && block.level === 1
          ? 'center'
          : block.kind === 'para'
            ? block.align
            : undefined;
      if (align === 'center') x0 = left + (width - lineW) / 2;
      else if (align === 'right') x0 = left + width - lineW;
      if (i === 0 && block.kind === 'para' && block.marker) {
        p.drawText(block.marker, { x: left + indent, y: baseline, size, font: regular, color: rgb(0, 0, 0) });
      }
      for (const piece of line) {
        if (!piece.text.trim()) continue;
        p.drawText(piece.text, {
          x: x0 + piece.x,
          y: baseline,
          size,
          font: fontOf(piece.bold),
          color: rgb(0, 0, 0),
        });
      }
    });
    y -= block.kind === 'heading' ? size * 0.3 : size * 0.5; // space after the block
    prevKind = block.kind;
  }
  if (added === 0) newPage(); // an empty chunk still makes a (blank) page, so the chunk is visible
  return added;
}
