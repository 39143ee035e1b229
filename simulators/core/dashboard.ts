/**
 * The control port's front page (issue 14 item 5), for a demo presenter and a developer: vendors
 * and their credentials, each tenant's entities (VendorService.entities) with links and console
 * buttons, the virtual clock in Asia/Shanghai, fault rules, the outbox with copyable codes, the
 * callbacks with "redeliver", and the request journal when the control API has one.
 *
 * The server renders everything (one renderer, one escaping). The page's script
 * (dashboard/dashboard.client.mjs, a file: the CSP allows no inline script) polls
 * `GET /__sim/dashboard/live` for the live part as an HTML fragment and swaps it in when it
 * changed and no text in it is selected (a code being copied stays put). Buttons carry their
 * control request in `data-` attributes; the script sends them as JSON with the control token.
 *
 * Routes (mountDashboard): `/`, `/__sim/dashboard/live`, `/__sim/dashboard/assets/…`,
 * `/favicon.svg` (and `/favicon.ico`), `POST /__sim/webhooks/{id}/redeliver`,
 * `DELETE /__sim/faults/{id}`, and the API docs (dashboard/docs.ts).
 */
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { controlGuard, type ControlAccess } from './control-guard.ts';
import { DOCS_PATH, docsContracts, mountDocs } from './dashboard/docs.ts';
import { packageVersion } from './dashboard/version.ts';
import { escapeHtml as e, page } from './html.ts';
import { inlineStyle } from './security.ts';
import type { Simulator } from './simulator.ts';
import { staticAssets } from './static-assets.ts';
import { formatBeijingTime } from './time.ts';
import type { EntityAction, EntityView } from './vendor.ts';

const ASSETS = '/__sim/dashboard/assets';
export const LIVE_PATH = '/__sim/dashboard/live';
const CLIENT_SCRIPT = fileURLToPath(new URL('./dashboard/dashboard.client.mjs', import.meta.url));
const FAVICON = fileURLToPath(new URL('./dashboard/favicon.svg', import.meta.url));

/** Rows kept on the page: the newest of each list. */
const OUTBOX_ROWS = 30;
const CALLBACK_ROWS = 20;

const STYLE = inlineStyle(
  `
main{max-width:1240px;box-sizing:border-box}
header a{color:#cfe3ff;font-size:14px;margin-left:14px}
table{table-layout:fixed}td,th{overflow-wrap:anywhere;word-break:break-word}
td code{white-space:normal}
button{font-size:13px;padding:4px 10px;margin:2px}
.small{font-size:13px}.tenant{margin:8px 0 4px;font-weight:bold}
.child td:first-child{padding-left:22px}
.bar{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.bar input,.bar select{font-size:13px;padding:4px}
#status{min-height:1.2em}
.w10{width:10%}.w15{width:15%}.w20{width:20%}.w25{width:25%}.w30{width:30%}
`,
);

function time(ms: number | undefined): string {
  return ms === undefined ? '' : `<time data-at="${ms}">${e(formatBeijingTime(ms))}</time>`;
}

function button(a: EntityAction, extra = ''): string {
  const method = a.method ?? 'POST';
  const body = method === 'GET' ? '' : ` data-body="${e(JSON.stringify(a.body))}"`;
  return (
    `<button type="button" class="${a.danger ? 'danger' : 'primary'}${extra}" data-method="${method}" ` +
    `data-path="${e(a.path)}"${body}>${e(a.label)}</button>`
  );
}

function entityRow(x: EntityView, child: boolean): string {
  const links = (x.links ?? []).map((l) => `<a href="${e(l.href)}" target="_blank">${e(l.label)}</a>`);
  return (
    `<tr class="${child ? 'child' : 'entity'}" data-kind="${e(x.kind)}" data-id="${e(x.id)}">` +
    `<td>${e(x.kind)}<br><code>${e(x.id)}</code></td><td>${e(x.title ?? '')}</td>` +
    `<td class="status">${e(x.status ?? '')}</td><td>${time(x.at)}</td>` +
    `<td>${links.join('<br>')}</td><td>${(x.actions ?? []).map((a) => button(a)).join('')}</td></tr>` +
    (x.children ?? []).map((c) => entityRow(c, true)).join('')
  );
}

