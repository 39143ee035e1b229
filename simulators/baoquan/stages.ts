/**
 * baoquan's stages of the core pipeline (simulators/core/pipeline), in the vendor's order
 * (docs/baoquan.md "The envelope"); each step is the contract's (contracts/baoquan/validation.ts),
 * the same ones its `checkBaoquanRequest` runs:
 *
 *   limit         maxBodyBytes → REQUEST_TOO_LARGE (413), before the body is read
 *   fault         a rule's name or exact message → that entry; a status → its entry; other text as is
 *   route         path → API_NOT_FOUND (404), then method → METHOD_NOT_ALLOWED (405)
 *   authenticate  form → CONTENT_TYPE_UNSUPPORTED; the five parts → PART_MISSING,
 *                 REQUEST_ID_TOO_LONG, PART_INVALID; access key → ACCESS_KEY_UNKNOWN; tonce →
 *                 TONCE_OUT_OF_RANGE; signature → SIGNATURE_INVALID (500); a request_id
 *                 already used within the tonce window → REQUEST_ID_REPEATED (replay.ts)
 *   parse         payload JSON → PAYLOAD_NOT_JSON; `__proto__` keys that mean something
 *   validate      the operation's payload schema → PARAM_MISSING / PARAM_INVALID / SHA256_INVALID
 *   check         the API's file parts → HASH_ATTACHMENTS_NOT_ALLOWED, CHECKSUM_MISMATCH, …
 *
 * The request_id part is kept in `locals` as soon as the form is read, so every later error
 * echoes it.
 */
import {
  baoquanCatalogue,
  baoquanErrorBody,
  findBaoquanError,
  type BaoquanErrorName,
  type BaoquanErrorParams,
} from '../../contracts/baoquan/errors.ts';
import { baoquanOperations, type BaoquanOperations } from '../../contracts/baoquan/operations.ts';
import {
  baoquanErrorFromZod,
  baoquanJsonResponse,
  baoquanReservedKeyFailure,
  checkBaoquanFiles,
  checkBaoquanParts,
  checkBaoquanTonce,
  parseBaoquanPath,
  parseBaoquanPayloadJson,
  readBaoquanForm,
  verifyBaoquanRequestSignature,
  verifyRsaSha256,
  type BaoquanCheck,
  type BaoquanEnvelope,
} from '../../contracts/baoquan/validation.ts';
import { withStatus, type VendorRenderer, type VendorStages } from '../core/pipeline/index.ts';
import { signatureNearMiss, tenantKey, tonceNearMiss } from './auth.ts';
import type { BaoquanLocals } from './locals.ts';
import { requestIds } from './replay.ts';
import type { BaoquanRuntime } from './runtime.ts';
import type { BaoquanTenant } from './state.ts';

/** Each request's checked envelope, for `diagnose` (a failed authenticate returns no caller). */
const envelopes = new WeakMap<object, BaoquanEnvelope>();

/** The authenticated caller: the access key's tenant and the checked envelope. */
export interface BaoquanCaller {
  tenant: BaoquanTenant;
  envelope: BaoquanEnvelope;
}

export type BaoquanRender = VendorRenderer<
  BaoquanOperations,
  BaoquanLocals,
  BaoquanErrorName,
  BaoquanErrorParams
>;

