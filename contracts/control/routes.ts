/** The control API on the control port (docs/interface.md, "Control API"). */
import { jsonContent } from '../shared/openapi.ts';
import { createRoute, z } from '@hono/zod-openapi';
import * as s from './schemas.ts';

const json = jsonContent;
const errorResponse = (description: string) => json(s.ControlError, description);
const VendorParam = z.object({ vendor: z.string().openapi({ param: { name: 'vendor', in: 'path' } }) });

export const health = createRoute({
  method: 'get',
  path: '/__sim/health',
  responses: { 200: json(s.Ok, 'The simulator is up') },
});

export const vendors = createRoute({
  method: 'get',
  path: '/__sim/vendors',
  responses: { 200: json(z.object({ vendors: z.array(s.VendorInfo) }), 'Running vendors') },
});

export const reset = createRoute({
  method: 'post',
  path: '/__sim/reset',
  request: {
    query: z.object({
      vendor: z.string().optional(),
      clock: z
        .enum(['keep', 'rewind'])
        .optional()
        .describe(
          'rewind: also set the virtual clock back (realtime: to the wall clock; manual: to where it ' +
            'started). The clock is shared by every vendor. Default keep',
        ),
    }),
  },
  responses: { 200: json(s.Ok, 'Back to seeded defaults'), 404: errorResponse('Unknown vendor') },
});

export const clockGet = createRoute({
  method: 'get',
  path: '/__sim/clock',
  responses: { 200: json(s.ClockNow, 'Virtual time') },
});

export const clockAdvance = createRoute({
  method: 'post',
  path: '/__sim/clock/advance',
  request: {
    query: z.object({
      wait: z
        .enum(['true', 'false'])
        .optional()
        .describe(
          'true: also wait for the callback deliveries the jobs started, as /__sim/clock/settle does',
        ),
    }),
    body: { content: { 'application/json': { schema: s.ClockAdvance } }, required: true },
  },
  responses: {
    200: json(
      s.ClockNow,
      'Returned once every job that fell due has run and the callback deliveries it started are under way',
    ),
    400: errorResponse('Bad ms'),
  },
});

export const clockSet = createRoute({
  method: 'post',
  path: '/__sim/clock/set',
  request: { body: { content: { 'application/json': { schema: s.ClockSet } }, required: true } },
  responses: {
    200: json(
      s.ClockNow,
      'Forwards: as advance (jobs due on the way run). Backwards: no job runs or is dropped; each ' +
        'keeps its due time and runs when time reaches it again',
    ),
    400: errorResponse('Bad time'),
  },
});

export const clockSettle = createRoute({
  method: 'post',
  path: '/__sim/clock/settle',
  responses: {
    200: json(
      s.ClockNow,
      'Returned once the jobs already due have run and every callback delivery under way has ended ' +
        '(delivered, failed, or its retry scheduled)',
    ),
  },
});

export const outbox = createRoute({
  method: 'get',
  path: '/__sim/outbox',
  request: { query: z.object({ vendor: z.string().optional(), to: z.string().optional() }) },
  responses: { 200: json(z.object({ messages: z.array(s.OutboxMessage) }), 'SMS and e-mail, newest last') },
});

export const webhooks = createRoute({
  method: 'get',
  path: '/__sim/webhooks',
  request: { query: z.object({ vendor: z.string().optional() }) },
  responses: { 200: json(z.object({ deliveries: z.array(s.WebhookDelivery) }), 'Callback journal') },
});

export const tenantCreate = createRoute({
  method: 'post',
  path: '/__sim/{vendor}/tenants',
  request: {
    params: VendorParam,
    body: { content: { 'application/json': { schema: s.TenantSettings } }, required: false },
  },
  responses: {
    201: json(s.TenantCreated, 'A new isolated tenant with fresh credentials'),
    400: errorResponse('Bad settings'),
    404: errorResponse('Unknown vendor'),
  },
});

