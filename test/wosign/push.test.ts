/**
 * PushSignedDoc deliveries (doc: 3.2 推送已签署文件): only an answer of exactly `1` is received;
 * `success`, `"1"`, `1` with a newline and HTTP errors are retried on the tenant's
 * pushRetryDelaysMs on the virtual clock (the default 1 min, 5 min, 30 min, 2 h, 6 h, then given
 * up), every attempt journalled; no notifyUrl, no push; a delivery waiting for its retry survives a
 * `--state` restart, and so does the order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulator, type SealSim } from '../../index.ts';
import type { WebhookDelivery } from '../../simulators/core/webhooks.ts';
import { createBody, failure, T0, ws, type Tenant, type WosignHandle } from './helpers.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOTIFY = 'http://receiver.example.test/push';

type Reply = { status: number; body: string };

/** A receiver answering `replies` in turn (the last one from then on), recording what came. */
function receiver(replies: Reply[]) {
  const received: Array<{ at: number; body: string; contentType: string | null }> = [];
  let now = () => 0;
  return {
    received,
    clockFrom(h: WosignHandle) {
      now = () => h.sim.clock.now();
    },
    fetch: async (req: Request) => {
      received.push({ at: now(), body: await req.text(), contentType: req.headers.get('content-type') });
      const r = replies[Math.min(received.length - 1, replies.length - 1)]!;
      return new Response(r.body, { status: r.status });
    },
  };
}

async function signedOrder(h: WosignHandle, tenant: Tenant) {
  const body = await createBody(tenant.tokenid);
  const r = await h.post(body, tenant.certificatePem);
  expect(r.json).toMatchObject({ status: 1 });
  const signid = r.json.signid as string;
  const signed = await h.control('POST', `/__sim/wosign/orders/${signid}/signers/0`, { action: 'sign' });
  expect(signed.json).toMatchObject({ orderStatus: 'signed' });
  await h.sim.clock.settle();
  return { signid, orderNumber: body.orderNumber as string };
}

const pushesOf = (h: WosignHandle, tenant: Tenant): WebhookDelivery[] =>
  h.sim.webhooks.list({ vendor: 'wosign', tenant: tenant.tokenid });

