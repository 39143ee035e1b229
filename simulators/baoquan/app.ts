/**
 * The baoquan HTTP surface on its own origin (default http://127.0.0.1:4001), on the core pipeline
 * (simulators/core/pipeline):
 * - `POST /api/v2/<name>` and `POST /api/v1/<name>`: the APIs, same behaviour under both; the
 *   stages in the vendor's order are stages.ts's, the handlers handlers/index.ts's, the answers
 *   render.ts's. Every failure is the catalogue's `{request_id, message, timestamp}`; never a stack.
 * - `GET /attestations/{ano}?accessKey&signature&tonce`: the access page (pages/);
 * - `GET /files/...`: signed file URLs (files.ts).
 * Fault rules apply on the whole origin; a rule with a `route` only on that route.
 */
import type { Hono } from 'hono';
import { baoquanCatalogue } from '../../contracts/baoquan/errors.ts';
import { baoquanOperations } from '../../contracts/baoquan/operations.ts';
import { BAOQUAN_BASE_PATHS } from '../../contracts/baoquan/validation.ts';
import { createVendorApp } from '../core/pipeline/index.ts';
import { FILES_PREFIX, handleFile } from './files.ts';
import { baoquanHandlers } from './handlers/index.ts';
import { handleAccessPage } from './pages/index.ts';
import { baoquanRenderer } from './render.ts';
import { VENDOR, type BaoquanRuntime } from './runtime.ts';
import { freshLocals } from './locals.ts';
import { baoquanStages } from './stages.ts';

export function createBaoquanApp(rt: BaoquanRuntime): Hono {
  const render = baoquanRenderer(rt);
  return createVendorApp({
    vendor: VENDOR,
    catalogue: baoquanCatalogue,
    operations: baoquanOperations,
    faults: rt.ctx.faults,
    basePaths: BAOQUAN_BASE_PATHS,
    locals: freshLocals,
    stages: baoquanStages(rt, render),
    handlers: baoquanHandlers(rt),
    render,
    unknownOperation: 'API_NOT_FOUND',
    internalError: 'INTERNAL_ERROR',
    // decision: baoquan.host-not-found, baoquan.api-v3-not-simulated
    notFound: (call) => {
      const version = /^\/api\/(v3(?:\.\d+)?)(?:\/|$)/i.exec(call.url.pathname)?.[1];
      return version
        ? baoquanCatalogue.error('API_VERSION_NOT_SIMULATED', { version })
        : baoquanCatalogue.error('API_NOT_FOUND');
    },
    host(app) {
      app.get('/attestations/:ano', (c) => handleAccessPage(c, rt));
      app.get(`${FILES_PREFIX}/*`, (c) => handleFile(c, rt));
    },
  });
}
