/**
 * §4.8 docs.
 * - /doc/createbyfilekey: an uploaded file, declared application/pdf and really a PDF (doc:
 *   "目前仅支持上传 PDF 格式文档签署"). The doc's name is the file name without ".pdf".
 * - /doc/createbytemplate: simpleFormFields fill the template's AcroForm fields (values are
 *   turned into strings; null clears), then the form is flattened (guess: the generated
 *   contract is a fixed document, and its filled values are searchable for keyword seals).
 *   decision: esign.template-form-flattened
 *   Keys that name no field are ignored (guess; documented). chunkedFields (at most 10) are
 *   appended in ascending `sequence` (stable for equal ones), type from `contentType` or
 *   `mimeType` (the example's name), text/html or application/pdf, case-insensitive; the
 *   chunks may add at most 10 pages in all (doc: 最多支持增加 10 页). pagePos is accepted and
 *   ignored (doc: only appending is supported). docUrl is valid 1 hour.
 *   decision: esign.template-unknown-fields-ignored, esign.template-chunks
 * - /doc/downloadurl: the ORIGINAL document (doc: 用于获取合同原文), valid 30 minutes.
 *   decision: esign.downloadurl-original
 */
import { decodeStrictBase64 } from '../../core/base64.ts';
import type {
  CreateDocByFileKeyBody,
  CreateDocByTemplateBody,
  DocDownloadUrlBody,
} from '../../../contracts/esign/schemas.ts';
import {
  appendChunks,
  fillForm,
  InvalidPdfError,
  isPdf,
  pageCount,
  TooManyPagesError,
  UnsupportedChunkTypeError,
} from '../../core/pdf/index.ts';
import { esignCatalogue } from '../../../contracts/esign/errors.ts';
import { newDocId } from '../ids.ts';
import type { EsignRuntime } from '../runtime.ts';
import { own, type Doc, type EsignTenant } from '../state.ts';
import { HOUR, MINUTE } from '../../core/time.ts';
import { downloadUrl } from '../urls.ts';
import { uploadedFile } from './file.ts';
import { baseName, isPdfContentType } from './template.ts';

export const TEMPLATE_DOC_URL_TTL_MS = HOUR;
export const DOC_URL_TTL_MS = 30 * MINUTE;
const MAX_CHUNK_PAGES = 10;

async function countPages(bytes: Uint8Array): Promise<number> {
  if (!isPdf(bytes)) esignCatalogue.fail('DOC_FILE_CORRUPT');
  try {
    return await pageCount(bytes);
  } catch {
    esignCatalogue.fail('DOC_FILE_CORRUPT');
  }
}

function storeDoc(
  rt: EsignRuntime,
  t: EsignTenant,
  bytes: Uint8Array,
  doc: Omit<Doc, 'docId' | 'blobId' | 'createdAt'>,
): Doc {
  const now = rt.now();
  const docId = newDocId(now, t.docs);
  const blob = rt.ctx.blobs.put(bytes, {
    tenant: t.id,
    vendor: 'esign',
    contentType: 'application/pdf',
    name: `${doc.name}.pdf`,
  });
  const full: Doc = { docId, blobId: blob.id, createdAt: now, ...doc };
  t.docs[docId] = full;
  rt.changed();
  return full;
}

export async function createDocByFileKey(rt: EsignRuntime, t: EsignTenant, body: CreateDocByFileKeyBody) {
  const { file, bytes } = uploadedFile(rt, t, body.fileKey);
  if (!isPdfContentType(file.contentType)) esignCatalogue.fail('DOC_FILE_TYPE_UNSUPPORTED', file.contentType);
  const pages = await countPages(bytes);
  const doc = storeDoc(rt, t, bytes, {
    name: baseName(file.fileName),
    pageCount: pages,
    source: 'file',
    fileKey: file.fileKey,
  });
  return { docId: doc.docId };
}

function decodeBase64(s: string, i: number): Uint8Array {
  const bytes = decodeStrictBase64(s);
  if (!bytes || bytes.length === 0) return esignCatalogue.fail('CHUNK_DATA_INVALID', `chunkedFields[${i}]`);
  return bytes;
}

export async function createDocByTemplate(rt: EsignRuntime, t: EsignTenant, body: CreateDocByTemplateBody) {
  const template = own(t.templates, body.templateId);
  if (!template) esignCatalogue.fail('TEMPLATE_NOT_FOUND', body.templateId);
  const source = rt.ctx.blobs.get(template.blobId);
  if (!source) esignCatalogue.fail('TEMPLATE_NOT_FOUND', body.templateId);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body.simpleFormFields ?? {})) values[k] = v === null ? '' : String(v);
  const chunks = (body.chunkedFields ?? [])
    .map((c, i) => ({
      i,
      sequence: c.sequence,
      contentType: (c.contentType ?? c.mimeType)!.trim(),
      data: decodeBase64(c.chunkedData, i),
    }))
    .sort((a, b) => a.sequence - b.sequence || a.i - b.i);
  if (chunks.length > MAX_CHUNK_PAGES) esignCatalogue.fail('CHUNKED_FIELDS_INVALID');
  for (const c of chunks) {
    const type = c.contentType.split(';')[0]!.trim().toLowerCase();
    if (type !== 'text/html' && type !== 'application/pdf')
      esignCatalogue.fail('CHUNK_CONTENT_TYPE_UNSUPPORTED', `chunkedFields[${c.i}] ${c.contentType}`);
    if (type === 'application/pdf' && !isPdf(c.data))
      esignCatalogue.fail('CHUNK_PDF_INVALID', `chunkedFields[${c.i}]`);
  }
  let bytes = await fillForm(source.bytes, values, { flatten: true });
  const before = await pageCount(bytes);
  if (chunks.length) {
    try {
      // The page limit is applied while laying out: a 1 MB chunk stops at page 11.
      bytes = await appendChunks(
        bytes,
        chunks.map((c) => ({ contentType: c.contentType, data: c.data })),
        { maxAddedPages: MAX_CHUNK_PAGES },
      );
    } catch (err) {
      if (err instanceof TooManyPagesError)
        esignCatalogue.fail('CHUNKED_FIELDS_INVALID', `数据块超过 ${MAX_CHUNK_PAGES} 页`);
      if (err instanceof UnsupportedChunkTypeError)
        esignCatalogue.fail('CHUNK_CONTENT_TYPE_UNSUPPORTED', err.contentType);
      if (err instanceof InvalidPdfError) esignCatalogue.fail('CHUNK_PDF_INVALID', err.message);
      throw err;
    }
  }
  const pages = await pageCount(bytes);
  if (pages - before > MAX_CHUNK_PAGES)
    esignCatalogue.fail('CHUNKED_FIELDS_INVALID', `数据块共生成 ${pages - before} 页`);
  const doc = storeDoc(rt, t, bytes, {
    name: body.name.trim(),
    pageCount: pages,
    source: 'template',
    templateId: template.templateId,
  });
  return { docId: doc.docId, docUrl: downloadUrl(rt, doc.blobId, TEMPLATE_DOC_URL_TTL_MS) };
}

export function docDownloadUrl(rt: EsignRuntime, t: EsignTenant, body: DocDownloadUrlBody) {
  const doc = own(t.docs, body.docId);
  if (!doc) esignCatalogue.fail('DOC_NOT_FOUND', body.docId);
  return { docUrl: downloadUrl(rt, doc.blobId, DOC_URL_TTL_MS) };
}
