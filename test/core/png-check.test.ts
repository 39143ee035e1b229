/**
 * decodablePng (simulators/core/png.ts): a PNG counts only when it decodes — chunk CRCs, a valid
 * IHDR, and IDAT that inflates to exactly the image's bytes (plain and Adam7-interlaced).
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodablePng } from '../../simulators/core/png.ts';
import { encodePng, renderPdfPagePng } from '../helpers/png.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';

const rgba = (w: number, h: number) => new Uint8Array(w * h * 4).fill(200);

/** A PNG from IHDR fields and the raw (filtered) scanline bytes, with correct CRCs. */
function build(
  ihdr: { w: number; h: number; depth: number; colour: number; interlace: number },
  raw: Uint8Array,
): Uint8Array {
  const valid = encodePng(1, 1, rgba(1, 1)); // borrow its signature and chunk framing
  const crcOf = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of bytes) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crcOf(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const head = Buffer.alloc(13);
  head.writeUInt32BE(ihdr.w, 0);
  head.writeUInt32BE(ihdr.h, 4);
  head[8] = ihdr.depth;
  head[9] = ihdr.colour;
  head[12] = ihdr.interlace;
  return new Uint8Array(
    Buffer.concat([
      valid.subarray(0, 8),
      chunk('IHDR', head),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

describe('decodablePng', () => {
  it('accepts real PNGs: RGBA, a pdftoppm render, 1-bit grey, and an Adam7-interlaced one', async () => {
    expect(decodablePng(encodePng(110, 200, rgba(110, 200)))).toEqual({ width: 110, height: 200 });
    const rendered = await renderPdfPagePng(await createTextPdf([{ lines: ['合同'] }]), 1, 20);
    expect(decodablePng(rendered)).toMatchObject({ width: expect.any(Number) });
    // 10 × 3, 1-bit grey: each row is a filter byte and 2 bytes
    expect(
      decodablePng(build({ w: 10, h: 3, depth: 1, colour: 0, interlace: 0 }, new Uint8Array(3 * 3))),
    ).toEqual({ width: 10, height: 3 });
    // 3 × 3 8-bit grey, interlaced: passes 1 (1×1), 2 (none), 3
    // (none: starts at y 4), 4 (1×1), 5 (2×1), 6 (1×2), 7 (3×1)
    const adam7 = [1 + 1, 1 + 1, 1 + 2, (1 + 1) * 2, 1 + 3].reduce((a, b) => a + b, 0);
    expect(
      decodablePng(build({ w: 3, h: 3, depth: 8, colour: 0, interlace: 1 }, new Uint8Array(adam7))),
    ).toEqual({ width: 3, height: 3 });
    expect(
      decodablePng(build({ w: 3, h: 3, depth: 8, colour: 0, interlace: 1 }, new Uint8Array(adam7 - 1))),
    ).toBeUndefined();
  });

  it('refuses a header alone, a truncated file, a flipped CRC, short image data and bad IHDR fields', () => {
    const good = encodePng(110, 200, rgba(110, 200));
    expect(decodablePng(good.subarray(0, 24))).toBeUndefined(); // what a size check alone would accept
    expect(decodablePng(good.subarray(0, good.length - 20))).toBeUndefined();
    const flipped = good.slice();
    flipped[40] ^= 0xff; // inside IDAT: its CRC no longer matches
    expect(decodablePng(flipped)).toBeUndefined();
    expect(
      decodablePng(build({ w: 110, h: 200, depth: 8, colour: 6, interlace: 0 }, new Uint8Array(10))),
    ).toBeUndefined();
    expect(
      decodablePng(build({ w: 2, h: 2, depth: 3, colour: 0, interlace: 0 }, new Uint8Array(4))),
    ).toBeUndefined(); // depth 3
    expect(
      decodablePng(build({ w: 2, h: 2, depth: 8, colour: 5, interlace: 0 }, new Uint8Array(6))),
    ).toBeUndefined(); // colour 5
    expect(
      decodablePng(build({ w: 0, h: 2, depth: 8, colour: 0, interlace: 0 }, new Uint8Array(2))),
    ).toBeUndefined();
    expect(decodablePng(new TextEncoder().encode('not a png at all'))).toBeUndefined();
  });
});
