/** The typed 沃通 WoSignDoc API (wosign) client: mTLS, the real client's encoding, typed errors. */
export {
  createWosignClient,
  encodeBody,
  javaUrlEncode,
  unwrap,
  CLIENT_CERT_HEADER,
  FORM_CONTENT_TYPE,
  type WosignClient,
  type WosignClientOptions,
  type WosignCallInit,
  type CreateSignOrderParams,
  type CreateSignOrderRequest,
  type CreateSignOrderAnswer,
  type WosignFailureAnswer,
  type WosignRequestBody,
  type WosignSigner,
  type WosignSignPosition,
  type PushSignedDoc,
  type FetchWithInit,
} from './client.ts';
export { WosignApiError, wosignErrorOf } from './errors.ts';
export {
  mtlsAgent,
  readPfx,
  resolveClientCertificate,
  type WosignClientCertificate,
  type WosignTlsOptions,
} from './tls.ts';
export type { paths as WosignPaths, components as WosignComponents } from './schema.d.ts';
