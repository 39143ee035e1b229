/**
 * Form XObject fan-out, bounded before pdfjs runs. pdfjs extracts text by running every page's
 * content and, at each `/Name Do` of a form XObject, the form's content again, so forms that draw
 * each other (10 levels × 10 `Do`s each is 10^10 draws) make a few hundred bytes run for ever.
 * This walks each page's content streams and the forms they reach, counting with multiplicity,
 * memoised per form: the forms drawn and the content bytes run. A form that reaches itself is
 * refused, and so is a count over the bounds. Type 3 glyph procedures are walked too (pdfjs runs
 * each once when it loads the font). Streams are decoded with a cap (decode.ts) from their own
 * budget of PDF_BOUNDS.maxInflatedBytes. Refusals: the `<vendor>.pdf-bounds` decision records.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { PDF_BOUNDS, type PdfBounds } from './bounds.ts';
import { decodeCapped, OVER, type DecodeParams, type DecodeStep } from './decode.ts';
import { PdfLimitError } from './errors.ts';

/**
 * What running a content stream costs, forms it draws included: forms drawn, content bytes,
 * nesting saves (see `readContent`) and the deepest `q` nesting reached from where it starts.
 */
interface Cost {
  forms: number;
  bytes: number;
  saves: number;
  depth: number;
}

/** A content stream as read: its decoded size, what it draws and its `q` nesting. */
interface Parsed extends Content {
  bytes: number;
}

interface Frame {
  key: PDFObject;
  acc: Cost;
  children: Array<{ form: PDFStream; resources: PDFDict | undefined } & Draws>;
  at: number;
}

/** Counts are exact up to here, which is far over any bound. */
const SATURATED = 2 ** 50;
const OWN = Symbol('own resources');

const Name = (n: string) => PDFName.of(n);

export function checkFormFanOut(doc: PDFDocument, bounds: PdfBounds = PDF_BOUNDS): void {
  new FanOut(bounds).document(doc);
}

class FanOut {
  private decodeBudget: number;
  private readonly parsed = new Map<PDFObject, Parsed>();
  private readonly costs = new Map<PDFStream, Map<PDFDict | typeof OWN | undefined, Cost>>();
  private readonly xobjects = new Map<PDFDict, Map<string, PDFObject | undefined>>();
  private readonly type3 = new Set<PDFDict>();
  private readonly type3Queue: Array<{ font: PDFDict; resources: PDFDict | undefined }> = [];
  private readonly total: Cost = { forms: 0, bytes: 0, saves: 0, depth: 0 };
  /** Form draws found while walking, each counted once: never more than the total. */
  private edges = 0;

  constructor(private readonly bounds: PdfBounds) {
    this.decodeBudget = bounds.maxInflatedBytes;
  }

  document(doc: PDFDocument): void {
    for (const page of doc.getPages()) {
      const contents = page.node.lookup(Name('Contents'));
      const resources = inheritedResources(page.node, this.bounds.maxTreeDepth);
      if (contents) this.add(this.run(this.frame(contents, resources)));
    }
    for (let font = this.type3Queue.shift(); font; font = this.type3Queue.shift()) {
      const procs = font.font.lookup(Name('CharProcs'));
      if (!(procs instanceof PDFDict)) continue;
      const own = font.font.lookup(Name('Resources'));
      const resources = own instanceof PDFDict ? own : font.resources;
      for (const [, ref] of procs.entries()) {
        const proc = procs.context.lookup(ref);
        if (proc instanceof PDFStream) this.add(this.run(this.frame(proc, resources)));
      }
    }
  }

  private add(cost: Cost): void {
    this.total.forms = sat(this.total.forms + cost.forms);
    this.total.bytes = sat(this.total.bytes + cost.bytes);
    this.total.saves = sat(this.total.saves + cost.saves);
    this.total.depth = Math.max(this.total.depth, cost.depth);
    this.check(this.total);
  }

  private check({ forms, bytes, saves, depth }: Cost): void {
    const { maxFormInvocations, maxContentBytes, maxSaveDepth, maxNestingSaves } = this.bounds;
    if (forms > maxFormInvocations)
      tooMany('form-xobjects', `form XObjects are drawn more than ${maxFormInvocations} times`);
    if (bytes > maxContentBytes)
      tooMany('content-bytes', `content streams run for more than ${maxContentBytes / 2 ** 20} MB`);
    if (depth > maxSaveDepth) tooDeep(maxSaveDepth);
    if (saves > maxNestingSaves) tooManySaves(maxNestingSaves);
  }

