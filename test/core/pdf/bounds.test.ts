/**
 * The PDF toolkit's bounds (simulators/core/pdf/bounds.ts): every hostile file is refused with a
 * PdfLimitError (an InvalidPdfError) by every operation, within seconds, in the worker pool; an
 * ordinary document still passes; the chunk page limit applies while laying out.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  appendChunks,
  createTextPdf,
  fillForm,
  findKeyword,
  formFields,
  InvalidPdfError,
  pageCount,
  pageFrames,
  pageLines,
  PdfLimitError,
  stampPdf,
  TooManyPagesError,
} from '../../../simulators/core/pdf/index.ts';
import { PDF_BOUNDS, prescan } from '../../../simulators/core/pdf/bounds.ts';
import { BOMBS, lzwSpaces, manyHits, rawPdf, widePageTree } from '../../helpers/pdf-bombs.ts';
import { withinBound } from '../../helpers/timing.ts';

const seal = { kind: 'company' as const, name: '测试公司' };

const OPS: Record<string, (pdf: Uint8Array) => Promise<unknown>> = {
  pageCount: (pdf) => pageCount(pdf),
  pageFrames: (pdf) => pageFrames(pdf),
  findKeyword: (pdf) => findKeyword(pdf, 'bomb'),
  pageLines: (pdf) => pageLines(pdf),
  formFields: (pdf) => formFields(pdf),
  fillForm: (pdf) => fillForm(pdf, { a: 'b' }),
  stampPdf: (pdf) => stampPdf(pdf, [{ seal, placement: { kind: 'xy', page: 1, x: 100, y: 100 } }]),
  'stampPdf by keyword': (pdf) => stampPdf(pdf, [{ seal, placement: { kind: 'keyword', keyword: 'bomb' } }]),
  appendChunks: (pdf) => appendChunks(pdf, [{ contentType: 'text/html', data: Buffer.from('<p>x</p>') }]),
  'appendChunks (as a chunk)': async (pdf) =>
    appendChunks(await createTextPdf([{ lines: ['x'] }]), [{ contentType: 'application/pdf', data: pdf }]),
};

async function refusal(job: Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const t = performance.now();
  const err = await job.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { err, ms: performance.now() - t };
}

describe('PDF bounds', () => {
  for (const [name, make] of Object.entries(BOMBS)) {
    it(`refuses ${name} in every operation, each within 3 s`, async () => {
      const pdf = make();
      expect(pdf.length).toBeLessThan(1024 * 1024); // small files
      for (const [op, run] of Object.entries(OPS)) {
        const { err, ms } = await refusal(run(pdf));
        expect(err, op).toBeInstanceOf(InvalidPdfError);
        if (!op.startsWith('appendChunks (')) expect(err, op).toBeInstanceOf(PdfLimitError);
        expect(ms, op).toBeLessThan(withinBound(3000));
      }
    });
  }

  it('refuses a /Count that disagrees with the pages, or more pages than the bound', async () => {
    const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>';
    const twoPages = (count: number) =>
      rawPdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        `<< /Type /Pages /Kids [3 0 R 4 0 R] /Count ${count} >>`,
        page,
        page,
      ]);
    expect(await pageCount(twoPages(2))).toBe(2);
    for (const count of [1, 5, 1e9]) {
      const { err } = await refusal(pageCount(twoPages(count)));
      expect((err as PdfLimitError).limit, String(count)).toBe('page-count');
    }
    // the same page twice
    const twice = await refusal(pageCount(widePageTree(2, 2)));
    expect((twice.err as PdfLimitError).limit).toBe('page-tree');
    const many = await refusal(pageCount(widePageTree(PDF_BOUNDS.maxPages + 1, PDF_BOUNDS.maxPages + 1)));
    expect((many.err as PdfLimitError).limit).toBe('pages');
  });

  it('refuses more keyword hits than the bound, and stops early when asked', async () => {
    const pdf = manyHits('SIGN', 5000);
    const { err, ms } = await refusal(findKeyword(pdf, 'SIGN'));
    expect((err as PdfLimitError).limit).toBe('keyword-hits');
    expect(ms).toBeLessThan(withinBound(3000));
    const stamp = await refusal(
      stampPdf(pdf, [{ seal, placement: { kind: 'keyword', keyword: 'SIGN', occurrence: 'first' } }]),
    );
    expect((stamp.err as PdfLimitError).limit).toBe('keyword-hits');
    expect(await findKeyword(pdf, 'SIGN', { stopAfter: 2 })).toHaveLength(2);
    // at the bound itself, every hit is returned
    expect(await findKeyword(manyHits('SIGN', PDF_BOUNDS.maxKeywordHits), 'SIGN')).toHaveLength(
      PDF_BOUNDS.maxKeywordHits,
    );
  });

  it('prescan: counts objects, measures Flate, LZW, RunLength, ASCIIHex and ASCII85 streams, and bounds images by their size', () => {
    const bounds = { ...PDF_BOUNDS, maxObjects: 5, maxInflatedBytes: 1000, maxImageBytes: 10_000 };
    const page = (content: Uint8Array, dict = '') =>
      rawPdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>',
        { dict, data: content },
      ]);
    const deflated = (n: number) => new Uint8Array(deflateSync(Buffer.alloc(n, 32)));
    expect(() => prescan(page(deflated(900), '/Filter /FlateDecode'), bounds)).not.toThrow();
    expect(() => prescan(page(deflated(1100), '/Filter /FlateDecode'), bounds)).toThrow(PdfLimitError);
    const hex = Buffer.from(Buffer.from(deflated(1100)).toString('hex') + '>');
    expect(() => prescan(page(hex, '/Filter [/ASCIIHexDecode /FlateDecode]'), bounds)).toThrow(PdfLimitError);
    expect(() => prescan(page(hex, '/Filter [/AHx /Fl]'), bounds)).toThrow(PdfLimitError);
    const a85 = Buffer.from(ascii85(deflated(1100)));
    expect(() => prescan(page(a85, '/Filter [/ASCII85Decode /FlateDecode]'), bounds)).toThrow(PdfLimitError);
    // LZW (both code-width rules) and RunLength, alone and under Flate
    expect(() => prescan(page(lzwSpaces(900), '/Filter /LZWDecode'), bounds)).not.toThrow();
    expect(() => prescan(page(lzwSpaces(1100), '/Filter /LZWDecode'), bounds)).toThrow(PdfLimitError);
    expect(() => prescan(page(lzwSpaces(1100), '/Filter /LZW'), bounds)).toThrow(PdfLimitError);
    const lzwFlate = new Uint8Array(deflateSync(lzwSpaces(1100)));
    expect(() => prescan(page(lzwFlate, '/Filter [/Fl /LZW]'), bounds)).toThrow(PdfLimitError);
    const rle = (n: number) => Buffer.from(Array.from({ length: n / 100 }, () => [157, 32]).flat());
    expect(() => prescan(page(rle(900), '/Filter /RunLengthDecode'), bounds)).not.toThrow();
    expect(() => prescan(page(rle(1100), '/Filter /RL'), bounds)).toThrow(PdfLimitError);
    const flateRle = new Uint8Array(deflateSync(rle(1100)));
    expect(() => prescan(page(flateRle, '/Filter [/FlateDecode /RunLengthDecode]'), bounds)).toThrow(
      PdfLimitError,
    );
    // an image may decode to what its size declares, not more
    const img = '/Subtype /Image /Width 10 /Height 10 /BitsPerComponent 8 /ColorSpace /DeviceRGB';
    expect(() => prescan(page(deflated(300), `${img} /Filter /FlateDecode`), bounds)).not.toThrow();
    expect(() => prescan(page(deflated(9000), `${img} /Filter /FlateDecode`), bounds)).toThrow(PdfLimitError);
    // objects
    const six = rawPdf(['<< >>', '<< >>', '<< >>', '<< >>', '<< >>', '<< >>']);
    expect(() => prescan(six, bounds)).toThrow(PdfLimitError);
  });

  it('an ordinary document passes every operation', async () => {
    const pdf = await createTextPdf([{ lines: ['甲方：bomb'] }, { lines: ['乙方'] }]);
    for (const [op, run] of Object.entries(OPS)) await expect(run(pdf), op).resolves.toBeDefined();
  });

  it('appendChunks: the page limit applies while laying out (a 1 MB chunk fails fast)', async () => {
    const pdf = await createTextPdf([{ lines: ['模板'] }]);
    const html = Buffer.from(`<p>${'这是一段很长的合同条款。'.repeat(90_000)}</p>`);
    expect(html.length).toBeGreaterThan(1024 * 1024);
    const { err, ms } = await refusal(
      appendChunks(pdf, [{ contentType: 'text/html', data: html }], { maxAddedPages: 10 }),
    );
    expect(err).toBeInstanceOf(TooManyPagesError);
    expect((err as TooManyPagesError).max).toBe(10);
    expect(ms).toBeLessThan(5000);
    // two PDF chunks of 6 pages each: the second is over
    const six = await createTextPdf(Array.from({ length: 6 }, () => ({ lines: ['页'] })));
    const chunk = { contentType: 'application/pdf', data: six };
    await expect(appendChunks(pdf, [chunk, chunk], { maxAddedPages: 10 })).rejects.toBeInstanceOf(
      TooManyPagesError,
    );
    expect(await pageCount(await appendChunks(pdf, [chunk], { maxAddedPages: 10 }))).toBe(7);
  });
});

function ascii85(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const n = Math.min(4, bytes.length - i);
    let v = 0;
    for (let k = 0; k < 4; k++) v = v * 256 + (k < n ? bytes[i + k]! : 0);
    const digits: string[] = [];
    for (let k = 0; k < 5; k++) {
      digits.unshift(String.fromCharCode(33 + (v % 85)));
      v = Math.floor(v / 85);
    }
    out += digits.slice(0, n + 1).join('');
  }
  return `${out}~>`;
}
