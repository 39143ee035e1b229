/**
 * Record and replay (WireMock style): wrap a fetch to record every exchange with a simulator
 * (or the real vendor), save it as JSON, and later answer the same calls from the recording
 * with msw, in order, without any simulator running.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';

export interface RecordedExchange {
  method: string;
  url: string;
  requestBody?: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Recording {
  exchanges: RecordedExchange[];
}

export function recordingFetch(
  inner: (req: Request) => Promise<Response>,
  recording: Recording = { exchanges: [] },
) {
  const fetch = async (input: Request): Promise<Response> => {
    const requestBody = input.body ? await input.clone().text() : undefined;
    const res = await inner(input);
    const body = await res.clone().text();
    recording.exchanges.push({
      method: input.method,
      url: input.url,
      requestBody,
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body,
    });
    return res;
  };
  return { fetch, recording };
}

/**
 * msw handlers answering each recorded (method, path) with its recorded answers, in order; the last repeats.
 */
export function replayHandlers(recording: Recording): HttpHandler[] {
  const byKey = new Map<string, RecordedExchange[]>();
  for (const x of recording.exchanges) {
    const u = new URL(x.url);
    const key = `${x.method} ${u.origin}${u.pathname}`;
    byKey.set(key, [...(byKey.get(key) ?? []), x]);
  }
  return [...byKey.entries()].map(([key, list]) => {
    const [method, url] = key.split(' ') as [string, string];
    let i = 0;
    return http[method.toLowerCase() as 'post' | 'get' | 'put' | 'patch' | 'delete'](url, () => {
      const x = list[Math.min(i++, list.length - 1)]!;
      return new HttpResponse(x.body, { status: x.status, headers: x.headers });
    });
  });
}
