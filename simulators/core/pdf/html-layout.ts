/**
 * Lays blocks out on new A4 pages with the CJK font (bold for headings and <b>/<strong>),
 * wrapping per character for Chinese and per word for Latin: parsed HTML (layoutHtml) or blocks
 * built by a caller (layoutBlocks: DOCX templates add tables, page breaks, inline images and
 * signature positions).
 */
import { rgb, type PDFDocument, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { TooManyPagesError } from './errors.ts';
import type { FontBook } from './font-book.ts';
import { parseHtml, type Block } from './html-parse.ts';
import { atomize, wrapAtoms, type InlineObject, type LinePiece, type Run } from './text-wrap.ts';

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

/** A table cell: its paragraphs; `span` columns of the grid (default 1). */
export interface TableCell {
  paras: Array<{ runs: Run[]; align?: 'center' | 'right' }>;
  span?: number;
}

/** What layoutBlocks lays out: parsed HTML's blocks, tables (`columns`: relative widths) and page breaks. */
export type LayoutBlock =
  Block | { kind: 'table'; rows: TableCell[][]; columns?: number[] } | { kind: 'pagebreak' };

/** Where an `anchor` inline object landed: page (1-based, in the document) and its box in user space. */
export interface LayoutAnchor {
  name: string;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

const HEADING_SIZE = [0, 20, 17, 15, 13, 12, 11];
const INDENT = 18;
const CELL_PADDING = 4;
const BLACK = rgb(0, 0, 0);

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
  return (await layoutBlocks(doc, fonts, parseHtml(html), layout, maxPages)).added;
}

const runsOf = (b: LayoutBlock): Run[] =>
  b.kind === 'table'
    ? b.rows.flatMap((r) => r.flatMap((c) => c.paras.flatMap((p) => p.runs)))
    : b.kind === 'para' || b.kind === 'heading'
      ? b.runs
      : [];

/** Images scaled down (keeping their proportions) to fit `maxWidth` × `maxHeight`. */
function fitInline(runs: Run[], maxWidth: number, maxHeight: number): Run[] {
  return runs.map((r) => {
    const o = r.inline;
    if (!o || o.kind !== 'image' || (o.width <= maxWidth && o.height <= maxHeight)) return r;
    const k = Math.min(maxWidth / o.width, maxHeight / o.height);
    return { ...r, inline: { ...o, width: o.width * k, height: o.height * k } };
  });
}

/** Pages laid out from `blocks`: how many were added, and where each anchor landed. */
export async function layoutBlocks(
  doc: PDFDocument,
  fonts: FontBook,
  blocks: LayoutBlock[],
  layout: PageLayout = DEFAULT_PAGE_LAYOUT,
  maxPages = Infinity,
): Promise<{ added: number; anchors: LayoutAnchor[] }> {
  const regular = await fonts.regular();
  const needsBold = blocks.some((b) => b.kind === 'heading' || runsOf(b).some((r) => r.bold));
  const bold = needsBold ? await fonts.bold() : regular;
  const fontOf = (isBold: boolean): PDFFont => (isBold ? bold : regular);
  const images = new Map<Uint8Array, Promise<PDFImage>>();
  const imageOf = (o: Extract<InlineObject, { kind: 'image' }>): Promise<PDFImage> => {
    let img = images.get(o.data);
    if (!img) images.set(o.data, (img = o.format === 'png' ? doc.embedPng(o.data) : doc.embedJpg(o.data)));
    return img;
  };

  const [W, H] = layout.size;
  const left = layout.margin;
  const width = W - 2 * layout.margin;
  const firstPage = doc.getPageCount();
  const anchors: LayoutAnchor[] = [];
  let page: PDFPage | undefined;
  let breakBefore = false;
  let y = 0;
  let added = 0;
  const newPage = () => {
    if (added >= maxPages) throw new TooManyPagesError(maxPages);
    page = doc.addPage([W, H]);
    added++;
    breakBefore = false;
    y = H - layout.margin;
  };
  /** Make room for a line of `h`; returns the page to draw on. */
  const room = (h: number): PDFPage => {
    if (!page || breakBefore || y - h < layout.margin) newPage();
    return page!;
  };
  /** A line's height: the leading, or more when an image on it is taller. */
  const lineHeight = (line: LinePiece[], size: number, leading: number): number => {
    const tallest = line.reduce((h, p) => (p.inline?.kind === 'image' ? Math.max(h, p.inline.height) : h), 0);
    return tallest ? Math.max(leading, (leading - size) / 2 + size * 0.12 + tallest + size * 0.2) : leading;
  };
  const drawPieces = async (p: PDFPage, line: LinePiece[], x0: number, baseline: number, size: number) => {
    for (const piece of line) {
      const o = piece.inline;
      if (o?.kind === 'image') {
        p.drawImage(await imageOf(o), { x: x0 + piece.x, y: baseline, width: o.width, height: o.height });
      } else if (o?.kind === 'anchor') {
        const page = firstPage + added;
        anchors.push({
          name: o.name,
          page,
          x: x0 + piece.x,
          y: baseline - 0.12 * size,
          width: o.width,
          height: size,
        });
      } else if (piece.text.trim()) {
        p.drawText(piece.text, {
          x: x0 + piece.x,
          y: baseline,
          size,
          font: fontOf(piece.bold),
          color: BLACK,
        });
      }
    }
  };
  const lineWidthOf = (line: LinePiece[]) => line.reduce((w, piece) => Math.max(w, piece.x + piece.width), 0);

  let prevKind: LayoutBlock['kind'] | undefined;
  for (const block of blocks) {
    if (block.kind === 'pagebreak') {
      if (!page) newPage();
      breakBefore = true;
      prevKind = 'pagebreak';
      continue;
    }
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
    if (block.kind === 'table') {
      await layoutTable(block);
      prevKind = 'table';
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
    const runs = fitInline(block.runs, lineWidth, H - 2 * layout.margin - leading);
    const lines =
      block.kind === 'para' && block.pre
        ? runs
            .map((r) => r.text)
            .join('')
            .split('\n')
            .flatMap((l) =>
              wrapAtoms(atomize([{ text: l }]), measure, lineWidth, lineWidth, maxLines).concat(
                l.trim() ? [] : [[]],
              ),
            )
        : wrapAtoms(atomize(runs), measure, lineWidth, lineWidth, maxLines);
    for (const [i, line] of lines.entries()) {
      const h = lineHeight(line, size, leading);
      const p = room(h);
      y -= h;
      const baseline = y + (leading - size) / 2 + size * 0.12;
      const lineW = lineWidthOf(line);
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
        p.drawText(block.marker, { x: left + indent, y: baseline, size, font: regular, color: BLACK });
      }
      await drawPieces(p, line, x0, baseline, size);
    }
    y -= block.kind === 'heading' ? size * 0.3 : size * 0.5; // space after the block
    prevKind = block.kind;
  }
  if (added === 0) newPage(); // an empty chunk still makes a (blank) page, so the chunk is visible
  return { added, anchors };

  /** A bordered grid; a row taller than what is left of a page continues on the next one. */
  async function layoutTable(table: Extract<LayoutBlock, { kind: 'table' }>): Promise<void> {
    const size = layout.fontSize;
    const leading = size * 1.4;
    const count = Math.max(1, ...table.rows.map((r) => r.reduce((n, c) => n + Math.max(1, c.span ?? 1), 0)));
    const given = table.columns?.length === count && table.columns.every((w) => w > 0) ? table.columns : [];
    const total = given.reduce((s, w) => s + w, 0);
    const colW = Array.from({ length: count }, (_, i) =>
      given.length ? (given[i] / total) * width : width / count,
    );
    const maxHeight = H - 2 * layout.margin - 2 * CELL_PADDING - leading;
    const perPage = Math.ceil((H - 2 * layout.margin) / leading);
    for (const row of table.rows) {
      let col = 0;
      const cells = row.map((cell) => {
        const span = Math.max(1, Math.min(cell.span ?? 1, count - col));
        const x = left + colW.slice(0, col).reduce((s, w) => s + w, 0);
        const w = colW.slice(col, col + span).reduce((s, v) => s + v, 0);
        col += span;
        const inner = Math.max(1, w - 2 * CELL_PADDING);
        const maxLines = (maxPages - added + 1) * perPage + 1;
        const measure = (t: string, b: boolean) => fontOf(b).widthOfTextAtSize(t, size);
        const lines = cell.paras.flatMap((para) =>
          wrapAtoms(atomize(fitInline(para.runs, inner, maxHeight)), measure, inner, inner, maxLines).map(
            (pieces) => ({ pieces, align: para.align, h: lineHeight(pieces, size, leading) }),
          ),
        );
        return { x, w, inner, lines, next: 0 };
      });
      let first = true;
      while (first || cells.some((c) => c.next < c.lines.length)) {
        const tallest = Math.max(leading, ...cells.map((c) => c.lines[c.next]?.h ?? 0));
        const p = room(tallest + 2 * CELL_PADDING);
        const avail = y - layout.margin - 2 * CELL_PADDING;
        let sliceH = first ? leading : 0;
        const taken = cells.map((c) => {
          const out: typeof c.lines = [];
          let h = 0;
          // at least one line per slice, so a line taller than a page still moves on
          while (c.next < c.lines.length && (out.length === 0 || h + c.lines[c.next].h <= avail)) {
            h += c.lines[c.next].h;
            out.push(c.lines[c.next++]);
          }
          sliceH = Math.max(sliceH, h);
          return out;
        });
        const top = y;
        for (const [i, c] of cells.entries()) {
          let lineTop = top - CELL_PADDING;
          for (const line of taken[i]) {
            lineTop -= line.h;
            const baseline = lineTop + (leading - size) / 2 + size * 0.12;
            const lineW = lineWidthOf(line.pieces);
            const x0 =
              c.x +
              CELL_PADDING +
              (line.align === 'center'
                ? (c.inner - lineW) / 2
                : line.align === 'right'
                  ? c.inner - lineW
                  : 0);
            await drawPieces(p, line.pieces, x0, baseline, size);
          }
          p.drawRectangle({
            x: c.x,
            y: top - sliceH - 2 * CELL_PADDING,
            width: c.w,
            height: sliceH + 2 * CELL_PADDING,
            borderColor: BLACK,
            borderWidth: 0.5,
          });
        }
        y = top - sliceH - 2 * CELL_PADDING;
        first = false;
      }
    }
    y -= size * 0.5;
  }
}
