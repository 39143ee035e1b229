/**
 * The wosign signing page in a real headless Chromium, over real HTTP (the simulator listening with
 * --wosign-plain-http, the order made with requests carrying the client certificate header, the
 * pushes going to a real local receiver): the second signer's page says it is not their turn; the
 * first signer's page draws the PDF with pdf.js and signs with a click; the second signer's page
 * then shows the first seal on the drawn page and signs; PushSignedDoc reaches the receiver, its
 * hash matches, its PDF carries one valid signature (pdfsig). No CSP violation, no script error.
 * Screenshots go to test/.output/wosign-page-*.png.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type SealSim } from '../../index.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { pemDecodeAll, pemEncode } from '../../simulators/core/pki/index.ts';
import { launchChromium, openWatchedPage, OUTPUT_DIR, type Browser } from '../helpers/browser.ts';
import { countInkPixels, countRedPixels, decodePng } from '../helpers/png.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import { trustStore } from '../core/pdf/sign/verify.ts';
import { apiRequest, DEFAULT_CLIENT, orderNumber, pngBase64 } from './helpers.ts';

let sim: SealSim;
let close: () => Promise<void>;
let browser: Browser;
let receiver: Server;
const received: Array<{ contentType: string | undefined; body: string }> = [];

function save(name: string, bytes: Uint8Array): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(join(OUTPUT_DIR, `wosign-page-${name}.png`), bytes);
}

beforeAll(async () => {
  const basePort = await freeBasePortFrom(53000);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.end('1');
    });
  });
  await new Promise<void>((r) => receiver.listen(basePort + 9, '127.0.0.1', () => r()));
  sim = createSimulator({ vendors: ['wosign'], basePort, vendorOptions: { wosign: { plainHttp: true } } });
  const [running, b] = await Promise.all([
    sim.listen(),
    launchChromium({ viewport: { width: 480, height: 900 } }),
  ]);
  close = running.close;
  browser = b;
  const control = sim.origin('control');
  const patched = await fetch(`${control}/__sim/wosign/tenants/${DEFAULT_CLIENT.tokenid}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ notifyUrl: `http://127.0.0.1:${basePort + 9}/wosign/push` }),
  });
  expect(patched.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => receiver?.close(r));
  await close?.();
  sim?.close();
});

const openPage = (url: string) => openWatchedPage(browser, url);

describe('wosign signing page in Chromium', () => {
  it('signs in order by clicking 确认签署; the seal is drawn; PushSignedDoc carries the signed PDF', async () => {
    const pdf = await createTextPdf([
      {
        lines: [
          '采购合同 Purchase Contract No. 2026-07',
          '甲方（盖章）：',
          '乙方（签字）：',
          '第一条 货物名称及数量。',
        ],
      },
    ]);
    const on = orderNumber();
    const body = {
      tokenid: DEFAULT_CLIENT.tokenid,
      actiontype: 'CreateSignOrder',
      subject: '采购合同',
      filebase: Buffer.from(pdf).toString('base64'),
      fileformat: 'pdf',
      orderNumber: on,
      signerlist: [
        {
          signType: '1',
          orgName: '沃通电子认证服务有限公司',
          orgNo: '440301103308619',
          pic: pngBase64(),
          otherpic: pngBase64(),
          signlist: [{ pagenumber: 1, position: '0.40,0.55,0.70,0.80' }],
        },
        {
          signType: '2',
          userName: '张三',
          userNo: `BROWSER-${on}`,
          pic: pngBase64(),
          otherpic: pngBase64(),
          signlist: [{ pagenumber: 1, position: '0.10,0.20,0.30,0.35' }],
        },
      ],
    };
    const made = await (
      await fetch(apiRequest(sim.origin('wosign'), body, DEFAULT_CLIENT.certificatePem))
    ).json();
    expect(made).toMatchObject({ status: 1, errorcode: 0 });
    const link = (to: string) => sim.outbox.list({ vendor: 'wosign', to }).at(-1)!.link!;
    const firstLink = link('440301103308619');
    const secondLink = link(`BROWSER-${on}`);
    expect(firstLink.startsWith(`${sim.origin('wosign')}/sign?`)).toBe(true);

    // the second signer, too early
    const early = await openPage(secondLink);
    expect(await early.page.locator('#status').innerText()).toContain('尚未轮到您签署');
    expect(await early.page.locator('#btn-sign').count()).toBe(0);
    await early.page.close();

    // the first signer: the PDF drawn, one click
    const first = await openPage(firstLink);
    await first.page.waitForSelector('.pdf-view[data-pdf-state="rendered"]', { timeout: 20_000 });
    const canvas = await first.page.locator('canvas.pdfv-canvas[data-page="1"]').screenshot({ type: 'png' });
    save('first-canvas', canvas);
    expect(countInkPixels(decodePng(new Uint8Array(canvas)))).toBeGreaterThan(100);
    expect(countRedPixels(decodePng(new Uint8Array(canvas)))).toBe(0);
    await Promise.all([first.page.waitForURL(/done=1/, { timeout: 30_000 }), first.page.click('#btn-sign')]);
    expect(await first.page.locator('#result').innerText()).toContain('签署成功');
    expect(await first.page.locator('#signer-status').innerText()).toBe('已签署');
    expect(await first.problems()).toEqual([]);
    await first.page.close();

    // the second signer: the first seal on the drawn page, then signs
    const second = await openPage(secondLink);
    await second.page.waitForSelector('.pdf-view[data-pdf-state="rendered"]', { timeout: 20_000 });
    const sealed = await second.page.locator('canvas.pdfv-canvas[data-page="1"]').screenshot({ type: 'png' });
    save('second-canvas', sealed);
    expect(countRedPixels(decodePng(new Uint8Array(sealed)))).toBeGreaterThan(500);
    save('second-page', await second.page.screenshot({ fullPage: true, type: 'png' }));
    await Promise.all([
      second.page.waitForURL(/done=1/, { timeout: 30_000 }),
      second.page.click('#btn-sign'),
    ]);
    expect(await second.page.locator('#order-status').innerText()).toBe('已完成');
    expect(await second.problems()).toEqual([]);
    await second.page.close();

    // PushSignedDoc at the real receiver
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const push = received.find((r) => JSON.parse(r.body).extendData.signid === made.signid)!;
    expect(push.contentType).toBe('application/json');
    const json = JSON.parse(push.body);
    expect(json).toMatchObject({ actiontype: 'PushSignedDoc', status: 1, errorcode: '0' });
    const signed = new Uint8Array(Buffer.from(json.extendData.content, 'base64'));
    expect(json.extendData.hash).toBe(createHash('sha256').update(signed).digest('hex'));
    const ca = await (await fetch(`${sim.origin('control')}/__sim/wosign/ca.pem`)).text();
    const store = trustStore(pemEncode('CERTIFICATE', pemDecodeAll(ca).at(-1)!));
    try {
      const { entries, out } = store.pdfsig(signed);
      expect(entries, out).toHaveLength(1);
      expect(entries[0]!.valid, out).toBe(true);
    } finally {
      store.cleanup();
    }
    const delivery = sim.webhooks.list({ vendor: 'wosign' }).find((d) => d.body === push.body);
    expect(delivery?.state).toBe('delivered');
  });
});
