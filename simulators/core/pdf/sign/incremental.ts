/**
 * Incremental updates: the objects of a pdf-lib document that are new or changed since
 * `beginIncrementalUpdate` are appended to the ORIGINAL bytes, which stay untouched, followed by a
 * cross-reference section and trailer whose /Prev points at the file's last one. Earlier signatures
 * cover the original bytes, so they stay valid. Object bodies, the xref table or stream and the
 * trailer are serialised by pdf-lib; only the `n g obj … endobj` framing is written here. On an
 * encrypted base (`security`, encrypt.ts) each object is written encrypted and /Encrypt is kept.
 */
import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFCrossRefSection,
  PDFCrossRefStream,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFStream,
  PDFString,
  PDFTrailer,
  PDFTrailerDict,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';
import { serialise, type PdfSecurity } from '../encrypt.ts';
import { InvalidPdfError } from '../errors.ts';

/** Where the file's last cross-reference section is, and what kind it is. */
export interface PreviousSection {
  offset: number;
  kind: 'table' | 'stream';
  /** The trailer's /Size (0 when it could not be read). */
  size: number;
}

export interface IncrementalBase {
  original: Uint8Array;
  previous: PreviousSection;
  /** A fingerprint of every object as loaded, by "num gen". */
  fingerprints: Map<string, Fingerprint>;
  /** An encrypted file's key: every object written is encrypted with it (encrypt.ts). */
  security?: PdfSecurity;
}

type Fingerprint = string | { dict: string; contents: Uint8Array } | PDFObject;

export interface IncrementalResult {
  bytes: Uint8Array;
  /** Where each written object starts in `bytes` (by object number). */
  offsets: Map<number, number>;
  /** The object numbers written, ascending. */
  written: number[];
  /** The base for a further update on top of this one (same document, `bytes` as the original). */
  next: IncrementalBase;
}

const latin1 = (b: Uint8Array, from = 0, to = b.length) =>
  Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1', from, to);

/** The last `startxref` of a file and what it points at; undefined when it points at nothing usable. */
export function findPreviousSection(pdf: Uint8Array): PreviousSection | undefined {
  const tail = latin1(pdf, Math.max(0, pdf.length - 2048));
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)(?![\s\S]*startxref)/.exec(tail);
  if (!m) return undefined;
  const offset = Number(m[1]);
  if (!(offset > 0 && offset < pdf.length)) return undefined;
  const head = latin1(pdf, offset, Math.min(pdf.length, offset + 1024));
  if (head.startsWith('xref')) {
    // the trailer follows the table: look for its /Size after the table's entries
    const trailerAt = latin1(pdf, offset, pdf.length).indexOf('trailer');
    const size =
      trailerAt < 0
        ? 0
        : sizeIn(latin1(pdf, offset + trailerAt, Math.min(pdf.length, offset + trailerAt + 2048)));
    return { offset, kind: 'table', size };
  }
  if (/^\d+\s+\d+\s+obj\b/.test(head) && /\/Type\s*\/XRef\b/.test(head)) {
    return { offset, kind: 'stream', size: sizeIn(head) };
  }
  return undefined;
}

const sizeIn = (text: string) => Number(/\/Size\s+(\d+)/.exec(text)?.[1] ?? 0);

const key = (ref: PDFRef) => `${ref.objectNumber} ${ref.generationNumber}`;

function fingerprint(obj: PDFObject): Fingerprint {
  // Loaded streams keep their bytes as parsed: compare the dictionary's text and the bytes' identity.
  if (obj instanceof PDFRawStream) return { dict: obj.dict.toString(), contents: obj.contents };
  // A stream pdf-lib builds exists before a snapshot only when this module wrote it in an earlier
  // update of the same run (sign/prepare.ts chains updates), and nothing edits it after: identity.
  if (obj instanceof PDFStream) return obj;
  return obj.toString();
}

function sameAs(before: Fingerprint, obj: PDFObject): boolean {
  if (typeof before === 'string') return !(obj instanceof PDFStream) && before === obj.toString();
  if (before instanceof PDFStream) return before === obj;
  if ('dict' in before && obj instanceof PDFRawStream)
    return before.contents === obj.contents && before.dict === obj.dict.toString();
  return false;
}

/**
 * Records the document's objects as loaded from `original`, so `writeIncrementalUpdate` can tell
 * what changed. A file whose last cross-reference section cannot be found (pdf-lib reads such
 * files by scanning) is first rewritten whole by pdf-lib, and the update goes on top of that.
 */
export async function beginIncrementalUpdate(
  original: Uint8Array,
  doc: PDFDocument,
  security?: PdfSecurity,
): Promise<{ base: IncrementalBase; doc: PDFDocument }> {
  let previous = findPreviousSection(original);
  if (!previous) {
    original = await doc.save({
      useObjectStreams: false,
      addDefaultPage: false,
      updateFieldAppearances: false,
    });
    doc = await PDFDocument.load(original, { updateMetadata: false });
    previous = findPreviousSection(original);
    if (!previous) throw new InvalidPdfError('cannot locate the cross-reference section');
  }
  // New objects must not take a number the previous sections still list.
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, previous.size - 1);
  const fingerprints = new Map<string, Fingerprint>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects())
    fingerprints.set(key(ref), fingerprint(obj));
  return { base: { original, previous, fingerprints, ...(security ? { security } : {}) }, doc };
}

const encoder = new TextEncoder();

