/**
 * The one request pipeline every vendor runs (prism's named stages, LocalStack's one handler per
 * operation). A vendor supplies its stages, its operation-keyed handlers and its renderer; core
 * runs them in a fixed order:
 *
 *   limit → fault → route → authenticate → parse → validate → handle → render
 *
 * Any stage may throw the vendor's `VendorError` (contracts/shared/errors.ts); the renderer turns
 * it into the vendor's envelope. A stage may also answer a plain `Response` where the vendor's
 * server answers outside its envelope (a servlet container's 404 page, an HTML index page).
 */
import type { Context, Hono } from 'hono';
import type { z } from '@hono/zod-openapi';
import type {
  Catalogue,
  CatalogueEntry,
  ErrorDetail,
  VendorError,
} from '../../../contracts/shared/errors.ts';
import type { InputOf, OperationTable, OutputOf } from '../../../contracts/shared/operations.ts';
import type { Diagnostic } from '../../../contracts/control/schemas.ts';
import type { FaultRules } from '../faults.ts';

/** One request as every stage sees it. */
export interface ApiCall<L> {
  readonly c: Context;
  readonly url: URL;
  /** The API base path the request is under ('' for a vendor served at the root). */
  readonly basePath: string;
  /** The path relative to that base path (`/sign/start`); '/' for the base itself. */
  readonly path: string;
  readonly method: string;
  header(name: string): string | undefined;
  /** The body's bytes, read once; the limit stage has already refused an oversized body. */
  bytes(): Promise<Uint8Array>;
  /** The body as UTF-8 text, read once. */
  text(): Promise<string>;
  /**
   * The request with a readable body (re-made around `bytes()` once they were read: in-process,
   * the limit stage reads a body sent without a Content-Length), for a parser that wants a Request.
   */
  request(): Promise<Request>;
  /** The vendor's per-request values shared between its stages (a request id, a renewed token). */
  readonly locals: L;
}

/** What a handler is given besides its input. */
export interface HandlerContext<Caller, L> {
  caller: Caller;
  call: ApiCall<L>;
}

/** One handler per operation, typed from the contract's operation table. */
export type OperationHandlers<Ops extends OperationTable, Caller, L> = {
  [K in keyof Ops]: (
    input: InputOf<Ops, K>,
    ctx: HandlerContext<Caller, L>,
  ) => OutputOf<Ops, K> | Promise<OutputOf<Ops, K>>;
};

export type Answer<T> = T | Response;

export interface VendorStages<
  Ops extends OperationTable,
  Caller,
  L,
  N extends string,
  D extends ErrorDetail,
