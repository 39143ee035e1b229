/**
 * One HTTP/1.1 request with the path sent exactly as given (no client-side `..` or `%2e%2e`
 * normalisation, as fetch() would do), for tests of what the server makes of raw paths.
 */
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export function rawHttp(
  origin: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
