/**
 * Lazily embeds the CJK fonts into one document, each at most once, as subsets.
 */
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { loadCjkBoldFont, loadCjkFont } from './font.ts';
import { fontkitAdapter } from './fontkit-adapter.ts';

export class FontBook {
  private regularFont?: Promise<PDFFont>;
  private boldFont?: Promise<PDFFont>;
  constructor(readonly doc: PDFDocument) {
    doc.registerFontkit(fontkitAdapter);
  }
  regular(): Promise<PDFFont> {
    this.regularFont ??= loadCjkFont().then((b) => this.doc.embedFont(b, { subset: true }));
    return this.regularFont;
  }
  bold(): Promise<PDFFont> {
    this.boldFont ??= loadCjkBoldFont().then((b) => this.doc.embedFont(b, { subset: true }));
    return this.boldFont;
  }
}
