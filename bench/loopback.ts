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
