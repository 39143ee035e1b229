/**
 * The typed 云合同 SDK API client under msw (`useSealsim`): created at module load, before msw
 * starts, with the default fetch, it reaches the in-process simulator with nothing listening on its
 * port. Users, a file contract signed by the platform, the PDF downloaded; a tenant whose tokens
 * live one minute (tokenLifetimeMs) and the client's re-get on 10801 through the control API's
 * clock; state reset between tests.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../../../clients/control/index.ts';
import { createYunhetongSdkClient, YunhetongSdkApiError } from '../../../clients/yunhetong-sdk/index.ts';
import { SDK_BASE_PATH, YUNHETONG_SDK_DEFAULT_APP as APP } from '../../../contracts/yunhetong-sdk/index.ts';
import { useSealsim } from '../../../kit/vitest.ts';
import { pdfTemplate } from '../../core/template/fixtures.ts';
import { freeBasePortFrom } from '../../helpers/ports.ts';
import { company, person } from '../../yunhetong-sdk/helpers.ts';
import { userParams } from './helpers.ts';

const basePort = await freeBasePortFrom(52000);
const sim = useSealsim({ vendors: ['yunhetong-sdk'], basePort, now: Date.UTC(2026, 0, 5, 2) });
// Created now, at import time: msw is not listening yet.
const client = createYunhetongSdkClient({ baseUrl: sim.origin('yunhetong-sdk') + SDK_BASE_PATH, ...APP });
const control = createControlClient({ baseUrl: sim.origin('control') });

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

let madeBefore = '';

describe('the yunhetong-sdk client under msw', () => {
  it('imports users, makes, signs and downloads a contract with nothing listening', async () => {
    expect(sim.origin('yunhetong-sdk')).toBe(`http://127.0.0.1:${basePort + 4}`);
    expect(await refused(basePort + 4)).toBe(true);
    const platform = company({ userType: '4' });
    const a = person();
    await client.addUser(userParams(platform));
    await client.addUser(userParams(a));
    const me = client.asUser(a.appUserId!);
    const pdf = await pdfTemplate([['借款合同', '甲方签字：']]);
    const { contractId } = await me.fileContract({ title: '借款合同', file: pdf });
    await me.addPartner({ contractId, partners: [{ appUserId: a.appUserId!, keyWord: '甲方签字' }] });
    await client.asUser(platform.appUserId!).signContract({ contractId, signer: [a.appUserId!] });
    expect((await me.detail({ contractId })).status).toBe('已完成');
    const signed = await me.download({ contractId });
    expect(Buffer.from(signed.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
    expect(signed.length).toBeGreaterThan(pdf.length);
    madeBefore = a.appUserId!;
  });

  it('re-gets an expired token (a tenant with tokenLifetimeMs of one minute) on the control clock', async () => {
    // the reset between tests removed the user and the token the client still holds
    expect(madeBefore).not.toBe('');
    const gone = await client.getToken(madeBefore).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(YunhetongSdkApiError);
    expect(gone).toMatchObject({ subCode: 10004 });

    const { credentials } = await control.createTenant('yunhetong-sdk', { tokenLifetimeMs: 60_000 });
    const fast = createYunhetongSdkClient({
      baseUrl: sim.origin('yunhetong-sdk') + SDK_BASE_PATH,
      appId: String(credentials.appId),
      password: String(credentials.password),
    });
    const u = person();
    await fast.addUser(userParams(u));
    const me = fast.asUser(u.appUserId!);
    const t1 = await me.getToken();
    await control.advance(59_000);
    await me.modifyCellNum({ cellNum: '17700000011' });
    expect(me.token()).toBe(t1);
    await control.advance(1_000);
    await me.modifyCellNum({ cellNum: '17700000012' });
    expect(me.token()).not.toBe(t1);
    expect(await me.checkToken()).toBe(true);
    await control.advance(60_000);
    expect(await me.checkToken()).toBe(false);
  });
});
