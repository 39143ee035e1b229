/**
 * `createVendorApp(spec)`: a vendor's HTTP surface from its stages, handlers and renderer.
 *
 * On the API base paths every request runs the stages in this order (types.ts):
 *
 *   limit → fault → route → authenticate → parse → validate → handle → render (→ seal)
 *
 * Everywhere else on the vendor's origin (upload and download URLs, pages, a spec's `hostPaths`
 * under a base path) the fault stage runs, then the vendor's host routes, whose answers get the
 * page headers (core/security.ts: CSP, nosniff). A path nothing serves (also one that normalised
 * out of a base path: `..`, `%2e%2e`) is the vendor's `notFound` error in its envelope, sealed;
 * without one a plain `404 Not Found` (a servlet container's own page).
 */
import { z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import type { ErrorDetail } from '../../../contracts/shared/errors.ts';
import type { OperationTable } from '../../../contracts/shared/operations.ts';
import { createCall, matchBasePath, type PipelineCall } from './call.ts';
import { faultAnswer, firingFault } from './fault.ts';
import { readWithinLimit } from './limit.ts';
import { diagnose, journalled, noteNoRoute, noteTenant, tenantIdOf } from '../journal.ts';
import { secureAnswer } from '../security.ts';
import type { ApiCall, VendorApiSpec } from './types.ts';

export type * from './types.ts';
export { withStatus } from './fault.ts';

/** validate → handle for one operation (generic in the operation, so input and output stay typed). */
async function runOperation<
  Ops extends OperationTable,
  K extends keyof Ops,
  Caller,
  L,
  N extends string,
  D extends ErrorDetail,
>(
  spec: VendorApiSpec<Ops, Caller, L, N, D>,
  call: ApiCall<L>,
  op: K,
  caller: Caller,
  raw: unknown,
): Promise<unknown> {
  const parsed = z.safeParse<Ops[K]['input']>(spec.operations[op].input, raw);
  if (!parsed.success) throw spec.stages.invalid(call, op, parsed.error, raw);
  const input = parsed.data;
  // A stage that answers at once is not awaited: each await is a turn of the microtask queue.
  const checked = spec.stages.check?.(call, op, input, caller);
  if (checked instanceof Promise) await checked;
  const handler = spec.handlers[op];
  const run = async () => handler(input, { caller, call });
  return spec.stages.handle ? spec.stages.handle(call, op, caller, run) : run();
}

async function runApi<Ops extends OperationTable, Caller, L, N extends string, D extends ErrorDetail>(
  spec: VendorApiSpec<Ops, Caller, L, N, D>,
  call: PipelineCall<L>,
): Promise<Response> {
  const { stages, render, catalogue } = spec;
  try {
    const read = await readWithinLimit(call.c.req.raw, stages.limit.maxBytes(call));
    if (read === false) return render.error(call, stages.limit.tooLarge(call));
    if (read && stages.limit.bodyThroughCall) call.prime(read);
    else if (read) call.c.req.raw = new Request(call.c.req.raw, { body: read });
    const fault = firingFault(spec, call);
    const rule = fault instanceof Promise ? await fault : fault;
    if (rule) return faultAnswer(spec, call, rule);
    const route = stages.route(call);
    const routed = route instanceof Promise ? await route : route;
    if (routed instanceof Response) return routed;
    let caller: Caller;
    try {
      caller = await stages.authenticate(call, routed);
    } catch (err) {
      const why = stages.diagnose;
      if (why && catalogue.owns(err) && journalled(call.c)) {
        // A diagnosis that fails is left out: it must never change the vendor's answer.
        const found = await Promise.resolve()
          .then(() => why.call(stages, call, err, routed))
          .catch(() => undefined);
        diagnose(call.c, () => found);
      }
      throw err;
    }
    noteTenant(call.c, tenantIdOf(caller));
    if (routed === undefined) {
      noteNoRoute(call.c);
      return render.error(call, catalogue.error(spec.unknownOperation));
    }
    const raw = await stages.parse(call, routed, caller);
    const output = await runOperation(spec, call, routed, caller, raw);
    const answer = render.ok(call, routed, output);
    return answer instanceof Promise ? await answer : answer;
  } catch (err) {
    if (catalogue.owns(err)) {
      if (err.key === spec.unknownOperation) noteNoRoute(call.c);
      return render.error(call, err);
    }
    console.error(`[${spec.vendor}]`, err);
    return render.error(call, catalogue.error(spec.internalError));
  }
}

export function createVendorApp<
  Ops extends OperationTable,
  Caller,
  L,
  N extends string,
  D extends ErrorDetail,
>(spec: VendorApiSpec<Ops, Caller, L, N, D>): Hono {
  const app = new Hono();
  app.use('*', async (c: Context, next) => {
    const url = new URL(c.req.url);
    const base = matchBasePath(spec.basePaths, url.pathname);
    if (base !== undefined && matchBasePath(spec.hostPaths ?? [], url.pathname) === undefined) {
      const call = createCall(c, url, base, spec.locals);
      const res = await runApi(spec, call);
      return spec.render.seal ? spec.render.seal(call, res) : res;
    }
    const call = createCall(c, url, '', spec.locals);
    const fault = firingFault(spec, call);
    const rule = fault instanceof Promise ? await fault : fault;
    if (rule) return faultAnswer(spec, call, rule);
    await next();
    const res = secureAnswer(c.res);
    if (res !== c.res) c.res = res;
  });
  spec.host?.(app);
  app.notFound(async (c) => {
    if (!spec.notFound) return c.text('404 Not Found', 404);
    const call = createCall(c, new URL(c.req.url), '', spec.locals);
    noteNoRoute(c);
    const answer = spec.notFound(call);
    const res = answer instanceof Response ? answer : spec.render.error(call, answer);
    return spec.render.seal ? spec.render.seal(call, res) : res;
  });
  app.onError((err, c) => {
    if (spec.hostError) return spec.hostError(err, c);
    console.error(`[${spec.vendor}]`, err);
    return c.text('系统繁忙，请稍后重试', 500);
  });
  return app;
}
