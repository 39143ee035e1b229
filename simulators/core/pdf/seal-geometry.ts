import type { SealSpec } from './types.ts';

export const DEFAULT_WIDTH = {
  company: 120,
  personal: 80,
  image: 100,
  timestamp: 160,
} as const;

/** Height / width of an oval company seal (a 45 × 30 mm seal). */
export const OVAL_RATIO = 2 / 3;

/** Height / width of the time-stamp box. */
export const TIMESTAMP_RATIO = 0.36;

/** Image width / height from PNG or JPEG header bytes; undefined if not recognised. */
export function imageDimensions(
  bytes: Uint8Array,
): { width: number; height: number; type: 'png' | 'jpg' } | undefined {
  if (bytes.length > 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { width: dv.getUint32(16), height: dv.getUint32(20), type: 'png' };
  }
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) {
        i++;
        continue;
      }
      const marker = bytes[i + 1];
      const len = (bytes[i + 2] << 8) | bytes[i + 3];
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        const height = (bytes[i + 5] << 8) | bytes[i + 6];
        const width = (bytes[i + 7] << 8) | bytes[i + 8];
        return { width, height, type: 'jpg' };
      }
      i += 2 + len;
    }
    return undefined;
  }
  return undefined;
}

/** The size in pt a seal is drawn at, given the requested width. */
export function sealSize(spec: SealSpec, width?: number): { width: number; height: number } {
  const w = width ?? DEFAULT_WIDTH[spec.kind];
  switch (spec.kind) {
    case 'company':
      return { width: w, height: spec.shape === 'oval' ? w * OVAL_RATIO : w };
    case 'personal':
      return { width: w, height: w };
    case 'timestamp':
      return { width: w, height: w * TIMESTAMP_RATIO };
    case 'image': {
      const dim = imageDimensions(spec.png);
      const ratio = dim && dim.width > 0 ? dim.height / dim.width : 1;
      return { width: w, height: w * ratio };
    }
  }
}
