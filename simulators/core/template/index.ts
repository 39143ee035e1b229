/**
 * The template engine: DOCX and PDF documents with `${name}` text/image placeholders, tables that
 * rows are appended to, and `${sign:NAME}` signature positions, filled from the vendor's `param`
 * (yunhetong-sdk `contract/templateContract`) into a PDF. See README.md.
 *
 * ```ts
 * const info = await inspectTemplate('docx', bytes);           // placeholders, tables, sign names
 * const param = readTemplateParam(paramJson);                   // TemplateError on a bad shape
 * const { pdf, signLocations } = await fillTemplate('docx', bytes, param, { date: clock.now() });
 * const pdf2 = await docxToPdf(uploadedDocx);
 * ```
 *
 * Parsing, filling and layout run in the PDF worker pool (core/pdf/pool.ts), never on the event
 * loop; failures are `TemplateError`s (`code` says which) rebuilt from the worker.
 */
import { runPdf } from '../pdf/pool.ts';
import { hasPdfMagic } from '../pdf/sniff.ts';
import type { TemplateParam } from './param.ts';
import type { RenderOptions, TemplateFill, TemplateInfo, TemplateKind } from './types.ts';

export { TemplateError, type TemplateErrorCode } from './errors.ts';
export { readTemplateParam, type TemplateParam, type TemplateImage, type TemplateTable } from './param.ts';
export type { RenderOptions, SignLocation, TemplateFill, TemplateInfo, TemplateKind } from './types.ts';
export { PLACEHOLDER } from './placeholders.ts';
export { DOCX_MAX_UNCOMPRESSED } from './unzip.ts';

/** 'pdf' for %PDF-, 'docx' for a zip (PK\3\4); undefined otherwise (the content decides, not a name). */
export function templateKindOf(bytes: Uint8Array): TemplateKind | undefined {
  if (hasPdfMagic(bytes)) return 'pdf';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4)
    return 'docx';
  return undefined;
}

/** The template's placeholders, tables, signature positions and pages; invalid-template otherwise. */
export const inspectTemplate = (kind: TemplateKind, bytes: Uint8Array): Promise<TemplateInfo> =>
  runPdf('inspectTemplate', kind, bytes);

/** The filled template as PDF and where its signature markers landed. */
export const fillTemplate = (
  kind: TemplateKind,
  bytes: Uint8Array,
  param: TemplateParam,
  opts: RenderOptions = {},
): Promise<TemplateFill> => runPdf('fillTemplate', kind, bytes, param, opts);

/** A DOCX rendered to A4 PDF pages (text, headings, lists, tables, inline pictures) in the CJK font. */
export const docxToPdf = (bytes: Uint8Array, opts: RenderOptions = {}): Promise<Uint8Array> =>
  runPdf('docxToPdf', bytes, opts);
