/**
 * For consumers receiving e签宝 callbacks (§4.10): they are signed like API calls (§4.10.2),
 * X-timevale-signature = hex HMAC-SHA256 of the raw body, keyed with the project secret.
 */
import { hmacSha256Hex, safeEqual, type Bytes } from '../shared/crypto.ts';
import { headerValue } from '../shared/fetch.ts';
import { EsignSignatureError } from './errors.ts';
import type { components } from './schema.d.ts';

export type EsignSignFlowUpdateNotice = components['schemas']['SignFlowUpdateNotice'];
export type EsignSignFlowFinishNotice = components['schemas']['SignFlowFinishNotice'];
export type EsignCallback = EsignSignFlowUpdateNotice | EsignSignFlowFinishNotice;

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/**
 * True when the callback's X-timevale-signature matches `rawBody` (the exact bytes received).
 * With `projectId`, X-timevale-project-id must also match when present.
 */
export function verifyCallback(
  headers: HeaderBag,
  rawBody: Bytes,
  secret: string,
  opts: { projectId?: string } = {},
): boolean {
  const received = headerValue(headers, 'X-timevale-signature');
  if (!received) return false;
  if (opts.projectId) {
    const project = headerValue(headers, 'X-timevale-project-id');
    if (project !== undefined && project !== opts.projectId) return false;
  }
  return safeEqual(received.toLowerCase(), hmacSha256Hex(secret, rawBody));
}

/** Verifies and parses a callback; throws EsignSignatureError when the signature is wrong. */
export function parseCallback(
  headers: HeaderBag,
  rawBody: Bytes,
  secret: string,
  opts: { projectId?: string } = {},
): EsignCallback {
  if (!verifyCallback(headers, rawBody, secret, opts)) {
    throw new EsignSignatureError('e签宝 callback signature does not match its body', {
      expected: hmacSha256Hex(secret, rawBody),
      received: headerValue(headers, 'X-timevale-signature'),
    });
  }
  const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  return JSON.parse(text) as EsignCallback;
}
