/** The H5 signing page (signUrl) and the flow-view page, driven over HTTP forms like a browser. */
import { afterEach, describe, expect, it } from 'vitest';
import { flowViewCode } from '../../simulators/esign/urls.ts';
import { detail, makeDoc, makePerson, setup, type Ctx } from './helpers.ts';

const MIN = 60_000;

async function get(ctx: Ctx, url: string) {
  const res = await ctx.sim.fetch(new Request(url));
  return { status: res.status, html: await res.text() };
}

/** POSTs a form the way the page does and follows the 303 back to the page. */
async function submit(
  ctx: Ctx,
  signUrl: string,
  action: 'code' | 'submit' | 'refuse',
  fields: Record<string, string> = {},
) {
  const u = new URL(signUrl);
  const form = new URLSearchParams({
    flowId: u.searchParams.get('flowId')!,
    accountId: u.searchParams.get('accountId')!,
    token: u.searchParams.get('token')!,
    ...fields,
  });
  const res = await ctx.sim.fetch(
    new Request(`${u.origin}/h5/sign/${action}`, {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  );
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location')!, u.origin).toString();
  return { location, ...(await get(ctx, location)) };
}

async function twoSignerFlow(ctx: Ctx, extra: Record<string, unknown> = {}) {
  const a = await makePerson(ctx);
  const b = await makePerson(ctx, { mobile: undefined, email: 'only-mail@example.com' });
  const { docId } = await makeDoc(ctx, [['借款合同', '借款人：张三', '出借人签字：'], ['第二页内容']]);
  const started = await ctx.client.call('/sign/start', {
    businessScene: '借款',
    docList: [{ docId }],
    recipientList: {
      signerList: [
        {
          accountId: a.accountId,
          signOrder: 1,
          docPosList: [{ docId, signType: 1, posBeanList: [{ key: '出借人签字' }] }],
        },
        { accountId: b.accountId, signOrder: 2 },
      ],
    },
    ...extra,
  });
  const urlA = started.signUrlList!.find((s) => s.accountId === a.accountId)!.signUrl[0]!;
  const urlB = started.signUrlList!.find((s) => s.accountId === b.accountId)!.signUrl[0]!;
  return { a, b, docId, flowId: started.flowId, urlA, urlB };
}

describe('esign H5 signing page', () => {
  let ctx: Ctx;
  afterEach(() => ctx.sim.close());

  it('shows the document’s pages as text, the signer, and the actions; the PDF link works', async () => {
    ctx = setup();
    const { urlA, a } = await twoSignerFlow(ctx);
    const { status, html } = await get(ctx, urlA);
    expect(status).toBe(200);
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain(`<td id="signer">${a.name}</td>`);
    expect(html).toContain('借款人：张三');
    expect(html).toContain('第二页内容');
    expect(html).toContain('第 2 页');
    expect(html).toContain('关键字「出借人签字」：第 1 页');
    for (const id of ['btn-code', 'btn-sign', 'btn-refuse', 'code', 'reason'])
      expect(html).toContain(`id="${id}"`);
    const pdfUrl = /href="([^"]+\/oss\/download\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const pdf = await ctx.sim.fetch(new Request(pdfUrl));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('signs with an SMS code: code in the outbox, wrong code refused, right code signs once, redirect shown', async () => {
    ctx = setup();
    const { urlA, a, flowId } = await twoSignerFlow(ctx, {
      redirectUrl: 'https://shop.example.com/done?id=1',
    });
    const noCode = await submit(ctx, urlA, 'submit', { code: '123456' });
    expect(noCode.html).toContain('请先获取验证码');
    const sent = await submit(ctx, urlA, 'code');
    expect(sent.html).toContain(`验证码已发送至手机 ${a.mobile.slice(0, 3)}****${a.mobile.slice(-4)}`);
    const msgs = ctx.sim.outbox.list({ to: a.mobile }).filter((m) => m.code);
    expect(msgs).toHaveLength(1);
    const code = msgs[0]!.code!;
    expect(code).toMatch(/^\d{6}$/);
    expect(msgs[0]!.text).toContain(code);
    const wrong = await submit(ctx, urlA, 'submit', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.html).toContain('验证码错误');
    expect((await detail(ctx, flowId)).signInfo[0]!.signDetail![0]!.signStatus).toBe(1);
    const ok = await submit(ctx, urlA, 'submit', { code });
    expect(ok.location).toContain('done=1');
    expect(ok.html).toContain('签署成功');
    expect(ok.html).toContain(
      '<meta http-equiv="refresh" content="3;url=https://shop.example.com/done?id=1">',
    );
    expect((await detail(ctx, flowId)).signInfo[0]!.signDetail![0]!.signStatus).toBe(2);
    // single use: the same code cannot sign again (the signer is done anyway)
    const again = await submit(ctx, urlA, 'submit', { code });
    expect(again.html).toContain('您已完成操作');
  });

  it('codes expire after 5 minutes, resend waits 60 s, and the e-mail channel is used without a mobile', async () => {
    ctx = setup();
    const { urlA, urlB, a, b } = await twoSignerFlow(ctx);
    await submit(ctx, urlA, 'code');
    expect((await submit(ctx, urlA, 'code')).html).toContain('60 秒后再试');
    const code = ctx.sim.outbox.latestCode({ to: a.mobile })!;
    await ctx.sim.clock.advance(5 * MIN + 1000);
    expect((await submit(ctx, urlA, 'submit', { code })).html).toContain('验证码已过期');
    await submit(ctx, urlA, 'code');
    const fresh = ctx.sim.outbox.latestCode({ to: a.mobile })!;
    expect((await submit(ctx, urlA, 'submit', { code: fresh })).html).toContain('签署成功');
    // B has only an e-mail address
    const sentB = await submit(ctx, urlB, 'code');
    expect(sentB.html).toContain('验证码已发送至邮箱 o***@example.com');
    const mail = ctx.sim.outbox.list({ to: b.email });
    expect(mail.at(-1)).toMatchObject({ channel: 'email', code: expect.stringMatching(/^\d{6}$/) });
  });

  it('before the signer’s turn and after the flow ended, the page says so and offers no buttons', async () => {
    ctx = setup();
    const { urlA, urlB, flowId } = await twoSignerFlow(ctx);
    const waiting = await get(ctx, urlB);
    expect(waiting.html).toContain('尚未轮到您签署');
    expect(waiting.html).not.toContain('id="btn-sign"');
    expect((await submit(ctx, urlB, 'code')).html).toContain('尚未轮到您签署');
    await ctx.client.call('/sign/revoke', { flowId });
    const ended = await get(ctx, urlA);
    expect(ended.html).toContain('签署流程已结束（已撤销）');
    expect(ended.html).not.toContain('id="btn-sign"');
  });

  it('refuses from the page with a reason', async () => {
    ctx = setup();
    const { urlA, a, flowId } = await twoSignerFlow(ctx);
    const r = await submit(ctx, urlA, 'refuse', { reason: '金额不对' });
    expect(r.html).toContain('已拒签');
    const d = await detail(ctx, flowId);
    expect(d.flowStatus).toBe(4);
    expect(d.signInfo[0]!.signDetail![0]).toMatchObject({
      accountId: a.accountId,
      signStatus: 4,
      signExplain: '金额不对',
    });
  });

  it('a link opens only its own signer’s page: wrong token, swapped account, other flow → 404', async () => {
    ctx = setup();
    const { urlA, urlB } = await twoSignerFlow(ctx);
    const first = await twoSignerFlow(ctx);
    const a = new URL(urlA);
    const b = new URL(urlB);
    const tamper = (u: URL, k: string, v: string) => {
      const x = new URL(u);
      x.searchParams.set(k, v);
      return x.toString();
    };
    expect((await get(ctx, tamper(a, 'token', b.searchParams.get('token')!))).status).toBe(404);
    expect((await get(ctx, tamper(a, 'accountId', b.searchParams.get('accountId')!))).status).toBe(404);
    expect(
      (await get(ctx, tamper(a, 'flowId', new URL(first.urlA).searchParams.get('flowId')!))).status,
    ).toBe(404);
    expect((await get(ctx, tamper(a, 'token', 'f'.repeat(32)))).status).toBe(404);
    const forged = await ctx.sim.fetch(
      new Request(`${a.origin}/h5/sign/submit`, {
        method: 'POST',
        body: new URLSearchParams({
          flowId: a.searchParams.get('flowId')!,
          accountId: a.searchParams.get('accountId')!,
          token: 'x',
          code: '1',
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(forged.status).toBe(404);
  });

  it('the flow-view page (the qrcodeSign target) needs its code and shows the status', async () => {
    ctx = setup();
    const { flowId } = await twoSignerFlow(ctx);
    const code = flowViewCode({ secret: ctx.secret } as never, flowId);
    const ok = await get(ctx, `${ctx.sim.origin('esign')}/h5/flow?flowId=${flowId}&v=${code}`);
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('<b id="flow-status">签署中</b>');
    expect(
      (await get(ctx, `${ctx.sim.origin('esign')}/h5/flow?flowId=${flowId}&v=0000000000000000`)).status,
    ).toBe(404);
  });
});
