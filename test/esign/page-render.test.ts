/**
 * The H5 signing page draws the document's real pages with pdf.js, in a real headless Chromium,
 * from assets the simulator serves itself (no CDN). A two-signer flow where the first signs
 * silently (autoSign 1) with a keyword seal: the second signer's page shows page 1 as a canvas
 * with dark text and the first signer's red seal where the keyword is, and nothing red at the
 * second signer's own keyword yet. The contract is set in the non-embedded STSong-Light CID font,
 * so the CMaps must come from the simulator too. Without scripts, or when the PDF cannot be
 * loaded, the page's text stays. The asset route serves a whitelist only (no traversal).
 * Screenshots go to test/.output/page-render-*.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type SealSim } from '../../index.ts';
import { createEsignClient, contentMd5, uploadFile, type EsignClient } from '../../clients/esign/index.ts';
import { createTextPdf, findKeyword } from '../../simulators/core/pdf/index.ts';
import { createFaker } from '../../simulators/core/fake.ts';
import { assetPathOf } from '../../simulators/core/static-assets.ts';
import {
  countDarkPixels,
  countRedPixels,
  decodePng,
  type DecodedPng,
  type PixelBox,
} from '../helpers/png.ts';

const OUT = new URL('../.output/', import.meta.url).pathname;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ASSETS = '/h5/assets/pdfjs';
const KEY_A = '甲方（盖章）';
const KEY_B = '乙方（签字）';
const PAGES = [
  [
    '借款合同',
    '',
    '借款人：张三',
    '出借人：李四',
    '第一条 借款金额人民币壹万元整。',
    '第二条 借款期限为十二个月。',
    '',
    KEY_A,
    '',
    '',
    '',
    '',
    '',
    KEY_B,
  ],
  ['第二页', '附件：还款计划'],
];

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freeBase(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 40000 + Math.floor(Math.random() * 2000) * 10;
    if ((await Promise.all([0, 2].map((d) => portFree(base + d)))).every(Boolean)) return base;
  }
  throw new Error('no free ports');
}

/** A GET with the path exactly as given (no client-side URL normalisation). */
function rawGet(
  origin: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('latin1'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function save(name: string, bytes: Uint8Array): string {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `${name}.png`);
  writeFileSync(path, bytes);
  return path;
}

let sim: SealSim;
let close: () => Promise<void>;
let origin: string;
let browser: Browser;
let client: EsignClient;
let pdf: Uint8Array;
let docId: string;
let flowId: string;
let urlB: string;

beforeAll(async () => {
  const basePort = await freeBase();
  sim = createSimulator({ vendors: ['esign'], basePort, fetch: async () => new Response('ok') });
  const [running, b] = await Promise.all([
    sim.listen(),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS }),
  ]);
  browser = b;
  close = running.close;
  origin = sim.origin('esign');
  const { credentials } = sim.vendor('esign').createTenant({});
  client = createEsignClient({
    baseUrl: running.urls.esign!,
    projectId: credentials.projectId!,
    secret: credentials.projectSecret!,
  });

  pdf = await createTextPdf(
    PAGES.map((lines) => ({ lines })),
    { font: 'stsong-light' },
  );
  const { fileKey, uploadUrl } = await client.call('/file/uploadurl', {
    fileName: '借款合同.pdf',
    fileSize: pdf.length,
    contentType: 'application/pdf',
    contentMd5: contentMd5(pdf),
  });
  await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf' });
  ({ docId } = await client.call('/doc/createbyfilekey', { fileKey }));
  const faker = createFaker(11);
  const person = async (name: string) => {
    const p = faker.person();
    return (
      await client.call('/account/create/person/private', {
        thirdId: `${name}-${process.pid}`,
        name,
        idNo: p.idNo,
        idType: 19,
        mobile: p.mobile,
      })
    ).accountId;
  };
  const a = await person('张三');
  const bId = await person('李四');
  const started = await client.call('/sign/start', {
    businessScene: '个人借款',
    docList: [{ docId }],
    recipientList: {
      signerList: [
        {
          accountId: a,
          signOrder: 1,
          autoSign: 1,
          docPosList: [{ docId, signType: 1, posBeanList: [{ key: KEY_A }] }],
        },
        { accountId: bId, signOrder: 2, docPosList: [{ docId, signType: 1, posBeanList: [{ key: KEY_B }] }] },
      ],
    },
  });
  flowId = started.flowId;
  urlB = started.signUrlList!.find((s) => s.accountId === bId)!.signUrl[0]!;
  const d = await client.call('/sign/docdetail', { flowId });
  expect(d.signInfo[0]!.signDetail!.map((s) => s.signStatus)).toEqual([2, 1]); // A signed silently, B is up
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await close?.();
  sim?.close();
});

