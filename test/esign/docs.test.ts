/** Templates (§4.7) and documents (§4.8). */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import type { EsignApiError } from '../../clients/esign/index.ts';
import { esignErrors } from '../../contracts/esign/index.ts';
import { findKeyword, formFields, pageCount } from '../../simulators/core/pdf/index.ts';
import { fetchBytes, md5b64, setup, textPdf, uploadBytes, type Ctx } from './helpers.ts';
import type { EsignSnapshot } from '../../simulators/esign/state.ts';

const E = (name: keyof typeof esignErrors) => esignErrors[name].errCode;
const errOf = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: EsignApiError) => e.errCode,
  );
const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');

async function formPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Loan contract', { x: 56, y: 780, size: 14, font });
  const form = doc.getForm();
  form.createTextField('contractNo').addToPage(page, { x: 100, y: 700, width: 200, height: 24 });
  form.createTextField('borrower').addToPage(page, { x: 100, y: 650, width: 200, height: 24 });
  form.createCheckBox('agree').addToPage(page, { x: 100, y: 600, width: 16, height: 16 });
  return doc.save();
}

describe('esign templates and docs', () => {
  let ctx: Ctx;
  afterEach(() => ctx.sim.close());

  it('creates a template from an uploaded PDF and reads its AcroForm fields', async () => {
    ctx = setup();
    const fileKey = await uploadBytes(ctx, await formPdf(), '借款合同模板.pdf');
    const { templateId } = await ctx.client.call('/template/createbyfilekey', { fileKey });
    expect(templateId).toMatch(/^[0-9a-f]{32}$/);
    const t = ctx.sim.vendor('esign').snapshot() as EsignSnapshot;
    const tenant = t.tenants.find((x) => x.id === ctx.projectId);
    expect(tenant?.templates[templateId]).toMatchObject({
      templateName: '借款合同模板',
      templateTypeId: '0',
      formFields: [
        { name: 'contractNo', type: 'text' },
        { name: 'borrower', type: 'text' },
        { name: 'agree', type: 'checkbox' },
      ],
    });
  });

  it('refuses templates before upload, of another type, or with bytes that are no PDF', async () => {
    ctx = setup();
    const pdf = await formPdf();
    const { fileKey } = await ctx.client.call('/file/uploadurl', {
      fileName: 't.pdf',
      fileSize: pdf.length,
      contentType: 'application/pdf',
      contentMd5: md5b64(pdf),
    });
    expect(await errOf(ctx.client.call('/template/createbyfilekey', { fileKey }))).toBe(
      E('FILE_NOT_UPLOADED'),
    );
    expect(
      await errOf(
        ctx.client.call('/template/createbyfilekey', {
          fileKey: '$00000000-0000-4000-8000-000000000000$1234567890',
        }),
      ),
    ).toBe(E('FILE_KEY_NOT_FOUND'));
    const html = new TextEncoder().encode('<html><body>x</body></html>');
    const htmlKey = await uploadBytes(ctx, html, 't.html', 'text/html');
    expect(await errOf(ctx.client.call('/template/createbyfilekey', { fileKey: htmlKey }))).toBe(
      E('TEMPLATE_FILE_TYPE_UNSUPPORTED'),
    );
    expect(await errOf(ctx.client.call('/doc/createbyfilekey', { fileKey: htmlKey }))).toBe(
      E('DOC_FILE_TYPE_UNSUPPORTED'),
    );
    const fake = await uploadBytes(
      ctx,
      new TextEncoder().encode('%PDF-1.4 this is not really a pdf at all, no xref'),
      'fake.pdf',
    );
    expect(await errOf(ctx.client.call('/template/createbyfilekey', { fileKey: fake }))).toBe(
      E('DOC_FILE_CORRUPT'),
    );
    expect(await errOf(ctx.client.call('/doc/createbyfilekey', { fileKey: fake }))).toBe(
      E('DOC_FILE_CORRUPT'),
    );
  });

  it('fills the template, flattens it, appends chunks in sequence order; docUrl lives 1 hour', async () => {
    ctx = setup();
    const { templateId } = await ctx.client.call('/template/createbyfilekey', {
      fileKey: await uploadBytes(ctx, await formPdf()),
    });
    const attach = await textPdf([['附件一：还款计划表']]);
    const html = '<!DOCTYPE html><html><body><h1>补充条款</h1><p>第一条 借款人按月还款。</p></body></html>';
    const { docId, docUrl } = await ctx.client.call('/doc/createbytemplate', {
      templateId,
      name: '借款合同',
      simpleFormFields: { contractNo: '123456789', borrower: '张三', notAField: 'ignored' },
      chunkedFields: [
        { mimeType: 'TEXT/HTML', chunkedData: b64(html), sequence: 2 },
        { contentType: 'application/pdf', chunkedData: b64(attach), sequence: 1 },
      ],
    });
    expect(docId).toMatch(/^\d{19}$/);
    expect(Number(new URL(docUrl).searchParams.get('Expires')) * 1000).toBe(ctx.sim.clock.now() + 3600_000);
    const pdf = (await fetchBytes(ctx, docUrl)).bytes;
    expect(await pageCount(pdf)).toBe(3);
    expect(await formFields(pdf)).toEqual([]); // flattened
    expect((await findKeyword(pdf, '张三'))[0]?.page).toBe(1);
    expect((await findKeyword(pdf, '123456789'))[0]?.page).toBe(1);
    expect((await findKeyword(pdf, '还款计划表'))[0]?.page).toBe(2);
    expect((await findKeyword(pdf, '补充条款'))[0]?.page).toBe(3);
    await ctx.sim.clock.advance(3600_000 + 1000);
    expect((await fetchBytes(ctx, docUrl)).status).toBe(403);
    // /doc/downloadurl gives a fresh 30-minute URL of the same document
    const again = await ctx.client.call('/doc/downloadurl', { docId });
    expect((await fetchBytes(ctx, again.docUrl)).status).toBe(200);
  });

  it('validates createbytemplate: template, chunk count, chunk type, base64, PDF chunk', async () => {
    ctx = setup();
    const { templateId } = await ctx.client.call('/template/createbyfilekey', {
      fileKey: await uploadBytes(ctx, await formPdf()),
    });
    const call = (b: Record<string, unknown>) =>
      errOf(ctx.client.call('/doc/createbytemplate', { templateId, name: 'x', ...b } as never));
    expect(await call({ templateId: 'f'.repeat(32) })).toBe(E('TEMPLATE_NOT_FOUND'));
    const chunk = { contentType: 'text/html', chunkedData: b64('<p>x</p>'), sequence: 0 };
    expect(
      await call({ chunkedFields: Array.from({ length: 11 }, (_, i) => ({ ...chunk, sequence: i })) }),
    ).toBe(E('CHUNKED_FIELDS_INVALID'));
    expect(await call({ chunkedFields: [{ ...chunk, contentType: 'image/png' }] })).toBe(
      E('CHUNK_CONTENT_TYPE_UNSUPPORTED'),
    );
    expect(await call({ chunkedFields: [{ chunkedData: chunk.chunkedData, sequence: 0 }] })).toBe(
      E('CHUNK_CONTENT_TYPE_UNSUPPORTED'),
    );
    expect(await call({ chunkedFields: [{ ...chunk, chunkedData: '***' }] })).toBe(E('CHUNK_DATA_INVALID'));
    expect(
      await call({
        chunkedFields: [{ ...chunk, contentType: 'application/pdf', chunkedData: b64('not a pdf') }],
      }),
    ).toBe(E('CHUNK_PDF_INVALID'));
    // a 10-chunk request whose one PDF chunk alone adds 11 pages is refused too
    const eleven = await textPdf(Array.from({ length: 11 }, (_, i) => [`第${i + 1}页`]));
    expect(
      await call({
        chunkedFields: [{ contentType: 'application/pdf', chunkedData: b64(eleven), sequence: 0 }],
      }),
    ).toBe(E('CHUNKED_FIELDS_INVALID'));
    expect(await errOf(ctx.client.call('/doc/downloadurl', { docId: '2018041823454409001' }))).toBe(
      E('DOC_NOT_FOUND'),
    );
  });
});
