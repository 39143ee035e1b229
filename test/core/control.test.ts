import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../simulators/core/adapters/node-server.ts';
import { mswHandlers } from '../../simulators/core/adapters/msw.ts';
import { createControlApp } from '../../simulators/core/control.ts';
import { Simulator, type SimulatorOptions } from '../../simulators/core/simulator.ts';
import { echoVendor } from '../helpers/echo-vendor.ts';
import { freeBasePort, startReceiver, type Receiver } from '../helpers/receiver.ts';

function makeSim(opts: SimulatorOptions = {}) {
  const sim = new Simulator([echoVendor], { now: 1_000_000, ...opts });
  const control = createControlApp(sim);
  sim.controlFetch = async (req) => control.fetch(req);
  return sim;
}
const C = 'http://127.0.0.1:4000';
const E = 'http://127.0.0.1:4002';
const post = (url: string, body?: unknown, method = 'POST') =>
  new Request(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('control API', () => {
  it('answers health, vendors and the clock', async () => {
    const sim = makeSim();
    expect(await (await sim.fetch(new Request(`${C}/__sim/health`))).json()).toEqual({ ok: true });
    const vendors = await (await sim.fetch(new Request(`${C}/__sim/vendors`))).json();
    expect(vendors.vendors[0]).toMatchObject({
      id: 'esign',
      baseUrl: `${E}/echo`,
      credentials: { key: 'k0' },
    });
    expect(await (await sim.fetch(new Request(`${C}/__sim/clock`))).json()).toEqual({ now: 1_000_000 });
  });

  it('advance returns after the jobs that fell due have run', async () => {
    const sim = makeSim();
    await sim.fetch(post(`${E}/echo/default`, {}));
    const adv = await sim.fetch(post(`${C}/__sim/clock/advance`, { ms: 60_000 }));
    expect(await adv.json()).toEqual({ now: 1_060_000 });
    const t = await (await sim.fetch(new Request(`${E}/echo/default`))).json();
    expect(t.expired).toEqual(['hit1']);
    expect((await sim.fetch(post(`${C}/__sim/clock/advance`, { ms: -5 }))).status).toBe(400);
  });

  it('lists the outbox, filtered by vendor and recipient', async () => {
    const sim = makeSim();
    await sim.fetch(post(`${E}/echo/default`, {}));
    const res = await (await sim.fetch(new Request(`${C}/__sim/outbox?vendor=esign&to=13800000000`))).json();
    expect(res.messages).toEqual([
      { vendor: 'esign', channel: 'sms', to: '13800000000', text: 'hit 1', code: '1001', at: 1_000_000 },
    ]);
    expect((await (await sim.fetch(new Request(`${C}/__sim/outbox?to=nobody`))).json()).messages).toEqual([]);
  });

  it('creates isolated tenants, patches the callback URL, and journals callbacks', async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    const sim = makeSim();
    const created = await sim.fetch(post(`${C}/__sim/esign/tenants`, {}));
    expect(created.status).toBe(201);
    const { id, credentials } = await created.json();
    expect(credentials.key).toBe('k1');
    const patched = await sim.fetch(
      post(`${C}/__sim/esign/tenants/${id}`, { callbackUrl: receiver.url }, 'PATCH'),
    );
    expect(patched.status).toBe(200);
    expect((await sim.fetch(post(`${C}/__sim/esign/tenants/nope`, {}, 'PATCH'))).status).toBe(404);
    expect((await sim.fetch(post(`${C}/__sim/nope/tenants`, {}))).status).toBe(404);
    await sim.fetch(post(`${E}/echo/${id}`, {}));
    await sim.clock.settle();
    const hooks = await (await sim.fetch(new Request(`${C}/__sim/webhooks?vendor=esign`))).json();
    expect(hooks.deliveries).toHaveLength(1);
    expect(hooks.deliveries[0]).toMatchObject({
      url: receiver.url,
      body: '{"hits":1}',
      state: 'delivered',
      attempts: [{ status: 200 }],
    });
    expect((await (await sim.fetch(new Request(`${E}/echo/default`))).json()).hits).toBe(0);
  });

  it('installs and clears fault rules', async () => {
    const sim = makeSim();
    const bad = await sim.fetch(post(`${C}/__sim/faults`, { vendor: 'nope', status: 500 }));
    expect(bad.status).toBe(400);
    expect(
      (
        await sim.fetch(
          post(`${C}/__sim/faults`, { vendor: 'esign', route: '/default', vendorError: 'X', status: 503 }),
        )
      ).status,
    ).toBe(201);
    const hit = await sim.fetch(post(`${E}/echo/default`, {}));
    expect(hit.status).toBe(503);
    expect(await hit.json()).toEqual({ fault: 'X' });
    expect((await (await sim.fetch(new Request(`${C}/__sim/faults`))).json()).faults).toHaveLength(1);
    await sim.fetch(new Request(`${C}/__sim/faults`, { method: 'DELETE' }));
    expect((await sim.fetch(post(`${E}/echo/default`, {}))).status).toBe(200);
  });

  it('reset returns the vendor to its seed and drops its outbox', async () => {
    const sim = makeSim();
    await sim.fetch(post(`${C}/__sim/esign/tenants`, {}));
    await sim.fetch(post(`${E}/echo/default`, {}));
    expect((await sim.fetch(post(`${C}/__sim/reset?vendor=esign`))).status).toBe(200);
    expect(await (await sim.fetch(new Request(`${C}/__sim/esign/tenants`))).json()).toHaveLength(1);
    expect(sim.outbox.list()).toEqual([]);
    expect((await sim.fetch(post(`${C}/__sim/reset?vendor=zzz`))).status).toBe(404);
  });

  it('serves the dashboard and answers unknown routes with JSON 404', async () => {
    const sim = makeSim();
    const html = await (await sim.fetch(new Request(`${C}/`))).text();
    expect(html).toContain('sealsim');
    expect(html).toContain(`${E}/echo`);
    expect((await sim.fetch(new Request(`${C}/__sim/nothing`))).status).toBe(404);
  });
});

