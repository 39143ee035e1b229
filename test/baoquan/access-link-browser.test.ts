/**
 * The attestation access link in a real headless Chromium (doc 保全访问链接: 该链接允许用户在不登陆
 * 保全网的情况下查看保全内容; docs/vendor-notes.md "Access link (sdk)").
 *
 * The SDKs build `{host}/attestations/{ano}?accessKey=..&signature=..&tonce=<ms>` without calling
 * any API and do NOT URL-encode the Base64 signature, so a `+` in it reaches the server as a
 * space. The link is built here by hand exactly so (and compared with the typed client's), with
 * a signature that holds a `+`, opened over real HTTP, and must show the attestation — its no,
 * factoids, attachments, blockchain hash or pending state — with no login. The v3 form (signature
 * over the key-sorted {"access_key","no","tonce"}) opens too. A tampered signature is refused
 * with 403, an absent one with 400 (routes.ts baoquanHostErrors), and neither shows any data.
 * Screenshots go to test/.output/ and are checked for ink.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, type BaoquanClient } from '../../clients/baoquan/index.ts';
import { readZip } from '../../simulators/core/zip.ts';
import {
  boxOf,
  countDarkPixels,
  countInkPixels,
  launchChromium,
  screenshot,
  type Browser,
} from '../helpers/browser.ts';
import { countRedPixels } from '../helpers/png.ts';
import {
  createTemplate,
  httpBq,
  IDENTITIES,
  MIN,
  newTenant,
  PERSONAL_CA,
  rsaSign,
  textPdf,
  uid,
  type BqHandle,
  type Tenant,
} from './helpers.ts';

let h: BqHandle;
let browser: Browser;
let t: Tenant;
let c: BaoquanClient;
let pending: string;
let anchored: string;
let anchoredHash: string;
let signedPdf: Uint8Array;

const LOAN = { borrower: '王小明', amount: 50000, purpose: '装修/家电' };

beforeAll(async () => {
  [h, browser] = await Promise.all([httpBq(), launchChromium({ viewport: { width: 900, height: 900 } })]);
  t = await newTenant(h, {
    organizationName: '杭州测试网络科技有限公司',
    productName: '借贷保全专版',
    anchorDelayMs: 10 * MIN,
  });
  c = t.client;
  const template = await createTemplate(h, t.accessKey, '借款合同保全', [
    {
      type: 'loan',
      label: '借款',
      fields: [
        { name: 'borrower', type: 'string', required: true, label: '借款人' },
        { name: 'amount', type: 'int', label: '借款金额' },
        { name: 'purpose', type: 'string', label: '用途' },
      ],
    },
  ]);
  const { no: caId } = await c.call('cas', PERSONAL_CA);
  const pdf = await textPdf([['借款合同', '', '甲方（签章）']]);
  const factoids = [{ unique_id: uid(), type: 'loan', data: LOAN }];
  ({ no: anchored } = await c.call('attestations', {
    unique_id: uid(),
    template_id: template,
    identities: IDENTITIES,
    factoids,
  }));
  await h.sim.clock.advance(11 * MIN);
  anchoredHash = (await c.call('attestation', { ano: anchored, fields: [] })).blockchain_hash!;
  expect(anchoredHash).toMatch(/^[0-9a-f]{64}$/);
  ({ no: pending } = await c.call(
    'attestations',
    { unique_id: uid(), template_id: template, identities: IDENTITIES, factoids },
    {
      attachments: { 0: [{ bytes: pdf, filename: '借款合同.pdf', sign: { [caId]: ['甲方（签章）'] } }] },
    },
  ));
  signedPdf = readZip((await c.download(pending)).bytes).find((e) => e.name === '借款合同.pdf')!.data;
  expect(sha256Hex(signedPdf)).not.toBe(sha256Hex(pdf));
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** The link exactly as the Java/PHP SDKs build it: v2 data, signature NOT URL-encoded. */
function sdkLink(ano: string, tonce: number): string {
  const signature = rsaSign(t.privateKey, `{"tonce":${tonce},"attestationId":"${ano}"}`);
  return `${h.origin}/attestations/${ano}?accessKey=${t.accessKey}&signature=${signature}&tonce=${tonce}`;
}

/**
 * A tonce (ms) whose link signature holds a '+', which the
 * browser sends as is and the server reads as a space.
 */
function tonceWithPlus(ano: string): number {
  let tonce = h.sim.clock.now();
  while (!new URL(sdkLink(ano, tonce)).search.includes('+')) tonce++;
  return tonce;
}

