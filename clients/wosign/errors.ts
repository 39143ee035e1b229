/** Typed errors of the 沃通 WoSignDoc API client. */
import { wosignErrors, type WosignErrorName } from '../../contracts/wosign/errors.ts';

const BY_CODE = new Map<number, { name: WosignErrorName; msg: string }>(
  (Object.entries(wosignErrors) as [WosignErrorName, { errCode: number; msg: string }][]).map(
    ([name, entry]) => [entry.errCode, { name, msg: entry.msg }],
  ),
);

/** The catalogue's name and text for an errorcode (the answer itself carries no message). */
export function wosignErrorOf(errorcode: number): { name: WosignErrorName; msg: string } | undefined {
  return BY_CODE.get(errorcode);
}

/**
 * A failure answer `{"status":0,"errorcode":<code>}`, or an answer without that envelope
 * (`errorcode` -1: an HTTP error, a proxy's page, not JSON).
 *
 * `message` is the doc's text for the code (4. 公共错误码 / 3.1 错误列表: `请求证书不正确` for -80), since
 * the vendor answers only the number; `code` is the catalogue's name (`CERT_INVALID`).
 */
export class WosignApiError extends Error {
  override readonly name = 'WosignApiError';
  /** The answer's `errorcode` (-80, -65 …), or -1 without an envelope. */
  readonly errorcode: number;
  /** The catalogue entry's name (`CERT_INVALID`), or undefined for a code the doc does not list. */
  readonly code: WosignErrorName | undefined;
  /** HTTP status of the answer (200 for every answer the vendor sends). */
  readonly httpStatus: number;
  /** The request's `actiontype`. */
  readonly actiontype: string;
  /** The parsed body (or its text). */
  readonly body: unknown;

  constructor(init: {
    errorcode: number;
    httpStatus: number;
    actiontype: string;
    body?: unknown;
    message?: string;
  }) {
    const known = wosignErrorOf(init.errorcode);
    super(init.message ?? known?.msg ?? `errorcode ${init.errorcode}`);
    this.errorcode = init.errorcode;
    this.code = known?.name;
    this.httpStatus = init.httpStatus;
    this.actiontype = init.actiontype;
    this.body = init.body;
  }

  /** `WoSignDoc CreateSignOrder errorcode -80: 请求证书不正确` (for logs). */
  override toString(): string {
    return `WoSignDoc ${this.actiontype} errorcode ${this.errorcode}: ${this.message}`;
  }
}
