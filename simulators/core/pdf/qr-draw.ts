import { rgb } from 'pdf-lib';
import { encodeQr } from './qrcode.ts';
import type { Pen } from './pen.ts';

/** Draw a QR code (with a white 2-module quiet zone) filling the square at (x, y, size). */
export function drawQrCode(pen: Pen, text: string, x: number, y: number, size: number): void {
  const qr = encodeQr(text);
  const quiet = 2;
  const m = size / (qr.size + 2 * quiet);
  pen
    .fillColor(rgb(1, 1, 1))
    .rect(x, y, size, size)
    .fill();
  pen.fillColor(rgb(0, 0, 0));
  for (let r = 0; r < qr.size; r++) {
    // one rectangle per horizontal run of dark modules
    let c = 0;
    while (c < qr.size) {
      if (!qr.modules[r][c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < qr.size && qr.modules[r][c]) c++;
      // overlap by a hair so anti-aliasing leaves no seams between rows
      pen.rect(x + (quiet + start) * m, y + size - (quiet + r + 1) * m - 0.01, (c - start) * m, m + 0.02);
    }
  }
  pen.fill();
}
