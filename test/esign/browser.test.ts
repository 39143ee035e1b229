/**
 * The signer's H5 page in a real headless Chromium (docs/interface.md "Control API": every signer
 * action is also reachable from the signing page, which a person opens in a browser).
 * The signUrl that /sign/start returned (§4.9.1) is opened over real HTTP; the signer reads
 * the contract, asks for an SMS code (获取验证码), reads it from the control outbox, types it and
 * signs (签署); a wrong code is refused and changes nothing; the next signer refuses (拒签) with
 * a reason. After signing the browser is sent back to the flow's redirectUrl. The effects are
 * checked through the API (/sign/docdetail) and the callbacks.
 * Screenshots go to test/.output/ and are checked for content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallback, type EsignClient } from '../../clients/esign/index.ts';
import { esignCallbacks } from '../../contracts/esign/index.ts';
import {
  boxOf,
  countDarkPixels,
  countInkPixels,
  launchChromium,
  screenshot,
  type Browser,
} from '../helpers/browser.ts';
import {
  httpSim,
  newDoc,
  newPerson,
  newProject,
  scriptedReceiver,
  startTwoSignerFlow,
  T0,
  type Person,
  type Project,
  type ScriptedReceiver,
} from './helpers.ts';

let h: Awaited<ReturnType<typeof httpSim>>;
let browser: Browser;
let receiver: ScriptedReceiver;
let project: Project;
let client: EsignClient;
let a: Person;
let b: Person;
let flow: { flowId: string; urlA: string; urlB: string };
let redirectUrl: string;

beforeAll(async () => {
  [h, browser, receiver] = await Promise.all([httpSim({ now: T0 }), launchChromium(), scriptedReceiver()]);
  project = await newProject(h.control, { callbackUrl: receiver.url });
  client = h.client(project, { verifyResponses: true });
  a = await newPerson(client, { name: '张三' });
  b = await newPerson(client, { name: '李四' });
  const { docId } = await newDoc(client);
  redirectUrl = `${receiver.origin}/done?order=42`;
  flow = await startTwoSignerFlow(client, a, b, docId, { redirectUrl });
}, 30_000);

afterAll(async () => {
  await Promise.all([browser?.close(), receiver?.close()]);
  await h?.close();
});

const statusOf = async (accountId: string) => {
  const d = await client.call('/sign/docdetail', { flowId: flow.flowId });
  return {
    flowStatus: d.flowStatus,
    signer: d.signInfo[0]!.signDetail!.find((s) => s.accountId === accountId)!,
  };
};

async function latestCode(to: string): Promise<string> {
  const withCode = (await h.control.outbox({ vendor: 'esign', to })).filter((m) => m.code);
  const code = withCode.at(-1)?.code;
  if (!code) throw new Error(`no code sent to ${to}`);
  return code;
}

describe('esign H5 signing page in Chromium', () => {
  it('the first signer sees the contract, gets an SMS code, a wrong code is refused, the right one signs, then returns to redirectUrl', async () => {
    const page = await browser.newPage();
    const res = await page.goto(flow.urlA);
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.title()).toContain('e签宝');
    // the document is on the page, as text, with the signer and the flow's state
    expect(await page.locator('#signer').innerText()).toBe('张三');
    expect(await page.locator('#sign-status').innerText()).toBe('签署中');
    expect(await page.getByText('借款人：张三').isVisible()).toBe(true);
    expect(await page.getByText('第一条 借款金额人民币壹万元整。').isVisible()).toBe(true);
    expect(await page.getByText('附件：还款计划').isVisible()).toBe(true);
    expect(await page.locator('.doc h3').first().innerText()).toContain('借款合同');
    expect(await page.getByText('关键字「甲方（盖章）」：第 1 页').isVisible()).toBe(true);

    // pdf.js draws the real pages; measure once they are drawn, not mid-swap.
    await page.waitForSelector('[data-pdf-state="rendered"]', { timeout: 15_000 });
    expect(await page.locator('.doc canvas').count()).toBeGreaterThan(0);
    const shot = await screenshot(page, 'esign-sign-page');
    const { png } = shot;
    // not blank: there is ink, and the document section holds text
    expect(countInkPixels(png)).toBeGreaterThan(png.width * png.height * 0.01);
    const doc = await boxOf(page, '.doc');
    expect(countDarkPixels(png, doc)).toBeGreaterThan(2000);
    // Chinese glyphs render (not empty boxes): the signer's name has ink
    expect(countDarkPixels(png, await boxOf(page, '#signer'))).toBeGreaterThan(40);

    // 获取验证码
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.waitForURL(/[?&]n=sent/);
    expect(await page.locator('#notice').innerText()).toContain('验证码已发送至手机');
    const code = await latestCode(a.mobile);
    expect(code).toMatch(/^\d{6}$/);

    // a wrong code: an error on the page, nothing changes
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await page.locator('#code').fill(wrong);
    await page.getByRole('button', { name: '签署', exact: true }).click();
    await page.waitForURL(/[?&]e=code-wrong/);
    expect(await page.locator('#error').innerText()).toBe('验证码错误，请重新输入');
    expect(await page.locator('#sign-status').innerText()).toBe('签署中');
    expect(await statusOf(a.accountId)).toMatchObject({ flowStatus: 1, signer: { signStatus: 1 } });
    await h.control.settle();
    expect(receiver.callbacks()).toHaveLength(0);

    // the right code signs
    await page.locator('#code').fill(code);
    await page.getByRole('button', { name: '签署', exact: true }).click();
    await page.waitForURL(/[?&]done=1/);
    expect(await page.locator('#result').innerText()).toContain('签署成功');
    expect(await page.locator('#sign-status').innerText()).toBe('已完成');
    expect(await page.locator('#btn-sign').count()).toBe(0); // nothing left to do
    expect(await page.locator('#redirect').innerText()).toContain(redirectUrl);
    const after = await screenshot(page, 'esign-signed');
    expect(countInkPixels(after.png, await boxOf(page, '#result'))).toBeGreaterThan(200); // the green 签署成功
    // then the browser is sent back to the platform's redirectUrl (§4.9.1), after 3 s
    await page.waitForURL(redirectUrl, { timeout: 6000 });
    expect(receiver.hits.some((x) => x.method === 'GET' && x.path === '/done?order=42')).toBe(true);

    expect(await statusOf(a.accountId)).toMatchObject({ flowStatus: 1, signer: { signStatus: 2 } });
    const [update] = await receiver.waitFor(1);
    const body = JSON.parse(update!.body);
    expect(esignCallbacks.SIGN_FLOW_UPDATE.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      action: 'SIGN_FLOW_UPDATE',
      accountId: a.accountId,
      flowId: flow.flowId,
      signResult: 2,
    });
    expect(
      verifyCallback(update!.headers, update!.body, project.secret, { projectId: project.projectId }),
    ).toBe(true);
    // back on the signing page later: nothing left to sign
    await page.goto(flow.urlA);
    expect(await page.locator('#sign-status').innerText()).toBe('已完成');
    expect(await page.locator('#btn-sign').count()).toBe(0);
    await page.close();
  });

  it('the next signer refuses with a reason: signExplain, flow terminated, callbacks', async () => {
    const page = await browser.newPage();
    await page.goto(flow.urlB);
    expect(await page.locator('#signer').innerText()).toBe('李四');
    expect(await page.locator('#sign-status').innerText()).toBe('签署中');
    await page.locator('#reason').fill('金额有误，拒绝签署');
    await page.getByRole('button', { name: '拒签' }).click();
    await page.waitForURL(/[?&]done=1/);
    expect(await page.locator('#result').innerText()).toContain('已拒签');
    expect(await page.locator('#sign-status').innerText()).toBe('已拒签');
    await screenshot(page, 'esign-refused');

    const s = await statusOf(b.accountId);
    expect(s.flowStatus).toBe(4);
    expect(s.signer).toMatchObject({ signStatus: 4, signExplain: '金额有误，拒绝签署' });
    const hits = await receiver.waitFor(3);
    const [refusal, finish] = hits.slice(1).map((x) => JSON.parse(x.body));
    expect(refusal).toMatchObject({
      action: 'SIGN_FLOW_UPDATE',
      accountId: b.accountId,
      signResult: 4,
      resultDescription: '金额有误，拒绝签署',
    });
    expect(finish).toMatchObject({ action: 'SIGN_FLOW_FINISH', flowId: flow.flowId, flowStatus: 4 });
    for (const x of hits) expect(verifyCallback(x.headers, x.body, project.secret)).toBe(true);
    await page.close();
  });
});
