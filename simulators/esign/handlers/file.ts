/** §4.5.1 /file/uploadurl: a fileKey and a signed PUT URL on the esign origin, valid 1 h. */
import type { FileUploadUrlBody } from '../../../contracts/esign/schemas.ts';
import { esignCatalogue } from '../../../contracts/esign/errors.ts';
import { newFileKey, uuid } from '../ids.ts';
import type { EsignRuntime } from '../runtime.ts';
import { own, type EsignTenant } from '../state.ts';
import { HOUR } from '../../core/time.ts';
import { UPLOAD_PREFIX } from '../urls.ts';
import { noteUpload } from '../oss.ts';

export const UPLOAD_URL_TTL_MS = HOUR;

/** The object name keeps a short, safe extension from fileName (`.pdf`), as the doc's URL does. */
function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName.trim());
  return m ? `.${m[1]!.toLowerCase()}` : '';
}

export function fileUploadUrl(rt: EsignRuntime, t: EsignTenant, body: FileUploadUrlBody) {
  if (body.fileSize > rt.ctx.maxBodyBytes)
    esignCatalogue.fail('FILE_SIZE_INVALID', `文件大小超过上限 ${rt.ctx.maxBodyBytes} 字节`);
  let fileKey = newFileKey();
  while (own(t.files, fileKey)) fileKey = newFileKey();
  const objectPath = `${UPLOAD_PREFIX}${t.id}_${uuid()}${extensionOf(body.fileName)}`;
  const now = rt.now();
  t.files[fileKey] = {
    fileKey,
    fileName: body.fileName,
    fileSize: body.fileSize,
    contentType: body.contentType,
    contentMd5: body.contentMd5,
    objectPath,
    uploadExpiresAt: now + UPLOAD_URL_TTL_MS,
    createdAt: now,
  };
  noteUpload(rt, t.id, objectPath, fileKey);
  rt.changed();
  return { fileKey, uploadUrl: rt.ctx.blobs.signedUrl(rt.origin(), objectPath, UPLOAD_URL_TTL_MS, 'PUT') };
}

/** The uploaded bytes behind a fileKey of this tenant, or the catalogue error. */
export function uploadedFile(rt: EsignRuntime, t: EsignTenant, fileKey: string) {
  const file = own(t.files, fileKey);
  if (!file) esignCatalogue.fail('FILE_KEY_NOT_FOUND', fileKey);
  const blob = file.blobId ? rt.ctx.blobs.get(file.blobId) : undefined;
  if (!blob) esignCatalogue.fail('FILE_NOT_UPLOADED', fileKey);
  return { file, bytes: blob.bytes };
}
