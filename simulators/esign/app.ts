/**
 * The esign HTTP surface on its own origin, on the one vendor pipeline (simulators/core/pipeline):
 * - `/opentreaty/rest/v3.0/*`: the APIs (contracts/esign operations), run through the stages of
 *   stages.ts, one handler per operation (handlers/index.ts), rendered and signed by render.ts;
 * - `/oss/open/*` (PUT) and `/oss/download/*` (GET): object-store URLs (oss.ts);
 * - `/h5/*`: the signer's H5 page and the flow-view page (pages/).
 *
 * Faults apply on the whole origin; errors never leak a stack.
 */
import type { Context } from 'hono';
import { ESIGN_BASE_PATH, esignCatalogue, esignOperations } from '../../contracts/esign/index.ts';
import { createVendorApp, withStatus } from '../core/pipeline/index.ts';
import { pdfjsAssets } from '../core/static-assets.ts';
import { esignHandlers } from './handlers/index.ts';
import { handleDownload, handleUpload, ossInternalError } from './oss.ts';
import { PDFJS_ASSETS_PATH, createPages } from './pages/index.ts';
import { freshLocals } from './locals.ts';
import { errorResponse, esignRenderer } from './render.ts';
import { VENDOR, type EsignRuntime } from './runtime.ts';
import { esignStages } from './stages.ts';

/** A host route that throws: the pages answer plain text, the object store its XML error. */
function hostError(_err: Error, c: Context): Response {
  const path = new URL(c.req.url).pathname;
  if (path.startsWith('/h5')) return c.text('系统繁忙，请稍后重试', 500);
  if (path.startsWith('/oss/')) return ossInternalError(c);
  return errorResponse(esignCatalogue.error('INTERNAL_ERROR'));
}

export function createEsignApp(rt: EsignRuntime) {
  return createVendorApp({
    vendor: VENDOR,
    catalogue: esignCatalogue,
    operations: esignOperations,
    faults: rt.ctx.faults,
    basePaths: [ESIGN_BASE_PATH],
    locals: freshLocals,
    stages: esignStages(rt),
    handlers: esignHandlers(rt),
    render: esignRenderer(rt),
    // authenticate answers an unknown path first, naming it (stages.ts)
    unknownOperation: 'API_NOT_FOUND',
    internalError: 'INTERNAL_ERROR',
    // The envelope at HTTP 404: outside the API the gateway has no route. decision: esign.host-not-found
    notFound: (call) =>
      withStatus(errorResponse(esignCatalogue.error('API_NOT_FOUND', call.url.pathname)), 404),
    host(app) {
      app.put('/oss/open/:objectName', (c) => handleUpload(c, rt));
      app.get('/oss/download/:objectName', (c) => handleDownload(c, rt));
      app.get(`${PDFJS_ASSETS_PATH}/*`, pdfjsAssets(PDFJS_ASSETS_PATH));
      app.route('/h5', createPages(rt));
    },
    hostError,
  });
}
