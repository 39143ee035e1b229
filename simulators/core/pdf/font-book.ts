/**
 * Lazily embeds the CJK fonts into one document, each at most once, as subsets.
 */
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { loadCjkBoldFont, loadCjkFont, loadCjkWeightFont, type CjkWeight } from './font.ts';
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
  private weights = new Map<CjkWeight, Promise<PDFFont>>();
  /** The font at a given weight (400 and 700 share the regular and bold embeddings). */
  weight(w: CjkWeight): Promise<PDFFont> {
    if (w === 400) return this.regular();
    if (w === 700) return this.bold();
    let f = this.weights.get(w);
    if (!f)
      this.weights.set(w, (f = loadCjkWeightFont(w).then((b) => this.doc.embedFont(b, { subset: true }))));
    return f;
  }
  bold(): Promise<PDFFont> {
    this.boldFont ??= loadCjkBoldFont().then((b) => this.doc.embedFont(b, { subset: true }));
    return this.boldFont;
  }
}
