/**
 * The 云合同 摘要签署 V2.4.1 (yunhetong-digest) contract: the single source of truth for its
 * simulator (simulators/yunhetong-digest), its OpenAPI spec (openapi/yunhetong-digest.json), its typed
 * client (clients/yunhetong-digest) and the kit.
 *
 * The real product is a war the customer deploys beside their own system; it reads and writes
 * local file paths. sealsim plays that local service (port 4003), under a configurable context
 * path (default `/`), with every local path confined to a sandbox directory.
 *
 * How a server uses it:
 * - routes.ts: register `yunhetongDigestRoutes` on an OpenAPIHono mounted at the context path, with
 *   `defaultHook: createYunhetongDigestValidationHook({ contextPath })` (validation.ts). JSON bodies
 *   may carry trailing commas (parseYunhetongJson) and padded keys (the schemas trim them).
 * - Auth before validation: header `token` → 401 / 403 / 20001 (paths.ts YHT_TOKEN_SCOPE); set a
 *   renewed token in response header `token` when the call is late in the token's life (control.ts
 *   YUNHETONG_DIGEST_TIMINGS).
 * - Answers: `yunhetongDigestOk(data)`, `yunhetongDigestLoginOk()`, `yunhetongDigestError(name,
 *   detail)` (errors.ts), all HTTP 200.
 */
import type { SealsimContract } from '../shared/contract.ts';
import { yunhetongDigestDocContradictions } from './contradictions.ts';
import { yunhetongDigestErrors } from './errors.ts';
import { YUNHETONG_DIGEST_SEALSIM_ORIGIN, yunhetongDigestRoutes } from './routes.ts';

export * from './paths.ts';
export * from './errors.ts';
export * from './operations.ts';
export * from './schemas.ts';
export * from './routes.ts';
export * from './validation.ts';
export * from './control.ts';
export * from './contradictions.ts';

export const yunhetongDigestContract = {
  id: 'yunhetong-digest',
  title: '云合同 摘要签署 API V2.4.1 (sealsim)',
  description:
    '云合同 摘要签署 (digest signing) V2.4.1, as documented in yunhetong-digest-sign-api-v2.4.1.md ' +
    '(2018-07): a war the customer deploys beside their own system, which signs local PDF files. ' +
    'Paths are relative to the service\'s context path ("https://host:port/服务名", §5.1); sealsim\'s is ' +
    'configurable and defaults to "/", so the servers below carry none. ' +
    "POST /auth/login with appId and appKey (and signerId for a user's token) answers the long-lived " +
    'token in response header `token`; every other API takes it in request header `token`. ' +
    'A token lives 15 minutes and is renewed while in use: a late call answers a fresh one in header ' +
    '`token`, which clients must adopt. ' +
    'Bodies are application/json;charset=UTF-8, except the *Stream APIs (multipart/form-data). The ' +
    'two updates are PATCH. ' +
    'Every answer is HTTP 200 with {"code", "msg", "data"}: code 200 with msg true on success, the ' +
    '§5.7 code and its message on failure (x-vendor-error-catalogue). ' +
    'Local paths (contractPath, contractSavePath, filePath, fileSavePath) are resolved inside the ' +
    "simulator's sandbox directory.",
  basePath: '',
  anyContextPath: true,
  envelope: { codeField: 'code', successCode: 200 },
  servers: [
    {
      url: YUNHETONG_DIGEST_SEALSIM_ORIGIN,
      description: 'sealsim (default port; context path "/", configurable)',
    },
  ],
  routes: yunhetongDigestRoutes,
  errors: yunhetongDigestErrors,
  contradictions: yunhetongDigestDocContradictions,
} satisfies SealsimContract;
