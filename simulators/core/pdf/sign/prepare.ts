/**
 * The first phase of signing, run in a PDF worker: the signature field, its widgets with the seals
 * as appearance, and the signature dictionary with a zero-filled /Contents are added as an
 * incremental update; the caller signs the byte range (the key never enters the worker) and
 * `embedSignature` (embed.ts) writes the DER into the placeholder.
 */
import {
  PDFArray,
  type PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  type PDFDocument,
  type PDFRef,
} from 'pdf-lib';
import { openForEncryptedSigning } from '../encrypt.ts';
import { PageOutOfRangeError } from '../errors.ts';
import { loadPdf } from '../load.ts';
import { planStamps } from '../stamp.ts';
import { drawAppearances, type Widget } from './appearance.ts';
import { beginIncrementalUpdate, writeIncrementalUpdate } from './incremental.ts';
import {
  SIGNATURE_PLACEHOLDER_BYTES,
  type PreparedSignature,
  type SignatureOptions,
  type SignatureSlot,
} from './types.ts';

/** Ten digits each: any offset a file within the bounds can have, overwritten in place. */
const BYTE_RANGE_PLACEHOLDER = 9_999_999_999;

/** Print and Locked: shown and printed, not movable. */
const WIDGET_FLAGS = 4 | 128;

const name = (n: string) => PDFName.of(n);
const text = (s: string) => PDFHexString.fromText(s);

export async function prepareSignature(
  pdf: Uint8Array,
  opts: SignatureOptions = {},
): Promise<PreparedSignature> {
  const placeholderBytes = opts.placeholderBytes ?? SIGNATURE_PLACEHOLDER_BYTES;
  if (!Number.isInteger(placeholderBytes) || placeholderBytes < 256 || placeholderBytes > 1 << 20)
    throw new RangeError(`placeholderBytes must be an integer from 256 to 1048576, got ${placeholderBytes}`);
  // With `encryption` the base is the document encrypted (encrypt.ts: a plain input encrypted
  // whole, an encrypted one opened with the password) and the signatures are incremental updates
  // on it, their objects encrypted with its file key.
  const opened = opts.encryption ? await openForEncryptedSigning(pdf, opts.encryption) : undefined;
  const loaded = opened?.doc ?? (await loadPdf(pdf));
  const plans = await planStamps(loaded, opened?.plain ?? pdf, opts.appearance ?? [], !opened);
  const begun = opened
    ? await beginIncrementalUpdate(opened.encrypted, loaded, opened.security)
    : await beginIncrementalUpdate(pdf, loaded);
  const doc = begun.doc; // planStamps' pages and points hold for a rewritten base too (same pages)
  let base = begun.base;

  const { widgets, placed } = await drawAppearances(doc, plans);
  if (widgets.length === 0) {
    const page = opts.page ?? 1;
    if (!Number.isInteger(page) || page < 1 || page > doc.getPageCount())
      throw new PageOutOfRangeError(page, doc.getPageCount());
    widgets.push({ pageIndex: page - 1, rect: [0, 0, 0, 0] });
  }

  // decision (docs/architecture.md): one signature per widget (a 骑缝 seal: one per page), each its
  // own incremental update, so every signature has one field with one widget.
  const taken = fieldNames(doc);
  const slots: SignatureSlot[] = [];
  let bytes = base.original;
  for (const [i, widget] of widgets.entries()) {
    const fieldName = chooseFieldName(taken, opts.fieldName, i);
    taken.add(fieldName);
    const sigRef = addSignature(doc, widget, fieldName, opts, placeholderBytes, i === 0);
    const update = await writeIncrementalUpdate(doc, base);
    bytes = update.bytes;
    const sigAt = update.offsets.get(sigRef.objectNumber);
    if (sigAt === undefined) throw new Error('the signature dictionary was not written');
    slots.push({ ...fillByteRange(bytes, sigAt, placeholderBytes), fieldName, page: widget.pageIndex + 1 });
    base = { ...update.next, original: bytes };
  }
  return { bytes, ...slots[0], slots, placed };
}