/** A freed object's entry carries the generation its number would be reused with. */
const nextGeneration = (ref: PDFRef) =>
  PDFRef.of(ref.objectNumber, Math.min(ref.generationNumber + 1, 65535));

/**
 * Appends the objects that are new or changed since `base` was taken (after flushing pdf-lib's
 * embedded fonts and images), a cross-reference section of the same kind as the previous one (a
 * classic table, or an xref stream when the previous section is a stream), and the trailer with
 * /Prev, /Root, /Info, /ID (the first part kept, the second new) and /Size.
 */
export async function writeIncrementalUpdate(
  doc: PDFDocument,
  base: IncrementalBase,
): Promise<IncrementalResult> {
  await doc.flush();
  const { original, previous, security } = base;
  const context = doc.context;
  const changed: Array<[PDFRef, PDFObject]> = [];
  const seen = new Set<string>();
  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    const k = key(ref);
    seen.add(k);
    const before = base.fingerprints.get(k);
    if (before === undefined || !sameAs(before, obj)) changed.push([ref, obj]);
  }
  const deleted: PDFRef[] = [];
  for (const k of base.fingerprints.keys()) {
    if (seen.has(k)) continue;
    const [num, gen] = k.split(' ').map(Number);
    deleted.push(PDFRef.of(num, gen));
  }

  // Nothing to add: no update (an empty xref section is not valid syntax).
  if (changed.length === 0 && deleted.length === 0)
    return { bytes: original, offsets: new Map(), written: [], next: base };

  const chunks: Uint8Array[] = [];
  let offset = original.length;
  const push = (b: Uint8Array) => {
    chunks.push(b);
    offset += b.length;
  };
  // The update starts on a line of its own.
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(encoder.encode('\n'));

  const offsets = new Map<number, number>();
  const entries: Array<{ ref: PDFRef; offset?: number }> = [];
  changed.sort(([a], [b]) => a.objectNumber - b.objectNumber);
  const hash = createHash('md5');
  for (const [ref, obj] of changed) {
    offsets.set(ref.objectNumber, offset);
    entries.push({ ref, offset });
    const body = serialise(security ? security.encryptObject(ref, obj) : obj);
    hash.update(body);
    push(encoder.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`));
    push(body);
    push(encoder.encode('\nendobj\n'));
  }
  for (const ref of deleted) entries.push({ ref });
  entries.sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);

  const trailer = context.obj({});
  const { Root, Info, ID, Encrypt } = context.trailerInfo;
  if (!Root) throw new InvalidPdfError('PDF has no /Root');
  trailer.set(PDFName.of('Root'), Root);
  if (Info)
    trailer.set(
      PDFName.of('Info'),
      security && !(Info instanceof PDFRef) ? security.encryptValue(Info) : Info,
    );
  if (Encrypt) trailer.set(PDFName.of('Encrypt'), Encrypt);
  // /ID: the first part names the document and stays; the second changes with every update.
  const firstId = ID instanceof PDFArray ? ID.get(0) : undefined;
  const secondId = PDFHexString.of(hash.digest('hex').toUpperCase());
  const keep = firstId instanceof PDFHexString || firstId instanceof PDFString ? firstId : secondId;
  const id = context.obj([keep, secondId]);
  trailer.set(PDFName.of('ID'), id);
  context.trailerInfo.ID = id; // a further update of this document keeps the first part
  trailer.set(PDFName.of('Prev'), PDFNumber.of(previous.offset));

  const xrefAt = offset;
  if (previous.kind === 'stream') {
    const xrefRef = context.nextRef();
    trailer.set(PDFName.of('Size'), PDFNumber.of(context.largestObjectNumber + 1));
    const stream = PDFCrossRefStream.of(trailer, [], true);
    for (const e of entries) {
      if (e.offset === undefined) stream.addDeletedEntry(nextGeneration(e.ref), 0);
      else stream.addUncompressedEntry(e.ref, e.offset);
    }
    stream.addUncompressedEntry(xrefRef, xrefAt);
    offsets.set(xrefRef.objectNumber, xrefAt);
    push(encoder.encode(`${xrefRef.objectNumber} ${xrefRef.generationNumber} obj\n`));
    push(serialise(stream));
    push(encoder.encode('\nendobj\n'));
  } else {
    trailer.set(PDFName.of('Size'), PDFNumber.of(context.largestObjectNumber + 1));
    const table = PDFCrossRefSection.createEmpty();
    for (const e of entries) {
      if (e.offset === undefined) table.addDeletedEntry(nextGeneration(e.ref), 0);
      else table.addEntry(e.ref, e.offset);
    }
    push(serialise(table));
    push(serialise(PDFTrailerDict.of(trailer)));
    push(encoder.encode('\n'));
  }
  push(serialise(PDFTrailer.forLastCrossRefSectionOffset(xrefAt)));
  push(encoder.encode('\n'));

  const bytes = new Uint8Array(offset);
  bytes.set(original, 0);
  let at = original.length;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  // What is now on file is the next update's starting point.
  const fingerprints = new Map(base.fingerprints);
  for (const ref of deleted) fingerprints.delete(key(ref));
  for (const [ref, obj] of changed) fingerprints.set(key(ref), fingerprint(obj));
  const next: IncrementalBase = {
    original: bytes,
    previous: { offset: xrefAt, kind: previous.kind, size: context.largestObjectNumber + 1 },
    fingerprints,
    ...(security ? { security } : {}),
  };
  return { bytes, offsets, written: [...offsets.keys()].sort((a, b) => a - b), next };
}