> {
  /** limit: the largest body accepted (checked before the body is buffered), and the error beyond it. */
  limit: {
    maxBytes(call: ApiCall<L>): number;
    tooLarge(call: ApiCall<L>): VendorError<N, D>;
    /**
     * The stages and handlers read the body only through the call (`bytes`, `text`, `request`,
     * or hono's `c.req` readers), never `c.req.raw`: a body the limit stage had to read (sent
     * in-process without a Content-Length) then stays on the call instead of in a new Request.
     */
    bodyThroughCall?: boolean;
  };
  /** fault: how fault rules without a catalogue entry are answered (see fault.ts). */
  fault: {
    /** The entry a rule that only sets an HTTP status answers with. */
    byStatus(status: number): N;
    /** A `vendorError` the catalogue does not know, as the vendor would answer free text. */
    unlisted(call: ApiCall<L>, text: string, status: number | undefined): Response;
    /**
     * The detail for `<code>:<detail>` rules; undefined to ignore it. Absent: the vendor reads no
     * such form, and the whole text goes to `unlisted` unless it names an entry.
     */
    detail?(text: string): D | undefined;
    /** The HTTP status a status-only rule is answered with; default: the rule's own. */
    answerStatus?(status: number): number;
  };
  /**
   * route: the operation a request names. Undefined leaves the decision to authenticate (a vendor
   * whose gateway checks credentials before it looks at the path); the pipeline then answers
   * `unknownOperation` once authenticate has passed.
   */
  route(call: ApiCall<L>): Answer<keyof Ops | undefined> | Promise<Answer<keyof Ops | undefined>>;
  /** authenticate: who is calling (tenant, user, token); throws the vendor's auth errors. */
  authenticate(call: ApiCall<L>, op: keyof Ops | undefined): Caller | Promise<Caller>;
  /**
   * Why authenticate failed, for the request journal (core/journal.ts): what was signed, what was
   * expected and what arrived. Called only when the request is journalled; never changes the answer.
   */
  diagnose?(
    call: ApiCall<L>,
    err: VendorError<N, D>,
    op: keyof Ops | undefined,
  ): Diagnostic | undefined | Promise<Diagnostic | undefined>;
  /** parse: the raw input from the body (and query, form or multipart parts). */
  parse(call: ApiCall<L>, op: keyof Ops, caller: Caller): unknown;
  /** validate: a zod failure of the operation's input schema as the vendor's error. */
  invalid(call: ApiCall<L>, op: keyof Ops, error: z.ZodError, raw: unknown): VendorError<N, D>;
  /** validate, after the schema: checks that need the caller's state (file parts, app state). */
  check?<K extends keyof Ops>(
    call: ApiCall<L>,
    op: K,
    input: InputOf<Ops, K>,
    caller: Caller,
  ): void | Promise<void>;
  /** handle: runs the handler, e.g. under a per-tenant lock; default: runs it. */
  handle?<T>(call: ApiCall<L>, op: keyof Ops, caller: Caller, run: () => Promise<T>): Promise<T>;
}

/** render: the vendor's envelope. */
export interface VendorRenderer<Ops extends OperationTable, L, N extends string, D extends ErrorDetail> {
  ok(call: ApiCall<L>, op: keyof Ops, output: unknown): Response | Promise<Response>;
  error(call: ApiCall<L>, err: VendorError<N, D>): Response;
  /** Applied to every answer on the API path, failures and faults included (response signing). */
  seal?(call: ApiCall<L>, res: Response): Response | Promise<Response>;
}

export interface VendorApiSpec<
  Ops extends OperationTable,
  Caller,
  L,
  N extends string,
  D extends ErrorDetail,
> {
  /** Fault rules are matched under this vendor id. */
  vendor: string;
  catalogue: Catalogue<N, CatalogueEntry, D>;
  operations: Ops;
  faults: FaultRules;
  /** Base paths of the API on the vendor's origin ('' = the whole origin). Other paths are host routes. */
  basePaths: readonly string[];
  /**
   * Paths under a base path that are pages or files, not operations (a vendor that serves its
   * signing page and scripts beside its APIs): each path itself and everything under it go to the
   * host routes, like a path outside the base paths.
   */
  hostPaths?: readonly string[];
  /** Fresh per-request values for the stages. */
  locals(c: Context, url: URL): L;
  stages: VendorStages<Ops, Caller, L, N, D>;
  handlers: OperationHandlers<Ops, Caller, L>;
  render: VendorRenderer<Ops, L, N, D>;
  /** Answered when route left the operation open and authenticate passed. */
  unknownOperation: N;
  /** Answered for anything thrown that is not a VendorError (never a stack). */
  internalError: N;
  /**
   * A path outside the API base paths that no host route serves: the vendor's not-found error,
   * rendered (or its own answer in the envelope) and sealed like an API failure. Absent: a plain
   * `404 Not Found`.
   */
  notFound?(call: ApiCall<L>): VendorError<N, D> | Response;
  /** Routes outside the API: upload/download URLs, signing pages, static assets. */
  host?(app: Hono): void;
  /** A host route that throws: its own answer (an HTML or XML error page). */
  hostError?(err: Error, c: Context): Response;
}
