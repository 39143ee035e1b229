/**
 * The signer's page on WoSign's platform (pages/), in-process: the SMS link opens it without a
 * client certificate; the link's token is the signer's own (anything else 404); a later signer's
 * page says it is not their turn and has no forms; 签署 / 拒签 as form posts, 303 back to the page;
 * the document as it is now (the earlier signers' seals) for the viewer; everything escaped, the
 * core page headers; pdf.js served from the origin.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { countRedPixels, pdfBoxToPixels, renderPdfPage } from '../helpers/png.ts';
import { createBody, pngBase64, ws, type Tenant, type WosignHandle } from './helpers.ts';

let h: WosignHandle;
let tenant: Tenant;
const pushed: string[] = [];

beforeAll(async () => {
  h = ws(undefined, {
    fetch: async (req) => {
      pushed.push(await req.text());
      return new Response('1');
    },
  });
  tenant = await h.newTenant({ notifyUrl: 'http://receiver.example.test/p' });
});

let n = 0;

/** An order of a company then a person; the first signer's SMS link. */
async function order(over: { orgName?: string; subject?: string } = {}) {
  const tag = `${process.pid}-${++n}`;
  const body = await createBody(tenant.tokenid, {
    subject: over.subject ?? '采购合同',
    signerlist: [
      {
        signType: 1,
        orgName: over.orgName ?? '沃通电子认证服务有限公司',
        orgNo: '440301103308619',
        mobile: `1390000${String(n).padStart(4, '0')}`,
        pic: pngBase64(),
        otherpic: pngBase64(),
        signlist: [{ pagenumber: 1, position: '0.30,0.57,0.46,0.69' }],
      },
      {
        signType: 2,
        userName: '张三',
        userNo: `ID-${tag}`,
        pic: pngBase64(),
        otherpic: pngBase64(),
        signlist: [{ pagenumber: 2, position: '0.27, 0.39, 0.44, 0.50' }],
      },
    ],
  });
  const r = await h.post(body, tenant.certificatePem);
  expect(r.json).toMatchObject({ status: 1 });
  const [sms] = h.sim.outbox.list({ vendor: 'wosign', to: `1390000${String(n).padStart(4, '0')}` });
  return {
    signid: r.json.signid as string,
    first: sms!.link!,
    secondTo: `ID-${tag}`,
    orderNumber: body.orderNumber,
  };
}

const get = async (url: string) => {
  const res = await h.sim.fetch(new Request(url));
  return { status: res.status, headers: res.headers, text: await res.text() };
};

/** The form fields of a page link (signid, index, token). */
const fieldsOf = (link: string) => {
  const q = new URL(link).searchParams;
  return { signid: q.get('signid')!, index: q.get('index')!, token: q.get('token')! };
};

