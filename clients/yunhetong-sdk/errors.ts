/** Typed errors of the 云合同 SDK API client. */

/**
 * A failure envelope (`code` 520 with the vendor's `subCode` and `message`), or an answer without
 * an envelope (`subCode` and `code` -1: an HTTP failure, a proxy's page).
 *
 * `message` is the vendor's text as answered (`合同编号不合法`), so callers can match on it.
 */
export class YunhetongSdkApiError extends Error {
  override readonly name = 'YunhetongSdkApiError';
  /** The envelope's `subCode` (10801, 10529 …), or -1. */
  readonly subCode: number;
  /** The envelope's `code`: 520 for failures, or -1. */
  readonly code: number;
  /** HTTP status of the answer (200 for every envelope the vendor sends). */
  readonly httpStatus: number;
  /** The API path, relative to the base path (`/contract/addPartner`). */
  readonly path: string;
  /** The parsed response body, when there was one. */
  readonly body: unknown;

  constructor(init: {
    subCode: number;
    message: string;
    code: number;
    httpStatus: number;
    path: string;
    body?: unknown;
  }) {
    super(init.message);
    this.subCode = init.subCode;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.path = init.path;
    this.body = init.body;
  }

  /** `云合同SDK /contract/addPartner subCode 10529: 合同编号不合法` (for logs). */
  override toString(): string {
    return `云合同SDK ${this.path} subCode ${this.subCode}: ${this.message}`;
  }
}
