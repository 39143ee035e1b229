/** sealsim's version, read once from its package.json (found upward: sources and dist/ differ in depth). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let version: string | undefined;

export function packageVersion(): string {
  if (version !== undefined) return version;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sealsim' && pkg.version) return (version = pkg.version);
    }
    const up = dirname(dir);
    if (up === dir) return (version = '0.0.0');
    dir = up;
  }
}
