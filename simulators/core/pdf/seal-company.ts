/**
 * A company seal (公章 / 合同专用章): a thick red ring, the company name along the
 * upper arc, a filled five-pointed star, optional text under the star and optional
 * anti-counterfeit digits along the lower arc. Round (42 mm) or oval (45 × 30 mm).
 */
import type { PDFFont, RGB } from 'pdf-lib';
import { drawArcText, EllipseArc } from './arc-text.ts';
import { centredGlyphMatrix, type Pen } from './pen.ts';

export interface CompanySealLayout {
  name: string;
  centerText?: string;
  keyContent?: string;
  oval: boolean;
  color: RGB;
}

/** Points of a five-pointed star with one point up. */
export function starPoints(cx: number, cy: number, outer: number): Array<[number, number]> {
  const inner = outer * 0.381966; // regular pentagram
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return pts;
}

/** Fit `n` glyphs of size `s` and squeeze `sx` on the arc; returns adjusted size, squeeze and pitch. */
function fitArc(
  n: number,
  makeArc: (s: number) => EllipseArc,
  s0: number,
  sMin: number,
  sx0: number,
  maxSpan: number,
  nicePitchAngle: number,
) {
  let s = s0;
  let sx = sx0;
  for (let iter = 0; iter < 6; iter++) {
    const arc = makeArc(s);
    const avail = arc.lengthOfSpan(maxSpan);
    const need = (n - 1) * s * sx * 1.08;
    if (n <= 1 || need <= avail) break;
    s = Math.max(sMin, (avail / ((n - 1) * sx * 1.08)) * 0.98);
    if (s === sMin) {
      sx = Math.max(0.45, avail / ((n - 1) * s * 1.08));
    }
  }
  const arc = makeArc(s);
  const avail = arc.lengthOfSpan(maxSpan);
  const minPitch = s * sx * 1.08;
  const nice = ((arc.a + arc.b) / 2) * nicePitchAngle;
  const pitch = n <= 1 ? 0 : Math.max(minPitch, Math.min(avail / (n - 1), nice));
  return { s, sx, pitch, arc };
}

export function drawCompanySeal(
  pen: Pen,
  font: PDFFont,
  box: { cx: number; cy: number; width: number; height: number },
  o: CompanySealLayout,
): void {
  const { cx, cy } = box;
  const rx = box.width / 2;
  const ry = box.height / 2;
  const unit = Math.min(rx, ry); // sizes scale with the short radius
  const ring = (o.oval ? 0.05 : 0.065) * unit;

  pen.fillColor(o.color).strokeColor(o.color);
  // Ring: stroke on the mid-line of its thickness, so it stays inside the box.
  pen
    .lineWidth(ring)
    .ellipse(cx, cy, rx - ring / 2, ry - ring / 2)
    .stroke();

  const innerX = rx - ring;
  const innerY = ry - ring;
  const gap = 0.07 * unit;

  // Company name along the upper arc.
  const name = o.name.trim();
  const n = Array.from(name).length;
  if (n > 0) {
    const s0 = (o.oval ? 0.34 : 0.3) * unit;
    // On an oval the ends of the arc curve tightly: keep glyphs further from the ring there.
    const inset = o.oval ? 0.6 : 0.45;
    const fit = fitArc(
      n,
      (s) => new EllipseArc(cx, cy, innerX - gap - inset * s, innerY - gap - inset * s, Math.PI / 2),
      s0,
      0.13 * unit,
      o.oval ? 0.78 : 0.82,
      // Leave the bottom free for the text under the star and the digits.
      ((o.oval ? 200 : o.centerText || o.keyContent ? 220 : 250) * Math.PI) / 180,
      (o.oval ? 30 : 38) * (Math.PI / 180),
    );
    drawArcText(pen, font, fit.arc, name, { pitch: fit.pitch, size: fit.s, sx: fit.sx, side: 'top' });
  }

  // Anti-counterfeit digits along the lower arc, small, tops toward the centre.
  const key = (o.keyContent ?? '').trim();
  const k = Array.from(key).length;
  if (k > 0) {
    const ks = 0.11 * unit;
    const arc = new EllipseArc(
      cx,
      cy,
      innerX - 0.05 * unit - 0.4 * ks,
      innerY - 0.05 * unit - 0.4 * ks,
      -Math.PI / 2,
    );
    const pitch = Math.min(ks * 0.62, arc.lengthOfSpan((100 * Math.PI) / 180) / Math.max(1, k - 1));
    drawArcText(pen, font, arc, key, { pitch, size: ks, sx: 0.9, side: 'bottom' });
  }

  // Star, and the text under it.
  const center = (o.centerText ?? '').trim();
  const hasStar = !o.oval || !center;
  if (hasStar) {
    const starR = (o.oval ? 0.3 : center ? 0.3 : 0.34) * unit;
    const starY = cy + (center ? (o.oval ? 0.1 : 0.05) * unit : 0);
    pen.polygon(starPoints(cx, starY, starR)).fill();
  }
  if (center) {
    const cs = (o.oval ? 0.22 : 0.2) * unit;
    const adv = font.widthOfTextAtSize(center, 1);
    const maxW = (o.oval ? 1.3 : 1.05) * unit;
    const sx = Math.min(1, maxW / (adv * cs));
    const y = o.oval ? cy - 0.35 * unit : cy - 0.52 * unit;
    pen.text(font, center, centredGlyphMatrix(adv, cs, sx, 0, cx, y));
  }
}
