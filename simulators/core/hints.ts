/**
 * Hints for a request on the wrong port (issue 14 item 8, docs/interface.md "Hints"):
 * - a path that is another vendor's API gets an `X-Sealsim-Hint` header naming that vendor's
 *   origin, and the same words in the request journal; the vendor's own answer (status and body)
 *   is left exactly as the vendor gives it;
 * - `GET /` from a browser (`Accept: text/html`) on a vendor port whose API does not answer it
 *   (the vendor's 404, or wosign's API at `POST /`) shows which vendor lives there, with links to
 *   its API docs and the dashboard on the control port; an API client's `GET /` keeps the
 *   vendor's answer.
 */
import type { VendorDefinition } from './define.ts';
import { escapeHtml, page } from './html.ts';
import { secureAnswer } from './security.ts';

export const HINT_HEADER = 'x-sealsim-hint';

/**
 * What makes a path a vendor's API, known without loading the vendor: `npm run generate` writes
 * every vendor's into simulators/paths.ts, so the CLI names a vendor that `--vendors` left out.
 */
export interface PathOwner {
  id: string;
  /** The API base paths ('' and '/' own nothing by themselves). */
  bases: readonly string[];
  /** A war under any context path (yunhetong-digest): its documented routes of two or more segments. */
  contextRoutes?: readonly string[];
}

/** A loaded vendor's path facts, from its contract. */
export function pathOwnerOf(d: VendorDefinition): PathOwner {
  const bases = [d.contract.basePath, ...(d.contract.basePathAliases ?? [])].filter((b) => b && b !== '/');
  if (!d.contract.anyContextPath) return { id: d.id, bases };
  const contextRoutes = Object.values(d.contract.routes)
    .map((r) => r.path)
    .filter((p) => !p.includes('{') && p.split('/').length > 2);
  return { id: d.id, bases, contextRoutes: [...new Set(contextRoutes)].sort() };
}

/** Whether `path` is one of `o`'s API paths. */
export function ownsPath(o: PathOwner, path: string): boolean {
  if (o.bases.some((b) => path === b || path.startsWith(`${b}/`))) return true;
  // A war under any context path: a documented route at the end of the path.
  return o.contextRoutes?.some((r) => path.endsWith(r)) ?? false;
}

/** The other vendor whose API `path` is, when the vendor asked does not own it. */
export function otherOwner(owners: readonly PathOwner[], asked: string, path: string): PathOwner | undefined {
  const here = owners.find((o) => o.id === asked);
  if (here && ownsPath(here, path)) return undefined;
  return owners.find((o) => o.id !== asked && ownsPath(o, path));
}

/** Whether the vendor's contract documents `GET /` (then `/` is the vendor's, never a landing page). */
export function documentsRootGet(d: VendorDefinition): boolean {
  return Object.values(d.contract.routes).some(
    (r) => r.method.toLowerCase() === 'get' && `${d.contract.basePath}${r.path}`.replace(/\/+$/, '') === '',
  );
}

/** Whether the contract documents any route at `/` (wosign's `POST /`). */
export function documentsRoot(d: VendorDefinition): boolean {
  return Object.values(d.contract.routes).some(
    (r) => `${d.contract.basePath}${r.path}`.replace(/\/+$/, '') === '',
  );
}

export interface LandingInfo {
  id: string;
  name: string;
  origin: string;
  basePath: string;
  control: string;
  others: Array<{ id: string; name: string; origin: string }>;
}

/** The page `GET /` shows on a vendor port. */
export function landingPage(info: LandingInfo): Response {
  const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
  const body =
    `<section><p>This port is <b>${escapeHtml(info.name)}</b> (<code>${escapeHtml(info.id)}</code>), ` +
    `simulated by sealsim. Point the vendor's SDK or client at <code>${escapeHtml(
      info.origin + info.basePath,
    )}</code>.</p><ul>` +
    `<li>${link(`${info.control}/__sim/docs/${info.id}`, `${info.id} API docs`)}</li>` +
    `<li>${link(`${info.control}/`, 'the dashboard')} (control port: tenants, SMS codes, callbacks, ` +
    'the request journal)</li></ul></section>' +
    (info.others.length
      ? `<section><p>The other vendors:</p><ul>${info.others
          .map(
            (o) =>
              `<li>${escapeHtml(o.name)} (<code>${escapeHtml(o.id)}</code>): ` +
              `${link(o.origin, o.origin)}</li>`,
          )
          .join('')}</ul></section>`
      : '');
  return secureAnswer(
    new Response(page(`sealsim: ${info.name}`, body), {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    }),
  );
}

/** The answer with the hint header added (status and body untouched). */
export function withHintHeader(res: Response, hint: string): Response {
  const out = new Response(res.body, res);
  // Header values are ByteStrings: keep the hint ASCII.
  out.headers.set(HINT_HEADER, hint.replace(/[^\x20-\x7e]/g, '?'));
  return out;
}
