/** Resolves a Placement to concrete seal centres (and clip strips for 骑缝 seals). */
import type { PDFDocument } from 'pdf-lib';
import { KeywordNotFoundError, PageOutOfRangeError } from './errors.ts';
import { findKeyword } from './keyword.ts';
import type { ClipRect } from './seal-draw.ts';
import type { Placement } from './types.ts';

export interface ResolvedPlacement {
  pageIndex: number; // 0-based
  cx: number;
  cy: number;
  /** For edge seals: the visible strip on this page. */
  clip?: ClipRect;
}

function checkPage(page: number, count: number): number {
  if (!Number.isInteger(page) || page < 1 || page > count) throw new PageOutOfRangeError(page, count);
  return page - 1;
}

export async function resolvePlacement(
  doc: PDFDocument,
  original: Uint8Array,
  placement: Placement,
  seal: { width: number; height: number },
  keywordCache: Map<string, Promise<Awaited<ReturnType<typeof findKeyword>>>>,
): Promise<ResolvedPlacement[]> {
  const count = doc.getPageCount();
  switch (placement.kind) {
    case 'xy':
      return [{ pageIndex: checkPage(placement.page, count), cx: placement.x, cy: placement.y }];
    case 'pages':
      return placement.pages.map((p) => ({ pageIndex: checkPage(p, count), cx: placement.x, cy: placement.y }));
    case 'keyword': {
      let hitsP = keywordCache.get(placement.keyword);
      if (!hitsP) keywordCache.set(placement.keyword, (hitsP = findKeyword(original, placement.keyword)));
      const hits = await hitsP;
      if (!hits.length) throw new KeywordNotFoundError(placement.keyword);
      const chosen = placement.occurrence === 'first' ? hits.slice(0, 1) : hits;
      return chosen.map((h) => ({
        pageIndex: h.page - 1,
        cx: h.x + h.width / 2 + (placement.offsetX ?? 0),
        cy: h.y + h.height / 2 + (placement.offsetY ?? 0),
      }));
    }
    case 'edge': {
      const pages = placement.pages ?? Array.from({ length: count }, (_, i) => i + 1);
      const n = pages.length;
      if (n === 0) return [];
      const strip = seal.width / n;
      return pages.map((p, i) => {
        const pageIndex = checkPage(p, count);
        const box = doc.getPage(pageIndex).getMediaBox();
        const right = box.x + box.width;
        // The seal's left edge sits so that its i-th strip ends at the page's right edge.
        const left = right - (i + 1) * strip;
        const cy = placement.y ?? box.y + box.height / 2;
        return {
          pageIndex,
          cx: left + seal.width / 2,
          cy,
          clip: { x: right - strip, y: cy - seal.height / 2 - 1, width: strip, height: seal.height + 2 },
        };
      });
    }
    default:
      throw new TypeError(`unknown placement kind ${JSON.stringify((placement as { kind?: unknown }).kind)}`);
  }
}
