/**
 * A signature's appearance: each placed seal is drawn, exactly as stampPdf draws it, onto a stand-in
 * page whose content stream then becomes the widget's /AP /N form XObject. The form's /BBox is the
 * widget's /Rect in the page's user space (identity /Matrix), so the page renders as if stamped.
 */
import { PDFArray, PDFName, PDFPage, PDFRef, PDFStream, type PDFDocument } from 'pdf-lib';
import { FontBook } from '../font-book.ts';
import { drawPlacedStamp, type StampPlan } from '../stamp.ts';
import type { Box } from '../types.ts';

export interface Widget {
  pageIndex: number;
  rect: [number, number, number, number];
  /** The /AP /N form XObject; none for an invisible signature. */
  appearance?: PDFRef;
}

export async function drawAppearances(
  doc: PDFDocument,
  plans: StampPlan[],
): Promise<{ widgets: Widget[]; placed: Box[] }> {
  const fonts = new FontBook(doc);
  const widgets: Widget[] = [];
  const placed: Box[] = [];
  for (const { stamp, size, at } of plans) {
    for (const p of at) {
      const canvas = PDFPage.create(doc);
      const drawn = await drawPlacedStamp(doc, fonts, stamp, size, p, canvas);
      placed.push(drawn.placed);
      const e = drawn.extent;
      const rect: Widget['rect'] = [e.x, e.y, e.x + e.width, e.y + e.height];
      widgets.push({ pageIndex: p.pageIndex, rect, appearance: toForm(doc, canvas, rect) });
    }
  }
  return { widgets, placed };
}

/** The stand-in page's content stream, turned into a form XObject; the page itself is dropped. */
function toForm(doc: PDFDocument, canvas: PDFPage, bbox: Widget['rect']): PDFRef {
  const contents = canvas.node.Contents();
  const ref = contents instanceof PDFArray ? contents.get(0) : undefined;
  if (!(ref instanceof PDFRef) || (contents instanceof PDFArray && contents.size() !== 1))
    throw new Error('a seal appearance is one content stream');
  const stream = doc.context.lookup(ref, PDFStream);
  stream.dict.set(PDFName.of('Type'), PDFName.of('XObject'));
  stream.dict.set(PDFName.of('Subtype'), PDFName.of('Form'));
  stream.dict.set(PDFName.of('BBox'), doc.context.obj(bbox));
  stream.dict.set(PDFName.of('Resources'), canvas.node.Resources() ?? doc.context.obj({}));
  doc.context.delete(canvas.ref);
  return ref;
}
