import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Noto Sans SC (OFL), shipped by @expo-google-fonts/noto-sans-sc. */
const require = createRequire(import.meta.url);
const fontDir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc'));

export const CJK_FONT_PATH = join(fontDir, '400Regular', 'NotoSansSC_400Regular.ttf');
export const CJK_BOLD_FONT_PATH = join(fontDir, '700Bold', 'NotoSansSC_700Bold.ttf');

const cache = new Map<string, Promise<Uint8Array>>();

function load(path: string): Promise<Uint8Array> {
  let p = cache.get(path);
  if (!p) {
    p = readFile(path).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return p;
}

/**
 * Bytes of the regular CJK font, read once per process. The same Uint8Array is
 * returned every time (the fontkit adapter keys its parse cache on it): do not mutate it.
 */
export function loadCjkFont(): Promise<Uint8Array> {
  return load(CJK_FONT_PATH);
}

/** Bytes of the bold CJK font (used for seal lettering), read once per process. */
export function loadCjkBoldFont(): Promise<Uint8Array> {
  return load(CJK_BOLD_FONT_PATH);
}
