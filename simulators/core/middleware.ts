/**
 * Request-path middleware shared by every vendor: fault injection and the body-size limit.
 * Both answer in the vendor's own shape through callbacks the vendor supplies.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { FaultRules, FaultRule } from './faults.ts';

export function faultInjection(opts: {
  vendor: string;
  faults: FaultRules;
  basePath: string;
  render: (rule: FaultRule) => Response;
}): MiddlewareHandler {
  return async (c, next) => {
    if (opts.faults.list().length === 0) return next();
    const path = new URL(c.req.url).pathname;
    const route = path.startsWith(opts.basePath) ? path.slice(opts.basePath.length) || '/' : path;
    const rule = opts.faults.match(opts.vendor, route);
    if (!rule) return next();
    if (rule.latencyMs) await new Promise((r) => setTimeout(r, rule.latencyMs));
    if (rule.status !== undefined || rule.vendorError !== undefined) return opts.render(rule);
    return next();
  };
}

/**
 * Refuses oversized bodies before buffering them: a declared Content-Length over the limit is
 * refused at once, without reading the body (and without touching `request.body`, which would
 * cost the node adapter its direct-read fast path); a chunked body, or an in-process Request
 * without a length, is counted as it streams and cut off as soon as it passes the limit.
 */
export function limitBody(maxBytes: number, onTooLarge: () => Response): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize: maxBytes, onError: () => onTooLarge() });
  return async (c, next) => {
    const headers = c.req.raw.headers;
    const length = headers.get('content-length');
    if (length !== null && !headers.has('transfer-encoding')) {
      const n = Number(length);
      return !Number.isFinite(n) || n > maxBytes ? onTooLarge() : next();
    }
    return streamed(c, next);
  };
}
