/**
 * From the sources (vitest, `npm start`), the PDF worker (core/pdf/worker.mjs) registers tsx for
 * its TypeScript; pdfjs, pdf-lib and fontkit loaded through tsx's loader took seconds and 200–400 MB
 * (issue 17), so the worker imports them natively first and the TypeScript gets them from the module
 * cache. This keeps the list in step with what core/pdf imports: a library added or a pdfjs path
 * changed without preloading it would go through tsx again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PDF = join(import.meta.dirname, '../../simulators/core/pdf');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
        ? [readFileSync(join(dir, e.name), 'utf8')]
        : [],
  );
}

/** The big libraries core/pdf loads at run time (type-only imports aside). */
function runtimeLibraries(): Set<string> {
  const out = new Set<string>();
  for (const src of sources(PDF)) {
    for (const m of src.matchAll(
      /^import\s+(?!type\b)[^;]*?from\s+'((?:pdfjs-dist|pdf-lib|fontkit)[^']*)'/gm,
    ))
      out.add(m[1]!);
    for (const m of src.matchAll(/(?<!typeof )import\('((?:pdfjs-dist|pdf-lib|fontkit)[^']*)'\)/g))
      out.add(m[1]!);
  }
  return out;
}

describe('the PDF worker from the sources', () => {
  it('imports every big library natively before it registers tsx', () => {
    const entry = readFileSync(join(PDF, 'worker.mjs'), 'utf8');
    const fallback = entry.slice(entry.indexOf('} else {'));
    const registered = fallback.indexOf('register()');
    expect(registered).toBeGreaterThan(0);
    const libraries = runtimeLibraries();
    expect([...libraries].sort()).toEqual(
      expect.arrayContaining(['fontkit', 'pdf-lib', 'pdfjs-dist/legacy/build/pdf.mjs']),
    );
    for (const lib of libraries) {
      const at = fallback.indexOf(`import('${lib}')`);
      expect(at, lib).toBeGreaterThan(0);
      expect(at, lib).toBeLessThan(registered);
    }
  });
});
