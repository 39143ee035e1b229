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

/** The API base paths a contract owns ('' and '/' own nothing by themselves). */
function basesOf(d: VendorDefinition): string[] {
  return [d.contract.basePath, ...(d.contract.basePathAliases ?? [])].filter((b) => b && b !== '/');
}

/** Whether `path` is one of `d`'s API paths. */
export function ownsPath(d: VendorDefinition, path: string): boolean {
  if (basesOf(d).some((b) => path === b || path.startsWith(`${b}/`))) return true;
  // A war under any context path (yunhetong-digest): a documented route of two or more segments
  // at the end of the path.
  if (d.contract.anyContextPath)
    return Object.values(d.contract.routes).some(
      (r) => !r.path.includes('{') && r.path.split('/').length > 2 && path.endsWith(r.path),
    );
  return false;
}

/** The other vendor whose API `path` is, when the vendor asked does not own it. */
export function otherOwner(
  definitions: readonly VendorDefinition[],
  asked: string,
  path: string,
): VendorDefinition | undefined {
  const here = definitions.find((d) => d.id === asked);
  if (here && ownsPath(here, path)) return undefined;
  return definitions.find((d) => d.id !== asked && ownsPath(d, path));
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
