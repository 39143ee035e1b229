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
 * refused at once, and a chunked body is cut off as soon as it passes the limit.
 */
export function limitBody(maxBytes: number, onTooLarge: () => Response): MiddlewareHandler {
  return bodyLimit({ maxSize: maxBytes, onError: () => onTooLarge() });
}
