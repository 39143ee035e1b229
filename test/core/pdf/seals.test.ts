import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  InvalidSealError,
  PageOutOfRangeError,
  stampPdf,
  type Stamp,
} from '../../../simulators/core/pdf/index.ts';
import {
  countDarkPixels,
  countInkPixels,
  countRedPixels,
  encodePng,
  pdfBoxToPixels,
  renderPdfPage,
  renderPdfPagePng,
} from '../../helpers/png.ts';
import { buildPagesPdf } from '../../fixtures/pdf/build.ts';
import { redInSector, redOutside } from './seal-render.ts';

const PAGE = 400; // fixture pages are 400 × 400 pt; at 72 dpi one pixel is one point

async function stampOne(stamp: Stamp, pages = 1) {
  const base = await buildPagesPdf(pages);
  const res = await stampPdf(base, [stamp]);
  return { ...res, png: await renderPdfPage(res.pdf, 1, 72) };
}

describe('company seal', () => {
  it('draws a red ring, the name on the upper arc, a star, centre text and key digits', async () => {
    const R = 80;
    const { png, placed } = await stampOne({
      seal: {
        kind: 'company',
        name: '杭州天谷信息科技有限公司',
        centerText: '合同专用章',
        keyContent: '3301080012345',
      },
      placement: { kind: 'xy', page: 1, x: 200, y: 200 },
      width: 2 * R,
    });
    expect(placed).toEqual([{ page: 1, x: 120, y: 120, width: 160, height: 160 }]);
    const cx = 200;
    const cy = PAGE - 200;
    // The ring: a band at the rim, all the way round (check each quadrant).
    for (const [a0, a1] of [
      [0, 90],
      [90, 180],
      [-180, -90],
      [-90, 0],
    ]) {
      expect(redInSector(png, cx, cy, 0.9 * R, 1.0 * R, a0, a1)).toBeGreaterThan(150);
    }
    // The name: red between the star and the ring in the upper half (blank glyphs would leave it empty).
    expect(redInSector(png, cx, cy, 0.5 * R, 0.88 * R, 20, 160)).toBeGreaterThan(400);
    // …spread along the arc: left, top and right sectors each get glyphs.
    for (const [a0, a1] of [
      [130, 170],
      [70, 110],
      [10, 50],
    ]) {
      expect(redInSector(png, cx, cy, 0.5 * R, 0.88 * R, a0, a1)).toBeGreaterThan(60);
    }
    // The star: solid at the centre.
    expect(redInSector(png, cx, cy + 0.05 * R, 0, 0.08 * R)).toBeGreaterThan(10);
    // Centre text and the key digits in the lower half.
    expect(redInSector(png, cx, cy, 0.35 * R, 0.62 * R, -120, -60)).toBeGreaterThan(80);
    expect(redInSector(png, cx, cy, 0.72 * R, 0.9 * R, -125, -55)).toBeGreaterThan(40);
    // Nothing outside the seal.
    expect(redOutside(png, pdfBoxToPixels(placed[0], PAGE))).toBe(0);
  });

  it('draws an oval variant inside its 3:2 box', async () => {
    const { png, placed } = await stampOne({
      seal: { kind: 'company', name: '上海某某发票管理有限公司', shape: 'oval', centerText: '发票专用章' },
      placement: { kind: 'xy', page: 1, x: 200, y: 200 },
      width: 180,
    });
    expect(placed[0].width).toBe(180);
    expect(placed[0].height).toBeCloseTo(120, 5);
    const box = pdfBoxToPixels(placed[0], PAGE);
    expect(countRedPixels(png, box)).toBeGreaterThan(1500);
    expect(redOutside(png, box)).toBe(0);
    // Narrower than tall circle would be: the left and right extremes are red at the centre line…
    expect(countRedPixels(png, { x: 110, y: 195, width: 6, height: 10 })).toBeGreaterThan(0);
    // …while above the box top edge of a circle of the same width there is nothing.
    expect(countRedPixels(png, { x: 190, y: 100, width: 20, height: 35 })).toBe(0);
  });

  it('uses the requested colour', async () => {
    const { png } = await stampOne({
      seal: { kind: 'company', name: '蓝色印章公司', color: '#1a3fb4' },
      placement: { kind: 'xy', page: 1, x: 200, y: 200 },
    });
    expect(countRedPixels(png)).toBe(0);
    let blue = 0;
    for (let i = 0; i < png.rgba.length; i += 4) if (png.rgba[i + 2] > 140 && png.rgba[i] < 90) blue++;
    expect(blue).toBeGreaterThan(1000);
  });
});

describe('personal seal', () => {
  it.each([
    ['张三丰', true],
    ['欧阳娜娜', true],
    ['李四', false],
  ])('draws %s (border %s) inside its square', async (name, border) => {
    const { png, placed } = await stampOne({
      seal: { kind: 'personal', name, border },
      placement: { kind: 'xy', page: 1, x: 100, y: 300 },
      width: 80,
    });
    expect(placed).toEqual([{ page: 1, x: 60, y: 260, width: 80, height: 80 }]);
    const box = pdfBoxToPixels(placed[0], PAGE);
    // The name's glyphs: red well inside the border.
    const inner = { x: box.x + 12, y: box.y + 12, width: box.width - 24, height: box.height - 24 };
    expect(countRedPixels(png, inner)).toBeGreaterThan(800);
    // The border only when asked for.
    const leftEdge = countRedPixels(png, { x: box.x, y: box.y + 10, width: 4, height: box.height - 20 });
    if (border) expect(leftEdge).toBeGreaterThan(200);
    expect(redOutside(png, box)).toBe(0);
  });
});

