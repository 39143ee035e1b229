import { normaliseRotation, type PageFrame } from './frame.ts';
import { findKeywords } from './keyword.ts';
import { loadPdf } from './load.ts';

export { isPdf } from './sniff.ts';

/** Page sizes in pt (MediaBox width and height, before any /Rotate). */
export async function pageSizes(pdf: Uint8Array): Promise<Array<{ width: number; height: number }>> {
  const doc = await loadPdf(pdf);
  return doc.getPages().map((p) => p.getSize());
}

/** Each page's visible box (CropBox) in user space and its /Rotate: see frame.ts. */
export async function pageFrames(pdf: Uint8Array): Promise<PageFrame[]> {
  const doc = await loadPdf(pdf);
  return doc
    .getPages()
    .map((p) => ({ ...p.getCropBox(), rotation: normaliseRotation(p.getRotation().angle) }));
}

export async function pageCount(pdf: Uint8Array): Promise<number> {
  return (await loadPdf(pdf)).getPageCount();
}

/**
 * Page sizes and each keyword's hits (or 'too-many-hits'), from one load and one text extraction:
 * a vendor planning a request's seals reads its document once, however many keywords it has.
 */
export async function pdfLayout(pdf: Uint8Array, keywords: string[]) {
  const doc = await loadPdf(pdf);
  const sizes = doc.getPages().map((p) => p.getSize());
  return { sizes, hits: await findKeywords(pdf, keywords, { checked: true }) };
}