/** A status-only fault rule answers the gateway entry for that status; anything else 服务器内部错误. */
const FAULT_BY_STATUS: Readonly<Record<number, BaoquanErrorName>> = {
  404: 'API_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'REQUEST_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/** A contract step's value, or its failure thrown as the catalogue error. */
function passed<T>(check: BaoquanCheck<T>): T {
  if (!check.ok) baoquanCatalogue.fail(check.error, check.params);
  return check.value;
}

export function baoquanStages(
  rt: BaoquanRuntime,
  render: BaoquanRender,
): VendorStages<BaoquanOperations, BaoquanCaller, BaoquanLocals, BaoquanErrorName, BaoquanErrorParams> {
  return {
    limit: {
      maxBytes: () => rt.ctx.maxBodyBytes,
      tooLarge: () => baoquanCatalogue.error('REQUEST_TOO_LARGE'),
    },
    fault: {
      byStatus: (status) => FAULT_BY_STATUS[status] ?? 'INTERNAL_ERROR',
      unlisted(call, text, status) {
        // A rule may also name an entry by its exact message text.
        const entry = findBaoquanError(text);
        if (entry) return withStatus(render.error(call, baoquanCatalogue.error(entry.name)), status);
        return baoquanJsonResponse(baoquanErrorBody(call.locals.requestId, text, rt.now()), status ?? 400);
      },
    },
    route(call) {
      const name = parseBaoquanPath(call.url.pathname)?.name;
      if (!name) baoquanCatalogue.fail('API_NOT_FOUND');
      if (call.method.toUpperCase() !== 'POST') baoquanCatalogue.fail('METHOD_NOT_ALLOWED');
      return name;
    },
    async authenticate(call) {
      const form = passed(await readBaoquanForm(call.c.req.raw));
      if (typeof form.fields.request_id === 'string') call.locals.requestId = form.fields.request_id;
      call.locals.files = form.files;
      const envelope = passed(checkBaoquanParts(form.fields));
      envelopes.set(call, envelope);
      const tenant = rt.tenants.get(envelope.accessKey);
      const key = tenant ? tenantKey(tenant.publicKey) : undefined;
      if (!tenant || !key) baoquanCatalogue.fail('ACCESS_KEY_UNKNOWN');
      // The SDK stamps tonce from the machine's clock, a test client may stamp it from the virtual
      // one: either passes unless the tenant names one (docs/interface.md "Time"). Expiries stay
      // on the virtual clock.
      const mode = tenant.clientClock;
      const fresh = (tonce: number) =>
        (mode !== 'virtual' && checkBaoquanTonce(tonce, Date.now())) ||
        (mode !== 'wall' && checkBaoquanTonce(tonce, rt.now()));
      if (!fresh(envelope.tonce)) baoquanCatalogue.fail('TONCE_OUT_OF_RANGE');
      // Over the path actually requested (/api/v1/… or /api/v2/…).
      if (!verifyBaoquanRequestSignature(key, call.url.pathname, envelope))
        baoquanCatalogue.fail('SIGNATURE_INVALID');
      // decision: baoquan.request-id-replay
      const stored = rt.tenants.untracked(tenant.id) ?? tenant;
      if (!requestIds.remember(stored, envelope.requestId, envelope.tonce, fresh))
        baoquanCatalogue.fail('REQUEST_ID_REPEATED');
      return { tenant, envelope };
    },
    // Near-miss diagnostics for the request journal (auth.ts); the answer stays the vendor's.
    diagnose(call, err) {
      const env = envelopes.get(call);
      if (!env) return undefined;
      const tenant = rt.tenants.untracked(env.accessKey);
      if (err.key === 'ACCESS_KEY_UNKNOWN') {
        const registered = rt.tenants.ids().length;
        return {
          kind: 'access-key',
          summary: tenant
            ? `the public key registered for access key ${env.accessKey} does not parse`
            : `access key ${env.accessKey} is unknown (${registered} registered)`,
          details: { accessKey: env.accessKey, registeredAccessKeys: String(registered) },
        };
      }
      if (err.key === 'TONCE_OUT_OF_RANGE') return tonceNearMiss(env.tonce, Date.now(), rt.now());
      const key = tenant ? tenantKey(tenant.publicKey) : undefined;
      if (err.key !== 'SIGNATURE_INVALID' || !tenant || !key) return undefined;
      const verify = (data: string) => verifyRsaSha256(key, data, env.signature);
      return signatureNearMiss(key, tenant.id, call.url.pathname, env, verify);
    },
    parse(_call, _op, caller) {
      const payload = passed(parseBaoquanPayloadJson(caller.envelope.payload));
      const reserved = baoquanReservedKeyFailure(payload);
      if (reserved) baoquanCatalogue.fail(reserved.error, reserved.params);
      return payload;
    },
    invalid(_call, op, error, raw) {
      const failure = baoquanErrorFromZod(error, { schema: baoquanOperations[op].input, input: raw });
      return baoquanCatalogue.error(failure.error, failure.params);
    },
    check(call, op, input) {
      call.locals.matched = passed(checkBaoquanFiles(op, input, call.locals.files));
    },
  };
}
