/**
 * Test and demo documents: text lines laid out top-down, either in the embedded
 * CJK font or in a non-embedded STSong-Light CID font with the UniGB-UCS2-H CMap,
 * as iText and many Chinese PDF producers write it.
 */
import {
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  beginText,
  endText,
  setFillingGrayscaleColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  type PDFRef,
} from 'pdf-lib';
import { FontBook } from './font-book.ts';

export const A4: [number, number] = [595.28, 841.89];
export const TEXT_PDF_MARGIN = 56;
export const TEXT_PDF_FONT_SIZE = 12;
export const TEXT_PDF_LEADING = 20;

export interface TextPdfPage {
  lines: string[];
  size?: [number, number];
}

/** Baseline y of line `i` (0-based) on a page of height `h`. */
export function textPdfBaseline(h: number, i: number): number {
  return h - TEXT_PDF_MARGIN - TEXT_PDF_FONT_SIZE - i * TEXT_PDF_LEADING;
}

/**
 * Lines are drawn at 12 pt, 20 pt apart, from 56 pt below the top and 56 pt from the
 * left; lines that do not fit are not wrapped (it is a fixture generator).
 */
export async function createTextPdf(
  pages: TextPdfPage[],
  opts: { font?: 'embedded' | 'stsong-light' } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setProducer('sealsim');
  doc.setCreator('sealsim createTextPdf');
  const mode = opts.font ?? 'embedded';
  if (mode === 'stsong-light') {
    const fontRef = stSongLight(doc);
    for (const spec of pages) {
      const page = doc.addPage(spec.size ?? A4);
      const key = page.node.newFontDictionary('STSong', fontRef);
      const h = page.getHeight();
      const ops = [setFillingGrayscaleColor(0)];
      spec.lines.forEach((line, i) => {
        if (!line) return;
        ops.push(
          beginText(),
          setFontAndSize(key, TEXT_PDF_FONT_SIZE),
          setTextMatrix(1, 0, 0, 1, TEXT_PDF_MARGIN, textPdfBaseline(h, i)),
          showText(PDFHexString.of(ucs2Hex(line))),
          endText(),
        );
      });
      page.pushOperators(...ops);
    }
  } else {
    const fonts = pages.some((p) => p.lines.some((l) => l.length))
      ? await new FontBook(doc).regular()
      : undefined;
    for (const spec of pages) {
      const page = doc.addPage(spec.size ?? A4);
      const h = page.getHeight();
      spec.lines.forEach((line, i) => {
        if (line && fonts)
          page.drawText(line, {
            x: TEXT_PDF_MARGIN,
            y: textPdfBaseline(h, i),
            size: TEXT_PDF_FONT_SIZE,
            font: fonts,
          });
      });
    }
  }
  if (pages.length === 0) doc.addPage(A4);
  return doc.save();
}

/** UTF-16BE code units as hex; UniGB-UCS2-H reads two bytes per character. */
function ucs2Hex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return hex.toUpperCase();
}

/**
 * The Type0 font dictionary for STSong-Light, hand-built: no FontFile, so a reader
 * substitutes a local Song face. CIDs 1–95 (ASCII under UniGB-UCS2-H) are half width.
 */
function stSongLight(doc: PDFDocument): PDFRef {
  const ctx = doc.context;
  const name = PDFName.of('STSong-Light');
  const descriptor = ctx.obj({});
  descriptor.set(PDFName.of('Type'), PDFName.of('FontDescriptor'));
  descriptor.set(PDFName.of('FontName'), name);
  descriptor.set(PDFName.of('Flags'), PDFNumber.of(6));
  descriptor.set(PDFName.of('FontBBox'), ctx.obj([-25, -254, 1000, 880]));
  descriptor.set(PDFName.of('ItalicAngle'), PDFNumber.of(0));
  descriptor.set(PDFName.of('Ascent'), PDFNumber.of(880));
  descriptor.set(PDFName.of('Descent'), PDFNumber.of(-120));
  descriptor.set(PDFName.of('CapHeight'), PDFNumber.of(880));
  descriptor.set(PDFName.of('StemV'), PDFNumber.of(93));

  const systemInfo = ctx.obj({});
  systemInfo.set(PDFName.of('Registry'), PDFString.of('Adobe'));
  systemInfo.set(PDFName.of('Ordering'), PDFString.of('GB1'));
  systemInfo.set(PDFName.of('Supplement'), PDFNumber.of(2));

  const cidFont = ctx.obj({});
  cidFont.set(PDFName.of('Type'), PDFName.of('Font'));
  cidFont.set(PDFName.of('Subtype'), PDFName.of('CIDFontType0'));
  cidFont.set(PDFName.of('BaseFont'), name);
  cidFont.set(PDFName.of('CIDSystemInfo'), systemInfo);
  cidFont.set(PDFName.of('FontDescriptor'), ctx.register(descriptor));
  cidFont.set(PDFName.of('DW'), PDFNumber.of(1000));
  cidFont.set(PDFName.of('W'), ctx.obj([1, 95, 500]));

  const type0 = ctx.obj({});
  type0.set(PDFName.of('Type'), PDFName.of('Font'));
  type0.set(PDFName.of('Subtype'), PDFName.of('Type0'));
  type0.set(PDFName.of('BaseFont'), name);
  type0.set(PDFName.of('Encoding'), PDFName.of('UniGB-UCS2-H'));
  type0.set(PDFName.of('DescendantFonts'), ctx.obj([ctx.register(cidFont)]));
  return ctx.register(type0);
}
