/**
 * Lets pdf-lib 1.17 drive fontkit 2.0.4.
 *
 * pdf-lib's `registerFontkit` expects the @pdf-lib/fontkit fork. The parts of that
 * interface pdf-lib touches are `create(bytes)` and, on a font, `layout`, metrics,
 * `characterSet`, `glyphForCodePoint` and `createSubset()`. fontkit 2 has all of them
 * except one: a subset no longer has `encodeStream()` (an event stream emitting the
 * font file); it has `encode()`, which returns the bytes at once. The adapter adds an
 * `encodeStream()` on top of `encode()`.
 *
 * Parsing a 10 MB CJK font is not free, so parsed fonts are cached per byte array.
 * A fontkit Font is safe to share between documents: each pdf-lib embedder makes
 * its own subset object.
 */
import * as fontkit from 'fontkit';
import type { FontkitFont, FontkitSubset } from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

/** What pdf-lib's registerFontkit accepts. */
export type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

type Listener = (arg?: unknown) => void;

/** The tiny slice of a Node stream that pdf-lib's subset embedder listens to. */
function bytesAsStream(produce: () => Uint8Array) {
  const listeners: Record<string, Listener[]> = {};
  const emitter = {
    on(event: string, fn: Listener) {
      (listeners[event] ??= []).push(fn);
      return emitter;
    },
  };
  // pdf-lib attaches its listeners synchronously after calling encodeStream().
  queueMicrotask(() => {
    try {
      const bytes = produce();
      for (const fn of listeners.data ?? []) fn(bytes);
      for (const fn of listeners.end ?? []) fn();
    } catch (err) {
      for (const fn of listeners.error ?? []) fn(err);
    }
  });
  return emitter;
}

function adaptSubset(subset: FontkitSubset): FontkitSubset {
  const s = subset as FontkitSubset & { encodeStream?: unknown };
  if (typeof s.encodeStream !== 'function') {
    s.encodeStream = () => bytesAsStream(() => subset.encode());
  }
  return subset;
}

function adaptFont(font: FontkitFont): FontkitFont {
  if ((font as { __sealsimAdapted?: boolean }).__sealsimAdapted) return font;
  const original = font.createSubset.bind(font);
  Object.defineProperty(font, 'createSubset', {
    value: () => adaptSubset(original()),
    configurable: true,
  });
  Object.defineProperty(font, '__sealsimAdapted', { value: true });
  return font;
}

const parsed = new WeakMap<Uint8Array, FontkitFont>();
const counters = { fontsParsed: 0 };

/** How many fonts this thread parsed (tests count work with it). */
export const fontCounters = () => ({ ...counters });

/** Parse (or fetch from cache) a font with fontkit 2, adapted for pdf-lib. */
export function createFont(bytes: Uint8Array): FontkitFont {
  let font = parsed.get(bytes);
  if (!font) {
    counters.fontsParsed++;
    const made = fontkit.create(bytes) as FontkitFont & { fonts?: FontkitFont[] };
    // A TrueType collection: take its first face, as pdf-lib would fail on a collection anyway.
    font = adaptFont(Array.isArray(made.fonts) ? made.fonts[0] : made);
    parsed.set(bytes, font);
  }
  return font;
}

/** The font type pdf-lib declares for the @pdf-lib/fontkit fork. */
type PdfLibFont = ReturnType<PdfLibFontkit['create']>;

/**
 * fontkit 2's Font has every member pdf-lib reads; only the declared types differ, so check the
 * methods pdf-lib calls (getters such as `characterSet` are left alone: reading one computes it).
 */
function servesPdfLib(font: object): font is PdfLibFont {
  const f = font as Partial<Record<keyof PdfLibFont, unknown>>;
  return (
    typeof f.layout === 'function' &&
    typeof f.createSubset === 'function' &&
    typeof f.glyphForCodePoint === 'function'
  );
}

/** Pass this to `pdfDoc.registerFontkit(...)`. */
export const fontkitAdapter: PdfLibFontkit = {
  create: (bytes: Uint8Array) => {
    const font = createFont(bytes);
    if (!servesPdfLib(font)) throw new Error('fontkit font lacks layout/createSubset/glyphForCodePoint');
    return font;
  },
};

export default fontkitAdapter;
