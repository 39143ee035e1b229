#!/usr/bin/env node
// The `sealsim` command. The installed package runs the compiled CLI (dist/bin/cli.js) with plain
// node; a checkout that has not run `npm run build` falls back to the TypeScript source through tsx
// (a dev dependency).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/bin/cli.js', import.meta.url);
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./cli.ts');
}
await cli.main();
