/** The esign envelope (§4.2) as HTTP responses. Signing happens in app.ts's outer middleware. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  esignError,
  esignErrorForHttpException,
  esignErrors,
  esignOk,
  type EsignErrorName,
} from '../../contracts/esign/index.ts';
import { EsignError } from './fail.ts';

export const JSON_TYPE = 'application/json;charset=UTF-8';

/** Bodies of the envelopes built here, so response signing need not clone and re-read them. */
const bodies = new WeakMap<Response, string>();

export function envelopeResponse(body: unknown, status = 200): Response {
  const text = JSON.stringify(body);
  const res = new Response(text, { status, headers: { 'content-type': JSON_TYPE } });
  bodies.set(res, text);
  return res;
}

/** The body text of a response built by envelopeResponse, if it is one. */
export function knownBody(res: Response): string | undefined {
  return bodies.get(res);
}

export function okResponse(data?: unknown): Response {
  return envelopeResponse(esignOk(data));
}

export function errorResponse(name: EsignErrorName, detail?: string): Response {
  return envelopeResponse(esignError(name, detail), esignErrors[name].httpStatus);
}

/** Any thrown value as the catalogue envelope: never a stack, never an undocumented 500. */
export function errorToResponse(err: unknown, _c?: Context): Response {
  if (err instanceof EsignError) return errorResponse(err.key, err.detail);
  if (err instanceof HTTPException) {
    const name = esignErrorForHttpException(err.status, err.message);
    if (name) return errorResponse(name);
  }
  return errorResponse('INTERNAL_ERROR');
}
