/**
 * sealsim PDF toolkit: keyword search, seals (company, personal, image, time stamp)
 * placed by coordinates, pages, keyword or across page edges (骑缝), AcroForm filling,
 * chunk appending, attestation certificates and test documents. CJK text uses the
 * Noto Sans SC font, embedded as a subset through the fontkit 2 adapter.
 *
 * The entry is a lazy facade: pdf-lib, fontkit and pdfjs (about 350 ms of module loading) are
 * imported on first use, not when a simulator starts.
 */
import type { CertificateOptions } from './certificate.ts';
import type { Chunk } from './chunks.ts';
import type { FormField } from './form.ts';
import type { PageFrame } from './frame.ts';
import type { TextPdfPage } from './text-pdf.ts';
import type { KeywordHit, Stamp, StampResult } from './types.ts';

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
export type { QrCode } from './qrcode.ts';
export {
  PdfToolkitError,
  KeywordNotFoundError,
  InvalidPdfError,
  PageOutOfRangeError,
  UnsupportedChunkTypeError,
  InvalidSealError,
} from './errors.ts';
export { isPdf } from './sniff.ts';
export { sealSize } from './seal-geometry.ts';
export { encodeQr, QrTooLongError } from './qrcode.ts';

export const findKeyword = async (pdf: Uint8Array, keyword: string): Promise<KeywordHit[]> =>
  (await import('./keyword.ts')).findKeyword(pdf, keyword);
export const pageSizes = async (pdf: Uint8Array): Promise<Array<{ width: number; height: number }>> =>
  (await import('./info.ts')).pageSizes(pdf);
export const pageFrames = async (pdf: Uint8Array): Promise<PageFrame[]> =>
  (await import('./info.ts')).pageFrames(pdf);
export { displayedSize, displayedToUser, userBoxToDisplayed, type PageFrame } from './frame.ts';
export const pageCount = async (pdf: Uint8Array): Promise<number> =>
  (await import('./info.ts')).pageCount(pdf);
export const stampPdf = async (pdf: Uint8Array, stamps: Stamp[]): Promise<StampResult> =>
  (await import('./stamp.ts')).stampPdf(pdf, stamps);
export const formFields = async (pdf: Uint8Array): Promise<FormField[]> =>
  (await import('./form.ts')).formFields(pdf);
export const fillForm = async (
  pdf: Uint8Array,
  values: Record<string, string>,
  opts: { flatten?: boolean } = {},
): Promise<Uint8Array> => (await import('./form.ts')).fillForm(pdf, values, opts);
export const appendChunks = async (pdf: Uint8Array, chunks: Chunk[]): Promise<Uint8Array> =>
  (await import('./chunks.ts')).appendChunks(pdf, chunks);
export const renderCertificate = async (opts: CertificateOptions): Promise<Uint8Array> =>
  (await import('./certificate.ts')).renderCertificate(opts);
export const createTextPdf = async (
  pages: TextPdfPage[],
  opts: { font?: 'embedded' | 'stsong-light' } = {},
): Promise<Uint8Array> => (await import('./text-pdf.ts')).createTextPdf(pages, opts);
export const loadCjkFont = async (): Promise<Uint8Array> => (await import('./font.ts')).loadCjkFont();
export const loadCjkBoldFont = async (): Promise<Uint8Array> => (await import('./font.ts')).loadCjkBoldFont();

/** Loads the PDF modules ahead of first use (a server calls this once it is listening). */
export async function warmUp(): Promise<void> {
  await Promise.all([
    import('./stamp.ts'),
    import('./keyword.ts'),
    import('./form.ts'),
    import('./chunks.ts'),
  ]);
}
