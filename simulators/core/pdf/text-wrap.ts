/**
 * Line breaking for mixed Chinese and Latin text: CJK breaks between any two
 * characters, Latin only at spaces; closing punctuation never starts a line and
 * opening punctuation never ends one (basic 避头尾 rules); a word too long for a
 * line is broken by characters.
 */

export interface Run {
  text: string;
  bold?: boolean;
  /** An unbreakable box laid out like one character (an image, a signature position). */
  inline?: InlineObject;
}

/** An inline box `width` × `height` points standing on the baseline; `text` of its run is ignored. */
export type InlineObject =
  | { kind: 'image'; width: number; height: number; data: Uint8Array; format: 'png' | 'jpg' }
  | { kind: 'anchor'; name: string; width: number; height: number };

export interface Atom {
  text: string;
  bold: boolean;
  space: boolean;
  inline?: InlineObject;
}

const CJK_BREAKABLE =
  /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;
const NO_LINE_START = /^[，。、；：？！）」』》〉】〕｝’”…·—,.;:?!)\]}%]/u;
const NO_LINE_END = /[（「『《〈【〔｛‘“([{]$/u;

/** Split runs into unbreakable atoms (spaces are atoms of their own). */
export function atomize(runs: Run[]): Atom[] {
  const atoms: Atom[] = [];
  for (const run of runs) {
    const bold = !!run.bold;
    if (run.inline) {
      atoms.push({ text: '', bold, space: false, inline: run.inline });
      continue;
    }
    let word = '';
    const flush = () => {
      if (word) atoms.push({ text: word, bold, space: false });
      word = '';
    };
    for (const ch of Array.from(run.text)) {
      if (ch === ' ' || ch === '\t') {
        flush();
        atoms.push({ text: ' ', bold, space: true });
      } else if (CJK_BREAKABLE.test(ch)) {
        flush();
        atoms.push({ text: ch, bold, space: false });
      } else word += ch;
    }
    flush();
  }
  // Glue punctuation to its neighbour so a break never lands next to it.
  const glued: Atom[] = [];
  for (const a of atoms) {
    const prev = glued[glued.length - 1];
    if (
      prev &&
      !prev.space &&
      !a.space &&
      !prev.inline &&
      !a.inline &&
      (NO_LINE_START.test(a.text) || NO_LINE_END.test(prev.text)) &&
      prev.bold === a.bold
    ) {
      prev.text += a.text;
    } else glued.push({ ...a });
  }
  return glued;
}

export interface LinePiece {
  text: string;
  bold: boolean;
  x: number; // offset from the line start
  width: number;
  inline?: InlineObject;
}

export type Measure = (text: string, bold: boolean) => number;

/**
 * Break atoms into lines of at most `maxWidth` (the first line may be shorter: `firstWidth`).
 * Stops once more than `maxLines` lines are made (a caller with a page budget needs no more).
 */
export function wrapAtoms(
  atoms: Atom[],
  measure: Measure,
  maxWidth: number,
  firstWidth = maxWidth,
  maxLines = Infinity,
): LinePiece[][] {
  const lines: LinePiece[][] = [];
  let line: LinePiece[] = [];
  let x = 0;
  const limit = () => (lines.length === 0 ? firstWidth : maxWidth);
  const push = (text: string, bold: boolean, w: number, inline?: InlineObject) => {
    const last = line[line.length - 1];
    if (inline) line.push({ text, bold, x, width: w, inline });
    else if (last && !last.inline && last.bold === bold && Math.abs(last.x + last.width - x) < 1e-6) {
      last.text += text;
      last.width += w;
    } else line.push({ text, bold, x, width: w });
    x += w;
  };
  const newLine = () => {
    // drop trailing spaces
    while (line.length && !line[line.length - 1].inline && /^\s+$/.test(line[line.length - 1].text))
      line.pop();
    const last = line[line.length - 1];
    if (last && !last.inline && /\s$/.test(last.text)) {
      const trimmed = last.text.replace(/\s+$/, '');
      last.width = measure(trimmed, last.bold);
      last.text = trimmed;
    }
    lines.push(line);
    line = [];
    x = 0;
  };
  for (const atom of atoms) {
    if (lines.length > maxLines) return lines;
    if (atom.space) {
      if (x === 0) continue; // no leading spaces
      push(atom.text, atom.bold, measure(atom.text, atom.bold));
      continue;
    }
    const w = atom.inline ? atom.inline.width : measure(atom.text, atom.bold);
    if (x + w <= limit() + 1e-6) {
      push(atom.text, atom.bold, w, atom.inline);
      continue;
    }
    if (x > 0) newLine();
    if (w <= limit() || atom.inline) {
      push(atom.text, atom.bold, w, atom.inline); // a box wider than the line stands alone on it
      continue;
    }
    // Longer than a whole line: break by characters.
    for (const ch of Array.from(atom.text)) {
      const cw = measure(ch, atom.bold);
      if (x > 0 && x + cw > limit() + 1e-6) newLine();
      push(ch, atom.bold, cw);
    }
  }
  if (line.length) newLine();
  return lines;
}

/** Plain-text convenience: wrap one string with a single font. */
export function wrapText(text: string, measure: (t: string) => number, maxWidth: number): string[] {
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    const lines = wrapAtoms(atomize([{ text: para }]), (t) => measure(t), maxWidth);
    if (!lines.length) out.push('');
    for (const l of lines) out.push(l.map((p) => p.text).join(''));
  }
  return out;
}
