// prescan counts object headers in linear time: a long run of digits (a signature's zero-padded
// /Contents, or a crafted file) must not make its header search backtrack quadratically.
import { describe, expect, it } from 'vitest';
import { PDF_BOUNDS, prescan } from '../../../simulators/core/pdf/bounds.ts';
import { PdfLimitError } from '../../../simulators/core/pdf/errors.ts';

const file = (digits: number) =>
  new TextEncoder().encode(
    `%PDF-1.7\n1 0 obj\n<< /Contents <${'0'.repeat(digits)}> >>\nendobj\n12 0 obj\n<< >>\nendobj\n` +
      `${'7'.repeat(digits)} 0 obj\n<< >>\nendobj\n`,
  );

describe('prescan and long digit runs', () => {
  it('counts the headers of a file with 300,000-digit runs at once (quadratic: about a minute)', () => {
    const t0 = performance.now();
    prescan(file(300_000));
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('still counts every header, a long object number included', () => {
    let caught: unknown;
    try {
      prescan(file(1000), { ...PDF_BOUNDS, maxObjects: 2 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PdfLimitError);
    expect(() => prescan(file(1000), { ...PDF_BOUNDS, maxObjects: 3 })).not.toThrow();
  });
});