export const tenantPatch = createRoute({
  method: 'patch',
  path: '/__sim/{vendor}/tenants/{id}',
  request: {
    params: VendorParam.extend({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }),
    body: { content: { 'application/json': { schema: s.TenantSettings } }, required: true },
  },
  responses: {
    200: json(s.TenantCreated, 'Settings changed'),
    400: errorResponse('Bad settings'),
    404: errorResponse('Unknown vendor or tenant'),
  },
});

export const caPem = createRoute({
  method: 'get',
  path: '/__sim/{vendor}/ca.pem',
  request: { params: VendorParam },
  responses: {
    200: {
      content: { 'application/x-pem-file': { schema: z.string() } },
      description:
        "The vendor's test CA chain, PEM: the intermediate (signing) CA, then the root. Trust the root " +
        'to verify the signatures in signed PDFs (made on first use; kept with --state).',
    },
    404: errorResponse('Unknown vendor'),
  },
});

/**
 * One vendor's tenant routes, relative to `/__sim/<vendor>`, with the body typed by the vendor's
 * settings schema (the generic `{vendor}` routes above answer 404 for a vendor not running). The
 * tenant id is named `idParam`, as the vendor's own `/tenants/{…}` console route names it.
 */
export function vendorTenantRoutes(vendor: string, settings: z.ZodType, idParam = 'id') {
  const body = (required: boolean) => ({ content: { 'application/json': { schema: settings } }, required });
  return {
    tenantCreate: createRoute({
      method: 'post',
      path: '/tenants',
      operationId: `${vendor}TenantCreate`,
      request: { body: body(false) },
      responses: {
        201: json(s.TenantCreated, `A new isolated ${vendor} tenant with fresh credentials`),
        400: errorResponse('Bad settings'),
      },
    }),
    tenantPatch: createRoute({
      method: 'patch',
      path: `/tenants/{${idParam}}`,
      operationId: `${vendor}TenantPatch`,
      request: {
        params: z.object({ [idParam]: z.string().openapi({ param: { name: idParam, in: 'path' } }) }),
        body: body(true),
      },
      responses: {
        200: json(s.TenantCreated, 'Settings changed'),
        400: errorResponse('Bad settings'),
        404: errorResponse('Unknown tenant'),
      },
    }),
  };
}

export const faultsAdd = createRoute({
  method: 'post',
  path: '/__sim/faults',
  request: { body: { content: { 'application/json': { schema: s.FaultInput } }, required: true } },
  responses: { 201: json(s.FaultRule, 'Installed'), 400: errorResponse('Bad rule') },
});

export const faultsList = createRoute({
  method: 'get',
  path: '/__sim/faults',
  responses: { 200: json(z.object({ faults: z.array(s.FaultRule) }), 'Installed rules') },
});

export const faultsClear = createRoute({
  method: 'delete',
  path: '/__sim/faults',
  responses: { 200: json(s.Ok, 'Cleared') },
});

export const requestsList = createRoute({
  method: 'get',
  path: '/__sim/requests',
  request: {
    query: z.object({
      vendor: z.string().optional().describe("A running vendor's id, or control"),
      tenant: z.string().optional(),
      path: z.string().optional().describe('Substring of the path (and query)'),
      status: z.coerce.number().int().optional().describe('HTTP status'),
      since: z.coerce.number().int().optional().describe('Wall-clock epoch ms: entries at or after it'),
      after: z.coerce.number().int().optional().describe('Entries with a larger id (to poll for new ones)'),
      limit: z.coerce.number().int().min(1).optional().describe('The newest N'),
    }),
  },
  responses: {
    200: json(
      z.object({ size: z.number().int().describe('The ring size'), requests: z.array(s.JournalEntry) }),
      'The request journal, oldest first (its own reads are not journalled)',
    ),
    400: errorResponse('Unknown vendor or bad filter'),
  },
});

export const requestsClear = createRoute({
  method: 'delete',
  path: '/__sim/requests',
  responses: { 200: json(s.Ok, 'Cleared') },
});

