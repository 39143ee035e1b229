/**
 * A DOCX read into blocks: paragraphs (runs of text, bold, headings from styles, alignment, list
 * level, line and page breaks, inline PNG/JPEG pictures) and the body's tables (rows of cells with
 * their grid spans and the grid's column widths). Headers, footers, footnotes, text boxes, floating
 * shapes, numbering formats and fonts/colours are not read.
 */
import { decodablePng } from '../png.ts';
import { TemplateError } from './errors.ts';
import { jpegSize } from './param.ts';
import { unzipEntries } from './unzip.ts';
import { attr, child, descendant, elements, parseXml, type XmlElement } from './xml.ts';

export interface DocxImage {
  data: Uint8Array;
  format: 'png' | 'jpg';
  /** Points. */
  width: number;
  height: number;
}

export type DocxRun =
  | { kind: 'text'; text: string; bold: boolean }
  | { kind: 'image'; image: DocxImage }
  | { kind: 'anchor'; name: string; text: string; bold: boolean }
  | { kind: 'break'; page: boolean };

export interface DocxPara {
  kind: 'para';
  runs: DocxRun[];
  /** 1–6 for headings (styles named "heading N", Title, or with an outline level). */
  heading?: number;
  align?: 'center' | 'right';
  /** List level (0-based) of a numbered or bulleted paragraph. */
  list?: number;
  pageBreakBefore?: boolean;
}

export interface DocxCell {
  paras: DocxPara[];
  span: number;
}

export interface DocxTable {
  kind: 'table';
  rows: DocxCell[][];
  /** The grid's column widths (twips), when given. */
  grid: number[];
}

export type DocxBlock = DocxPara | DocxTable;

const DOCUMENT = 'word/document.xml';
const STYLES = 'word/styles.xml';
const RELS = 'word/_rels/document.xml.rels';
const EMU_PER_POINT = 12_700;
const OFF = new Set(['0', 'false', 'off']);

const utf8 = new TextDecoder('utf-8');

/** The DOCX's body as blocks; invalid-template when it is not a readable DOCX. */
export function readDocx(bytes: Uint8Array): DocxBlock[] {
  const parts = unzipEntries(bytes, (n) => n === DOCUMENT || n === STYLES || n === RELS);
  const document = parts.get(DOCUMENT);
  if (!document) throw new TemplateError('invalid-template', 'not a DOCX: no word/document.xml');
  const root = parseXml(utf8.decode(document), (e) => e === 'w:t');
  const body = descendant(root, 'w:body');
  if (!body) throw new TemplateError('invalid-template', 'not a DOCX: word/document.xml has no w:body');
  const headings = headingStyles(parts.get(STYLES));
  const targets = relationships(parts.get(RELS));

  // the pictures the document uses, read in a second pass (only those, within the same budget)
  const wanted = new Set<string>();
  const reader = new BodyReader(headings, (id) => {
    const target = targets.get(id);
    if (target) wanted.add(target);
    return target;
  });
  const blocks = reader.body(body);
  const media = wanted.size ? unzipEntries(bytes, (n) => wanted.has(n)) : new Map<string, Uint8Array>();
  return blocks.map((b) =>
    b.kind === 'para'
      ? finish(b, media)
      : {
          ...b,
          rows: b.rows.map((r) => r.map((c) => ({ ...c, paras: c.paras.map((p) => finish(p, media)) }))),
        },
  );
}

/** styleId → heading level, from styles.xml (names "heading N", "Title", outline levels). */
function headingStyles(styles: Uint8Array | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!styles) return out;
  const root = parseXml(utf8.decode(styles), () => false);
  const all = descendant(root, 'w:styles');
  for (const style of all ? elements(all) : []) {
    if (style.name !== 'w:style' || attr(style, 'w:type') !== 'paragraph') continue;
    const id = attr(style, 'w:styleId');
    const name = (child(style, 'w:name') && attr(child(style, 'w:name')!, 'w:val'))?.toLowerCase() ?? '';
    const outline = descendant(style, 'w:outlineLvl');
    const level = /^heading\s*([1-6])$/.exec(name)?.[1] ?? (name === 'title' ? '1' : undefined);
    const fromOutline = outline ? Number(attr(outline, 'w:val')) + 1 : NaN;
    const n = level ? Number(level) : fromOutline >= 1 && fromOutline <= 6 ? fromOutline : undefined;
    if (id && n) out.set(id, n);
  }
  return out;
}

