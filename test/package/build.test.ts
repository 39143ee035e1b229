/**
 * scripts/build.ts's pure parts, fast: which source files are copied into dist/ as they are, and
 * the `.d.cts` twin of a declaration file (test/package/package.test.ts checks the built package).
 */
import { describe, expect, it } from 'vitest';
import { isRuntimeAsset, keepModuleUrl, runtimeAssets, toCtsDeclaration } from '../../scripts/build.ts';

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

  it("keeps a bundled module's import.meta.url pointing at its compiled file, relative to the bundle", () => {
    const code =
      "const key = new URL('./keys/k.pem', import.meta.url);\nconst req = createRequire(import.meta.url);";
    expect(keepModuleUrl(code, '/pkg/dist/simulators/baoquan/runtime.js', '/pkg/dist/cli')).toBe(
      'const key = new URL(\'./keys/k.pem\', new URL("../simulators/baoquan/runtime.js", import.meta.url).href);\n' +
        'const req = createRequire(new URL("../simulators/baoquan/runtime.js", import.meta.url).href);',
    );
    expect(keepModuleUrl('export const a = 1;', '/pkg/dist/x.js', '/pkg/dist/cli')).toBe(
      'export const a = 1;',
    );
    // What the URL then resolves to, from a chunk of the bundle
    const chunk = 'file:///pkg/dist/cli/chunk-X.js';
    expect(new URL('./keys/k.pem', new URL('../simulators/baoquan/runtime.js', chunk).href).href).toBe(
      'file:///pkg/dist/simulators/baoquan/keys/k.pem',
    );
  });
});