export const webhookRedeliver = createRoute({
  method: 'post',
  path: '/__sim/webhooks/{id}/redeliver',
  request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    201: json(
      z.object({ id: z.string().describe('The new delivery'), redeliveryOf: z.string() }),
      'The same callback (URL, headers, body) queued again as a new delivery, with its own retries',
    ),
    404: errorResponse('Unknown delivery'),
  },
});

export const faultsRemove = createRoute({
  method: 'delete',
  path: '/__sim/faults/{id}',
  request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: json(s.Ok, 'Removed'), 404: errorResponse('Unknown fault rule') },
});

// The dashboard and the API docs (simulators/core/dashboard.ts, dashboard/docs.ts): pages and files
// for a browser, listed so that every route the control port answers is in this contract.
const html = (description: string) => ({ content: { 'text/html': { schema: z.string() } }, description });
const FileParam = z.object({ file: z.string().openapi({ param: { name: 'file', in: 'path' } }) });
const DocParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

export const dashboard = createRoute({
  method: 'get',
  path: '/',
  summary: 'The dashboard (a browser page; the control token as ?token= once)',
  responses: { 200: html('The dashboard') },
});

export const dashboardLive = createRoute({
  method: 'get',
  path: '/__sim/dashboard/live',
  summary: "The dashboard's live part, an HTML fragment its script polls",
  responses: { 200: html('Clock, vendors and their entities, fault rules, outbox, callbacks') },
});

export const dashboardAsset = createRoute({
  method: 'get',
  path: '/__sim/dashboard/assets/{file}',
  summary: "The dashboard's script (no token needed)",
  request: { params: FileParam },
  responses: {
    200: { content: { 'text/javascript': { schema: z.string() } }, description: 'The file' },
    404: { description: 'No such file' },
  },
});

export const favicon = createRoute({
  method: 'get',
  path: '/favicon.svg',
  summary: 'The favicon (no token needed)',
  responses: { 200: { content: { 'image/svg+xml': { schema: z.string() } }, description: 'The icon' } },
});

export const faviconIco = createRoute({
  method: 'get',
  path: '/favicon.ico',
  summary: 'Moved permanently to /favicon.svg',
  responses: { 301: { description: 'Location: /favicon.svg' } },
});

export const docsList = createRoute({
  method: 'get',
  path: '/__sim/docs',
  summary: 'The API documents served (no token needed)',
  responses: {
    200: json(
      z.object({
        docs: z.array(z.object({ id: z.string(), title: z.string(), page: z.string(), openapi: z.string() })),
      }),
      "Each running vendor's and the control API's",
    ),
  },
});

export const docsPage = createRoute({
  method: 'get',
  path: '/__sim/docs/{id}',
  summary: "A vendor's (or `control`) API docs in swagger-ui, offline",
  request: { params: DocParam },
  responses: { 200: html('The viewer page'), 404: errorResponse('No such document') },
});

export const docsDocument = createRoute({
  method: 'get',
  path: '/__sim/docs/{id}/openapi.json',
  summary: 'The OpenAPI document the page shows (as openapi/<id>.json)',
  request: { params: DocParam },
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({}).passthrough() } },
      description: 'OpenAPI 3.1',
    },
    404: errorResponse('No such document'),
  },
});

export const docsAsset = createRoute({
  method: 'get',
  path: '/__sim/docs/assets/{file}',
  summary: "swagger-ui-dist's files and the page's script, from node_modules",
  request: { params: FileParam },
  responses: { 200: { description: 'The file' }, 404: { description: 'No such file' } },
});

export const controlRoutes = {
  health,
  vendors,
  reset,
  clockGet,
  clockAdvance,
  clockSet,
  clockSettle,
  outbox,
  webhooks,
  tenantCreate,
  tenantPatch,
  caPem,
  faultsAdd,
  faultsList,
  faultsClear,
  requestsList,
  requestsClear,
  webhookRedeliver,
  faultsRemove,
  dashboard,
  dashboardLive,
  dashboardAsset,
  favicon,
  faviconIco,
  docsList,
  docsPage,
  docsDocument,
  docsAsset,
};
