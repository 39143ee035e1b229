/**
 * The request body as WoSignDoc reads it (issue 12 "Requests"): the whole JSON object, which real
 * clients send percent-encoded form-style (`+` a space, base64's `+/=` as `%2B%2F%3D`) under
 * `application/x-www-form-urlencoded` with no charset and no `key=`; plain JSON is read too.
 * decision: wosign.body-encoding
 */
import type { ApiCall } from '../core/pipeline/index.ts';
import type { WosignBody, WosignLocals } from './locals.ts';

const utf8 = new TextDecoder();
const PLUS = 0x2b;
const PERCENT = 0x25;
const OPEN_BRACE = 0x7b;

function hexValue(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/** Form-style percent-decoding of raw bytes: `+` a space, `%XX` a byte, a malformed `%` kept. */
export function formDecode(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === PLUS) out[n++] = 0x20;
    else if (b === PERCENT) {
      const hi = hexValue(bytes[i + 1]);
      const lo = hexValue(bytes[i + 2]);
      if (hi < 0 || lo < 0) out[n++] = b;
      else {
        out[n++] = (hi << 4) | lo;
        i += 2;
      }
    } else out[n++] = b;
  }
  return out.subarray(0, n);
}

/** The first byte that is not whitespace or a UTF-8 BOM. */
function firstSignificant(bytes: Uint8Array): number | undefined {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  return bytes[i];
}

/** The body as one JSON object: raw JSON when it starts with `{`, else percent-decoded first. */
export function decodeBody(bytes: Uint8Array): WosignBody {
  const json = firstSignificant(bytes) === OPEN_BRACE ? bytes : formDecode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(json).replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false };
  return { ok: true, value: value as Record<string, unknown> };
}

/** The request's body, decoded once. */
export async function requestBody(call: ApiCall<WosignLocals>): Promise<WosignBody> {
  call.locals.body ??= decodeBody(await call.bytes());
  return call.locals.body;
}
