/**
 * Loads pdfjs-dist (legacy build, which runs in Node) with no worker thread:
 * the worker module is imported into this thread and pdfjs uses it as its
 * "fake worker". Also resolves the CMap and standard-font folders, which pdfjs
 * needs to read text set in non-embedded CJK fonts such as STSong-Light.
 */
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { InvalidPdfError } from './errors.ts';

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve('pdfjs-dist/package.json'));

/** Folder paths, ending with a separator as pdfjs requires in Node. */
export const PDFJS_CMAP_DIR = join(pdfjsRoot, 'cmaps') + sep;
export const PDFJS_STANDARD_FONT_DIR = join(pdfjsRoot, 'standard_fonts') + sep;

type PdfjsModule = typeof import('pdfjs-dist');
let pdfjsPromise: Promise<PdfjsModule> | undefined;

export function loadPdfjs(): Promise<PdfjsModule> {
  pdfjsPromise ??= (async () => {
    const g = globalThis as { pdfjsWorker?: unknown };
    if (!g.pdfjsWorker) {
      // @ts-expect-error the worker bundle has no type declarations
      g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    }
    return await import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsPromise;
}

/**
 * Open a PDF with pdfjs. The bytes are copied (pdfjs may take ownership of the
 * buffer it is given). Call `destroy()` on the result when done, or use `withPdfjs`.
 * An encrypted PDF opens with its `password` (user or owner).
 */
export async function openWithPdfjs(
  bytes: Uint8Array,
  opts: { password?: string } = {},
): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: PDFJS_CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: PDFJS_STANDARD_FONT_DIR,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
    ...(opts.password === undefined ? {} : { password: opts.password }),
  });
  try {
    return await task.promise;
  } catch (err) {
    if ((err as { name?: string }).name === 'PasswordException')
      throw new InvalidPdfError('PDF is encrypted', { cause: err });
    throw new InvalidPdfError(`cannot parse PDF: ${(err as Error).message}`, { cause: err });
  }
}

export async function withPdfjs<T>(bytes: Uint8Array, fn: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const doc = await openWithPdfjs(bytes);
  try {
    return await fn(doc);
  } finally {
    await doc.destroy();
  }
}
