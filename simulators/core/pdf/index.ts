/**
 * sealsim PDF toolkit: keyword search, seals (company, personal, image, time stamp)
 * placed by coordinates, pages, keyword or across page edges (骑缝), AcroForm filling,
 * chunk appending, attestation certificates and test documents. CJK text uses the
 * Noto Sans SC font, embedded as a subset through the fontkit 2 adapter.
 */
export type { KeywordHit, Box, SealSpec, Placement, Stamp, StampResult } from './types.ts';
export {
  PdfToolkitError,
  KeywordNotFoundError,
  InvalidPdfError,
  PageOutOfRangeError,
  UnsupportedChunkTypeError,
  InvalidSealError,
} from './errors.ts';
export { findKeyword } from './keyword.ts';
export { pageSizes, pageCount, isPdf } from './info.ts';
export { stampPdf } from './stamp.ts';
export { formFields, fillForm, type FormField } from './form.ts';
export { appendChunks, type Chunk } from './chunks.ts';
export { renderCertificate, type CertificateOptions } from './certificate.ts';
export { createTextPdf, type TextPdfPage } from './text-pdf.ts';
export { loadCjkFont, loadCjkBoldFont } from './font.ts';
export { fontkitAdapter } from './fontkit-adapter.ts';
export { sealSize } from './seal-geometry.ts';
export { encodeQr, QrTooLongError, type QrCode } from './qrcode.ts';
