/**
 * The form XObject fan-out bound (simulators/core/pdf/fan-out.ts) and the capped decoders it and
 * the prescan share (simulators/core/pdf/decode.ts): draws counted with multiplicity and memoised,
 * cycles and Type 3 glyph procedures, the content tokenizer, and decoders that agree with pdf-lib's
 * (which are pdfjs's) and stop at their cap.
 */
import { deflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFContext, PDFDocument, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PDF_BOUNDS, type PdfBounds } from '../../../simulators/core/pdf/bounds.ts';
import { decodeCapped, OVER } from '../../../simulators/core/pdf/decode.ts';
import { PdfLimitError } from '../../../simulators/core/pdf/errors.ts';
import { checkFormFanOut, drawnNames, readContent } from '../../../simulators/core/pdf/fan-out.ts';
import {
  lzwSpaces,
  nestedSaves,
  rawPdf,
  type3FanOut,
  unbalancedSaves,
  xobjectCycle,
  xobjectFanOut,
} from '../../helpers/pdf-bombs.ts';

const A4 = '[0 0 595 842]';
const FORM = `/Type /XObject /Subtype /Form /BBox ${A4}`;

async function fanOut(pdf: Uint8Array, bounds: Partial<PdfBounds> = {}): Promise<string | undefined> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  try {
    checkFormFanOut(doc, { ...PDF_BOUNDS, ...bounds });
    return undefined;
  } catch (err) {
    if (err instanceof PdfLimitError) return err.limit;
    throw err;
  }
}

/** `pages` pages sharing one content stream that draws the form /L `times` times. */
function logoOnEveryPage(pages: number, times = 1, formBytes = 40): Uint8Array {
  const kids = Array.from({ length: pages }, (_, i) => `${5 + i} 0 R`).join(' ');
  const page =
    `<< /Type /Page /Parent 2 0 R /MediaBox ${A4} /Contents 3 0 R ` +
    '/Resources << /XObject << /L 4 0 R >> >> >>';
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    { dict: '', data: Buffer.from('q /L Do Q '.repeat(times)) },
    { dict: FORM, data: Buffer.alloc(formBytes, 32) },
    ...Array.from({ length: pages }, () => page),
  ]);
}

