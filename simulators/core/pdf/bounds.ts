/**
 * Bounds on every PDF the toolkit reads, so that a small hostile file (a decompression bomb, a page
 * tree of 50,000 Kids or `/Count 1e9`, thousands of keyword hits, forms drawing forms) is refused
 * fast instead of stalling or exhausting the process. Checked before any parser sees the file
 * (`prescan`: objects and decoded stream bytes, from the raw bytes) and after pdf-lib has parsed
 * it (`checkPageTree`; `checkFormFanOut` in fan-out.ts), all before pdfjs runs.
 * Text items and keyword hits are counted while searching (keyword.ts). What escapes these is
 * stopped by the worker pool's per-job time and heap limits (pool.ts).
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFDocument } from 'pdf-lib';
import { decodeCapped, OVER, type DecodeParams, type DecodeStep } from './decode.ts';
import { InvalidPdfError, PdfLimitError } from './errors.ts';

const MB = 1024 * 1024;

/** The bounds. A contract of a few hundred pages with full embedded CJK fonts is well inside them. */
export const PDF_BOUNDS = {
  /** Pages in one document (leaves of the page tree, and pdfjs' `/Count`). */
  maxPages: 2000,
  /** Indirect objects (`n g obj` headers plus the `/N` of every object stream). */
  maxObjects: 200_000,
  /** Decoded bytes of all streams that are not images (contents, fonts, object streams…). */
  maxInflatedBytes: 48 * MB,
  /** Decoded bytes of all image streams; each image also within what its size declares. */
  maxImageBytes: 256 * MB,
  /**
   * Form XObjects drawn while the pages' content runs, each draw counted (a form inside a form
   * drawn 10 times counts 10 times): pdfjs spends about 0.1 ms on each one that shows text.
   */
  maxFormInvocations: 20_000,
  /** Content-stream bytes that running the pages parses, a form's counted each time it is drawn. */
  maxContentBytes: 64 * MB,
  /**
   * Nesting of saved graphics states (`q`), a form's counted on top of where it is drawn. ISO
   * 32000-1 Annex C gives 28 as a typical implementation limit; every stamp pdf-lib adds wraps the
   * page's earlier content in one more `q … Q`, so a document stamped many times goes past 28.
   */
  maxSaveDepth: 256,
  /**
   * `q` operators that save a state no `q` saved before (a `q` right after a `q`), forms counted
   * each time they are drawn: pdfjs' text extraction spends about 10 µs on each (fan-out.ts).
   */
  maxNestingSaves: 50_000,
  /** Nesting of the page tree. */
  maxTreeDepth: 32,
  /** Text items read by one keyword search or text extraction, all pages together. */
  maxTextItems: 200_000,
  /** Occurrences of one keyword a stamp may be placed on (vendors stamp one or a few). */
  maxKeywordHits: 100,
} as const;

export type PdfBounds = { -readonly [K in keyof typeof PDF_BOUNDS]: number };

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/**
 * Raw-bytes checks, before pdf-lib or pdfjs parse anything: the number of objects, and the bytes
 * every Flate/LZW/RunLength/ASCIIHex/ASCII85 stream decodes to, decoded with a cap (decode.ts) so a
 * bomb costs at most the remaining budget. Streams whose last filter is an image codec are not
 * measured; the job limits cover them.
 */
export function prescan(bytes: Uint8Array, bounds: PdfBounds = PDF_BOUNDS): void {
  const text = latin1(bytes);
  let objects = 0;
  // Only at the start of a digit run: anywhere inside one, `\d+` would backtrack over the rest of
  // it, quadratic in a long run (a signature's zero-padded /Contents is 30,000 digits).
  const header = /(?<!\d)\d+\s+\d+\s+obj\b/g;
  while (header.exec(text)) {
    if (++objects > bounds.maxObjects) tooMany('objects', `more than ${bounds.maxObjects} objects`);
  }
  let plain = 0;
  let images = 0;
  for (let at = text.indexOf('stream'); at !== -1; at = text.indexOf('stream', at + 6)) {
    if (text.startsWith('end', at - 3)) continue;
    let start = at + 6;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    else if (start === at + 6) continue; // "stream" inside some other token
    const end = text.indexOf('endstream', start);
    if (end === -1) break;
    const dict = text.slice(Math.max(text.lastIndexOf('obj', at), at - 65536, 0), at);
    if (/\/Type\s*\/ObjStm\b/.test(dict)) {
      objects += Number(/\/N\s+(\d+)/.exec(dict)?.[1] ?? 0);
      if (objects > bounds.maxObjects) tooMany('objects', `more than ${bounds.maxObjects} objects`);
    }
    const image = /\/Subtype\s*\/Image\b/.test(dict);
    const budget = image
      ? Math.min(bounds.maxImageBytes - images, declaredImageBytes(dict))
      : bounds.maxInflatedBytes - plain;
    const decoded = decodeCapped(bytes.subarray(start, end), decodeSteps(dict), budget);
    at = end;
    if (decoded === undefined) continue;
    if (decoded === OVER) {
      if (image) tooMany('image-bytes', 'an image decodes to more than its size or the image budget');
      tooMany('inflated-bytes', `streams decode to more than ${bounds.maxInflatedBytes / MB} MB`);
    }
    if (image) images += decoded.length;
    else plain += decoded.length;
  }
}

