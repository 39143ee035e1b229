/**
 * e签宝 request authentication and response signing (doc §4.3, docs/vendor-notes.md "Signature").
 *
 * - `X-timevale-signature` is the lowercase hex HMAC-SHA256 of the signed content, keyed with
 *   the project secret (UTF-8).
 * - `X-timevale-mode: package` (the default) signs the exact request body bytes.
 * - `X-timevale-mode: sort-parameters` (guess: the doc names the mode but not its format) signs
 *   the ASCII-sorted top-level parameters as `k1=v1&k2=v2…`: for a JSON body its top-level
 *   fields, for a body-less request its query parameters minus the four auth parameters.
 *   Strings are used as they are, numbers and booleans with String(), objects and arrays as
 *   compact JSON (JSON.stringify); null values and undefined are left out.
 *   decision: esign.sort-parameters-format
 * - `X-timevale-signature-algorithm` is advisory (read case-insensitively: hmac-sha256,
 *   HMAC-SHA256, HmacSHA256): the simulator always verifies HMAC-SHA256.
 * - Each of the four may come as a URL parameter instead (§4.3.1.5): mode, projectId,
 *   signature, signatureAlgorithm. A header wins over its URL parameter.
 * - A request without a body may sign the empty string or its query string (with or without
 *   the auth parameters): any of these verifies.
 *   decision: esign.bodyless-signature
 * - Hex is compared case-insensitively (guess: a consumer's uppercase hex is still the same
 *   digest).
 *   decision: esign.hex-case-insensitive
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const H_PROJECT = 'X-timevale-project-id';
export const H_SIGNATURE = 'X-timevale-signature';
export const H_MODE = 'X-timevale-mode';
export const H_ALGORITHM = 'X-timevale-signature-algorithm';

const URL_PARAMS = {
  projectId: 'projectId',
  signature: 'signature',
  mode: 'mode',
  algorithm: 'signatureAlgorithm',
} as const;
const AUTH_QUERY_KEYS: ReadonlySet<string> = new Set(Object.values(URL_PARAMS));

export type SignMode = 'package' | 'sort-parameters';

export interface AuthParams {
  projectId?: string;
  signature?: string;
  /** The raw mode as sent (undefined = package). */
  mode?: string;
  algorithm?: string;
}

export function readAuthParams(headers: Headers, url: URL): AuthParams {
  // (url.searchParams is an object made on first use: none for a URL without parameters)
  const params = url.search === '' ? undefined : url.searchParams;
  const pick = (h: string, q: string) => {
    const v = headers.get(h) ?? params?.get(q) ?? undefined;
    return v === undefined || v === '' ? undefined : v.trim();
  };
  return {
    projectId: pick(H_PROJECT, URL_PARAMS.projectId),
    signature: pick(H_SIGNATURE, URL_PARAMS.signature),
    mode: pick(H_MODE, URL_PARAMS.mode),
    algorithm: pick(H_ALGORITHM, URL_PARAMS.algorithm),
  };
}

/** package / sort-parameters, case-insensitively; undefined for anything else. */
export function normaliseMode(mode: string | undefined): SignMode | undefined {
  if (mode === undefined) return 'package';
  const m = mode.toLowerCase().replace(/_/g, '-');
  if (m === 'package') return 'package';
  if (m === 'sort-parameters' || m === 'sortparameters' || m === 'sort-parameter') return 'sort-parameters';
  return undefined;
}

/** Whether the advisory algorithm names HMAC-SHA256 (in any of its spellings). */
export function isHmacSha256(algorithm: string | undefined): boolean {
  if (algorithm === undefined) return true;
  return algorithm.toLowerCase().replace(/[-_\s]/g, '') === 'hmacsha256';
}

export function hmacHex(secret: string, content: Uint8Array | string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(content).digest('hex');
}

