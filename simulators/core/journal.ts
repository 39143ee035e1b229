/**
 * The request journal (docs/interface.md, "Request journal and logs"): every request to a vendor
 * port or the control port, kept in a bounded ring, optionally printed one line per request.
 *
 * `around()` wraps one request. While it runs, the pipeline and the vendors' authenticate stages
 * add what only they know to its scope, which travels as the Hono env of the vendor's app
 * (`app.fetch(request, env)`, read back as `c.env`; no AsyncLocalStorage, whose promise hooks
 * would slow every request): the request body they read (`noteRequestBody`), the tenant
 * (`noteTenant`), why authentication failed (`diagnose`), that no route matched (`noteNoRoute`).
 * Outside a journalled request these do nothing, and `diagnose` does not even build its diagnostic.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, JournalBody, JournalEntry } from '../../contracts/control/schemas.ts';
import { EntryRing } from './journal-ring.ts';
import { keyed } from './keyed.ts';
import { formatBeijingTime } from './time.ts';

export type { Diagnostic, JournalBody, JournalEntry };

/** `--log`: off, one text line per request, or one JSON object per line. */
export type LogMode = 'off' | 'text' | 'json';

/** Text kept of a body; beyond it the text is cut and `truncated` set. */
export const JOURNAL_BODY_CHARS = 4096;
/** A textual answer up to this size is read to journal it (and find its code); larger ones are not. */
const READ_LIMIT = 256 * 1024;
export const DEFAULT_JOURNAL_SIZE = 1000;

/** What one journalled request's stages add. */
export class JournalScope {
  tenant?: string;
  diagnostic?: Diagnostic;
  requestBytes?: Uint8Array;
  noRoute?: boolean;
}

/** The Hono env a journalled request runs with (`app.fetch(request, env)`): its scope itself. */
export type JournalEnv = JournalScope;

/** Anything with a Hono env: a Context. */
export interface HasEnv {
  readonly env?: unknown;
}

function scopeOf(c: HasEnv): JournalScope | undefined {
  return c.env instanceof JournalScope ? c.env : undefined;
}

/** The pipeline read the request body (kept by reference; cut when the entry is made). */
export function noteRequestBody(c: HasEnv, bytes: Uint8Array): void {
  const s = scopeOf(c);
  if (s) s.requestBytes = bytes;
}

/** The caller authenticated as this tenant. */
export function noteTenant(c: HasEnv, tenant: string | undefined): void {
  const s = scopeOf(c);
  if (s && tenant !== undefined) s.tenant = tenant;
}

/** The caller of an authenticate stage, if it names a tenant (`{ tenant: { id } }`). */
export function tenantIdOf(caller: unknown): string | undefined {
  if (typeof caller !== 'object' || caller === null || !('tenant' in caller)) return undefined;
  const t = caller.tenant;
  if (typeof t !== 'object' || t === null || !('id' in t)) return undefined;
  return typeof t.id === 'string' ? t.id : undefined;
}

/** Whether this request is being journalled (or logged). */
export function journalled(c: HasEnv): boolean {
  return scopeOf(c) !== undefined;
}

/**
 * Why this request failed authentication; built only when the request is journalled. First one
 * wins; one that throws is left out (it must not change the vendor's answer).
 */
export function diagnose(c: HasEnv, make: () => Diagnostic | undefined): void {
  const s = scopeOf(c);
  if (!s || s.diagnostic) return;
  try {
    s.diagnostic = make();
  } catch {
    s.diagnostic = undefined;
  }
}

/** No operation matched the path: the journal adds the closest documented route. */
export function noteNoRoute(c: HasEnv): void {
  const s = scopeOf(c);
  if (s) s.noRoute = true;
}

