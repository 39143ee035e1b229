#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx sealsim start` works from an installed package.
import { register } from 'tsx/esm/api';
register();
process.argv.splice(1, 1, new URL('./cli.ts', import.meta.url).pathname);
await import('./cli.ts');
