/**
 * The render stage: the esign envelope (§4.2) `{errCode, msg, data?}` as HTTP responses, and the
 * seal that signs every answer on the API path (§4.3.2), failures, the body limit and faults
 * included, with the caller's project secret in the mode the caller asked for.
 */
import {
  esignError,
  esignErrors,
  esignOk,
  type EsignErrorName,
  type EsignOperations,
} from '../../contracts/esign/index.ts';
import type { VendorError } from '../../contracts/shared/errors.ts';
import { isCachedNodeResponse, knownAnswer, knownBody } from '../core/journal.ts';
import type { ApiCall, VendorRenderer } from '../core/pipeline/index.ts';
import { H_ALGORITHM, H_MODE, H_PROJECT, H_SIGNATURE, normaliseMode, signedHeaders } from './auth.ts';
import type { EsignLocals } from './locals.ts';
import type { EsignRuntime } from './runtime.ts';

export const JSON_TYPE = 'application/json;charset=UTF-8';

export type EsignFailure = VendorError<EsignErrorName, string>;

/**
 * An envelope with its text and errCode recorded (core/journal.ts `knownBody`): the seal and the
 * journal read those rather than the body.
 */
export function envelopeResponse(body: { errCode: number; msg?: string }, status = 200): Response {
  const text = JSON.stringify(body);
  const res = new Response(text, { status, headers: { 'content-type': JSON_TYPE } });
  return knownBody(res, text, JSON_TYPE, body.errCode);
}

export function okResponse(data?: unknown): Response {
  return envelopeResponse(esignOk(data));
}

/** A catalogue failure: its errCode and msg (`参数错误: flowId 不能为空`), at the entry's status. */
export function errorResponse(err: EsignFailure): Response {
  return envelopeResponse(esignError(err.key, err.detail), esignErrors[err.key].httpStatus);
}

/**
 * Signs an answer with the caller's project secret. When the project is missing or unknown there
 * is no secret: the answer then carries the mode and algorithm headers but no
 * X-timevale-signature (guess).
 * decision: esign.response-signing
 */
async function sign(rt: EsignRuntime, call: ApiCall<EsignLocals>, res: Response): Promise<Response> {
  const { projectId, mode } = call.locals.auth;
  const secret = call.locals.secret ?? (projectId ? rt.tenants.get(projectId)?.secret : undefined);
  const signMode = normaliseMode(mode) ?? 'package';
  // The signature headers an answer carries for `body`, lower case in sorted order: all but the
  // project's when the caller named none.
  const signature = (body: Uint8Array | string): Array<[string, string]> => {
    const signed = signedHeaders(projectId ?? '', secret, body, signMode);
    const out: Array<[string, string]> = [];
    for (const [name, lower] of SIGNATURE_HEADERS) {
      const value = signed[name];
      if (value !== undefined && (name !== H_PROJECT || projectId)) out.push([lower, value]);
    }
    return out;
  };
  // Our own envelope: sign its known text and set the headers in place (no clone, no copy).
  const known = knownAnswer(res);
  if (known !== undefined) {
    if (!isCachedNodeResponse(res)) {
      for (const [name, value] of signature(known.text)) res.headers.set(name, value);
      return res;
    }
    // Served by @hono/node-server: a plain header object is written as it is, where a Headers
    // object is first made and then turned back into one. The same names, order and values the
    // server writes from a Headers object: lower case, sorted, its Content-Length last.
    const headers: Record<string, string> = { 'content-type': known.type };
    for (const [name, value] of signature(known.text)) headers[name] = value;
    headers['Content-Length'] = String(Buffer.byteLength(known.text, 'utf8'));
    const signed = new Response(known.text, { status: res.status, headers });
    return knownBody(signed, known.text, known.type, known.code);
  }
  const bytes = new Uint8Array(await res.clone().arrayBuffer());
  const copy = new Response(bytes, { status: res.status, statusText: res.statusText, headers: res.headers });
  for (const [name, value] of signature(bytes)) copy.headers.set(name, value);
  return copy;
}

/** The signature headers with their lower-case names, in the order sorting those gives. */
const SIGNATURE_HEADERS = [H_MODE, H_PROJECT, H_SIGNATURE, H_ALGORITHM].map(
  (name) => [name, name.toLowerCase()] as const,
);

export function esignRenderer(
  rt: EsignRuntime,
): VendorRenderer<EsignOperations, EsignLocals, EsignErrorName, string> {
  return {
    ok: (_call, _op, data) => okResponse(data),
    error: (_call, err) => errorResponse(err),
    seal: (call, res) => sign(rt, call, res),
  };
}
