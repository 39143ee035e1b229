/**
 * wosign's stages of the core pipeline (simulators/core/pipeline), in its order
 * (decision: wosign.check-order):
 *
 * - limit: 16 MB (or the simulator's smaller maxBodyBytes); past it -69, HTTP 200.
 * - fault: a status-only rule answers -69 at the rule's status; `vendorError` names an entry or
 *   its code; other text `{"status":0,"errorcode":<the text's number, else -69>}`.
 * - route: POST on `/` with a readable body names its actiontype's operation; anything else is
 *   left open, so authenticate runs first and the pipeline answers -64 (decision: wosign.any-path).
 * - authenticate: the client certificate (-80), the body (-63), tokenid (-100/-65/-80/-67),
 *   actiontype absent (-100) (auth.ts).
 * - parse: the decoded JSON object (wire.ts).
 * - validate: the contract's schemas: a missing value -100, one of a wrong type -79.
 * - handle: under the tenant's lock, so one tenant's orders never interleave their awaits.
 */
import type { z } from '@hono/zod-openapi';
import { wosignCatalogue as catalogue, type WosignErrorName } from '../../contracts/wosign/errors.ts';
import {
  WOSIGN_ACTIONTYPES,
  type WosignOperation,
  type WosignOperations,
} from '../../contracts/wosign/operations.ts';
import { CLIENT_CERT_HEADER } from '../core/adapters/client-cert.ts';
import type { ApiCall, VendorStages } from '../core/pipeline/index.ts';
import {
  authenticateToken,
  certificateNearMiss,
  checkCertificate,
  presentedCertificate,
  type WosignCaller,
} from './auth.ts';
import type { WosignLocals } from './locals.ts';
import { jsonAnswer } from './render.ts';
import type { WosignRuntime } from './runtime.ts';
import { requestBody } from './wire.ts';

/** decision: wosign.body-limit */
export const WOSIGN_MAX_BODY_BYTES = 16 * 1024 * 1024;

const isApi = (call: ApiCall<WosignLocals>) => call.path === '/' && call.method === 'POST';

const isOperation = (v: unknown): v is WosignOperation =>
  typeof v === 'string' && WOSIGN_ACTIONTYPES.some((a) => a === v);

/** The raw value at a zod issue's path. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const key of path) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** -100 when the failing value is absent, else -79. */
function invalid(error: z.ZodError, raw: unknown) {
  const missing = error.issues.some((i) => {
    const v = valueAt(raw, i.path);
    return v === undefined || v === null;
  });
  return missing
    ? catalogue.error('INCOMPLETE', error.message)
    : catalogue.error('PARAM_INVALID', error.message);
}

export function wosignStages(
  rt: WosignRuntime,
): VendorStages<WosignOperations, WosignCaller | undefined, WosignLocals, WosignErrorName, string> {
  return {
    limit: {
      maxBytes: () => Math.min(rt.ctx.maxBodyBytes, WOSIGN_MAX_BODY_BYTES),
      tooLarge: () => catalogue.error('INTERNAL', 'request body too large'),
    },
    fault: {
      byStatus: () => 'INTERNAL',
      unlisted: (_call, text, status) =>
        jsonAnswer({ status: 0, errorcode: Number.parseInt(text, 10) || -69 }, status ?? 200),
    },
    async route(call) {
      call.locals.certificate = presentedCertificate(call.header(CLIENT_CERT_HEADER));
      if (!isApi(call)) return undefined;
      const body = await requestBody(call);
      return body.ok && isOperation(body.value.actiontype) ? body.value.actiontype : undefined;
    },
    async authenticate(call) {
      const der = checkCertificate(rt, call.locals.certificate);
      if (!isApi(call)) return undefined;
      const body = await requestBody(call);
      if (!body.ok) return catalogue.fail('JSON_INVALID');
      const caller = authenticateToken(rt, body.value.tokenid, der);
      const action = body.value.actiontype;
      if (action === undefined || action === null || action === '')
        catalogue.fail('INCOMPLETE', 'actiontype');
      return caller;
    },
    // Near-miss diagnostics for the request journal (auth.ts); the answer stays the vendor's.
    async diagnose(call) {
      const body = isApi(call) ? await requestBody(call) : undefined;
      const tokenid = body?.ok ? body.value.tokenid : undefined;
      return certificateNearMiss(rt, call.header(CLIENT_CERT_HEADER), tokenid);
    },
    async parse(call) {
      const body = await requestBody(call);
      return body.ok ? body.value : catalogue.fail('JSON_INVALID');
    },
    invalid: (_call, _op, error, raw) => invalid(error, raw),
    handle: (_call, _op, caller, run) => (caller ? rt.lock(`tenant:${caller.tenant.id}`, run) : run()),
  };
}
