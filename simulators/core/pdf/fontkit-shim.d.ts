// fontkit 2.0.4 ships no type declarations; this is the slice sealsim uses.
declare module 'fontkit' {
  export interface FontkitGlyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
  }
  export interface FontkitSubset {
    includeGlyph(glyph: number | FontkitGlyph): number;
    encode(): Uint8Array;
    cff?: unknown;
  }
  export interface FontkitFont {
    postscriptName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    layout(text: string, features?: unknown): { glyphs: FontkitGlyph[] };
    createSubset(): FontkitSubset;
    glyphForCodePoint(cp: number): FontkitGlyph;
    hasGlyphForCodePoint(cp: number): boolean;
    [key: string]: unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
