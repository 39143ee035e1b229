/**
 * Record and replay (WireMock style): wrap a fetch to record every exchange with a simulator
 * (or the real vendor) as a `sealsim-recording/1` (recording.ts), and later answer the same
 * calls from it with msw, with no simulator running. Replay matches on method, path, query and
 * the body (a configurable matcher); order only decides between equal matches.
 */
import { http, type HttpHandler } from 'msw';
import {
  emptyRecording,
  encodeBody,
  requestBytes,
  responseBytes,
  type RecordedExchange,
  type Recording,
} from './recording.ts';
import { bodyView, describeDiff, matchesBody, type BodyMatcher } from './match.ts';

export type FetchFn = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Headers that describe the transfer, not the body: replaying them would corrupt it. */
const TRANSFER_HEADERS = new Set(['content-encoding', 'transfer-encoding']);

/**
 * A fetch that records every exchange through `inner` (default: the global fetch, resolved at
 * call time) into `recording`. Request and response bodies are kept byte for byte.
 */
export function recordingFetch(
  inner: (req: Request) => Promise<Response> = (req) => globalThis.fetch(req),
  recording: Recording = emptyRecording(),
): { fetch: FetchFn; recording: Recording } {
  const fetch: FetchFn = async (input, init) => {
    const req = new Request(input, init);
    const requestContentType = req.headers.get('content-type') ?? undefined;
    const sent = req.body ? new Uint8Array(await req.clone().arrayBuffer()) : undefined;
    const res = await inner(req);
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    const headers: Record<string, string> = {};
    const decoded = res.headers.has('content-encoding');
    for (const [k, v] of res.headers) {
      if (TRANSFER_HEADERS.has(k) || (decoded && k === 'content-length')) continue;
      headers[k] = v;
    }
    const out = encodeBody(bytes, res.headers.get('content-type') ?? undefined);
    const enc = sent && encodeBody(sent, requestContentType);
    const x: RecordedExchange = {
      method: req.method,
      url: req.url,
      ...(requestContentType !== undefined ? { requestContentType } : {}),
      ...(enc ? { requestBody: enc.text } : {}),
      ...(enc?.encoding ? { requestEncoding: enc.encoding } : {}),
      status: res.status,
      headers,
      body: out.text,
      ...(out.encoding ? { encoding: out.encoding } : {}),
    };
    recording.exchanges.push(x);
    return res;
  };
  return { fetch, recording };
}

export interface ReplayOptions {
  /**
   * How a request body must match the recorded one. Default `{ ignore: [] }`: the same JSON value,
   * the same form or multipart fields (files by content), else the same bytes.
   */
  body?: BodyMatcher;
  /**
   * The query string: `'exact'` (default), the same parameters in any order (plain `ignore` names
   * are left out), or `'ignore'`, not compared.
   */
  query?: 'exact' | 'ignore';
  /**
   * A request to a recorded origin that matches no exchange: `'error'` (default) answers HTTP 500
   * with a message naming the closest recorded exchange and the differences (msw also prints it);
   * `'next'` leaves it to the next msw handler (e.g. the simulator's).
   */
  onUnmatched?: 'error' | 'next';
  /** Called with that message for every unmatched request (useSealsim fails the test with it). */
  onMismatch?: (message: string, request: Request) => void;
}

/** The message-carrying error a replay answers with when nothing matches. */
export class ReplayMismatchError extends Error {
  override name = 'ReplayMismatchError';
}

interface Candidate {
  index: number;
  x: RecordedExchange;
  url: URL;
  used: boolean;
}

/**
 * msw handlers answering requests from a recording: one catch-all handler per recorded origin.
 * Among the exchanges that match (method, path, query, body), the first not yet answered is
 * used; once all were, the last repeats. Put them before the simulator's handlers (or pass them
 * to `useSealsim({ handlers })`) so the recording answers, not the simulator.
 */
export function replayHandlers(recording: Recording, opts: ReplayOptions = {}): HttpHandler[] {
  const byOrigin = new Map<string, Candidate[]>();
  recording.exchanges.forEach((x, index) => {
    const url = new URL(x.url);
    byOrigin.set(url.origin, [...(byOrigin.get(url.origin) ?? []), { index, x, url, used: false }]);
  });
  const matcher = opts.body ?? { ignore: [] };
  const ignore = typeof matcher === 'object' ? matcher.ignore : [];
  return [...byOrigin.entries()].map(([origin, candidates]) =>
    http.all(`${origin}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : undefined;
      const contentType = request.headers.get('content-type') ?? undefined;
      const sameRoute = candidates.filter(
        (c) => c.x.method.toUpperCase() === request.method.toUpperCase() && c.url.pathname === url.pathname,
      );
      const matching: Candidate[] = [];
      for (const c of sameRoute) {
        if (opts.query !== 'ignore' && !sameQuery(c.url, url, ignore)) continue;
        if (await matchesBody(matcher, { body, contentType, request }, c.x)) matching.push(c);
      }
      const pick = matching.find((c) => !c.used) ?? matching[matching.length - 1];
      if (pick) {
        pick.used = true;
        return new Response(new Uint8Array(responseBytes(pick.x)), {
          status: pick.x.status,
          headers: pick.x.headers,
        });
      }
      const message = await mismatchMessage(request, url, body, contentType, sameRoute, candidates, opts);
      opts.onMismatch?.(message, request);
      if (opts.onUnmatched === 'next') return undefined;
      throw new ReplayMismatchError(message);
    }),
  );
}

function queryView(url: URL, ignore: readonly string[]): string {
  const names = new Set(ignore.filter((i) => !i.startsWith('$')));
  return JSON.stringify([...url.searchParams.entries()].filter(([k]) => !names.has(k)).sort());
}

function sameQuery(a: URL, b: URL, ignore: readonly string[]): boolean {
  return queryView(a, ignore) === queryView(b, ignore);
}

async function mismatchMessage(
  request: Request,
  url: URL,
  body: Uint8Array | undefined,
  contentType: string | undefined,
  sameRoute: Candidate[],
  all: Candidate[],
  opts: ReplayOptions,
): Promise<string> {
  const head = `sealsim replay: no recorded exchange matches ${request.method} ${url.pathname}${url.search}`;
  if (sameRoute.length === 0) {
    const routes = [...new Set(all.map((c) => `${c.x.method} ${c.url.pathname}`))];
    return `${head}\nthe recording has no ${request.method} ${url.pathname}; it has:\n${routes
      .map((r) => `  ${r}`)
      .join('\n')}`;
  }
  const actual = await bodyView(body, contentType);
  let best: { c: Candidate; diff: string[] } | undefined;
  for (const c of sameRoute) {
    const recorded = await bodyView(requestBytes(c.x), c.x.requestContentType);
    const diff = describeDiff(recorded, actual, opts.body);
    if (opts.query !== 'ignore') {
      const ignore = typeof opts.body === 'object' ? opts.body.ignore : [];
      if (!sameQuery(c.url, url, ignore)) diff.unshift(`query: recorded ${c.url.search}, got ${url.search}`);
    }
    if (!best || diff.length < best.diff.length) best = { c, diff };
  }
  const { c, diff } = best!;
  return `${head}\nclosest: exchange #${c.index} (${c.x.method} ${c.url.pathname}); recorded → got:\n${diff
    .slice(0, 20)
    .map((d) => `  ${d}`)
    .join('\n')}${diff.length > 20 ? `\n  … ${diff.length - 20} more` : ''}`;
}
