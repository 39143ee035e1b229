import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeQr, QrTooLongError } from '../../../simulators/core/pdf/index.ts';
import {
  formatBits,
  QR_BLOCKS,
  reedSolomon,
  totalCodewords,
  versionBits,
} from '../../../simulators/core/pdf/qrcode.ts';
import { encodePng } from '../../helpers/png.ts';

const hasZbar = spawnSync('zbarimg', ['--version']).status === 0;

function qrPng(modules: boolean[][], scale = 4): Uint8Array {
  const n = modules.length + 8;
  const w = n * scale;
  const rgba = new Uint8Array(w * w * 4).fill(255);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const r = Math.floor(y / scale) - 4;
      const c = Math.floor(x / scale) - 4;
      if (r >= 0 && c >= 0 && r < modules.length && c < modules.length && modules[r][c])
        rgba.fill(0, (y * w + x) * 4, (y * w + x) * 4 + 3);
    }
  }
  return encodePng(w, w, rgba);
}

describe('QR encoder', () => {
  it('computes Reed–Solomon codewords of the ISO 18004 worked example (HELLO WORLD, 1-M)', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    expect(reedSolomon(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it('has block tables that add up to each version’s capacity, and known BCH words', () => {
    for (const level of ['L', 'M'] as const) {
      QR_BLOCKS[level].forEach(([ec, b1, d1, b2, d2], i) =>
        expect(b1 * (d1 + ec) + b2 * (d2 + ec)).toBe(totalCodewords(i + 1)),
      );
    }
    expect(formatBits('M', 0).toString(2).padStart(15, '0')).toBe('101010000010010');
    expect(formatBits('L', 0).toString(2).padStart(15, '0')).toBe('111011111000100');
    expect(versionBits(7).toString(2).padStart(18, '0')).toBe('000111110010010100');
  });

  it('draws finder and timing patterns', () => {
    const qr = encodeQr('https://sealsim.local/v/1');
    expect(qr.size).toBe(4 * qr.version + 17);
    const m = qr.modules;
    for (const [r0, c0] of [
      [0, 0],
      [0, qr.size - 7],
      [qr.size - 7, 0],
    ]) {
      expect(m[r0][c0] && m[r0 + 6][c0 + 6] && m[r0 + 3][c0 + 3] && !m[r0 + 1][c0 + 1]).toBe(true);
    }
    for (let i = 8; i < qr.size - 8; i++) expect(m[6][i]).toBe(i % 2 === 0);
  });

  it('refuses text longer than version 10 holds', () => {
    expect(() => encodeQr('x'.repeat(300))).toThrow(QrTooLongError);
  });

  it.skipIf(!hasZbar)('decodes with zbar for every version 1–10', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sealsim-qr-'));
    try {
      const texts = [5, 20, 40, 60, 80, 100, 120, 150, 175, 210].map(
        (n, i) => `${i}:` + 'https://sealsim.local/verify/'.concat('0123456789abcdef'.repeat(14)).slice(0, n),
      );
      texts.push('存证编号：CZ2026112500001 验证');
      const versions = new Set<number>();
      for (const [i, text] of texts.entries()) {
        const qr = encodeQr(text);
        versions.add(qr.version);
        const file = join(dir, `${i}.png`);
        await writeFile(file, qrPng(qr.modules));
        const out = spawnSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8' });
        expect(out.stdout.replace(/\n$/, '')).toBe(text);
      }
      expect(versions.size).toBeGreaterThanOrEqual(9);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
