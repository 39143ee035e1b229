import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFRef, PDFString, StandardFonts } from 'pdf-lib';
import {
  beginIncrementalUpdate,
  findPreviousSection,
  writeIncrementalUpdate,
} from '../../../../simulators/core/pdf/sign/incremental.ts';
import { withPdfjs } from '../../../../simulators/core/pdf/pdfjs.ts';
import { qpdfCheck } from './verify.ts';

async function madeByPdfLib(objectStreams: boolean) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 3; i++) doc.addPage([300, 300]).drawText(`page ${i + 1}`, { x: 40, y: 40, font });
  return doc.save({ useObjectStreams: objectStreams });
}

/** Adds one page's text and a new Info entry as an update; returns the new file. */
async function update(original: Uint8Array, label: string) {
  const { base, doc } = await beginIncrementalUpdate(
    original,
    await PDFDocument.load(original, { updateMetadata: false }),
  );
  const font = await doc.embedFont(StandardFonts.Courier);
  doc.getPage(1).drawText(label, { x: 40, y: 200, font });
  doc.setTitle(label);
  return { ...(await writeIncrementalUpdate(doc, base)), base };
}

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

async function pdfjsText(pdf: Uint8Array, page: number) {
  return withPdfjs(pdf, async (doc) => {
    const content = await (await doc.getPage(page)).getTextContent();
    return content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
  });
}

describe('incremental updates', () => {
  it('appends to a pdf-lib file with a classic table: original bytes untouched, /Prev, valid', async () => {
    const original = await madeByPdfLib(false);
    const prev = findPreviousSection(original);
    expect(prev?.kind).toBe('table');
    const { bytes, written } = await update(original, 'second');
    expect(Buffer.from(bytes.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
    const tail = text(bytes.subarray(original.length));
    expect(tail).toMatch(/\nxref\n/);
    expect(tail).toContain(`/Prev ${prev?.offset}`);
    expect(tail).toMatch(/\/Root \d+ 0 R/);
    expect(tail).toMatch(/\/Size \d+/);
    expect(tail).toMatch(/\/ID \[ <[0-9A-F]+> <[0-9A-F]+> \]/);
    // only what changed: the page, the Info dictionary and new objects; not the other pages
    const untouched = (await PDFDocument.load(original)).getPage(0).ref.objectNumber;
    expect(written).not.toContain(untouched);
    expect(qpdfCheck(bytes)).toMatchObject({ ok: true });
    const reloaded = await PDFDocument.load(bytes);
    expect(reloaded.getTitle()).toBe('second');
    expect(await pdfjsText(bytes, 2)).toContain('second');
    expect(await pdfjsText(bytes, 1)).toContain('page 1');
  });

  it('continues an xref stream with an xref stream (object streams in the original)', async () => {
    const original = await madeByPdfLib(true);
    expect(text(original)).toContain('/Type /ObjStm');
    expect(findPreviousSection(original)?.kind).toBe('stream');
    const { bytes } = await update(original, 'streamed');
    const tail = text(bytes.subarray(original.length));
    expect(tail).not.toMatch(/\nxref\n/);
    expect(tail).toMatch(/\/Type \/XRef/);
    expect(tail).toContain(`/Prev ${findPreviousSection(original)?.offset}`);
    expect(qpdfCheck(bytes)).toMatchObject({ ok: true });
    expect(await pdfjsText(bytes, 2)).toContain('streamed');
    expect((await PDFDocument.load(bytes)).getTitle()).toBe('streamed');
  });

  it('updates a file that already has an incremental update, keeping the first /ID part', async () => {
    const doc = await PDFDocument.load(await madeByPdfLib(false));
    doc.context.trailerInfo.ID = doc.context.obj([PDFString.of('a'), PDFString.of('b')]);
    const withId = await doc.save({ useObjectStreams: false });
    const once = await update(withId, 'one');
    const twice = await update(once.bytes, 'two');
    expect(findPreviousSection(once.bytes)?.offset).toBeGreaterThan(withId.length);
    expect(text(twice.bytes.subarray(once.bytes.length))).toContain(
      `/Prev ${findPreviousSection(once.bytes)?.offset}`,
    );
    // new objects never reuse a number an earlier section lists
    expect(Math.min(...twice.written)).toBeGreaterThan(0);
    expect(qpdfCheck(twice.bytes)).toMatchObject({ ok: true });
    expect(await pdfjsText(twice.bytes, 2)).toMatch(/one.*two|two.*one/);
    const reloaded = await PDFDocument.load(twice.bytes);
    expect(reloaded.getTitle()).toBe('two');
    expect(reloaded.context.trailerInfo.ID?.toString()).toMatch(/^\[ \(a\) <[0-9A-F]+> \]$/);
  });

  it('rewrites a file whose startxref points nowhere, then appends on top of that', async () => {
    const original = await madeByPdfLib(false);
    const broken = Buffer.from(text(original).replace(/startxref\s+\d+/, 'startxref\n7'), 'latin1');
    expect(findPreviousSection(broken)).toBeUndefined();
    const { bytes, base } = await update(broken, 'fixed');
    expect(findPreviousSection(base.original)).toBeDefined();
    expect(qpdfCheck(bytes)).toMatchObject({ ok: true });
    expect((await PDFDocument.load(bytes)).getTitle()).toBe('fixed');
  });

  it('writes only what changed, and nothing on a second update without changes', async () => {
    const original = await madeByPdfLib(false);
    const { base, doc } = await beginIncrementalUpdate(
      original,
      await PDFDocument.load(original, { updateMetadata: false }),
    );
    doc.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));
    const one = await writeIncrementalUpdate(doc, base);
    const root = doc.context.trailerInfo.Root;
    expect(one.written).toEqual([root instanceof PDFRef ? root.objectNumber : -1]);
    expect(qpdfCheck(one.bytes)).toMatchObject({ ok: true });
    const firstId = (id: Uint8Array) => /\/ID \[ (<[0-9A-F]+>)/.exec(text(id).slice(-400))?.[1];
    doc.setTitle('chained');
    const two = await writeIncrementalUpdate(doc, one.next);
    expect(firstId(two.bytes)).toBe(firstId(one.bytes));
    expect(qpdfCheck(two.bytes)).toMatchObject({ ok: true });
    const again = await writeIncrementalUpdate(doc, two.next);
    expect(again.written).toEqual([]);
    expect(again.bytes).toBe(two.bytes);
  });
});
