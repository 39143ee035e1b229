/**
 * Test helpers: a small PNG decoder (node:zlib only), red/dark pixel counters and a
 * pdftoppm-based page renderer. Boxes are in pixel space, origin top-left.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync, inflateSync } from 'node:zlib';

const run = promisify(execFile);

export interface DecodedPng {
  width: number;
  height: number;
  /** 4 bytes per pixel, row-major, top row first. */
  rgba: Uint8Array;
}

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export function decodePng(bytes: Uint8Array): DecodedPng {
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = 0;
  let interlace = 0;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  while (pos < bytes.length) {
    const len = dv.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const data = bytes.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = dv.getUint32(pos + 8);
      height = dv.getUint32(pos + 12);
      depth = data[8];
      colorType = data[9];
      interlace = data[12];
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (interlace) throw new Error('interlaced PNGs are not supported');
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType as 0 | 2 | 3 | 4 | 6];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const bitsPerPixel = channels * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3); // bytes per complete pixel, for filtering
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const pixels = new Uint8Array(stride * height);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter}`);
      out[i] = v & 255;
    }
    prev = out;
  }
  const rgba = new Uint8Array(width * height * 4);
  const sample = (row: Uint8Array, index: number): number => {
    if (depth === 8) return row[index];
    if (depth === 16) return row[index * 2];
    const perByte = 8 / depth;
    const byte = row[Math.floor(index / perByte)];
    const shift = 8 - depth * ((index % perByte) + 1);
    return (byte >> shift) & ((1 << depth) - 1);
  };
  const scale = depth < 8 && colorType !== 3 ? 255 / ((1 << depth) - 1) : 1;
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (colorType === 3) {
        const idx = sample(row, x);
        rgba[o] = palette![idx * 3];
        rgba[o + 1] = palette![idx * 3 + 1];
        rgba[o + 2] = palette![idx * 3 + 2];
        rgba[o + 3] = trns && idx < trns.length ? trns[idx] : 255;
      } else if (colorType === 0 || colorType === 4) {
        const g = sample(row, x * channels) * scale;
        rgba[o] = rgba[o + 1] = rgba[o + 2] = g;
        rgba[o + 3] = colorType === 4 ? sample(row, x * channels + 1) : 255;
      } else {
        rgba[o] = sample(row, x * channels);
        rgba[o + 1] = sample(row, x * channels + 1);
        rgba[o + 2] = sample(row, x * channels + 2);
        rgba[o + 3] = colorType === 6 ? sample(row, x * channels + 3) : 255;
      }
    }
  }
  return { width, height, rgba };
}

function countPixels(
  png: DecodedPng,
  test: (r: number, g: number, b: number) => boolean,
  box?: PixelBox,
): number {
  const x0 = Math.max(0, Math.floor(box?.x ?? 0));
  const y0 = Math.max(0, Math.floor(box?.y ?? 0));
  const x1 = Math.min(png.width, Math.ceil(box ? box.x + box.width : png.width));
  const y1 = Math.min(png.height, Math.ceil(box ? box.y + box.height : png.height));
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * png.width + x) * 4;
      if (test(png.rgba[o], png.rgba[o + 1], png.rgba[o + 2])) n++;
    }
  }
  return n;
}

export function isRed(r: number, g: number, b: number): boolean {
  return r > 140 && g < 110 && b < 110 && r - g > 70;
}

export function isDark(r: number, g: number, b: number): boolean {
  return r < 110 && g < 110 && b < 110;
}

/** Seal-red pixels (strong red, weak green and blue) inside `box` (whole image by default). */
export function countRedPixels(png: DecodedPng, box?: PixelBox): number {
  return countPixels(png, isRed, box);
}

/** Near-black pixels (text ink) inside `box`. */
export function countDarkPixels(png: DecodedPng, box?: PixelBox): number {
  return countPixels(png, isDark, box);
}

/** Any non-white pixels inside `box`. */
export function countInkPixels(png: DecodedPng, box?: PixelBox): number {
  return countPixels(png, (r, g, b) => r < 200 || g < 200 || b < 200, box);
}

/** Render one page (1-based) with pdftoppm and decode it. */
export async function renderPdfPage(pdf: Uint8Array, page: number, dpi = 72): Promise<DecodedPng> {
  return decodePng(await renderPdfPagePng(pdf, page, dpi));
}

/** Render one page (1-based) with pdftoppm; the PNG file's bytes. */
export async function renderPdfPagePng(pdf: Uint8Array, page: number, dpi = 72): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'sealsim-render-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', [
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-png',
      '-singlefile',
      join(dir, 'in.pdf'),
      join(dir, 'out'),
    ]);
    return new Uint8Array(await readFile(join(dir, 'out.png')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PDF-space rectangle (origin bottom-left, points) as a pixel box on a page of `pageHeight` pt. */
export function pdfBoxToPixels(
  box: { x: number; y: number; width: number; height: number },
  pageHeight: number,
  dpi = 72,
): PixelBox {
  const k = dpi / 72;
  return {
    x: box.x * k,
    y: (pageHeight - box.y - box.height) * k,
    width: box.width * k,
    height: box.height * k,
  };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Encode RGBA pixels as an 8-bit RGBA PNG (for seal-image fixtures). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const parts = [
    new Uint8Array(SIGNATURE),
    chunk('IHDR', ihdr),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array()),
  ];
  return new Uint8Array(Buffer.concat(parts));
}