describe('adapters', () => {
  it('msw handlers route fetch() to the simulator in-process, including an extra origin', async () => {
    const sim = makeSim();
    const server = setupServer(...mswHandlers(sim, { esign: ['https://smlgateway.tsign.cn'] }));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const r = await fetch(`${E}/echo/default`, { method: 'POST' });
      expect((await r.json()).hits).toBe(1);
      const viaReal = await fetch('https://smlgateway.tsign.cn/echo/default', { method: 'POST' });
      expect((await viaReal.json()).hits).toBe(2);
      expect((await (await fetch(`${C}/__sim/health`)).json()).ok).toBe(true);
    } finally {
      server.close();
    }
  });

  it('listens on real ports, one per origin', async () => {
    const base = freeBasePort();
    const sim = makeSim({ basePort: base });
    const running = await listen(sim);
    try {
      expect(running.urls.esign).toBe(`http://127.0.0.1:${base + 2}/echo`);
      const r = await fetch(`http://127.0.0.1:${base + 2}/echo/default`, { method: 'POST' });
      expect((await r.json()).origin).toBe(`http://127.0.0.1:${base + 2}`);
      expect((await (await fetch(`http://127.0.0.1:${base}/__sim/health`)).json()).ok).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('--state keeps tenants, the clock, the outbox and pending jobs across a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sealsim-')), 'state.json');
    const a = makeSim({ stateFile: file });
    const { id } = await (await a.fetch(post(`${C}/__sim/esign/tenants`, {}))).json();
    await a.fetch(post(`${E}/echo/${id}`, {}));
    await a.clock.advance(10_000);
    a.close();
    const b = makeSim({ stateFile: file });
    expect(b.clock.now()).toBe(1_010_000);
    expect(b.outbox.list()).toHaveLength(1);
    expect((await (await b.fetch(new Request(`${E}/echo/${id}`))).json()).hits).toBe(1);
    await b.clock.advance(50_000);
    expect((await (await b.fetch(new Request(`${E}/echo/${id}`))).json()).expired).toEqual(['hit1']);
    b.close();
  });
});
