/**
 * esign's pipeline stages (simulators/core/pipeline). The checks answer in this order, each with
 * its entry of contracts/esign/errors.ts:
 *
 *   body limit → fault → method → project id → known project → mode → signature present →
 *   signature → known API → Content-Type → JSON → auth URL parameters (a repeated one) →
 *   Content-Type parameters (`application/json;`) → body schema → handler
 * decision: esign.check-order
 *
 * The gateway checks credentials before it looks at the path, so an unknown path is refused only
 * once the request is signed correctly (and then names the path).
 */
import {
  TimevaleQuery,
  esignReadBody,
  esignCatalogue,
  esignErrorFromZod,
  esignErrors,
  esignOperations,
  esignRoutes,
  findEsignError,
  type EsignErrorName,
  type EsignOperation,
  type EsignOperations,
} from '../../contracts/esign/index.ts';
import { withStatus, type ApiCall, type VendorStages } from '../core/pipeline/index.ts';
import { diagnose, noteTenant } from '../core/journal.ts';
import {
  candidateContents,
  normaliseMode,
  signatureMatches,
  signatureNearMiss,
  type SignMode,
} from './auth.ts';
import type { EsignLocals } from './locals.ts';
import { envelopeResponse, errorResponse } from './render.ts';
import type { EsignRuntime } from './runtime.ts';
import type { EsignTenant } from './state.ts';

/** Who is calling: the project the request is signed for, and the signing mode it uses. */
export interface EsignCaller {
  tenant: EsignTenant;
  mode: SignMode;
}

/** Each operation at its route's path (the two tables share their names). */
const OPERATION_BY_PATH = new Map<string, EsignOperation>(
  (Object.keys(esignOperations) as EsignOperation[]).map((op) => [esignRoutes[op].path, op] as const),
);

/**
 * A Content-Type whose media type is application/json may still carry malformed parameters
 * (`application/json;`, `application/json; charset`): those are refused too, after the URL
 * parameters are checked.
 */
const JSON_CONTENT_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/** The URL parameters as the route declares them (§4.3.1.5): a repeated one is PARAM_INVALID. */
function checkAuthQuery(url: URL): void {
  // No parameters: every field of the schema is optional, so there is nothing to refuse.
  if (url.search === '') return;
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  const parsed = TimevaleQuery.safeParse(query);
  if (parsed.success) return;
  const mapped = esignErrorFromZod(parsed.error, { input: query });
  esignCatalogue.fail(mapped.name, mapped.detail);
}

export function esignStages(
  rt: EsignRuntime,
): VendorStages<EsignOperations, EsignCaller, EsignLocals, EsignErrorName, string> {
  return {
    limit: {
      maxBytes: () => rt.ctx.maxBodyBytes,
      tooLarge: () => esignCatalogue.error('REQUEST_TOO_LARGE'),
      bodyThroughCall: true,
    },
    fault: {
      byStatus: () => 'INTERNAL_ERROR',
      // A 2xx status-only rule is a failure in the envelope's own status (HTTP 200).
      answerStatus: (status) =>
        status >= 200 && status < 300 ? esignErrors.INTERNAL_ERROR.httpStatus : status,
      unlisted(_call: ApiCall<EsignLocals>, text: string, status: number | undefined) {
        // A code written with leading zeros still names its entry.
        const entry = findEsignError(text);
        if (entry) return withStatus(errorResponse(esignCatalogue.error(entry.name)), status);
        const errCode = Number(text) || esignErrors.INTERNAL_ERROR.errCode;
        return envelopeResponse({ errCode, msg: text }, status ?? 200);
      },
    },
    route: (call) => OPERATION_BY_PATH.get(call.path),
    async authenticate(call, op) {
      if (call.method !== 'POST') esignCatalogue.fail(op ? 'METHOD_NOT_ALLOWED' : 'API_NOT_FOUND');
      const { projectId, mode: rawMode, signature } = call.locals.auth;
      if (!projectId) esignCatalogue.fail('PROJECT_ID_MISSING');
      const tenant = rt.tenants.get(projectId);
      if (!tenant) esignCatalogue.fail('PROJECT_NOT_FOUND', projectId);
      call.locals.secret = tenant.secret;
      const mode = normaliseMode(rawMode);
      if (!mode) esignCatalogue.fail('SIGN_MODE_UNSUPPORTED', rawMode);
      if (!signature) esignCatalogue.fail('SIGNATURE_MISSING');
      // The algorithm header is advisory (auth.ts isHmacSha256): HMAC-SHA256 is always verified.
      const body = await call.bytes();
      if (!signatureMatches(tenant.secret, signature, candidateContents(body, call.url, mode))) {
        diagnose(call.c, () => ({
          kind: 'hmac-signature',
          ...signatureNearMiss({
            secret: tenant.secret,
            given: signature,
            body,
            url: call.url,
            mode,
            projectId,
            otherSecrets: rt.tenants
              .ids()
              .filter((id) => id !== projectId)
              .map((id): [string, string] => [id, rt.tenants.untracked(id)?.secret ?? '']),
          }),
        }));
        esignCatalogue.fail('SIGNATURE_MISMATCH');
      }
      noteTenant(call.c, tenant.id);
      if (op === undefined) esignCatalogue.fail('API_NOT_FOUND', call.path);
      return { tenant, mode };
    },
    async parse(call) {
      const text = await call.text();
      const contentType = call.header('Content-Type');
      const read = esignReadBody(contentType, text);
      if ('problem' in read) esignCatalogue.fail(read.problem);
      checkAuthQuery(call.url);
      if (!JSON_CONTENT_TYPE.test(contentType ?? '')) esignCatalogue.fail('CONTENT_TYPE_UNSUPPORTED');
      return read.value;
    },
    invalid(_call, op, error, raw) {
      const mapped = esignErrorFromZod(error, { schema: esignOperations[op].input, input: raw });
      return esignCatalogue.error(mapped.name, mapped.detail);
    },
  };
}