  /** The cost of a root frame (a page's contents or a glyph procedure), its forms walked depth first. */
  private run(root: Frame): Cost {
    const stack = [root];
    const drawing = new Set<PDFObject>([root.key]);
    for (;;) {
      const top = stack[stack.length - 1]!;
      const next = top.children[top.at];
      if (next) {
        const known = this.known(next.form, next.resources);
        if (known) {
          addTimes(top.acc, known, next);
          top.at++;
        } else {
          if (drawing.has(next.form)) tooMany('form-xobjects', 'a form XObject draws itself');
          drawing.add(next.form);
          stack.push(this.frame(next.form, next.resources));
        }
        continue;
      }
      stack.pop();
      drawing.delete(top.key);
      const parent = stack[stack.length - 1];
      if (!parent) return top.acc;
      const child = parent.children[parent.at]!;
      this.remember(child.form, child.resources, top.acc);
      addTimes(parent.acc, top.acc, child);
      parent.at++;
    }
  }

  /** A memoised form's cost: a form with its own resources costs the same wherever it is drawn. */
  private known(form: PDFStream, inherited: PDFDict | undefined): Cost | undefined {
    return this.costs.get(form)?.get(this.memoKey(form, inherited));
  }

  private remember(form: PDFStream, inherited: PDFDict | undefined, cost: Cost): void {
    let byResources = this.costs.get(form);
    if (!byResources) this.costs.set(form, (byResources = new Map()));
    byResources.set(this.memoKey(form, inherited), cost);
  }

  private memoKey(form: PDFStream, inherited: PDFDict | undefined): PDFDict | typeof OWN | undefined {
    return form.dict.lookup(Name('Resources')) instanceof PDFDict ? OWN : inherited;
  }

  /** A stream (or a page's array of them) to run, with the forms it draws resolved. */
  private frame(content: PDFObject, inherited: PDFDict | undefined): Frame {
    const own = content instanceof PDFStream ? content.dict.lookup(Name('Resources')) : undefined;
    const resources = own instanceof PDFDict ? own : inherited;
    const parsed = this.parse(content);
    const { bytes, saves, depth } = parsed;
    const frame: Frame = { key: content, acc: { forms: 0, bytes, saves, depth }, children: [], at: 0 };
    this.check(frame.acc);
    if (!resources) return frame;
    this.fonts(resources);
    const xobjects = this.xobjectsOf(resources);
    for (const [name, draws] of parsed.calls) {
      const xobject = xobjects.get(name);
      if (!(xobject instanceof PDFStream) || xobject.dict.lookup(Name('Subtype')) !== Name('Form')) continue;
      // every draw found adds at least one to the total: the walk is bounded by the bound itself
      if (++this.edges > this.bounds.maxFormInvocations) this.check({ ...frame.acc, forms: this.edges });
      frame.children.push({ form: xobject, resources, ...draws });
    }
    return frame;
  }

  /** Type 3 fonts of these resources, queued once each (pdfjs loads a font once per document). */
  private fonts(resources: PDFDict): void {
    const fonts = resources.lookup(Name('Font'));
    if (!(fonts instanceof PDFDict)) return;
    for (const [, ref] of fonts.entries()) {
      const font = fonts.context.lookup(ref);
      if (!(font instanceof PDFDict) || this.type3.has(font)) continue;
      if (font.lookup(Name('Subtype')) !== Name('Type3')) continue;
      this.type3.add(font);
      this.type3Queue.push({ font, resources });
    }
  }

  private xobjectsOf(resources: PDFDict): Map<string, PDFObject | undefined> {
    let map = this.xobjects.get(resources);
    if (map) return map;
    map = new Map();
    const dict = resources.lookup(Name('XObject'));
    if (dict instanceof PDFDict)
      for (const [key, ref] of dict.entries())
        map.set(decodeName(key.decodeText()), dict.context.lookup(ref));
    this.xobjects.set(resources, map);
    return map;
  }

  /** Decodes and reads a content stream, or a page's array of them run as one, once each. */
  private parse(content: PDFObject): Parsed {
    const seen = this.parsed.get(content);
    if (seen) return seen;
    const streams =
      content instanceof PDFArray ? content.asArray().map((_, i) => content.lookup(i)) : [content];
    const parts: Uint8Array[] = [];
    for (const s of streams) {
      if (!(s instanceof PDFStream)) continue;
      const data = decodeCapped(s.getContents(), stepsOf(s.dict), this.decodeBudget);
      if (data === OVER)
        tooMany('inflated-bytes', `streams decode to more than ${this.bounds.maxInflatedBytes / 2 ** 20} MB`);
      if (data === undefined) continue; // a filter no content stream has: pdfjs reads nothing either
      this.decodeBudget -= data.length;
      parts.push(data, SPACE);
    }
    const bytes = parts.length === 2 ? parts[0]! : Buffer.concat(parts);
    const parsed = { bytes: bytes.length, ...readContent(bytes, this.bounds) };
    this.parsed.set(content, parsed);
    return parsed;
  }
}

