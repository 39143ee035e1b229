/**
 * Issue 14 item 3: a vendor SDK stamps requests from the machine's clock, so baoquan's tonce window
 * (±300 s) passes when the tonce is near wall time or virtual time (the default, `clientClock:
 * 'either'`), or only one of them when the tenant says so. The README's walkthrough advances the
 * clock 10 minutes and keeps working after it; so does `--clock manual` 5 real minutes on.
 */
import { describe, expect, it } from 'vitest';
import { createBaoquanClient, type BaoquanClient } from '../../clients/baoquan/index.ts';
import { BaoquanApiError } from '../../clients/baoquan/errors.ts';
import { createSimulator, type SealSim } from '../../index.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, keyPair } from '../baoquan/helpers.ts';

const TONCE = 'tonce与服务器时间相差超过300秒，请求无效';

/** The README walkthrough's attestation call. */
const attest = (bq: BaoquanClient) =>
  bq.call('attestations', {
    unique_id: crypto.randomUUID(),
    template_id: '5Yhus2mVSMnQRXobRJCYgt',
    identities: { MO: '15857112383', ID: '42012319800127691X' },
    factoids: [
      { unique_id: crypto.randomUUID(), type: 'user', data: { name: '张三', phone_number: '13234568732' } },
    ],
  });

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: unknown) => (err instanceof BaoquanApiError ? err.message : String(err)),
  );

function client(sim: SealSim, extra: { accessKey?: string; privateKey?: string; clock?: () => number } = {}) {
  return createBaoquanClient({
    baseUrl: sim.origin('baoquan'),
    accessKey: extra.accessKey ?? DEFAULT_ACCESS_KEY,
    privateKey: extra.privateKey ?? DEFAULT_PRIVATE_KEY,
    fetch: (r) => sim.fetch(r),
    ...(extra.clock ? { clock: extra.clock } : {}),
  });
}

async function advance(sim: SealSim, ms: number) {
  const res = await sim.fetch(
    new Request(`${sim.origin('control')}/__sim/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
    }),
  );
  expect(res.status).toBe(200);
}

describe('baoquan tonce: wall or virtual time', () => {
  it('the README walkthrough: an unchanged client (Date.now) keeps working after advancing 10 minutes', async () => {
    const sim = createSimulator({ vendors: ['baoquan'], clock: 'realtime' });
    const bq = client(sim);
    expect(await attest(bq)).toMatchObject({ no: expect.any(String) });
    await advance(sim, 600_000);
    const { no } = (await attest(bq)) as { no: string };
    expect(no).toEqual(expect.any(String));
    expect((await bq.download(no)).fileName).toBe(`${no}.zip`);
    sim.close();
  });

  it('--clock manual, 5 real minutes on: the wall-clock tonce passes', async () => {
    const sim = createSimulator({
      vendors: ['baoquan'],
      clock: 'manual',
      now: Date.now() - 5 * 60_000 - 5_000,
    });
    expect(await failure(attest(client(sim)))).toBe('ok');
    sim.close();
  });

  it('a test client stamping from the virtual clock passes too (either clock, the default)', async () => {
    const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);
    const sim = createSimulator({ vendors: ['baoquan'], now: T0 });
    expect(await failure(attest(client(sim, { clock: () => sim.clock.now() })))).toBe('ok');
    // 301 s from both clocks is refused
    expect(await failure(attest(client(sim, { clock: () => sim.clock.now() - 301_000 })))).toBe(TONCE);
    sim.close();
  });

  it("clientClock 'wall' or 'virtual' pins the window to one clock", async () => {
    const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);
    const sim = createSimulator({ vendors: ['baoquan'], now: T0 });
    const tenant = (clientClock: string, clock?: () => number) => {
      const { publicKey, privateKey } = keyPair();
      const { credentials } = sim.vendor('baoquan').createTenant({ publicKey, clientClock });
      return client(sim, { accessKey: credentials.accessKey!, privateKey, ...(clock ? { clock } : {}) });
    };
    const virtualNow = () => sim.clock.now();
    // a new tenant has no templates: past the tonce check it fails on the template
    expect(await failure(attest(tenant('wall')))).toBe('模板不存在');
    expect(await failure(attest(tenant('wall', virtualNow)))).toBe(TONCE);
    expect(await failure(attest(tenant('virtual', virtualNow)))).toBe('模板不存在');
    expect(await failure(attest(tenant('virtual')))).toBe(TONCE);
    expect(() =>
      sim.vendor('baoquan').createTenant({ publicKey: keyPair().publicKey, clientClock: 'sun' }),
    ).toThrow(/clientClock/);
    sim.close();
  });
});
