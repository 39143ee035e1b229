import { describe, expect, it } from 'vitest';
import {
  createTextPdf,
  InvalidPdfError,
  isPdf,
  pageCount,
  pageSizes,
} from '../../../simulators/core/pdf/index.ts';

describe('pageSizes, pageCount, isPdf', () => {
  it('reports sizes and count', async () => {
    const pdf = await createTextPdf([{ lines: ['a'] }, { lines: [], size: [300, 200] }]);
    expect(await pageCount(pdf)).toBe(2);
    const sizes = await pageSizes(pdf);
    expect(sizes[0].width).toBeCloseTo(595.28, 2);
    expect(sizes[0].height).toBeCloseTo(841.89, 2);
    expect(sizes[1]).toEqual({ width: 300, height: 200 });
  });

  it('tells PDFs from other bytes', async () => {
    const pdf = await createTextPdf([{ lines: ['hello'] }]);
    expect(isPdf(pdf)).toBe(true);
    expect(isPdf(new TextEncoder().encode('hello world, this is not a PDF at all'))).toBe(false);
    expect(isPdf(new TextEncoder().encode('%PDF-1.7\n%%EOF\n' + ' '.repeat(40)))).toBe(false);
    expect(isPdf(pdf.subarray(0, Math.floor(pdf.length / 2)))).toBe(false); // truncated
    expect(isPdf(new Uint8Array())).toBe(false);
  });

  it('throws InvalidPdfError on garbage', async () => {
    await expect(pageCount(new TextEncoder().encode('nope'))).rejects.toBeInstanceOf(InvalidPdfError);
  });
});
