/**
 * Who may use the control port (issue 9, docs/interface.md "Control API access"). Every request,
 * in this order, before its body is read:
 *
 * 1. Host: a loopback name or address, any IP literal (DNS rebinding needs a name), or one of the
 *    configured hosts (`--host` when it is a name, `--public-host`, the control origin's host) → else 403.
 * 2. Origin, when the browser sends one: loopback, a configured host, or the request's own host;
 *    `null` and any other site are refused (403), as is `Sec-Fetch-Site: cross-site`.
 * 3. The control token, when one is set: `Authorization: Bearer <token>` or `X-Sealsim-Token`
 *    (the dashboard also takes `?token=`) → else 401.
 * 4. A mutating method (POST, PUT, PATCH, DELETE) that sends a Content-Type must send JSON
 *    (`application/json`, `*+json`) → else 415: a cross-site HTML form cannot (it always sends
 *    one). A body with no Content-Type at all (`node:http`, Python `requests`, `curl -H
 *    'Content-Type:'`) is taken as JSON when no Referer names another site: a browser's cross-site
 *    fetch sends `Origin`, already checked in 2.
 * 5. The body limit (CONTROL_MAX_BODY_BYTES), refused before the body is buffered → 413.
 * 6. A mutation's body must parse as JSON → else 400 with the parser's message.
 *
 * Refusals are the control API's `{error}` shape.
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { withinBodyLimit } from './pipeline/limit.ts';

export interface ControlAccess {
  /** When set, every control request must carry it. */
  token?: string;
  /** Host names or addresses, besides loopback ones, the control port answers to. */
  hosts: readonly string[];
}

/** The control API's body limit: its largest requests are a tenant's settings or a template. */
export const CONTROL_MAX_BODY_BYTES = 1024 * 1024;

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** Whether a host name or address (URL form, `[::1]` included) is the machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  const h = bare(host);
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost')) return true;
  const family = isIP(h);
  if (family === 4) return h.startsWith('127.');
  if (family === 6) return h === '::1' || h.startsWith('::ffff:127.') || h.startsWith('::ffff:7f');
  return false;
}

/** Whether binding to `host` reaches beyond this machine (`0.0.0.0`, `::`, a LAN address or name). */
export function bindsBeyondLoopback(host: string): boolean {
  return !isLoopbackHost(host);
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenOf(c: Context, url: URL): string | undefined {
  const auth = c.req.header('authorization');
  const bearer = auth && /^Bearer\s+(.+)$/i.exec(auth.trim())?.[1];
  if (bearer) return bearer;
  const header = c.req.header('x-sealsim-token');
  if (header) return header.trim();
  // The dashboard is opened by a browser, which cannot add a header to a navigation.
  if (c.req.method === 'GET' && url.pathname === '/') return url.searchParams.get('token') ?? undefined;
  return undefined;
}

/** Whether a Referer names a site other than loopback, a configured host or the request's own. */
function crossSiteReferer(referer: string | undefined, allowed: Set<string>, host: string): boolean {
  if (referer === undefined) return false;
  let from: string;
  try {
    from = bare(new URL(referer).hostname);
  } catch {
    return true;
  }
  return !(isLoopbackHost(from) || allowed.has(from) || from === host);
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function controlGuard(access: () => ControlAccess): MiddlewareHandler {
  return async (c, next) => {
    const { token, hosts } = access();
    const allowed = new Set(hosts.filter(Boolean).map(bare));
    const url = new URL(c.req.url);
    const host = bare(url.hostname);
    const refuse = (status: 401 | 403 | 413 | 415, error: string) => c.json({ error }, status);
    if (!isLoopbackHost(host) && isIP(host) === 0 && !allowed.has(host))
      return refuse(403, `host ${host} is not one the control API answers to (see --public-host)`);
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let from: string | undefined;
      try {
        from = origin === 'null' ? undefined : bare(new URL(origin).hostname);
      } catch {
        from = undefined;
      }
      if (from === undefined || !(isLoopbackHost(from) || allowed.has(from) || from === host))
        return refuse(403, `cross-site request from ${origin} refused`);
    }
    if (c.req.header('sec-fetch-site') === 'cross-site') return refuse(403, 'cross-site request refused');
    if (token !== undefined) {
      const given = tokenOf(c, url);
      if (given === undefined || !sameSecret(given, token)) {
        c.header('WWW-Authenticate', 'Bearer realm="sealsim"');
        return refuse(401, 'the control API needs its token (Authorization: Bearer … or X-Sealsim-Token)');
      }
    }
    const mutating = MUTATING.has(c.req.method);
    const type = c.req.header('content-type');
    if (mutating && type !== undefined && !JSON_TYPE.test(type))
      return refuse(
        415,
        `control requests send JSON (Content-Type: application/json), not ${type}` +
          (/urlencoded/i.test(type)
            ? " (curl -d sends that type: add -H 'Content-Type: application/json')"
            : ''),
      );
    if (mutating && type === undefined && crossSiteReferer(c.req.header('referer'), allowed, host))
      return refuse(415, 'control requests send JSON (Content-Type: application/json)');
    if (!(await withinBodyLimit(c, CONTROL_MAX_BODY_BYTES)))
      return refuse(413, `the body is larger than ${CONTROL_MAX_BODY_BYTES} bytes`);
    if (mutating) {
      const text = await c.req.text();
      if (text.trim() !== '') {
        try {
          JSON.parse(text);
        } catch (err) {
          return c.json({ error: `malformed JSON: ${(err as Error).message}` }, 400);
        }
        // Typed as JSON from here on, so the routes' validators read it.
        if (type === undefined) {
          const headers = new Headers(c.req.raw.headers);
          headers.set('content-type', 'application/json');
          c.req.raw = new Request(c.req.raw, { headers, body: text });
        }
      }
    }
    await next();
  };
}
