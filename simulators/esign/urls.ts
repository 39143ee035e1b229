/**
 * URLs on the esign origin (doc: the real ones point at e签宝's OSS bucket and H5 pages; the
 * simulator serves all of them from its own origin, so a consumer changes only the host):
 * - `/oss/open/<project>_<uuid><ext>`: signed PUT upload URL (1 h, §4.5.1);
 * - `/oss/download/<blob>.pdf`: signed GET download URL (1 h or 30 min, §4.8.2/§4.8.3/§4.9.4);
 * - `/h5/sign?flowId&accountId&token`: the signer's H5 page (signUrl);
 * - `/h5/flow?flowId&v`: the flow-view page the qrcodeSign QR code points at.
 * decision: esign.url-lifetimes
 */
import { createHmac } from 'node:crypto';
import type { EsignRuntime } from './runtime.ts';
import type { EsignTenant, Flow, Signer } from './state.ts';

export const UPLOAD_PREFIX = '/oss/open/';
export const DOWNLOAD_PREFIX = '/oss/download/';

export function downloadPath(blobId: string): string {
  return `${DOWNLOAD_PREFIX}${blobId}.pdf`;
}

export function downloadUrl(rt: EsignRuntime, blobId: string, ttlMs: number): string {
  return rt.ctx.blobs.signedUrl(rt.origin(), downloadPath(blobId), ttlMs, 'GET');
}

export function signUrl(rt: EsignRuntime, flow: Flow, signer: Signer): string {
  const q = new URLSearchParams({ flowId: flow.flowId, accountId: signer.accountId, token: signer.token });
  return `${rt.origin()}/h5/sign?${q.toString()}`;
}

export function flowViewCode(t: EsignTenant, flowId: string): string {
  return createHmac('sha256', t.secret).update(`flow-view:${flowId}`).digest('hex').slice(0, 16);
}

export function flowViewUrl(rt: EsignRuntime, t: EsignTenant, flow: Flow): string {
  return `${rt.origin()}/h5/flow?flowId=${flow.flowId}&v=${flowViewCode(t, flow.flowId)}`;
}
