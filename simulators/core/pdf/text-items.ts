/**
 * Text items of a PDF's pages with pdfjs, within the bounds (bounds.ts): the file passes pdf-lib's
 * checks first (load.ts: prescan, page tree, form XObject fan-out), `/Count` is capped, and items
 * are read as a stream and counted across pages. What is still slow within the bounds is stopped
 * by the job's time limit (pool.ts). Any pdfjs failure on the way is an InvalidPdfError.
 */
import type { PDFPageProxy } from 'pdfjs-dist';
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api';
import { PDF_BOUNDS, type PdfBounds } from './bounds.ts';
import { InvalidPdfError, PdfLimitError, PdfToolkitError } from './errors.ts';
import { loadPdf } from './load.ts';
import { withPdfjs } from './pdfjs.ts';

/**
 * Calls `visit` with each page's text items, page by page (1-based). `visit` returns false to stop.
 */
export async function eachPageText(
  pdf: Uint8Array,
  visit: (page: number, items: TextItem[]) => boolean | void,
  opts: { disableNormalization?: boolean; bounds?: PdfBounds; checked?: boolean } = {},
): Promise<void> {
  const bounds = opts.bounds ?? PDF_BOUNDS;
  // pdf-lib first: the prescan and the page-tree checks, before pdfjs walks a hostile tree (unless
  // the caller's job loaded these bytes with loadPdf already: `checked`)
  if (!opts.checked) await loadPdf(pdf);
  await withPdfjs(pdf, async (doc) => {
    if (doc.numPages > bounds.maxPages)
      throw new PdfLimitError('pages', `PDF over sealsim's bounds: /Count ${doc.numPages}`);
    let left = bounds.maxTextItems;
    for (let p = 1; p <= doc.numPages; p++) {
      const items = await guarded(async () => {
        const page = await doc.getPage(p);
        try {
          return await readItems(page, left, opts.disableNormalization ?? false);
        } finally {
          page.cleanup();
        }
      });
      left -= items.length;
      if (visit(p, items) === false) return;
    }
  });
}

async function readItems(page: PDFPageProxy, left: number, disableNormalization: boolean) {
  const reader = page.streamTextContent({ disableNormalization }).getReader();
  const items: TextItem[] = [];
  let seen = 0;
  for (;;) {
    const { value, done } = (await reader.read()) as { value?: TextContent; done: boolean };
    if (done || !value) return items;
    seen += value.items.length;
    if (seen > left) {
      await reader.cancel();
      throw new PdfLimitError('text-items', "PDF over sealsim's bounds: too many text items");
    }
    for (const it of value.items) if ('str' in it) items.push(it);
  }
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PdfToolkitError) throw err;
    throw new InvalidPdfError(`cannot read PDF: ${(err as Error).message}`, { cause: err });
  }
}
