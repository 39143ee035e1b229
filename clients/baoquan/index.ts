/** The 保全网 (baoquan) client. */
export {
  createBaoquanClient,
  sha256Hex,
  parseDownloadFileName,
  accessLinkSignedData,
  type BaoquanClient,
  type BaoquanClientOptions,
  type BaoquanApiName,
  type BaoquanCallName,
  type BaoquanPayload,
  type BaoquanResponseBody,
  type BaoquanResult,
  type BaoquanFile,
  type BaoquanCallOptions,
  type BaoquanPreparedCall,
  type BaoquanDownload,
} from './client.ts';
export { serialiseBaoquanPayload, type BaoquanJsonStyle } from './serialise.ts';
export { BaoquanApiError } from './errors.ts';
export type { paths as BaoquanPaths, components as BaoquanComponents } from './schema.d.ts';