const SPACE = new Uint8Array([0x20]);

/** The page's /Resources or its nearest ancestor's, as pdfjs inherits them (a /Parent cycle ends it). */
function inheritedResources(page: PDFDict, maxDepth: number): PDFDict | undefined {
  const seen = new Set<PDFDict>();
  for (let node: PDFObject | undefined = page; node instanceof PDFDict && !seen.has(node);) {
    if (seen.size > maxDepth) return undefined;
    seen.add(node);
    const resources = node.lookup(Name('Resources'));
    if (resources instanceof PDFDict) return resources;
    node = node.lookup(Name('Parent'));
  }
  return undefined;
}

function sat(n: number): number {
  return Math.min(n, SATURATED);
}

/** Adds a form drawn `times` times at nesting up to `deepest` (pdfjs saves once more for a form). */
function addTimes(acc: Cost, child: Cost, { times, deepest }: Draws): void {
  acc.forms = sat(acc.forms + times * (1 + child.forms));
  acc.bytes = sat(acc.bytes + times * child.bytes);
  acc.saves = sat(acc.saves + times * child.saves);
  acc.depth = Math.max(acc.depth, deepest + 1 + child.depth);
}

function tooMany(limit: string, what: string): never {
  throw new PdfLimitError(limit, `PDF over sealsim's bounds: ${what}`);
}

const tooDeep = (max: number) =>
  tooMany('save-depth', `graphics states (q) are nested more than ${max} deep`);
const tooManySaves = (max: number) =>
  tooMany('nesting-saves', `more than ${max} nested graphics-state saves (q) are run`);

/** The stream's filters with their parameters, paired as pdfjs pairs them. */
function stepsOf(dict: PDFDict): DecodeStep[] {
  const filter = dict.lookup(Name('Filter'));
  const parms = dict.lookup(Name('DecodeParms'));
  if (filter instanceof PDFName) return [{ filter: filter.decodeText(), params: paramsOf(parms) }];
  if (!(filter instanceof PDFArray)) return [];
  return filter.asArray().map((f, i) => {
    const name = dict.context.lookup(f);
    const p = parms instanceof PDFArray && i < parms.size() ? parms.lookup(i) : undefined;
    return { filter: name instanceof PDFName ? name.decodeText() : '?', params: paramsOf(p) };
  });
}

function paramsOf(obj: PDFObject | undefined): DecodeParams | undefined {
  if (!(obj instanceof PDFDict)) return undefined;
  const num = (key: string) => {
    const v = obj.lookup(Name(key));
    return v instanceof PDFNumber ? v.asNumber() : undefined;
  };
  return {
    predictor: num('Predictor'),
    colors: num('Colors'),
    bitsPerComponent: num('BitsPerComponent'),
    columns: num('Columns'),
    earlyChange: num('EarlyChange'),
  };
}

const decodeName = (name: string) =>
  name.includes('#')
    ? name.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    : name;

// PDF lexical classes: whitespace, delimiters, and the regular characters tokens are made of
const WHITESPACE = new Set([0, 9, 10, 12, 13, 32]);
const DELIMITERS = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));
const REGULAR = Uint8Array.from({ length: 256 }, (_, c) => (WHITESPACE.has(c) || DELIMITERS.has(c) ? 0 : 1));
const [PAREN_OPEN, PAREN_CLOSE, BACKSLASH, LT, GT, SLASH, PERCENT] = [...'()\\<>/%'].map((c) =>
  c.charCodeAt(0),
);
const [LOWER_Q, UPPER_Q, UPPER_D, LOWER_O, UPPER_B, UPPER_I] = [...'qQDoBI'].map((c) => c.charCodeAt(0));

/** How often a name is drawn, and the deepest `q` nesting it is drawn at. */
interface Draws {
  times: number;
  deepest: number;
}

/** What one content stream draws, and its `q` nesting. */
interface Content {
  calls: Map<string, Draws>;
  /** `q` operators run while the state they save is still a fresh one (see readContent). */
  saves: number;
  /** The deepest nesting of `q` reached (a `Q` with nothing saved is ignored, as pdfjs does). */
  depth: number;
}

/** How often each name is drawn (see readContent), for tests. */
export function drawnNames(b: Uint8Array, maxNames: number): Map<string, number> {
  const { calls } = readContent(b, { ...PDF_BOUNDS, maxFormInvocations: maxNames });
  return new Map([...calls].map(([name, d]) => [name, d.times]));
}

