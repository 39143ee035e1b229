/**
 * The wosign HTTP surface (default https://127.0.0.1:4005, mutual TLS), on the core pipeline
 * (simulators/core/pipeline): the API at `POST /`, every call named by its body's actiontype.
 *
 * Order: body limit → fault injection → route (the actiontype) → client certificate, body, tokenid
 * (auth.ts) → the decoded JSON → schema → the handler under the tenant's lock. Every answer is
 * HTTP 200 compact ASCII-only JSON (render.ts). Host paths (the signing page) are W2's pages.
 */
import type { Hono } from 'hono';
import { wosignCatalogue } from '../../contracts/wosign/errors.ts';
import { wosignOperations } from '../../contracts/wosign/operations.ts';
import { createVendorApp } from '../core/pipeline/index.ts';
import { wosignHandlers } from './handlers/index.ts';
import { freshLocals } from './locals.ts';
import { wosignRenderer } from './render.ts';
import type { WosignRuntime } from './runtime.ts';
import { VENDOR } from './runtime.ts';
import { wosignStages } from './stages.ts';

/** Paths on the API host that are pages or files, not the API (the signing page: pages/). */
export const WOSIGN_HOST_PATHS: readonly string[] = ['/sign'];

export function createWosignApp(rt: WosignRuntime, host?: (app: Hono) => void): Hono {
  return createVendorApp({
    vendor: VENDOR,
    catalogue: wosignCatalogue,
    operations: wosignOperations,
    faults: rt.ctx.faults,
    basePaths: [''],
    hostPaths: WOSIGN_HOST_PATHS,
    locals: freshLocals,
    stages: wosignStages(rt),
    handlers: wosignHandlers(rt),
    render: wosignRenderer(),
    unknownOperation: 'ACTION_UNSUPPORTED',
    internalError: 'INTERNAL',
    ...(host ? { host } : {}),
  });
}
