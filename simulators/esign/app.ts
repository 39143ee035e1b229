/**
 * The esign HTTP surface on its own origin:
 * - `/opentreaty/rest/v3.0/*`: the APIs (contracts/esign routes), signed requests and responses;
 * - `/oss/open/*` (PUT) and `/oss/download/*` (GET): object-store URLs (oss.ts);
 * - `/h5/*`: the signer's H5 page and the flow-view page (pages/).
 *
 * Order on the API path: response signing (outermost, so every answer, errors and faults
 * included, carries X-timevale-* headers) → body limit → fault injection → auth + Content-Type
 * + JSON → zod validation (catalogue errCodes) → handler. Errors never leak a stack.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import {
  ESIGN_BASE_PATH,
  createEsignValidationHook,
  esignBodyPrecheck,
  findEsignError,
  esignRoutes,
} from '../../contracts/esign/index.ts';
import { faultInjection, limitBody } from '../core/middleware.ts';
import type { FaultRule } from '../core/faults.ts';
import {
  candidateContents,
  normaliseMode,
  readAuthParams,
  type AuthParams,
  signatureMatches,
  signedHeaders,
  type SignMode,
} from './auth.ts';
import { createOrganize, createPerson, idExchange } from './handlers/account.ts';
import { createDocByFileKey, createDocByTemplate, docDownloadUrl } from './handlers/doc.ts';
import { fileUploadUrl } from './handlers/file.ts';
import { signDocDetail, signDownload, signExecute, signRevoke, signStart } from './handlers/sign.ts';
import { createTemplate } from './handlers/template.ts';
import { handleDownload, handleUpload, ossInternalError } from './oss.ts';
import { PDFJS_ASSETS_PATH, createPages } from './pages/index.ts';
import { pdfjsAssets } from '../core/static-assets.ts';
import { envelopeResponse, errorResponse, errorToResponse, knownBody, okResponse } from './respond.ts';
import { VENDOR, type EsignRuntime } from './runtime.ts';
import type { EsignTenant } from './state.ts';

const utf8 = new TextDecoder();

type Env = { Variables: { tenant: EsignTenant; mode: SignMode; url: URL; auth: AuthParams } };

const KNOWN_PATHS = new Set<string>(Object.values(esignRoutes).map((r) => r.path));

/**
 * Signs every answer on the API path with the caller's project secret (§4.3.2), in the mode the
 * caller asked for. When the project is missing or unknown there is no secret: the answer then
 * carries the mode and algorithm headers but no X-timevale-signature (guess).
 */
function signResponses(rt: EsignRuntime): MiddlewareHandler<Env> {
  return async (c, next) => {
    // Parsed once here and shared with authenticate() through the context.
    const url = new URL(c.req.url);
    const params = readAuthParams(c.req.raw.headers, url);
    c.set('url', url);
    c.set('auth', params);
    await next();
    const projectId = params.projectId;
    const tenant = projectId ? rt.tenants.get(projectId) : undefined;
    const mode = normaliseMode(params.mode) ?? 'package';
    const res = c.res;
    const text = knownBody(res);
    if (text !== undefined) {
      // Our own envelope: sign its known text and set the headers in place (no clone, no copy).
      for (const [k, v] of Object.entries(
        signedHeaders(projectId ?? '', tenant?.secret, Buffer.from(text, 'utf8'), mode),
      )) {
        if (k === 'X-timevale-project-id' && !projectId) continue;
        res.headers.set(k, v);
      }
      return;
    }
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(signedHeaders(projectId ?? '', tenant?.secret, bytes, mode))) {
      if (k === 'X-timevale-project-id' && !projectId) continue;
      headers.set(k, v);
    }
    c.res = undefined as unknown as Response; // drop hono's merge of old headers
    c.res = new Response(bytes, { status: res.status, statusText: res.statusText, headers });
  };
}

/** Method, project, signature, Content-Type and JSON, in that order (each a catalogue error). */
function authenticate(rt: EsignRuntime): MiddlewareHandler<Env> {
  return async (c, next) => {
    const url = c.get('url');
    const params = c.get('auth');
    const rel = url.pathname.startsWith(ESIGN_BASE_PATH)
      ? url.pathname.slice(ESIGN_BASE_PATH.length) || '/'
      : url.pathname;
    if (c.req.method !== 'POST')
      return errorResponse(KNOWN_PATHS.has(rel) ? 'METHOD_NOT_ALLOWED' : 'API_NOT_FOUND');
    if (!params.projectId) return errorResponse('PROJECT_ID_MISSING');
    const tenant = rt.tenants.get(params.projectId);
    if (!tenant) return errorResponse('PROJECT_NOT_FOUND', params.projectId);
    const mode = normaliseMode(params.mode);
    if (!mode) return errorResponse('SIGN_MODE_UNSUPPORTED', params.mode);
    if (!params.signature) return errorResponse('SIGNATURE_MISSING');
    // The algorithm header is advisory (auth.ts isHmacSha256): HMAC-SHA256 is always verified.
    const body = new Uint8Array(await c.req.arrayBuffer());
    const text = utf8.decode(body);
    // Prime hono's body cache so the validator parses this text instead of re-reading the body.
    (c.req as unknown as { bodyCache: Record<string, Promise<unknown>> }).bodyCache.text =
      Promise.resolve(text);
    if (!signatureMatches(tenant.secret, params.signature, candidateContents(body, url, mode)))
      return errorResponse('SIGNATURE_MISMATCH');
    if (!KNOWN_PATHS.has(rel)) return errorResponse('API_NOT_FOUND', rel);
    const problem = esignBodyPrecheck(c.req.header('Content-Type'), text);
    if (problem) return errorResponse(problem);
    c.set('tenant', tenant);
    c.set('mode', mode);
    await next();
  };
}

