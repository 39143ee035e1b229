import { rgb, type RGB } from 'pdf-lib';
import { InvalidSealError } from './errors.ts';

export const SEAL_RED = '#d40000';

const NAMED: Record<string, string> = {
  red: SEAL_RED,
  blue: '#1a3fb4',
  black: '#000000',
  purple: '#6a1b9a',
};

/** '#d40000', '#d00', 'rgb(212,0,0)' or a vendor colour name (RED, BLUE, BLACK, PURPLE). */
export function parseColor(input: string | undefined, fallback = SEAL_RED): RGB {
  const raw = (input ?? fallback).trim();
  const named = NAMED[raw.toLowerCase()];
  const s = named ?? raw;
  let m = /^#?([0-9a-f]{6})$/i.exec(s);
  if (m) {
    const n = parseInt(m[1], 16);
    return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
  }
  m = /^#?([0-9a-f]{3})$/i.exec(s);
  if (m) {
    const [r, g, b] = m[1].split('').map((c) => parseInt(c + c, 16) / 255);
    return rgb(r, g, b);
  }
  m = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/i.exec(s);
  if (m) {
    const [r, g, b] = m.slice(1).map((v) => Math.min(255, Number(v)) / 255);
    return rgb(r, g, b);
  }
  throw new InvalidSealError(`unrecognised colour ${JSON.stringify(input)}`);
}
