/**
 * Seal looks and positions through the API: /moulage/person fontFamily F1–F4 sign with four
 * different letterings and borderType B2 without the border; coordinates (bottom-left origin,
 * the seal's bottom-left corner) on landscape and portrait pages.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { degrees, PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import {
  countRedPixels,
  encodePng,
  isRed,
  pdfBoxToPixels,
  renderPdfPage,
  type DecodedPng,
  type PixelBox,
} from '../helpers/png.ts';
import { apiError, COMPANY, PERSON, yht, type YhtHandle } from './helpers.ts';

let h: YhtHandle;
let c: YunhetongDigestClient;
let sandbox: string;
let person: string;

const SEAL = 80; // default personal seal width, pt
const IN = '/c/in.pdf';
const OUT = '/c/out.pdf';

beforeEach(async () => {
  sandbox = join(mkdtempSync(join(tmpdir(), 'yht-layout-test-')), 'sandbox');
  mkdirSync(join(sandbox, 'c'), { recursive: true });
  h = yht({ vendorOptions: { sandboxDir: sandbox } });
  c = h.client();
  await c.login();
  person = String((await c.call('/user/person', PERSON)).signerId);
});

afterEach(() => rmSync(dirname(sandbox), { recursive: true, force: true }));

async function sign(
  pdf: Uint8Array,
  moulage: Record<string, string>,
  positionContent: string,
): Promise<Uint8Array> {
  writeFileSync(join(sandbox, IN), pdf);
  const moulageId = String((await c.call('/moulage/person', { signerId: person, ...moulage })).moulageId);
  await c.call('/sign/filePath', {
    signerId: person,
    moulageId,
    contractPath: IN,
    contractSavePath: OUT,
    signPositionType: '1',
    positionContent,
  });
  return new Uint8Array(readFileSync(join(sandbox, OUT)));
}

function redMask(png: DecodedPng, box: PixelBox): Uint8Array {
  const m = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const o = ((box.y + y) * png.width + box.x + x) * 4;
      m[y * box.width + x] = isRed(png.rgba[o], png.rgba[o + 1], png.rgba[o + 2]) ? 1 : 0;
    }
  }
  return m;
}

describe('person moulage fontFamily and borderType', () => {
  it('F1–F4 sign with four different letterings; B2 has no border', async () => {
    const pdf = await createTextPdf([{ lines: ['合同'] }]);
    const pageH = 841.89;
    const box = pdfBoxToPixels({ x: 200, y: 200, width: SEAL, height: SEAL }, pageH);
    const px = { x: Math.round(box.x), y: Math.round(box.y), width: SEAL, height: SEAL };
    const masks: Uint8Array[] = [];
    for (const fontFamily of ['F1', 'F2', 'F3', 'F4']) {
      const png = await renderPdfPage(await sign(pdf, { fontFamily }, '1,200,200'), 1);
      expect(countRedPixels(png, px), fontFamily).toBeGreaterThan(600);
      masks.push(redMask(png, px));
    }
    for (let i = 0; i < 4; i++) {
      for (let j = i + 1; j < 4; j++) {
        const diff = masks[i].reduce((n, v, k) => n + (v !== masks[j][k] ? 1 : 0), 0);
        expect(diff, `F${i + 1} vs F${j + 1}`).toBeGreaterThan(0.05 * SEAL * SEAL);
      }
    }
    // The border: a red band along every edge of the box with B1, none with B2.
    const edge = (m: Uint8Array) => {
      let n = 0;
      for (let y = 1; y < SEAL - 1; y++)
        for (let x = 1; x < SEAL - 1; x++)
          if ((x < 4 || y < 4 || x >= SEAL - 4 || y >= SEAL - 4) && m[y * SEAL + x]) n++;
      return n;
    };
    expect(edge(masks[0])).toBeGreaterThan(0.7 * 4 * 3 * SEAL);
    const bare = redMask(
      await renderPdfPage(await sign(pdf, { fontFamily: 'F1', borderType: 'B2' }, '1,200,200'), 1),
      px,
    );
    expect(edge(bare)).toBeLessThan(30);
    expect(bare.reduce((n, v) => n + v, 0)).toBeGreaterThan(400);
  });
});

describe('coordinates on landscape and portrait pages', () => {
  for (const [label, size, x, y] of [
    ['landscape 842 × 595', [842, 595], 700, 100],
    ['portrait 595 × 842', [595, 842], 100, 700],
  ] as const) {
    it(`signs at "1,${x},${y}" on a ${label} page`, async () => {
      const pdf = await createTextPdf([{ lines: ['合同'], size: [size[0], size[1]] }]);
      const png = await renderPdfPage(await sign(pdf, {}, `1,${x},${y}`), 1);
      expect([png.width, png.height]).toEqual([size[0], size[1]]);
      const box = pdfBoxToPixels({ x, y, width: SEAL, height: SEAL }, size[1]);
      const inside = countRedPixels(png, box);
      expect(inside).toBeGreaterThan(800);
      expect(countRedPixels(png)).toBeLessThan(inside + 30);
      // Mirrored (a top-left origin) would put it elsewhere: nothing there.
      expect(
        countRedPixels(png, pdfBoxToPixels({ x, y: size[1] - y - SEAL, width: SEAL, height: SEAL }, size[1])),
      ).toBe(0);
    });
  }
});

describe('page corners as the doc names them (横板: (842,0) (0,595) (842,595))', () => {
  it('accepts the corners of a landscape page and refuses a portrait corner that is off it', async () => {
    writeFileSync(join(sandbox, IN), await createTextPdf([{ lines: ['合同'], size: [842, 595] }]));
    const moulageId = String((await c.call('/moulage/person', { signerId: person })).moulageId);
    const at = (positionContent: string) =>
      c.call('/sign/filePath', {
        signerId: person,
        moulageId,
        contractPath: IN,
        contractSavePath: OUT,
        signPositionType: '1',
        positionContent,
      });
    expect(await at('1,0,0;1,842,0;1,0,595;1,842,595')).toEqual({ summaryId: 1000 });
    expect(await apiError(at('1,595,842'))).toMatchObject({
      code: 20110,
      msg: '签署失败，坐标(595,842)超出第 1 页范围',
    });
  });
});

describe('uploaded moulages on the page', () => {
  it('draws the uploaded PNG itself, 100 pt wide at its own aspect ratio (a 160X300 oval, a 110X200 name seal)', async () => {
    const pageH = 841.89;
    // a solid seal-red PNG: every drawn pixel is red, so the red area is the image's area
    const solid = (w: number, hgt: number) => {
      const rgba = new Uint8Array(w * hgt * 4);
      for (let i = 0; i < rgba.length; i += 4) rgba.set([220, 20, 30, 255], i);
      return Buffer.from(encodePng(w, hgt, rgba)).toString('base64');
    };
    writeFileSync(join(sandbox, IN), await createTextPdf([{ lines: ['合同'] }]));
    const company = String((await c.call('/user/company', COMPANY)).signerId);
    const oval = String(
      (await c.call('/moulage/upload', { signerId: company, imgBase: solid(300, 160) })).moulageId,
    );
    await c.call('/sign/filePath', {
      signerId: company,
      moulageId: oval,
      contractPath: IN,
      contractSavePath: OUT,
      signPositionType: '1',
      positionContent: '1,100,100',
    });
    let png = await renderPdfPage(new Uint8Array(readFileSync(join(sandbox, OUT))), 1);
    const ovalH = (100 * 160) / 300;
    // the inside is (almost) all red; just outside the 100 × 53.3 pt box there is none
    expect(
      countRedPixels(png, pdfBoxToPixels({ x: 102, y: 102, width: 96, height: ovalH - 4 }, pageH)),
    ).toBeGreaterThan(0.95 * 96 * (ovalH - 4));
    expect(
      countRedPixels(png, pdfBoxToPixels({ x: 100, y: 100 + ovalH + 2, width: 100, height: 40 }, pageH)),
    ).toBe(0);
    expect(countRedPixels(png, pdfBoxToPixels({ x: 202, y: 100, width: 40, height: ovalH }, pageH))).toBe(0);

    const nameSeal = String(
      (await c.call('/moulage/upload', { signerId: person, imgBase: solid(110, 200) })).moulageId,
    );
    await c.call('/sign/filePath', {
      signerId: person,
      moulageId: nameSeal,
      contractPath: IN,
      contractSavePath: OUT,
      signPositionType: '1',
      positionContent: '1,300,300',
    });
    png = await renderPdfPage(new Uint8Array(readFileSync(join(sandbox, OUT))), 1);
    const tallH = (100 * 200) / 110;
    expect(
      countRedPixels(png, pdfBoxToPixels({ x: 302, y: 302, width: 96, height: tallH - 4 }, pageH)),
    ).toBeGreaterThan(0.95 * 96 * (tallH - 4));
    expect(
      countRedPixels(png, pdfBoxToPixels({ x: 300, y: 300 + tallH + 2, width: 100, height: 30 }, pageH)),
    ).toBe(0);
  });
});

describe('pages turned with /Rotate or with a box that does not start at 0,0', () => {
  /** A page drawn portrait (595 × 842) and shown turned by `rotate`, or with its MediaBox moved. */
  async function turned(opts: {
    rotate?: number;
    mediaBox?: [number, number, number, number];
    lines?: string[];
  }): Promise<Uint8Array> {
    const doc = await PDFDocument.load(
      await createTextPdf([{ lines: opts.lines ?? ['合同'], size: [595, 842] }]),
    );
    const page = doc.getPage(0);
    if (opts.rotate) page.setRotation(degrees(opts.rotate));
    if (opts.mediaBox) page.setMediaBox(...opts.mediaBox);
    return new Uint8Array(await doc.save());
  }
  const mask = (png: DecodedPng, box: PixelBox) =>
    redMask(png, { x: Math.round(box.x), y: Math.round(box.y), width: SEAL, height: SEAL });
  const overlap = (a: Uint8Array, b: Uint8Array) => {
    let both = 0;
    let either = 0;
    for (let i = 0; i < a.length; i++) {
      both += a[i]! & b[i]!;
      either += a[i]! | b[i]!;
    }
    return both / either;
  };

  it('measures coordinates on the page as displayed and draws the seal upright, at 90°, 180° and 270°', async () => {
    // the reference: the same seal at "1,600,100" on a page that is landscape without turning
    const reference = await renderPdfPage(
      await sign(await createTextPdf([{ lines: ['合同'], size: [842, 595] }]), {}, '1,600,100'),
      1,
    );
    const refMask = mask(reference, pdfBoxToPixels({ x: 600, y: 100, width: SEAL, height: SEAL }, 595));
    for (const rotate of [90, 270]) {
      const png = await renderPdfPage(await sign(await turned({ rotate }), {}, '1,600,100'), 1);
      expect([png.width, png.height]).toEqual([842, 595]);
      const box = pdfBoxToPixels({ x: 600, y: 100, width: SEAL, height: SEAL }, 595);
      expect(countRedPixels(png, box), `rotate ${rotate}`).toBeGreaterThan(800);
      expect(countRedPixels(png)).toBeLessThan(countRedPixels(png, box) + 30);
      expect(
        overlap(mask(png, box), refMask),
        `rotate ${rotate}: upright like the reference`,
      ).toBeGreaterThan(0.9);
    }
    const png = await renderPdfPage(await sign(await turned({ rotate: 180 }), {}, '1,100,600'), 1);
    expect([png.width, png.height]).toEqual([595, 842]);
    expect(
      countRedPixels(png, pdfBoxToPixels({ x: 100, y: 600, width: SEAL, height: SEAL }, 842)),
    ).toBeGreaterThan(800);
    const summary = (
      await h.control('GET', `/__sim/yunhetong-digest/apps/2018051800000000/summaries`)
    ).json.summaries.at(-1);
    expect(summary.placed).toEqual([{ page: 1, x: 100, y: 600, width: SEAL, height: SEAL }]);
  });

  it('puts a keyword seal on the keyword of a turned page, upright', async () => {
    const pdf = await turned({ rotate: 90, lines: ['合同', '甲方盖章处：'] });
    writeFileSync(join(sandbox, IN), pdf);
    const moulageId = String((await c.call('/moulage/person', { signerId: person })).moulageId);
    await c.call('/sign/filePath', {
      signerId: person,
      moulageId,
      contractPath: IN,
      contractSavePath: OUT,
      signPositionType: '0',
      positionContent: '甲方盖章处',
    });
    const summary = (
      await h.control('GET', `/__sim/yunhetong-digest/apps/2018051800000000/summaries`)
    ).json.summaries.at(-1);
    const [at] = summary.placed;
    // the recorded box is on the displayed (842 × 595) page, and the seal is drawn there
    expect(at.x + SEAL).toBeLessThanOrEqual(842);
    expect(at.y + SEAL).toBeLessThanOrEqual(595);
    const png = await renderPdfPage(new Uint8Array(readFileSync(join(sandbox, OUT))), 1);
    const box = pdfBoxToPixels({ x: at.x, y: at.y, width: SEAL, height: SEAL }, 595);
    expect(countRedPixels(png, box)).toBeGreaterThan(800);
  });

  it('cuts the 骑缝章 along the right edge the reader sees, on turned pages too', async () => {
    const doc = await PDFDocument.load(await createTextPdf([{ lines: ['第一页'] }, { lines: ['第二页'] }]));
    doc.getPage(0).setRotation(degrees(90));
    writeFileSync(join(sandbox, IN), await doc.save());
    const moulageId = String((await c.call('/moulage/person', { signerId: person })).moulageId);
    await c.call('/sign/filePath', {
      signerId: person,
      moulageId,
      contractPath: IN,
      contractSavePath: OUT,
      sealClass: '1',
    });
    const signed = new Uint8Array(readFileSync(join(sandbox, OUT)));
    const summary = (
      await h.control('GET', `/__sim/yunhetong-digest/apps/2018051800000000/summaries`)
    ).json.summaries.at(-1);
    // A4: page 1 is shown 841.89 × 595.28 (turned), page 2 595.28 × 841.89:
    // each strip (40 pt of an 80 pt seal) at its right edge, vertically centred
    expect(summary.placed).toEqual([
      { page: 1, x: 801.89, y: 257.64, width: 40, height: SEAL },
      { page: 2, x: 555.28, y: 380.95, width: 40, height: SEAL },
    ]);
    for (const [page, w, hgt] of [
      [1, 841.89, 595.28],
      [2, 595.28, 841.89],
    ] as const) {
      const png = await renderPdfPage(signed, page);
      const right = countRedPixels(
        png,
        pdfBoxToPixels({ x: w - 40, y: hgt / 2 - SEAL / 2, width: 40, height: SEAL }, hgt),
      );
      expect(right, `page ${page}`).toBeGreaterThan(400);
      expect(countRedPixels(png), `page ${page}: nothing elsewhere`).toBeLessThan(right + 20);
    }
  });

  it('measures from the visible bottom-left corner of a box that starts at (100, 100)', async () => {
    const png = await renderPdfPage(
      await sign(await turned({ mediaBox: [100, 100, 595, 842] }), {}, '1,100,100'),
      1,
    );
    expect(
      countRedPixels(png, pdfBoxToPixels({ x: 100, y: 100, width: SEAL, height: SEAL }, 842)),
    ).toBeGreaterThan(800);
  });

  it('moves a seal that would run off the top or right edge back onto the page (the doc’s corner (595,842))', async () => {
    const png = await renderPdfPage(
      await sign(await createTextPdf([{ lines: ['合同'] }]), {}, '1,595,842'),
      1,
    );
    const inCorner = countRedPixels(
      png,
      pdfBoxToPixels({ x: 595.28 - SEAL, y: 841.89 - SEAL, width: SEAL, height: SEAL }, 841.89),
    );
    expect(inCorner).toBeGreaterThan(800);
  });
});
