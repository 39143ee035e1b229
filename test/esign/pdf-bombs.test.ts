/**
 * Hostile PDFs (test/helpers/pdf-bombs.ts) on every esign route that reads a PDF: /doc/createbyfilekey
 * and /template/createbyfilekey answer DOC_FILE_CORRUPT, a bomb chunk of /doc/createbytemplate
 * CHUNK_PDF_INVALID, a 1 MB HTML chunk CHUNKED_FIELDS_INVALID (the 10-page limit applied while laying
 * out), a keyword with thousands of hits at /sign/start DOC_FILE_CORRUPT; each within 3 s, with an
 * ordinary request sent meanwhile answered within its usual time. decision: esign.pdf-bounds
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsignApiError } from '../../clients/esign/index.ts';
import { esignErrors } from '../../contracts/esign/index.ts';
import { createTextPdf, fillForm } from '../../simulators/core/pdf/index.ts';
import { BOMBS, manyHits, whileRefusing } from '../helpers/pdf-bombs.ts';
import { makeDoc, makePerson, setup, uploadBytes, type Ctx } from './helpers.ts';
import { withinBound } from '../helpers/timing.ts';

const E = (name: keyof typeof esignErrors) => esignErrors[name].errCode;
const codeOf = (e: unknown) => (e instanceof EsignApiError ? e.errCode : String(e));

let ctx: Ctx;
let templateId: string;
let person: string;

beforeAll(async () => {
  ctx = setup();
  person = (await makePerson(ctx)).accountId;
  await makeDoc(ctx, [['甲方签字']]); // the PDF workers are up
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  doc.getForm().createTextField('name').addToPage(doc.getPage(0), { x: 50, y: 700 });
  const template = await fillForm(await doc.save(), {});
  const fileKey = await uploadBytes(ctx, template, '模板.pdf');
  ({ templateId } = await ctx.client.call('/template/createbyfilekey', { fileKey }));
});

afterAll(() => ctx.sim.close());

/** An ordinary call that touches no PDF (an unknown thirdId: an answer all the same). */
const ordinary = () => ctx.client.call('/account/idexchange', { thirdId: 'nobody' }).catch(() => undefined);

const byTemplate = (chunks: Array<{ contentType: string; data: Uint8Array }>) =>
  ctx.client.call('/doc/createbytemplate', {
    templateId,
    name: '合同',
    simpleFormFields: { name: '张三' },
    chunkedFields: chunks.map((c, i) => ({
      sequence: i,
      contentType: c.contentType,
      chunkedData: Buffer.from(c.data).toString('base64'),
    })),
  } as never);

describe('esign refuses PDF bombs', () => {
  for (const [name, make] of Object.entries(BOMBS)) {
    it(`${name}: the corrupt-file errors on every PDF route within 3 s, others answered meanwhile`, async () => {
      const pdf = make();
      const fileKey = await uploadBytes(ctx, pdf, '炸弹.pdf');
      const routes: Record<string, [() => Promise<unknown>, number]> = {
        '/doc/createbyfilekey': [
          () => ctx.client.call('/doc/createbyfilekey', { fileKey }),
          E('DOC_FILE_CORRUPT'),
        ],
        '/template/createbyfilekey': [
          () => ctx.client.call('/template/createbyfilekey', { fileKey }),
          E('DOC_FILE_CORRUPT'),
        ],
        '/doc/createbytemplate': [
          () => byTemplate([{ contentType: 'application/pdf', data: pdf }]),
          E('CHUNK_PDF_INVALID'),
        ],
      };
      for (const [route, [send, code]] of Object.entries(routes)) {
        const r = await whileRefusing(send, ordinary);
        expect(codeOf(r.error), route).toBe(code);
        expect(r.bombMs, route).toBeLessThan(withinBound(3000));
        expect(r.slowestOrdinaryMs, route).toBeLessThan(2000);
      }
    });
  }

  it('/sign/start: a keyword with 5,000 hits is refused within 3 s; 100 hits are stamped', async () => {
    const fileKey = await uploadBytes(ctx, manyHits('SIGN', 5000), '多处.pdf');
    const { docId } = await ctx.client.call('/doc/createbyfilekey', { fileKey });
    const start = (id: string) =>
      ctx.client.call('/sign/start', {
        businessScene: '关键字',
        docList: [{ docId: id }],
        recipientList: {
          signerList: [
            {
              accountId: person,
              autoSign: 1,
              docPosList: [{ docId: id, signType: 1, posBeanList: [{ key: 'SIGN' }] }],
            } as never,
          ],
        },
      });
    const r = await whileRefusing(() => start(docId), ordinary);
    expect(codeOf(r.error)).toBe(E('DOC_FILE_CORRUPT'));
    expect((r.error as EsignApiError).message).toContain(docId);
    expect(r.bombMs).toBeLessThan(withinBound(3000));
    expect(r.slowestOrdinaryMs).toBeLessThan(2000);
    const hundred = await ctx.client.call('/doc/createbyfilekey', {
      fileKey: await uploadBytes(ctx, manyHits('SIGN', 100), '百处.pdf'),
    });
    await expect(start(hundred.docId)).resolves.toMatchObject({ flowId: expect.any(String) });
  });

  it('/doc/createbytemplate: a 1 MB HTML chunk fails the 10-page limit within 3 s, others answered meanwhile', async () => {
    const html = Buffer.from(`<p>${'这是一段很长的合同条款。'.repeat(90_000)}</p>`);
    expect(html.length).toBeGreaterThan(1024 * 1024);
    const r = await whileRefusing(() => byTemplate([{ contentType: 'text/html', data: html }]), ordinary);
    expect(codeOf(r.error)).toBe(E('CHUNKED_FIELDS_INVALID'));
    expect(r.bombMs).toBeLessThan(withinBound(3000));
    expect(r.slowestOrdinaryMs).toBeLessThan(2000);
    // ten pages of chunks are still fine
    const page = await createTextPdf([{ lines: ['附件'] }]);
    const ten = Array.from({ length: 10 }, () => ({ contentType: 'application/pdf', data: page }));
    await expect(byTemplate(ten)).resolves.toMatchObject({ docId: expect.any(String) });
  });
});
