/**
 * Notices (消息相关说明): noticeType 1 after each signature and 2 when complete (czId for useCer 1),
 * the doc's JSON exactly, POSTed urlencoded as the one field `notice` to a real HTTP receiver;
 * noticeParams from the acting token's checkToken; success only on {"response": true}, otherwise
 * retried on the app's noticeRetryDelaysMs (virtual time), every attempt journalled; a pending
 * retry survives a `--state` restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { NoticeFinished, NoticeSigned } from '../../contracts/yunhetong-sdk/schemas.ts';
import { createSimulator, type SealSim } from '../../index.ts';
import { pdfTemplate } from '../core/template/fixtures.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import {
  call,
  company,
  fileContractOf,
  MIN,
  person,
  sdk,
  success,
  userWithToken,
  type App,
  type SdkHandle,
} from './helpers.ts';

const receivers: Receiver[] = [];
const sims: SealSim[] = [];
const dirs: string[] = [];
const ACCEPT = { status: 200, body: '{"response":true,"msg":"消息处理成功!"}' };

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  for (const s of sims.splice(0)) s.close();
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function receiver(respond: Receiver['respond'] = () => ACCEPT): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

/** The notice JSON of a received body, checking the body is `notice=<json>` and nothing else. */
function noticeOf(body: string): Record<string, unknown> {
  const form = new URLSearchParams(body);
  expect([...form.keys()]).toEqual(['notice']);
  return JSON.parse(form.get('notice')!) as Record<string, unknown>;
}

interface Parties {
  app: App;
  a: { id: string; token: string };
  b: { id: string; token: string };
  contractId: string;
}

/** An app with `noticeUrl`, person A (the creator) and company B as partners of a file contract. */
async function setup(h: SdkHandle, settings: Record<string, unknown>, useCer = '0'): Promise<Parties> {
  const app = await h.newApp(settings);
  const ua = await userWithToken(h, person(), app);
  const ub = await userWithToken(h, company(), app);
  const a = { id: ua.user.appUserId!, token: ua.token };
  const b = { id: ub.user.appUserId!, token: ub.token };
  const contractId = await fileContractOf(h, a.token, await pdfTemplate([['甲方', '乙方']]), {
    title: '通知测试合同',
    useCer,
  });
  const partners = JSON.stringify([
    { appUserId: a.id, keyWord: '甲方' },
    { appUserId: b.id, keyWord: '乙方' },
  ]);
  expect((await call(h, P.addPartner, a.token, { contractId, partners })).json).toEqual(success());
  return { app, a, b, contractId };
}

async function deliveries(h: SdkHandle) {
  const r = await h.control('GET', '/__sim/webhooks?vendor=yunhetong-sdk');
  return r.json.deliveries as Array<{
    url: string;
    state: string;
    body: string;
    attempts: Array<{ at: number; status?: number }>;
    nextAttemptAt?: number;
  }>;
}

