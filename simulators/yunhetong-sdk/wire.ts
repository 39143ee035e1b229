/**
 * Parameters as a Java servlet's getParameter reads them (issue 11 "Wire format"): the query
 * string, then an urlencoded body, then multipart fields, one merged set where the first value of
 * a name wins. Real callers put unencoded JSON in the query of a POST with an empty body, or send
 * a body starting with `&` with raw UTF-8 and unescaped JSON.
 * decision: yunhetong-sdk.servlet-parameters
 */
import { parseFastjson } from '../../contracts/shared/lenient-json.ts';
import { yunhetongSdkCatalogue as catalogue } from '../../contracts/yunhetong-sdk/errors.ts';
import type { ApiCall } from '../core/pipeline/index.ts';
import type { SdkLocals, ServletParams } from './locals.ts';

export type { ServletParams } from './locals.ts';

const utf8 = new TextDecoder();

/** `%XX` escapes as UTF-8 bytes, `+` as a space; a malformed escape is kept as it is (Tomcat). */
export function decodeComponent(raw: string): string {
  const text = raw.replace(/\+/g, ' ');
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    if (bytes.length) out += utf8.decode(new Uint8Array(bytes));
    bytes.length = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      flush();
      out += text[i];
    }
  }
  flush();
  return out;
}

/** `a=1&b=2` pairs, empty pieces skipped (a leading `&`), each name and value decoded leniently. */
export function parsePairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const piece of text.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = decodeComponent(eq < 0 ? piece : piece.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(piece.slice(eq + 1));
    if (name !== '') pairs.push([name, value]);
  }
  return pairs;
}

function addFirst(values: Record<string, string>, name: string, value: string): void {
  if (!Object.prototype.hasOwnProperty.call(values, name))
    Object.defineProperty(values, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The raw query string of the request (without `?`), as sent. */
function rawQuery(call: ApiCall<SdkLocals>): string {
  const q = call.url.search;
  return q.startsWith('?') ? q.slice(1) : q;
}

async function readParams(call: ApiCall<SdkLocals>): Promise<ServletParams> {
  const values: Record<string, string> = {};
  const files: Record<string, File> = {};
  for (const [name, value] of parsePairs(rawQuery(call))) addFirst(values, name, value);
  // A GET's body is never read, whatever its Content-Type says.
  if (call.method === 'GET' || call.method === 'HEAD') return { values, files };
  const contentType = call.header('content-type') ?? '';
  const bytes = await call.bytes();
  if (bytes.length === 0) return { values, files };
  if (/^multipart\/form-data/i.test(contentType)) {
    let form: FormData;
    try {
      form = await new Request('http://multipart.invalid/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new Uint8Array(bytes),
      }).formData();
    } catch {
      // decision: yunhetong-sdk.unknown-param-error
      return catalogue.fail('UNKNOWN', 'malformed multipart body');
    }
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') addFirst(values, name, value);
      else if (!Object.prototype.hasOwnProperty.call(files, name))
        Object.defineProperty(files, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return { values, files };
  }
  // Charset-less forms are UTF-8; any other non-multipart body is read as a form too.
  for (const [name, value] of parsePairs(utf8.decode(bytes))) addFirst(values, name, value);
  return { values, files };
}

/** The request's servlet parameters, read once per request. */
export function servletParams(call: ApiCall<SdkLocals>): Promise<ServletParams> {
  call.locals.params ??= readParams(call);
  return call.locals.params;
}

/**
 * A JSON parameter (partners, signer, param) as fastjson reads it: single quotes, unquoted keys and
 * trailing commas accepted; undefined when it is not JSON even so.
 * decision: yunhetong-sdk.lenient-json
 */
export function parseJsonParam(text: string | undefined): { value: unknown } | undefined {
  return text === undefined ? undefined : parseFastjson(text.trim());
}
