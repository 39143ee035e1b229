/**
 * API docs in the browser (issue 14 item 6): each vendor's OpenAPI document and the control API's,
 * built from the contracts by the same code as openapi/<id>.json (contracts/shared/openapi-document.ts),
 * shown with swagger-ui-dist served from node_modules (no CDN: the machine may be offline).
 *
 *   GET /__sim/docs                     the list of documents
 *   GET /__sim/docs/<id>                the viewer page (`control` for the control API)
 *   GET /__sim/docs/<id>/openapi.json   the document
 *   GET /__sim/docs/assets/…            swagger-ui's files and the page's own script
 *
 * The page is CSP-clean: its script is a file (docs.client.mjs), and "Try it out" is off, as the
 * vendors' ports are other origins the policy's `connect-src 'self'` does not reach.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { buildControlContract } from '../../../contracts/control/index.ts';
import { buildOpenApiDocument, type JsonObject } from '../../../contracts/shared/openapi-document.ts';
import type { SealsimContract } from '../../../contracts/shared/contract.ts';
import { escapeHtml as e } from '../html.ts';
import type { Simulator } from '../simulator.ts';
import { staticAssets } from '../static-assets.ts';
import { packageVersion } from './version.ts';

export const DOCS_PATH = '/__sim/docs';
const ASSETS = `${DOCS_PATH}/assets`;

const require = createRequire(import.meta.url);

function swaggerSpec() {
  const root = dirname(require.resolve('swagger-ui-dist/package.json'));
  const version = (require('swagger-ui-dist/package.json') as { version: string }).version;
  return {
    version,
    files: {
      'swagger-ui.css': join(root, 'swagger-ui.css'),
      'swagger-ui-bundle.js': join(root, 'swagger-ui-bundle.js'),
      'docs.mjs': fileURLToPath(new URL('./docs.client.mjs', import.meta.url)),
      'docs.css': fileURLToPath(new URL('./docs.css', import.meta.url)),
    },
  };
}

/** The documents served: every running vendor's contract, then the control API's. */
export function docsContracts(sim: Simulator): SealsimContract[] {
  const running = sim.definitions.filter((d) => sim.vendors.has(d.id));
  return [...running.map((d) => d.contract), buildControlContract(sim.definitions)];
}

function page(id: string, title: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)} — sealsim API docs</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${ASSETS}/swagger-ui.css"><link rel="stylesheet" href="${ASSETS}/docs.css">
</head><body><nav class="sealsim-docs-nav"><a id="dashboard-link" href="/">sealsim dashboard</a> · API docs:
<span id="doc-links"></span></nav>
<div id="swagger-ui" data-spec="${DOCS_PATH}/${e(id)}/openapi.json" data-docs="${DOCS_PATH}"></div>
<script src="${ASSETS}/swagger-ui-bundle.js"></script>
<script type="module" src="${ASSETS}/docs.mjs"></script>
</body></html>`;
}

/** Mounts the docs routes on the control app (inside its guard and page headers). */
export function mountDocs(app: OpenAPIHono, sim: Simulator): void {
  const docs = new Map<string, JsonObject>();
  const docOf = (id: string): JsonObject | undefined => {
    const hit = docs.get(id);
    if (hit) return hit;
    const contract = docsContracts(sim).find((c) => c.id === id);
    if (!contract) return undefined;
    const doc = buildOpenApiDocument(contract, packageVersion());
    docs.set(id, doc);
    return doc;
  };
  app.get(`${ASSETS}/*`, staticAssets(ASSETS, swaggerSpec));
  app.get(DOCS_PATH, (c) =>
    c.json({
      docs: docsContracts(sim).map((ct) => ({
        id: ct.id,
        title: ct.title ?? ct.id,
        page: `${DOCS_PATH}/${ct.id}`,
        openapi: `${DOCS_PATH}/${ct.id}/openapi.json`,
      })),
    }),
  );
  app.get(`${DOCS_PATH}/:id/openapi.json`, (c) => {
    const doc = docOf(c.req.param('id'));
    return doc ? c.json(doc) : c.json({ error: `no API docs for ${c.req.param('id')}` }, 404);
  });
  app.get(`${DOCS_PATH}/:id`, (c) => {
    const id = c.req.param('id');
    const contract = docsContracts(sim).find((ct) => ct.id === id);
    if (!contract) return c.json({ error: `no API docs for ${id}` }, 404);
    return c.html(page(id, contract.title ?? id));
  });
}
