/**
 * The OpenAPI 3.1 document of one contract (openapi/<id>.json): `npm run generate` writes it
 * (scripts/generate.ts) and the control port serves it live at `/__sim/docs/<vendor>`
 * (simulators/core/dashboard/docs.ts), so both come from the same code.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { SealsimContract } from './contract.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The OpenAPI 3.1 document of one contract, with vendor extensions, in canonical key order. */
export function buildOpenApiDocument(contract: SealsimContract, version: string): JsonObject {
  const app = new OpenAPIHono();
  const noop = () => new Response(null, { status: 501 });
  for (const route of Object.values(contract.routes)) app.openapi(route, noop as never);
  for (const route of Object.values(contract.hostRoutes ?? {})) app.openapi(route, noop as never);
  for (const route of Object.values(contract.webhooks ?? {})) app.openAPIRegistry.registerWebhook(route);

  const servers = (contract.servers ?? []).map((s) => ({
    url: `${s.url.replace(/\/$/, '')}${contract.basePath}`,
    ...(s.description ? { description: s.description } : {}),
  }));
  const generated = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: contract.title ?? `sealsim ${contract.id}`,
      version,
      ...(contract.description ? { description: contract.description } : {}),
    },
    ...(servers.length ? { servers } : {}),
  });
  const doc = JSON.parse(JSON.stringify(generated)) as JsonObject;

  // Vendor error catalogue: all of it at the top, and each operation's codes on the operation.
  const errors = contract.errors ?? {};
  if (Object.keys(errors).length) {
    doc['x-vendor-error-catalogue'] = Object.entries(errors).map(([name, e]) => ({
      name,
      errCode: e.errCode ?? name,
      msg: e.msg,
      httpStatus: e.httpStatus,
      section: e.section,
      evidence: e.evidence,
      ...(e.note ? { note: e.note } : {}),
      routes: [...(e.routes ?? ['*'])],
    })) as Json;
    const apiPaths = new Set(Object.values(contract.routes).map((r) => r.path));
    const paths = (doc.paths ?? {}) as Record<string, Record<string, JsonObject>>;
    for (const [path, item] of Object.entries(paths)) {
      if (!apiPaths.has(path)) continue;
      for (const m of METHODS) {
        const op = item[m];
        if (!op) continue;
        op['x-vendor-errors'] = Object.entries(errors)
          .filter(([, e]) => (e.routes ?? ['*']).some((r) => r === '*' || r === path))
          .map(([name, e]) => e.errCode ?? name);
      }
    }
  }
  if (contract.contradictions?.length) doc['x-doc-contradictions'] = contract.contradictions as Json;
  return canonical(doc);
}

const TOP_ORDER = [
  'openapi',
  'info',
  'jsonSchemaDialect',
  'servers',
  'tags',
  'paths',
  'webhooks',
  'components',
  'security',
  'externalDocs',
];

/** Fixed top-level order; paths, webhooks and component maps sorted by key; the rest as generated. */
function canonical(doc: JsonObject): JsonObject {
  const sortKeys = (o: Json | undefined): Json | undefined =>
    o && typeof o === 'object' && !Array.isArray(o)
      ? Object.fromEntries(
          Object.keys(o)
            .sort()
            .map((k) => [k, o[k]!]),
        )
      : o;
  const out: JsonObject = {};
  const keys = [
    ...TOP_ORDER.filter((k) => k in doc),
    ...Object.keys(doc)
      .filter((k) => !TOP_ORDER.includes(k))
      .sort(),
  ];
  for (const k of keys) {
    let v = doc[k]!;
    if (k === 'paths' || k === 'webhooks') v = sortKeys(v)!;
    if (k === 'components' && v && typeof v === 'object' && !Array.isArray(v)) {
      v = Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((c) => [c, sortKeys((v as JsonObject)[c])!]),
      );
    }
    out[k] = v;
  }
  return out;
}