describe('timestamp and image seals', () => {
  it('draws a time-stamp box with its text', async () => {
    const { png, placed } = await stampOne({
      seal: { kind: 'timestamp', text: '时间戳 2026-11-25 12:00:00' },
      placement: { kind: 'xy', page: 1, x: 200, y: 100 },
    });
    const box = pdfBoxToPixels(placed[0], PAGE);
    expect(placed[0].width).toBe(160);
    const inner = { x: box.x + 8, y: box.y + 8, width: box.width - 16, height: box.height - 16 };
    expect(countRedPixels(png, inner)).toBeGreaterThan(300); // the text
    expect(redOutside(png, box)).toBe(0);
  });

  it('places a user PNG scaled to the width, keeping its aspect ratio', async () => {
    const w = 40;
    const h = 20;
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([210, 0, 0, 255], i * 4);
    const { png, placed } = await stampOne({
      seal: { kind: 'image', png: encodePng(w, h, rgba) },
      placement: { kind: 'xy', page: 1, x: 200, y: 200 },
      width: 100,
    });
    expect(placed[0]).toEqual({ page: 1, x: 150, y: 175, width: 100, height: 50 });
    const box = pdfBoxToPixels(placed[0], PAGE);
    expect(countRedPixels(png, { x: box.x + 2, y: box.y + 2, width: 96, height: 46 })).toBe(96 * 46);
    expect(redOutside(png, box, 1)).toBe(0);
  });

  it('rejects an image that is not PNG or JPEG, and a page out of range', async () => {
    const base = await buildPagesPdf(1);
    await expect(
      stampPdf(base, [
        {
          seal: { kind: 'image', png: new Uint8Array([1, 2, 3]) },
          placement: { kind: 'xy', page: 1, x: 1, y: 1 },
        },
      ]),
    ).rejects.toBeInstanceOf(InvalidSealError);
    await expect(
      stampPdf(base, [
        { seal: { kind: 'personal', name: '张三' }, placement: { kind: 'xy', page: 2, x: 1, y: 1 } },
      ]),
    ).rejects.toBeInstanceOf(PageOutOfRangeError);
  });
});

describe('placements, caption and QR code', () => {
  it('stamps the same point on several pages', async () => {
    const base = await buildPagesPdf(3);
    const { pdf, placed } = await stampPdf(base, [
      {
        seal: { kind: 'personal', name: '王五' },
        placement: { kind: 'pages', pages: [1, 3], x: 100, y: 100 },
      },
    ]);
    expect(placed.map((p) => p.page)).toEqual([1, 3]);
    const box = pdfBoxToPixels(placed[0], PAGE);
    expect(countRedPixels(await renderPdfPage(pdf, 1), box)).toBeGreaterThan(500);
    expect(countRedPixels(await renderPdfPage(pdf, 2))).toBe(0);
    expect(countRedPixels(await renderPdfPage(pdf, 3), box)).toBeGreaterThan(500);
  });

  it('draws a caption under the seal and a QR code beside it', async () => {
    const text = 'https://sealsim.local/verify/2026112500001';
    const { pdf, png, placed } = await stampOne({
      seal: { kind: 'company', name: '测试科技有限公司' },
      placement: { kind: 'xy', page: 1, x: 150, y: 200 },
      width: 100,
      caption: '2026-11-25 12:00:00',
      qrcode: text,
    });
    const box = placed[0];
    // caption: dark text just under the seal
    expect(
      countInkPixels(png, pdfBoxToPixels({ x: box.x, y: box.y - 14, width: box.width, height: 13 }, PAGE)),
    ).toBeGreaterThan(100);
    expect(
      countInkPixels(png, pdfBoxToPixels({ x: box.x, y: box.y - 40, width: box.width, height: 25 }, PAGE)),
    ).toBe(0);
    // QR code: dark modules right of the seal, none left of it
    const qrBox = pdfBoxToPixels({ x: box.x + box.width + 4, y: 160, width: 80, height: 80 }, PAGE);
    expect(countDarkPixels(png, qrBox)).toBeGreaterThan(800);
    expect(countDarkPixels(png, pdfBoxToPixels({ x: 0, y: 150, width: box.x - 2, height: 100 }, PAGE))).toBe(
      0,
    );

    const zbar = spawnSync('zbarimg', ['--version']);
    if (zbar.status !== 0) return; // the decode check needs zbar-tools
    const dir = await mkdtemp(join(tmpdir(), 'sealsim-qr-'));
    try {
      await writeFile(join(dir, 'p.png'), await renderPdfPagePng(pdf, 1, 200));
      const out = spawnSync('zbarimg', ['-q', '--raw', join(dir, 'p.png')], { encoding: 'utf8' });
      expect(out.stdout.trim()).toBe(text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('falls back to a text box when the QR text is too long for a QR code', async () => {
    const { png, placed } = await stampOne({
      seal: { kind: 'personal', name: '张三' },
      placement: { kind: 'xy', page: 1, x: 100, y: 200 },
      qrcode: 'digest:' + 'ab'.repeat(200),
    });
    const box = placed[0];
    expect(
      countDarkPixels(png, pdfBoxToPixels({ x: box.x + box.width + 4, y: 170, width: 60, height: 60 }, PAGE)),
    ).toBeGreaterThan(100);
  });
});