describe('form XObject fan-out', () => {
  it('counts draws with multiplicity: exactly the bound passes, one more is refused', async () => {
    // 1 + 10 + 100 draws
    expect(await fanOut(xobjectFanOut(3, 10), { maxFormInvocations: 111 })).toBeUndefined();
    expect(await fanOut(xobjectFanOut(3, 10), { maxFormInvocations: 110 })).toBe('form-xobjects');
    // a form on each of 500 pages (one shared content stream): 500 draws
    expect(await fanOut(logoOnEveryPage(500), { maxFormInvocations: 500 })).toBeUndefined();
    expect(await fanOut(logoOnEveryPage(500), { maxFormInvocations: 499 })).toBe('form-xobjects');
    expect(await fanOut(logoOnEveryPage(10, 3), { maxFormInvocations: 29 })).toBe('form-xobjects');
  });

  it('is memoised: 1.1 × 10^9 draws are counted in well under a second, not walked', async () => {
    const pdf = xobjectFanOut(10, 10);
    const t = performance.now();
    const huge = { maxFormInvocations: 2e9, maxContentBytes: Infinity };
    expect(await fanOut(pdf, huge)).toBeUndefined();
    expect(await fanOut(pdf, { maxFormInvocations: 1_111_111_110, maxContentBytes: Infinity })).toBe(
      'form-xobjects',
    );
    expect(await fanOut(pdf)).toBe('form-xobjects');
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('bounds the content bytes run, a form counted each time it is drawn', async () => {
    // 3 bytes of page content per draw, 1,000 bytes of form: 100 draws
    const pdf = logoOnEveryPage(1, 100, 1000);
    const content = 100 * ('q /L Do Q '.length + 1000) + 1;
    expect(await fanOut(pdf, { maxContentBytes: content })).toBeUndefined();
    expect(await fanOut(pdf, { maxContentBytes: 100_000 })).toBe('content-bytes');
  });

  it('refuses a form that draws itself, directly or through another', async () => {
    expect(await fanOut(xobjectCycle(1))).toBe('form-xobjects');
    expect(await fanOut(xobjectCycle(2))).toBe('form-xobjects');
    expect(await fanOut(xobjectCycle(3))).toBe('form-xobjects');
  });

  it('walks Type 3 glyph procedures and the forms they draw', async () => {
    expect(await fanOut(type3FanOut(10, 10))).toBe('form-xobjects');
    expect(await fanOut(type3FanOut(2, 3))).toBeUndefined();
    expect(await fanOut(type3FanOut(2, 3), { maxFormInvocations: 3 })).toBe('form-xobjects');
  });

  it('reads forms under LZW and RunLength, and draws split across a page’s content streams', async () => {
    const pdf = (content: string, filter: string, data: Uint8Array) =>
      rawPdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        `<< /Type /Page /Parent 2 0 R /MediaBox ${A4} /Contents ${content} ` +
          '/Resources << /XObject << /A 6 0 R >> >> >>',
        { dict: '', data: Buffer.from('q /A') },
        { dict: '', data: Buffer.from('Do Q') },
        { dict: `${FORM} /Filter ${filter} /Resources << /XObject << /B 7 0 R >> >>`, data },
        { dict: FORM, data: Buffer.from('0 0 m') },
      ]);
    const draws = Buffer.from('/B Do '.repeat(5));
    // RunLength: one literal run
    const rle = Buffer.concat([Buffer.from([draws.length - 1]), draws, Buffer.from([128])]);
    expect(await fanOut(pdf('[4 0 R 5 0 R]', '/RunLengthDecode', rle), { maxFormInvocations: 6 })).toBe(
      undefined,
    );
    expect(await fanOut(pdf('[4 0 R 5 0 R]', '/RunLengthDecode', rle), { maxFormInvocations: 5 })).toBe(
      'form-xobjects',
    );
    const lzw = lzwOf(draws);
    expect(await fanOut(pdf('[4 0 R 5 0 R]', '/LZWDecode', lzw), { maxFormInvocations: 5 })).toBe(
      'form-xobjects',
    );
    // a PNG predictor (Up) under Flate
    const predicted = new Uint8Array(deflateSync(pngUp(draws, 6)));
    const params = '/FlateDecode /DecodeParms << /Predictor 12 /Columns 6 >>';
    expect(await fanOut(pdf('[4 0 R 5 0 R]', params, predicted), { maxFormInvocations: 5 })).toBe(
      'form-xobjects',
    );
  });

  it('an ordinary document passes', async () => {
    expect(await fanOut(logoOnEveryPage(PDF_BOUNDS.maxPages))).toBeUndefined();
  });
});

describe('the content tokenizer', () => {
  const names = (s: string) => Object.fromEntries(drawnNames(Buffer.from(s, 'latin1'), 100));

  it('counts `/Name Do`, the name being the last operand', () => {
    expect(names('/A Do /A Do\n/B Do 1 /C Do')).toEqual({ A: 2, B: 1, C: 1 });
    expect(names('/A 1 Do [/B] Do << /C /D >> Do /E')).toEqual({});
    expect(names('/X#41 Do /Y#2f Do')).toEqual({ XA: 1, 'Y/': 1 });
  });

  it('skips strings, hex strings, comments and inline images', () => {
    expect(names('(/A Do \\) (/B Do)) Tj <2f41> Tj % /C Do\n/D Do')).toEqual({ D: 1 });
    expect(names('BI /W 4 /H 1 /BPC 8 /CS /G ID \x00/A Do\xff EI /E Do')).toEqual({ E: 1 });
  });

  it('refuses more distinct names than allowed', () => {
    const many = Array.from({ length: 11 }, (_, i) => `/N${i} Do`).join(' ');
    expect(() => drawnNames(Buffer.from(many), 10)).toThrow(PdfLimitError);
  });
});

