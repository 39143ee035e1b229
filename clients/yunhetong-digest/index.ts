/** The typed 云合同 摘要签署 V2.4.1 (yunhetong-digest) client. */
export {
  createYunhetongDigestClient,
  yunhetongTokenMiddleware,
  yunhetongForm,
  unwrap,
  YHT_FILE_PARTS,
  type YunhetongDigestClient,
  type YunhetongDigestClientOptions,
  type YunhetongCallInit,
  type YhtJsonPath,
  type YhtMultipartPath,
  type YhtRequestBody,
  type YhtMultipartFields,
  type YhtFile,
  type YhtEnvelope,
  type YhtEnvelopeData,
  type YhtData,
} from './client.ts';
export { YunhetongTokenStore, tokenSlotOf, type YunhetongTokenSlot } from './tokens.ts';
export { YunhetongApiError } from './errors.ts';
export type { paths as YunhetongDigestPaths, components as YunhetongDigestComponents } from './schema.d.ts';
