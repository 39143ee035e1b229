/**
 * The signing page's HTML and files (simulators/yunhetong-sdk/pages), in-process: the phone and
 * desktop views from a token, everything the caller gave escaped (title, names, backURL), the
 * strict CSP with no inline script or style attribute, the vendor's error shown for a bad token
 * or contract, the backURL followed only when http(s) (commas of the JS SDK's encoding turned back
 * into &), the JS SDK and the page's script served with their headers, checkToken readable cross
 * origin.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { pdfTemplate } from '../core/template/fixtures.ts';
import {
  call,
  company,
  fileContractOf,
  MIN,
  ORIGIN,
  person,
  sdk,
  success,
  userWithToken,
  type SdkHandle,
} from './helpers.ts';

const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
const XSS_TITLE = '<script>alert(1)</script>"合同';

let h: SdkHandle;
let a: { id: string; token: string };
let b: { id: string; token: string };
let contractId: string;

const mobileUrl = (token: string, id = contractId) =>
  `${ORIGIN}/sdk/viewsopen/m/contract_view_m.html?token=${encodeURIComponent(token)}&contractId=${id}`;

async function page(url: string) {
  const res = await h.fetch(new Request(url));
  return { res, html: await res.text() };
}

beforeEach(async () => {
  h = sdk();
  const ua = await userWithToken(h, person({ userName: '<img src=x>' }));
  a = { id: ua.user.appUserId!, token: ua.token };
  const ub = await userWithToken(h, company({ userName: '"><svg onload=alert(1)>公司' }));
  b = { id: ub.user.appUserId!, token: ub.token };
  const pdf = await pdfTemplate([['合同正文', '甲方：', '乙方：']]);
  contractId = await fileContractOf(h, a.token, pdf, { title: XSS_TITLE.slice(0, 40) });
  const partners = JSON.stringify([
    { appUserId: a.id, keyWord: '甲方' },
    { appUserId: b.id, keyWord: '乙方' },
  ]);
  expect((await call(h, P.addPartner, a.token, { contractId, partners })).json).toEqual(success());
});

describe('yunhetong-sdk signing page: HTML', () => {
  it('the phone page shows the contract, its partners and the text of each page, all escaped', async () => {
    const { res, html } = await page(mobileUrl(b.token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;合同');
    expect(html).toContain('&lt;img src=x&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;公司（您）');
    expect(html).not.toMatch(/<script>alert|<img src=x>|<svg onload/);
    expect(html).toContain('id="sign-pad"');
    expect(html).toContain('请阅读合同内容，选择或绘制签名后签署');
    expect(html).toContain('关键字「甲方」');
    expect(html).toContain('data-pdf-src="/sdk/viewsopen/contract/pdf?token=');
    expect(html).toContain('<div>合同正文</div>'); // the page text fallback
    expect(html).toContain('src="/sdk/viewsopen/assets/pdfjs/viewer.mjs"');
    expect(html).toContain('src="/sdk/viewsopen/assets/page/contract-view.mjs"');
    expect(html).not.toContain('id="btn-all-sign"'); // only the platform signs others' parts
  });

  it('the desktop view (contract/hView) and contract/mobile/view are the same page', async () => {
    const q = `contractId=${contractId}&token=${encodeURIComponent(a.token)}`;
    for (const path of ['/sdk/contract/hView', '/sdk/contract/mobile/view']) {
      const { res, html } = await page(`${ORIGIN}${path}?${q}`);
      expect(res.status, path).toBe(200);
      expect(html, path).toContain(`data-contract-id="${contractId}"`);
      expect(html, path).toContain('&lt;img src=x&gt;（您）');
    }
  });

  it('carries the strict CSP allowing exactly its inline styles; no inline scripts or style attributes', async () => {
    for (const url of [mobileUrl(a.token), mobileUrl('TGT-1-x-cas01.example.org')]) {
      const { res, html } = await page(url);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      // integrators embed the view (decision: yunhetong-sdk.page-embeddable); not the error page
      if (url === mobileUrl(a.token)) {
        expect(csp).toContain('frame-ancestors http: https:');
        expect(res.headers.get('x-frame-options')).toBeNull();
      } else {
        expect(csp).toContain("frame-ancestors 'none'");
        expect(res.headers.get('x-frame-options')).toBe('DENY');
      }
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(styles.length).toBeGreaterThan(0);
      for (const css of styles) expect(csp).toContain(hashOf(css));
    }
  });

  it('shows the vendor error for an expired or unknown token, an unknown contract, a stranger', async () => {
    const stranger = await userWithToken(h, person());
    const cases: Array<[string, string]> = [
      [mobileUrl('TGT-9-nope-cas01.example.org'), '10801'],
      [mobileUrl(a.token, '1704241653115006'), '10502'],
      [mobileUrl(a.token, 'abc'), '10529'],
      [mobileUrl(stranger.token), '10526'],
    ];
    for (const [url, code] of cases) {
      const { res, html } = await page(url);
      expect(res.status).toBe(200);
      expect(html).toContain(`data-sub-code="${code}"`);
      expect(html).not.toContain('sign-pad');
    }
    await h.advance(30 * MIN);
    expect((await page(mobileUrl(a.token))).html).toContain('登录异常，请重新登录！');
  });

  it('follows an http(s) backURL only; the JS SDK’s commas become & again; after signing: done state', async () => {
    const back = (html: string) => /data-back-url="([^"]*)"/.exec(html)?.[1];
    const check = (backURL: string) => h.get(P.checkToken, { token: a.token, backURL });
    await check('https://shop.example/back?order=1,step=2');
    expect(back((await page(mobileUrl(a.token))).html)).toBe('https://shop.example/back?order=1&amp;step=2');
    await check('https://shop.example/x?a=1&b="><script>');
    expect(back((await page(mobileUrl(a.token))).html)).toBe(
      'https://shop.example/x?a=1&amp;b=&quot;&gt;&lt;script&gt;',
    );
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example/x', '/relative']) {
      await check(bad);
      const { html } = await page(mobileUrl(a.token));
      expect(back(html), bad).toBeUndefined();
      expect(html).not.toContain('javascript:');
    }
    const signId = (await call(h, P.getSign, a.token)).json.value.signs[0].signId;
    expect((await call(h, P.sign, a.token, { contractId, signId: String(signId) })).json.subCode).toBe(200);
    const { html } = await page(`${mobileUrl(a.token)}&done=1`);
    expect(html).toContain('id="result"');
    expect(html).toContain('您已完成签署');
    expect(html).not.toContain('id="sign-pad"');
  });
});

describe('yunhetong-sdk signing page: files', () => {
  it('serves yht.js (desktop and phone) as JavaScript another origin may load; the page script', async () => {
    for (const path of ['/sdk/api/yht.js', '/sdk/api/m/yht.js']) {
      const res = await h.fetch(new Request(`${ORIGIN}${path}`));
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(await res.text()).toContain('YHT.queryContract = function');
    }
    const script = await h.fetch(new Request(`${ORIGIN}/sdk/viewsopen/assets/page/contract-view.mjs`));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const viewer = await h.fetch(new Request(`${ORIGIN}/sdk/viewsopen/assets/pdfjs/viewer.mjs`));
    expect(viewer.status).toBe(200);
    for (const path of [
      '/sdk/api/nope.js',
      '/sdk/viewsopen/assets/page/..%2f..%2fpackage.json',
      '/sdk/viewsopen/x',
    ]) {
      expect((await h.fetch(new Request(`${ORIGIN}${path}`))).status, path).toBe(404);
    }
  });

  it('checkToken answers are readable from the integrator’s origin (yht.js calls it there)', async () => {
    for (const token of [a.token, 'nope']) {
      const res = await h.fetch(
        new Request(`${ORIGIN}/sdk/token/checkToken?token=${token}`, {
          headers: { origin: 'http://shop.example', 'content-type': 'application/x-www-form-urlencoded' },
        }),
      );
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    const other = await h.fetch(
      new Request(`${ORIGIN}/sdk/contract/view?token=${a.token}`, { method: 'POST' }),
    );
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the PDF and signature pictures answer 404 to a token that may not see them', async () => {
    const pdfUrl = (token: string) =>
      `${ORIGIN}/sdk/viewsopen/contract/pdf?token=${encodeURIComponent(token)}&contractId=${contractId}`;
    const ok = await h.fetch(new Request(pdfUrl(b.token)));
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    const stranger = await userWithToken(h, person());
    for (const url of [
      pdfUrl(stranger.token),
      pdfUrl('nope'),
      `${pdfUrl(a.token).split('&')[0]}&contractId=x`,
    ])
      expect((await h.fetch(new Request(url))).status).toBe(404);
  });
});