/** Levenshtein distance (small strings: paths). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The documented route closest to `path` (a route's `{param}` matches any one segment). */
export function closestRoute(
  path: string,
  routes: ReadonlyArray<{ method: string; path: string }>,
): { method: string; path: string; distance: number } | undefined {
  let best: { method: string; path: string; distance: number } | undefined;
  const segments = path.split('/');
  for (const r of routes) {
    // Fill the route's parameters from the path's own segments, so ids do not count as differences.
    const filled = r.path
      .split('/')
      .map((seg, i) => (/^\{.+\}$/.test(seg) && segments[i] !== undefined ? segments[i] : seg))
      .join('/');
    const distance = editDistance(path, filled);
    if (!best || distance < best.distance) best = { method: r.method.toUpperCase(), path: r.path, distance };
  }
  return best;
}

const TEXTUAL =
  /^(application\/(json|xml|x-www-form-urlencoded|javascript)|text\/(?!event-stream))|\+json|\+xml/i;

function bodyOf(bytes: Uint8Array | string, contentType: string | null): JournalBody {
  if (typeof bytes === 'string') {
    const size = Buffer.byteLength(bytes);
    const base: JournalBody = { size, ...(contentType ? { contentType } : {}) };
    if (size === 0) return base;
    if (bytes.length > JOURNAL_BODY_CHARS)
      return { ...base, text: bytes.slice(0, JOURNAL_BODY_CHARS), truncated: true };
    return { ...base, text: bytes };
  }
  const base: JournalBody = { size: bytes.length, ...(contentType ? { contentType } : {}) };
  if (bytes.length === 0) return base;
  // Text when the type says so, or no type and the first bytes decode (forms sent without one).
  const head = bytes.subarray(0, JOURNAL_BODY_CHARS * 3);
  const textual = contentType ? TEXTUAL.test(contentType) : true;
  let text: string | undefined;
  if (textual) {
    try {
      text = new TextDecoder('utf-8', { fatal: bytes.length <= head.length }).decode(head);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined || (!contentType && text.includes('\u0000')))
    return { ...base, sha256: createHash('sha256').update(bytes).digest('hex') };
  if (text.length > JOURNAL_BODY_CHARS || bytes.length > head.length)
    return { ...base, text: text.slice(0, JOURNAL_BODY_CHARS), truncated: true };
  return { ...base, text };
}

const codePatterns = new Map<string, RegExp>();

/** A body as text for `codeIn`: its first KEEP_RAW bytes decoded. */
function bodyText(body: Uint8Array | string | undefined): string | undefined {
  return typeof body === 'string' ? body : body ? utf8.decode(body.subarray(0, KEEP_RAW)) : undefined;
}

/** The envelope's code field in a JSON answer (whole or cut). */
function codeIn(text: string | undefined, field: string | undefined): string | number | undefined {
  if (!text || !field || text[0] !== '{') return undefined;
  let pattern = codePatterns.get(field);
  if (!pattern) {
    pattern = new RegExp(`"${field}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?|"(?:[^"\\\\]|\\\\.)*")`);
    codePatterns.set(field, pattern);
  }
  const m = pattern.exec(text);
  if (!m) return undefined;
  const raw = m[1]!;
  return raw.startsWith('"') ? (JSON.parse(raw) as string) : Number(raw);
}

export interface JournalFilter {
  vendor?: string;
  tenant?: string;
  /** Substring of the path. */
  path?: string;
  status?: number;
  /** Wall-clock epoch ms: entries at or after it. */
  since?: number;
  /** Entries with a larger id (polling). */
  after?: number;
  /** The newest N (default all). */
  limit?: number;
}

/** What the journal needs to know of the vendor a request went to. */
export interface JournalTarget {
  vendor: string;
  /** The envelope's code field (contract `envelope.codeField`). */
  codeField?: string;
  /** The documented routes, for "no route" diagnostics (paths relative to `basePath`). */
  routes?: () => ReadonlyArray<{ method: string; path: string }>;
  basePath?: string;
}

export interface JournalOptions {
  /** Ring size; 0 keeps nothing (the log still prints). */
  size?: number;
  log?: LogMode;
  /** Where log lines go; default stdout. */
  write?: (line: string) => void;
  /** The virtual clock. */
  now: () => number;
  /** Keeps every request as an object, none as bytes (what tests compare the byte ring with). */
  objectsOnly?: boolean;
}

const utf8 = new TextDecoder();

/** How long a log line may wait to be written with others (a write per line costs a system call). */
const LOG_FLUSH_MS = 20;

/** Log lines held while stdout is behind (about 2.5 MB of JSON lines); more are counted, not kept. */
const LOG_MAX_WAITING = 10_000;

/** Bodies up to this size are kept by reference and cut only when read; larger ones at once. */
const KEEP_RAW = 64 * 1024;

/** A body as kept: small ones as they arrived (cut when first read), large ones cut at once. */
type KeptBody = Uint8Array | string | JournalBody;

/**
 * One kept request as an object: what the byte ring (core/journal-ring.ts) gives back when read,
 * and how a request the ring does not take (a large body, a diagnostic) is kept. Made into a listed
 * entry on first read.
 */
class Kept {
  /** The entry as listed, once made (the raw bodies are then let go). */
  made?: JournalEntry;

  constructor(
    readonly id: number,
    readonly at: number,
    readonly virtualAt: number,
    readonly vendor: string,
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly durationMs: number,
    readonly tenant: string | undefined,
    readonly diagnostic: Diagnostic | undefined,
    readonly codeField: string | undefined,
    readonly requestType: string | null,
    /** The declared size of a body no API stage read (0: none). */
    readonly requestLength: number,
    public request: KeptBody | undefined,
    readonly responseType: string | null,
    public response: KeptBody | undefined,
  ) {}

  /** The entry, bodies cut and code found (once). */
  entry(): JournalEntry {
    if (this.made) return this.made;
    const requestType = this.requestType;
    let request = kept(this.request, requestType);
    if (!request) {
      // A body no pipeline read (a host route's upload): its declared size.
      const len = this.requestLength;
      if (len > 0) request = { size: len, ...(requestType ? { contentType: requestType } : {}) };
    }
    const response = kept(this.response, this.responseType);
    const code = codeIn(response?.text, this.codeField);
    const { tenant, diagnostic } = this;
    // The key order entries always had (id … durationMs, tenant, code, request, response, diagnostic).
    this.made = {
      id: this.id,
      at: this.at,
      virtualAt: this.virtualAt,
      vendor: this.vendor,
      method: this.method,
      path: this.path,
      status: this.status,
      durationMs: this.durationMs,
      ...(tenant !== undefined ? { tenant } : {}),
      ...(code !== undefined ? { code } : {}),
      ...(request ? { request } : {}),
      ...(response ? { response } : {}),
      ...(diagnostic ? { diagnostic } : {}),
    };
    this.request = undefined;
    this.response = undefined;
    return this.made;
  }
}

/** Whether a kept request (or its entry) passes the filter. */
function passes(
  e: Pick<JournalEntry, 'vendor' | 'status' | 'at' | 'id' | 'tenant' | 'path'>,
  filter: JournalFilter,
): boolean {
  return (
    (filter.vendor === undefined || e.vendor === filter.vendor) &&
    (filter.status === undefined || e.status === filter.status) &&
    (filter.since === undefined || e.at >= filter.since) &&
    (filter.after === undefined || e.id > filter.after) &&
    (filter.tenant === undefined || e.tenant === filter.tenant) &&
    (filter.path === undefined || e.path.includes(filter.path))
  );
}

/** A request body as kept: a short text as a string, other small bodies as bytes, a large one cut. */
function keptRequest(bytes: Uint8Array, requestType: string | null): KeptBody {
  // A short text body is kept as a string: a retained ArrayBuffer per entry costs the GC more.
  const text =
    bytes.length <= JOURNAL_BODY_CHARS && (requestType === null || TEXTUAL.test(requestType))
      ? utf8.decode(bytes)
      : undefined;
  if (text !== undefined && !text.includes('\u0000') && !text.includes('\ufffd')) return text;
  if (bytes.length <= KEEP_RAW) return bytes;
  return bodyOf(bytes, requestType);
}

function kept(body: KeptBody | undefined, type: string | null): JournalBody | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' || body instanceof Uint8Array ? bodyOf(body, type) : body;
}

