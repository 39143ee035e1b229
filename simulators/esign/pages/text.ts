/**
 * Page text for the H5 page: each page of the current PDF as its extracted text lines (pdfjs).
 * The browser draws the pages themselves with pdf.js (core/pdf-viewer.client.mjs); this text is
 * in the HTML as the fallback for no scripts or a failed render, and keeps the page readable
 * to non-browser clients. Extraction is cached per stored version (blob id).
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { withPdfjs } from '../../core/pdf/pdfjs.ts';

const cache = new Map<string, Promise<string[][]>>();
const MAX = 64;

async function extract(bytes: Uint8Array): Promise<string[][]> {
  return withPdfjs(bytes, async (doc) => {
    const pages: string[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const lines: string[] = [];
      let line = '';
      let lastY: number | undefined;
      for (const it of content.items) {
        if (!('str' in it)) continue;
        const item = it as TextItem;
        const y = item.transform[5];
        if (lastY !== undefined && Math.abs(y - lastY) > 2 && line.trim()) {
          lines.push(line.trim());
          line = '';
        }
        line += item.str;
        lastY = y;
        if (item.hasEOL) {
          if (line.trim()) lines.push(line.trim());
          line = '';
          lastY = undefined;
        }
      }
      if (line.trim()) lines.push(line.trim());
      pages.push(lines);
      page.cleanup();
    }
    return pages;
  });
}

export function pageTexts(blobId: string, bytes: Uint8Array): Promise<string[][]> {
  let p = cache.get(blobId);
  if (!p) {
    p = extract(bytes).catch(() => []);
    cache.set(blobId, p);
    if (cache.size > MAX) cache.delete(cache.keys().next().value!);
  }
  return p;
}
