/**
 * The yunhetong-sdk HTTP surface (default http://127.0.0.1:4004), on the core pipeline
 * (simulators/core/pipeline): the APIs of contracts/yunhetong-sdk/routes.ts under `/sdk`, and the
 * signing page (pages/, handlers/page.ts).
 *
 * Order on an API: body limit → fault injection → path (404) and method (405) → appId + password
 * or token (10803/10804/10000/10805, 10801) → servlet parameters → schema → the handler (the doc's
 * field rules, then state) under the app's lock. Every answer is the envelope, HTTP 200 (download:
 * the PDF). Stages in stages.ts, handlers in handlers/index.ts, the envelope in render.ts.
 */
import type { Hono } from 'hono';
import { yunhetongSdkCatalogue } from '../../contracts/yunhetong-sdk/errors.ts';
import { yunhetongSdkOperations } from '../../contracts/yunhetong-sdk/operations.ts';
import { SDK_BASE_PATH } from '../../contracts/yunhetong-sdk/paths.ts';
import { createVendorApp } from '../core/pipeline/index.ts';
import { yunhetongSdkHandlers } from './handlers/index.ts';
import { freshLocals } from './locals.ts';
import { PAGE_HOST_PATHS, pageHostRoutes } from './pages/index.ts';
import { yunhetongSdkRenderer } from './render.ts';
import { VENDOR, type YunhetongSdkRuntime } from './runtime.ts';
import { yunhetongSdkStages } from './stages.ts';

export function createYunhetongSdkApp(rt: YunhetongSdkRuntime): Hono {
  return createVendorApp({
    vendor: VENDOR,
    catalogue: yunhetongSdkCatalogue,
    operations: yunhetongSdkOperations,
    faults: rt.ctx.faults,
    basePaths: [SDK_BASE_PATH],
    // The signing page's views, files and JS SDK under /sdk (pages/index.ts).
    hostPaths: PAGE_HOST_PATHS,
    locals: freshLocals,
    stages: yunhetongSdkStages(rt),
    handlers: yunhetongSdkHandlers(rt),
    render: yunhetongSdkRenderer(),
    // Never answered: the route stage names every API or answers the container's 404 itself.
    unknownOperation: 'UNKNOWN',
    internalError: 'UNKNOWN',
    // The page's routes; any other path outside the APIs: the container's plain 404 (no notFound
    // hook). decision: yunhetong-sdk.container-404-405
    host: (app) => pageHostRoutes(app, rt),
  });
}
