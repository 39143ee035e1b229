import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { fillForm, findKeyword, formFields } from '../../../simulators/core/pdf/index.ts';
import { countDarkPixels, pdfBoxToPixels, renderPdfPage } from '../../helpers/png.ts';
import { buildFormPdf } from '../../fixtures/pdf/build.ts';

const inside = (r: { x: number; y: number; width: number; height: number }) =>
  pdfBoxToPixels({ x: r.x + 3, y: r.y + 3, width: r.width - 6, height: r.height - 6 }, 400);

describe('AcroForm', () => {
  it('lists the fields with their types', async () => {
    const { pdf } = await buildFormPdf();
    expect(await formFields(pdf)).toEqual([
      { name: 'partyA', type: 'text' },
      { name: 'amount', type: 'text' },
      { name: 'agree', type: 'checkbox' },
      { name: 'city', type: 'other' },
    ]);
  });

  it('fills CJK values that render, checks boxes, ignores unknown keys', async () => {
    const { pdf, rects } = await buildFormPdf();
    const blank = await renderPdfPage(pdf, 1, 72);
    expect(countDarkPixels(blank, inside(rects.partyA))).toBe(0);

    const filled = await fillForm(pdf, {
      partyA: '杭州天谷信息科技有限公司',
      amount: '¥1,000 壹仟元整',
      agree: 'true',
      noSuchField: 'x',
    });
    const png = await renderPdfPage(filled, 1, 72);
    expect(countDarkPixels(png, inside(rects.partyA))).toBeGreaterThan(300);
    expect(countDarkPixels(png, inside(rects.amount))).toBeGreaterThan(150);
    expect(countDarkPixels(png, inside(rects.agree))).toBeGreaterThan(10);

    const form = (await PDFDocument.load(filled)).getForm();
    expect(form.getTextField('partyA').getText()).toBe('杭州天谷信息科技有限公司');
    expect(form.getCheckBox('agree').isChecked()).toBe(true);
    expect(await formFields(filled)).toHaveLength(4);
  });

  it('shrinks a long value to the field width', async () => {
    const { pdf, rects } = await buildFormPdf();
    const filled = await fillForm(
      pdf,
      { amount: '人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分整' },
      { flatten: true },
    );
    const png = await renderPdfPage(filled, 1, 72);
    const r = rects.amount;
    // the last characters are inside the field, not cut off past its right edge
    expect(
      countDarkPixels(
        png,
        pdfBoxToPixels({ x: r.x + r.width - 30, y: r.y + 3, width: 27, height: r.height - 6 }, 400),
      ),
    ).toBeGreaterThan(20);
    const hits = await findKeyword(filled, '玖分整');
    expect(hits).toHaveLength(1);
    expect(hits[0].x + hits[0].width).toBeLessThan(r.x + r.width + 1);
  });

  it('flattens: fields disappear, values stay as page text', async () => {
    const { pdf, rects } = await buildFormPdf();
    const flat = await fillForm(pdf, { partyA: '北京某某有限公司' }, { flatten: true });
    expect(await formFields(flat)).toEqual([]);
    expect(countDarkPixels(await renderPdfPage(flat, 1, 72), inside(rects.partyA))).toBeGreaterThan(200);
    expect(await findKeyword(flat, '北京某某')).toHaveLength(1);
  });
});
