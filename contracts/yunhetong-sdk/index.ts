/**
 * The 云合同 SDK API (yunhetong-sdk) contract: the single source of truth for its simulator
 * (simulators/yunhetong-sdk), its OpenAPI spec (openapi/yunhetong-sdk.json), its typed client
 * (clients/yunhetong-sdk) and the kit.
 *
 * How a server uses it: routes.ts (`yunhetongSdkRoutes`, paths under `/sdk`), the parameters as
 * servlet parameters (query + form + multipart, merged), answers `yunhetongSdkOk(value)` /
 * `yunhetongSdkError(name, detail)` (errors.ts), all HTTP 200.
 */
import type { SealsimContract } from '../shared/contract.ts';
import { yunhetongSdkAnswerRules } from './answer-rules.ts';
import { yunhetongSdkDocContradictions } from './contradictions.ts';
import { yunhetongSdkErrors } from './errors.ts';
import { SDK_BASE_PATH } from './paths.ts';
import { YUNHETONG_SDK_SEALSIM_ORIGIN, yunhetongSdkRoutes, yunhetongSdkWebhooks } from './routes.ts';

export * from './paths.ts';
export * from './errors.ts';
export * from './operations.ts';
export * from './schemas.ts';
export * from './routes.ts';
export * from './control.ts';
export * from './control-routes.ts';
export * from './tenant-settings.ts';
export * from './validation.ts';
export * from './contradictions.ts';

export const yunhetongSdkContract = {
  id: 'yunhetong-sdk',
  title: '云合同 SDK API (sealsim)',
  description:
    '云合同 SDK API as documented in yunhetong-sdk-api.md: users imported by the integrating platform ' +
    '(userInfo/addUser with appId and password), a 30-minute token per user (token/getToken) that every ' +
    'other API takes as `token`, contracts from templates or uploaded files, partners, automatic signing, ' +
    "voiding, list, detail and download, and the JS SDK signing page's endpoints. " +
    'Parameters are servlet parameters: query string, urlencoded form and multipart fields are one set. ' +
    'Every answer is HTTP 200 with {"subCode", "message", "value", "code"}: success code 200, subCode 200, ' +
    'message "true"; failure code 520, value null and the subCode and message of x-vendor-error-catalogue ' +
    "(checkToken: code 400). Notices go to the app's notice URL as urlencoded `notice=<json>`.",
  basePath: SDK_BASE_PATH,
  envelope: { codeField: 'subCode', successCode: 200 },
  answerRules: yunhetongSdkAnswerRules,
  servers: [{ url: YUNHETONG_SDK_SEALSIM_ORIGIN, description: 'sealsim (default port)' }],
  routes: yunhetongSdkRoutes,
  webhooks: yunhetongSdkWebhooks,
  errors: yunhetongSdkErrors,
  contradictions: yunhetongSdkDocContradictions,
} satisfies SealsimContract;