export class RequestJournal {
  /** The kept requests as bytes (none when size is 0). */
  private readonly ring: EntryRing | undefined;
  /** Requests the ring did not take, kept as objects in their slot. */
  private objects: Array<Kept | undefined>;
  private head = 0;
  private seq = 0;
  readonly size: number;
  log: LogMode;
  private readonly write: (line: string) => void;
  private readonly now: () => number;
  private readonly objectsOnly: boolean;
  /**
   * Lines for stdout as UTF-8, written together every LOG_FLUSH_MS (one write, not one per
   * request); bytes rather than an array of strings, which lived until the flush.
   */
  private pending = Buffer.alloc(64 * 1024);
  private pendingBytes = 0;
  private pendingLines = 0;

  constructor(opts: JournalOptions) {
    this.size = Math.max(0, Math.floor(opts.size ?? DEFAULT_JOURNAL_SIZE));
    this.ring = this.size > 0 ? new EntryRing(this.size) : undefined;
    this.objectsOnly = opts.objectsOnly ?? false;
    this.objects = new Array<Kept | undefined>(this.size).fill(undefined);
    this.log = opts.log ?? 'off';
    this.write = opts.write ?? ((line) => this.toStdout(line));
    this.now = opts.now;
  }

  private toStdout(line: string): void {
    if (this.draining && this.pendingLines >= LOG_MAX_WAITING) {
      // stdout (a pipe whose reader is behind) has not taken the last write: lines wait here, in
      // one write when it drains, rather than in node's stream buffer one chunk per flush.
      this.dropped++;
      return;
    }
    const need = this.pendingBytes + line.length * 3 + 1;
    if (need > this.pending.length) {
      const larger = Buffer.alloc(Math.max(need, this.pending.length * 2));
      this.pending.copy(larger, 0, 0, this.pendingBytes);
      this.pending = larger;
    }
    this.pendingBytes += this.pending.write(line, this.pendingBytes, 'utf8');
    this.pending[this.pendingBytes++] = 10;
    const n = ++this.pendingLines;
    if (this.draining) return;
    if (n === 1) setTimeout(() => this.flush(false), LOG_FLUSH_MS).unref();
    else if (n >= 512) this.flush(false);
  }