function stringValue(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** `k1=v1&k2=v2…` over pairs sorted by key in ASCII (code unit) order. */
export function sortedParamString(pairs: Array<[string, unknown]>): string {
  return pairs
    .map(([k, v]) => [k, stringValue(v)] as const)
    .filter((p): p is readonly [string, string] => p[1] !== undefined)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** The sort-parameters content of a JSON body (top-level fields); undefined if not an object. */
export function sortedBodyString(body: Uint8Array | string): string | undefined {
  // Parsing or re-serialising a pathologically deep body may overflow the stack: such a body
  // simply has no sort-parameters form (its signature cannot match).
  try {
    const parsed: unknown = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return sortedParamString(Object.entries(parsed as Record<string, unknown>));
  } catch {
    return undefined;
  }
}

/** Query string without the auth parameters, in the order sent. */
function queryWithoutAuth(url: URL): string {
  const q = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (!AUTH_QUERY_KEYS.has(k)) q.append(k, v);
  return q.toString();
}

/** Every content a correct client may have signed for this request. */
export function candidateContents(body: Uint8Array, url: URL, mode: SignMode): Array<Uint8Array | string> {
  const out: Array<Uint8Array | string> = [];
  if (body.length > 0) {
    if (mode === 'package') out.push(body);
    else {
      const sorted = sortedBodyString(body);
      if (sorted !== undefined) out.push(sorted);
    }
    return out;
  }
  out.push('');
  const raw = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  if (raw) out.push(raw, decodeURIComponentSafe(raw));
  const stripped = queryWithoutAuth(url);
  if (stripped) out.push(stripped, decodeURIComponentSafe(stripped));
  if (mode === 'sort-parameters') {
    out.push(sortedParamString([...url.searchParams].filter(([k]) => !AUTH_QUERY_KEYS.has(k))));
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function signatureMatches(
  secret: string,
  given: string,
  contents: Array<Uint8Array | string>,
): boolean {
  const got = Buffer.from(given.toLowerCase());
  for (const content of contents) {
    const want = Buffer.from(hmacHex(secret, content));
    if (want.length === got.length && timingSafeEqual(want, got)) return true;
  }
  return false;
}

/** The content a response (or callback) is signed over, in the caller's mode. */
export function responseContent(body: Uint8Array | string, mode: SignMode): Uint8Array | string {
  if (mode === 'sort-parameters') return sortedBodyString(body) ?? body;
  return body;
}

/** The X-timevale-* headers for a response or callback body (bytes, or text signed as its UTF-8). */
export function signedHeaders(
  projectId: string,
  secret: string | undefined,
  body: Uint8Array | string,
  mode: SignMode = 'package',
): Record<string, string> {
  const h: Record<string, string> = {
    [H_PROJECT]: projectId,
    [H_MODE]: mode,
    [H_ALGORITHM]: 'hmac-sha256',
  };
  if (secret !== undefined) h[H_SIGNATURE] = hmacHex(secret, responseContent(body, mode));
  return h;
}

/** What the journal shows for a signature that did not verify (core/journal.ts `diagnose`). */
export interface SignatureNearMiss {
  summary: string;
  details: Record<string, string>;
}

const shown = (content: Uint8Array | string) => {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  return text.length > 4096 ? `${text.slice(0, 4096)}…(${text.length} chars)` : text;
};

/**
 * Why `given` is not the HMAC of this request: the content the simulator signed, the signature it
 * expected, and the first known mistake whose signature matches (another secret, the other mode,
 * the body re-serialised or re-encoded, base64 instead of hex), else the likely causes.
 */
export function signatureNearMiss(opts: {
  secret: string;
  given: string;
  body: Uint8Array;
  url: URL;
  mode: SignMode;
  /** Other tenants' secrets by project id, to name a secret mix-up. */
  otherSecrets: Array<[string, string]>;
  projectId: string;
}): SignatureNearMiss {
  const { secret, given, body, url, mode } = opts;
  const contents = candidateContents(body, url, mode);
  const signed = contents[0] ?? '';
  const expected = hmacHex(secret, signed);
  const details: Record<string, string> = {
    mode,
    stringToSign: shown(signed),
    expectedSignature: expected,
    receivedSignature: given,
  };
  if (body.length > 0) details.bodyBytes = String(body.length);
  const matches = (key: string, content: Uint8Array | string) => {
    const digest = createHmac('sha256', Buffer.from(key, 'utf8')).update(content).digest();
    return digest.toString('hex') === given.toLowerCase() || digest.toString('base64') === given;
  };
  const cause = (() => {
    const digest = createHmac('sha256', Buffer.from(secret, 'utf8')).update(signed).digest();
    if (given === digest.toString('base64') || given === digest.toString('base64url'))
      return 'the signature is base64 of the right HMAC; e签宝 wants it as hex';
    for (const [id, other] of opts.otherSecrets)
      if (contents.some((c) => matches(other, c)))
        return `signed with the secret of project ${id}, not of project ${opts.projectId}`;
    if (contents.some((c) => matches(opts.projectId, c)))
      return 'signed with the project id as key, not its secret';
    if (secret.trim() !== secret || contents.some((c) => matches(secret.trim(), c)))
      return 'the secret has surrounding whitespace';
    const otherMode: SignMode = mode === 'package' ? 'sort-parameters' : 'package';
    if (candidateContents(body, url, otherMode).some((c) => matches(secret, c)))
      return `the signature is over the ${otherMode} form, but X-timevale-mode is ${mode}`;
    if (body.length > 0) {
      const text = Buffer.from(body).toString('utf8');
      const variants: Array<[string, () => string]> = [
        [
          'the body was re-serialised after signing (the compact JSON matches)',
          () => JSON.stringify(JSON.parse(text)),
        ],
        [
          'the body was re-serialised after signing (indented JSON matches)',
          () => JSON.stringify(JSON.parse(text), null, 2),
        ],
        [
          'non-ASCII characters were \\u-escaped on one side only',
          () =>
            text.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
        ],
        ['line endings differ (CRLF vs LF)', () => text.replace(/\r\n/g, '\n')],
        ['line endings differ (LF vs CRLF)', () => text.replace(/\r?\n/g, '\r\n')],
        ['surrounding whitespace of the body differs', () => text.trim()],
        ['the signature is over the body as Latin-1 text', () => Buffer.from(body).toString('latin1')],
      ];
      for (const [why, variant] of variants) {
        try {
          const v = variant();
          if (v !== text && matches(secret, v)) return why;
        } catch {
          // not JSON: that variant does not apply
        }
      }
      return (
        'no known variant matches: sign the exact body bytes sent (after any re-encoding) with this ' +
        "project's secret, lowercase hex HMAC-SHA256"
      );
    }
    return 'no known variant matches: a body-less request signs the empty string or its query string';
  })();
  details.firstDifference = cause;
  return { summary: `signature mismatch: ${cause}`, details };
}
