/** Public types of the PDF toolkit. Coordinates are PDF user space: points, origin bottom-left. */

export interface KeywordHit {
  /** 1-based page number. */
  page: number;
  /** Bottom-left corner of the keyword's box. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Box {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export type SealSpec =
  | {
      kind: 'company';
      name: string;
      /** '#d40000' by default; also '#rgb', 'rgb(r,g,b)', RED/BLUE/BLACK/PURPLE. */
      color?: string;
      /** Horizontal text under the star, e.g. 合同专用章. */
      centerText?: string;
      /** Anti-counterfeit digits drawn along the lower arc. */
      keyContent?: string;
      shape?: 'round' | 'oval';
    }
  | {
      kind: 'personal';
      name: string;
      color?: string;
      border?: boolean;
      /** Lettering style; absent = the plain bold look. See PERSONAL_SEAL_STYLES (a guess: the
       *  named typefaces are approximated with Noto Sans SC weights, slant and width). */
      fontStyle?: PersonalSealFontStyle;
    }
  | { kind: 'image'; png: Uint8Array }
  | { kind: 'timestamp'; text: string; color?: string };

/** 楷体 (kai), 仿宋 (fangsong), 华文楷体 (huawenkai), 黑体/微软雅黑 (hei). */
export type PersonalSealFontStyle = 'kai' | 'fangsong' | 'huawenkai' | 'hei';

export type Placement =
  /** Seal centre at (x, y) on `page` (1-based). */
  | { kind: 'xy'; page: number; x: number; y: number }
  /** The same centre on several pages. */
  | { kind: 'pages'; pages: number[]; x: number; y: number }
  /** Centred on each matching keyword box (or the first), plus an offset. */
  | { kind: 'keyword'; keyword: string; offsetX?: number; offsetY?: number; occurrence?: 'all' | 'first' }
  /** 骑缝章: the seal is cut into N vertical strips, strip i at the right edge of pages[i]. */
  | { kind: 'edge'; pages?: number[]; y?: number };

export interface Stamp {
  seal: SealSpec;
  placement: Placement;
  /** Seal width in pt (company 120, oval 120, personal 80, image 100, timestamp 160). */
  width?: number;
  /** Draw a QR code carrying this text beside the seal. */
  qrcode?: string;
  /** Small text under the seal (e.g. signing time, digest). '\n' starts a new line. */
  caption?: string;
}

export interface StampResult {
  pdf: Uint8Array;
  /** One box per drawn seal (per page for 'pages', per strip for 'edge'): the seal itself,
   *  not its caption or QR code. For 'edge', the visible strip. */
  placed: Box[];
}

/** A keyword found more often than the bounds allow (PDF_BOUNDS.maxKeywordHits): refused when used. */
export interface TooManyHits {
  tooManyHits: number;
}

export const isTooMany = (hits: KeywordHit[] | TooManyHits): hits is TooManyHits => 'tooManyHits' in hits;
