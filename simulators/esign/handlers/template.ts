/**
 * §4.7.1 /template/createbyfilekey. The file must have been uploaded ("文件尚未上传成功"), its
 * declared contentType must be application/pdf (doc: "目前仅支持 application/pdf 类型的模板"),
 * and its bytes must really be a PDF. The AcroForm fields are read and stored with the
 * template; templateFormKeys is reserved for non-PDF templates (doc) and ignored.
 * templateName may be absent (the doc's example omits it): the file name is used.
 * decision: esign.pdf-only
 */
import type { CreateTemplateBody } from '../../../contracts/esign/schemas.ts';
import { formFields, isPdf } from '../../core/pdf/index.ts';
import { esignCatalogue } from '../../../contracts/esign/errors.ts';
import { newHexId } from '../ids.ts';
import type { EsignRuntime } from '../runtime.ts';
import type { EsignTenant } from '../state.ts';
import { uploadedFile } from './file.ts';

export function isPdfContentType(ct: string): boolean {
  return ct.split(';')[0]!.trim().toLowerCase() === 'application/pdf';
}

export function baseName(fileName: string): string {
  return fileName.replace(/\.pdf$/i, '') || fileName;
}

/** Reads a PDF's AcroForm fields; the catalogue's corrupt-file error if it does not parse. */
export async function readPdfFields(bytes: Uint8Array) {
  if (!isPdf(bytes)) esignCatalogue.fail('DOC_FILE_CORRUPT');
  try {
    return await formFields(bytes);
  } catch {
    esignCatalogue.fail('DOC_FILE_CORRUPT');
  }
}

export async function createTemplate(rt: EsignRuntime, t: EsignTenant, body: CreateTemplateBody) {
  const { file, bytes } = uploadedFile(rt, t, body.fileKey);
  if (!isPdfContentType(file.contentType))
    esignCatalogue.fail('TEMPLATE_FILE_TYPE_UNSUPPORTED', file.contentType);
  const fields = await readPdfFields(bytes);
  const templateId = newHexId(t.templates);
  const blob = rt.ctx.blobs.put(bytes, {
    tenant: t.id,
    vendor: 'esign',
    contentType: 'application/pdf',
    name: file.fileName,
  });
  t.templates[templateId] = {
    templateId,
    templateName: body.templateName?.trim() || baseName(file.fileName),
    templateTypeId: body.templateTypeId?.trim() || '0',
    fileKey: file.fileKey,
    blobId: blob.id,
    formFields: fields.map((f) => ({ name: f.name, type: f.type })),
    createdAt: rt.now(),
  };
  rt.changed();
  return { templateId };
}
