/**
 * Hostile PDFs built from raw bytes, each small on disk: decompression bombs (a page's content and
 * an object stream), page trees that are too wide (50,000 Kids, `/Count 1e9`) or too deep, a
 * keyword with thousands of hits, form XObjects drawn 10^10 times (from a page or a Type 3 glyph),
 * LZW and RunLength bombs, graphics states nested too deep or too often.
 * Every one has a correct cross-reference table, so parsers take it as well-formed.
 */
import { deflateSync } from 'node:zlib';

type Body = string | { dict: string; data: Uint8Array };

/** A PDF from object bodies: object i + 1 is `bodies[i]`; object 1 must be the catalog. */
export function rawPdf(bodies: Body[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  const push = (b: Buffer) => {
    parts.push(b);
    length += b.length;
  };
  bodies.forEach((body, i) => {
    offsets.push(length);
    if (typeof body === 'string') push(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
    else {
      push(Buffer.from(`${i + 1} 0 obj\n<< ${body.dict} /Length ${body.data.length} >>\nstream\n`, 'latin1'));
      push(Buffer.from(body.data));
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
  });
  const xref = length;
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  push(
    Buffer.from(
      `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${rows}` +
        `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
  return new Uint8Array(Buffer.concat(parts));
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const A4 = '[0 0 595 842]';

/** One page showing `content`, with /F1 Helvetica; extra objects follow as 5, 6, … */
function onePage(content: Body, extra: Body[] = [], resources = '/Font << /F1 4 0 R >>'): Uint8Array {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox ${A4} /Resources << ${resources} >> /Contents 5 0 R >>`,
    FONT,
    content,
    ...extra,
  ]);
}

/** Deflates `mb` megabytes of `unit` repeated, without holding the plain text all at once. */
function deflateRepeated(unit: string, mb: number): Uint8Array {
  const block = Buffer.from(unit.repeat(Math.ceil((1024 * 1024) / unit.length)), 'latin1');
  return deflateSync(Buffer.concat(Array.from({ length: mb }, () => block)), { level: 9 });
}

/** A page whose content stream inflates to `mb` MB of text operators (about 1,000:1). */
export function contentBomb(mb = 200): Uint8Array {
  return onePage({
    dict: '/Filter /FlateDecode',
    data: deflateRepeated('BT /F1 9 Tf 20 800 Td (bomb) Tj ET\n', mb),
  });
}

/** Two Flate layers: a few KB that decode to `mb` MB. */
export function doubleFlateBomb(mb = 256): Uint8Array {
  const inner = deflateRepeated(' ', mb);
  return onePage({ dict: '/Filter [/FlateDecode /FlateDecode]', data: deflateSync(inner, { level: 9 }) });
}

/** An object stream (which pdf-lib decodes while loading) inflating to `mb` MB. */
export function objectStreamBomb(mb = 128): Uint8Array {
  const data = deflateRepeated(' ', mb);
  return onePage('<< /Length 0 >>\nstream\n\nendstream', [
    { dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', data },
  ]);
}

/** A page tree root with `kids` Kids (all the same page) and the given /Count. */
export function widePageTree(kids = 50_000, count: number | string = '1000000000'): Uint8Array {
  const list = Array.from({ length: kids }, () => '3 0 R').join(' ');
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${list}] /Count ${count} >>`,
    `<< /Type /Page /Parent 2 0 R /MediaBox ${A4} /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>`,
    FONT,
    { dict: '', data: Buffer.from('BT /F1 12 Tf 72 700 Td (wide) Tj ET') },
  ]);
}

/** `depth` nested /Pages nodes over one page (/Count 1 all the way). */
export function deepPageTree(depth = 2000): Uint8Array {
  // objects: 1 catalog, 2 font, 3 content, 4 page, 5… the Pages nodes (5 is the root)
  const nodes: Body[] = [];
  for (let i = 0; i < depth; i++) {
    const self = 5 + i;
    const kid = i === depth - 1 ? 4 : self + 1;
    const parent = i === 0 ? '' : `/Parent ${self - 1} 0 R`;
    nodes.push(`<< /Type /Pages ${parent} /Kids [${kid} 0 R] /Count 1 >>`);
  }
  return rawPdf([
    '<< /Type /Catalog /Pages 5 0 R >>',
    FONT,
    { dict: '', data: Buffer.from('BT /F1 12 Tf 72 700 Td (deep) Tj ET') },
    `<< /Type /Page /Parent ${4 + depth} 0 R /MediaBox ${A4} /Resources << /Font << /F1 2 0 R >> >> /Contents 3 0 R >>`,
    ...nodes,
  ]);
}

/** A page where `keyword` (ASCII) occurs `times` times on one line. */
export function manyHits(keyword = 'SIGN', times = 5000): Uint8Array {
  const text = `${keyword} `.repeat(times);
  return onePage({
    dict: '/Filter /FlateDecode',
    data: deflateSync(`BT /F1 2 Tf 10 800 Td (${text}) Tj ET`),
  });
}

/**
 * Form XObjects fanning out: each level draws one text item and the level below `fan` times, so
 * the page draws forms about fan^levels times (10^10 by default) in a few hundred bytes.
 */
export function xobjectFanOut(levels = 10, fan = 10): Uint8Array {
  // objects: 5 page content, 6… the forms (6 is the top level)
  const forms: Body[] = [];
  for (let l = 0; l < levels; l++) {
    const below = l === levels - 1 ? '' : `/X${l + 1} Do `.repeat(fan);
    const res = l === levels - 1 ? '' : `/XObject << /X${l + 1} ${7 + l} 0 R >>`;
    forms.push({
      dict: `/Type /XObject /Subtype /Form /BBox ${A4} /Resources << /Font << /F1 4 0 R >> ${res} >>`,
      data: Buffer.from(`BT /F1 9 Tf 20 700 Td (fan) Tj ET ${below}`),
    });
  }
  return onePage(
    { dict: '', data: Buffer.from('/X0 Do') },
    forms,
    '/Font << /F1 4 0 R >> /XObject << /X0 6 0 R >>',
  );
}

/** Two form XObjects drawing each other (`cycle` 1: a form drawing itself). */
export function xobjectCycle(cycle = 2): Uint8Array {
  const forms: Body[] = Array.from({ length: cycle }, (_, i) => ({
    dict:
      `/Type /XObject /Subtype /Form /BBox ${A4} ` +
      `/Resources << /Font << /F1 4 0 R >> /XObject << /Y ${6 + ((i + 1) % cycle)} 0 R >> >>`,
    data: Buffer.from('BT /F1 9 Tf (loop) Tj ET /Y Do'),
  }));
  return onePage(
    { dict: '', data: Buffer.from('/Y Do') },
    forms,
    '/Font << /F1 4 0 R >> /XObject << /Y 6 0 R >>',
  );
}

/**
 * A Type 3 font whose one glyph procedure draws a form XObject fan-out (pdfjs runs the procedure
 * when it loads the font for text extraction).
 */
export function type3FanOut(levels = 10, fan = 10): Uint8Array {
  // objects: 5 page content, 6 the Type 3 font, 7 its glyph procedure, 8… the forms
  const forms: Body[] = [];
  for (let l = 0; l < levels; l++) {
    const below = l === levels - 1 ? '' : `/X${l + 1} Do `.repeat(fan);
    const res = l === levels - 1 ? '' : `/XObject << /X${l + 1} ${9 + l} 0 R >>`;
    forms.push({
      dict: `/Type /XObject /Subtype /Form /BBox ${A4} /Resources << ${res} >>`,
      data: Buffer.from(below),
    });
  }
  return onePage(
    { dict: '', data: Buffer.from('BT /T3 12 Tf 72 700 Td (a) Tj ET') },
    [
      '<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] ' +
        '/CharProcs << /a 7 0 R >> /Encoding << /Differences [97 /a] >> /FirstChar 97 /LastChar 97 ' +
        '/Widths [1000] /Resources << /XObject << /X0 8 0 R >> >> >>',
      { dict: '', data: Buffer.from('1000 0 0 0 1000 1000 d1 /X0 Do') },
      ...forms,
    ],
    '/Font << /F1 4 0 R /T3 6 0 R >>',
  );
}

/**
 * LZW codes of `bytes` spaces (a few more: whole table entries): the table is filled with ever
 * longer runs, then its longest entry (3,839 bytes) is repeated, about 2,500:1. The code widths
 * follow `earlyChange` as a decoder reads them.
 */
export function lzwSpaces(bytes: number, earlyChange = 1): Uint8Array {
  const codes: number[] = [32];
  let out = 1;
  for (let code = 258; out < bytes; code = Math.min(code + 1, 4095)) {
    codes.push(code);
    out += code - 256;
  }
  codes.push(257);
  const packed: number[] = [];
  let acc = 0;
  let bits = 0;
  let next = 258;
  let width = 9;
  codes.forEach((code, i) => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      bits -= 8;
      packed.push((acc >>> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
    if (i === 0) return; // the first code adds no table entry
    const n = ++next + earlyChange;
    if ((n & (n - 1)) === 0) width = Math.min(Math.log2(n) + 1, 12);
  });
  if (bits > 0) packed.push((acc << (8 - bits)) & 0xff);
  return Uint8Array.from(packed);
}

/** A page whose content stream is LZW that decodes to `mb` MB. */
export function lzwBomb(mb = 200): Uint8Array {
  return onePage({ dict: '/Filter /LZWDecode', data: lzwSpaces(mb * 1024 * 1024) });
}

/** RunLength (128 copies of a byte in 2 bytes) under Flate: a few KB that decode to `mb` MB. */
export function runLengthBomb(mb = 256): Uint8Array {
  const pairs = Buffer.alloc((mb * 1024 * 1024) / 64, 32);
  for (let i = 0; i < pairs.length; i += 2) pairs[i] = 129;
  return onePage({
    dict: '/Filter [/FlateDecode /RunLengthDecode]',
    data: deflateSync(pairs, { level: 9 }),
  });
}

/**
 * `kb` KB of `q` operators never restored. pdfjs text extraction takes time quadratic in the
 * nesting (50 KB took 8 s, 200 KB over 100 s); refused by the nesting bound (maxSaveDepth).
 */
export function unbalancedSaves(kb = 200): Uint8Array {
  return onePage({ dict: '/Filter /FlateDecode', data: deflateSync(Buffer.from('q\n'.repeat(kb * 512))) });
}

/**
 * `mb` MB of `q q Q Q`: never deeper than 2, but each inner `q` costs pdfjs about 10 µs (8 MB ran
 * for about 10 s); refused by the count of nested saves (maxNestingSaves).
 */
export function nestedSaves(mb = 8): Uint8Array {
  return onePage({ dict: '/Filter /FlateDecode', data: deflateRepeated('q q Q Q\n', mb) });
}

/** Every bomb above, by name. */
export const BOMBS: Record<string, () => Uint8Array> = {
  'content stream inflating to 200 MB': () => contentBomb(),
  'two Flate layers inflating to 256 MB': () => doubleFlateBomb(),
  'object stream inflating to 128 MB': () => objectStreamBomb(),
  '50,000 Kids and /Count 1e9': () => widePageTree(),
  '2,000 levels of page tree': () => deepPageTree(),
  'form XObjects drawn 10^10 times': () => xobjectFanOut(),
  'a Type 3 glyph drawing forms 10^10 times': () => type3FanOut(),
  'LZW stream decoding to 200 MB': () => lzwBomb(),
  'RunLength under Flate decoding to 256 MB': () => runLengthBomb(),
  '4 KB of q never restored': () => unbalancedSaves(4),
  '8 MB of nested q q Q Q': () => nestedSaves(),
};

/**
 * Sends `bomb` and, while it is being answered, `ordinary` again and again (at least once).
 * Answers what the bomb was answered with (its rejection), how long it took, and the slowest
 * ordinary answer.
 */
export async function whileRefusing(
  bomb: () => Promise<unknown>,
  ordinary: () => Promise<unknown>,
): Promise<{ error: unknown; bombMs: number; slowestOrdinaryMs: number; ordinaryCount: number }> {
  const t = performance.now();
  let done = false;
  let bombMs = 0;
  const answered = bomb().then(
    () => {
      throw new Error('the bomb was accepted');
    },
    (e: unknown) => e,
  );
  void answered.finally(() => {
    done = true;
    bombMs = performance.now() - t;
  });
  let slowestOrdinaryMs = 0;
  let ordinaryCount = 0;
  do {
    // a turn of the event loop each time: an in-process answer may need no more than microtasks
    await new Promise((resolve) => setImmediate(resolve));
    const o = performance.now();
    await ordinary();
    slowestOrdinaryMs = Math.max(slowestOrdinaryMs, performance.now() - o);
    ordinaryCount++;
  } while (!done);
  const error = await answered;
  return { error, bombMs, slowestOrdinaryMs, ordinaryCount };
}
