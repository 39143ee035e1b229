/**
 * The dashboard (core/dashboard.ts) in a real headless Chromium at 1,280 px, with a control token
 * set: each button does what it says (checked through the control API afterwards), the page
 * updates without a reload, codes copy, times are Beijing time with the zone shown, nothing
 * overflows horizontally, and the browser reports no CSP violation or script error.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient } from '../../clients/control/index.ts';
import { createSimulator } from '../../index.ts';
import {
  launchChromium,
  openWatchedPage,
  screenshot,
  type Browser,
  type WatchedPage,
} from '../helpers/browser.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import { newDoc, newPerson, startTwoSignerFlow, T0 } from '../esign/helpers.ts';
import { createEsignClient } from '../../clients/esign/index.ts';
import {
  BQ_CREATOR,
  BQ_SIGNER,
  baoquanClient,
  baoquanContract,
  digestSummary,
  sdkContract,
} from './dashboard-helpers.ts';

const TOKEN = 'dash-token-0123456789';

let sim: ReturnType<typeof createSimulator>;
let running: Awaited<ReturnType<ReturnType<typeof createSimulator>['listen']>>;
let control: ReturnType<typeof createControlClient>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const basePort = await freeBasePortFrom(43100);
  sim = createSimulator({ basePort, now: T0, controlToken: TOKEN });
  [running, browser] = await Promise.all([
    sim.listen(),
    launchChromium({ viewport: { width: 1280, height: 900 } }),
  ]);
  base = running.urls.control!;
  control = createControlClient({ baseUrl: base, token: TOKEN });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await running?.close();
  sim?.close();
});

/** An esign project whose callbacks go to a closed port, and a two-signer flow in it. */
async function esignFlow() {
  const created = await control.createTenant('esign', { callbackUrl: 'http://127.0.0.1:9/cb' });
  const projectId = created.credentials.projectId!;
  const client = createEsignClient({
    baseUrl: running.urls.esign!,
    projectId,
    secret: created.credentials.projectSecret!,
  });
  const a = await newPerson(client, { name: '张三' });
  const b = await newPerson(client, { name: '李四' });
  const { docId } = await newDoc(client);
  const flow = await startTwoSignerFlow(client, a, b, docId);
  return { projectId, flowId: flow.flowId, a, b };
}

async function flowView(projectId: string, flowId: string) {
  const r = await control.api.GET('/__sim/esign/flows/{flowId}', {
    params: { path: { flowId }, query: { projectId } },
  });
  return r.data!;
}

async function dashboard(): Promise<WatchedPage> {
  const w = await openWatchedPage(browser, `${base}/?token=${TOKEN}`);
  await w.page.waitForSelector('#live');
  return w;
}

/**
 * expect.poll with room for a loaded machine: a click that signs a PDF (a worker job) can take
 * seconds when other suites share the CPU; the default 1 s made the esign case flaky.
 */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

const row = (page: Page, kind: string, id: string) =>
  page.locator(`tr[data-kind="${kind}"][data-id="${id}"]`);

