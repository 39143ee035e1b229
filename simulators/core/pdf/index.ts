/**
 * sealsim PDF toolkit: keyword search, seals (company, personal, image, time stamp)
 * placed by coordinates, pages, keyword or across page edges (骑缝), AcroForm filling,
 * chunk appending, attestation certificates and test documents. CJK text uses the
 * Noto Sans SC font, embedded as a subset through the fontkit 2 adapter.
 *
 * The entry is a facade over a worker pool (pool.ts): parsing, keyword search, stamping, form
 * filling and layout run in worker threads, within the bounds of bounds.ts and a per-job time and
 * heap limit, so no PDF can stall or crash the event loop. pdf-lib, fontkit and pdfjs are loaded
 * in the workers; `createTextPdf` and the fonts (fixtures, not request paths) load here on first use.
 */
import type { CertificateOptions } from './certificate.ts';
import type { Chunk } from './chunks.ts';
import type { FormField } from './form.ts';
import type { PageFrame } from './frame.ts';
import type { TextPdfPage } from './text-pdf.ts';
import type { KeywordHit, Stamp, StampResult, TooManyHits } from './types.ts';
import type { FindKeywordOptions } from './keyword.ts';
import type { PdfEncryption } from './encrypt.ts';
import { runPdf, runPdfCached, warmPdfPool } from './pool.ts';

export type {
  KeywordHit,
  Box,
  SealSpec,
  PersonalSealFontStyle,
  Placement,
  Stamp,
  StampResult,
} from './types.ts';
export type { FormField } from './form.ts';
export type { Chunk } from './chunks.ts';
export type { CertificateOptions } from './certificate.ts';
export type { TextPdfPage } from './text-pdf.ts';
export type { PdfEncryption, PdfPermissions } from './encrypt.ts';
export type { QrCode } from './qrcode.ts';
export {
  PdfToolkitError,
  KeywordNotFoundError,
  InvalidPdfError,
  PdfLimitError,
  PdfJobAbortedError,
  TooManyPagesError,
  PageOutOfRangeError,
  UnsupportedChunkTypeError,
  InvalidSealError,
  tooManyKeywordHits,
} from './errors.ts';
export { isPdf } from './sniff.ts';
export { sealSize } from './seal-geometry.ts';
export { encodeQr, QrTooLongError } from './qrcode.ts';
export { configurePdfPool, pdfPoolStats, PDF_POOL_DEFAULTS } from './pool.ts';
export type { FindKeywordOptions } from './keyword.ts';
export { isTooMany, type TooManyHits } from './types.ts';
export {
  prepareSignature,
  signPrepared,
  embedSignature,
  signedContent,
  SignatureTooLargeError,
  SIGNATURE_PLACEHOLDER_BYTES,
  type PreparedSignature,
  type SignatureOptions,
  type SignatureSlot,
  type SignatureSubFilter,
} from './sign/index.ts';

export const findKeyword = (
  pdf: Uint8Array,
  keyword: string,
  opts: FindKeywordOptions = {},
): Promise<KeywordHit[]> => runPdf('findKeyword', pdf, keyword, opts);
/**
 * Each keyword's hits from one text extraction; a keyword with more hits than the bounds allow is
 * `{ tooManyHits }` (the caller refuses it with tooManyKeywordHits when it uses that keyword).
 */
export const findKeywords = (
  pdf: Uint8Array,
  keywords: string[],
): Promise<Array<KeywordHit[] | TooManyHits>> => runPdf('findKeywords', pdf, keywords);
/** Page sizes and each keyword's hits (as findKeywords), from one load and one text extraction. */
export const pdfLayout = (
  pdf: Uint8Array,
  keywords: string[],
): Promise<{
  sizes: Array<{ width: number; height: number }>;
  hits: Array<KeywordHit[] | TooManyHits>;
}> => runPdf('pdfLayout', pdf, keywords);
// the page-tree reads below are kept per small document (pool.ts runPdfCached)
export const pageSizes = (pdf: Uint8Array): Promise<Array<{ width: number; height: number }>> =>
  runPdfCached('pageSizes', pdf);
export const pageFrames = (pdf: Uint8Array): Promise<PageFrame[]> => runPdfCached('pageFrames', pdf);
export { displayedSize, displayedToUser, userBoxToDisplayed, type PageFrame } from './frame.ts';
export const pageCount = (pdf: Uint8Array): Promise<number> => runPdfCached('pageCount', pdf);
export const stampPdf = (pdf: Uint8Array, stamps: Stamp[]): Promise<StampResult> =>
  runPdf('stampPdf', pdf, stamps);
export const formFields = (pdf: Uint8Array): Promise<FormField[]> => runPdf('formFields', pdf);
export const fillForm = (
  pdf: Uint8Array,
  values: Record<string, string>,
  opts: { flatten?: boolean } = {},
): Promise<Uint8Array> => runPdf('fillForm', pdf, values, opts);
export const appendChunks = (
  pdf: Uint8Array,
  chunks: Chunk[],
  opts: { maxAddedPages?: number } = {},
): Promise<Uint8Array> => runPdf('appendChunks', pdf, chunks, opts);
export const renderCertificate = (opts: CertificateOptions): Promise<Uint8Array> =>
  runPdf('renderCertificate', opts);
/** `pdf` encrypted with a user password: Standard Security Handler V5 R6, AES-256 (encrypt.ts). */
export const encryptPdf = (pdf: Uint8Array, opts: PdfEncryption): Promise<Uint8Array> =>
  runPdf('encryptPdf', pdf, opts);
/** Each page's text as lines (the esign H5 page's fallback text). */
export const pageLines = (pdf: Uint8Array): Promise<string[][]> => runPdf('pageLines', pdf);
export const createTextPdf = async (
  pages: TextPdfPage[],
  opts: { font?: 'embedded' | 'stsong-light' } = {},
): Promise<Uint8Array> => (await import('./text-pdf.ts')).createTextPdf(pages, opts);
export const loadCjkFont = async (): Promise<Uint8Array> => (await import('./font.ts')).loadCjkFont();
export const loadCjkBoldFont = async (): Promise<Uint8Array> => (await import('./font.ts')).loadCjkBoldFont();

/** Starts a PDF worker ahead of first use (a server calls this once it is listening). */
export async function warmUp(): Promise<void> {
  await warmPdfPool().catch(() => undefined); // a failure shows on the first real job
}