/** A page running `page`, which may draw the form /F running `form`. */
function withForm(page: string, form = ''): Uint8Array {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox ${A4} /Contents 4 0 R /Resources << /XObject << /F 5 0 R >> >> >>`,
    { dict: '', data: Buffer.from(page) },
    { dict: FORM, data: Buffer.from(form) },
  ]);
}

describe('graphics-state nesting', () => {
  const read = (s: string) => {
    const { saves, depth, calls } = readContent(Buffer.from(s, 'latin1'), PDF_BOUNDS);
    return { saves, depth, calls: Object.fromEntries(calls) };
  };

  it('reads the depth, the saves of a fresh state, and the depth each name is drawn at', () => {
    expect(read('q q Q Q q Q (q q) Tj /q Do qq Q Q Q q /A Do')).toEqual({
      saves: 2, // the first two: the third saves a state already saved
      depth: 2,
      calls: { q: { times: 1, deepest: 0 }, A: { times: 1, deepest: 1 } },
    });
    expect(read('Q Q q q q Q Q Q % q q q\nBI /W 1 ID q q EI')).toMatchObject({ saves: 3, depth: 3 });
  });

  it('bounds the nesting, a form counted on top of where it is drawn: exactly the bound passes', async () => {
    const q = (n: number) => 'q '.repeat(n);
    expect(await fanOut(withForm(q(PDF_BOUNDS.maxSaveDepth)))).toBeUndefined();
    expect(await fanOut(withForm(q(PDF_BOUNDS.maxSaveDepth + 1)))).toBe('save-depth');
    expect(await fanOut(withForm(`${q(10)}/F Do`, q(5)), { maxSaveDepth: 16 })).toBeUndefined();
    expect(await fanOut(withForm(`${q(10)}/F Do`, q(5)), { maxSaveDepth: 15 })).toBe('save-depth');
    // the form's cost is memoised; drawn again deeper, it is over
    expect(await fanOut(withForm(`/F Do ${q(10)}/F Do`, q(5)), { maxSaveDepth: 15 })).toBe('save-depth');
  });

  it('counts saves of a fresh state with forms drawn many times: exactly the bound passes', async () => {
    const page = withForm('q /F Do Q '.repeat(100), 'q q Q Q');
    expect(await fanOut(page, { maxNestingSaves: 201 })).toBeUndefined();
    expect(await fanOut(page, { maxNestingSaves: 200 })).toBe('nesting-saves');
  });

  it('refuses the slow ones at once: q never restored, q q Q Q repeated', async () => {
    for (const pdf of [unbalancedSaves(4), unbalancedSaves(200), nestedSaves()]) {
      const t = performance.now();
      expect(await fanOut(pdf)).toMatch(/^(save-depth|nesting-saves)$/);
      expect(performance.now() - t).toBeLessThan(1000);
    }
  });
});

describe('capped decoders', () => {
  const context = PDFContext.create();
  const pdfLib = (data: Uint8Array, filter: string, parms?: Record<string, number>) => {
    const dict = context.obj(parms ? { Filter: filter, DecodeParms: parms } : { Filter: filter });
    return Buffer.from(decodePDFRawStream(PDFRawStream.of(dict, data)).decode());
  };
  const ours = (data: Uint8Array, filter: string, earlyChange?: number, cap = 1e9) =>
    decodeCapped(data, [{ filter, params: earlyChange === undefined ? undefined : { earlyChange } }], cap);

  it('LZW and RunLength decode as pdf-lib (pdfjs) does, with either EarlyChange', () => {
    for (const earlyChange of [0, 1]) {
      const spaces = lzwSpaces(300_000, earlyChange);
      const mine = ours(spaces, 'LZWDecode', earlyChange);
      expect(Buffer.from(mine as Uint8Array)).toEqual(
        pdfLib(spaces, 'LZWDecode', { EarlyChange: earlyChange }),
      );
      expect((mine as Uint8Array).length).toBeGreaterThanOrEqual(300_000);
      // data that ends without the end code: pdf-lib (as pdfjs) reads up to 511 more codes as zeros
      const random = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251);
      const theirs = pdfLib(random, 'LZWDecode', { EarlyChange: earlyChange });
      const decoded = Buffer.from(ours(random, 'LZWDecode', earlyChange) as Uint8Array);
      expect(decoded.length).toBeGreaterThan(100);
      expect(theirs.subarray(0, decoded.length)).toEqual(decoded);
      expect(theirs.length - decoded.length).toBeLessThan(512);
    }
    const random = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256);
    expect(Buffer.from(ours(random, 'RunLengthDecode') as Uint8Array)).toEqual(
      pdfLib(random, 'RunLengthDecode'),
    );
  });

  it('stops at the cap', () => {
    const spaces = lzwSpaces(300_000);
    expect(ours(spaces, 'LZWDecode', 1, 299_999)).toBe(OVER);
    const rle = Buffer.from([129, 32, 129, 32, 128]);
    expect((ours(rle, 'RunLengthDecode', undefined, 256) as Uint8Array).length).toBe(256);
    expect(ours(rle, 'RunLengthDecode', undefined, 255)).toBe(OVER);
    expect(ours(new Uint8Array(deflateSync(Buffer.alloc(1000))), 'FlateDecode', undefined, 999)).toBe(OVER);
    expect(ours(Buffer.from('x'), 'DCTDecode')).toBeUndefined();
  });

  it('undoes PNG and TIFF predictors', () => {
    const plain = Buffer.from('/B Do /B Do /B Do q Q 0 0 m l');
    const png = decodeCapped(
      new Uint8Array(deflateSync(pngUp(plain, 6))),
      [{ filter: 'FlateDecode', params: { predictor: 12, columns: 6 } }],
      1e6,
    );
    expect(
      Buffer.from(png as Uint8Array)
        .toString('latin1')
        .trimEnd(),
    ).toBe(plain.toString('latin1'));
    const tiff = Uint8Array.from(plain, (b, i) => (i % 6 === 0 ? b : (b - plain[i - 1]! + 256) & 0xff));
    const undone = decodeCapped(
      new Uint8Array(deflateSync(tiff)),
      [{ filter: 'FlateDecode', params: { predictor: 2, columns: 6 } }],
      1e6,
    );
    expect(Buffer.from(undone as Uint8Array).toString('latin1')).toBe(plain.toString('latin1'));
  });
});

/** Rows of `columns` bytes, each after a PNG "Up" filter byte (2), padded with spaces. */
function pngUp(data: Uint8Array, columns: number): Uint8Array {
  const rows = Math.ceil(data.length / columns);
  const padded = Buffer.alloc(rows * columns, 32);
  padded.set(data);
  const out = Buffer.alloc(rows * (columns + 1));
  for (let r = 0; r < rows; r++) {
    out[r * (columns + 1)] = 2;
    for (let i = 0; i < columns; i++) {
      const up = r > 0 ? padded[(r - 1) * columns + i]! : 0;
      out[r * (columns + 1) + 1 + i] = (padded[r * columns + i]! - up + 256) & 0xff;
    }
  }
  return out;
}

/** LZW of arbitrary bytes, one literal code each (9 bits; fewer than 253 bytes). */
function lzwOf(data: Uint8Array): Uint8Array {
  const codes = [...data, 257];
  let acc = 0n;
  for (const c of codes) acc = (acc << 9n) | BigInt(c);
  const bits = codes.length * 9;
  const pad = (8 - (bits % 8)) % 8;
  acc <<= BigInt(pad);
  const bytes = (bits + pad) / 8;
  return Uint8Array.from({ length: bytes }, (_, i) => Number((acc >> BigInt(8 * (bytes - 1 - i))) & 0xffn));
}