function tooMany(limit: string, what: string): never {
  throw new PdfLimitError(limit, `PDF over sealsim's bounds: ${what}`);
}

/** An image's decoded size can't exceed width × height × 4 components × 16 bits, plus row predictors. */
function declaredImageBytes(dict: string): number {
  // a size given by reference (`/Width 5 0 R`) is not known here: only the budget applies
  const w = /\/Width\s+(\d+)\b(?!\s+\d+\s+R\b)/.exec(dict)?.[1];
  const h = /\/Height\s+(\d+)\b(?!\s+\d+\s+R\b)/.exec(dict)?.[1];
  if (w === undefined || h === undefined) return Infinity;
  return Number(w) * Number(h) * 8 + Number(h) + 4096;
}

/** The filters and their DecodeParms, as pdfjs pairs them (an array of them for an array of filters). */
function decodeSteps(dict: string): DecodeStep[] {
  const m = /\/Filter\s*(\/[^\s/[\]<>()]+|\[([^\]]*)\])/.exec(dict);
  if (!m) return [];
  const names = (m[2] ?? m[1]!).match(/\/[^\s/[\]<>()]+/g) ?? [];
  const params = decodeParms(dict, m[2] !== undefined);
  return names.map((n, i) => ({ filter: n.slice(1), params: params[i] }));
}

/** Each filter's parameters: a dictionary for one filter, an array's dictionaries for an array of them. */
function decodeParms(dict: string, array: boolean): Array<DecodeParams | undefined> {
  const m = /\/DecodeParms\s*/.exec(dict);
  if (!m) return [];
  let at = m.index + m[0].length;
  if (!array) return dict.startsWith('<<', at) ? [paramsOf(dictText(dict, at))] : [];
  if (dict[at] !== '[') return [];
  const out: Array<DecodeParams | undefined> = [];
  at++;
  for (;;) {
    while (/\s/.test(dict[at] ?? '')) at++;
    if (at >= dict.length || dict[at] === ']') return out;
    if (dict.startsWith('<<', at)) {
      const text = dictText(dict, at);
      out.push(paramsOf(text));
      at += text.length;
    } else {
      // null, or a reference (`7 0 R`, not resolved here: the defaults apply)
      const ref = /^\d+\s+\d+\s+R/.exec(dict.slice(at, at + 32));
      out.push(undefined);
      at += ref ? ref[0].length : Math.max(1, /^[^\s\]<]*/.exec(dict.slice(at))![0].length);
    }
  }
}

/** The `<< … >>` starting at `at`, nested dictionaries included. */
function dictText(dict: string, at: number): string {
  let depth = 0;
  for (let i = at; i < dict.length - 1; i++) {
    if (dict.startsWith('<<', i)) {
      depth++;
      i++;
    } else if (dict.startsWith('>>', i)) {
      if (--depth === 0) return dict.slice(at, i + 2);
      i++;
    }
  }
  return dict.slice(at);
}

function paramsOf(text: string): DecodeParams {
  const num = (key: string) => {
    const v = new RegExp(`/${key}\\s+(\\d+)\\b(?!\\s+\\d+\\s+R\\b)`).exec(text)?.[1];
    return v === undefined ? undefined : Number(v);
  };
  return {
    predictor: num('Predictor'),
    colors: num('Colors'),
    bitsPerComponent: num('BitsPerComponent'),
    columns: num('Columns'),
    earlyChange: num('EarlyChange'),
  };
}

/**
 * The page tree as pdf-lib will walk it: at most maxPages pages, maxTreeDepth levels, no node
 * reached twice, and a root `/Count` equal to the pages found (pdfjs trusts `/Count`).
 * Returns the number of pages.
 */
export function checkPageTree(doc: PDFDocument, bounds: PdfBounds = PDF_BOUNDS): number {
  const root = doc.catalog.lookup(PDFName.of('Pages'));
  if (!(root instanceof PDFDict)) throw new InvalidPdfError('PDF has no page tree');
  const seen = new Set<PDFDict>();
  const stack: Array<[PDFDict, number]> = [[root, 0]];
  let pages = 0;
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (seen.has(node)) tooMany('page-tree', 'the page tree reaches a node twice');
    seen.add(node);
    const type = node.lookup(PDFName.of('Type'));
    if (type === PDFName.of('Page')) {
      if (++pages > bounds.maxPages) tooMany('pages', `more than ${bounds.maxPages} pages`);
      continue;
    }
    if (type !== PDFName.of('Pages')) continue; // pdf-lib skips it too
    if (depth >= bounds.maxTreeDepth)
      tooMany('page-tree', `the page tree is more than ${bounds.maxTreeDepth} levels deep`);
    const kids = node.lookup(PDFName.of('Kids'));
    if (!(kids instanceof PDFArray)) continue;
    if (kids.size() > bounds.maxPages) tooMany('pages', `a page tree node has ${kids.size()} Kids`);
    for (let i = kids.size() - 1; i >= 0; i--) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) stack.push([kid, depth + 1]);
    }
  }
  const count = root.lookup(PDFName.of('Count'));
  const declared = count instanceof PDFNumber ? count.asNumber() : undefined;
  if (declared !== pages)
    tooMany('page-count', `the page tree declares /Count ${declared ?? '(none)'} but holds ${pages} pages`);
  return pages;
}