  /** Lines stdout has not taken yet are being held (see `toStdout`). */
  private draining = false;
  /** Lines not logged because LOG_MAX_WAITING were already held; said in the next line written. */
  private dropped = 0;

  /** Writes buffered log lines now (`force`: also while stdout is behind, e.g. before exit). */
  flush(force = true): void {
    if (this.pendingLines === 0 || (this.draining && !force)) return;
    // A copy: the stream may hold the chunk while `pending` is written again.
    let chunk = Buffer.from(this.pending.subarray(0, this.pendingBytes));
    if (this.dropped > 0) {
      const note = `sealsim: ${this.dropped} log lines dropped: stdout fell behind (the journal has them)\n`;
      chunk = Buffer.concat([Buffer.from(note), chunk]);
      this.dropped = 0;
    }
    this.pendingBytes = 0;
    this.pendingLines = 0;
    if (process.stdout.write(chunk) || this.draining) return;
    this.draining = true;
    process.stdout.once('drain', () => {
      this.draining = false;
      this.flush(false);
    });
  }

  /** Runs one request and journals it. */
  async around(
    target: JournalTarget,
    request: Request,
    run: (env?: JournalEnv) => Promise<Response>,
  ): Promise<Response> {
    if (this.size === 0 && this.log === 'off') return run();
    // The journal's own reads (a dashboard polling it) would push everything else out.
    if (target.vendor === 'control' && request.method === 'GET' && isJournalRead(request.url)) return run();
    const at = Date.now();
    const virtualAt = this.now();
    const started = performance.now();
    const scope = new JournalScope();
    let res: Response;
    try {
      res = await run(scope);
    } catch (err) {
      this.record(target, request, scope, at, virtualAt, started, undefined, undefined);
      throw err;
    }
    let body: Uint8Array | string | undefined;
    // A known answer's type too is known: reading res.headers would turn @hono/node-server's
    // plain header object into a Headers object.
    const known = knownAnswer(res);
    const type = known ? known.type : res.headers.get('content-type');
    if (known) body = known.text;
    else if (type !== null && TEXTUAL.test(type)) {
      const cached = cachedBody(res);
      if (cached) body = cached.body ?? undefined;
      else {
        const length = res.headers.get('content-length');
        if (res.body !== null && (length === null || Number(length) <= READ_LIMIT)) {
          const bytes = new Uint8Array(await res.arrayBuffer());
          res = new Response(bytes, { status: res.status, statusText: res.statusText, headers: res.headers });
          body = bytes;
        }
      }
    }
    this.record(target, request, scope, at, virtualAt, started, res, body, type, known?.code);
    return res;
  }

