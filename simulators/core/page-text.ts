/**
 * Page text for the signing pages (esign H5, yunhetong-sdk): each page of a PDF as its extracted
 * text lines (pdfjs). The browser draws the pages themselves with pdf.js
 * (core/pdf-viewer.client.mjs); this text is in the HTML as the fallback for no scripts or a failed
 * render, and keeps the page readable to non-browser clients. Extraction (core/pdf, in its worker
 * pool) is cached per stored version (blob id).
 */
import { escapeHtml } from './html.ts';
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

/**
 * The pages' text as the signing pages show it before pdf.js has drawn them (and for clients
 * without scripts): one `.pg` block per page (`data-pdf-page`, the viewer draws into it), escaped.
 */
export function pageTextHtml(pages: readonly (readonly string[])[]): string {
  return pages
    .map(
      (lines, i) =>
        `<div class="pg" data-pdf-page="${i + 1}"><div class="muted">第 ${i + 1} 页</div>${
          lines.length
            ? lines.map((l) => `<div>${escapeHtml(l)}</div>`).join('')
            : '<div class="muted">（本页无文字）</div>'
        }</div>`,
    )
    .join('');
}
