/** The `ApiCall` the stages share: the request, its path under the API base, the body read once. */
import type { Context } from 'hono';
import { noteRequestBody } from '../journal.ts';
import type { ApiCall } from './types.ts';

const utf8 = new TextDecoder();

/** A call the limit stage can hand the bytes it already read. */
export type PipelineCall<L> = ApiCall<L> & { prime(body: Uint8Array<ArrayBuffer>): void };

/** One call; a class, so a request makes one object rather than a closure per method. */
class Call<L> implements PipelineCall<L> {
  readonly method: string;
  readonly path: string;
  readonly locals: L;
  private bytesRead?: Promise<Uint8Array>;
  private textRead?: Promise<string>;
  private remade?: Promise<Request>;
  /** What the limit stage read (a body without a declared length). */
  private primed?: Uint8Array<ArrayBuffer>;

  constructor(
    readonly c: Context,
    readonly url: URL,
    readonly basePath: string,
    locals: (c: Context, url: URL) => L,
  ) {
    this.method = c.req.method;
    this.path = url.pathname.slice(basePath.length) || '/';
    this.locals = locals(c, url);
  }

  header(name: string): string | undefined {
    return this.c.req.header(name);
  }

  private async read(): Promise<Uint8Array<ArrayBuffer>> {
    return this.primed ?? new Uint8Array(await this.c.req.arrayBuffer());
  }

  bytes(): Promise<Uint8Array> {
    return (this.bytesRead ??= this.read().then((body) => {
      noteRequestBody(this.c, body);
      return body;
    }));
  }

  text(): Promise<string> {
    return (this.textRead ??= this.bytes().then((b) => utf8.decode(b)));
  }

  request(): Promise<Request> {
    const raw = this.c.req.raw;
    return (this.remade ??= raw.bodyUsed
      ? this.read().then((body) => new Request(raw, { body }))
      : Promise.resolve(raw));
  }

  prime(body: Uint8Array<ArrayBuffer>): void {
    this.primed = body;
    // hono's own body readers (`c.req.parseBody()`, `text()`) answer from its cache.
    const exact = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    // (its type names the method; hono keeps the method's promise there)
    Reflect.set(
      this.c.req.bodyCache,
      'arrayBuffer',
      Promise.resolve(exact ? body.buffer : body.slice().buffer),
    );
  }
}

export function createCall<L>(
  c: Context,
  url: URL,
  basePath: string,
  locals: (c: Context, url: URL) => L,
): PipelineCall<L> {
  return new Call(c, url, basePath, locals);
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
