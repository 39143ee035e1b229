/**
 * The service skeleton: the index page under the context path, apps as tenants (core tenant routes),
 * the vendor's control routes, snapshot/restore and reset.
 */
import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createYunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { Simulator } from '../../simulators/core/simulator.ts';
import { yunhetongDigest } from '../../simulators/yunhetong-digest/index.ts';
import { apiError, BASE, CONTROL, PERSON, raw, yht } from './helpers.ts';

describe('yunhetong-digest service', () => {
  it('answers the index page at the root context path, and the typed client sees it up', async () => {
    const h = yht();
    expect(await h.client().isUp()).toBe(true);
    const res = await h.fetch(new Request(`${BASE}/index.html`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('启动成功');
    expect((await h.fetch(new Request(`${BASE}/nope`))).status).toBe(404);
  });

  it('serves everything under a configured context path, and nothing outside it', async () => {
    const h = yht({ vendorOptions: { contextPath: 'yht-digest' } });
    const c = h.client(YUNHETONG_DIGEST_DEFAULT_APP, `${BASE}/yht-digest`);
    expect(await c.isUp()).toBe(true);
    expect(await c.login()).toBeTruthy();
    expect((await h.fetch(new Request(`${BASE}/index.html`))).status).toBe(404);
    expect((await raw(h, '/auth/login', { body: '{}' })).status).toBe(404);
    const svc = await h.control('GET', '/__sim/yunhetong-digest/service');
    expect(svc.json.contextPath).toBe('/yht-digest');
    rmSync(svc.json.sandboxDir, { recursive: true });
  });

  it('makes a temp sandbox directory by default', async () => {
    const h = yht();
    const dir = (await h.control('GET', '/__sim/yunhetong-digest/service')).json.sandboxDir as string;
    expect(dir).toMatch(/sealsim-yht-/);
    expect(existsSync(dir)).toBe(true);
    rmSync(dir, { recursive: true });
  });

  it('refuses the wrong method with 405', async () => {
    const h = yht();
    const r = await raw(h, '/auth/login', { method: 'GET' });
    expect(r.status).toBe(405);
    const p = await raw(h, '/user/personNameAndPhone', { method: 'POST', body: '{}' });
    expect(p.status).toBe(405);
  });

  it('creates apps through the core tenant routes, each isolated, with its own credentials', async () => {
    const h = yht();
    const a = await h.newApp();
    const b = await h.newApp({ appId: '2020010100000001', appKey: 'secretKey1' });
    expect(a.appId).toMatch(/^\d{16}$/);
    expect(b).toMatchObject({ appId: '2020010100000001', appKey: 'secretKey1' });
    await a.client.login();
    await b.client.login();
    await a.client.call('/user/person', PERSON);
    // same certifyNum in another app is fine: unique per app
    expect(await b.client.call('/user/person', PERSON)).toEqual({ signerId: 1 });
    expect((await h.control('GET', `/__sim/yunhetong-digest/apps/${a.appId}`)).json.counts.users).toBe(1);
    // a's appKey does not open b
    const wrong = await apiError(h.client({ appId: b.appId, appKey: a.appKey }).login());
    expect(wrong.code).toBe(402);
    // bad settings are refused with 400
    expect((await h.control('POST', '/__sim/yunhetong-digest/tenants', { appId: '12' })).status).toBe(400);
    expect(
      (await h.control('POST', '/__sim/yunhetong-digest/tenants', { appState: 'sleeping' })).status,
    ).toBe(400);
    expect((await h.control('POST', '/__sim/yunhetong-digest/tenants', { appId: b.appId })).status).toBe(400);
  });

  it('patches settings (services merge) and app state through both control routes', async () => {
    const h = yht();
    const id = YUNHETONG_DIGEST_DEFAULT_APP.appId;
    const p = await h.control('PATCH', `/__sim/yunhetong-digest/tenants/${id}`, {
      services: { sms: false },
      tokenRenewAfterMs: 60_000,
    });
    expect(p.status).toBe(200);
    let v = (await h.control('GET', `/__sim/yunhetong-digest/apps/${id}`)).json;
    expect(v.settings.services).toEqual({ cz: true, sms: false, cert: true });
    expect(v.settings.tokenRenewAfterMs).toBe(60_000);
    v = (
      await h.control('PATCH', `/__sim/yunhetong-digest/apps/${id}/state`, {
        appState: 'offline',
        signQuota: 3,
      })
    ).json;
    expect(v.settings).toMatchObject({ appState: 'offline', signQuota: 3, services: { sms: false } });
    expect((await h.control('GET', '/__sim/yunhetong-digest/apps/0000000000000000')).status).toBe(404);
  });

  it('injects faults in the vendor envelope', async () => {
    const h = yht();
    h.sim.faults.add({ vendor: 'yunhetong-digest', route: '/user/person', vendorError: 'SYSTEM_ERROR' });
    const c = h.client();
    await c.login();
    expect(await apiError(c.call('/user/person', PERSON))).toMatchObject({
      code: 500,
      msg: '系统异常',
      httpStatus: 200,
    });
    expect(
      (await h.control('GET', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}`)).json
        .counts.users,
    ).toBe(0);
  });

  it('snapshots, restores and resets', async () => {
    const h = yht();
    const c = h.client();
    await c.login();
    await c.call('/user/person', PERSON);
    const v = h.sim.vendor('yunhetong-digest');
    const snap = structuredClone(v.snapshot());
    v.reset();
    expect(
      (await apiError(c.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] }))).code,
    ).toBe(401);
    v.restore(snap);
    expect(await c.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })).toEqual([
      { [PERSON.certifyNum]: 1 },
    ]);
    expect(() => v.restore({ nope: 1 })).toThrow(/unreadable/);
  });

  it('applies the simulator body limit to every API but /tsa/streamSign, which takes the doc’s 20 MB file', async () => {
    const sim = new Simulator([yunhetongDigest], { vendors: ['yunhetong-digest'], maxBodyBytes: 64 * 1024 });
    const c = createYunhetongDigestClient({
      baseUrl: BASE,
      ...YUNHETONG_DIGEST_DEFAULT_APP,
      fetch: (r) => sim.fetch(r),
    });
    await c.login();
    const big = new Uint8Array(200 * 1024);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const file = { bytes: big, filename: 'a.pdf', contentType: 'application/pdf' };
    // 200 KB: over the 64 KB limit for a signing upload and a JSON body, within the time-stamp limit
    expect(
      await apiError(
        c.signFileStream({
          signerId: '1',
          moulageId: '-1',
          contractPath: file,
          contractTitle: 't',
          contractSavePath: '/o.pdf',
          signPositionType: '1',
          positionContent: '1,0,0',
        }),
      ),
    ).toMatchObject({ code: 201, msg: '请求体过大' });
    expect(
      await apiError(c.call('/user/person', { ...PERSON, userName: '张'.repeat(40_000) })),
    ).toMatchObject({ code: 201, msg: '请求体过大' });
    expect(
      await apiError(c.tsaStreamSign({ filePath: file, fileSavePath: '/o.pdf', title: 't' })),
    ).toMatchObject({ code: 20101 });
    sim.close();
  });

  it('shows its sandbox directory on the dashboard, under its credentials', async () => {
    const h = yht({ vendorOptions: { sandboxDir: '/tmp/yht-dashboard-<sandbox>' } });
    const html = await (await h.fetch(new Request(`${CONTROL}/`))).text();
    expect(html).toContain('<code>2018051800000000</code>');
    expect(html).toContain('sandbox:</span> <code>/tmp/yht-dashboard-&lt;sandbox&gt;</code>');
    rmSync('/tmp/yht-dashboard-<sandbox>', { recursive: true, force: true });
  });

  it('应用清库 (purge) removes the test data, restarts the id sequences and keeps the app and its platform token', async () => {
    const h = yht();
    const id = YUNHETONG_DIGEST_DEFAULT_APP.appId;
    await h.control('PATCH', `/__sim/yunhetong-digest/apps/${id}/state`, { signQuota: 7 });
    const c = h.client();
    await c.login();
    const { signerId } = await c.call('/user/person', PERSON);
    await c.call('/moulage/person', { signerId: String(signerId) });
    const u = c.asUser(signerId);
    await u.login();
    expect((await h.control('GET', `/__sim/yunhetong-digest/apps/${id}`)).json.counts).toMatchObject({
      users: 1,
      moulages: 1,
      liveTokens: 2,
    });

    const purged = await h.control('POST', `/__sim/yunhetong-digest/apps/${id}/purge`);
    expect(purged.status).toBe(200);
    expect(purged.json.counts).toEqual({ users: 0, moulages: 0, summaries: 0, liveTokens: 1 });
    expect(purged.json.settings.signQuota).toBe(7);
    expect(purged.json.appKey).toBe(YUNHETONG_DIGEST_DEFAULT_APP.appKey);
    // the platform token still works; the user's token is gone; the certifyNum is free again and ids restart
    expect(
      await apiError(c.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })),
    ).toMatchObject({ code: 20206 });
    expect((await apiError(u.call('/moulage/person', { signerId: String(signerId) }))).code).toBe(401);
    expect(await c.call('/user/person', PERSON)).toEqual({ signerId: 1 });
    expect((await h.control('POST', '/__sim/yunhetong-digest/apps/0000000000000000/purge')).status).toBe(404);
  });
});