/**
 * The second signer's page in a fresh context (420 px wide,
 * devicePixelRatio 2); errors = script errors and failed loads.
 */
async function openSignPage(
  opts: { javaScriptEnabled?: boolean; failPdf?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 420, height: 900 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text());
  });
  if (opts.failPdf) await page.route('**/h5/sign/doc?**', (r) => r.fulfill({ status: 500, body: 'down' }));
  const res = await page.goto(urlB);
  expect(res?.status()).toBe(200);
  return { page, errors };
}

describe('esign H5 page: the document drawn by pdf.js in Chromium', () => {
  it('shows page 1 as a canvas: readable text and the first signer’s red seal at its keyword, nothing at the second’s', async () => {
    const { page, errors } = await openSignPage();
    const view = page.locator('.pdf-view').first();
    await expect.poll(() => view.getAttribute('data-pdf-state'), { timeout: 10_000 }).toBe('rendered');
    expect(await page.locator('canvas.pdfv-canvas').count()).toBe(2);
    // the text fallback was swapped out
    expect(await page.locator('.pdf-view [data-pdf-page]').count()).toBe(0);
    expect(await page.locator('.pdfv-no').first().innerText()).toBe('第 1 页 / 共 2 页');
    // the text layer keeps the contract's words on the page (select, find)
    expect(await page.locator('.textLayer').first().innerText()).toContain('借款人：张三');
    for (const t of ['借款人：张三', '第一条 借款金额人民币壹万元整。', '附件：还款计划'])
      expect(await page.getByText(t).isVisible(), t).toBe(true);

    const canvas = page.locator('canvas[data-page="1"]');
    // devicePixelRatio aware: the backing store is 2x the CSS box
    const dims = await canvas.evaluate((c: HTMLCanvasElement) => ({
      w: c.width,
      h: c.height,
      css: c.getBoundingClientRect().width,
      dpr: window.devicePixelRatio,
    }));
    expect(dims.dpr).toBe(2);
    expect(Math.abs(dims.w - dims.css * 2)).toBeLessThanOrEqual(2);
    expect(dims.css).toBeGreaterThan(300); // as wide as the document column

    const bytes = await canvas.screenshot({ type: 'png' });
    save('page-render-canvas', bytes);
    save('page-render-full', await page.screenshot({ fullPage: true, type: 'png' }));
    const png: DecodedPng = decodePng(new Uint8Array(bytes));

    const doc = await PDFDocument.load(pdf);
    const { width: W, height: H } = doc.getPage(0).getSize();
    const sx = png.width / W;
    const sy = png.height / H;
    expect(Math.abs(sx - sy)).toBeLessThan(0.02);
    const around = async (key: string, r = 45): Promise<PixelBox> => {
      const [hit] = await findKeyword(pdf, key);
      const cx = (hit!.x + hit!.width / 2) * sx;
      const cy = (H - (hit!.y + hit!.height / 2)) * sy;
      return { x: cx - r * sx, y: cy - r * sy, width: 2 * r * sx, height: 2 * r * sy };
    };
    // not blank: the text is drawn dark, the title line included
    expect(countDarkPixels(png)).toBeGreaterThan(2000);
    expect(
      countDarkPixels(png, { x: 50 * sx, y: 50 * sy, width: 100 * sx, height: 25 * sy }),
    ).toBeGreaterThan(100);
    // the first signer's seal, red, centred on 甲方（盖章）
    const sealBox = await around(KEY_A);
    const red = countRedPixels(png, sealBox);
    expect(red).toBeGreaterThan(1500);
    expect(red).toBeGreaterThan(countRedPixels(png) * 0.9); // and nowhere else
    // the second signer has not signed: no seal at 乙方（签字）
    expect(countRedPixels(png, await around(KEY_B, 30))).toBe(0);
    expect(errors).toEqual([]); // no script errors, no failed asset loads
    await page.context().close();
  });

  it('without scripts the page shows the text of every page, and the forms are there', async () => {
    const { page } = await openSignPage({ javaScriptEnabled: false });
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await page.locator('.pdf-view [data-pdf-page]').count()).toBe(2);
    expect(await page.getByText('借款人：张三').isVisible()).toBe(true);
    expect(await page.getByText('附件：还款计划').isVisible()).toBe(true);
    for (const id of ['#btn-code', '#btn-sign', '#btn-refuse'])
      expect(await page.locator(id).isVisible()).toBe(true);
    await page.context().close();
  });

  it('when the PDF cannot be loaded the text stays, with a note', async () => {
    const { page } = await openSignPage({ failPdf: true });
    const view = page.locator('.pdf-view').first();
    await expect.poll(() => view.getAttribute('data-pdf-state'), { timeout: 10_000 }).toBe('failed');
    expect(await page.locator('.pdfv-error').innerText()).toContain('页面预览加载失败');
    expect(await page.getByText('借款人：张三').isVisible()).toBe(true);
    expect(await page.locator('canvas').count()).toBe(0);
    await page.context().close();
  });
});

