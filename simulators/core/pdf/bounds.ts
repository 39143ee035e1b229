/**
 * Bounds on every PDF the toolkit reads, so that a small hostile file (a decompression bomb, a page
 * tree of 50,000 Kids or `/Count 1e9`, thousands of keyword hits) is refused fast instead of
 * stalling or exhausting the process. Checked before any parser sees the file (`prescan`: objects
 * and inflated stream bytes, from the raw bytes) and after pdf-lib has parsed it (`checkPageTree`).
 * Text items and keyword hits are counted while searching (keyword.ts). What escapes these is
 * stopped by the worker pool's per-job time and heap limits (pool.ts).
 */
import { inflateSync, constants as zlib } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFDocument } from 'pdf-lib';
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
 * every Flate/ASCIIHex/ASCII85 stream decodes to, inflated with a cap (zlib's maxOutputLength) so
 * a bomb costs at most the remaining budget. Streams with other filters (LZW, RunLength) are not
 * measured; the job limits cover them.
 */
export function prescan(bytes: Uint8Array, bounds: PdfBounds = PDF_BOUNDS): void {
  const text = latin1(bytes);
  let objects = 0;
  const header = /\d+\s+\d+\s+obj\b/g;
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
    const n = decodedLength(bytes.subarray(start, end), filters(dict), budget);
    at = end;
    if (n === undefined) continue;
    if (n > budget) {
      if (image) tooMany('image-bytes', 'an image decodes to more than its size or the image budget');
      tooMany('inflated-bytes', `streams decode to more than ${bounds.maxInflatedBytes / MB} MB`);
    }
    if (image) images += n;
    else plain += n;
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

const ALIASES: Record<string, string> = { Fl: 'FlateDecode', AHx: 'ASCIIHexDecode', A85: 'ASCII85Decode' };

function filters(dict: string): string[] {
  const m = /\/Filter\s*(\/[^\s/[\]<>()]+|\[([^\]]*)\])/.exec(dict);
  if (!m) return [];
  const names = (m[2] ?? m[1]!).match(/\/[^\s/[\]<>()]+/g) ?? [];
  return names.map((n) => ALIASES[n.slice(1)] ?? n.slice(1));
}

/**
 * Bytes the filter chain decodes to, at most `cap + 1` (more means over), or undefined when the
 * chain is not one this can measure (an image codec is the last step: nothing here decodes it).
 */
function decodedLength(raw: Uint8Array, chain: string[], cap: number): number | undefined {
  let data: Uint8Array = raw;
  for (const f of chain) {
    if (data.length > cap) return cap + 1;
    if (f === 'FlateDecode') data = inflateCapped(data, cap);
    else if (f === 'ASCIIHexDecode') data = fromHex(data);
    else if (f === 'ASCII85Decode') data = fromAscii85(data);
    else return undefined;
  }
  return data.length;
}

function inflateCapped(data: Uint8Array, cap: number): Uint8Array {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(1, cap + 1), finishFlush: zlib.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return new Uint8Array(cap + 1);
    return new Uint8Array(0); // corrupt data: the parsers decide what it is worth
  }
}

function fromHex(data: Uint8Array): Uint8Array {
  const s = latin1(data)
    .replace(/>.*$/s, '')
    .replace(/[^0-9a-fA-F]/g, '');
  return Buffer.from(s.length % 2 ? `${s}0` : s, 'hex');
}

function fromAscii85(data: Uint8Array): Uint8Array {
  const s = latin1(data).replace(/~>.*$/s, '').replace(/\s/g, '');
  const out: number[] = [];
  let group: number[] = [];
  const flush = (n: number) => {
    let v = 0;
    for (let i = 0; i < 5; i++) v = v * 85 + (group[i] ?? 84);
    for (let i = 0; i < n; i++) out.push((v >>> (24 - 8 * i)) & 0xff);
    group = [];
  };
  for (const ch of s) {
    if (ch === 'z' && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    const c = ch.charCodeAt(0) - 33;
    if (c < 0 || c > 84) continue;
    group.push(c);
    if (group.length === 5) flush(4);
  }
  if (group.length > 1) flush(group.length - 1);
  return Uint8Array.from(out);
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
