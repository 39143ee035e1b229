/**
 * The request journal (docs/interface.md, "Request journal and logs"): every request to a vendor
 * port or the control port, kept in a bounded ring, optionally printed one line per request.
 *
 * `around()` wraps one request. While it runs, the pipeline and the vendors' authenticate stages
 * add what only they know through an AsyncLocalStorage scope: the request body they read
 * (`noteRequestBody`), the tenant (`noteTenant`), why authentication failed (`diagnose`), that no
 * route matched (`noteNoRoute`). Outside a journalled request these do nothing, and `diagnose`
 * does not even build its diagnostic.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Diagnostic, JournalBody, JournalEntry } from '../../contracts/control/schemas.ts';
import { formatBeijingTime } from './time.ts';

export type { Diagnostic, JournalBody, JournalEntry };

/** `--log`: off, one text line per request, or one JSON object per line. */
export type LogMode = 'off' | 'text' | 'json';

/** Text kept of a body; beyond it the text is cut and `truncated` set. */
export const JOURNAL_BODY_CHARS = 4096;
/** A textual answer up to this size is read to journal it (and find its code); larger ones are not. */
const READ_LIMIT = 256 * 1024;
export const DEFAULT_JOURNAL_SIZE = 1000;

interface Scope {
  tenant?: string;
  diagnostic?: Diagnostic;
  requestBytes?: Uint8Array;
  noRoute?: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();

/** The pipeline read the request body (kept by reference; cut when the entry is made). */
export function noteRequestBody(bytes: Uint8Array): void {
  const s = scopes.getStore();
  if (s) s.requestBytes = bytes;
}

/** The caller authenticated as this tenant. */
export function noteTenant(tenant: string | undefined): void {
  const s = scopes.getStore();
  if (s && tenant !== undefined) s.tenant = tenant;
}

/** The caller of an authenticate stage, if it names a tenant (`{ tenant: { id } }`). */
export function tenantIdOf(caller: unknown): string | undefined {
  if (typeof caller !== 'object' || caller === null || !('tenant' in caller)) return undefined;
  const t = caller.tenant;
  if (typeof t !== 'object' || t === null || !('id' in t)) return undefined;
  return typeof t.id === 'string' ? t.id : undefined;
}

/** Whether the current request is being journalled (or logged). */
export function journalled(): boolean {
  return scopes.getStore() !== undefined;
}

/**
 * Why this request failed authentication; built only when the request is journalled. First one
 * wins; one that throws is left out (it must not change the vendor's answer).
 */
export function diagnose(make: () => Diagnostic | undefined): void {
  const s = scopes.getStore();
  if (!s || s.diagnostic) return;
  try {
    s.diagnostic = make();
  } catch {
    s.diagnostic = undefined;
  }
}

/** No operation matched the path: the journal adds the closest documented route. */
export function noteNoRoute(): void {
  const s = scopes.getStore();
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

function bodyOf(bytes: Uint8Array, contentType: string | null): JournalBody {
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

/** The envelope's code field in a JSON answer (whole or cut). */
function codeIn(text: string | undefined, field: string | undefined): string | number | undefined {
  if (!text || !field || text[0] !== '{') return undefined;
  const m = new RegExp(`"${field}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?|"(?:[^"\\\\]|\\\\.)*")`).exec(text);
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
}

export class RequestJournal {
  private ring: Array<JournalEntry | undefined>;
  private head = 0;
  private seq = 0;
  readonly size: number;
  log: LogMode;
  private readonly write: (line: string) => void;
  private readonly now: () => number;

  constructor(opts: JournalOptions) {
    this.size = Math.max(0, Math.floor(opts.size ?? DEFAULT_JOURNAL_SIZE));
    this.ring = new Array<JournalEntry | undefined>(this.size);
    this.log = opts.log ?? 'off';
    this.write = opts.write ?? ((line) => void process.stdout.write(`${line}\n`));
    this.now = opts.now;
  }

  /** Runs one request and journals it. */
  async around(target: JournalTarget, request: Request, run: () => Promise<Response>): Promise<Response> {
    if (this.size === 0 && this.log === 'off') return run();
    // The journal's own reads (a dashboard polling it) would push everything else out.
    if (target.vendor === 'control' && request.method === 'GET' && isJournalRead(request.url)) return run();
    const at = Date.now();
    const virtualAt = this.now();
    const started = performance.now();
    const scope: Scope = {};
    let res: Response;
    try {
      res = await scopes.run(scope, run);
    } catch (err) {
      this.record(target, request, scope, at, virtualAt, started, undefined, undefined);
      throw err;
    }
    let body: Uint8Array<ArrayBuffer> | undefined;
    const type = res.headers.get('content-type');
    const length = res.headers.get('content-length');
    if (
      res.body !== null &&
      type !== null &&
      TEXTUAL.test(type) &&
      (length === null || Number(length) <= READ_LIMIT)
    ) {
      body = new Uint8Array(await res.arrayBuffer());
      res = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
    this.record(target, request, scope, at, virtualAt, started, res, body);
    return res;
  }

  private record(
    target: JournalTarget,
    request: Request,
    scope: Scope,
    at: number,
    virtualAt: number,
    started: number,
    res: Response | undefined,
    body: Uint8Array | undefined,
  ): void {
    const url = request.url;
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const path = pathStart < 0 ? '/' : url.slice(pathStart);
    const reqType = request.headers.get('content-type');
    let reqBody: JournalBody | undefined;
    if (scope.requestBytes) reqBody = bodyOf(scope.requestBytes, reqType);
    else {
      const len = Number(request.headers.get('content-length') ?? 0);
      if (len > 0) reqBody = { size: len, ...(reqType ? { contentType: reqType } : {}) };
    }
    const response = body ? bodyOf(body, res?.headers.get('content-type') ?? null) : undefined;
    const code = codeIn(response?.text, target.codeField);
    let diagnostic = scope.diagnostic;
    // A path no operation or page serves: the pipeline said so, or a plain 404 (a servlet's page).
    const noRoute = scope.noRoute || (res?.status === 404 && target.routes !== undefined);
    if (!diagnostic && noRoute && target.routes) diagnostic = noRouteDiagnostic(target, request, path);
    const entry: JournalEntry = {
      id: ++this.seq,
      at,
      virtualAt,
      vendor: target.vendor,
      ...(scope.tenant !== undefined ? { tenant: scope.tenant } : {}),
      method: request.method,
      path,
      status: res?.status ?? 500,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(code !== undefined ? { code } : {}),
      ...(reqBody ? { request: reqBody } : {}),
      ...(response ? { response } : {}),
      ...(diagnostic ? { diagnostic } : {}),
    };
    if (this.size > 0) {
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % this.size;
    }
    if (this.log !== 'off')
      this.write(this.log === 'json' ? JSON.stringify(logged(entry)) : logLine(entry, target.codeField));
  }

  /** Entries oldest first, filtered. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let i = 0; i < this.size; i++) {
      const e = this.ring[(this.head + i) % this.size];
      if (!e) continue;
      if (filter.vendor !== undefined && e.vendor !== filter.vendor) continue;
      if (filter.tenant !== undefined && e.tenant !== filter.tenant) continue;
      if (filter.path !== undefined && !e.path.includes(filter.path)) continue;
      if (filter.status !== undefined && e.status !== filter.status) continue;
      if (filter.since !== undefined && e.at < filter.since) continue;
      if (filter.after !== undefined && e.id <= filter.after) continue;
      out.push(e);
    }
    return filter.limit !== undefined ? out.slice(Math.max(0, out.length - filter.limit)) : out;
  }

  clear(): void {
    this.ring = new Array<JournalEntry | undefined>(this.size);
    this.head = 0;
  }
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
function logged(e: JournalEntry): Omit<JournalEntry, 'request' | 'response'> & { time: string } {
  const { request: _request, response: _response, ...rest } = e;
  void _request;
  void _response;
  return { time: new Date(e.at).toISOString(), ...rest };
}

/** `16:21:03.123 esign      POST /v1/signflows 200 errCode=0 3ms  — summary` (Beijing time). */
export function logLine(e: JournalEntry, codeField?: string): string {
  const time = `${formatBeijingTime(e.at).slice(11)}.${String(e.at % 1000).padStart(3, '0')}`;
  const code = e.code !== undefined ? ` ${codeField ?? 'code'}=${e.code}` : '';
  const tenant = e.tenant !== undefined ? ` [${e.tenant}]` : '';
  const diag = e.diagnostic ? `  — ${e.diagnostic.summary}` : '';
  const ms = Math.round(e.durationMs);
  return `${time} ${e.vendor.padEnd(16)} ${e.method} ${e.path} ${e.status}${code} ${ms}ms${tenant}${diag}`;
}
