/** Typed errors of the PDF toolkit. Every one carries a stable `code`. */
export class PdfToolkitError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A keyword placement matched nothing: stamping never skips silently. */
export class KeywordNotFoundError extends PdfToolkitError {
  readonly keyword: string;
  constructor(keyword: string) {
    super('KEYWORD_NOT_FOUND', `keyword not found in PDF: ${JSON.stringify(keyword)}`);
    this.keyword = keyword;
  }
}

/** The bytes are not a PDF that can be parsed. */
export class InvalidPdfError extends PdfToolkitError {
  constructor(message = 'not a parseable PDF', options?: { cause?: unknown }, code = 'INVALID_PDF') {
    super(code, message, options);
  }
}

/**
 * The PDF exceeds one of the toolkit's bounds (bounds.ts): too many pages or objects, streams that
 * inflate too far, a malformed page tree, too much text or too many keyword hits. An InvalidPdfError,
 * so every caller that refuses an unreadable PDF refuses this one the same way.
 */
export class PdfLimitError extends InvalidPdfError {
  readonly limit: string;
  constructor(limit: string, message: string) {
    super(message, undefined, 'PDF_LIMIT');
    this.limit = limit;
  }
}

/** A keyword found more often than the bounds allow (findKeywords' 'too-many-hits'), refused. */
export function tooManyKeywordHits(max: number): PdfLimitError {
  return new PdfLimitError('keyword-hits', `PDF over sealsim's bounds: more than ${max} keyword hits`);
}

/** A PDF job ran out of time or memory, or its worker died: the worker was replaced. */
export class PdfJobAbortedError extends InvalidPdfError {
  readonly reason: 'timeout' | 'memory' | 'crash';
  constructor(reason: 'timeout' | 'memory' | 'crash', message: string) {
    super(message, undefined, 'PDF_JOB_ABORTED');
    this.reason = reason;
  }
}

/** Laying out appended chunks would add more pages than allowed (checked while laying out). */
export class TooManyPagesError extends PdfToolkitError {
  readonly max: number;
  constructor(max: number) {
    super('TOO_MANY_PAGES', `the chunks add more than ${max} pages`);
    this.max = max;
  }
}

/** A page number outside 1..pageCount. */
export class PageOutOfRangeError extends PdfToolkitError {
  readonly page: number;
  readonly pageCount: number;
  constructor(page: number, pageCount: number) {
    super('PAGE_OUT_OF_RANGE', `page ${page} is out of range 1..${pageCount}`);
    this.page = page;
    this.pageCount = pageCount;
  }
}

/** appendChunks got a content type it cannot lay out. */
export class UnsupportedChunkTypeError extends PdfToolkitError {
  readonly contentType: string;
  constructor(contentType: string) {
    super(
      'UNSUPPORTED_CHUNK_TYPE',
      `unsupported chunk content type: ${JSON.stringify(contentType)} (expected text/html or ` +
        `application/pdf)`,
    );
    this.contentType = contentType;
  }
}

/** A seal spec that cannot be drawn (bad colour, unreadable image, empty name). */
export class InvalidSealError extends PdfToolkitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_SEAL', message, options);
  }
}
