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

/** Noto Sans SC weights shipped by @expo-google-fonts/noto-sans-sc. */
export type CjkWeight = 100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900;
const WEIGHT_NAMES: Record<CjkWeight, string> = {
  100: 'Thin',
  200: 'ExtraLight',
  300: 'Light',
  400: 'Regular',
  500: 'Medium',
  600: 'SemiBold',
  700: 'Bold',
  800: 'ExtraBold',
  900: 'Black',
};

/** Bytes of the CJK font at one weight, read once per process (do not mutate). */
export function loadCjkWeightFont(weight: CjkWeight): Promise<Uint8Array> {
  const name = `${weight}${WEIGHT_NAMES[weight]}`;
  return load(join(fontDir, name, `NotoSansSC_${name}.ttf`));
}
