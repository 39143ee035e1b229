/**
 * Stream filters decoded with a hard cap on their output, for the bounds (bounds.ts, fan-out.ts):
 * a decompression bomb costs at most the budget left, never what it would expand to. Covers the
 * filters pdfjs and pdf-lib decode for non-image streams: Flate, LZW (with EarlyChange), RunLength,
 * ASCIIHex and ASCII85, and the PNG and TIFF predictors of Flate and LZW.
 */
import { inflateSync, constants as zlib } from 'node:zlib';

export interface DecodeParams {
  predictor?: number;
  colors?: number;
  bitsPerComponent?: number;
  columns?: number;
  earlyChange?: number;
}

export interface DecodeStep {
  filter: string;
  params?: DecodeParams;
}

/** Decoding was stopped: the output would have been longer than the cap. */
export const OVER = Symbol('over');

const ALIASES: Record<string, string> = {
  Fl: 'FlateDecode',
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  LZW: 'LZWDecode',
  RL: 'RunLengthDecode',
};

/** The filter's full name (pdfjs accepts the abbreviations of inline images on streams too). */
export const filterName = (name: string): string => ALIASES[name] ?? name;

/**
 * The bytes the chain decodes to, at most `cap` of them (OVER when there would be more), or
 * undefined when a step is not one of these filters (an image codec: nothing here decodes it).
 */
export function decodeCapped(
  raw: Uint8Array,
  steps: DecodeStep[],
  cap: number,
): Uint8Array | typeof OVER | undefined {
  let data: Uint8Array = raw;
  for (const { filter, params } of steps) {
    let next: Uint8Array | typeof OVER;
    const f = filterName(filter);
    if (f === 'FlateDecode') next = inflateCapped(data, cap);
    else if (f === 'LZWDecode') next = lzwCapped(data, params?.earlyChange ?? 1, cap);
    else if (f === 'RunLengthDecode') next = runLengthCapped(data, cap);
    else if (f === 'ASCIIHexDecode') next = fromHex(data);
    else if (f === 'ASCII85Decode') next = fromAscii85(data);
    else return undefined;
    if (next === OVER || next.length > cap) return OVER;
    data = (f === 'FlateDecode' || f === 'LZWDecode') && params ? unpredict(next, params) : next;
  }
  return data;
}

function inflateCapped(data: Uint8Array, cap: number): Uint8Array | typeof OVER {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(1, cap + 1), finishFlush: zlib.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return OVER;
    return new Uint8Array(0); // corrupt data: the parsers decide what it is worth
  }
}