describe('the signer-scoped PDF route', () => {
  it('answers the current PDF only with the signer’s own flowId, accountId and token', async () => {
    const u = new URL(urlB);
    const q = (over: Record<string, string>) =>
      `/h5/sign/doc?${new URLSearchParams({ flowId, accountId: u.searchParams.get('accountId')!, token: u.searchParams.get('token')!, docId, ...over })}`;
    const ok = await fetch(origin + q({}));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('cache-control')).toContain('no-store');
    const bytes = new Uint8Array(await ok.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(pdf.length); // the signed version, not the upload
    const bads: Record<string, string>[] = [
      { token: 'x'.repeat(u.searchParams.get('token')!.length) },
      { docId: 'nope' },
      { flowId: 'nope' },
      { accountId: 'nope' },
    ];
    for (const bad of bads) {
      expect((await fetch(origin + q(bad))).status, JSON.stringify(bad)).toBe(404);
    }
    expect((await fetch(`${origin}/h5/sign/doc?flowId=${flowId}&docId=${docId}`)).status).toBe(404);
  });
});

describe('pdf.js assets on the esign origin', () => {
  it('serves the worker, the library, the viewer, CMaps and fonts with their content types and cache headers', async () => {
    const worker = await rawGet(origin, `${ASSETS}/pdf.worker.min.mjs`);
    expect(worker.status).toBe(200);
    expect(worker.headers['content-type']).toMatch(/^text\/javascript/);
    expect(worker.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(worker.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(worker.headers['content-length'])).toBe(worker.body.length);
    const again = await rawGet(origin, `${ASSETS}/pdf.worker.min.mjs`, {
      'if-none-match': String(worker.headers.etag),
    });
    expect(again.status).toBe(304);
    for (const [path, type] of [
      ['pdf.min.mjs', /^text\/javascript/],
      ['viewer.mjs', /^text\/javascript/],
      ['cmaps/UniGB-UCS2-H.bcmap', /^application\/octet-stream$/],
      ['standard_fonts/LiberationSans-Regular.ttf', /^font\/ttf$/],
      ['wasm/openjpeg.wasm', /^application\/wasm$/],
    ] as const) {
      const r = await fetch(`${origin}${ASSETS}/${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toMatch(type);
      await r.arrayBuffer();
    }
  });

  it('refuses traversal and anything off the whitelist with 404', async () => {
    const paths = [
      '/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/%2E%2E/%2E%2E/package.json',
      '/..%2f..%2fpackage.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/cmaps/..%2f..%2fpackage.json',
      '/cmaps/%252e%252e%252f%252e%252e%252fpackage.json',
      '/cmaps/../../../../../../etc/passwd',
      '/cmaps%2fUniGB-UCS2-H.bcmap',
      '//etc/passwd',
      '/package.json',
      '/LICENSE',
      '/legacy/build/pdf.mjs',
      '/pdf.worker.min.mjs.map',
      '/cmaps/LICENSE',
      '/cmaps/',
      '/',
      '/.%2e/package.json',
      '/pdf.min.mjs%00.bcmap',
    ];
    for (const p of paths) {
      const r = await rawGet(origin, `${ASSETS}${p}`);
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toContain('"name"');
      expect(r.body, p).not.toContain('root:');
    }
  });

  it('assetPathOf: clean relative paths only', () => {
    expect(assetPathOf(`${ASSETS}/cmaps/UniGB-UCS2-H.bcmap`, ASSETS)).toBe('cmaps/UniGB-UCS2-H.bcmap');
    expect(assetPathOf(`${ASSETS}/pdf.worker.min.mjs`, ASSETS)).toBe('pdf.worker.min.mjs');
    for (const p of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/a/./b',
      '/a//b',
      '/',
      '',
      '/%E0%A4%A',
      '/a%5cb',
      '/a%00b',
      '/%252e%252e/x',
      '/.hidden',
    ])
      expect(assetPathOf(`${ASSETS}${p}`, ASSETS), p).toBeUndefined();
    expect(assetPathOf('/h5/assets/pdfjsX/pdf.min.mjs', ASSETS)).toBeUndefined();
  });
});
