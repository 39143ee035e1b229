/** Each page's text as lines (pdfjs extraction, within the bounds): what a reader would copy out. */
import { eachPageText } from './text-items.ts';

export async function pageLines(pdf: Uint8Array): Promise<string[][]> {
  const pages: string[][] = [];
  await eachPageText(pdf, (_p, items) => {
    const lines: string[] = [];
    let line = '';
    let lastY: number | undefined;
    for (const item of items) {
      const y = item.transform[5];
      if (lastY !== undefined && Math.abs(y - lastY) > 2 && line.trim()) {
        lines.push(line.trim());
        line = '';
      }
      line += item.str;
      lastY = y;
      if (item.hasEOL) {
        if (line.trim()) lines.push(line.trim());
        line = '';
        lastY = undefined;
      }
    }
    if (line.trim()) lines.push(line.trim());
    pages.push(lines);
  });
  return pages;
}
