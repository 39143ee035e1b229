import { PDFDocument } from 'pdf-lib';
import { checkPageTree, prescan } from './bounds.ts';
import { InvalidPdfError, PdfToolkitError } from './errors.ts';
import { checkFormFanOut } from './fan-out.ts';
import { hasPdfMagic } from './sniff.ts';

export { hasPdfMagic };

/** Load with pdf-lib within the bounds (bounds.ts), turning any parse failure into InvalidPdfError. */
export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  if (!(bytes instanceof Uint8Array) || !hasPdfMagic(bytes))
    throw new InvalidPdfError('missing %PDF- header');
  prescan(bytes);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, {
      updateMetadata: false,
      ignoreEncryption: false,
      throwOnInvalidObject: false,
    });
  } catch (err) {
    throw new InvalidPdfError(`cannot parse PDF: ${(err as Error).message}`, { cause: err });
  }
  let pages: number;
  try {
    pages = checkPageTree(doc) && doc.getPageCount();
    checkFormFanOut(doc);
  } catch (err) {
    if (err instanceof PdfToolkitError) throw err;
    throw new InvalidPdfError(`cannot read the page tree: ${(err as Error).message}`, { cause: err });
  }
  if (pages === 0) throw new InvalidPdfError('PDF has no pages');
  return doc;
}
