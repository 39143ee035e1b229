/**
 * The 保全网 (baoquan) contract: the single source of truth for its simulator, its OpenAPI spec
 * (openapi/baoquan.json), its client (clients/baoquan) and the kit.
 *
 * How a server uses it (validation.ts has the details):
 * - `checkBaoquanRequest(request, { now, publicKeyFor })` reads the form, checks the parts, the
 *   access key, the tonce window, the RSA signature, the payload JSON and schema, and the file
 *   parts, in that order; a failure renders with `baoquanFailureResponse(failure, now)`. The
 *   simulator runs the same steps as the core pipeline's stages (simulators/baoquan/stages.ts),
 *   with `baoquanOperations` (operations.ts) as its operation table.
 * - Business rules throw `baoquanCatalogue.fail(name, params)` (errors.ts) or answer
 *   `baoquanErrorResponse(name, { requestId, now, params })`; factoids are checked with
 *   `validateFactoidData(template, factoids, completed)` (templates.ts).
 * - Success: `baoquanJsonResponse(baoquanOk(requestId, data))` for the wrapped APIs,
 *   `baoquanJsonResponse(flat)` for /contract/*, `baoquanDownloadResponse(ano, zip)`.
 */
import type { SealsimContract } from '../shared/contract.ts';
import { baoquanDocContradictions } from './contradictions.ts';
import { baoquanErrors } from './errors.ts';
import { BAOQUAN_SEALSIM_ORIGIN, baoquanHostErrors, baoquanHostRoutes, baoquanRoutes } from './routes.ts';
import { BAOQUAN_BASE_PATH } from './validation.ts';

export * from './errors.ts';
export * from './schemas.ts';
export * from './routes.ts';
export * from './templates.ts';
export * from './validation.ts';
export * from './contradictions.ts';
export * from './operations.ts';

export const baoquanContract = {
  id: 'baoquan',
  title: '保全网 API v2 (sealsim)',
  description:
    '保全网 (baoquan.com) attestation and contract-signing API, as documented in ' +
    "baoquan-attestation-api.rst and read from the vendor's Java, PHP and python SDKs. " +
    'Every API is a POST of a form (multipart/form-data; urlencoded without files) with request_id, ' +
    'access_key, tonce (Unix seconds), payload (a JSON string) and signature ' +
    '(Base64 SHA256withRSA over "POST" + path + request_id + access_key + tonce + payload, verified ' +
    'with the RSA public key registered for the access key). ' +
    'Served under /api/v2 and /api/v1 alike. Success is HTTP 200; failures are ' +
    '400/404/405/413/429/500 with {request_id, message, timestamp}. ' +
    'There are no error codes: x-vendor-error-catalogue lists each failure by name with its exact message.',
  basePath: BAOQUAN_BASE_PATH,
  basePathAliases: ['/api/v1'],
  servers: [
    {
      url: 'https://baoquan.com',
      description: "保全网 (the v1/v2 SDKs' default host; API地址 https://baoquan.com/api/v2)",
    },
    { url: 'https://api.baoquan.com', description: "保全网 (the v3 jsdk's host)" },
    { url: BAOQUAN_SEALSIM_ORIGIN, description: 'sealsim (default port)' },
  ],
  routes: baoquanRoutes,
  hostRoutes: baoquanHostRoutes,
  errors: baoquanErrors,
  hostErrors: baoquanHostErrors,
  contradictions: baoquanDocContradictions,
} satisfies SealsimContract;