/** The signature dictionary and its field (merged with its widget); returns the dictionary's ref. */
function addSignature(
  doc: PDFDocument,
  widget: Widget,
  fieldName: string,
  opts: SignatureOptions,
  placeholderBytes: number,
  first: boolean,
): PDFRef {
  const ctx = doc.context;
  const timeStamp = opts.docTimeStamp === true;
  const sig = ctx.obj({});
  sig.set(name('Type'), name(timeStamp ? 'DocTimeStamp' : 'Sig'));
  sig.set(name('Filter'), name(opts.filter ?? 'Adobe.PPKLite'));
  sig.set(name('SubFilter'), name(opts.subFilter ?? (timeStamp ? 'ETSI.RFC3161' : 'ETSI.CAdES.detached')));
  const hold = BYTE_RANGE_PLACEHOLDER;
  sig.set(name('ByteRange'), ctx.obj([0, hold, hold, hold]));
  sig.set(name('Contents'), PDFHexString.of('0'.repeat(placeholderBytes * 2)));
  if (opts.signingTime) sig.set(name('M'), PDFString.of(pdfDate(new Date(opts.signingTime))));
  if (opts.name) sig.set(name('Name'), text(opts.name));
  if (opts.reason) sig.set(name('Reason'), text(opts.reason));
  if (opts.location) sig.set(name('Location'), text(opts.location));
  if (opts.contactInfo) sig.set(name('ContactInfo'), text(opts.contactInfo));
  if (opts.propBuild) sig.set(name('Prop_Build'), ctx.obj({ App: { Name: name(opts.propBuild.App.Name) } }));
  // Only the first signature of a document certifies it; of several widgets, only the first.
  const certify =
    first && opts.certify && !timeStamp ? (opts.certify === true ? 2 : opts.certify.permissions) : 0;
  if (certify) {
    const params = ctx.obj({ Type: 'TransformParams', P: certify, V: name('1.2') });
    const reference = ctx.obj({ Type: 'SigRef', TransformMethod: 'DocMDP', TransformParams: params });
    sig.set(name('Reference'), ctx.obj([reference]));
  }
  const sigRef = ctx.register(sig);
  if (certify) doc.catalog.set(name('Perms'), ctx.obj({ DocMDP: sigRef }));

  const field = ctx.obj({ FT: 'Sig', T: text(fieldName), V: sigRef });
  const fieldRef = ctx.register(field);
  addWidget(doc, field, fieldRef, widget);
  const acroForm = doc.catalog.getOrCreateAcroForm();
  acroForm.addField(fieldRef);
  // SignaturesExist | AppendOnly
  acroForm.dict.set(name('SigFlags'), PDFNumber.of(3));
  return sigRef;
}

/** Finds the placeholders in the written dictionary and writes the real /ByteRange in place. */
function fillByteRange(bytes: Uint8Array, sigAt: number, placeholderBytes: number) {
  const size = Math.min(bytes.length - sigAt, placeholderBytes * 2 + 65_536);
  const window = Buffer.from(bytes.buffer, bytes.byteOffset + sigAt, size);
  const contentsOffset = sigAt + indexAfter(window, '/Contents', '<');
  const contentsLength = placeholderBytes * 2 + 2;
  const byteRange: SignatureSlot['byteRange'] = [
    0,
    contentsOffset,
    contentsOffset + contentsLength,
    bytes.length - contentsOffset - contentsLength,
  ];
  // Overwrite the placeholder array's inside, padded with spaces to the same length.
  const open = sigAt + indexAfter(window, '/ByteRange', '[');
  const close = bytes.indexOf(0x5d, open); // ']'
  const inner = ` ${byteRange.join(' ')}`.padEnd(close - open - 1, ' ');
  if (inner.length !== close - open - 1) throw new Error('the byte range does not fit its placeholder');
  bytes.set(Buffer.from(inner, 'latin1'), open + 1);
  return { byteRange, contentsOffset, contentsLength };
}

/** Where `open` is, after the first `key` in `window`. */
function indexAfter(window: Buffer, key: string, open: string): number {
  const k = window.indexOf(key);
  const at = k < 0 ? -1 : window.indexOf(open, k + key.length);
  if (at < 0) throw new Error(`${key} not found in the written signature dictionary`);
  return at;
}

function addWidget(doc: PDFDocument, dict: PDFDict, ref: PDFRef, w: Widget) {
  const page = doc.getPage(w.pageIndex);
  dict.set(name('Type'), name('Annot'));
  dict.set(name('Subtype'), name('Widget'));
  dict.set(name('Rect'), doc.context.obj(w.rect));
  dict.set(name('F'), PDFNumber.of(WIDGET_FLAGS));
  dict.set(name('P'), page.ref);
  if (w.appearance) dict.set(name('AP'), doc.context.obj({ N: w.appearance }));
  // Not page.node.addAnnot: it normalises the page (wraps its content streams), a needless change.
  const annots = page.node.Annots();
  if (annots instanceof PDFArray) annots.push(ref);
  else page.node.set(name('Annots'), doc.context.obj([ref]));
}

function fieldNames(doc: PDFDocument): Set<string> {
  const taken = new Set<string>();
  for (const [field] of doc.catalog.getAcroForm()?.getAllFields() ?? []) {
    const n = field.getFullyQualifiedName();
    if (n) taken.add(n);
  }
  return taken;
}

/** The wanted name (then `name-2`, `name-3`… for further widgets), or the first free `Signature<n>`. */
function chooseFieldName(taken: Set<string>, wanted: string | undefined, index: number): string {
  if (wanted !== undefined) {
    if (!wanted || wanted.includes('.'))
      throw new RangeError(`invalid signature field name ${JSON.stringify(wanted)}`);
    const n = index === 0 ? wanted : `${wanted}-${index + 1}`;
    if (taken.has(n)) throw new RangeError(`a field named ${JSON.stringify(n)} exists already`);
    return n;
  }
  for (let n = 1; ; n++) if (!taken.has(`Signature${n}`)) return `Signature${n}`;
}

/** A PDF date in Beijing time (UTC+8), as the vendors' servers write it. */
export function pdfDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('signingTime is not a valid date');
  const t = new Date(d.getTime() + 8 * 3_600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `D:${p(t.getUTCFullYear(), 4)}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}` +
    `${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}+08'00'`
  );
}
