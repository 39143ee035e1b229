/**
 * The 沃通 WoSignDoc API (wosign) contract: the single source of truth for its simulator
 * (simulators/wosign), its OpenAPI spec (openapi/wosign.json), its typed client (clients/wosign)
 * and the kit.
 *
 * How a server uses it: routes.ts (one path, `POST /`, the operation named by the body's
 * `actiontype`), the body as the whole JSON (percent-encoded form-style or plain), answers
 * `{"status":1,"errorcode":0,...}` / `{"status":0,"errorcode":<code>}` (errors.ts), HTTP 200, ASCII-only.
 */
import type { SealsimContract } from '../shared/contract.ts';
import { wosignDocContradictions } from './contradictions.ts';
import { wosignErrors } from './errors.ts';
import { WOSIGN_SEALSIM_ORIGIN, wosignRoutes, wosignWebhooks } from './routes.ts';

export * from './errors.ts';
export * from './operations.ts';
export * from './schemas.ts';
export * from './routes.ts';
export * from './control.ts';
export * from './control-routes.ts';
export * from './tenant-settings.ts';
export * from './contradictions.ts';

export const wosignContract = {
  id: 'wosign',
  title: '沃通 WoSignDoc API (sealsim)',
  description:
    'WoSignDoc API as documented in wosign-doc-api.txt: one path, POST / over HTTPS with a client ' +
    "certificate registered on the tenant, the call named by the body's actiontype (CreateSignOrder), " +
    'the tenant by its tokenid. The body is the whole JSON, percent-encoded form-style under ' +
    'application/x-www-form-urlencoded (as real clients send it) or plain JSON. Every answer is HTTP 200 ' +
    'with compact ASCII-only JSON: {"status":1,"errorcode":0,...} or {"status":0,"errorcode":<code of ' +
    'x-vendor-error-catalogue>}. Signers sign on the signing page; the signed PDF is pushed ' +
    "(PushSignedDoc) to the tenant's notify URL until it answers exactly 1.",
  basePath: '',
  envelope: { codeField: 'errorcode', successCode: 0 },
  servers: [
    { url: 'https://docapi.wosign.com', description: 'WoSign (production)' },
    { url: 'https://docapitest.wosign.com', description: 'WoSign (test)' },
    { url: WOSIGN_SEALSIM_ORIGIN, description: 'sealsim (default port)' },
  ],
  routes: wosignRoutes,
  webhooks: wosignWebhooks,
  errors: wosignErrors,
  contradictions: wosignDocContradictions,
} satisfies SealsimContract;
