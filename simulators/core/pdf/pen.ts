/**
 * A small builder of raw content-stream operators, so seals are drawn as plain
 * vector paths and text in one `q … Q` block (with optional clip and blend mode).
 */
import {
  appendBezierCurve,
  beginText,
  clip,
  closePath,
  concatTransformationMatrix,
  endPath,
  endText,
  fill,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
  setFontAndSize,
  setGraphicsState,
  setLineWidth,
  setStrokingRgbColor,
  setTextMatrix,
  showText,
  stroke,
  PDFName,
  type PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
  type RGB,
} from 'pdf-lib';

export type Matrix = [number, number, number, number, number, number];

/** Bezier constant for approximating a quarter ellipse. */
const KAPPA = 0.5522847498;

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();
const multiplyKeys = new WeakMap<PDFPage, PDFName>();

/** The page's resource name for a font, registering it once per page. */
export function fontKeyFor(page: PDFPage, font: PDFFont): PDFName {
  let byFont = fontKeys.get(page);
  if (!byFont) fontKeys.set(page, (byFont = new Map()));
  let key = byFont.get(font);
  if (!key) {
    key = page.node.newFontDictionary(font.name, font.ref);
    byFont.set(font, key);
  }
  return key;
}

/** An ExtGState using the Multiply blend mode: seal ink over text keeps the text visible. */
function multiplyKeyFor(doc: PDFDocument, page: PDFPage): PDFName {
  let key = multiplyKeys.get(page);
  if (!key) {
    const gs = doc.context.obj({ Type: 'ExtGState', BM: 'Multiply' });
    key = page.node.newExtGState('SealGS', doc.context.register(gs));
    multiplyKeys.set(page, key);
  }
  return key;
}

export class Pen {
  readonly ops: PDFOperator[] = [];
  constructor(readonly page: PDFPage) {}

  fillColor(c: RGB): this {
    this.ops.push(setFillingRgbColor(c.red, c.green, c.blue));
    return this;
  }
  strokeColor(c: RGB): this {
    this.ops.push(setStrokingRgbColor(c.red, c.green, c.blue));
    return this;
  }
  lineWidth(w: number): this {
    this.ops.push(setLineWidth(w));
    return this;
  }
  /** Append a closed ellipse path centred at (cx, cy). */
  ellipse(cx: number, cy: number, rx: number, ry: number): this {
    const ox = rx * KAPPA;
    const oy = ry * KAPPA;
    this.ops.push(
      moveTo(cx - rx, cy),
      appendBezierCurve(cx - rx, cy + oy, cx - ox, cy + ry, cx, cy + ry),
      appendBezierCurve(cx + ox, cy + ry, cx + rx, cy + oy, cx + rx, cy),
      appendBezierCurve(cx + rx, cy - oy, cx + ox, cy - ry, cx, cy - ry),
      appendBezierCurve(cx - ox, cy - ry, cx - rx, cy - oy, cx - rx, cy),
      closePath(),
    );
    return this;
  }
  polygon(points: Array<[number, number]>): this {
    points.forEach(([x, y], i) => this.ops.push(i === 0 ? moveTo(x, y) : lineTo(x, y)));
    this.ops.push(closePath());
    return this;
  }
  rect(x: number, y: number, w: number, h: number): this {
    this.ops.push(rectangle(x, y, w, h));
    return this;
  }
  fill(): this {
    this.ops.push(fill());
    return this;
  }
  stroke(): this {
    this.ops.push(stroke());
    return this;
  }
  /** Show `text` in `font` with the text matrix `m` (font size 1: the matrix carries the size). */
  text(font: PDFFont, text: string, m: Matrix): this {
    const key = fontKeyFor(this.page, font);
    this.ops.push(
      beginText(),
      setFontAndSize(key, 1),
      setTextMatrix(...m),
      showText(font.encodeText(text)),
      endText(),
    );
    return this;
  }
  transform(m: Matrix): this {
    this.ops.push(concatTransformationMatrix(...m));
    return this;
  }

  /**
   * Push everything drawn so far onto the page inside q … Q, optionally clipped
   * to a rectangle and with the Multiply blend mode.
   */
  commit(opts: {
    doc: PDFDocument;
    clipRect?: { x: number; y: number; width: number; height: number };
    multiply?: boolean;
    /** Turn everything counter-clockwise about (cx, cy): upright on a page shown with /Rotate. */
    rotate?: { cx: number; cy: number; degrees: number };
  }): void {
    const head: PDFOperator[] = [pushGraphicsState()];
    if (opts.clipRect) {
      const r = opts.clipRect;
      head.push(rectangle(r.x, r.y, r.width, r.height), clip(), endPath());
    }
    if (opts.multiply) head.push(setGraphicsState(multiplyKeyFor(opts.doc, this.page)));
    if (opts.rotate && opts.rotate.degrees % 360 !== 0) {
      const { cx, cy } = opts.rotate;
      const t = (opts.rotate.degrees * Math.PI) / 180;
      const [c, s] = [Math.round(Math.cos(t) * 1e9) / 1e9, Math.round(Math.sin(t) * 1e9) / 1e9];
      // translate(cx, cy) · rotate(t) · translate(-cx, -cy)
      head.push(concatTransformationMatrix(c, s, -s, c, cx - c * cx + s * cy, cy - s * cx - c * cy));
    }
    this.page.pushOperators(...head, ...this.ops, popGraphicsState());
    this.ops.length = 0;
  }
}

/** Text matrix that draws a glyph run of em-size `size`, squeezed horizontally by `sx`,
 *  rotated by `angle` (radians), whose visual centre lands on (x, y). */
export function centredGlyphMatrix(
  advance: number, // advance width at size 1, unsqueezed
  size: number,
  sx: number,
  angle: number,
  x: number,
  y: number,
  sy = 1,
  centreY = 0.38, // visual centre of a CJK ideograph above the baseline, in em
): Matrix {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const hw = (advance * size * sx) / 2;
  const hc = centreY * size * sy;
  const e = x - (hw * cos - hc * sin);
  const f = y - (hw * sin + hc * cos);
  return [size * sx * cos, size * sx * sin, -size * sy * sin, size * sy * cos, e, f];
}

export { PDFName };
