/**
 * appendChunks: add contract chunks to a PDF. text/html is laid out as new pages
 * (no browser); application/pdf has its pages copied in. Content types are matched
 * case-insensitively, parameters (charset) honoured for HTML.
 */
import { PDFDocument } from 'pdf-lib';
import { InvalidPdfError, TooManyPagesError, UnsupportedChunkTypeError } from './errors.ts';
import { FontBook } from './font-book.ts';
import { layoutHtml } from './html-layout.ts';
import { loadPdf } from './load.ts';

export interface Chunk {
  contentType: string;
  data: Uint8Array;
}

function parseContentType(ct: string): { type: string; charset?: string } {
  const [type, ...params] = String(ct ?? '').split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";]+)"?/i.exec(p)?.[1]).find(Boolean);
  return { type: type.trim().toLowerCase(), charset };
}

function decodeHtml(data: Uint8Array, charset?: string): string {
  let label = charset?.trim().toLowerCase();
  if (!label) {
    // <meta charset="gbk"> or http-equiv in the first bytes
    const head = new TextDecoder('latin1').decode(data.subarray(0, 2048));
    label = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  }
  try {
    return new TextDecoder(label || 'utf-8').decode(data);
  } catch {
    return new TextDecoder('utf-8').decode(data);
  }
}

/** With `maxAddedPages`, the chunks together may add at most that many pages (TooManyPagesError). */
export async function appendChunks(
  pdf: Uint8Array,
  chunks: Chunk[],
  opts: { maxAddedPages?: number } = {},
): Promise<Uint8Array> {
  const left = opts.maxAddedPages ?? Infinity;
  // Check every chunk's type before doing any work.
  const parsed = chunks.map((c) => {
    const ct = parseContentType(c.contentType);
    if (ct.type !== 'text/html' && ct.type !== 'application/pdf')
      throw new UnsupportedChunkTypeError(c.contentType);
    return { ...ct, data: c.data };
  });
  const doc = await loadPdf(pdf);
  try {
    await appendAll(doc, parsed, left);
  } catch (err) {
    // reported against the whole allowance, not what was left when it ran out
    if (err instanceof TooManyPagesError) throw new TooManyPagesError(opts.maxAddedPages ?? err.max);
    throw err;
  }
  return doc.save();
}

async function appendAll(
  doc: PDFDocument,
  parsed: Array<{ type: string; charset?: string; data: Uint8Array }>,
  left: number,
): Promise<void> {
  let fonts: FontBook | undefined;
  for (const [i, chunk] of parsed.entries()) {
    if (chunk.type === 'text/html') {
      fonts ??= new FontBook(doc);
      left -= await layoutHtml(doc, fonts, decodeHtml(chunk.data, chunk.charset), undefined, left);
    } else {
      let src: PDFDocument;
      try {
        src = await loadPdf(chunk.data);
      } catch (err) {
        throw new InvalidPdfError(`chunk ${i} (application/pdf) is not a parseable PDF`, { cause: err });
      }
      if (src.getPageCount() > left) throw new TooManyPagesError(left);
      left -= src.getPageCount();
      const pages = await doc.copyPages(src, src.getPageIndices());
      for (const p of pages) doc.addPage(p);
    }
  }
}
