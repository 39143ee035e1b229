/**
 * Page text for the signing pages (esign H5, yunhetong-sdk): each page of a PDF as its extracted
 * text lines (pdfjs). The browser draws the pages themselves with pdf.js
 * (core/pdf-viewer.client.mjs); this text is in the HTML as the fallback for no scripts or a failed
 * render, and keeps the page readable to non-browser clients. Extraction (core/pdf, in its worker
 * pool) is cached per stored version (blob id).
 */
import { pageLines } from './pdf/index.ts';

const cache = new Map<string, Promise<string[][]>>();
const MAX = 64;

export function pageTexts(blobId: string, bytes: Uint8Array): Promise<string[][]> {
  let p = cache.get(blobId);
  if (!p) {
    p = pageLines(bytes).catch(() => []);
    cache.set(blobId, p);
    if (cache.size > MAX) cache.delete(cache.keys().next().value!);
  }
  return p;
}
