/**
 * stampPdf: draws seals on an existing PDF at coordinates, on several pages, on
 * every (or the first) occurrence of a keyword, or across the page edges (骑缝).
 * All placements are resolved before anything is drawn, so a missing keyword or a
 * bad page number fails the whole call and nothing is half-stamped.
 */
import { rgb, type PDFDocument, type PDFPage } from 'pdf-lib';
import { FontBook } from './font-book.ts';
import { normaliseRotation } from './frame.ts';
import { findKeywords } from './keyword.ts';
import { loadPdf } from './load.ts';
import { Pen, centredGlyphMatrix } from './pen.ts';
import { resolvePlacement, type ResolvedPlacement } from './placement.ts';
import { drawQrCode } from './qr-draw.ts';
import { QrTooLongError } from './qrcode.ts';
import { drawSeal, validateSeal, type ClipRect } from './seal-draw.ts';
import { sealSize } from './seal-geometry.ts';
import { wrapText } from './text-wrap.ts';
import type { Box, KeywordHit, Stamp, StampResult, TooManyHits } from './types.ts';

const CAPTION_SIZE = 7;

export async function stampPdf(pdf: Uint8Array, stamps: Stamp[]): Promise<StampResult> {
  const doc = await loadPdf(pdf);
  const plans = await planStamps(doc, pdf, stamps, true);
  const fonts = new FontBook(doc);
  const placed: Box[] = [];
  for (const { stamp, size, at } of plans) {
    for (const p of at) placed.push((await drawPlacedStamp(doc, fonts, stamp, size, p)).placed);
  }
  return { pdf: await doc.save(), placed };
}

export interface StampPlan {
  stamp: Stamp;
  size: { width: number; height: number };
  at: ResolvedPlacement[];
}

/**
 * Checks every stamp and resolves every placement before anything is drawn. The keywords are found
 * together, from one text extraction of the document. `checked`: `doc` was loaded from `pdf` with
 * loadPdf (its bounds need no second check).
 */
export async function planStamps(
  doc: PDFDocument,
  pdf: Uint8Array,
  stamps: Stamp[],
  checked = false,
): Promise<StampPlan[]> {
  const keywords = [
    ...new Set(stamps.flatMap((s) => (s.placement?.kind === 'keyword' ? [s.placement.keyword] : []))),
  ];
  // searched when the first keyword placement is resolved, so errors come in the stamps' order
  let found: Promise<Map<string, KeywordHit[] | TooManyHits>> | undefined;
  const hits = () =>
    (found ??= findKeywords(pdf, keywords, { checked }).then(
      (r) => new Map(keywords.map((k, i) => [k, r[i]!])),
    ));
  const plans: StampPlan[] = [];
  for (const stamp of stamps) {
    validateSeal(stamp.seal);
    if (stamp.width !== undefined && !(stamp.width > 0))
      throw new RangeError(`stamp width must be positive, got ${stamp.width}`);
    const size = sealSize(stamp.seal, stamp.width);
    const keywordHits =
      stamp.placement?.kind === 'keyword' ? await hits() : new Map<string, KeywordHit[] | TooManyHits>();
    plans.push({ stamp, size, at: await resolvePlacement(doc, stamp.placement, size, keywordHits) });
  }
  return plans;
}

/** What one placement of a stamp drew: the seal's box (as in `placed`) and what all its ink covers. */
export interface DrawnStamp {
  placed: Box;
  /** User-space rectangle holding the seal, its caption and QR code (a signature widget's /Rect). */
  extent: ClipRect;
}

/**
 * Draws one resolved placement of a stamp. Geometry (rotation, media box) comes from the page the
 * placement is on; the operators and resources go to `canvas`, which is that page for stampPdf and a
 * stand-in page for a signature's appearance stream (sign/appearance.ts).
 */
export async function drawPlacedStamp(
  doc: PDFDocument,
  fonts: FontBook,
  stamp: Stamp,
  size: { width: number; height: number },
  p: ResolvedPlacement,
  canvas: PDFPage = doc.getPage(p.pageIndex),
): Promise<DrawnStamp> {
  const page = doc.getPage(p.pageIndex);
  const box = { cx: p.cx, cy: p.cy, width: size.width, height: size.height };
  // On a page shown turned (/Rotate), the seal and its caption are turned back to read upright.
  const rotation = normaliseRotation(page.getRotation().angle);
  await drawSeal(doc, fonts, canvas, stamp.seal, box, p.clip, rotation);
  // `placed` is what the seal covers in user space: turned a quarter, its width and height swap.
  const turned = rotation === 90 || rotation === 270;
  if (p.clip) {
    // the strip, without the clip's 1 pt of slack above and below the seal (as displayed)
    const c = p.clip;
    return {
      placed: {
        page: p.pageIndex + 1,
        ...(turned
          ? { x: c.x + 1, y: c.y, width: c.width - 2, height: c.height }
          : { x: c.x, y: c.y + 1, width: c.width, height: c.height - 2 }),
      },
      extent: { ...c },
    }; // captions and QR codes do not apply to strips of a page-edge seal
  }
  const [w, h] = turned ? [size.height, size.width] : [size.width, size.height];
  const placed = { page: p.pageIndex + 1, x: p.cx - w / 2, y: p.cy - h / 2, width: w, height: h };
  // strokes may reach a little past the nominal box
  let extent = grow({ x: placed.x, y: placed.y, width: w, height: h }, 2);
  if (stamp.caption) {
    const caption = await drawCaption(doc, fonts, canvas, stamp.caption, box, rotation);
    extent = union(extent, turnedAbout(caption, box.cx, box.cy, rotation));
  }
  if (stamp.qrcode) {
    extent = union(extent, await drawQrBeside(doc, fonts, canvas, stamp.qrcode, box, page.getMediaBox()));
  }
  return { placed, extent };
}

