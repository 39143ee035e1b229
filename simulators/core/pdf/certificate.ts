/**
 * renderCertificate: an A4 certificate (e.g. an attestation / 存证 certificate) with a
 * framed page, a title, label/value rows in a ruled table, an optional footer and an
 * optional seal on the last page. Rows that do not fit continue on new pages.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { FontBook } from './font-book.ts';
import { drawSeal, validateSeal } from './seal-draw.ts';
import { sealSize } from './seal-geometry.ts';
import { wrapText } from './text-wrap.ts';
import type { SealSpec } from './types.ts';

export interface CertificateOptions {
  title: string;
  rows: Array<[string, string]>;
  footer?: string;
  seal?: SealSpec;
}

const W = 595.28;
const H = 841.89;
const FRAME = rgb(0.12, 0.23, 0.41);
const RULE = rgb(0.75, 0.78, 0.83);
const LABEL_BG = rgb(0.95, 0.96, 0.97);
const INK = rgb(0.1, 0.1, 0.1);
const MARGIN = 62;
const LABEL_W = 150;
const PAD = 6;
const SIZE = 10.5;
const LEADING = 16;
const TITLE_SIZE = 22;
const FOOTER_SIZE = 8.5;

export async function renderCertificate(opts: CertificateOptions): Promise<Uint8Array> {
  if (opts.seal) validateSeal(opts.seal);
  const doc = await PDFDocument.create();
  doc.setTitle(opts.title);
  doc.setProducer('sealsim');
  const fonts = new FontBook(doc);
  const regular = await fonts.regular();
  const bold = await fonts.bold();

  const left = MARGIN;
  const right = W - MARGIN;
  const valueW = right - left - LABEL_W;
  const footerLines = opts.footer
    ? wrapText(opts.footer, (t) => regular.widthOfTextAtSize(t, FOOTER_SIZE), right - left)
    : [];
  const footerTop = 48 + footerLines.length * FOOTER_SIZE * 1.5;
  const bottomLimit = footerTop + 12;

  let page!: PDFPage;
  let y = 0;
  let pages = 0;
  const newPage = () => {
    page = doc.addPage([W, H]);
    pages++;
    drawFrame(page);
    const title = pages > 1 ? `${opts.title}（续）` : opts.title;
    const lines = wrapText(title, (t) => bold.widthOfTextAtSize(t, TITLE_SIZE), right - left);
    y = H - 70;
    for (const line of lines) {
      y -= TITLE_SIZE * 1.3;
      const w = bold.widthOfTextAtSize(line, TITLE_SIZE);
      page.drawText(line, { x: (W - w) / 2, y, size: TITLE_SIZE, font: bold, color: FRAME });
    }
    y -= 14;
    page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 1.2, color: FRAME });
    y -= 16;
    drawFooter(page, regular, footerLines);
  };
  newPage();

  for (const [label, value] of opts.rows) {
    const labelLines = wrapText(label, (t) => bold.widthOfTextAtSize(t, SIZE), LABEL_W - 2 * PAD);
    let valueLines = wrapText(value ?? '', (t) => regular.widthOfTextAtSize(t, SIZE), valueW - 2 * PAD);
    let first = true;
    while (first || valueLines.length) {
      const fit = Math.floor((y - bottomLimit - 2 * PAD) / LEADING);
      const need = Math.max(labelLines.length, valueLines.length, 1);
      if (fit < Math.min(need, 2)) {
        newPage();
        continue;
      }
      const take = Math.min(need, fit);
      const chunk = valueLines.slice(0, take);
      const rowH = take * LEADING + 2 * PAD;
      const top = y;
      page.drawRectangle({ x: left, y: top - rowH, width: LABEL_W, height: rowH, color: LABEL_BG });
      page.drawRectangle({
        x: left,
        y: top - rowH,
        width: right - left,
        height: rowH,
        borderColor: RULE,
        borderWidth: 0.6,
      });
      page.drawLine({
        start: { x: left + LABEL_W, y: top },
        end: { x: left + LABEL_W, y: top - rowH },
        thickness: 0.6,
        color: RULE,
      });
      (first ? labelLines : []).slice(0, take).forEach((l, i) => {
        page.drawText(l, {
          x: left + PAD,
          y: top - PAD - (i + 1) * LEADING + 4.5,
          size: SIZE,
          font: bold,
          color: INK,
        });
      });
      chunk.forEach((l, i) => {
        page.drawText(l, {
          x: left + LABEL_W + PAD,
          y: top - PAD - (i + 1) * LEADING + 4.5,
          size: SIZE,
          font: regular,
          color: INK,
        });
      });
      y = top - rowH;
      valueLines = valueLines.slice(take);
      first = false;
    }
  }

  if (opts.seal) {
    const size = sealSize(opts.seal);
    const cx = right - size.width / 2 - 16;
    const below = y - 20 - size.height / 2;
    const cy = Math.max(bottomLimit + size.height / 2 + 4, Math.min(below, H / 2));
    await drawSeal(doc, fonts, page, opts.seal, { cx, cy, width: size.width, height: size.height });
  }
  return doc.save();
}

function drawFrame(page: PDFPage) {
  page.drawRectangle({ x: 24, y: 24, width: W - 48, height: H - 48, borderColor: FRAME, borderWidth: 2 });
  page.drawRectangle({ x: 30, y: 30, width: W - 60, height: H - 60, borderColor: FRAME, borderWidth: 0.6 });
}

function drawFooter(page: PDFPage, font: PDFFont, lines: string[]) {
  lines.forEach((line, i) => {
    const w = font.widthOfTextAtSize(line, FOOTER_SIZE);
    const y = 48 + (lines.length - 1 - i) * FOOTER_SIZE * 1.5;
    page.drawText(line, { x: (W - w) / 2, y, size: FOOTER_SIZE, font, color: rgb(0.35, 0.35, 0.35) });
  });
}