  private record(
    target: JournalTarget,
    request: Request,
    scope: JournalScope,
    at: number,
    virtualAt: number,
    started: number,
    res: Response | undefined,
    body: Uint8Array | string | undefined,
    responseType: string | null = null,
    /** The envelope code, when the answer's maker recorded it (`knownBody`). */
    knownCode?: string | number,
  ): void {
    const url = request.url;
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const path = pathStart < 0 ? '/' : url.slice(pathStart);
    const status = res?.status ?? 500;
    const id = ++this.seq;
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    let diagnostic = scope.diagnostic;
    // A path no operation or page serves: the pipeline said so, or a plain 404 (a servlet's page).
    const noRoute = scope.noRoute || (status === 404 && target.routes !== undefined);
    if (!diagnostic && noRoute && target.routes) diagnostic = noRouteDiagnostic(target, request, path);
    if (this.ring) {
      const requestType = request.headers.get('content-type');
      const bytes = scope.requestBytes;
      // A body no pipeline read (a host route's upload): its declared size.
      const requestLength = bytes ? 0 : Number(request.headers.get('content-length') ?? 0);
      const type = body !== undefined ? responseType : null;
      const slot = this.head;
      const inRing =
        !this.objectsOnly &&
        diagnostic === undefined &&
        (body === undefined || body.length <= KEEP_RAW) &&
        this.ring.put(
          slot,
          id,
          at,
          virtualAt,
          target.vendor,
          request.method,
          path,
          status,
          durationMs,
          scope.tenant,
          target.codeField,
          requestType,
          requestLength,
          bytes,
          type,
          body,
        );
      if (inRing) {
        if (this.objects[slot] !== undefined) this.objects[slot] = undefined;
      } else {
        this.ring.vacate(slot);
        this.objects[slot] = new Kept(
          id,
          at,
          virtualAt,
          target.vendor,
          request.method,
          path,
          status,
          durationMs,
          scope.tenant,
          diagnostic,
          target.codeField,
          requestType,
          requestLength,
          bytes ? keptRequest(bytes, requestType) : undefined,
          type,
          body === undefined || body.length <= KEEP_RAW ? body : bodyOf(body, type),
        );
      }
      this.head = (this.head + 1) % this.size;
    }
    if (this.log !== 'off') {
      // The log needs the code, not the bodies.
      const code = knownCode ?? codeIn(bodyText(body), target.codeField);
      this.write(
        this.log === 'json'
          ? jsonLine(
              at,
              id,
              virtualAt,
              target.vendor,
              scope.tenant,
              request.method,
              path,
              status,
              durationMs,
              code,
              diagnostic,
            )
          : textLine(
              at,
              target.vendor,
              request.method,
              path,
              status,
              target.codeField,
              code,
              durationMs,
              scope.tenant,
              diagnostic,
            ),
      );
    }
  }

  /** The request in ring slot `slot`, if any. */
  private entryAt(slot: number): JournalEntry | undefined {
    const object = this.objects[slot];
    if (object) return object.entry();
    if (!this.ring?.has(slot)) return undefined;
    const r = this.ring.get(slot);
    return new Kept(
      r.id,
      r.at,
      r.virtualAt,
      r.vendor,
      r.method,
      r.path,
      r.status,
      r.durationMs,
      r.tenant,
      undefined,
      r.codeField,
      r.requestType,
      r.requestLength,
      r.request ? keptRequest(r.request, r.requestType) : undefined,
      r.responseType,
      r.response,
    ).entry();
  }

