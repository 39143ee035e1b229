/** Shared helpers for the seal rendering tests (pixel space, 72 dpi: 1 px = 1 pt). */
import { isRed, type DecodedPng } from '../../helpers/png.ts';

/** Red pixels whose distance from (cx, cy) lies in [r0, r1] and whose angle (degrees,
 *  counter-clockwise from +x, y up) lies in [a0, a1]. Centre in pixel coordinates. */
export function redInSector(
  png: DecodedPng,
  cx: number,
  cy: number,
  r0: number,
  r1: number,
  a0 = -180,
  a1 = 180,
): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - r1)); y < Math.min(png.height, Math.ceil(cy + r1)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r1)); x < Math.min(png.width, Math.ceil(cx + r1)); x++) {
      const dx = x + 0.5 - cx;
      const dy = cy - (y + 0.5);
      const r = Math.hypot(dx, dy);
      if (r < r0 || r > r1) continue;
      const a = (Math.atan2(dy, dx) * 180) / Math.PI;
      if (a < a0 || a > a1) continue;
      const o = (y * png.width + x) * 4;
      if (isRed(png.rgba[o], png.rgba[o + 1], png.rgba[o + 2])) n++;
    }
  }
  return n;
}

/** Red pixels outside a pixel box (grown by `margin`). */
export function redOutside(
  png: DecodedPng,
  box: { x: number; y: number; width: number; height: number },
  margin = 2,
): number {
  let n = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      if (
        x >= box.x - margin &&
        x < box.x + box.width + margin &&
        y >= box.y - margin &&
        y < box.y + box.height + margin
      )
        continue;
      const o = (y * png.width + x) * 4;
      if (isRed(png.rgba[o], png.rgba[o + 1], png.rgba[o + 2])) n++;
    }
  }
  return n;
}
