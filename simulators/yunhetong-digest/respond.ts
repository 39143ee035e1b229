/**
 * yunhetong-digest answers: every envelope is HTTP 200 JSON (`application/json;charset=UTF-8`),
 * success `{code: 200, msg: true, data?}` (login: `msg: "成功"`), failure `{code, msg}`. With the
 * vendor option `authErrorsAsHttpStatus` 401/402/403 also use that HTTP status (guess, a deployment
 * behind a gateway). A thrown non-YhtError is 500 系统异常, never a stack.
 */
import {
  yunhetongDigestError,
  type YunhetongDigestEnvelope,
} from '../../contracts/yunhetong-digest/errors.ts';
import { YhtError } from './fail.ts';

export interface RespondOptions {
  /** A renewed token for response header `token`. */
  token?: string;
  authErrorsAsHttpStatus?: boolean;
}

export function envelopeResponse(body: YunhetongDigestEnvelope, opts: RespondOptions = {}): Response {
  const headers = new Headers({ 'content-type': 'application/json;charset=UTF-8' });
  if (opts.token) headers.set('token', opts.token);
  const status =
    opts.authErrorsAsHttpStatus && (body.code === 401 || body.code === 402 || body.code === 403)
      ? body.code
      : 200;
  return new Response(JSON.stringify(body), { status, headers });
}

export function errorToEnvelope(err: unknown): YunhetongDigestEnvelope {
  if (err instanceof YhtError) return yunhetongDigestError(err.key, err.detail);
  return yunhetongDigestError('SYSTEM_ERROR');
}
