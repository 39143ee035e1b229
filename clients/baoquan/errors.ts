/** Typed errors of the 保全网 client. */

/**
 * Any answer but HTTP 200 (the SDKs' rule), carrying the vendor's `{request_id, message,
 * timestamp}`. `message` is the vendor's text exactly (e.g. 数字签名校验失败); a body without
 * message and timestamp gives "Unknown error", as the PHP and Java SDKs do.
 */
export class BaoquanApiError extends Error {
  override readonly name = 'BaoquanApiError';
  readonly status: number;
  /** The body's request_id, else the request's own. */
  readonly requestId: string;
  /** Epoch ms: the body's timestamp, else the client clock. */
  readonly timestamp: number;
  /** The parsed body, or its text when it was not JSON. */
  readonly body: unknown;

  constructor(init: {
    status: number;
    message: string;
    requestId: string;
    timestamp: number;
    body?: unknown;
  }) {
    super(init.message);
    this.status = init.status;
    this.requestId = init.requestId;
    this.timestamp = init.timestamp;
    this.body = init.body;
  }
}