describe('the dashboard in Chromium', { timeout: 120_000 }, () => {
  it('signs and refuses esign signers with its buttons, and updates itself without a reload', async () => {
    const { projectId, flowId, a, b } = await esignFlow();
    const w = await dashboard();
    const { page } = w;
    let reloaded = false;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) reloaded = true;
    });
    // buttons only for the signer whose turn it is
    expect(await row(page, 'signer', b.accountId).locator('button').count()).toBe(0);
    await row(page, 'signer', a.accountId).getByRole('button', { name: 'sign' }).click();
    await poll(async () => (await flowView(projectId, flowId)).signers[0]!.signStatus).toBe(2);
    // the page shows it (live, no reload) and offers the next signer's buttons
    await poll(() => row(page, 'signer', a.accountId).locator('.status').textContent()).toBe('已完成');
    await row(page, 'signer', b.accountId).getByRole('button', { name: 'refuse' }).click();
    await poll(async () => (await flowView(projectId, flowId)).signers[1]!.signStatus).toBe(4);
    const ended = (await flowView(projectId, flowId)).flowStatusText;
    await poll(() => row(page, 'flow', flowId).locator('.status').textContent()).toBe(ended);
    // a tenant made through the API appears without a reload
    const other = await control.createTenant('wosign', {});
    await poll(() => page.locator(`#vendor-wosign .tenant code`).allTextContents()).toContain(other.id);
    // the request journal lists the vendor requests (GET /__sim/requests)
    await poll(() => page.locator('#journal-rows').textContent()).toContain('/sign/start');
    expect(reloaded).toBe(false);
    expect(await w.problems()).toEqual([]);
  });

  it('advances the clock, resets a vendor, adds and removes a fault rule, redelivers a callback', async () => {
    await esignFlow();
    const { page, problems } = await dashboard();
    const before = await control.now();
    await page.getByRole('button', { name: '+10 min' }).click();
    await poll(() => control.now()).toBe(before + 600_000);
    // the clock is shown in Beijing time with its zone
    const shown = new Date(before + 600_000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    await poll(() => page.locator('#clock').textContent()).toBe(shown);
    await expect(page.locator('#live').textContent()).resolves.toContain('Asia/Shanghai (UTC+8)');

    // fault rule: add through the form, remove with its button
    await page.locator('#fault-form select[name=vendor]').selectOption('baoquan');
    await page.locator('#fault-form input[name=route]').fill('/api/attestations*');
    await page.locator('#fault-form input[name=status]').fill('503');
    await page.locator('#fault-form button[type=submit]').click();
    await poll(async () => (await control.api.GET('/__sim/faults')).data!.faults).toMatchObject([
      { vendor: 'baoquan', route: '/api/attestations*', status: 503 },
    ]);
    const id = (await control.api.GET('/__sim/faults')).data!.faults[0]!.id;
    await page.locator(`tr[data-fault="${id}"] button`).click();
    await poll(async () => (await control.api.GET('/__sim/faults')).data!.faults).toEqual([]);

    // redeliver: the first test's signer actions sent esign callbacks (to a closed port)
    const deliveries = () => control.webhooks('esign');
    if ((await deliveries()).length === 0) throw new Error('no esign callback to redeliver');
    const first = (await deliveries())[0]!;
    const count = (await deliveries()).length;
    await page.locator(`tr[data-delivery="${first.id}"] button`).click();
    await poll(async () => (await deliveries()).length).toBe(count + 1);
    expect((await deliveries()).at(-1)!.body).toBe(first.body);

    // reset a vendor: its tenants go back to the default one
    await control.createTenant('wosign', {});
    await poll(async () => page.locator('#vendor-wosign .tenant').count()).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'reset wosign' }).click();
    await poll(async () => page.locator('#vendor-baoquan .tenant').count()).toBe(1);
    expect(await problems()).toEqual([]);
  });

  it('sets the clock in Beijing time, signs and refuses baoquan signers, opens an access page', async () => {
    const fetch = (r: Request) => globalThis.fetch(r);
    const contractId = await baoquanContract(
      baoquanClient(sim.origin('baoquan'), fetch),
      await control.now(),
    );
    const { page, problems } = await dashboard();
    const contract = () =>
      control.api.GET('/__sim/baoquan/contracts/{contractId}', { params: { path: { contractId } } });
    // Only the creator's turn: its row has the buttons, the signer's none.
    const creator = page.locator(`tr[data-kind="creator"][data-id="${BQ_CREATOR}"]`);
    const signer = page.locator(`tr[data-kind="signer"][data-id="${BQ_SIGNER}"]`);
    expect(await signer.locator('button').count()).toBe(0);
    // A seeded attestation's access page (the test key signs its link) opens in a new tab.
    const attestation = page.locator(
      'tr[data-kind="attestation"][data-id="DB0C8DB14E3C44C7B9FBBE30EB179241"]',
    );
    const [access] = await Promise.all([
      page.waitForEvent('popup'),
      attestation.getByRole('button', { name: 'access page' }).click(),
    ]);
    await access.waitForLoadState();
    expect(access.url()).toContain('/attestations/DB0C8DB14E3C44C7B9FBBE30EB179241?accessKey=');
    expect(await access.locator('body').textContent()).toContain('DB0C8DB14E3C44C7B9FBBE30EB179241');
    await access.close();
    await creator.getByRole('button', { name: 'sign' }).click();
    await poll(async () => (await contract()).data!.signers[0]!.status).toBe('DONE');
    await poll(() => creator.locator('.status').textContent()).toBe('DONE');
    await signer.getByRole('button', { name: 'refuse' }).click();
    await poll(async () => (await contract()).data!.status).toBe('REJECT');
    await poll(() =>
      page.locator(`tr[data-kind="contract"][data-id="${contractId}"] .status`).textContent(),
    ).toBe('REJECT');

    // The clock: a Beijing wall time typed in, sent with +08:00, shown back the same.
    const target = (await control.now()) + 86_400_000 + 123_000;
    const beijing = new Date(Math.floor(target / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19);
    await page.locator('#clock-form input[name=at]').fill(beijing);
    await page.locator('#clock-form button[type=submit]').click();
    await poll(() => control.now()).toBe(Date.parse(`${beijing}+08:00`));
    await poll(() => page.locator('#clock').textContent()).toBe(beijing.replace('T', ' '));
    // …and backwards too (clock/set rewinds).
    const back = new Date(Date.parse(`${beijing}+08:00`) - 3_600_000 + 8 * 3_600_000).toISOString();
    await page.locator('#clock-form input[name=at]').fill(back.slice(0, 19));
    await page.locator('#clock-form button[type=submit]').click();
    await poll(() => control.now()).toBe(Date.parse(`${beijing}+08:00`) - 3_600_000);
    expect(await problems()).toEqual([]);
  });

  it('opens a yunhetong-sdk signing page and a yunhetong-digest signed PDF in new tabs', async () => {
    const fetch = (r: Request) => globalThis.fetch(r);
    const { contractId, partner } = await sdkContract(sim.origin('yunhetong-sdk'), fetch);
    const sandbox = sim.vendor('yunhetong-digest').describe!().sandbox!;
    const { summaryId } = await digestSummary(sim.origin('yunhetong-digest'), fetch, sandbox);
    const { page, problems } = await dashboard();
    const partnerRow = page.locator(`tr[data-kind="partner"][data-id="${partner}"]`);
    const [signing] = await Promise.all([
      page.waitForEvent('popup'),
      partnerRow.getByRole('button', { name: 'signing page' }).click(),
    ]);
    await signing.waitForLoadState();
    expect(signing.url()).toContain(`/sdk/contract/hView?contractId=${contractId}&token=`);
    expect(await signing.locator('body').textContent()).toContain('仪表盘合同');
    await signing.close();
    const summaryRow = page.locator(`tr[data-kind="summary"][data-id="${summaryId}"]`);
    const [pdf] = await Promise.all([
      page.waitForEvent('popup'),
      summaryRow.getByRole('button', { name: 'signed PDF' }).click(),
    ]);
    expect(pdf.url()).toMatch(/^blob:/);
    await poll(() => page.locator('#status').textContent()).toContain('application/pdf');
    await pdf.close();
    expect(await problems()).toEqual([]);
  });

  it('copies an outbox code, keeps 1,280 px without horizontal overflow, and has a favicon', async () => {
    sim.outbox.send({
      vendor: 'esign',
      tenant: 'default',
      channel: 'sms',
      to: '13800000000',
      text: '您的验证码是 246810，5分钟内有效。'.repeat(4),
      code: '246810',
      link: `${running.urls.esign}/h5/sign?${'x'.repeat(300)}`,
    });
    const w = await dashboard();
    const { page } = w;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.locator('#outbox button.copy').first().click();
    await poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('246810');
    await poll(() => page.locator('#status').textContent()).toBe('copied 246810');
    const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(width).toBeLessThanOrEqual(1280);
    const icon = await page.request.get(`${base}/favicon.svg`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/svg+xml');
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toBe('/favicon.svg');
    await screenshot(page, 'dashboard');
    // The README's pictures: `SEALSIM_README_SHOTS=1 npx vitest run test/core/dashboard.test.ts`.
    if (process.env.SEALSIM_README_SHOTS) {
      mkdirSync('docs/img', { recursive: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: 'docs/img/dashboard-controls.png' });
      await page.evaluate(() => document.getElementById('vendor-yunhetong-digest')!.scrollIntoView());
      await page.screenshot({ path: 'docs/img/dashboard-yunhetong.png' });
      await page.locator('#vendor-esign').scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'docs/img/dashboard-esign.png' });
      await page.locator('#outbox').scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'docs/img/dashboard-outbox.png' });
      const docs = await browser.newPage();
      await docs.goto(`${base}/__sim/docs/esign`);
      await docs.waitForSelector('.opblock');
      await docs.screenshot({ path: 'docs/img/api-docs-esign.png' });
      await docs.close();
    }
    expect(await w.problems()).toEqual([]);
  });
});
