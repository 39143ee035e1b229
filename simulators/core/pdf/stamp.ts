/**
 * stampPdf: draws seals on an existing PDF at coordinates, on several pages, on
 * every (or the first) occurrence of a keyword, or across the page edges (骑缝).
 * All placements are resolved before anything is drawn, so a missing keyword or a
 * bad page number fails the whole call and nothing is half-stamped.
 */
import { rgb, type PDFDocument, type PDFPage } from 'pdf-lib';
import { FontBook } from './font-book.ts';
import { normaliseRotation } from './frame.ts';
import { loadPdf } from './load.ts';
import { Pen, centredGlyphMatrix } from './pen.ts';
import { resolvePlacement, type ResolvedPlacement } from './placement.ts';
import { drawQrCode } from './qr-draw.ts';
import { QrTooLongError } from './qrcode.ts';
import { drawSeal, validateSeal } from './seal-draw.ts';
import { sealSize } from './seal-geometry.ts';
import { wrapText } from './text-wrap.ts';
import type { Box, Stamp, StampResult } from './types.ts';

const CAPTION_SIZE = 7;

export async function stampPdf(pdf: Uint8Array, stamps: Stamp[]): Promise<StampResult> {
  const doc = await loadPdf(pdf);
  const keywordCache = new Map();
  const plans: Array<{ stamp: Stamp; size: { width: number; height: number }; at: ResolvedPlacement[] }> = [];
  for (const stamp of stamps) {
    validateSeal(stamp.seal);
    if (stamp.width !== undefined && !(stamp.width > 0))
      throw new RangeError(`stamp width must be positive, got ${stamp.width}`);
    const size = sealSize(stamp.seal, stamp.width);
    plans.push({ stamp, size, at: await resolvePlacement(doc, pdf, stamp.placement, size, keywordCache) });
  }

  const fonts = new FontBook(doc);
  const placed: Box[] = [];
  for (const { stamp, size, at } of plans) {
    for (const p of at) {
      const page = doc.getPage(p.pageIndex);
      const box = { cx: p.cx, cy: p.cy, width: size.width, height: size.height };
      // On a page shown turned (/Rotate), the seal and its caption are turned back to read upright.
      const rotation = normaliseRotation(page.getRotation().angle);
      await drawSeal(doc, fonts, page, stamp.seal, box, p.clip, rotation);
      // `placed` is what the seal covers in user space: turned a quarter, its width and height swap.
      const turned = rotation === 90 || rotation === 270;
      if (p.clip) {
        // the strip, without the clip's 1 pt of slack above and below the seal (as displayed)
        const c = p.clip;
        placed.push({
          page: p.pageIndex + 1,
          ...(turned
            ? { x: c.x + 1, y: c.y, width: c.width - 2, height: c.height }
            : { x: c.x, y: c.y + 1, width: c.width, height: c.height - 2 }),
        });
        continue; // captions and QR codes do not apply to strips of a page-edge seal
      }
      const [w, h] = turned ? [size.height, size.width] : [size.width, size.height];
      placed.push({ page: p.pageIndex + 1, x: p.cx - w / 2, y: p.cy - h / 2, width: w, height: h });
      if (stamp.caption) await drawCaption(doc, fonts, page, stamp.caption, box, rotation);
      if (stamp.qrcode) await drawQrBeside(doc, fonts, page, stamp.qrcode, box);
    }
  }
  return { pdf: await doc.save(), placed };
}

async function drawCaption(
  doc: PDFDocument,
  fonts: FontBook,
  page: PDFPage,
  caption: string,
  box: { cx: number; cy: number; width: number; height: number },
  rotation = 0,
) {
  const font = await fonts.regular();
  const pen = new Pen(page).fillColor(rgb(0.15, 0.15, 0.15));
  const lines = caption.split(/\r?\n/);
  const maxW = Math.max(box.width * 1.8, 60);
  lines.forEach((line, i) => {
    const adv = font.widthOfTextAtSize(line, 1) || 1;
    const size = Math.min(CAPTION_SIZE, maxW / adv);
    const y = box.cy - box.height / 2 - 3 - (i + 0.5) * CAPTION_SIZE * 1.3;
    pen.text(font, line, centredGlyphMatrix(adv, size, 1, 0, box.cx, y, 1, 0.36));
  });
  pen.commit({ doc, rotate: { cx: box.cx, cy: box.cy, degrees: rotation } });
}

async function drawQrBeside(
  doc: PDFDocument,
  fonts: FontBook,
  page: PDFPage,
  text: string,
  box: { cx: number; cy: number; width: number; height: number },
) {
  const size = Math.max(40, Math.min(72, box.height * 0.75));
  const gap = 6;
  const media = page.getMediaBox();
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
}
