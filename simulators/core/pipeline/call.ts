/** The `ApiCall` the stages share: the request, its path under the API base, the body read once. */
import type { Context } from 'hono';
import { noteRequestBody } from '../journal.ts';
import type { ApiCall } from './types.ts';

const utf8 = new TextDecoder();

/** A call the limit stage can hand the bytes it already read. */
export type PipelineCall<L> = ApiCall<L> & { prime(body: Uint8Array<ArrayBuffer>): void };

export function createCall<L>(
  c: Context,
  url: URL,
  basePath: string,
  locals: (c: Context, url: URL) => L,
): PipelineCall<L> {
  let bytes: Promise<Uint8Array> | undefined;
  let text: Promise<string> | undefined;
  let request: Promise<Request> | undefined;
  /** What the limit stage read (a body without a declared length). */
  let primed: Uint8Array<ArrayBuffer> | undefined;
  const read = async () => primed ?? new Uint8Array(await c.req.arrayBuffer());
  const path = url.pathname.slice(basePath.length) || '/';
  const call: PipelineCall<L> = {
    c,
    url,
    basePath,
    path,
    method: c.req.method,
    header: (name) => c.req.header(name),
    bytes: () =>
      (bytes ??= read().then((body) => {
        noteRequestBody(c, body);
        return body;
      })),
    text: () => (text ??= call.bytes().then((b) => utf8.decode(b))),
    request: () =>
      (request ??= c.req.raw.bodyUsed
        ? read().then((body) => new Request(c.req.raw, { body }))
        : Promise.resolve(c.req.raw)),
    locals: locals(c, url),
    prime(body) {
      primed = body;
      // hono's own body readers (`c.req.parseBody()`, `text()`) answer from its cache.
      const exact = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      // (its type names the method; hono keeps the method's promise there)
      Reflect.set(c.req.bodyCache, 'arrayBuffer', Promise.resolve(exact ? body.buffer : body.slice().buffer));
    },
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