  /** Entries oldest first, filtered. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const ring = this.ring;
    if (!ring) return out;
    for (let i = 0; i < this.size; i++) {
      const slot = (this.head + i) % this.size;
      const k = this.objects[slot];
      if (k) {
        if (passes(k, filter)) out.push(k.entry());
        continue;
      }
      if (!ring.has(slot)) continue;
      // The numbers and the vendor first, without decoding the request.
      if (filter.vendor !== undefined && ring.vendor(slot) !== filter.vendor) continue;
      if (filter.status !== undefined && ring.status(slot) !== filter.status) continue;
      if (filter.since !== undefined && ring.at(slot) < filter.since) continue;
      if (filter.after !== undefined && ring.id(slot) <= filter.after) continue;
      const e = this.entryAt(slot)!;
      if (passes(e, filter)) out.push(e);
    }
    return filter.limit !== undefined ? out.slice(Math.max(0, out.length - filter.limit)) : out;
  }

  /** How many kept requests are objects rather than bytes in the ring (large bodies, diagnostics). */
  keptAsObjects(): number {
    let n = 0;
    for (const k of this.objects) if (k) n++;
    return n;
  }

  clear(): void {
    this.ring?.clear();
    this.objects = new Array<Kept | undefined>(this.size).fill(undefined);
    this.head = 0;
  }
}

/** Where an answer whose text its maker knows (a JSON envelope) keeps it (cheaper than a WeakMap). */
const KNOWN_BODY = Symbol('sealsim.knownBody');

/** An answer's body text, Content-Type and envelope code, as its maker recorded them. */
export class KnownAnswer {
  constructor(
    readonly text: string,
    readonly type: string,
    /** The envelope's code field's value (the log prints it without searching the text). */
    readonly code: string | number | undefined,
  ) {}
}

/**
 * Records `text` as `res`'s body (of type `type`), so the journal and a seal read it without a
 * copy, and `code`, the value of the envelope's code field in it, if the maker has one.
 */
export function knownBody(res: Response, text: string, type: string, code?: string | number): Response {
  keyed(res)[KNOWN_BODY] = new KnownAnswer(text, type, code);
  return res;
}

/** What `knownBody` recorded for `res`, if anything. */
export function knownAnswer(res: Response): KnownAnswer | undefined {
  const known = keyed(res)[KNOWN_BODY];
  return known instanceof KnownAnswer ? known : undefined;
}

/** The text `knownBody` recorded for `res`, if any. */
export function knownBodyOf(res: Response): string | undefined {
  return knownAnswer(res)?.text;
}

/**
 * Whether `res` is @hono/node-server's own Response (what `serve()` puts in place of the global
 * one) still holding its body and a plain header object (no `res.headers` read yet) in its cache:
 * the server then writes that object's names and values in its own order.
 */
export function isCachedNodeResponse(res: Response): boolean {
  const cache = nodeCacheOf(res);
  return Array.isArray(cache) && cache[2] !== undefined && !(cache[2] instanceof Headers);
}

/** @hono/node-server's symbol `cache`, once seen (looked up on every answer otherwise). */
let nodeCacheKey: symbol | undefined;

/** What `res` holds under @hono/node-server's symbol `cache`; undefined for any other Response. */
function nodeCacheOf(res: Response): unknown {
  // An own data property of node-server's Response (nothing under the key on its prototype).
  if (nodeCacheKey !== undefined) {
    const cache = keyed(res)[nodeCacheKey];
    if (cache !== undefined) return cache;
  }
  for (const key of Object.getOwnPropertySymbols(res)) {
    if (key.description !== 'cache') continue;
    nodeCacheKey = key;
    return keyed(res)[key];
  }
  return undefined;
}

/**
 * The body of @hono/node-server's own Response (what `serve()` puts in place of the global one):
 * it keeps `[status, body, headers]` under its symbol `cache` and answers a string or byte body
 * from there without building a real Response. Reading it there keeps that fast path; any other
 * Response (in-process, a stream) is read and rebuilt instead.
 */
