/** The template engine's worker jobs (registered in core/pdf/worker-main.ts; index.ts runs them). */
import { docxToPdf as docxToPdfNow, fillDocx, inspectDocx } from './docx-template.ts';
import { TemplateError } from './errors.ts';
import type { TemplateParam } from './param.ts';
import { fillPdf, inspectPdf } from './pdf-template.ts';
import { InvalidPdfError } from '../pdf/errors.ts';
import type { RenderOptions, TemplateFill, TemplateInfo, TemplateKind } from './types.ts';

/** An unreadable PDF template (over the bounds included) is an invalid template. */
async function asTemplate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof InvalidPdfError)
      throw new TemplateError('invalid-template', `not a readable PDF: ${err.message}`, undefined, {
        cause: err,
      });
    throw err;
  }
}

export const templateJobs = {
  inspectTemplate: (kind: TemplateKind, bytes: Uint8Array): Promise<TemplateInfo> =>
    asTemplate(() => (kind === 'pdf' ? inspectPdf(bytes) : inspectDocx(bytes))),
  fillTemplate: (
    kind: TemplateKind,
    bytes: Uint8Array,
    param: TemplateParam,
    opts: RenderOptions = {},
  ): Promise<TemplateFill> =>
    asTemplate(() => (kind === 'pdf' ? fillPdf(bytes, param) : fillDocx(bytes, param, opts))),
  docxToPdf: (bytes: Uint8Array, opts: RenderOptions = {}): Promise<Uint8Array> =>
    asTemplate(() => docxToPdfNow(bytes, opts)),
};