const grow = (r: ClipRect, d: number): ClipRect => ({
  x: r.x - d,
  y: r.y - d,
  width: r.width + 2 * d,
  height: r.height + 2 * d,
});

function union(a: ClipRect, b: ClipRect): ClipRect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** The bounding box of `r` turned counter-clockwise by a multiple of 90° about (cx, cy). */
function turnedAbout(r: ClipRect, cx: number, cy: number, degrees: number): ClipRect {
  const quarter = ((degrees / 90) % 4) + 4;
  let [x0, y0, x1, y1] = [r.x - cx, r.y - cy, r.x + r.width - cx, r.y + r.height - cy];
  for (let i = 0; i < quarter % 4; i++) [x0, y0, x1, y1] = [-y1, x0, -y0, x1];
  return { x: cx + x0, y: cy + y0, width: x1 - x0, height: y1 - y0 };
}

async function drawCaption(
  doc: PDFDocument,
  fonts: FontBook,
  page: PDFPage,
  caption: string,
  box: { cx: number; cy: number; width: number; height: number },
  rotation = 0,
): Promise<ClipRect> {
  const font = await fonts.regular();
  const pen = new Pen(page).fillColor(rgb(0.15, 0.15, 0.15));
  const lines = caption.split(/\r?\n/);
  const maxW = Math.max(box.width * 1.8, 60);
  let widest = 0;
  lines.forEach((line, i) => {
    const adv = font.widthOfTextAtSize(line, 1) || 1;
    const size = Math.min(CAPTION_SIZE, maxW / adv);
    widest = Math.max(widest, adv * size);
    const y = box.cy - box.height / 2 - 3 - (i + 0.5) * CAPTION_SIZE * 1.3;
    pen.text(font, line, centredGlyphMatrix(adv, size, 1, 0, box.cx, y, 1, 0.36));
  });
  pen.commit({ doc, rotate: { cx: box.cx, cy: box.cy, degrees: rotation } });
  // unturned; a line's ink stays within about half a line above and below its centre
  const bottom = box.cy - box.height / 2 - 3 - lines.length * CAPTION_SIZE * 1.3 - 2;
  const top = box.cy - box.height / 2;
  return { x: box.cx - widest / 2 - 2, y: bottom, width: widest + 4, height: top - bottom };
}

async function drawQrBeside(
  doc: PDFDocument,
  fonts: FontBook,
  page: PDFPage,
  text: string,
  box: { cx: number; cy: number; width: number; height: number },
  media: { x: number; width: number },
): Promise<ClipRect> {
  const size = Math.max(40, Math.min(72, box.height * 0.75));
  const gap = 6;
  let x = box.cx + box.width / 2 + gap;
  if (x + size > media.x + media.width) x = box.cx - box.width / 2 - gap - size; // no room on the right
  const y = box.cy - size / 2;
  const pen = new Pen(page);
  try {
    drawQrCode(pen, text, x, y, size);
  } catch (err) {
    if (!(err instanceof QrTooLongError)) throw err;
    // Too long for a QR code: a bordered box with the text, wrapped by characters.
    const font = await fonts.regular();
    pen
      .fillColor(rgb(1, 1, 1))
      .rect(x, y, size, size)
      .fill();
    pen
      .strokeColor(rgb(0, 0, 0))
      .lineWidth(0.6)
      .rect(x, y, size, size)
      .stroke();
    pen.fillColor(rgb(0, 0, 0));
    const fs = 4;
    const lines = wrapText(text, (t) => font.widthOfTextAtSize(t, fs), size - 4);
    lines.forEach((line, row) => {
      const baseline = y + size - 2 - (row + 1) * fs * 1.2;
      if (baseline > y + 1) pen.text(font, line, [fs, 0, 0, fs, x + 2, baseline]);
    });
  }
  pen.commit({ doc });
  return grow({ x, y, width: size, height: size }, 1);
}
