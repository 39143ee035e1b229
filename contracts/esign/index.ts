/**
 * The e签宝 (esign) contract: the single source of truth for its simulator, its OpenAPI spec
 * (openapi/esign.json), its typed client (clients/esign) and the kit.
 */
import type { SealsimContract } from '../shared/contract.ts';
import { esignDocContradictions } from './contradictions.ts';
import { esignErrors } from './errors.ts';
import { ossErrors } from './oss.ts';
import { esignHostRoutes, esignRoutes, esignWebhooks } from './routes.ts';
import { SignFlowFinishNotice, SignFlowUpdateNotice } from './schemas.ts';
import { ESIGN_BASE_PATH } from './validation.ts';

export * from './errors.ts';
export * from './schemas.ts';
export * from './routes.ts';
export * from './oss.ts';
export * from './validation.ts';
export * from './contradictions.ts';
export * from './operations.ts';

/** Callback body schemas, keyed by `action`. */
export const esignCallbacks = {
  SIGN_FLOW_UPDATE: SignFlowUpdateNotice,
  SIGN_FLOW_FINISH: SignFlowFinishNotice,
};

/** Default project of the simulator: the doc's example credentials (§3, docs/interface.md). */
export const ESIGN_DEFAULT_PROJECT = {
  projectId: '1111563657',
  secret: 'cf65f987315b12a21b983ca320196d7d',
} as const;

export const esignContract = {
  id: 'esign',
  title: 'e签宝 电子合同开放服务 v3 (sealsim)',
  description:
    'e签宝 open contract service v3, as documented in esign-open-contract-service-v3.txt (2018-05). ' +
    'Every API is POST JSON under /opentreaty/rest/v3.0 and answers {errCode, msg, data}. ' +
    'Requests are signed with X-timevale-signature = hex HMAC-SHA256 of the body, keyed with the ' +
    'project secret. ' +
    'errCodes are a sealsim guess (x-vendor-error-catalogue): the doc publishes none.',
  basePath: ESIGN_BASE_PATH,
  envelope: { codeField: 'errCode', successCode: 0 },
  servers: [
    { url: 'https://openapi.tsign.cn', description: 'e签宝 生产环境 (§4.2)' },
    { url: 'https://smlgateway.tsign.cn', description: 'e签宝 测试环境 (§4.2)' },
    { url: 'http://127.0.0.1:4002', description: 'sealsim (default port)' },
  ],
  routes: esignRoutes,
  hostRoutes: esignHostRoutes,
  webhooks: esignWebhooks,
  callbacks: esignCallbacks,
  errors: esignErrors,
  hostErrors: ossErrors,
  contradictions: esignDocContradictions,
} satisfies SealsimContract;
