import { PDFDocument } from 'pdf-lib';
import { InvalidPdfError } from './errors.ts';

export function hasPdfMagic(bytes: Uint8Array): boolean {
  // The header may follow a little junk (the spec allows up to 1024 bytes of it).
  const limit = Math.min(bytes.length - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) {
      return true;
    }
  }
  return false;
}

/** Load with pdf-lib, turning any parse failure into InvalidPdfError. */
export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  if (!(bytes instanceof Uint8Array) || !hasPdfMagic(bytes)) throw new InvalidPdfError('missing %PDF- header');
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: false, throwOnInvalidObject: false });
  } catch (err) {
    throw new InvalidPdfError(`cannot parse PDF: ${(err as Error).message}`, { cause: err });
  }
  if (doc.getPageCount() === 0) throw new InvalidPdfError('PDF has no pages');
  return doc;
}
