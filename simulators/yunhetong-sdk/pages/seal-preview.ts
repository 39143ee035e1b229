/**
 * The picture the signing page shows for a signature kept as a seal spec (a person's 人名章, a
 * company's round seal): a small red SVG with the name. Only a preview for choosing one: the seal
 * placed in the PDF is core/pdf's drawing of the same spec.
 */
import { escapeHtml } from '../../core/html.ts';

const RED = '#d9001b';

function chunks(name: string, size: number): string[] {
  const chars = [...name];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/** A square 人名章: the name in up to three columns of two characters, right to left. */
function personal(name: string): string {
  const chars = [...name].slice(0, 6);
  const columns = chunks(chars.join(''), 2).reverse();
  const cols = columns.length;
  const step = 100 / cols;
  const text = columns
    .map((col, i) => {
      const x = step * i + step / 2 + 10;
      return [...col]
        .map(
          (ch, j) =>
            `<text x="${x.toFixed(1)}" y="${(col.length === 1 ? 70 : 55 + j * 38).toFixed(1)}" ` +
            `font-size="${cols === 1 ? 44 : 34}" text-anchor="middle">${escapeHtml(ch)}</text>`,
        )
        .join('');
    })
    .join('');
  return (
    `<rect x="10" y="10" width="100" height="100" fill="none" stroke="${RED}" stroke-width="6"/>` +
    `<g fill="${RED}" font-family="serif">${text}</g>`
  );
}

/** A round company seal: the name along the top arc and a star in the middle. */
function company(name: string): string {
  const chars = [...name].slice(0, 24);
  const span = Math.min(240, 20 * chars.length);
  const text = chars
    .map((ch, i) => {
      const angle = -span / 2 + (chars.length === 1 ? span / 2 : (span * i) / (chars.length - 1)) - 90;
      const rad = (angle * Math.PI) / 180;
      const x = 60 + 38 * Math.cos(rad);
      const y = 60 + 38 * Math.sin(rad);
      return (
        `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="12" text-anchor="middle" ` +
        `dominant-baseline="middle" transform="rotate(${(angle + 90).toFixed(1)} ${x.toFixed(1)} ` +
        `${y.toFixed(1)})">${escapeHtml(ch)}</text>`
      );
    })
    .join('');
  const star = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    .map((k) => {
      const r = k % 2 === 0 ? 16 : 6.5;
      const a = ((k * 36 - 90) * Math.PI) / 180;
      return `${(60 + r * Math.cos(a)).toFixed(1)},${(62 + r * Math.sin(a)).toFixed(1)}`;
    })
    .join(' ');
  return (
    `<circle cx="60" cy="60" r="54" fill="none" stroke="${RED}" stroke-width="4"/>` +
    `<g fill="${RED}" font-family="serif">${text}<polygon points="${star}"/></g>`
  );
}

export function sealPreviewSvg(kind: 'personal' | 'company', name: string): string {
  const body = kind === 'personal' ? personal(name) : company(name);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">` +
    `<title>${escapeHtml(name)}</title>${body}</svg>`
  );
}
