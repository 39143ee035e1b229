import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, renderGenerated } from '../../scripts/generate.ts';

describe('generated files', () => {
  it('openapi/*.json, clients/*/schema.d.ts and package.json exports match what the registry renders', async () => {
    const files = await renderGenerated();
    expect(files.size).toBeGreaterThan(0);
    const stale: string[] = [];
    for (const [rel, want] of files) {
      const have = await readFile(resolve(REPO_ROOT, rel), 'utf8').catch(() => undefined);
      if (have !== want) stale.push(rel);
    }
    expect(stale, `stale or missing generated files: ${stale.join(', ')} — run npm run generate`).toEqual([]);
  }, 60_000);

  it('renders deterministically', async () => {
    const a = await renderGenerated();
    const b = await renderGenerated();
    expect([...a.entries()]).toEqual([...b.entries()]);
  }, 60_000);
});
