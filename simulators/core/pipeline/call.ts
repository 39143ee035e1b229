/** The `ApiCall` the stages share: the request, its path under the API base, the body read once. */
import type { Context } from 'hono';
import { noteRequestBody } from '../journal.ts';
import type { ApiCall } from './types.ts';

const utf8 = new TextDecoder();

export function createCall<L>(
  c: Context,
  url: URL,
  basePath: string,
  locals: (c: Context, url: URL) => L,
): ApiCall<L> {
  let bytes: Promise<Uint8Array> | undefined;
  let text: Promise<string> | undefined;
  const path = url.pathname.slice(basePath.length) || '/';
  const call: ApiCall<L> = {
    c,
    url,
    basePath,
    path,
    method: c.req.method,
    header: (name) => c.req.header(name),
    bytes: () =>
      (bytes ??= c.req.raw.arrayBuffer().then((b) => {
        const body = new Uint8Array(b);
        noteRequestBody(c, body);
        return body;
      })),
    text: () => (text ??= call.bytes().then((b) => utf8.decode(b))),
    locals: locals(c, url),
  };
  return call;
}

/** The longest base path `pathname` is under ('' matches every path), or undefined. */
export function matchBasePath(basePaths: readonly string[], pathname: string): string | undefined {
  let best: string | undefined;
  for (const base of basePaths) {
    const under = base === '' || pathname === base || pathname.startsWith(`${base}/`);
    if (under && (best === undefined || base.length > best.length)) best = base;
  }
  return best;
}
