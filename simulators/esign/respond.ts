/** The esign envelope (§4.2) as HTTP responses. Signing happens in app.ts's outer middleware. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { esignError, esignErrorForHttpException, esignErrors, esignOk, type EsignErrorName } from '../../contracts/esign/index.ts';
import { EsignError } from './fail.ts';

export const JSON_TYPE = 'application/json;charset=UTF-8';

export function envelopeResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE } });
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
