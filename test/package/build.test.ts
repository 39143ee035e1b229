/**
 * scripts/build.ts's pure parts, fast: which source files are copied into dist/ as they are, and
 * the `.d.cts` twin of a declaration file (test/package/package.test.ts checks the built package).
 */
import { describe, expect, it } from 'vitest';
import { isRuntimeAsset, runtimeAssets, toCtsDeclaration } from '../../scripts/build.ts';

describe('scripts/build.ts', () => {
  it('copies what tsc does not emit but the code loads: workers, browser scripts, keys, .d.ts', () => {
    for (const f of [
      'simulators/core/pdf/worker.mjs',
      'simulators/yunhetong-sdk/pages/yht.client.js',
      'simulators/baoquan/keys/test_private_key.pem',
      'simulators/wosign/keys/default-client.pfx',
      'clients/esign/schema.d.ts',
      'kit/fixtures/esign-flow.json',
    ])
      expect(isRuntimeAsset(f), f).toBe(true);
    for (const f of ['simulators/core/clock.ts', 'simulators/esign/README.md', 'kit/x.test.ts'])
      expect(isRuntimeAsset(f), f).toBe(false);
    expect(runtimeAssets()).toEqual(
      expect.arrayContaining(['simulators/core/pdf/worker.mjs', 'simulators/core/pdf-viewer.client.mjs']),
    );
  });

  it('points a .d.cts twin at the twins, relative imports only', () => {
    const dts = [
      "export { a, type B } from './client.ts';",
      "import type { paths } from './schema.d.ts';",
      "import { http } from 'msw';",
      'export declare const v: import("../core/define.ts").VendorDefinition<import("zod").ZodString>;',
      "export * from '../shared/x.ts';",
    ].join('\n');
    expect(toCtsDeclaration(dts)).toBe(
      [
        "export { a, type B } from './client.cts';",
        "import type { paths } from './schema.d.cts';",
        "import { http } from 'msw';",
        'export declare const v: import("../core/define.cts").VendorDefinition<import("zod").ZodString>;',
        "export * from '../shared/x.cts';",
      ].join('\n'),
    );
  });
});
