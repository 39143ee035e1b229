/**
 * A strict PNG check for uploaded seal images: the signature, every chunk's CRC, a valid IHDR,
 * and IDAT data that inflates to exactly the bytes the image needs (Adam7 interlacing included).
 * Reading the size from the header alone would let a truncated or corrupt file through until a
 * signing tries to draw it.
 */
import { inflateSync } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per colour type (PNG spec §11.2.2). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Bit depths allowed per colour type. */
const DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
/** Adam7 passes: [x start, y start, x step, y step]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
/** Larger images are refused rather than inflated (a seal is a few hundred pixels). */
const MAX_PIXELS = 25_000_000;

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The image size when `bytes` is a PNG that decodes; undefined otherwise. */
export function decodablePng(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 8 || !SIGNATURE.every((b, i) => bytes[i] === b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (!ended) {
    if (pos + 12 > bytes.length) return undefined;
    const length = view.getUint32(pos);
    const dataStart = pos + 8;
    const dataEnd = dataStart + length;
    if (length > 0x7fffffff || dataEnd + 4 > bytes.length) return undefined;
    if (crc32(bytes, pos + 4, dataEnd) !== view.getUint32(dataEnd)) return undefined;
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    if (!header && type !== 'IHDR') return undefined;
    if (type === 'IHDR') {
      if (header || length !== 13) return undefined;
      header = {
        width: view.getUint32(dataStart),
        height: view.getUint32(dataStart + 4),
        depth: bytes[dataStart + 8]!,
        colour: bytes[dataStart + 9]!,
        interlace: bytes[dataStart + 12]!,
      };
      const ok =
        header.width > 0 &&
        header.height > 0 &&
        header.width * header.height <= MAX_PIXELS &&
        DEPTHS[header.colour]?.includes(header.depth) === true &&
        bytes[dataStart + 10] === 0 &&
        bytes[dataStart + 11] === 0 &&
        (header.interlace === 0 || header.interlace === 1);
      if (!ok) return undefined;
    } else if (type === 'IDAT') idat.push(bytes.subarray(dataStart, dataEnd));
    else if (type === 'IEND') ended = true;
    pos = dataEnd + 4;
  }
  if (!header || idat.length === 0) return undefined;
  const bitsPerPixel = CHANNELS[header.colour]! * header.depth;
  const rowBytes = (w: number) => 1 + Math.ceil((w * bitsPerPixel) / 8);
  let expected = 0;
  if (header.interlace === 0) expected = header.height * rowBytes(header.width);
  else {
    for (const [x0, y0, dx, dy] of ADAM7) {
      const w = Math.ceil((header.width - x0) / dx);
      const h = Math.ceil((header.height - y0) / dy);
      if (w > 0 && h > 0) expected += h * rowBytes(w);
    }
  }
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    return undefined;
  }
  return raw.length === expected ? { width: header.width, height: header.height } : undefined;
}