function cachedBody(res: Response): { body: string | Uint8Array | null } | undefined {
  const known = knownBodyOf(res);
  if (known !== undefined) return { body: known };
  const cache = nodeCacheOf(res);
  if (!Array.isArray(cache)) return undefined;
  const body: unknown = cache[1];
  return body === null || typeof body === 'string' || body instanceof Uint8Array ? { body } : undefined;
}

function isJournalRead(url: string): boolean {
  const at = url.indexOf('/__sim/requests');
  return at > 0 && (url.length === at + 15 || url[at + 15] === '?');
}

function noRouteDiagnostic(target: JournalTarget, request: Request, path: string): Diagnostic | undefined {
  const pathname = path.split('?')[0]!;
  const base = target.basePath ?? '';
  const relative = base && pathname.startsWith(base) ? pathname.slice(base.length) || '/' : pathname;
  const best = closestRoute(relative, target.routes?.() ?? []);
  if (!best) return undefined;
  const closest = `${best.method} ${base}${best.path}`;
  const received = `${request.method} ${pathname}`;
  return {
    kind: 'no-route',
    summary: `no ${target.vendor} route ${received}; closest documented: ${closest}`,
    details: { received, closest },
  };
}

/** A JSON log line: the entry without bodies (they can be large; the journal keeps them). */
function jsonLine(
  at: number,
  id: number,
  virtualAt: number,
  vendor: string,
  tenant: string | undefined,
  method: string,
  path: string,
  status: number,
  durationMs: number,
  code: string | number | undefined,
  diagnostic: Diagnostic | undefined,
): string {
  return JSON.stringify({
    time: isoTime(at),
    id,
    at,
    virtualAt,
    vendor,
    tenant,
    method,
    path,
    status,
    durationMs,
    code,
    diagnostic,
  });
}

/** The ISO second of the last line (`2026-12-07T10:21:03.`): lines come many to a second. */
let isoSecond = -1;
let isoText = '';

/** `new Date(at).toISOString()`, the date part formatted once a second. */
function isoTime(at: number): string {
  const second = Math.floor(at / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoText = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const ms = at - second * 1000;
  return `${isoText}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/** `HH:mm:ss` in Beijing time of the last second formatted (log lines come many to a second). */
let clockSecond = -1;
let clockText = '';

/** `16:21:03.123 esign      POST /v1/signflows 200 errCode=0 3ms  — summary` (Beijing time). */
export function logLine(
  e: JournalEntry,
  codeField?: string,
  found: string | number | undefined = e.code,
): string {
  return textLine(
    e.at,
    e.vendor,
    e.method,
    e.path,
    e.status,
    codeField,
    found,
    e.durationMs,
    e.tenant,
    e.diagnostic,
  );
}

/** The vendor name padded as the log line shows it (a few vendors: padded once each). */
const padded = new Map<string, string>();

/** `logLine` from the request's fields (no entry made for it). */
function textLine(
  at: number,
  vendor: string,
  method: string,
  path: string,
  status: number,
  codeField: string | undefined,
  found: string | number | undefined,
  durationMs: number,
  tenant: string | undefined,
  diagnostic: Diagnostic | undefined,
): string {
  const second = Math.floor(at / 1000);
  if (second !== clockSecond) {
    clockSecond = second;
    clockText = formatBeijingTime(at).slice(11);
  }
  const ms = at % 1000;
  let name = padded.get(vendor);
  if (name === undefined) {
    name = vendor.padEnd(16);
    if (padded.size < 64) padded.set(vendor, name);
  }
  let line = `${clockText}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms} ${name} ${method} ${path} ${status}`;
  if (found !== undefined) line += ` ${codeField ?? 'code'}=${found}`;
  line += ` ${Math.round(durationMs)}ms`;
  if (tenant !== undefined) line += ` [${tenant}]`;
  if (diagnostic) line += `  — ${diagnostic.summary}`;
  return line;
}
