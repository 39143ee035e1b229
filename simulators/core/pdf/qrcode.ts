/**
 * A QR Code Model 2 encoder: byte mode (UTF-8, with an ECI header when not ASCII), versions 1–10,
 * error-correction
 * level M (falling back to L when the text is too long for M). Written for sealsim
 * from ISO/IEC 18004; enough for verification URLs and digests printed by a seal.
 */

export type QrLevel = 'L' | 'M';

export class QrTooLongError extends Error {
  constructor(bytes: number) {
    super(`text of ${bytes} bytes is too long for a version 1-10 QR code`);
    this.name = 'QrTooLongError';
  }
}

/**
 * Per version 1..10: [ec codewords per block, group-1 blocks, group-1 data codewords, group-2 blocks, group-2
 * data codewords].
 */
type BlockSpec = [number, number, number, number, number];
export const QR_BLOCKS: Record<QrLevel, BlockSpec[]> = {
  L: [
    [7, 1, 19, 0, 0],
    [10, 1, 34, 0, 0],
    [15, 1, 55, 0, 0],
    [20, 1, 80, 0, 0],
    [26, 1, 108, 0, 0],
    [18, 2, 68, 0, 0],
    [20, 2, 78, 0, 0],
    [24, 2, 97, 0, 0],
    [30, 2, 116, 0, 0],
    [18, 2, 68, 2, 69],
  ],
  M: [
    [10, 1, 16, 0, 0],
    [16, 1, 28, 0, 0],
    [26, 1, 44, 0, 0],
    [18, 2, 32, 0, 0],
    [24, 2, 43, 0, 0],
    [16, 4, 27, 0, 0],
    [18, 4, 31, 0, 0],
    [22, 2, 38, 2, 39],
    [22, 3, 36, 2, 37],
    [26, 4, 43, 1, 44],
  ],
};

const FORMAT_LEVEL_BITS: Record<QrLevel, number> = { L: 1, M: 0 };

/** Alignment-pattern centre coordinates for versions 1..10. */
const ALIGNMENT: number[][] = [
  [],
  [6, 18],
  [6, 22],
  [6, 26],
  [6, 30],
  [6, 34],
  [6, 22, 38],
  [6, 24, 42],
  [6, 26, 46],
  [6, 28, 50],
];

/** Codewords a version holds in total (data + error correction), from the module count. */
export function totalCodewords(version: number): number {
  let modules = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    modules -= (25 * align - 10) * align - 55;
    if (version >= 7) modules -= 36;
  }
  return Math.floor(modules / 8);
}

export function dataCodewords(version: number, level: QrLevel): number {
  const [, b1, d1, b2, d2] = QR_BLOCKS[level][version - 1];
  return b1 * d1 + b2 * d2;
}

// --- GF(256) arithmetic with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 ---
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let v = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = v;
    LOG[v] = i;
    v <<= 1;
    if (v & 0x100) v ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
}
function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** Coefficients (highest degree first, leading 1 omitted) of prod (x - α^i), i < degree. */
function generatorPoly(degree: number): number[] {
  let poly = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j];
      next[j + 1] ^= gfMul(poly[j], EXP[i]);
    }
    poly = next;
  }
  return poly.slice(1);
}

/** Reed–Solomon error-correction codewords for one block. */
export function reedSolomon(data: number[], ecLength: number): number[] {
  const gen = generatorPoly(ecLength);
  const rem = new Array(ecLength).fill(0);
  for (const byte of data) {
    const factor = byte ^ rem[0];
    rem.shift();
    rem.push(0);
    for (let i = 0; i < ecLength; i++) rem[i] ^= gfMul(gen[i], factor);
  }
  return rem;
}

/** Bits of an ECI header announcing UTF-8 (assignment 26), sent when the text is not ASCII. */
function eciBits(bytes: Uint8Array): number {
  return bytes.some((b) => b >= 0x80) ? 12 : 0;
}

function chooseVersion(bytes: Uint8Array): { version: number; level: QrLevel } {
  for (const level of ['M', 'L'] as const) {
    for (let v = 1; v <= 10; v++) {
      const countBits = v <= 9 ? 8 : 16;
      if (eciBits(bytes) + 4 + countBits + 8 * bytes.length <= dataCodewords(v, level) * 8)
        return { version: v, level };
    }
  }
  throw new QrTooLongError(bytes.length);
}

