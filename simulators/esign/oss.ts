/**
 * The object-store side (doc §4.5.2; docs/vendor-notes.md "Upload"): the PUT behind `uploadUrl` and the
 * signed GET behind every `docUrl`, answered as Aliyun OSS would (XML `<Error>` bodies).
 *
 * PUT checks, in order:
 * 1. URL signature: missing → 403 AccessDenied; wrong → 403 SignatureDoesNotMatch;
 *    past Expires (1 h, virtual clock) → 403 AccessDenied "Request has expired.".
 * 2. Content-MD5 header ≠ declared contentMd5, or Content-Type ≠ declared contentType
 *    (exact string; OSS signs both headers) → 403 SignatureDoesNotMatch.
 * 3. Body larger than the declared fileSize or the simulator's body limit → 400
 *    EntityTooLarge (OSS's code for it); read with a cap, never buffered past it.
 * 4. MD5 of the bytes ≠ Content-MD5 → 400 InvalidDigest.
 * Success: 200 `{"errCode":0,"msg":"成功"}` (sdk) with an OSS-style ETag. A second PUT to a
 * still-valid URL replaces the bytes, as on OSS.
 * decision: esign.upload-check-order, esign.upload-replace
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { OSS_UPLOAD_OK, ossErrorResponse, type OssErrorCode } from '../../contracts/esign/oss.ts';
import { VENDOR, type EsignRuntime } from './runtime.ts';
import { own, type EsignTenant, type UploadFile } from './state.ts';
import { DOWNLOAD_PREFIX, UPLOAD_PREFIX } from './urls.ts';

function requestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

function ossError(c: Context, code: OssErrorCode | 'EntityTooLarge', message?: string): Response {
  const hostId = new URL(c.req.url).host;
  if (code === 'EntityTooLarge') {
    const id = requestId();
    const text = message ?? 'Your proposed upload exceeds the maximum allowed size.';
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>EntityTooLarge</Code>\n` +
      `  <Message>${text}</Message>\n  <RequestId>${id}</RequestId>\n` +
      `  <HostId>${hostId}</HostId>\n</Error>\n`;
    return new Response(xml, {
      status: 400,
      headers: { 'content-type': 'application/xml', 'x-oss-request-id': id },
    });
  }
  return ossErrorResponse(code, { requestId: requestId(), hostId, ...(message ? { message } : {}) });
}

/** OSS's own answer to an unexpected failure (never a stack). */
export function ossInternalError(c: Context): Response {
  const id = requestId();
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>InternalError</Code>\n` +
    `  <Message>We encountered an internal error. Please try again.</Message>\n` +
    `  <RequestId>${id}</RequestId>\n  <HostId>${new URL(c.req.url).host}</HostId>\n</Error>\n`;
  return new Response(xml, {
    status: 500,
    headers: { 'content-type': 'application/xml', 'x-oss-request-id': id },
  });
}

function signatureProblem(
  c: Context,
  rt: EsignRuntime,
  path: string,
  method: 'GET' | 'PUT',
): Response | undefined {
  const check = rt.ctx.blobs.check(path, new URL(c.req.url).searchParams, method);
  if (check === 'missing')
    return ossError(c, 'AccessDenied', 'AccessDenied: missing Expires or Signature in the query string.');
  if (check === 'bad-signature') return ossError(c, 'SignatureDoesNotMatch');
  if (check === 'expired') return ossError(c, 'AccessDenied', 'Request has expired.');
  return undefined;
}

/**
 * Per tenant (its files as stored): objectPath → fileKey, made at the first upload that looks one
 * up and kept by fileUploadUrl (`noteUpload`), so an upload finds its file without reading them all.
 */
const uploadIndex = new WeakMap<object, Map<string, string>>();

function uploadsOf(files: Record<string, UploadFile>): Map<string, string> {
  let index = uploadIndex.get(files);
  if (!index) {
    index = new Map();
    for (const [fileKey, f] of Object.entries(files)) index.set(f.objectPath, fileKey);
    uploadIndex.set(files, index);
  }
  return index;
}

/** A new upload URL's object (fileUploadUrl): in the tenant's index once it is made. */
export function noteUpload(rt: EsignRuntime, tenantId: string, objectPath: string, fileKey: string): void {
  const files = rt.tenants.untracked(tenantId)?.files;
  if (files) uploadIndex.get(files)?.set(objectPath, fileKey);
}

function findUpload(rt: EsignRuntime, objectPath: string): { t: EsignTenant; file: UploadFile } | undefined {
  if (!objectPath.startsWith(UPLOAD_PREFIX)) return undefined;
  // The object is `<tenant id>_<uuid><extension>` (fileUploadUrl): the uuid and extension have no `_`.
  const name = objectPath.slice(UPLOAD_PREFIX.length);
  const tenantId = name.slice(0, name.lastIndexOf('_'));
  const files = rt.tenants.untracked(tenantId)?.files;
  const fileKey = files && uploadsOf(files).get(objectPath);
  const t = fileKey === undefined ? undefined : rt.tenants.get(tenantId);
  const file = t && own(t.files, fileKey);
  return t && file?.objectPath === objectPath ? { t, file } : undefined;
}

/** Reads at most `limit` bytes; undefined when the body is longer. */
async function readCapped(req: Request, limit: number): Promise<Uint8Array | undefined> {
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

export async function handleUpload(c: Context, rt: EsignRuntime): Promise<Response> {
  const path = new URL(c.req.url).pathname;
  const bad = signatureProblem(c, rt, path, 'PUT');
  if (bad) return bad;
  const found = findUpload(rt, path);
  if (!found) return ossError(c, 'AccessDenied', 'AccessDenied: the upload URL is no longer valid.');
  const { t, file } = found;
  if ((c.req.header('Content-MD5') ?? '').trim() !== file.contentMd5)
    return ossError(c, 'SignatureDoesNotMatch');
  if ((c.req.header('Content-Type') ?? '').trim() !== file.contentType)
    return ossError(c, 'SignatureDoesNotMatch');
  const limit = Math.min(file.fileSize, rt.ctx.maxBodyBytes);
  const declared = Number(c.req.header('Content-Length'));
  if (Number.isFinite(declared) && declared > limit) return ossError(c, 'EntityTooLarge');
  const bytes = await readCapped(c.req.raw, limit);
  if (!bytes) return ossError(c, 'EntityTooLarge');
  const md5 = createHash('md5').update(bytes).digest();
  if (md5.toString('base64') !== file.contentMd5) return ossError(c, 'InvalidDigest');
  const old = file.blobId;
  const blob = rt.ctx.blobs.put(bytes, {
    tenant: t.id,
    vendor: VENDOR,
    contentType: file.contentType,
    name: file.fileName,
  });
  file.blobId = blob.id;
  file.uploadedAt = rt.now();
  if (old) rt.ctx.blobs.delete(old);
  rt.changed();
  return new Response(JSON.stringify(OSS_UPLOAD_OK), {
    status: 200,
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      ETag: `"${md5.toString('hex').toUpperCase()}"`,
      'x-oss-request-id': requestId(),
    },
  });
}

export function handleDownload(c: Context, rt: EsignRuntime): Response {
  const path = new URL(c.req.url).pathname;
  const bad = signatureProblem(c, rt, path, 'GET');
  if (bad) return bad;
  let blobId: string | undefined;
  try {
    blobId = decodeURIComponent(path.slice(DOWNLOAD_PREFIX.length)).replace(/\.pdf$/, '');
  } catch {
    blobId = undefined; // malformed percent-encoding names no object
  }
  const blob = blobId ? rt.ctx.blobs.get(blobId) : undefined;
  if (!blob || blob.vendor !== VENDOR) return ossError(c, 'NoSuchKey');
  const name = blob.name ?? `${blob.id}.pdf`;
  return new Response(new Uint8Array(blob.bytes), {
    status: 200,
    headers: {
      'content-type': blob.contentType,
      'content-length': String(blob.bytes.byteLength),
      'content-disposition':
        `inline; filename="${blob.id}.pdf"; ` +
        `filename*=UTF-8''${encodeURIComponent(name.endsWith('.pdf') ? name : `${name}.pdf`)}`,
      ETag: `"${createHash('md5').update(blob.bytes).digest('hex').toUpperCase()}"`,
      'x-oss-request-id': requestId(),
    },
  });
}
