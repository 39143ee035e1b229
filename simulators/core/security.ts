/**
 * Response headers for everything sealsim serves outside the vendors' APIs (pages, files, assets,
 * the dashboard): a strict Content-Security-Policy, `nosniff`, no framing and no referrer leaving
 * the origin (a signing page's URL carries the signer's token). The vendors' pipeline adds them
 * to every host-route answer (pipeline/index.ts), the control app to every control answer.
 *
 * The policy allows only same-origin scripts (pdf.js and the page viewer; WebAssembly for pdf.js's
 * image decoders, no `eval`), the inline stylesheets registered with `inlineStyle()` (by hash,
 * static text only) and same-origin forms. The pages carry no inline scripts or style attributes.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const styleHashes = new Set<string>();

/**
 * A `<style>` element the CSP allows. Call it with static text at module load (its hash joins the
 * policy); text built per request would never be allowed.
 */
export function inlineStyle(css: string): string {
  styleHashes.add(`'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
  return `<style>${css}</style>`;
}

/**
 * The one policy (decision in docs/architecture.md "Decisions": one CSP for every page and file).
 * `frameAncestors` is for a vendor page its integrators embed in their own site (an iframe): the
 * route sets the policy itself, and `secureAnswer` then adds no `X-Frame-Options`.
 */
export function contentSecurityPolicy(opts: { frameAncestors?: string } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `style-src 'self' ${[...styleHashes].join(' ')}`.trimEnd(),
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "form-action 'self'",
    `frame-ancestors ${opts.frameAncestors ?? "'none'"}`,
    "base-uri 'none'",
  ].join('; ');
}

/** Sets the headers on an answer (a header the route set itself is kept). */
export function secureAnswer(res: Response): Response {
  const set = (name: string, value: string) => {
    if (!res.headers.has(name)) res.headers.set(name, value);
  };
  try {
    // A route that set its own policy decided its framing with `frame-ancestors`.
    if (!res.headers.has('content-security-policy')) set('x-frame-options', 'DENY');
    set('content-security-policy', contentSecurityPolicy());
    set('x-content-type-options', 'nosniff');
    set('referrer-policy', 'no-referrer');
    return res;
  } catch {
    // Immutable headers (a fetched Response passed through): copy once.
    const copy = new Response(res.body, res);
    return secureAnswer(copy);
  }
}

/** Hono middleware: the headers on every answer of the routes it wraps. */
export function secureAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = secureAnswer(c.res);
    if (res !== c.res) c.res = res;
  };
}

/**
 * Whether a URL a caller gave may be shown as a link or followed by the browser: absolute
 * http(s) only (no `javascript:`, `data:`, relative or protocol-relative URLs).
 */
export function isHttpUrl(value: string): boolean {
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return false;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && /^https?:\/\//i.test(value);
}
