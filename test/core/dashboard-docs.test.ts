/**
 * The API docs pages (core/dashboard/docs.ts) in Chromium: each vendor's OpenAPI document and the
 * control API's load from the control port alone (swagger-ui from node_modules, no other origin),
 * show the operations, break no CSP rule, and need no control token; the served document is the
 * committed openapi/<id>.json apart from the version.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import { launchChromium, openWatchedPage, type Browser } from '../helpers/browser.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';

const TOKEN = 'docs-token-0123456789';
const IDS = ['baoquan', 'esign', 'yunhetong-digest', 'yunhetong-sdk', 'wosign', 'control'];

let sim: ReturnType<typeof createSimulator>;
let running: Awaited<ReturnType<ReturnType<typeof createSimulator>['listen']>>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const basePort = await freeBasePortFrom(43300);
  sim = createSimulator({ basePort, controlToken: TOKEN });
  [running, browser] = await Promise.all([
    sim.listen(),
    launchChromium({ viewport: { width: 1280, height: 900 } }),
  ]);
  base = running.urls.control!;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await running?.close();
  sim?.close();
});

describe('API docs at /__sim/docs/<id>', () => {
  it('serves each document as built from its contract (the committed openapi/<id>.json)', async () => {
    const list = (await (await fetch(`${base}/__sim/docs`)).json()) as { docs: Array<{ id: string }> };
    expect(list.docs.map((d) => d.id).sort()).toEqual([...IDS].sort());
    for (const id of IDS) {
      const served = (await (await fetch(`${base}/__sim/docs/${id}/openapi.json`)).json()) as {
        info: { version: string };
      };
      const committed = JSON.parse(readFileSync(`openapi/${id}.json`, 'utf8')) as {
        info: { version: string };
      };
      served.info.version = committed.info.version;
      expect(served, id).toEqual(committed);
    }
    expect((await fetch(`${base}/__sim/docs/nope`)).status).toBe(404);
    // the token guards the state, not the docs
    expect((await fetch(`${base}/__sim/outbox`)).status).toBe(401);
  });

  it.each(IDS)('%s: loads offline from the control port and shows its operations', async (id) => {
    // every request of every page in the browser, from before the page opens
    const elsewhere: string[] = [];
    const seen: string[] = [];
    const watch = (r: { url(): string }) => {
      seen.push(r.url());
      if (!r.url().startsWith(`${base}/`) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    };
    browser.context.on('request', watch);
    const w = await openWatchedPage(browser, `${base}/__sim/docs/${id}`);
    await w.page.waitForSelector('.opblock', { timeout: 20_000 });
    const doc = JSON.parse(readFileSync(`openapi/${id}.json`, 'utf8')) as { paths: Record<string, object> };
    const first = Object.keys(doc.paths)[0]!;
    expect(await w.page.locator('.opblock').count()).toBeGreaterThan(0);
    expect(await w.page.locator('.opblock-summary-path').allTextContents()).toContain(first);
    expect(await w.page.locator('#doc-links a').count()).toBe(IDS.length);
    browser.context.off('request', watch);
    expect(seen).toContain(`${base}/__sim/docs/assets/swagger-ui-bundle.js`);
    expect(elsewhere).toEqual([]);
    expect(await w.problems()).toEqual([]);
    await w.page.close();
  });
});
