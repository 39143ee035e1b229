import { PDFDocument } from 'pdf-lib';
import { InvalidPdfError } from './errors.ts';
import { hasPdfMagic } from './sniff.ts';

export { hasPdfMagic };

/** Load with pdf-lib, turning any parse failure into InvalidPdfError. */
export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  if (!(bytes instanceof Uint8Array) || !hasPdfMagic(bytes))
    throw new InvalidPdfError('missing %PDF- header');
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
  if (doc.getPageCount() === 0) throw new InvalidPdfError('PDF has no pages');
  return doc;
}