/** A fault rule in the esign envelope: its vendorError (name or errCode), or INTERNAL_ERROR. */
export function faultResponse(rule: FaultRule): Response {
  if (rule.vendorError !== undefined) {
    const e = findEsignError(rule.vendorError);
    if (e) return envelopeResponse({ errCode: e.errCode, msg: e.msg }, rule.status ?? e.httpStatus);
    return envelopeResponse(
      { errCode: Number(rule.vendorError) || 1000001, msg: String(rule.vendorError) },
      rule.status ?? 200,
    );
  }
  const status = rule.status ?? 500;
  if (status >= 200 && status < 300) return errorResponse('INTERNAL_ERROR');
  return envelopeResponse({ errCode: 1000001, msg: '系统异常，请稍后重试' }, status);
}

export function createEsignApp(rt: EsignRuntime): OpenAPIHono<Env> {
  const hook = createEsignValidationHook((_c, body, status) => envelopeResponse(body, status));
  const app = new OpenAPIHono<Env>({ defaultHook: hook });
  const api = new OpenAPIHono<Env>({ defaultHook: hook });

  app.use(`${ESIGN_BASE_PATH}/*`, signResponses(rt));
  app.use(
    `${ESIGN_BASE_PATH}/*`,
    limitBody(rt.ctx.maxBodyBytes, () => errorResponse('REQUEST_TOO_LARGE')),
  );
  app.use(
    '*',
    faultInjection({
      vendor: VENDOR,
      faults: rt.ctx.faults,
      basePath: ESIGN_BASE_PATH,
      render: faultResponse,
    }),
  );
  app.use(`${ESIGN_BASE_PATH}/*`, authenticate(rt));

  const r = esignRoutes;
  const tenantOf = (c: Context<Env>) => c.get('tenant');

  api.openapi(
    r.fileUploadUrl,
    (c) => okResponse(fileUploadUrl(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.openapi(
    r.accountCreatePerson,
    (c) => okResponse(createPerson(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.openapi(
    r.accountCreateOrganize,
    (c) => okResponse(createOrganize(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.openapi(
    r.accountIdExchange,
    (c) => okResponse(idExchange(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.openapi(
    r.templateCreateByFileKey,
    async (c) => okResponse(await createTemplate(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.openapi(
    r.docCreateByFileKey,
    async (c) => okResponse(await createDocByFileKey(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.openapi(
    r.docCreateByTemplate,
    async (c) => okResponse(await createDocByTemplate(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.openapi(
    r.docDownloadUrl,
    (c) => okResponse(docDownloadUrl(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.openapi(
    r.signStart,
    async (c) => okResponse(await signStart(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.openapi(r.signExecute, async (c) => {
    await signExecute(rt, tenantOf(c), c.req.valid('json'));
    return okResponse() as never;
  });
  api.openapi(r.signRevoke, async (c) => {
    await signRevoke(rt, tenantOf(c), c.req.valid('json'));
    return okResponse() as never;
  });
  api.openapi(r.signDownload, (c) => okResponse(signDownload(rt, tenantOf(c), c.req.valid('json'))) as never);
  api.openapi(
    r.signDocDetail,
    (c) => okResponse(signDocDetail(rt, tenantOf(c), c.req.valid('json'))) as never,
  );
  api.onError((err, c) => errorToResponse(err, c));
  app.route(ESIGN_BASE_PATH, api);

  app.put('/oss/open/:objectName', (c) => handleUpload(c, rt));
  app.get('/oss/download/:objectName', (c) => handleDownload(c, rt));
  app.get(`${PDFJS_ASSETS_PATH}/*`, pdfjsAssets(PDFJS_ASSETS_PATH));
  app.route('/h5', createPages(rt));

  app.notFound((c) => {
    if (new URL(c.req.url).pathname.startsWith(`${ESIGN_BASE_PATH}/`)) return errorResponse('API_NOT_FOUND');
    return c.text('404 Not Found', 404);
  });
  app.onError((err, c) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith('/h5')) return c.text('系统繁忙，请稍后重试', 500);
    if (path.startsWith('/oss/')) return ossInternalError(c);
    return errorToResponse(err, c);
  });
  return app;
}
