/**
 * A small loopback load generator: N concurrent keep-alive connections send the same prepared
 * request for a fixed time and count answers. Bounded in time and count; loopback only.
 */
import http from 'node:http';
import https from 'node:https';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
}

export async function load(opts: {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body: string | Buffer;
  concurrency: number;
  seconds: number;
  maxRequests?: number;
  check?: (status: number, body: string) => boolean;
  /** HTTPS with these agent options (client certificate, ca); loopback still. */
  tls?: https.AgentOptions;
  /** The nth request's body instead of `body` (e.g. a unique order number each). */
  bodyFor?: (n: number) => string | Buffer;
}): Promise<LoadResult> {
  const u = new URL(opts.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw new Error('loopback only');
  const mod = opts.tls ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: opts.concurrency, ...opts.tls });
  const deadline = performance.now() + opts.seconds * 1000;
  const max = opts.maxRequests ?? 1_000_000;
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const one = (n: number) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const body = opts.bodyFor ? opts.bodyFor(n) : opts.body;
      const req = mod.request(
        {
          agent,
          host: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          method: opts.method ?? 'POST',
          headers: opts.bodyFor
            ? { ...opts.headers, 'content-length': String(Buffer.byteLength(body)) }
            : opts.headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if (opts.check && !opts.check(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')))
              errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline && sent < max) {
      await one(sent++);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return summarise(latencies, errors, seconds);
}

/** Requests per second and latency percentiles of one run. */
function summarise(latencies: number[], errors: number, seconds: number): LoadResult {
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50ms: q(0.5),
    p99ms: q(0.99),
  };
}

/**
 * The same measure with a lighter generator: `request` (a whole HTTP/1.1 request, prepared once)
 * written as is on `connections` keep-alive sockets, one in flight each, answers framed by their
 * Content-Length. A few µs per request, so a bare server on its own core is not capped by the
 * generator (node's http client costs about 30 µs a request). Loopback only.
 */
export async function rawLoad(opts: {
  port: number;
  request: Buffer;
  /** The nth request instead of `request` (each one different, e.g. a unique signed id). */
  requestFor?: (n: number) => Buffer;
  /** Stop after this many requests (with `requestFor`: how many there are). */
  maxRequests?: number;
  connections: number;
  seconds: number;
  check?: (status: number, body: string) => boolean;
}): Promise<LoadResult> {
  const { connect } = await import('node:net');
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const max = opts.maxRequests ?? Infinity;
  const deadline = performance.now() + opts.seconds * 1000;
  const started = performance.now();
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect(opts.port, '127.0.0.1');
      socket.setNoDelay(true);
      let buf: Buffer = Buffer.alloc(0);
      let t0 = 0;
      const send = () => {
        if (performance.now() >= deadline || sent >= max) {
          socket.destroy();
          resolve();
          return;
        }
        t0 = performance.now();
        const n = sent++;
        socket.write(opts.requestFor ? opts.requestFor(n) : opts.request);
      };
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('data', (d: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, d]) : d;
        for (;;) {
          const end = buf.indexOf('\r\n\r\n');
          if (end === -1) return;
          const head = buf.toString('latin1', 0, end);
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
          if (!Number.isFinite(length)) return reject(new Error(`no content-length: ${head}`));
          if (buf.length < end + 4 + length) return;
          const status = Number(head.slice(9, 12));
          if (opts.check && !opts.check(status, buf.toString('utf8', end + 4, end + 4 + length))) errors++;
          buf = buf.subarray(end + 4 + length);
          latencies.push(performance.now() - t0);
          send();
        }
      });
    });
  await Promise.all(Array.from({ length: opts.connections }, one));
  const seconds = (performance.now() - started) / 1000;
  return summarise(latencies, errors, seconds);
}

/** A whole HTTP/1.1 request with a Content-Length, for `rawLoad`. */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer,
): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  let head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`;
  for (const [k, v] of Object.entries(headers))
    if (k.toLowerCase() !== 'content-length') head += `${k}: ${v}\r\n`;
  head += `Content-Length: ${bytes.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}