function vendorsSection(sim: Simulator): string {
  const docs = new Set(docsContracts(sim).map((c) => c.id));
  return [...sim.vendors.values()]
    .map((v) => {
      const creds =
        Object.entries(v.defaultCredentials())
          .map(([k, val]) => `${e(k)}: <code>${e(val)}</code>`)
          .join('<br>') +
        Object.entries(v.describe?.() ?? {})
          .map(([k, val]) => `<br><span class="muted">${e(k)}:</span> <code>${e(val)}</code>`)
          .join('');
      const tenants = (v.entities?.() ?? [])
        .map(
          (t) =>
            `<div class="tenant">tenant <code>${e(t.id)}</code>${t.name ? ` ${e(t.name)}` : ''}` +
            ` <span class="muted">(${t.entities.length} entities)</span></div>` +
            (t.entities.length
              ? `<table class="entities"><tr><th class="w15">entity</th><th class="w20">title</th>` +
                `<th class="w10">status</th><th class="w15">time</th><th class="w20">links</th>` +
                `<th class="w20">actions</th></tr>${t.entities.map((x) => entityRow(x, false)).join('')}` +
                `</table>`
              : ''),
        )
        .join('');
      const docLink = docs.has(v.id) ? ` <a href="${DOCS_PATH}/${e(v.id)}">API docs</a>` : '';
      return (
        `<section class="vendor" id="vendor-${e(v.id)}"><h3>${e(v.id)} <span class="muted">${e(v.name)}` +
        `</span></h3><div class="bar"><code>${e(sim.origin(v.id) + v.basePath)}</code>${docLink}` +
        button({ label: `reset ${v.id}`, path: `/__sim/reset?vendor=${v.id}`, body: {}, danger: true }) +
        `</div><p class="small">${creds}</p>${tenants}</section>`
      );
    })
    .join('');
}

function faultsSection(sim: Simulator): string {
  const rows = sim.faults
    .list()
    .map(
      (f) =>
        `<tr data-fault="${e(f.id)}"><td>${e(f.id)}</td><td>${e(f.vendor)}</td>` +
        `<td><code>${e(f.route ?? '*')}</code></td><td>${e(f.status ?? '')}</td>` +
        `<td>${e(f.vendorError ?? '')}</td><td>${e(f.latencyMs ?? '')}` +
        `</td><td>${f.hits}${f.times !== undefined ? ` / ${f.times}` : ''}</td><td><button type="button" ` +
        `class="danger" data-method="DELETE" data-path="/__sim/faults/${e(f.id)}">remove</button></td></tr>`,
    )
    .join('');
  return rows
    ? `<table><tr><th>id</th><th>vendor</th><th>route</th><th>status</th><th>vendor error</th>` +
        `<th>latency ms</th><th>hits</th><th></th></tr>${rows}</table>`
    : '<p class="muted">No fault rules.</p>';
}

function outboxSection(sim: Simulator): string {
  const rows = sim.outbox
    .list()
    .slice(-OUTBOX_ROWS)
    .reverse()
    .map(
      (m) =>
        `<tr><td>${time(m.at)}</td><td>${e(m.vendor)}</td><td>${e(m.channel)} <code>${e(m.to)}</code></td>` +
        `<td>${
          m.code
            ? `<code class="code">${e(m.code)}</code> <button type="button" class="copy" ` +
              `data-copy="${e(m.code)}">copy</button>`
            : ''
        }</td><td>${e(m.text)}${
          m.link ? `<br><a href="${e(m.link)}" target="_blank">${e(m.link)}</a>` : ''
        }</td></tr>`,
    )
    .join('');
  return rows
    ? `<table id="outbox"><tr><th class="w15">time</th><th class="w10">vendor</th><th class="w15">to</th>` +
        `<th class="w15">code</th><th>text</th></tr>${rows}</table>`
    : '<p class="muted">No messages yet.</p>';
}

function callbacksSection(sim: Simulator): string {
  const rows = sim.webhooks
    .list()
    .slice(-CALLBACK_ROWS)
    .reverse()
    .map((d) => {
      const last = d.attempts.at(-1);
      return (
        `<tr data-delivery="${e(d.id)}"><td>${e(d.id)}<br>${time(d.createdAt)}</td><td>${e(d.vendor)}</td>` +
        `<td>${e(d.event ?? '')}</td><td><code>${e(d.url)}</code></td><td>${e(d.state)}</td>` +
        `<td>${d.attempts.length}${last ? ` (${e(last.status ?? last.error ?? '')})` : ''}</td><td>` +
        button({ label: 'redeliver', path: `/__sim/webhooks/${d.id}/redeliver`, body: {} }) +
        `</td></tr>`
      );
    })
    .join('');
  return rows
    ? `<table><tr><th class="w15">id</th><th class="w10">vendor</th><th class="w15">event</th><th>url</th>` +
        `<th class="w10">state</th><th class="w10">attempts</th><th class="w10"></th></tr>${rows}</table>`
    : '<p class="muted">No callbacks yet.</p>';
}

/** The live part of the page: swapped in by the script on every change. */
export function renderLive(sim: Simulator): string {
  const now = sim.clock.now();
  return (
    `<section><h3>Virtual clock</h3><p>` +
    `<time id="clock" data-at="${now}">${e(formatBeijingTime(now))}</time>` +
    ` <span class="muted">Asia/Shanghai (UTC+8)</span></p></section>` +
    vendorsSection(sim) +
    `<section><h3>Fault rules</h3>${faultsSection(sim)}</section>` +
    `<section><h3>Outbox <span class="muted">newest first</span></h3>${outboxSection(sim)}</section>` +
    `<section><h3>Callbacks <span class="muted">newest first</span></h3>${callbacksSection(sim)}</section>`
  );
}