describe('baoquan access link in Chromium', () => {
  it('opens the SDK-built link (raw "+" in the signature) with no login and shows no, factoids, attachments and the pending state', async () => {
    const tonce = tonceWithPlus(pending);
    const url = sdkLink(pending, tonce);
    expect(c.accessUrl(pending, { tonce })).toBe(url); // the typed client builds the very same link
    expect(new URL(url).searchParams.get('signature')).toContain(' '); // what a server's query parser sees

    const page = await browser.newPage();
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(url.replace(/ /g, '%20')); // no redirect to a login
    expect(
      await page.evaluate(() => new URLSearchParams(location.search).get('signature')?.includes(' ')),
    ).toBe(true);
    expect(await page.locator('input[type=password]').count()).toBe(0);
    expect(await page.title()).toContain(pending);
    const text = await page.locator('body').innerText();
    for (const s of [
      pending,
      '杭州测试网络科技有限公司',
      '借贷保全专版',
      '借款合同保全',
      '王小明',
      '50000',
      '装修/家电',
      'loan.borrower（借款人）',
      '15857112383',
      '借款合同.pdf',
      '已电子签章：张三',
      '待上链',
    ]) {
      expect(text, s).toContain(s);
    }
    // The attachment link on the page serves the signed PDF (no login either).
    const href = await page.locator('a', { hasText: '借款合同.pdf' }).getAttribute('href');
    const file = await page.request.get(new URL(href!, url).toString());
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect(sha256Hex(new Uint8Array(await file.body()))).toBe(sha256Hex(signedPdf));

    const shot = await screenshot(page, 'baoquan-access-page');
    expect(countInkPixels(shot.png)).toBeGreaterThan(shot.png.width * shot.png.height * 0.02);
    // Chinese glyphs have ink in the header (保全网 · 保全 …) and the first section heading (保全信息).
    expect(countDarkPixels(shot.png, await boxOf(page, 'section h3'))).toBeGreaterThan(60);
    expect(countInkPixels(shot.png, await boxOf(page, 'header'))).toBeGreaterThan(500);
    await page.close();
  });

  it('shows the blockchain hash of an anchored attestation; the v3 link (key-sorted access_key, no, tonce) opens it too', async () => {
    const page = await browser.newPage();
    const tonce = h.sim.clock.now();
    const v3sig = rsaSign(
      t.privateKey,
      `{"access_key":"${t.accessKey}","no":"${anchored}","tonce":${tonce}}`,
    );
    const query = `accessKey=${t.accessKey}&signature=${v3sig}&tonce=${tonce}`;
    const v3 = `${h.origin}/attestations/${anchored}?${query}`;
    expect(c.accessUrl(anchored, { variant: 'v3', tonce })).toBe(v3);
    for (const url of [sdkLink(anchored, tonceWithPlus(anchored)), v3]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(200);
      const text = await page.locator('body').innerText();
      expect(text).toContain(anchored);
      expect(text).toContain(anchoredHash);
      expect(text).not.toContain('待上链');
      expect(text).toContain('王小明');
    }
    await screenshot(page, 'baoquan-access-page-v3');
    await page.close();
  });

  it('refuses a tampered signature (403) and an absent one (400), showing none of the attestation', async () => {
    const page = await browser.newPage();
    const good = sdkLink(pending, tonceWithPlus(pending));
    const sig = new URL(good).searchParams.get('signature')!.replace(/ /g, '+');
    const flipped = sig[5] === 'A' ? 'B' : 'A';
    const tampered = good.replace(
      `signature=${sig}`,
      `signature=${sig.slice(0, 5)}${flipped}${sig.slice(6)}`,
    );
    expect(tampered).not.toBe(good);
    const cases: Array<[string, string, number, string]> = [
      ['tampered signature', tampered, 403, '链接签名无效'],
      ['signature of another attestation', good.replace(pending, anchored), 403, '链接签名无效'],
      [
        'tonce changed',
        good.replace(/tonce=\d+/, (m) => `tonce=${Number(m.slice(6)) + 1}`),
        403,
        '链接签名无效',
      ],
      ['signature absent', good.replace(/&signature=[^&]*/, ''), 400, '链接参数不完整'],
      ['signature empty', good.replace(/signature=[^&]*/, 'signature='), 400, '链接参数不完整'],
    ];
    for (const [label, url, status, message] of cases) {
      const res = await page.goto(url);
      expect(res?.status(), label).toBe(status);
      const text = await page.locator('body').innerText();
      expect(text, label).toContain(message);
      for (const secret of ['王小明', '借款合同.pdf', '杭州测试网络科技有限公司'])
        expect(text, `${label}: ${secret}`).not.toContain(secret);
      if (label === 'tampered signature') {
        const shot = await screenshot(page, 'baoquan-access-refused');
        // the refusal is drawn in red (.err) and the header in white on blue: not a blank page
        expect(countRedPixels(shot.png, await boxOf(page, '.err'))).toBeGreaterThan(50);
        expect(countInkPixels(shot.png, await boxOf(page, 'header'))).toBeGreaterThan(500);
      }
    }
    await page.close();
  });
});
