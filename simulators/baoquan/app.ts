/**
 * The baoquan HTTP surface on its own origin (default http://127.0.0.1:4001):
 * - `POST /api/v2/<name>` and `POST /api/v1/<name>`: the APIs, same behaviour under both;
 * - `GET /attestations/{ano}?accessKey&signature&tonce`: the access page (pages/);
 * - `GET /files/...`: signed file URLs (files.ts).
 *
 * Order on the API path: body limit (413, before the body is read) → fault injection → the
 * contract's checkBaoquanRequest (path 404 → method 405 → form → parts → access key → tonce →
 * signature 500 → payload JSON and schema → file parts) → the handler (state). Every failure is
 * the catalogue's `{request_id, message, timestamp}`; never a stack.
 */
import { Hono, type Context } from 'hono';
import { signatureIdOf } from '../../contracts/baoquan/schemas.ts';
import { findBaoquanError } from '../../contracts/baoquan/errors.ts';
import {
  BAOQUAN_API_RESPONSE,
  BAOQUAN_BASE_PATHS,
  checkBaoquanRequest,
  type BaoquanApiName,
  type BaoquanPayloadOf,
  type BaoquanRequest,
} from '../../contracts/baoquan/validation.ts';
import type { FaultRule } from '../core/faults.ts';
import { faultInjection, limitBody } from '../core/middleware.ts';
import { tenantKey } from './auth.ts';
import { fail } from './fail.ts';
import { handleFile, FILES_PREFIX } from './files.ts';
import { addFactoids, createAttestation, getAttestation } from './handlers/attestations.ts';
import { applyCa, userKyc } from './handlers/cas.ts';
import {
  listSignatures,
  sendVerifyCode,
  setContractDetail,
  setDefaultSignature,
  signContract,
  uploadContractPdf,
  uploadSignature,
} from './handlers/contract.ts';
import { downloadAttestation } from './handlers/download.ts';
import { handleAccessPage } from './pages/index.ts';
import {
  baoquanDownloadResponse,
  baoquanFailureResponse,
  baoquanJsonResponse,
  baoquanOk,
  errorResponse,
  errorToResponse,
} from './respond.ts';
import { VENDOR, type BaoquanRuntime } from './runtime.ts';
import type { BaoquanTenant } from './state.ts';

type Handler = (rt: BaoquanRuntime, t: BaoquanTenant, req: BaoquanRequest) => unknown;
const p = <N extends BaoquanApiName>(req: BaoquanRequest, _name: N) => req.payload as BaoquanPayloadOf<N>;

/** What each API does with a checked request; the answer's shape is BAOQUAN_API_RESPONSE's. */
const HANDLERS: Record<BaoquanApiName, Handler> = {
  attestations: (rt, t, req) =>
    createAttestation(rt, t, p(req, 'attestations'), req.matched.attachments, 'attestation'),
  'attestations/hash': (rt, t, req) => createAttestation(rt, t, p(req, 'attestations/hash'), [], 'hash'),
  'attestation/hash': (rt, t, req) => createAttestation(rt, t, p(req, 'attestation/hash'), [], 'hash'),
  factoids: (rt, t, req) => addFactoids(rt, t, p(req, 'factoids'), req.matched.attachments),
  attestation: (_rt, t, req) => getAttestation(t, p(req, 'attestation')),
  'attestation/download': (rt, t, req) => downloadAttestation(rt, t, p(req, 'attestation/download')),
  'users/kyc': (rt, t, req) => userKyc(rt, t, p(req, 'users/kyc')),
  cas: (rt, t, req) => applyCa(rt, t, p(req, 'cas'), req.matched.file),
  'contract/signature': (rt, t, req) =>
    uploadSignature(rt, t, req.matched.file ?? fail('SIGNATURE_IMAGE_COUNT')),
  'contract/signature/default': (rt, t, req) =>
    setDefaultSignature(rt, t, signatureIdOf(p(req, 'contract/signature/default'))),
  'contract/signature/list': (rt, t) => listSignatures(rt, t),
  'contract/uploadPdf': (rt, t, req) =>
    uploadContractPdf(rt, t, req.matched.file ?? fail('CONTRACT_PDF_COUNT')),
  'contract/setDetail': (rt, t, req) => setContractDetail(rt, t, p(req, 'contract/setDetail')),
  'contract/verifyCode': (rt, t, req) => sendVerifyCode(rt, t, p(req, 'contract/verifyCode')),
  'contract/sign': (rt, t, req) => signContract(rt, t, p(req, 'contract/sign')),
};