/** Relationship id → part name inside the zip (word/media/…), for pictures. */
function relationships(rels: Uint8Array | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!rels) return out;
  const root = parseXml(utf8.decode(rels), () => false);
  const all = descendant(root, 'Relationships');
  for (const rel of all ? elements(all) : []) {
    const id = attr(rel, 'Id');
    const target = attr(rel, 'Target');
    if (!id || !target || attr(rel, 'TargetMode') === 'External') continue;
    const path: string[] = [];
    for (const seg of (target.startsWith('/') ? target.slice(1) : `word/${target}`).split('/')) {
      if (seg === '..') path.pop();
      else if (seg && seg !== '.') path.push(seg);
    }
    out.set(id, path.join('/'));
  }
  return out;
}

const isOn = (e: XmlElement | undefined) => !!e && !OFF.has(attr(e, 'w:val') ?? '');

/** While reading, a picture is its part name; its bytes are read afterwards (`finish`). */
type RawRun = DocxRun | { kind: 'picture'; part: string; width: number; height: number };
type RawPara = Omit<DocxPara, 'runs'> & { runs: RawRun[] };
type RawBlock =
  RawPara | { kind: 'table'; rows: Array<Array<{ paras: RawPara[]; span: number }>>; grid: number[] };

/** The picture's run when its part is a PNG or JPEG that decodes; other formats are left out. */
function picture(run: Extract<RawRun, { kind: 'picture' }>, media: Map<string, Uint8Array>): DocxRun[] {
  const data = media.get(run.part);
  if (!data) return [];
  const format = decodablePng(data) ? 'png' : jpegSize(data) ? 'jpg' : undefined;
  return format ? [{ kind: 'image', image: { data, format, width: run.width, height: run.height } }] : [];
}

const finish = (para: RawPara, media: Map<string, Uint8Array>): DocxPara => ({
  ...para,
  runs: para.runs.flatMap((r) => (r.kind === 'picture' ? picture(r, media) : [r])),
});

class BodyReader {
  constructor(
    private readonly headings: Map<string, number>,
    private readonly picture: (relId: string) => string | undefined,
  ) {}

  body(body: XmlElement): RawBlock[] {
    const out: RawBlock[] = [];
    for (const e of this.blockElements(body)) {
      if (e.name === 'w:p') out.push(this.paragraph(e));
      else out.push(this.table(e));
    }
    return out;
  }

  /** Paragraphs and tables of a container, through content controls and custom XML. */
  private blockElements(container: XmlElement): XmlElement[] {
    const out: XmlElement[] = [];
    for (const e of elements(container)) {
      if (e.name === 'w:p' || e.name === 'w:tbl') out.push(e);
      else if (e.name === 'w:sdt') out.push(...this.blockElements(child(e, 'w:sdtContent') ?? e));
      else if (e.name === 'w:customXml' || e.name === 'w:ins') out.push(...this.blockElements(e));
    }
    return out;
  }

  private table(tbl: XmlElement): Extract<RawBlock, { kind: 'table' }> {
    const grid = elements(child(tbl, 'w:tblGrid') ?? tbl)
      .filter((c) => c.name === 'w:gridCol')
      .map((c) => Number(attr(c, 'w:w')) || 0);
    const rows: Array<Array<{ paras: RawPara[]; span: number }>> = [];
    for (const tr of elements(tbl).flatMap((e) =>
      e.name === 'w:sdt' ? elements(child(e, 'w:sdtContent') ?? e) : [e],
    )) {
      if (tr.name !== 'w:tr') continue;
      const cells: Array<{ paras: RawPara[]; span: number }> = [];
      for (const tc of elements(tr).flatMap((e) =>
        e.name === 'w:sdt' ? elements(child(e, 'w:sdtContent') ?? e) : [e],
      )) {
        if (tc.name !== 'w:tc') continue;
        const span = descendant(child(tc, 'w:tcPr') ?? tc, 'w:gridSpan');
        cells.push({
          paras: this.cellParas(tc),
          span: Math.max(1, Number(span && attr(span, 'w:val')) || 1),
        });
      }
      rows.push(cells);
    }
    return { kind: 'table', rows, grid };
  }