/** The whole page: the controls (not live, so typing is not disturbed) and the live part. */
export function renderDashboard(sim: Simulator): string {
  const vendors = [...sim.vendors.keys()].map((id) => `<option>${e(id)}</option>`).join('');
  const docs = docsContracts(sim)
    .map((c) => `<a href="${DOCS_PATH}/${e(c.id)}">${e(c.id)}</a>`)
    .join(' ');
  const controls =
    `<section><h3>Controls</h3><div class="bar">advance the clock:` +
    [
      ['+1 min', 60_000],
      ['+10 min', 600_000],
      ['+1 h', 3_600_000],
      ['+1 day', 86_400_000],
    ]
      .map(
        ([label, ms]) =>
          `<button type="button" class="primary" data-method="POST" data-path="/__sim/clock/advance" ` +
          `data-body="${e(JSON.stringify({ ms }))}">${label}</button>`,
      )
      .join('') +
    // A Beijing wall time; the script sends it with +08:00 (POST /__sim/clock/set).
    `<form id="clock-form" class="bar">set it to <input type="datetime-local" name="at" step="1" ` +
    `required aria-label="virtual time, Asia/Shanghai"> <span class="muted">Asia/Shanghai</span>` +
    `<button type="submit" class="primary">set</button></form>` +
    `</div><form id="fault-form" class="bar">add a fault rule: <select name="vendor">${vendors}</select>` +
    `<input name="route" placeholder="route, e.g. /v3/sign-flow/*" size="24">` +
    `<input name="status" placeholder="HTTP status" size="8" inputmode="numeric">` +
    `<input name="vendorError" placeholder="vendor error" size="10">` +
    `<input name="times" placeholder="times" size="5" inputmode="numeric">` +
    `<button type="submit" class="primary">add</button></form>` +
    `<p class="small">API docs: ${docs}</p><p id="status" class="small" role="status"></p></section>`;
  return page(
    'sealsim',
    `${controls}<div id="live" data-live="${LIVE_PATH}">${renderLive(sim)}</div>` +
      `<section id="journal" hidden><h3>Request journal <span class="muted">newest first</span></h3>` +
      `<div id="journal-rows"></div></section>` +
      `<script type="module" src="${ASSETS}/dashboard.mjs"></script>`,
    { head: `${STYLE}<link rel="icon" href="/favicon.svg" type="image/svg+xml">` },
  );
}

/** GETs any browser may load without the control token: static files and the API docs. */
export function isPublicAsset(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return (
    path === '/favicon.svg' ||
    path === '/favicon.ico' ||
    path.startsWith(`${ASSETS}/`) ||
    path === DOCS_PATH ||
    path.startsWith(`${DOCS_PATH}/`)
  );
}

/**
 * The control guard, with the token not asked of public assets (a `<script src>` or `<link>`
 * cannot send a header). Host and Origin are still checked for them.
 */
export function guardWithPublicAssets(access: () => ControlAccess): MiddlewareHandler {
  const full = controlGuard(access);
  const open = controlGuard(() => ({ ...access(), token: undefined }));
  return (c, next) => (isPublicAsset(c.req.method, new URL(c.req.url).pathname) ? open : full)(c, next);
}

/** Mounts the dashboard, its assets and routes, and the API docs on the control app. */
export function mountDashboard(app: OpenAPIHono, sim: Simulator): void {
  app.get(
    `${ASSETS}/*`,
    staticAssets(ASSETS, () => ({
      version: packageVersion(),
      files: { 'dashboard.mjs': CLIENT_SCRIPT },
    })),
  );
  const favicon = staticAssets('/', () => ({ version: packageVersion(), files: { 'favicon.svg': FAVICON } }));
  app.get('/favicon.svg', favicon);
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301));
  mountDocs(app, sim);
  app.get(LIVE_PATH, (c) => c.html(renderLive(sim), 200, { 'cache-control': 'no-store' }));
  app.post('/__sim/webhooks/:id/redeliver', (c) => {
    const d = sim.webhooks.redeliver(c.req.param('id'));
    if (!d) return c.json({ error: `unknown delivery ${c.req.param('id')}` }, 404);
    return c.json({ id: d.id, redeliveryOf: c.req.param('id') }, 201);
  });
  app.delete('/__sim/faults/:id', (c) => {
    if (!sim.faults.remove(c.req.param('id')))
      return c.json({ error: `unknown fault rule ${c.req.param('id')}` }, 404);
    return c.json({ ok: true as const }, 200);
  });
  app.get('/', (c) => c.html(renderDashboard(sim)));
}
