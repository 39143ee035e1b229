/**
 * yunhetong-digest answers (the pipeline's render stage): every envelope is HTTP 200 JSON
 * (`application/json;charset=UTF-8`), success `{code: 200, msg: true, data?}` (login: `msg:
 * "成功"`), failure `{code, msg}` from the catalogue (contracts/yunhetong-digest/errors.ts). A
 * token for response header `token` (renewed, or /auth/login's) rides on every answer after the
 * token check. With the vendor option `authErrorsAsHttpStatus` an API's 401/402/403 also use that
 * HTTP status (guess, a deployment behind a gateway); fault answers keep HTTP 200 (or the rule's).
 */
import {
  yunhetongDigestError,
  yunhetongDigestLoginOk,
  yunhetongDigestOk,
  type YunhetongDigestEnvelope,
  type YunhetongDigestErrorName,
} from '../../contracts/yunhetong-digest/errors.ts';
import type { YunhetongDigestOperations } from '../../contracts/yunhetong-digest/operations.ts';
import type { ApiCall, VendorRenderer } from '../core/pipeline/index.ts';
import type { YhtLocals } from './locals.ts';

export interface EnvelopeOptions {
  token?: string | undefined;
  authErrorsAsHttpStatus?: boolean;
}

export function envelopeResponse(body: YunhetongDigestEnvelope, opts: EnvelopeOptions = {}): Response {
  const headers = new Headers({ 'content-type': 'application/json;charset=UTF-8' });
  if (opts.token) headers.set('token', opts.token);
  const status =
    opts.authErrorsAsHttpStatus && (body.code === 401 || body.code === 402 || body.code === 403)
      ? body.code
      : 200;
  return new Response(JSON.stringify(body), { status, headers });
}

export function yunhetongDigestRenderer(
  authErrorsAsHttpStatus: boolean,
): VendorRenderer<YunhetongDigestOperations, YhtLocals, YunhetongDigestErrorName, string> {
  const answer = (call: ApiCall<YhtLocals>, body: YunhetongDigestEnvelope) =>
    envelopeResponse(body, {
      token: call.locals.token,
      authErrorsAsHttpStatus: authErrorsAsHttpStatus && call.locals.routed,
    });
  return {
    ok: (call, op, data) => answer(call, op === 'login' ? yunhetongDigestLoginOk() : yunhetongDigestOk(data)),
    error: (call, err) => answer(call, yunhetongDigestError(err.key, err.detail)),
  };
}
