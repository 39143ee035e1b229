/**
 * DOCX templates: placeholders found in each paragraph's joined runs (Word splits `${name}` across
 * runs freely), filled on the read blocks, table rows appended, and the result laid out as A4 PDF
 * pages with the CJK font (core/pdf html-layout's layoutBlocks).
 */
import { PDFDocument } from 'pdf-lib';
import { PDF_BOUNDS } from '../pdf/bounds.ts';
import { TooManyPagesError } from '../pdf/errors.ts';
import { FontBook } from '../pdf/font-book.ts';
import { DEFAULT_PAGE_LAYOUT, layoutBlocks, type LayoutBlock, type TableCell } from '../pdf/html-layout.ts';
import type { Run } from '../pdf/text-wrap.ts';
import { readDocx, type DocxBlock, type DocxPara, type DocxRun } from './docx.ts';
import { TemplateError } from './errors.ts';
import { checkParam, type FillImage, type TemplateParam } from './param.ts';
import { PLACEHOLDER, placeholderOf } from './placeholders.ts';
import type { RenderOptions, SignLocation, TemplateFill, TemplateInfo } from './types.ts';

/** Each paragraph of the document, table cells included, in reading order. */
function* paragraphs(blocks: DocxBlock[]): Generator<DocxPara> {
  for (const b of blocks) {
    if (b.kind === 'para') yield b;
    else for (const row of b.rows) for (const cell of row) yield* cell.paras;
  }
}

/**
 * The runs with each `${…}` in a stretch of text runs replaced by what `replace` gives (undefined:
 * left as written). A placeholder split across runs takes the boldness of the run it starts in.
 */
function replacePlaceholders(
  runs: DocxRun[],
  replace: (inner: string, match: string, bold: boolean) => DocxRun[] | undefined,
): DocxRun[] {
  const out: DocxRun[] = [];
  const pushText = (text: string, bold: boolean) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last?.kind === 'text' && last.bold === bold) last.text += text;
    else out.push({ kind: 'text', text, bold });
  };
  let stretch: Array<{ text: string; bold: boolean }> = [];
  const flush = () => {
    const joined = stretch.map((r) => r.text).join('');
    const starts: number[] = [];
    let at = 0;
    for (const r of stretch) {
      starts.push(at);
      at += r.text.length;
    }
    const copy = (from: number, to: number) =>
      stretch.forEach((r, i) => {
        const s = starts[i];
        const a = Math.max(from, s);
        const b = Math.min(to, s + r.text.length);
        if (a < b) pushText(r.text.slice(a - s, b - s), r.bold);
      });
    const boldAt = (pos: number) => stretch[starts.findLastIndex((s) => s <= pos)]?.bold ?? false;
    let pos = 0;
    for (const m of joined.matchAll(PLACEHOLDER)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      copy(pos, start);
      const replaced = replace(m[1], m[0], boldAt(start));
      if (replaced) {
        for (const r of replaced) {
          if (r.kind === 'text') pushText(r.text, r.bold);
          else out.push(r);
        }
      } else copy(start, end);
      pos = end;
    }
    copy(pos, joined.length);
    stretch = [];
  };
  for (const r of runs) {
    if (r.kind === 'text') stretch.push(r);
    else {
      flush();
      out.push(r);
    }
  }
  flush();
  return out;
}

/** Text as runs: a line break for each newline in a value. */
function textRuns(text: string, bold: boolean): DocxRun[] {
  return text
    .split(/\r\n|\r|\n/)
    .flatMap((line, i): DocxRun[] => [
      ...(i ? [{ kind: 'break', page: false } as const] : []),
      { kind: 'text', text: line, bold },
    ]);
}

const imageRun = (image: FillImage): DocxRun => ({ kind: 'image', image });

/** The document's placeholders and signature positions, and its tables. */
function survey(blocks: DocxBlock[]): { placeholders: string[]; signs: string[]; tableCount: number } {
  const placeholders = new Set<string>();
  const signs = new Set<string>();
  for (const para of paragraphs(blocks)) {
    replacePlaceholders(para.runs, (inner) => {
      const p = placeholderOf(inner);
      if (p.kind === 'sign') signs.add(p.name);
      else placeholders.add(p.key);
      return undefined;
    });
  }
  return {
    placeholders: [...placeholders],
    signs: [...signs],
    tableCount: blocks.filter((b) => b.kind === 'table').length,
  };
}

/** Signature markers become anchors (not drawn); `values` fills `${…}` placeholders. */
function fillBlocks(
  blocks: DocxBlock[],
  values: (key: string, bold: boolean) => DocxRun[] | undefined,
): DocxBlock[] {
  const fill = (para: DocxPara): DocxPara => ({
    ...para,
    runs: replacePlaceholders(para.runs, (inner, match, bold) => {
      const p = placeholderOf(inner);
      return p.kind === 'sign' ? [{ kind: 'anchor', name: p.name, text: match, bold }] : values(p.key, bold);
    }),
  });
  return blocks.map((b) =>
    b.kind === 'para'
      ? fill(b)
      : { ...b, rows: b.rows.map((row) => row.map((cell) => ({ ...cell, paras: cell.paras.map(fill) }))) },
  );
}

