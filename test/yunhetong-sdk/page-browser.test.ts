/**
 * The 云合同 signing page in a real headless Chromium, over real HTTP (the simulator listening,
 * users and the contract made with requests): the phone page opened from a token draws the PDF
 * with pdf.js (canvas with ink), the user draws a signature on the pad, saves it (sign/createSign),
 * signs (contract/sign) and lands on the backURL checkToken attached (sent with the JS SDK's
 * commas). The downloaded PDF has the drawn signature at the partner's keyWord on the rendered
 * page (pdftoppm) and a valid, trusted PAdES signature (pdfsig). No CSP violation, no script error.
 * Screenshots and the rendered page go to test/.output/yunhetong-sdk-page-*.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { YUNHETONG_SDK_DEFAULT_APP as APP } from '../../contracts/yunhetong-sdk/control.ts';
import { createSimulator, type SealSim } from '../../index.ts';
import { pemDecodeAll, pemEncode } from '../../simulators/core/pki/index.ts';
import { launchChromium, openWatchedPage, OUTPUT_DIR, type Browser } from '../helpers/browser.ts';
import {
  countDarkPixels,
  countInkPixels,
  decodePng,
  pdfBoxToPixels,
  renderPdfPagePng,
} from '../helpers/png.ts';
import { expectCertificatesTrusted, trustStore } from '../core/pdf/sign/verify.ts';
import { pdfTemplate } from '../core/template/fixtures.ts';
import { company, person, type Params } from './helpers.ts';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freeBase(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 42000 + Math.floor(Math.random() * 2000) * 10;
    if ((await Promise.all([0, 4, 9].map((d) => portFree(base + d)))).every(Boolean)) return base;
  }
  throw new Error('no free ports');
}

let sim: SealSim;
let close: () => Promise<void>;
let api: string;
let integrator: Server;
let integratorOrigin: string;
let browser: Browser;

/** A form POST over HTTP (query + urlencoded body); the envelope. */
async function post(path: string, form: Params, query: Params = {}) {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${api}${path}${qs ? `?${qs}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return res.json();
}

async function userWithToken(user: Params) {
  expect(await post(P.addUser, { appId: APP.appId, password: APP.password, ...user })).toMatchObject({
    subCode: 200,
  });
  const t = await post(P.getToken, { appId: APP.appId, password: APP.password, appUserId: user.appUserId! });
  return { id: user.appUserId!, token: t.value.token as string };
}

beforeAll(async () => {
  const basePort = await freeBase();
  sim = createSimulator({ vendors: ['yunhetong-sdk'], basePort, fetch: async () => new Response('ok') });
  const [running, b] = await Promise.all([
    sim.listen(),
    launchChromium({ viewport: { width: 420, height: 900 } }),
  ]);
  close = running.close;
  browser = b;
  api = `${sim.origin('yunhetong-sdk')}/sdk`;
  // The integrator's site: where backURL points.
  integrator = createHttpServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>back</title><p id="back">回到商户：${req.url?.length ?? 0}</p>`);
  });
  await new Promise<void>((r) => integrator.listen(basePort + 9, '127.0.0.1', () => r()));
  integratorOrigin = `http://127.0.0.1:${basePort + 9}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => integrator?.close(r));
  await close?.();
  sim?.close();
});

const openPage = (url: string) => openWatchedPage(browser, url);

function save(name: string, bytes: Uint8Array): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(join(OUTPUT_DIR, `yunhetong-sdk-page-${name}.png`), bytes);
}

describe('yunhetong-sdk signing page in Chromium', () => {
  it('draws the PDF, takes a drawn signature, signs, lands on the backURL; the seal is in the signed PDF', async () => {
    const a = await userWithToken(person({ userName: '赵六' }));
    const b = await userWithToken(company());
    const pdf = await pdfTemplate([
      ['借款合同', '借款人签字：', '', '', '出借人盖章：', '第二条 借款金额壹万元。'],
    ]);
    const form = new FormData();
    form.set('title', '借款合同');
    form.set('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), '借款合同.pdf');
    const made = await (
      await fetch(`${api}${P.fileContract}?token=${encodeURIComponent(a.token)}`, {
        method: 'POST',
        body: form,
      })
    ).json();
    expect(made).toMatchObject({ subCode: 200 });
    const contractId = String(made.value.contractId);
    const partners = JSON.stringify([
      { appUserId: a.id, keyWord: '借款人签字' },
      { appUserId: b.id, keyWord: '出借人盖章' },
    ]);
    expect(await post(P.addPartner, { contractId, partners }, { token: a.token })).toMatchObject({
      subCode: 200,
    });
    // The JS SDK's checkToken: backURL unencoded with its & written as commas.
    const checked = await fetch(
      `${api}${P.checkToken}?token=${a.token}&backURL=${integratorOrigin}/back?order=7,from=yht&noticeParams={"k":1}`,
    );
    expect(await checked.json()).toEqual({ subCode: 0, message: '校验成功', value: null, code: 200 });

    const q = `token=${encodeURIComponent(a.token)}&contractId=${contractId}`;
    const url = `${api}/viewsopen/m/contract_view_m.html?${q}`;
    const { page, problems } = await openPage(url);
    await page.waitForSelector('.pdf-view[data-pdf-state="rendered"]', { timeout: 20_000 });
    await page.waitForSelector('#yht-page[data-script="ready"]', { timeout: 10_000 });
    expect(await page.locator('#title').innerText()).toBe('借款合同');
    expect(await page.locator('tr.partner.me .partner-status').innerText()).toBe('未签署');
    // the PDF is drawn: a canvas with dark text in it
    const canvasShot = await page.locator('canvas.pdfv-canvas[data-page="1"]').screenshot({ type: 'png' });
    save('canvas', canvasShot);
    expect(countInkPixels(decodePng(new Uint8Array(canvasShot)))).toBeGreaterThan(100);
    // the automatic signature is listed and chosen
    expect(await page.locator('#sign-list .sign-choice').count()).toBe(1);

    // draw on the pad: two strokes
    const pad = page.locator('#sign-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    const stroke = async (points: Array<[number, number]>) => {
      await page.mouse.move(box.x + points[0]![0] * box.width, box.y + points[0]![1] * box.height);
      await page.mouse.down();
      for (const [x, y] of points.slice(1))
        await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 8 });
      await page.mouse.up();
    };
    await stroke([
      [0.15, 0.7],
      [0.3, 0.25],
      [0.45, 0.75],
      [0.6, 0.3],
    ]);
    await stroke([
      [0.65, 0.5],
      [0.9, 0.45],
    ]);
    const padShot = await pad.screenshot({ type: 'png' });
    save('pad', padShot);
    expect(countDarkPixels(decodePng(new Uint8Array(padShot)))).toBeGreaterThan(100);
    await page.click('#btn-save-sign');
    await expect.poll(() => page.locator('#sign-list .sign-choice').count(), { timeout: 10_000 }).toBe(2);
    const chosen = page.locator('#sign-list .sign-choice[data-type="drawn"] input[name="signId"]');
    expect(await chosen.isChecked()).toBe(true);
    save('before-sign', await page.screenshot({ fullPage: true, type: 'png' }));

    await Promise.all([
      page.waitForURL(`${integratorOrigin}/back?order=7&from=yht`, { timeout: 30_000 }),
      page.click('#btn-sign'),
    ]);
    expect(await page.locator('#back').innerText()).toContain('回到商户');
    expect(await problems()).toEqual([]);

    // The signed PDF: the drawn signature at 借款人签字, one valid signature.
    const view = await post(P.view, { contractId }, { token: a.token });
    const me = view.value.partners[0];
    expect(me).toMatchObject({ signStatus: '已签署' });
    const placed = me.locations[0];
    const signed = new Uint8Array(
      await (
        await fetch(`${api}${P.download}?token=${encodeURIComponent(a.token)}&contractId=${contractId}`)
      ).arrayBuffer(),
    );
    const pagePng = await renderPdfPagePng(signed, placed.page, 72);
    save('signed-pdf', pagePng);
    const rendered = decodePng(pagePng);
    const inSeal = countInkPixels(rendered, pdfBoxToPixels(placed, rendered.height));
    expect(inSeal).toBeGreaterThan(40);
    // nothing drawn at B's keyword yet (B has not signed)
    const [bPlace] = view.value.partners[1].locations;
    const atB = countInkPixels(
      rendered,
      pdfBoxToPixels({ ...bPlace, x: bPlace.x + bPlace.width + 10, width: 60 }, rendered.height),
    );
    expect(atB).toBe(0);

    const ca = await sim.fetch(new Request(`${sim.origin('control')}/__sim/yunhetong-sdk/ca.pem`));
    const store = trustStore(pemEncode('CERTIFICATE', pemDecodeAll(await ca.text())[1]!));
    try {
      const { entries, out } = store.pdfsig(signed);
      expect(entries, out).toHaveLength(1);
      expect(entries[0]!.valid, out).toBe(true);
      expect(entries[0]!.commonName, out).toBe('赵六');
      expectCertificatesTrusted(entries, out);
    } finally {
      store.cleanup();
    }
  }, 90_000);
});
