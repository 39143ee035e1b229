/**
 * wosign answers (the pipeline's render stage): HTTP 200, compact JSON with every non-ASCII
 * character escaped `\uXXXX` (the real client decodes with the platform charset):
 * `{"status":1,"errorcode":0,...}` or `{"status":0,"errorcode":<code>}` (contracts/wosign/errors.ts).
 */
import { wosignFailure, type WosignErrorName } from '../../contracts/wosign/errors.ts';
import type { WosignOperations } from '../../contracts/wosign/operations.ts';
import type { VendorRenderer } from '../core/pipeline/index.ts';
import type { WosignLocals } from './locals.ts';

/** JSON.stringify, every character past 0x7e written as `\uXXXX`. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function jsonAnswer(body: unknown, status = 200): Response {
  return new Response(asciiJson(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

export function wosignRenderer(): VendorRenderer<WosignOperations, WosignLocals, WosignErrorName, string> {
  return {
    ok: (_call, _op, output) => jsonAnswer({ status: 1, errorcode: 0, ...(output as object) }),
    error: (_call, err) => jsonAnswer(wosignFailure(err.key)),
  };
}
