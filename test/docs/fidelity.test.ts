import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderFidelity } from '../../scripts/fidelity.ts';

describe('docs/fidelity.md', () => {
  const { markdown, rows } = renderFidelity();

  it('is current (run `npm run fidelity` after changing contracts or tests)', () => {
    expect(readFileSync(new URL('../../docs/fidelity.md', import.meta.url), 'utf8')).toBe(markdown);
  });

  it('has a covering test for every documented endpoint, callback and error code', () => {
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.required && !r.covered).map((r) => `${r.kind} ${r.id}`)).toEqual([]);
  });
});
