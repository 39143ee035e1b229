/**
 * Files served from the baoquan origin through expiring signed URLs (core blobs: `Expires`,
 * `OSSAccessKeyId`, `Signature` over the path, on the virtual clock). The real service hands out
 * OSS URLs (doc /contract/signature/list); sealsim serves every file itself so a consumer changes
 * only the host:
 * - `/files/attachments/<attachmentId>`: an attestation's attachment (as kept: signed PDFs signed);
 * - `/files/certificates/<ano>.pdf`: the rendered 保全文件;
 * - `/files/signatures/<signatureId>.png`: a signature image (/contract/signature/list);
 * - `/files/contracts/<contractId>.pdf`: a contract as signed so far (control debug view).
 *
 * Link lifetimes (guess): 30 minutes on the access page, 24 hours for signature/list (the doc's
 * list shows plain, long-lived OSS URLs).
 * decision: baoquan.link-lifetimes
 */
import type { Context } from 'hono';
import { responseBytes } from '../../contracts/baoquan/validation.ts';
import { certificateBytes } from './certificate.ts';
import type { BaoquanRuntime } from './runtime.ts';
import { seedAttachmentText, type Attachment, type Attestation, type BaoquanTenant } from './state.ts';
import { HOUR, MINUTE } from '../core/time.ts';

export const FILES_PREFIX = '/files';
export const PAGE_LINK_TTL_MS = 30 * MINUTE;
export const SIGNATURE_URL_TTL_MS = 24 * HOUR;

export type FileKind = 'attachments' | 'certificates' | 'signatures' | 'contracts';

export function filePath(kind: FileKind, id: string): string {
  const ext = kind === 'certificates' || kind === 'contracts' ? '.pdf' : kind === 'signatures' ? '.png' : '';
  return `${FILES_PREFIX}/${kind}/${encodeURIComponent(id)}${ext}`;
}

export function fileUrl(rt: BaoquanRuntime, kind: FileKind, id: string, ttlMs: number): string {
  return rt.ctx.blobs.signedUrl(rt.origin(), filePath(kind, id), ttlMs, 'GET');
}

/**
 * The bytes of an attachment. Attachments of the seeded example attestations (the doc's ids,
 * e.g. 2EHJQPs5j4SZpEKQXQ7r6C) have no upload behind them: they are a small text file naming
 * themselves (guess, deterministic so their checksum is stable; decision: baoquan.seeded-attachment-bytes).
 */
export function attachmentBytes(rt: BaoquanRuntime, a: Attachment): Uint8Array | undefined {
  if (!a.blobId) return new TextEncoder().encode(seedAttachmentText(a.id));
  return rt.ctx.blobs.get(a.blobId)?.bytes;
}

function findAttachment(rt: BaoquanRuntime, id: string): { t: BaoquanTenant; a: Attachment } | undefined {
  const found = rt.tenants.findEntry((t) => t.attachments, id);
  return found && { t: found.tenant, a: found.entry };
}

function findAttestation(rt: BaoquanRuntime, no: string): { t: BaoquanTenant; a: Attestation } | undefined {
  const found = rt.tenants.findEntry((t) => t.attestations, no);
  return found && { t: found.tenant, a: found.entry };
}

function refuse(c: Context, status: number, text: string): Response {
  return c.text(text, status as 403);
}

function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}

function fileResponse(
  bytes: Uint8Array,
  contentType: string,
  name: string,
  disposition: 'inline' | 'attachment' = 'inline',
): Response {
  return new Response(responseBytes(bytes), {
    status: 200,
    headers: {
      'content-type': contentType,
      'content-length': String(bytes.byteLength),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition':
        `${disposition}; filename="${asciiFallback(name)}"; ` +
        `filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  });
}

/** GET /files/<kind>/<id>: checks the signed URL, then answers the file (403/404 as plain text). */
export async function handleFile(c: Context, rt: BaoquanRuntime): Promise<Response> {
  const url = new URL(c.req.url);
  const check = rt.ctx.blobs.check(url.pathname, url.searchParams, 'GET');
  if (check === 'missing' || check === 'bad-signature')
    return refuse(c, 403, '403 Forbidden: link signature missing or invalid');
  if (check === 'expired') return refuse(c, 403, '403 Forbidden: link expired');
  const m = /^\/files\/(attachments|certificates|signatures|contracts)\/([^/]+)$/.exec(url.pathname);
  if (!m) return refuse(c, 404, '404 Not Found');
  let id: string;
  try {
    id = decodeURIComponent(m[2]!).replace(/\.(pdf|png)$/, '');
  } catch {
    return refuse(c, 404, '404 Not Found');
  }
  switch (m[1] as FileKind) {
    case 'attachments': {
      const found = findAttachment(rt, id);
      const bytes = found ? attachmentBytes(rt, found.a) : undefined;
      if (!found || !bytes) return refuse(c, 404, '404 Not Found');
      // An upload's bytes as a download, never rendered here (the pipeline adds the CSP).
      // decision: baoquan.attachment-download
      return fileResponse(
        bytes,
        found.a.blobId ? found.a.contentType : 'text/plain; charset=utf-8',
        found.a.fileName,
        'attachment',
      );
    }
    case 'certificates': {
      const found = findAttestation(rt, id);
      if (!found) return refuse(c, 404, '404 Not Found');
      return fileResponse(
        await certificateBytes(rt, found.t, found.a),
        'application/pdf',
        `${found.a.no}.pdf`,
      );
    }
    case 'signatures': {
      const s = rt.tenants.findEntry((t) => t.signatures, id)?.entry;
      const blob = s ? rt.ctx.blobs.get(s.blobId) : undefined;
      if (s && blob) return fileResponse(blob.bytes, 'image/png', s.fileName);
      return refuse(c, 404, '404 Not Found');
    }
    case 'contracts': {
      const k = rt.tenants.findEntry((t) => t.contracts, id)?.entry;
      const blob = k ? rt.ctx.blobs.get(k.currentBlobId) : undefined;
      if (k && blob) return fileResponse(blob.bytes, 'application/pdf', k.fileName);
      return refuse(c, 404, '404 Not Found');
    }
  }
}
