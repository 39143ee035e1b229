/** Typed errors of the e签宝 client. */

/** A failure envelope (`errCode != 0`), or an HTTP failure without one (`errCode` -1). */
export class EsignApiError extends Error {
  override readonly name = 'EsignApiError';
  readonly errCode: number;
  readonly msg: string;
  readonly httpStatus: number;
  /** The parsed response body, when there was one. */
  readonly body: unknown;

  constructor(init: { errCode: number; msg: string; httpStatus: number; body?: unknown }) {
    super(`e签宝 errCode ${init.errCode}: ${init.msg}`);
    this.errCode = init.errCode;
    this.msg = init.msg;
    this.httpStatus = init.httpStatus;
    this.body = init.body;
  }
}

/** A response or callback whose X-timevale-signature does not match its body. */
export class EsignSignatureError extends Error {
  override readonly name = 'EsignSignatureError';
  readonly expected: string;
  readonly received: string | undefined;

  constructor(message: string, init: { expected: string; received: string | undefined }) {
    super(message);
    this.expected = init.expected;
    this.received = init.received;
  }
}

/** A failed upload PUT; `code` is the object store's error code (InvalidDigest, AccessDenied…). */
export class EsignUploadError extends Error {
  override readonly name = 'EsignUploadError';
  readonly httpStatus: number;
  readonly code: string;
  readonly ossMessage: string;
  readonly requestId: string | undefined;
  readonly body: string;

  constructor(init: { httpStatus: number; code: string; message: string; requestId?: string; body: string }) {
    super(`upload failed: HTTP ${init.httpStatus} ${init.code}: ${init.message}`);
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.ossMessage = init.message;
    this.requestId = init.requestId;
    this.body = init.body;
  }
}
