/**
 * The strict CSP (core/security.ts) in a real headless Chromium: the esign H5 page draws its
 * PDF with pdf.js (module scripts, worker, WebAssembly, the viewer's constructed stylesheet), its
 * registered inline styles apply, and the browser reports no CSP violation; the same for the
 * flow-view page, the baoquan access page and the control dashboard.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaoquanClient } from '../../clients/baoquan/index.ts';
import { launchChromium, type Browser } from '../helpers/browser.ts';
import { attest, DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY } from '../baoquan/helpers.ts';
import { httpSim, newDoc, newPerson, newProject, startTwoSignerFlow, T0 } from './helpers.ts';

let h: Awaited<ReturnType<typeof httpSim>>;
let browser: Browser;
beforeAll(async () => {
  [h, browser] = await Promise.all([httpSim({ now: T0, vendors: ['esign', 'baoquan'] }), launchChromium()]);
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Opens a page recording every CSP violation (the listener is injected before any page script). */
async function open(url: string): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const page = await browser.newPage();
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const res = await page.goto(url);
  expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
  return {
    page,
    violations: async () => [
      ...console,
      ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
    ],
  };
}

describe('the strict CSP in Chromium', () => {
  it('the esign H5 page draws its PDF, applies its styles and reports no violation', async () => {
    const project = await newProject(h.control);
    const client = h.client(project);
    const a = await newPerson(client, { name: '张三' });
    const b = await newPerson(client, { name: '李四' });
    const { docId } = await newDoc(client);
    const flow = await startTwoSignerFlow(client, a, b, docId);
    const { page, violations } = await open(flow.urlA);
    await page.waitForSelector('[data-pdf-state="rendered"]', { timeout: 15_000 });
    expect(await page.locator('.doc canvas').count()).toBeGreaterThan(0);
    // the viewer's constructed stylesheet applies (a canvas is inline by default)
    expect(
      await page
        .locator('.pdfv-canvas')
        .first()
        .evaluate((el) => getComputedStyle(el).display),
    ).toBe('block');
    // the page's hashed inline styles apply: the base header colour and the sign page's own rule
    expect(await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(31, 58, 95)',
    );
    expect(await page.locator('#reason').evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    expect(await violations()).toEqual([]);
  });

  it('the baoquan access page and the control dashboard report no violation', async () => {
    const bq = createBaoquanClient({
      baseUrl: h.sim.origin('baoquan'),
      accessKey: DEFAULT_ACCESS_KEY,
      privateKey: DEFAULT_PRIVATE_KEY,
      clock: () => h.sim.clock.now(),
    });
    const ano = await attest(bq);
    const access = await open(bq.accessUrl(ano));
    // its own hashed rule is in force (a blocked <style> contributes no rules)
    const rules = await access.page.evaluate(() =>
      [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText)),
    );
    expect(rules.some((r) => r.startsWith('th.key'))).toBe(true);
    expect(await access.violations()).toEqual([]);
    const dashboard = await open(`${h.sim.origin('control')}/`);
    expect(await dashboard.page.locator('header').evaluate((el) => getComputedStyle(el).color)).toBe(
      'rgb(255, 255, 255)',
    );
    expect(await dashboard.violations()).toEqual([]);
  });
});