async function submit(link: string, action: 'submit' | 'refuse', fields = fieldsOf(link)) {
  const res = await h.sim.fetch(
    new Request(`${h.sim.origin('wosign')}/sign/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    }),
  );
  return { status: res.status, location: res.headers.get('location') ?? '' };
}

describe('wosign signing page', () => {
  it("opens from the SMS link without a client certificate: the order, the signer, the forms, the document's text", async () => {
    const o = await order();
    const page = await get(o.first);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain('<h3 id="subject">采购合同</h3>');
    expect(page.text).toContain(`<td id="order-number">${o.orderNumber}</td>`);
    expect(page.text).toContain('沃通电子认证服务有限公司（单位签署）');
    expect(page.text).toContain('id="form-sign"');
    expect(page.text).toContain('id="form-refuse"');
    expect(page.text).toContain('第 1 页，共 1 处');
    expect(page.text).toMatch(/data-pdf-src="\/sign\/doc\?signid=[^"]+&amp;index=0&amp;token=/);
    expect(page.text).toContain('<script type="module" src="/sign/assets/pdfjs/viewer.mjs"></script>');

    const viewer = await get(`${h.sim.origin('wosign')}/sign/assets/pdfjs/viewer.mjs`);
    expect(viewer.status).toBe(200);
    const doc = await h.sim.fetch(
      new Request(`${h.sim.origin('wosign')}/sign/doc?${new URL(o.first).search.slice(1)}`),
    );
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await doc.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('opens nothing for a wrong or missing token, another index, an unknown order', async () => {
    const o = await order();
    const u = new URL(o.first);
    const variants = [
      u.href.replace(/token=[^&]+/, 'token=AAAAAAAAAAAAAAAAAAAAAAAA'),
      u.href.replace(/&token=[^&]+/, ''),
      u.href.replace('index=0', 'index=1'),
      u.href.replace('index=0', 'index=x'),
      u.href.replace(/signid=[^&]+/, 'signid=00000000-0000-4000-8000-000000000000'),
    ];
    for (const url of variants) {
      const r = await get(url);
      expect(r.status, url).toBe(404);
      expect(r.text).toContain('签署链接无效或已失效');
      expect((await get(url.replace('/sign?', '/sign/doc?'))).status).toBe(404);
    }
    const forged = await submit(o.first, 'submit', { ...fieldsOf(o.first), token: 'nope' });
    expect(forged.status).toBe(404);
  });

  it('signs by form post, 303 back to the page; the next signer is texted again and sees the seal', async () => {
    const o = await order();
    const second = () => h.sim.outbox.list({ vendor: 'wosign', to: o.secondTo });
    expect(second()).toHaveLength(1);

    const done = await submit(o.first, 'submit');
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/^\/sign\?signid=.+&index=0&token=.+&done=1$/);
    const after = await get(`${h.sim.origin('wosign')}${done.location}`);
    expect(after.text).toContain('签署成功');
    expect(after.text).toContain('<td id="signer-status">已签署</td>');
    expect(after.text).not.toContain('id="form-sign"');
    const again = await submit(o.first, 'submit');
    expect(again.location).toContain('e=already-done');
    expect((await get(`${h.sim.origin('wosign')}${again.location}`)).text).toContain(
      '您已完成操作，无需重复提交',
    );

    const [, sms] = second();
    expect(sms!.text).toContain('已轮到您签署');
    const page = await get(sms!.link!);
    expect(page.text).toContain('张三（个人签署）');
    expect(page.text).toContain('id="form-sign"');
    // the document the second signer sees has the first signer's seal at its position
    const doc = await h.sim.fetch(new Request(sms!.link!.replace('/sign?', '/sign/doc?')));
    const png = await renderPdfPage(new Uint8Array(await doc.arrayBuffer()), 1);
    const box = { x: 0.3 * 595, y: 0.57 * 842, width: 0.16 * 595, height: 0.12 * 842 };
    expect(countRedPixels(png, pdfBoxToPixels(box, 842))).toBeGreaterThan(500);

    const signed = await submit(sms!.link!, 'submit');
    expect(signed.location).toContain('done=1');
    await h.sim.clock.settle();
    expect(pushed.some((b) => JSON.parse(b).extendData.signid === o.signid)).toBe(true);
  });

  it("a later signer's page says it is not their turn, has no forms, and their post is refused", async () => {
    const o = await order();
    const [invite] = h.sim.outbox.list({ vendor: 'wosign', to: o.secondTo });
    const page = await get(invite!.link!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<p class="muted" id="status">尚未轮到您签署，请等待前序签署人完成签署</p>');
    expect(page.text).toContain('<td id="signer-status">待签署</td>');
    expect(page.text).not.toContain('id="form-sign"');
    const early = await submit(invite!.link!, 'submit');
    expect(early.location).toContain('e=not-your-turn');
    const refused = await submit(invite!.link!, 'refuse');
    expect(refused.location).toContain('e=not-your-turn');
    const shown = await get(`${h.sim.origin('wosign')}${early.location}`);
    expect(shown.text).toContain('<p class="err" id="error" role="alert">尚未轮到您签署');
    // the first signer may still sign
    expect((await submit(o.first, 'submit')).location).toContain('done=1');
    expect((await get(invite!.link!)).text).toContain('id="form-sign"');
  });

  it('refuses by form post: the page says 已拒签, the order ends, the next signer is not texted again', async () => {
    const o = await order();
    const r = await submit(o.first, 'refuse');
    expect(r.status).toBe(303);
    const page = await get(`${h.sim.origin('wosign')}${r.location}`);
    expect(page.text).toContain('<h3 class="err">已拒签</h3>');
    expect(page.text).toContain('<td id="order-status">已拒签</td>');
    expect(h.sim.outbox.list({ vendor: 'wosign', to: o.secondTo })).toHaveLength(1);
    await h.sim.clock.settle();
    const push = pushed.map((b) => JSON.parse(b)).find((p) => p.extendData.signid === o.signid);
    expect(push).toMatchObject({ status: 0, errorcode: '-90&-91' });
  });

  it('escapes what the request gave; refuses a large form body', async () => {
    const o = await order({
      orgName: '<script>alert(1)</script>公司',
      subject: '"><img src=x onerror=alert(2)>',
    });
    const page = await get(o.first);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;公司');
    const big = await h.sim.fetch(
      new Request(`${h.sim.origin('wosign')}/sign/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `signid=${'x'.repeat(70_000)}`,
      }),
    );
    expect(big.status).toBe(413);
  });
});
