/**
 * The JS SDK stand-in (`/sdk/api/yht.js`, `/sdk/api/m/yht.js`) driven by a demo front end on
 * another origin, written as the vendor's guide shows (YHT.init with a token listener that asks the
 * integrator's server for a token, YHT.setToken, YHT.do, YHT.queryContract opening the URL it is
 * given), in headless Chromium over real HTTP: without a token the listener is called and the call
 * resumes; checkToken (a synchronous cross-origin GET) attaches backURL; the phone file opens
 * viewsopen/m/contract_view_m.html, the desktop file contract/hView, and the signing page loads; a
 * token the server expired sends the SDK back to the listener; the SDK's own failures.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { YUNHETONG_SDK_DEFAULT_APP as APP } from '../../contracts/yunhetong-sdk/control.ts';
import { createSimulator, type SealSim } from '../../index.ts';
import { launchChromium, type Browser } from '../helpers/browser.ts';
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
    const base = 46000 + Math.floor(Math.random() * 1500) * 10;
    if ((await Promise.all([0, 4, 9].map((d) => portFree(base + d)))).every(Boolean)) return base;
  }
  throw new Error('no free ports');
}

let sim: SealSim;
let close: () => Promise<void>;
let api: string;
let demo: Server;
let demoOrigin: string;
let browser: Browser;
let a: { id: string; token: string };
let contractId: string;
let tokensIssued = 0;
let embedSrc = '';

async function post(path: string, form: Params, query: Params = {}) {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${api}${path}${qs ? `?${qs}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return res.json();
}

async function tokenOf(appUserId: string): Promise<string> {
  const t = await post(P.getToken, { appId: APP.appId, password: APP.password, appUserId });
  return t.value.token as string;
}

/** The integrator's demo page: the vendor guide's calls, nothing else. */
function demoPage(file: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>demo</title>
<script src="${api}/api/${file}" type="text/javascript" charset="utf-8"></script></head>
<body><button id="open">查看合同</button><p id="msg"></p><script>
window.listenerCalls = 0;
var tokenUnableListener = function (obj) {
  window.listenerCalls++;
  fetch('/token', { method: 'POST' }).then(function (r) { return r.json(); }).then(function (data) {
    YHT.setToken(data.value.token);
    YHT.do(obj);
  });
};
YHT.init("${APP.appId}", tokenUnableListener);
function open(id) {
  YHT.queryContract(
    function successFun(url) { location.href = url; },
    function failFun(data) { document.getElementById('msg').textContent = 'fail:' + data; },
    id,
    '${demoOrigin}/back?order=9&from=demo',
    '{"code":"success"}'
  );
}
document.getElementById('open').addEventListener('click', function () { open('${contractId}'); });
</script></body></html>`;
}

beforeAll(async () => {
  const basePort = await freeBase();
  sim = createSimulator({ vendors: ['yunhetong-sdk'], basePort, fetch: async () => new Response('ok') });
  const [running, b] = await Promise.all([sim.listen(), launchChromium()]);
  close = running.close;
  browser = b;
  api = `${sim.origin('yunhetong-sdk')}/sdk`;
  demoOrigin = `http://127.0.0.1:${basePort + 9}`;

  const users = [person({ userName: '钱七' }), company()];
  for (const u of users)
    expect(await post(P.addUser, { appId: APP.appId, password: APP.password, ...u })).toMatchObject({
      subCode: 200,
    });
  a = { id: users[0]!.appUserId!, token: await tokenOf(users[0]!.appUserId!) };
  const form = new FormData();
  form.set('title', '演示合同');
  form.set(
    'file',
    new Blob([new Uint8Array(await pdfTemplate([['演示合同', '甲方：', '乙方：']]))]),
    'a.pdf',
  );
  const made = await (
    await fetch(`${api}${P.fileContract}?token=${encodeURIComponent(a.token)}`, {
      method: 'POST',
      body: form,
    })
  ).json();
  contractId = String(made.value.contractId);
  const partners = JSON.stringify([
    { appUserId: a.id, keyWord: '甲方' },
    { appUserId: users[1]!.appUserId!, keyWord: '乙方' },
  ]);
  expect(await post(P.addPartner, { contractId, partners }, { token: a.token })).toMatchObject({
    subCode: 200,
  });

  // The integrator's site: the demo pages and its own token endpoint (its server calls getToken).
  demo = createHttpServer((req, res) => {
    const path = new URL(req.url ?? '/', demoOrigin).pathname;
    if (path === '/token') {
      tokensIssued++;
      void tokenOf(a.id).then((token) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ value: { token } }));
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (path === '/demo') res.end(demoPage('yht.js'));
    else if (path === '/demo-m') res.end(demoPage('m/yht.js'));
    else if (path === '/embed')
      res.end(`<iframe id="view" width="900" height="700" src="${embedSrc}"></iframe>`);
    else res.end('<p id="back">back</p>');
  });
  await new Promise<void>((r) => demo.listen(basePort + 9, '127.0.0.1', () => r()));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => demo?.close(r));
  await close?.();
  sim?.close();
});

