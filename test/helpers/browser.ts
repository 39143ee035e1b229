/**
 * A real headless Chromium for page tests (playwright-core, the system's /usr/bin/chromium, a
 * fresh empty profile each time) and screenshots written to test/.output/ (gitignored).
 *
 * There is deliberately no skip when Chromium is missing: CI installs it, and a page test that
 * silently skips proves nothing. `launchChromium()` throws with instructions instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { countDarkPixels, countInkPixels, decodePng, type DecodedPng, type PixelBox } from './png.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const OUTPUT_DIR = new URL('../.output/', import.meta.url).pathname;

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

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium with a new empty user-data dir; throws loudly when it is not installed. */
export async function launchChromium(
  opts: { viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Chromium (e.g. apt-get install chromium fonts-wqy-microhei). This test must not be skipped.`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'sealsim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    viewport: opts.viewport ?? { width: 480, height: 900 },
  });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A full-page screenshot saved as test/.output/<name>.png; returns it decoded. */
export async function screenshot(page: Page, name: string): Promise<{ path: string; png: DecodedPng }> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const bytes = await page.screenshot({ fullPage: true, type: 'png' });
  const path = join(OUTPUT_DIR, `${name}.png`);
  writeFileSync(path, bytes);
  return { path, png: decodePng(new Uint8Array(bytes)) };
}

/** The element's box in page pixels (as in a full-page screenshot at device scale 1). */
export async function boxOf(page: Page, selector: string): Promise<PixelBox> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  return { x: box.x + scroll.x, y: box.y + scroll.y, width: box.width, height: box.height };
}

export { countDarkPixels, countInkPixels };

/** A page opened by `openWatchedPage`, and what went wrong on it so far. */
export interface WatchedPage {
  page: Page;
  /** Script errors, console errors (not a missing favicon) and CSP violations, in order. */
  problems(): Promise<string[]>;
}

/**
 * Opens `url` (expecting HTTP 200) in a new page that records script errors, console errors and
 * every CSP violation (its listener is injected before any page script runs).
 */
export async function openWatchedPage(browser: Browser, url: string): Promise<WatchedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const res = await page.goto(url);
  if (res?.status() !== 200) throw new Error(`${url} answered ${res?.status()}`);
  return {
    page,
    problems: async () => [
      ...errors,
      ...(await page
        .evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [])
        .catch(() => [])),
    ],
  };
}