/** The blocks core/pdf lays out; anchors are as wide as their marker's text. */
function layoutOf(blocks: DocxBlock[], measure: (text: string) => number): LayoutBlock[] {
  const size = DEFAULT_PAGE_LAYOUT.fontSize;
  const run = (r: Exclude<DocxRun, { kind: 'break' }>): Run => {
    if (r.kind === 'text') return { text: r.text, bold: r.bold };
    if (r.kind === 'image') return { text: '', inline: { kind: 'image', ...r.image } };
    return { text: '', inline: { kind: 'anchor', name: r.name, width: measure(r.text), height: size } };
  };
  /** A paragraph's lines (split at breaks) and whether a page break follows each. */
  const lines = (para: DocxPara): Array<{ runs: Run[]; pageBreak: boolean }> => {
    const out = [{ runs: [] as Run[], pageBreak: false }];
    for (const r of para.runs) {
      if (r.kind === 'break') {
        out[out.length - 1].pageBreak = r.page;
        out.push({ runs: [], pageBreak: false });
      } else out[out.length - 1].runs.push(run(r));
    }
    return out;
  };
  const blank = (runs: Run[]) => (runs.some((r) => r.text.trim() || r.inline) ? runs : [{ text: '\u00a0' }]);
  const out: LayoutBlock[] = [];
  for (const b of blocks) {
    if (b.kind === 'table') {
      const rows = b.rows.map((row) =>
        row.map((cell): TableCell => ({
          span: cell.span,
          paras: cell.paras.flatMap((p) => lines(p).map((l) => ({ runs: l.runs, align: p.align }))),
        })),
      );
      out.push({ kind: 'table', rows, columns: b.grid });
      continue;
    }
    if (b.pageBreakBefore) out.push({ kind: 'pagebreak' });
    for (const [i, line] of lines(b).entries()) {
      if (b.heading) {
        if (line.runs.length)
          out.push({ kind: 'heading', level: b.heading, runs: line.runs.map((r) => ({ ...r, bold: true })) });
      } else {
        out.push({
          kind: 'para',
          runs: blank(line.runs),
          indent: b.list === undefined ? 0 : b.list + 1,
          marker: b.list !== undefined && i === 0 ? '•' : undefined,
          align: b.align,
        });
      }
      if (line.pageBreak) out.push({ kind: 'pagebreak' });
    }
  }
  return out;
}

/** Lays the blocks out as a new PDF (no wall-clock dates: `opts.date` or none). */
async function render(
  blocks: DocxBlock[],
  opts: RenderOptions,
): Promise<{ pdf: Uint8Array; signLocations: SignLocation[]; pageCount: number }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  if (opts.date !== undefined) {
    doc.setCreationDate(new Date(opts.date));
    doc.setModificationDate(new Date(opts.date));
  }
  const fonts = new FontBook(doc);
  const regular = await fonts.regular();
  const measure = (t: string) => regular.widthOfTextAtSize(t, DEFAULT_PAGE_LAYOUT.fontSize);
  try {
    const { added, anchors } = await layoutBlocks(
      doc,
      fonts,
      layoutOf(blocks, measure),
      DEFAULT_PAGE_LAYOUT,
      PDF_BOUNDS.maxPages,
    );
    return { pdf: await doc.save(), signLocations: anchors, pageCount: added };
  } catch (err) {
    if (err instanceof TooManyPagesError)
      throw new TemplateError('invalid-template', `the document lays out to more than ${err.max} pages`);
    throw err;
  }
}

/** The template's placeholders, tables and signature positions (it is laid out once to count pages). */
export async function inspectDocx(bytes: Uint8Array): Promise<TemplateInfo> {
  const blocks = readDocx(bytes);
  const { placeholders, signs, tableCount } = survey(blocks);
  const { pageCount } = await render(
    fillBlocks(blocks, () => undefined),
    {},
  );
  return { kind: 'docx', textPlaceholders: placeholders, tableCount, signLocations: signs, pageCount };
}

export async function fillDocx(
  bytes: Uint8Array,
  param: TemplateParam,
  opts: RenderOptions,
): Promise<TemplateFill> {
  const blocks = readDocx(bytes);
  const found = survey(blocks);
  const images = checkParam(param, {
    placeholders: new Set(found.placeholders),
    tableCount: found.tableCount,
  });
  const filled = fillBlocks(blocks, (key, bold) => {
    const image = images.get(key);
    if (image) return [imageRun(image)];
    const text = param.text[key];
    return text === undefined ? undefined : textRuns(text, bold); // unfilled: left as written
  });
  // decision: yunhetong-sdk.template-table-rows
  const tables = filled.filter((b) => b.kind === 'table');
  for (const { index, rows } of param.tables) {
    const table = tables[index];
    const columns =
      table.grid.length || Math.max(1, ...table.rows.map((r) => r.reduce((n, c) => n + c.span, 0)));
    for (const row of rows) {
      table.rows.push(
        Array.from({ length: columns }, (_, c) => ({
          span: 1,
          paras: [{ kind: 'para', runs: textRuns(row[String(c + 1)] ?? '', false) }],
        })),
      );
    }
  }
  const { pdf, signLocations } = await render(filled, opts);
  return { pdf, signLocations };
}

/** A DOCX as PDF: its text, headings, lists, tables and inline pictures (placeholders as written). */
export async function docxToPdf(bytes: Uint8Array, opts: RenderOptions = {}): Promise<Uint8Array> {
  return (await render(readDocx(bytes), opts)).pdf;
}
