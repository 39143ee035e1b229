/**
 * Lays glyphs along an elliptical (or circular) arc, each rotated to follow it,
 * as on the rim of a Chinese seal.
 */
import type { PDFFont } from 'pdf-lib';
import { centredGlyphMatrix, type Pen } from './pen.ts';

/** Arc-length table for one ellipse, measured from a centre angle. */
export class EllipseArc {
  private readonly ts: number[] = [];
  private readonly ss: number[] = []; // signed arc length from the centre angle, increasing with t
  constructor(
    readonly cx: number,
    readonly cy: number,
    readonly a: number,
    readonly b: number,
    readonly centre: number, // parametric angle, radians
  ) {
    const steps = 1440;
    const half = Math.PI;
    let s = 0;
    let prev = this.point(centre - half);
    const pts: Array<[number, number]> = [];
    for (let i = 0; i <= steps; i++) {
      const t = centre - half + (2 * half * i) / steps;
      const p = this.point(t);
      if (i > 0) s += Math.hypot(p.x - prev.x, p.y - prev.y);
      prev = p;
      pts.push([t, s]);
    }
    const mid = pts[steps / 2][1];
    for (const [t, len] of pts) {
      this.ts.push(t);
      this.ss.push(len - mid);
    }
  }
  point(t: number) {
    return { x: this.cx + this.a * Math.cos(t), y: this.cy + this.b * Math.sin(t) };
  }
  /** Arc length between centre - span/2 and centre + span/2 (parametric). */
  lengthOfSpan(span: number): number {
    return this.paramToLength(span / 2) - this.paramToLength(-span / 2);
  }
  private paramToLength(dt: number): number {
    const steps = this.ts.length - 1;
    const f = ((dt + Math.PI) / (2 * Math.PI)) * steps;
    const i = Math.max(0, Math.min(steps - 1, Math.floor(f)));
    const frac = f - i;
    return this.ss[i] + (this.ss[i + 1] - this.ss[i]) * frac;
  }
  /** Parametric angle at signed arc length `s` from the centre (positive = counter-clockwise). */
  paramAt(s: number): number {
    const ss = this.ss;
    let lo = 0;
    let hi = ss.length - 1;
    if (s <= ss[lo]) return this.ts[lo];
    if (s >= ss[hi]) return this.ts[hi];
    while (hi - lo > 1) {
      const m = (lo + hi) >> 1;
      if (ss[m] <= s) lo = m;
      else hi = m;
    }
    const frac = (s - ss[lo]) / (ss[hi] - ss[lo]);
    return this.ts[lo] + (this.ts[hi] - this.ts[lo]) * frac;
  }
  /** Outward normal direction (radians) at parametric angle t. */
  normalAngle(t: number): number {
    return Math.atan2(Math.sin(t) / this.b, Math.cos(t) / this.a);
  }
}

export interface ArcTextOptions {
  /** Centre-to-centre distance between glyphs, along the arc. */
  pitch: number;
  size: number;
  /** Horizontal squeeze of each glyph. */
  sx: number;
  /** 'top': read left to right clockwise, glyph tops outward. 'bottom': left to right
   *  counter-clockwise, glyph tops toward the centre (both read upright). */
  side: 'top' | 'bottom';
}

export function drawArcText(pen: Pen, font: PDFFont, arc: EllipseArc, text: string, o: ArcTextOptions): void {
  const chars = Array.from(text);
  const n = chars.length;
  chars.forEach((ch, i) => {
    const offset = (i - (n - 1) / 2) * o.pitch; // left to right
    // top arc: left to right is clockwise (decreasing t); bottom arc: counter-clockwise.
    const t = arc.paramAt(o.side === 'top' ? -offset : offset);
    const p = arc.point(t);
    const normal = arc.normalAngle(t);
    const angle = o.side === 'top' ? normal - Math.PI / 2 : normal + Math.PI / 2;
    const adv = font.widthOfTextAtSize(ch, 1);
    pen.text(font, ch, centredGlyphMatrix(adv, o.size, o.sx, angle, p.x, p.y));
  });
}
