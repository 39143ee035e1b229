import { hasPdfMagic, loadPdf } from './load.ts';
import { PDFDocument } from 'pdf-lib';

/** Page sizes in pt (MediaBox width and height, before any /Rotate). */
export async function pageSizes(pdf: Uint8Array): Promise<Array<{ width: number; height: number }>> {
  const doc = await loadPdf(pdf);
  return doc.getPages().map((p) => p.getSize());
}

export async function pageCount(pdf: Uint8Array): Promise<number> {
  return (await loadPdf(pdf)).getPageCount();
}

/**
 * %PDF- magic and a cross-reference table / trailer that parses to a page tree
 * with at least one page. Synchronous, so it does a light structural parse itself
 * rather than a full load: the magic, an %%EOF marker, and a trailer or xref stream.
 */
export function isPdf(bytes: Uint8Array): boolean {
  if (!(bytes instanceof Uint8Array) || bytes.length < 32 || !hasPdfMagic(bytes)) return false;
  const tail = latin1(bytes.subarray(Math.max(0, bytes.length - 2048)));
  if (!tail.includes('%%EOF')) return false;
  const m = /startxref\s+(\d+)/.exec(tail);
  if (!m) return false;
  const offset = Number(m[1]);
  if (offset > 0 && offset < bytes.length) {
    const at = latin1(bytes.subarray(offset, Math.min(bytes.length, offset + 64)));
    // A classic xref table, or an xref stream object ("12 0 obj").
    if (/^\s*xref\b/.test(at) || /^\s*\d+\s+\d+\s+obj\b/.test(at)) return true;
  }
  // A wrong startxref offset is common and readers repair it: accept a trailer instead.
  return /trailer\s*<</.test(tail) || /\/Type\s*\/XRef/.test(latin1(bytes.subarray(Math.max(0, bytes.length - 65536))));
}

/** Full check: isPdf and pdf-lib can load it with at least one page. */
export async function isLoadablePdf(bytes: Uint8Array): Promise<boolean> {
  if (!isPdf(bytes)) return false;
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    return doc.getPageCount() > 0;
  } catch {
    return false;
  }
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}
