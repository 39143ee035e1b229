/** The typed e签宝 v3 client. */
export {
  createEsignClient,
  esignAuthMiddleware,
  verifyEsignResponse,
  unwrap,
  ESIGN_BASE_PATH,
  type EsignClient,
  type EsignClientOptions,
  type EsignApiPath,
  type EsignRequestBody,
  type EsignEnvelope,
  type EsignData,
  type EnvelopeData,
} from './client.ts';
export { uploadFile, contentMd5, type UploadResult } from './upload.ts';
export {
  verifyCallback,
  parseCallback,
  type EsignCallback,
  type EsignSignFlowUpdateNotice,
  type EsignSignFlowFinishNotice,
} from './callback.ts';
export { EsignApiError, EsignSignatureError, EsignUploadError } from './errors.ts';
export type {
  paths as EsignPaths,
  components as EsignComponents,
  webhooks as EsignWebhooks,
} from './schema.d.ts';
