/** Resolves a Placement to concrete seal centres (and clip strips for 骑缝 seals). */
import type { PDFDocument } from 'pdf-lib';
import { KeywordNotFoundError, PageOutOfRangeError, tooManyKeywordHits } from './errors.ts';
import { displayedSize, displayedToUser, normaliseRotation, type PageFrame } from './frame.ts';
import type { ClipRect } from './seal-draw.ts';
import { isTooMany, type KeywordHit, type Placement, type TooManyHits } from './types.ts';

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
  placement: Placement,
  seal: { width: number; height: number },
  /** Each keyword's hits, found by planStamps from one text extraction. */
  keywordHits: Map<string, KeywordHit[] | TooManyHits>,
): Promise<ResolvedPlacement[]> {
  const count = doc.getPageCount();
  switch (placement.kind) {
    case 'xy':
      return [{ pageIndex: checkPage(placement.page, count), cx: placement.x, cy: placement.y }];
    case 'pages':
      return placement.pages.map((p) => ({
        pageIndex: checkPage(p, count),
        cx: placement.x,
        cy: placement.y,
      }));
    case 'keyword': {
      const hits = keywordHits.get(placement.keyword) ?? [];
      if (isTooMany(hits)) throw tooManyKeywordHits(hits.tooManyHits);
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
        const page = doc.getPage(pageIndex);
        // Worked out on the page as displayed (the right edge a reader sees, /Rotate included),
        // then mapped to user space; y is measured from the displayed bottom.
        const frame: PageFrame = {
          ...page.getCropBox(),
          rotation: normaliseRotation(page.getRotation().angle),
        };
        const shown = displayedSize(frame);
        // The seal's left edge sits so that its i-th strip ends at the page's right edge.
        const left = shown.width - (i + 1) * strip;
        const cy = placement.y ?? shown.height / 2;
        const centre = displayedToUser(frame, left + seal.width / 2, cy);
        const a = displayedToUser(frame, shown.width - strip, cy - seal.height / 2 - 1);
        const b = displayedToUser(frame, shown.width, cy + seal.height / 2 + 1);
        return {
          pageIndex,
          cx: centre.x,
          cy: centre.y,
          clip: {
            x: Math.min(a.x, b.x),
            y: Math.min(a.y, b.y),
            width: Math.abs(b.x - a.x),
            height: Math.abs(b.y - a.y),
          },
        };
      });
    }
    default:
      throw new TypeError(`unknown placement kind ${JSON.stringify((placement as { kind?: unknown }).kind)}`);
  }
}
