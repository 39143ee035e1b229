/** Typed errors of the 云合同 摘要签署 client. */

/**
 * A failure envelope (`code != 200`), or an answer without one (`code` -1: an HTTP failure without
 * a JSON envelope, or a login that answered no `token` header).
 */
export class YunhetongApiError extends Error {
  override readonly name = 'YunhetongApiError';
  /** The envelope's `code` (201, 401, 20207 …), or -1. */
  readonly code: number;
  /** The envelope's `msg`. */
  readonly msg: string;
  /**
   * HTTP status of the answer: 200 for the vendor's envelopes
   * (a deployment may answer 401/402/403 as statuses).
   */
  readonly httpStatus: number;
  /** The API path (relative to the context path). */
  readonly path: string;
  /** The parsed response body, when there was one. */
  readonly body: unknown;

  constructor(init: { code: number; msg: string; httpStatus: number; path: string; body?: unknown }) {
    super(`云合同 ${init.path} code ${init.code}: ${init.msg}`);
    this.code = init.code;
    this.msg = init.msg;
    this.httpStatus = init.httpStatus;
    this.path = init.path;
    this.body = init.body;
  }
}