async function handleApi(c: Context, rt: BaoquanRuntime): Promise<Response> {
  const now = rt.now();
  const checked = await checkBaoquanRequest(c.req.raw, {
    now,
    publicKeyFor: (accessKey) => {
      const t = rt.tenants.get(accessKey);
      return t ? tenantKey(t.publicKey) : undefined;
    },
  });
  if (!checked) return errorResponse('API_NOT_FOUND', now);
  if (!checked.ok) return baoquanFailureResponse(checked, now);
  const req = checked.value;
  const requestId = req.envelope.requestId;
  const t = rt.tenants.get(req.envelope.accessKey);
  if (!t) return errorResponse('ACCESS_KEY_UNKNOWN', now, requestId);
  try {
    const result = await HANDLERS[req.name](rt, t, req);
    switch (BAOQUAN_API_RESPONSE[req.name]) {
      case 'file': {
        const { ano, zip } = result as { ano: string; zip: Uint8Array };
        return baoquanDownloadResponse(ano, zip);
      }
      case 'flat':
        return baoquanJsonResponse(result);
      case 'wrapped':
        return baoquanJsonResponse(baoquanOk(requestId, result));
    }
  } catch (err) {
    return errorToResponse(err, rt.now(), requestId);
  }
}

/** A fault rule in the vendor's error body: its vendorError (a catalogue name or message), or its status. */
export function faultResponse(rule: FaultRule, now: number): Response {
  if (rule.vendorError !== undefined) {
    const e = findBaoquanError(String(rule.vendorError));
    if (e) {
      const res = errorResponse(e.name, now);
      return rule.status === undefined
        ? res
        : new Response(res.body, { status: rule.status, headers: res.headers });
    }
    return baoquanJsonResponse(
      { request_id: '', message: String(rule.vendorError), timestamp: now },
      rule.status ?? 400,
    );
  }
  const status = rule.status ?? 500;
  const name =
    status === 429
      ? 'RATE_LIMITED'
      : status === 413
        ? 'REQUEST_TOO_LARGE'
        : status === 404
          ? 'API_NOT_FOUND'
          : status === 405
            ? 'METHOD_NOT_ALLOWED'
            : 'INTERNAL_ERROR';
  const res = errorResponse(name, now);
  return status === res.status ? res : new Response(res.body, { status, headers: res.headers });
}

export function createBaoquanApp(rt: BaoquanRuntime): Hono {
  const app = new Hono();
  for (const base of BAOQUAN_BASE_PATHS) {
    app.use(
      `${base}/*`,
      limitBody(rt.ctx.maxBodyBytes, () => errorResponse('REQUEST_TOO_LARGE', rt.now())),
    );
    app.use(
      `${base}/*`,
      faultInjection({
        vendor: VENDOR,
        faults: rt.ctx.faults,
        basePath: base,
        render: (rule) => faultResponse(rule, rt.now()),
      }),
    );
    app.all(base, (c) => handleApi(c, rt));
    app.all(`${base}/*`, (c) => handleApi(c, rt));
  }
  app.get('/attestations/:ano', (c) => handleAccessPage(c, rt));
  app.get(`${FILES_PREFIX}/*`, (c) => handleFile(c, rt));
  app.notFound((c) => {
    if (/^\/api\/v[12](\/|$)/.test(new URL(c.req.url).pathname))
      return errorResponse('API_NOT_FOUND', rt.now());
    return c.text('404 Not Found', 404);
  });
  app.onError((err, c) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith('/api/')) return errorToResponse(err, rt.now());
    return c.text('系统繁忙，请稍后重试', 500);
  });
  return app;
}