async function openDemo(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text());
  });
  await page.goto(`${demoOrigin}${path}`);
  return { page, errors };
}

describe('yunhetong-sdk yht.js on an integrator’s page (Chromium)', () => {
  it('phone file: no token → the listener gets one and YHT.do resumes → checkToken → the signing page', async () => {
    const { page, errors } = await openDemo('/demo-m');
    const issued = tokensIssued;
    await Promise.all([
      page.waitForURL(/\/sdk\/viewsopen\/m\/contract_view_m\.html\?token=TGT-/),
      page.click('#open'),
    ]);
    expect(tokensIssued).toBe(issued + 1);
    expect(new URL(page.url()).searchParams.get('contractId')).toBe(contractId);
    await page.waitForSelector('.pdf-view[data-pdf-state="rendered"]', { timeout: 20_000 });
    expect(await page.locator('#title').innerText()).toBe('演示合同');
    // checkToken attached the backURL (sent with its & as commas) to the token the SDK used
    const token = new URL(page.url()).searchParams.get('token')!;
    const view = await post(P.view, { contractId }, { token });
    expect(view.value.backURL).toBe(`${demoOrigin}/back?order=9,from=demo`);
    expect(await page.locator('#yht-page').getAttribute('data-back-url')).toBe(
      `${demoOrigin}/back?order=9&from=demo`,
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('desktop file: a token still fresh in sessionStorage is used at once; contract/hView opens', async () => {
    const { page } = await openDemo('/demo');
    await page.evaluate(
      (t) => (window as unknown as { YHT: { setToken(t: string): void } }).YHT.setToken(t),
      a.token,
    );
    const issued = tokensIssued;
    await Promise.all([
      page.waitForURL(/\/sdk\/contract\/hView\?contractId=\d{16}&token=TGT-/),
      page.click('#open'),
    ]);
    expect(tokensIssued).toBe(issued);
    await page.waitForSelector('#yht-page', { timeout: 10_000 });
    expect(await page.locator('#contract-id').innerText()).toBe(contractId);
  }, 60_000);

  it('the integrator embeds the desktop view in an iframe on its own site; the frame renders the contract', async () => {
    embedSrc = `${api}/contract/hView?contractId=${contractId}&token=${encodeURIComponent(a.token)}`;
    const { page, errors } = await openDemo('/embed');
    const frame = page.frameLocator('#view');
    await frame.locator('.pdf-view[data-pdf-state="rendered"]').waitFor({ timeout: 20_000 });
    expect(await frame.locator('#contract-id').innerText()).toBe(contractId);
    expect(errors).toEqual([]);
  }, 60_000);

  it('a token the server expired (code 400) sends the SDK to the listener; its own failures', async () => {
    const { page } = await openDemo('/demo-m');
    const stale = await tokenOf(a.id);
    await page.evaluate(
      (t) => (window as unknown as { YHT: { setToken(t: string): void } }).YHT.setToken(t),
      stale,
    );
    await sim.clock.advance(31 * 60_000);
    const issued = tokensIssued;
    await Promise.all([page.waitForURL(/contract_view_m\.html/), page.click('#open')]);
    expect(tokensIssued).toBe(issued + 1);
    expect(new URL(page.url()).searchParams.get('token')).not.toBe(stale);

    const fresh = await openDemo('/demo-m');
    const answers = await fresh.page.evaluate(() => {
      const w = window as unknown as {
        YHT: { queryContract(...a: unknown[]): void; querySign(): void; init(a: unknown, b: unknown): void };
      };
      const out: string[] = [];
      w.YHT.queryContract(
        () => out.push('ok'),
        (m: string) => out.push(`fail:${m}`),
        '',
      );
      for (const f of [
        () => w.YHT.querySign(),
        () => w.YHT.init('1', null),
        () => w.YHT.init(null, () => 0),
      ]) {
        try {
          f();
        } catch (e) {
          out.push(`throw:${(e as Error).message}`);
        }
      }
      return out;
    });
    expect(answers).toEqual([
      'fail:合同id为空',
      'throw:此接口已停用',
      'throw:token 回调方法为空',
      'throw:appid 为空',
    ]);
  }, 60_000);
});
