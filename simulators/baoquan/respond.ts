/**
 * baoquan answers as HTTP responses: `{request_id, data}` (attestation APIs, /cas, /users/kyc),
 * flat JSON (/contract/*), the zip (/attestation/download), and the error body
 * `{request_id, message, timestamp}` with the catalogue's status for every failure. Builders are
 * the contract's (contracts/baoquan/validation.ts, errors.ts); this file maps thrown values.
 */
import { baoquanErrorResponse, type BaoquanErrorName } from '../../contracts/baoquan/errors.ts';
import { BaoquanError } from './fail.ts';

export {
  baoquanDownloadResponse,
  baoquanFailureResponse,
  baoquanJsonResponse,
  baoquanOk,
} from '../../contracts/baoquan/validation.ts';

export function errorResponse(name: BaoquanErrorName, now: number, requestId?: string): Response {
  return baoquanErrorResponse(name, { now, requestId: requestId ?? null });
}

/**
 * Any thrown value as the vendor's error body: a BaoquanError with its catalogue entry, anything
 * else INTERNAL_ERROR (500, 服务器内部错误) — never a stack.
 */
export function errorToResponse(err: unknown, now: number, requestId?: string): Response {
  if (err instanceof BaoquanError)
    return baoquanErrorResponse(err.key, { now, requestId: requestId ?? null, params: err.params });
  return errorResponse('INTERNAL_ERROR', now, requestId);
}
