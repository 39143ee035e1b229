#!/usr/bin/env node
// The `sealsim` command. The installed package runs the bundled CLI (dist/cli/cli.js: the compiled
// CLI and its packages in a few files, which starts faster than ~440 separate modules; see
// scripts/build.ts) with plain node, or the unbundled compiled CLI (dist/bin/cli.js) if a build left
// no bundle; a checkout that has not run `npm run build` falls back to the TypeScript source through
// tsx (a dev dependency).
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/cli/cli.js', import.meta.url);
const compiled = new URL('../dist/bin/cli.js', import.meta.url);
let cli;
if (existsSync(bundled)) {
  cli = await import(bundled.href);
} else if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./cli.ts');
}
await cli.main();
