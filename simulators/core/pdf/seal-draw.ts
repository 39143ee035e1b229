/**
 * Draws any SealSpec on a page as vector operators (a raster only for kind 'image'),
 * in one graphics-state block, optionally clipped (used for page-edge seals).
 */
import { createHash } from 'node:crypto';
import { drawObject, JpegEmbedder, PDFImage, PngEmbedder, type PDFDocument, type PDFPage } from 'pdf-lib';
import { parseColor } from './color.ts';
import { InvalidSealError } from './errors.ts';
import type { FontBook } from './font-book.ts';
import { Pen } from './pen.ts';
import { drawCompanySeal } from './seal-company.ts';
import { imageDimensions } from './seal-geometry.ts';
import { drawPersonalSeal, PERSONAL_SEAL_STYLES } from './seal-personal.ts';
import { drawTimestamp } from './seal-timestamp.ts';
import type { SealSpec } from './types.ts';

export interface SealBox {
  cx: number;
  cy: number;
  width: number;
  height: number;
}

export interface ClipRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const imageCache = new WeakMap<PDFDocument, Map<Uint8Array, Promise<PDFImage>>>();

/**
 * Seal images decoded once per worker, kept by their SHA-256 (a signer's seal arrives as new bytes
 * with every job): at most 16, the least recently used dropped first.
 */
const decodedImages = new Map<string, Promise<PngEmbedder | JpegEmbedder>>();
const imageCounters = { sealImagesDecoded: 0 };

/** How many seal images this worker decoded (tests count work with it). */
export const sealImageCounters = () => ({ ...imageCounters });

function decodeSealImage(
  bytes: Uint8Array,
  type: 'png' | 'jpeg',
  pixels: number,
): Promise<PngEmbedder | JpegEmbedder> {
  if (pixels > 1_000_000) {
    imageCounters.sealImagesDecoded++; // a large image is not kept (up to 16 of them in the heap)
    return type === 'png' ? PngEmbedder.for(bytes) : JpegEmbedder.for(bytes);
  }
  const key = createHash('sha256').update(bytes).digest('base64');
  let p = decodedImages.get(key);
  if (p) {
    decodedImages.delete(key);
    decodedImages.set(key, p);
    return p;
  }
  imageCounters.sealImagesDecoded++;
  p = type === 'png' ? PngEmbedder.for(bytes) : JpegEmbedder.for(bytes);
  decodedImages.set(key, p);
  p.catch(() => decodedImages.delete(key));
  while (decodedImages.size > 16) decodedImages.delete(decodedImages.keys().next().value!);
  return p;
}

function embedSealImage(doc: PDFDocument, bytes: Uint8Array): Promise<PDFImage> {
  let byBytes = imageCache.get(doc);
  if (!byBytes) imageCache.set(doc, (byBytes = new Map()));
  let p = byBytes.get(bytes);
  if (!p) {
    const dim = imageDimensions(bytes);
    if (!dim) throw new InvalidSealError('seal image must be a PNG or JPEG');
    p = decodeSealImage(bytes, dim.type === 'png' ? 'png' : 'jpeg', dim.width * dim.height)
      .then(async (embedder) => {
        // what doc.embedPng / embedJpg do, with a decoded image shared between documents
        const image = PDFImage.of(doc.context.nextRef(), doc, embedder);
        await image.embed();
        return image;
      })
      .catch((err: unknown) => {
        throw new InvalidSealError('seal image could not be decoded', { cause: err });
      });
    byBytes.set(bytes, p);
  }
  return p;
}

/** Check a spec before anything is drawn, so a bad stamp fails the whole call. */
export function validateSeal(spec: SealSpec): void {
  switch (spec.kind) {
    case 'personal':
      if (spec.fontStyle !== undefined && !Object.hasOwn(PERSONAL_SEAL_STYLES, spec.fontStyle)) {
        throw new InvalidSealError(`unknown personal seal font style ${JSON.stringify(spec.fontStyle)}`);
      }
    // falls through
    case 'company':
      if (!spec.name || !spec.name.trim()) throw new InvalidSealError(`${spec.kind} seal needs a name`);
      parseColor(spec.color);
      return;
    case 'timestamp':
      parseColor(spec.color);
      return;
    case 'image':
      if (!(spec.png instanceof Uint8Array) || !imageDimensions(spec.png)) {
        throw new InvalidSealError('seal image must be a PNG or JPEG');
      }
      return;
    default:
      throw new InvalidSealError(`unknown seal kind ${JSON.stringify((spec as { kind?: unknown }).kind)}`);
  }
}

export async function drawSeal(
  doc: PDFDocument,
  fonts: FontBook,
  page: PDFPage,
  spec: SealSpec,
  box: SealBox,
  clipRect?: ClipRect,
  /** Counter-clockwise degrees about the seal's centre (the page's /Rotate, so it reads upright). */
  rotation = 0,
): Promise<void> {
  const pen = new Pen(page);
  switch (spec.kind) {
    case 'company':
      drawCompanySeal(pen, await fonts.bold(), box, {
        name: spec.name,
        centerText: spec.centerText,
        keyContent: spec.keyContent,
        oval: spec.shape === 'oval',
        color: parseColor(spec.color),
      });
      break;
    case 'personal': {
      const style = PERSONAL_SEAL_STYLES[spec.fontStyle ?? 'default'];
      drawPersonalSeal(pen, await fonts.weight(style.weight), box, {
        name: spec.name,
        color: parseColor(spec.color),
        border: spec.border ?? true,
        skew: style.skew,
        widthFactor: style.width,
      });
      break;
    }
    case 'timestamp':
      drawTimestamp(pen, await fonts.regular(), box, { text: spec.text, color: parseColor(spec.color) });
      break;
    case 'image': {
      const image = await embedSealImage(doc, spec.png);
      const key = page.node.newXObject('SealImage', image.ref);
      pen.transform([box.width, 0, 0, box.height, box.cx - box.width / 2, box.cy - box.height / 2]);
      pen.ops.push(drawObject(key));
      break;
    }
  }
  pen.commit({ doc, clipRect, multiply: true, rotate: { cx: box.cx, cy: box.cy, degrees: rotation } });
}
