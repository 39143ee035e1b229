/**
 * The app's signing against sealsim's e签宝 in-process: useSealsim() next to the app's own msw
 * handlers, in one msw server. Nothing listens on a port.
 */
import { http, HttpResponse } from 'msw';
import { validateResponse } from 'sealsim/kit';
import { useSealsim } from 'sealsim/kit/vitest';
import { describe, expect, it } from 'vitest';
import { downloadSigned, esignClient, startSigning } from '../src/signing.js';
import { fetchUser, USERS_API } from '../src/users.js';
import { appHandlers, ESIGN, ZHANGSAN } from './mocks.js';

const sim = useSealsim({ vendors: ['esign'], handlers: appHandlers, onUnhandledRequest: 'error' });

/** The signer signing on e签宝's page: the simulator's control API does it for the test. */
async function signerSigns(flowId: string, accountId: string): Promise<void> {
  const res = await fetch(`${sim.origin('control')}/__sim/esign/flows/${flowId}/signers/${accountId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'sign' }),
  });
  expect(res.status).toBe(200);
}

describe('signing a loan agreement', () => {
  it('the app handler and the simulator answer side by side; the signed PDF comes back', async () => {
    const { accountId, flowId } = await startSigning(ESIGN, ZHANGSAN.id);
    await signerSigns(flowId, accountId);
    const pdf = await downloadSigned(ESIGN, flowId);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(pdf).toString('latin1')).toContain('/ByteRange');
  });

  it("the app's handlers can change per test (server.use) without touching sealsim's", async () => {
    sim.server.use(
      http.get(`${USERS_API}/users/:id`, () => HttpResponse.json({ error: 'down' }, { status: 503 })),
    );
    await expect(fetchUser(ZHANGSAN.id)).rejects.toThrow(/HTTP 503/);
    const { accountId } = await esignClient(ESIGN).call('/account/create/person/private', {
      thirdId: 'u-2',
      name: '李四',
      idNo: '11010519491231002X',
      idType: 19,
    });
    expect(accountId).toMatch(/\w{8,}/);
  });

  it("an answer the e签宝 contract doesn't document is caught by validateResponse", () => {
    const url = `${ESIGN.origin}/opentreaty/rest/v3.0/account/idexchange`;
    const good = validateResponse(
      'esign',
      { method: 'POST', url },
      { status: 200, body: { errCode: 0, msg: 'SUCCESS', data: { accountId: 'abc' } } },
    );
    expect(good).toMatchObject({ ok: true, problems: [] });
    const bad = validateResponse(
      'esign',
      { method: 'POST', url },
      { status: 200, body: { errCode: 0, msg: 'SUCCESS' } },
    );
    expect(bad.ok).toBe(false);
    expect(bad.problems.join('\n')).toMatch(/data/);
  });

  it("e签宝's real host is refused, never reached", async () => {
    await expect(
      fetch('https://smlgateway.tsign.cn/opentreaty/rest/v3.0/sign/start', { method: 'POST' }),
    ).rejects.toThrow();
  });
});