/** Data codewords: mode, count, bytes, terminator and padding. */
function encodeData(bytes: Uint8Array, version: number, level: QrLevel): number[] {
  const capacityBits = dataCodewords(version, level) * 8;
  const bits: number[] = [];
  const put = (value: number, len: number) => {
    for (let i = len - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  if (eciBits(bytes)) {
    put(0b0111, 4); // ECI mode
    put(26, 8); // UTF-8
  }
  put(0b0100, 4);
  put(bytes.length, version <= 9 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacityBits - bits.length));
  while (bits.length % 8) bits.push(0);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; out.length < capacityBits / 8; pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

/** Split into blocks, add error correction, interleave. */
function interleave(data: number[], version: number, level: QrLevel): number[] {
  const [ec, b1, d1, b2, d2] = QR_BLOCKS[level][version - 1];
  const blocks: number[][] = [];
  let pos = 0;
  for (let i = 0; i < b1 + b2; i++) {
    const len = i < b1 ? d1 : d2;
    blocks.push(data.slice(pos, pos + len));
    pos += len;
  }
  const ecBlocks = blocks.map((b) => reedSolomon(b, ec));
  const out: number[] = [];
  const maxData = Math.max(d1, d2);
  for (let i = 0; i < maxData; i++) for (const b of blocks) if (i < b.length) out.push(b[i]);
  for (let i = 0; i < ec; i++) for (const b of ecBlocks) out.push(b[i]);
  return out;
}

/** BCH-coded 15-bit format word for a level and mask. */
export function formatBits(level: QrLevel, mask: number): number {
  const data = (FORMAT_LEVEL_BITS[level] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | (rem & 0x3ff)) ^ 0x5412;
}

/** BCH-coded 18-bit version word (versions 7+). */
export function versionBits(version: number): number {
  let rem = version;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (version << 12) | (rem & 0xfff);
}

const MASKS: Array<(r: number, c: number) => boolean> = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

class Grid {
  readonly dark: boolean[][];
  readonly reserved: boolean[][];
  constructor(readonly size: number) {
    this.dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
    this.reserved = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  }
  fn(r: number, c: number, dark: boolean) {
    this.dark[r][c] = dark;
    this.reserved[r][c] = true;
  }
}

function drawFunctionPatterns(g: Grid, version: number) {
  const n = g.size;
  // Finder patterns with their separators.
  for (const [fr, fc] of [
    [0, 0],
    [0, n - 7],
    [n - 7, 0],
  ]) {
    for (let dr = -1; dr <= 7; dr++) {
      for (let dc = -1; dc <= 7; dc++) {
        const r = fr + dr;
        const c = fc + dc;
        if (r < 0 || c < 0 || r >= n || c >= n) continue;
        const ring = Math.max(Math.abs(dr - 3), Math.abs(dc - 3));
        g.fn(r, c, ring !== 2 && ring !== 4);
      }
    }
  }
  // Timing patterns.
  for (let i = 8; i < n - 8; i++) {
    g.fn(6, i, i % 2 === 0);
    g.fn(i, 6, i % 2 === 0);
  }
  // Alignment patterns, except where they would overlap a finder.
  const centres = ALIGNMENT[version - 1];
  for (const r of centres) {
    for (const c of centres) {
      if ((r === 6 && c === 6) || (r === 6 && c === n - 7) || (r === n - 7 && c === 6)) continue;
      for (let dr = -2; dr <= 2; dr++) {
        for (let dc = -2; dc <= 2; dc++) g.fn(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
      }
    }
  }
  // Reserve format areas (written after masking) and the dark module.
  for (let i = 0; i < 9; i++) {
    if (!g.reserved[8][i]) g.fn(8, i, false);
    if (!g.reserved[i][8]) g.fn(i, 8, false);
  }
  for (let i = 0; i < 8; i++) {
    g.fn(8, n - 1 - i, false);
    g.fn(n - 1 - i, 8, false);
  }
  g.fn(n - 8, 8, true);
  // Version information (v7+).
  if (version >= 7) {
    const bits = versionBits(version);
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = n - 11 + (i % 3);
      const b = Math.floor(i / 3);
      g.fn(b, a, dark);
      g.fn(a, b, dark);
    }
  }
}

function placeData(g: Grid, codewords: number[]) {
  const n = g.size;
  const total = codewords.length * 8;
  let bit = 0;
  let upward = true;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5; // skip the vertical timing column
    for (let k = 0; k < n; k++) {
      const r = upward ? n - 1 - k : k;
      for (const c of [right, right - 1]) {
        if (g.reserved[r][c]) continue;
        if (bit < total) g.dark[r][c] = ((codewords[bit >>> 3] >>> (7 - (bit & 7))) & 1) === 1;
        bit++; // modules past the data are remainder bits, left light
      }
    }
    upward = !upward;
  }
}

function writeFormat(g: Grid, level: QrLevel, mask: number) {
  const n = g.size;
  const bits = formatBits(level, mask);
  const bitAt = (i: number) => ((bits >>> i) & 1) === 1;
  // Around the top-left finder.
  for (let i = 0; i <= 5; i++) g.dark[i][8] = bitAt(i);
  g.dark[7][8] = bitAt(6);
  g.dark[8][8] = bitAt(7);
  g.dark[8][7] = bitAt(8);
  for (let i = 9; i < 15; i++) g.dark[8][14 - i] = bitAt(i);
  // Split between the other two finders.
  for (let i = 0; i < 8; i++) g.dark[8][n - 1 - i] = bitAt(i);
  for (let i = 8; i < 15; i++) g.dark[n - 15 + i][8] = bitAt(i);
  g.dark[n - 8][8] = true;
}

function applyMask(g: Grid, mask: number): boolean[][] {
  const f = MASKS[mask];
  return g.dark.map((row, r) => row.map((d, c) => (g.reserved[r][c] ? d : d !== f(r, c))));
}

/** ISO 18004 penalty score (lower is better). */
function penalty(m: boolean[][]): number {
  const n = m.length;
  let score = 0;
  const line = (get: (i: number) => boolean) => {
    let run = 1;
    for (let i = 1; i <= n; i++) {
      if (i < n && get(i) === get(i - 1)) run++;
      else {
        if (run >= 5) score += 3 + (run - 5);
        run = 1;
      }
    }
    const pat = [true, false, true, true, true, false, true];
    for (let i = 0; i + 7 <= n; i++) {
      if (!pat.every((p, k) => get(i + k) === p)) continue;
      const before = i >= 4 && [1, 2, 3, 4].every((k) => !get(i - k));
      const after = i + 11 <= n && [7, 8, 9, 10].every((k) => !get(i + k));
      if (before || after) score += 40;
    }
  };
  for (let r = 0; r < n; r++) line((i) => m[r][i]);
  for (let c = 0; c < n; c++) line((i) => m[i][c]);
  for (let r = 0; r + 1 < n; r++) {
    for (let c = 0; c + 1 < n; c++) {
      const v = m[r][c];
      if (m[r][c + 1] === v && m[r + 1][c] === v && m[r + 1][c + 1] === v) score += 3;
    }
  }
  const dark = m.reduce((a, row) => a + row.filter(Boolean).length, 0);
  score += 10 * Math.floor(Math.abs((dark * 100) / (n * n) - 50) / 5);
  return score;
}

export interface QrCode {
  version: number;
  level: QrLevel;
  mask: number;
  size: number;
  /** modules[row][col], true = dark; no quiet zone. */
  modules: boolean[][];
}

export function encodeQr(text: string): QrCode {
  const bytes = new TextEncoder().encode(text);
  const { version, level } = chooseVersion(bytes);
  const codewords = interleave(encodeData(bytes, version, level), version, level);
  const size = 4 * version + 17;
  const g = new Grid(size);
  drawFunctionPatterns(g, version);
  placeData(g, codewords);
  let best: { mask: number; modules: boolean[][]; score: number } | undefined;
  for (let mask = 0; mask < 8; mask++) {
    writeFormat(g, level, mask);
    const modules = applyMask(g, mask);
    const score = penalty(modules);
    if (!best || score < best.score) best = { mask, modules, score };
  }
  return { version, level, mask: best!.mask, size, modules: best!.modules };
}
