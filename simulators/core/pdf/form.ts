/**
 * AcroForm fields: list them, and fill them with values that may be Chinese. Text
 * appearances are regenerated with the embedded CJK font, so viewers that ignore
 * /NeedAppearances (and pdftoppm) show the values; flattening keeps them as page content.
 */
import {
  PDFCheckBox,
  PDFDropdown,
  PDFOptionList,
  PDFRadioGroup,
  PDFTextField,
  type PDFField,
  type PDFFont,
} from 'pdf-lib';
import { FontBook } from './font-book.ts';
import { loadPdf } from './load.ts';

export interface FormField {
  name: string;
  type: 'text' | 'checkbox' | 'other';
}

function fieldType(field: PDFField): FormField['type'] {
  if (field instanceof PDFTextField) return 'text';
  if (field instanceof PDFCheckBox) return 'checkbox';
  return 'other';
}

export async function formFields(pdf: Uint8Array): Promise<FormField[]> {
  const doc = await loadPdf(pdf);
  return doc
    .getForm()
    .getFields()
    .map((f) => ({ name: f.getName(), type: fieldType(f) }));
}

const TRUTHY = new Set(['true', '1', 'yes', 'y', 'on', 'checked', 'x', '✓', '✔', '是', '√']);

export function isTruthy(value: string): boolean {
  return TRUTHY.has(value.trim().toLowerCase());
}

/**
 * Long values in a single-line field would run out of the box (pdf-lib sizes an
 * automatic 0 Tf to the field's height only, and keeps an explicit size as it is).
 * Lower the size until the value fits the field's width, as e-sign platforms do.
 */
function shrinkToFit(field: PDFTextField, text: string, font: PDFFont): void {
  if (!text || field.isMultiline() || field.isCombed()) return;
  const rects = field.acroField.getWidgets().map((w) => w.getRectangle());
  if (!rects.length) return;
  const rect = rects.reduce((a, b) => (a.width * a.height <= b.width * b.height ? a : b));
  const da = field.acroField.getDefaultAppearance() ?? '';
  const m = /(-?\d*\.?\d+)\s+Tf/.exec(da);
  const current = m && Number(m[1]) > 0 ? Number(m[1]) : font.sizeAtHeight(rect.height - 4);
  const widthFit = (rect.width - 6) / (font.widthOfTextAtSize(text, 1) || 1);
  if (widthFit < current) field.setFontSize(Math.max(4, Math.floor(widthFit * 10) / 10));
}

export async function fillForm(
  pdf: Uint8Array,
  values: Record<string, string>,
  opts: { flatten?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await loadPdf(pdf);
  const form = doc.getForm();
  const fonts = new FontBook(doc);
  for (const [name, raw] of Object.entries(values)) {
    const field = form.getFieldMaybe(name);
    if (!field) continue; // unknown keys are ignored
    const value = raw == null ? '' : String(raw);
    if (field instanceof PDFTextField) {
      const max = field.getMaxLength();
      const text = max !== undefined ? Array.from(value).slice(0, max).join('') : value;
      field.setText(text);
      const font = await fonts.regular();
      shrinkToFit(field, text, font);
      field.updateAppearances(font);
    } else if (field instanceof PDFCheckBox) {
      if (isTruthy(value)) field.check();
      else field.uncheck();
    } else if (field instanceof PDFRadioGroup) {
      if (field.getOptions().includes(value)) field.select(value);
    } else if (field instanceof PDFDropdown) {
      if (field.getOptions().includes(value) || field.isEditable()) {
        field.select(value);
        field.updateAppearances(await fonts.regular());
      }
    } else if (field instanceof PDFOptionList) {
      if (field.getOptions().includes(value)) {
        field.select(value);
        field.updateAppearances(await fonts.regular());
      }
    }
  }
  if (opts.flatten) form.flatten({ updateFieldAppearances: false });
  // Appearances of touched fields are already up to date; regenerating the rest with
  // Helvetica would fail on CJK values already in the document.
  return doc.save({ updateFieldAppearances: false });
}
