/**
 * The yunhetong-digest HTTP surface (default http://127.0.0.1:4003, context path `/` or the
 * vendor option `contextPath`), on the core pipeline (simulators/core/pipeline):
 * - `GET <ctx>/index.html`: the "service is up" page (§5.1 3);
 * - the APIs of contracts/yunhetong-digest/routes.ts at `<ctx><path>`.
 *
 * Order on an API: body limit → fault injection → path (404) → method (405) → token (401 / 20301 /
 * 403, YHT_TOKEN_SCOPE) → body (lenient JSON, 201) → schema (the contract's zod → 201 / field
 * codes) → app state (offline: 20300, user creation 20207) → the handler (20001 scope rules that
 * need the body, then state). Every answer is the envelope, HTTP 200; a late call carries a
 * renewed token in header `token`. Stages in stages.ts, handlers in handlers/index.ts, the
 * envelope in render.ts.
 *
 * Outside the context path the container answers its text 404 (after faults and the body limit).
 */
import type { Hono } from 'hono';
import { yunhetongDigestCatalogue } from '../../contracts/yunhetong-digest/errors.ts';
import { yunhetongDigestOperations } from '../../contracts/yunhetong-digest/operations.ts';
import { createVendorApp } from '../core/pipeline/index.ts';
import { withinBodyLimit } from '../core/pipeline/limit.ts';
import { yunhetongDigestHandlers } from './handlers/index.ts';
import { freshLocals } from './locals.ts';
import { yunhetongDigestRenderer } from './render.ts';
import { VENDOR, type YunhetongDigestRuntime } from './runtime.ts';
import { tooLargeResponse, yunhetongDigestStages } from './stages.ts';

export function createYunhetongDigestApp(
  rt: YunhetongDigestRuntime,
  opts: { authErrorsAsHttpStatus?: boolean } = {},
): Hono {
  return createVendorApp({
    vendor: VENDOR,
    catalogue: yunhetongDigestCatalogue,
    operations: yunhetongDigestOperations,
    faults: rt.ctx.faults,
    basePaths: [rt.contextPath],
    locals: freshLocals,
    stages: yunhetongDigestStages(rt),
    handlers: yunhetongDigestHandlers(rt),
    render: yunhetongDigestRenderer(opts.authErrorsAsHttpStatus ?? false),
    // Never answered: the route stage names every API or answers the container's 404 itself.
    unknownOperation: 'SYSTEM_ERROR',
    internalError: 'SYSTEM_ERROR',
    // No notFound hook: outside the context path the servlet container answers, not the war.
    // decision: yunhetong-digest.container-404
    host: (app) => {
      app.all('*', async (c) => {
        if (!(await withinBodyLimit(c, rt.ctx.maxBodyBytes))) return tooLargeResponse();
        return c.text('404 Not Found', 404);
      });
    },
  });
}