describe('yunhetong-sdk notices', () => {
  it('noticeType 1 per signature and 2 on completion, exactly the doc shapes', async () => {
    const h = sdk();
    const r = await receiver();
    const { a, b, contractId } = await setup(h, { noticeUrl: r.url }, '1');
    // A attaches noticeParams to its token (the JS SDK does this before the page opens)
    const checked = await h.get(P.checkToken, { token: a.token, noticeParams: '{"orderNo":"O-1"}' });
    expect(checked.json).toMatchObject({ code: 200 });

    expect((await call(h, P.signContract, a.token, { contractId, signer: `['${a.id}']` })).json).toEqual(
      success(),
    );
    await h.sim.clock.settle();
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    const first = noticeOf(r.received[0]!.body);
    expect(first).toEqual({
      content: `合同"通知测试合同",用户${a.id}已签署!`,
      noticeType: 1,
      noticeParams: '{"orderNo":"O-1"}',
      map: { contractId: Number(contractId), contractTitle: '通知测试合同', [a.id]: 1, [b.id]: 0 },
    });
    expect(Object.keys(first)).toEqual(['content', 'noticeType', 'noticeParams', 'map']);
    expect(Object.keys(first.map as object).slice(0, 2)).toEqual(['contractId', 'contractTitle']);

    // B signs through the console: no token, so no noticeParams
    const act = await h.control('POST', `/__sim/yunhetong-sdk/contracts/${contractId}/partners/${b.id}`, {
      action: 'sign',
    });
    expect(act.status).toBe(200);
    await h.sim.clock.settle();
    expect(r.received).toHaveLength(3);
    expect(noticeOf(r.received[1]!.body)).toEqual({
      content: `合同"通知测试合同",用户${a.id}已签署,用户${b.id}已签署!`,
      noticeType: 1,
      map: { contractId: Number(contractId), contractTitle: '通知测试合同', [a.id]: 1, [b.id]: 1 },
    });
    const done = noticeOf(r.received[2]!.body);
    expect(done).toEqual({
      content: '合同"通知测试合同"已签署完成！',
      noticeType: 2,
      map: { contractId: Number(contractId), contractTitle: '通知测试合同', czId: expect.any(Number) },
    });
    expect(String((done.map as { czId: number }).czId)).toMatch(/^\d{16}$/);
    // covers: noticeType1 noticeType2 — each matches the contract's notice schema (openapi webhooks)
    for (const x of r.received)
      expect(Object.keys(Object.fromEntries(new URLSearchParams(x.body)))).toEqual(['notice']);
    expect(NoticeSigned.strict().safeParse(first).success).toBe(true);
    expect(NoticeFinished.strict().safeParse(done).success).toBe(true);
    expect(NoticeFinished.strict().safeParse(first).success).toBe(false);
    expect((await deliveries(h)).map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('useCer 0: noticeType 2 has no czId; no noticeUrl: no notice', async () => {
    const h = sdk();
    const r = await receiver();
    const { a, b, contractId } = await setup(h, { noticeUrl: r.url });
    await call(h, P.signContract, a.token, { contractId, signer: `["${a.id}"]` });
    await call(h, P.signContract, b.token, { contractId, signer: `["${b.id}"]` });
    await h.sim.clock.settle();
    const last = noticeOf(r.received.at(-1)!.body);
    expect(last).toEqual({
      content: '合同"通知测试合同"已签署完成！',
      noticeType: 2,
      map: { contractId: Number(contractId), contractTitle: '通知测试合同' },
    });

    const before = (await deliveries(h)).length;
    const quiet = await setup(h, {});
    await call(h, P.signContract, quiet.a.token, {
      contractId: quiet.contractId,
      signer: `["${quiet.a.id}"]`,
    });
    await h.sim.clock.settle();
    expect(await deliveries(h)).toHaveLength(before);
  });

  it('only {"response": true} counts: others are retried on the app schedule, then given up', async () => {
    const h = sdk();
    const answers = [
      { status: 500, body: '{"response":true}' },
      { status: 200, body: '{"response":false,"msg":"busy"}' },
      { status: 200, body: 'true' },
      { status: 200, body: '{"response":"true"}' },
      ACCEPT,
    ];
    const r = await receiver((_req, n) => answers[n - 1] ?? ACCEPT);
    const { a, contractId } = await setup(h, {
      noticeUrl: r.url,
      noticeRetryDelaysMs: [MIN, 2 * MIN, 3 * MIN, 4 * MIN],
    });
    await call(h, P.signContract, a.token, { contractId, signer: `["${a.id}"]` });
    await h.sim.clock.settle();
    const t0 = (await deliveries(h))[0]!.attempts[0]!.at;
    const expectAttempts = async (n: number) => {
      const [d] = await deliveries(h);
      expect(d!.attempts).toHaveLength(n);
      return d!;
    };
    let d = await expectAttempts(1);
    expect(d.nextAttemptAt).toBe(t0 + MIN);
    await h.advance(MIN - 1);
    await expectAttempts(1);
    await h.advance(1);
    d = await expectAttempts(2);
    expect(d.nextAttemptAt).toBe(t0 + 3 * MIN);
    await h.advance(2 * MIN);
    await expectAttempts(3);
    await h.advance(3 * MIN);
    await expectAttempts(4);
    expect(d.state).toBe('pending');
    await h.advance(4 * MIN);
    d = await expectAttempts(5);
    expect(d.state).toBe('delivered');
    expect(d.attempts.map((x) => x.at - t0)).toEqual([0, MIN, 3 * MIN, 6 * MIN, 10 * MIN]);
    expect(r.received).toHaveLength(5);
    for (const x of r.received) expect(noticeOf(x.body).noticeType).toBe(1);

    // a receiver that never accepts: attempts = 1 + the schedule's length, then failed
    const never = await receiver(() => ({ status: 200, body: 'ok' }));
    const second = await setup(h, { noticeUrl: never.url, noticeRetryDelaysMs: [MIN] });
    await call(h, P.signContract, second.a.token, {
      contractId: second.contractId,
      signer: `["${second.a.id}"]`,
    });
    await h.sim.clock.settle();
    await h.advance(MIN);
    const failed = (await deliveries(h)).find((x) => x.url === never.url)!;
    expect(failed.state).toBe('failed');
    expect(failed.attempts).toHaveLength(2);
  });

  it('a notice waiting for its retry survives a --state restart and is retried on the restored clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-sdk-notice-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const r = await receiver((_req, n) => (n === 1 ? { status: 503, body: 'down' } : ACCEPT));
    const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

    const sim1 = createSimulator({ vendors: ['yunhetong-sdk'], stateFile, now: T0 });
    sims.push(sim1);
    const h1 = sdk(sim1);
    const { a, contractId } = await setup(h1, { noticeUrl: r.url, noticeRetryDelaysMs: [5 * MIN] });
    await call(h1, P.signContract, a.token, { contractId, signer: `["${a.id}"]` });
    await h1.sim.clock.settle();
    expect(r.received).toHaveLength(1);
    const [pending] = await deliveries(h1);
    expect(pending).toMatchObject({ state: 'pending', url: r.url });
    sim1.close();
    sims.splice(sims.indexOf(sim1), 1);

    const sim2 = createSimulator({ vendors: ['yunhetong-sdk'], stateFile });
    sims.push(sim2);
    const h2 = sdk(sim2);
    const [restored] = await deliveries(h2);
    expect(restored).toMatchObject({ state: 'pending', nextAttemptAt: pending!.nextAttemptAt });
    await h2.advance(5 * MIN);
    expect(r.received).toHaveLength(2);
    expect(r.received[1]!.body).toBe(r.received[0]!.body);
    const [delivered] = await deliveries(h2);
    expect(delivered!.state).toBe('delivered');
    // the contract and its signature survived too
    const detail = await call(h2, P.detail, a.token, { contractId });
    expect(detail.json.value.partnerList[0]).toEqual({ signStatus: '已签署', userId: a.id });
  });
});
