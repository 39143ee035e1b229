import { loadPdf } from './load.ts';
import { isPdf } from './sniff.ts';

export { isPdf };
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