/**
 * Reads a content stream with a small tokenizer (strings, hex strings, comments and inline images
 * skipped): the names drawn (`/Name Do`, the name being the operator's last operand, as pdfjs takes
 * it), and the graphics-state nesting. pdfjs' text extraction makes each saved state a prototype of
 * the next, so a `q` that saves a state no `q` has saved yet (a `q` right after a `q`, or first in a
 * stream) costs about 10 µs, more the deeper it is; `q Q` pairs cost nearly nothing. Both the
 * nesting depth and the count of such saves are bounded, here per stream and in `FanOut` with
 * forms' multiplicity. More distinct names than `maxFormInvocations` is refused (no resource
 * dictionary holds that many).
 */
export function readContent(
  b: Uint8Array,
  bounds: Pick<PdfBounds, 'maxFormInvocations' | 'maxSaveDepth' | 'maxNestingSaves'>,
): Content {
  const { maxFormInvocations: maxNames, maxSaveDepth, maxNestingSaves } = bounds;
  const calls = new Map<string, Draws>();
  let [saves, depth, deepest, fresh] = [0, 0, 0, true];
  let name: string | undefined; // the last operand, when it is a name
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (WHITESPACE.has(c)) {
      i++;
    } else if (c === PERCENT) {
      while (i < n && b[i] !== 10 && b[i] !== 13) i++;
    } else if (c === PAREN_OPEN) {
      i = skipString(b, i);
      name = undefined;
    } else if (c === LT) {
      const end = b[i + 1] === LT ? i + 1 : b.indexOf(GT, i); // `<<`, or a hex string
      i = end === -1 ? n : end + 1;
      name = undefined;
    } else if (c === SLASH) {
      const start = ++i;
      while (i < n && REGULAR[b[i]!]) i++;
      name = decodeName(Buffer.from(b.buffer, b.byteOffset + start, i - start).toString('latin1'));
    } else if (!REGULAR[c]) {
      i++; // [ ] { } >
      name = undefined;
    } else {
      const start = i;
      while (i < n && REGULAR[b[i]!]) i++;
      const length = i - start;
      if (length === 1 && c === LOWER_Q) {
        if (fresh && ++saves > maxNestingSaves) tooManySaves(maxNestingSaves);
        if (++depth > maxSaveDepth) tooDeep(maxSaveDepth);
        deepest = Math.max(deepest, depth);
        fresh = true;
      } else if (length === 1 && c === UPPER_Q && depth > 0) {
        depth--;
        fresh = false; // the state restored is one a `q` saved
      } else if (length === 2 && c === UPPER_D && b[start + 1] === LOWER_O && name !== undefined) {
        const draws = calls.get(name);
        if (draws) {
          draws.times++;
          draws.deepest = Math.max(draws.deepest, depth);
        } else calls.set(name, { times: 1, deepest: depth });
        if (calls.size > maxNames) tooMany('form-xobjects', `a content stream draws ${maxNames}+ names`);
      } else if (length === 2 && c === UPPER_B && b[start + 1] === UPPER_I) i = skipInlineImage(b, i);
      name = undefined;
    }
  }
  return { calls, saves, depth: deepest };
}

/** Past a literal string: nested parentheses balanced, backslash escapes skipped. */
function skipString(b: Uint8Array, i: number): number {
  let depth = 0;
  for (; i < b.length; i++) {
    const c = b[i];
    if (c === BACKSLASH) i++;
    else if (c === PAREN_OPEN) depth++;
    else if (c === PAREN_CLOSE && --depth === 0) return i + 1;
  }
  return b.length;
}

/** Past an inline image (`BI … ID data EI`): `ID` then `EI` as whole tokens. */
function skipInlineImage(b: Uint8Array, i: number): number {
  const id = token(b, 'ID', i);
  if (id === -1) return b.length;
  const ei = token(b, 'EI', id + 3);
  return ei === -1 ? b.length : ei + 2;
}

/** Where `word` next stands alone (whitespace before it, whitespace, a delimiter or the end after). */
function token(b: Uint8Array, word: string, from: number): number {
  const [a, c] = [word.charCodeAt(0), word.charCodeAt(1)];
  for (let i = b.indexOf(a, from); i !== -1; i = b.indexOf(a, i + 1)) {
    if (b[i + 1] !== c) continue;
    const before = i === 0 || WHITESPACE.has(b[i - 1]!);
    const after = i + 2 >= b.length || !REGULAR[b[i + 2]!];
    if (before && after) return i;
  }
  return -1;
}
