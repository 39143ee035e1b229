// The PDF worker's entry (core/pdf/pool.ts). Plain JavaScript, so Node can start it however the app
// runs. In the built package (dist/, scripts/build.ts) the compiled job table sits beside it and
// plain node loads it; from the sources (`npm start`, vitest) it registers tsx's loader for this
// thread, then loads the TypeScript job table.
import { existsSync } from 'node:fs';

const compiled = new URL('./worker-main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  // The big libraries first, natively: through tsx's loader pdfjs alone took seconds and 200–400 MB
  // (issue 17); imported later from the TypeScript, they come from the module cache.
  await Promise.all([
    import('pdfjs-dist/legacy/build/pdf.mjs'),
    import('pdfjs-dist/legacy/build/pdf.worker.mjs'),
    import('pdf-lib'),
    import('fontkit'),
  ]);
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker-main.ts');
}