  /** A cell's paragraphs; a table nested in it gives its cells' paragraphs in order. */
  private cellParas(container: XmlElement): RawPara[] {
    return this.blockElements(container).flatMap((e) =>
      e.name === 'w:p'
        ? [this.paragraph(e)]
        : elements(e)
            .filter((tr) => tr.name === 'w:tr')
            .flatMap((tr) => elements(tr).filter((tc) => tc.name === 'w:tc'))
            .flatMap((tc) => this.cellParas(tc)),
    );
  }

  private paragraph(p: XmlElement): RawPara {
    const pPr = child(p, 'w:pPr');
    const para: RawPara = { kind: 'para', runs: [] };
    if (pPr) {
      const style = child(pPr, 'w:pStyle');
      const id = style ? (attr(style, 'w:val') ?? '') : '';
      const direct = /^(?:heading|标题)\s*([1-6])$/i.exec(id)?.[1] ?? (/^title$/i.test(id) ? '1' : undefined);
      const level = this.headings.get(id) ?? (direct ? Number(direct) : undefined);
      if (level) para.heading = level;
      const jc = child(pPr, 'w:jc');
      const align = jc && attr(jc, 'w:val');
      if (align === 'center') para.align = 'center';
      else if (align === 'right' || align === 'end') para.align = 'right';
      const numPr = child(pPr, 'w:numPr');
      if (numPr) {
        const ilvl = child(numPr, 'w:ilvl');
        para.list = Math.min(8, Math.max(0, Number(ilvl && attr(ilvl, 'w:val')) || 0));
      }
      if (isOn(child(pPr, 'w:pageBreakBefore'))) para.pageBreakBefore = true;
    }
    this.inline(p, para.runs);
    return para;
  }

  /** The runs of a paragraph or of an inline container (hyperlink, field, content control…). */
  private inline(container: XmlElement, runs: RawRun[]): void {
    for (const e of elements(container)) {
      switch (e.name) {
        case 'w:r':
          this.run(e, runs);
          break;
        case 'w:hyperlink':
        case 'w:smartTag':
        case 'w:ins':
        case 'w:fldSimple':
        case 'w:customXml':
        case 'w:sdtContent':
        case 'w:moveTo':
          this.inline(e, runs);
          break;
        case 'w:sdt':
          this.inline(child(e, 'w:sdtContent') ?? e, runs);
          break;
        default: // w:del, w:moveFrom, properties, bookmarks, proofing marks carry no shown text
      }
    }
  }

  private run(r: XmlElement, runs: RawRun[]): void {
    const rPr = child(r, 'w:rPr');
    const bold = isOn(rPr && child(rPr, 'w:b'));
    const text = (t: string) => {
      const last = runs[runs.length - 1];
      if (last?.kind === 'text' && last.bold === bold) last.text += t;
      else runs.push({ kind: 'text', text: t, bold });
    };
    for (const e of elements(r)) {
      if (e.name === 'w:t') text(e.children.filter((c) => typeof c === 'string').join(''));
      else if (e.name === 'w:tab') text(' ');
      else if (e.name === 'w:noBreakHyphen') text('-');
      else if (e.name === 'w:br') runs.push({ kind: 'break', page: attr(e, 'w:type') === 'page' });
      else if (e.name === 'w:cr') runs.push({ kind: 'break', page: false });
      else if (e.name === 'w:drawing') this.drawing(e, runs);
      else if (e.name === 'mc:AlternateContent') {
        const choice = child(e, 'mc:Choice');
        const drawing = choice && descendant(choice, 'w:drawing');
        if (drawing) this.drawing(drawing, runs);
      }
    }
  }

  /** An inline picture (wp:inline; anchored ones float and are not laid out). */
  private drawing(d: XmlElement, runs: RawRun[]): void {
    const inline = child(d, 'wp:inline');
    const extent = inline && child(inline, 'wp:extent');
    const blip = inline && descendant(inline, 'a:blip');
    const id = blip && attr(blip, 'r:embed');
    const part = id && this.picture(id);
    if (!extent || !part) return;
    const width = Number(attr(extent, 'cx')) / EMU_PER_POINT;
    const height = Number(attr(extent, 'cy')) / EMU_PER_POINT;
    if (!(width > 0 && height > 0)) return;
    runs.push({ kind: 'picture', part, width, height });
  }
}