/** Output that grows by doubling, refusing to pass `cap`. */
class CappedOutput {
  bytes: Uint8Array;
  length = 0;
  constructor(
    hint: number,
    private readonly cap: number,
  ) {
    this.bytes = new Uint8Array(Math.max(1, Math.min(cap, hint)));
  }
  /** Makes room for `n` more bytes; false when that would pass the cap. */
  room(n: number): boolean {
    const need = this.length + n;
    if (need > this.cap) return false;
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.min(this.cap, Math.max(need, this.bytes.length * 2)));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    return true;
  }
  done(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * LZWDecode as pdfjs reads it (pdfjs core/lzw_stream.js): 9- to 12-bit codes, 256 clears the table,
 * 257 ends the data, the code width grows one code early when EarlyChange is 1 (the default).
 */
function lzwCapped(data: Uint8Array, earlyChange: number, cap: number): Uint8Array | typeof OVER {
  const values = new Uint8Array(4096);
  const lengths = new Uint16Array(4096);
  const prevCodes = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    values[i] = i;
    lengths[i] = 1;
  }
  const seq = new Uint8Array(4096);
  const out = new CappedOutput(data.length * 4, cap);
  let seqLength = 0;
  let codeLength = 9;
  let nextCode = 258;
  let prevCode = 0;
  let bits = 0;
  let bitCount = 0;
  let pos = 0;
  for (;;) {
    while (bitCount < codeLength && pos < data.length) {
      bits = ((bits & 0xffff) << 8) | data[pos++]!;
      bitCount += 8;
    }
    if (bitCount < codeLength) break;
    bitCount -= codeLength;
    const code = (bits >>> bitCount) & ((1 << codeLength) - 1);
    const hadPrev = seqLength > 0;
    if (code < 256) {
      seq[0] = code;
      seqLength = 1;
    } else if (code >= 258) {
      if (code < nextCode) {
        seqLength = lengths[code]!;
        for (let j = seqLength - 1, q = code; j >= 0; j--) {
          seq[j] = values[q]!;
          q = prevCodes[q]!;
        }
      } else if (seqLength < seq.length) seq[seqLength++] = seq[0]!;
    } else if (code === 256) {
      codeLength = 9;
      nextCode = 258;
      seqLength = 0;
      continue;
    } else break; // 257: the end
    if (hadPrev) {
      if (nextCode < 4096) {
        prevCodes[nextCode] = prevCode;
        lengths[nextCode] = lengths[prevCode]! + 1;
        values[nextCode] = seq[0]!;
      }
      nextCode++;
      const n = nextCode + earlyChange;
      if ((n & (n - 1)) === 0) codeLength = Math.min(Math.log2(n) + 1, 12);
    }
    prevCode = code;
    if (!out.room(seqLength)) return OVER;
    out.bytes.set(seq.subarray(0, seqLength), out.length);
    out.length += seqLength;
  }
  return out.done();
}

/** RunLengthDecode: a length byte n < 128 copies n + 1 bytes, n > 128 repeats one byte 257 − n times. */
function runLengthCapped(data: Uint8Array, cap: number): Uint8Array | typeof OVER {
  const out = new CappedOutput(data.length * 4, cap);
  let i = 0;
  // as pdfjs: a header is two bytes; a literal run cut short is padded with zeros
  while (i + 1 < data.length) {
    const n = data[i++]!;
    if (n === 128) break;
    const count = n < 128 ? n + 1 : 257 - n;
    if (!out.room(count)) return OVER;
    if (n < 128) out.bytes.set(data.subarray(i, i + count), out.length);
    else out.bytes.fill(data[i]!, out.length, out.length + count);
    i += n < 128 ? count : 1;
    out.length += count;
  }
  return out.done();
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

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

/** Undoes a PNG (10–15) or TIFF (2, 8-bit) predictor; never longer than its input. */
function unpredict(data: Uint8Array, p: DecodeParams): Uint8Array {
  const predictor = p.predictor ?? 1;
  const colors = p.colors ?? 1;
  const bpc = p.bitsPerComponent ?? 8;
  const columns = p.columns ?? 1;
  const pixelBytes = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowBytes = Math.ceil((colors * bpc * columns) / 8);
  if (!(rowBytes > 0) || !Number.isFinite(rowBytes)) return data;
  if (predictor === 2) {
    if (bpc !== 8) return data;
    const out = Uint8Array.from(data);
    for (let i = 0; i < out.length; i++)
      if (i % rowBytes >= pixelBytes) out[i] = (out[i]! + out[i - pixelBytes]!) & 0xff;
    return out;
  }
  if (predictor < 10) return data;
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowBytes + 1)]!;
    const src = r * (rowBytes + 1) + 1;
    const at = r * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= pixelBytes ? out[at + i - pixelBytes]! : 0;
      const up = r > 0 ? out[at - rowBytes + i]! : 0;
      const upLeft = r > 0 && i >= pixelBytes ? out[at - rowBytes + i - pixelBytes]! : 0;
      let add = 0;
      if (type === 1) add = left;
      else if (type === 2) add = up;
      else if (type === 3) add = (left + up) >> 1;
      else if (type === 4) add = paeth(left, up, upLeft);
      out[at + i] = (data[src + i]! + add) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