describe('PushSignedDoc retries', () => {
  it('retries `success`, `"1"`, `1` + newline and a 500 on the tenant schedule until the body is exactly 1', async () => {
    const r = receiver([
      { status: 200, body: 'success' },
      { status: 200, body: '"1"' },
      { status: 200, body: '1\n' },
      { status: 500, body: '1' },
      { status: 200, body: '1' },
    ]);
    const h = ws(undefined, { fetch: r.fetch });
    r.clockFrom(h);
    const tenant = await h.newTenant({
      notifyUrl: NOTIFY,
      pushRetryDelaysMs: [MIN, 2 * MIN, 3 * MIN, 4 * MIN],
    });
    const start = h.sim.clock.now();
    await signedOrder(h, tenant);
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.contentType).toBe('application/json');

    await h.sim.clock.advance(MIN - 1);
    expect(r.received).toHaveLength(1);
    await h.sim.clock.advance(1);
    expect(r.received).toHaveLength(2);
    await h.sim.clock.advance(2 * MIN);
    await h.sim.clock.advance(3 * MIN);
    await h.sim.clock.advance(4 * MIN);
    expect(r.received.map((x) => x.at - start)).toEqual([0, MIN, 3 * MIN, 6 * MIN, 10 * MIN]);
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);

    const [d] = pushesOf(h, tenant);
    expect(d!.state).toBe('delivered');
    expect(d!.event).toBe('PushSignedDoc');
    expect(d!.attempts.map((a) => [a.status, a.responseBody])).toEqual([
      [200, 'success'],
      [200, '"1"'],
      [200, '1\n'],
      [500, '1'],
      [200, '1'],
    ]);
    await h.sim.clock.advance(HOUR);
    expect(r.received).toHaveLength(5);
  });

  it('the default schedule: 1 min, 5 min, 30 min, 2 h, 6 h, then given up', async () => {
    const r = receiver([{ status: 200, body: 'success' }]);
    const h = ws(undefined, { fetch: r.fetch });
    r.clockFrom(h);
    const tenant = await h.newTenant({ notifyUrl: NOTIFY });
    const start = h.sim.clock.now();
    await signedOrder(h, tenant);
    for (let i = 0; i < 24; i++) await h.sim.clock.advance(HOUR / 2);
    expect(r.received.map((x) => x.at - start)).toEqual([
      0,
      MIN,
      6 * MIN,
      36 * MIN,
      2 * HOUR + 36 * MIN,
      8 * HOUR + 36 * MIN,
    ]);
    const [d] = pushesOf(h, tenant);
    expect(d!.state).toBe('failed');
    expect(d!.attempts).toHaveLength(6);
  });

  it('a receiver that cannot be reached is retried like any other failure', async () => {
    let calls = 0;
    const h = ws(undefined, {
      fetch: async () => {
        if (++calls === 1) throw new TypeError('fetch failed: ECONNREFUSED');
        return new Response('1');
      },
    });
    const tenant = await h.newTenant({ notifyUrl: NOTIFY, pushRetryDelaysMs: [MIN] });
    await signedOrder(h, tenant);
    await h.sim.clock.advance(MIN);
    const [d] = pushesOf(h, tenant);
    expect(d!.attempts[0]!.error).toMatch(/ECONNREFUSED/);
    expect(d!.state).toBe('delivered');
  });

  it('no notifyUrl, no push', async () => {
    const r = receiver([{ status: 200, body: '1' }]);
    const h = ws(undefined, { fetch: r.fetch });
    const tenant = await h.newTenant();
    await signedOrder(h, tenant);
    await h.sim.clock.advance(HOUR);
    expect(r.received).toHaveLength(0);
    expect(pushesOf(h, tenant)).toHaveLength(0);
  });
});

describe('PushSignedDoc across a --state restart', () => {
  const dirs: string[] = [];
  const sims: SealSim[] = [];
  afterAll(() => {
    for (const s of sims) s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a push waiting for its retry is retried on the restored clock; the order survived', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-wosign-push-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const down = receiver([{ status: 503, body: 'down' }]);
    const sim1 = createSimulator({ vendors: ['wosign'], stateFile, now: T0, fetch: down.fetch });
    sims.push(sim1);
    const h1 = ws(sim1);
    const tenant = await h1.newTenant({ notifyUrl: NOTIFY, pushRetryDelaysMs: [5 * MIN] });
    const { signid, orderNumber } = await signedOrder(h1, tenant);
    expect(down.received).toHaveLength(1);
    const [pending] = pushesOf(h1, tenant);
    expect(pending).toMatchObject({ state: 'pending', url: NOTIFY });
    sim1.close();
    sims.splice(sims.indexOf(sim1), 1);

    const up = receiver([{ status: 200, body: '1' }]);
    const sim2 = createSimulator({ vendors: ['wosign'], stateFile, fetch: up.fetch });
    sims.push(sim2);
    const h2 = ws(sim2);
    const [restored] = pushesOf(h2, tenant);
    expect(restored).toMatchObject({ state: 'pending', nextAttemptAt: pending!.nextAttemptAt });
    await h2.sim.clock.advance(5 * MIN);
    expect(up.received).toHaveLength(1);
    expect(up.received[0]!.body).toBe(down.received[0]!.body);
    const [delivered] = pushesOf(h2, tenant);
    expect(delivered!.state).toBe('delivered');
    expect(delivered!.attempts).toHaveLength(2);

    // the order is still signed: its orderNumber answers -46, its signers are done
    const again = await h2.post(await createBody(tenant.tokenid, { orderNumber }), tenant.certificatePem);
    expect(again.json).toEqual(failure(-46));
    const late = await h2.control('POST', `/__sim/wosign/orders/${signid}/signers/0`, { action: 'sign' });
    expect(late.status).toBe(409);
  });
});
