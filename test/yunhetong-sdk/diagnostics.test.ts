/**
 * Near-miss diagnostics for yunhetong-sdk tokens and app credentials (simulators/yunhetong-sdk/
 * auth.ts): the wire answer stays the vendor's 10801 / 10805; the journal says why.
 */
import { describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import type { JournalEntry } from '../../contracts/control/schemas.ts';
import { formatBeijingTime } from '../../simulators/core/time.ts';
import { CONTROL, DEFAULT_APP, failure, MIN, sdk, userWithToken, type SdkHandle } from './helpers.ts';

async function last(h: SdkHandle): Promise<JournalEntry> {
  const res = await h.fetch(new Request(`${CONTROL}/__sim/requests?vendor=yunhetong-sdk&limit=1`));
  return ((await res.json()) as { requests: JournalEntry[] }).requests[0]!;
}

describe('yunhetong-sdk authentication diagnostics', () => {
  it('an expired token: expired at when, issued to which app for which user', async () => {
    const h = sdk();
    const { user, token } = await userWithToken(h);
    const issuedAt = h.sim.clock.now();
    await h.advance(31 * MIN);
    const r = await h.post(P.modifyCellNum, { cellNum: '18800000000' }, { token });
    expect(r.json).toEqual(failure(10801, '登录异常，请重新登录！'));
    const e = await last(h);
    expect(e.code).toBe(10801);
    expect(e.diagnostic).toMatchObject({
      kind: 'token',
      summary:
        `token expired at ${formatBeijingTime(issuedAt + 30 * MIN)} (Beijing time; issued to app ` +
        `${DEFAULT_APP.appId} for user ${user.appUserId})`,
      details: { appId: DEFAULT_APP.appId, appUserId: user.appUserId },
    });
    h.sim.close();
  });

  it('an unknown token and a wrong app password (never showing the stored one)', async () => {
    const h = sdk();
    await h.post(P.modifyCellNum, { cellNum: '18800000000' }, { token: 'TGT-1-nope-cas01.example.org' });
    expect((await last(h)).diagnostic!.summary).toMatch(/^unknown token: never issued by this simulator/);
    const r = await h.post(P.getToken, { appId: DEFAULT_APP.appId, password: 'nope', appUserId: 'u' });
    expect(r.json).toMatchObject({ code: 520 });
    const e = await last(h);
    expect(e.diagnostic).toMatchObject({
      kind: 'app-credentials',
      summary: `the password is not app ${DEFAULT_APP.appId}'s (4 characters sent)`,
    });
    expect(JSON.stringify(e.diagnostic)).not.toContain(DEFAULT_APP.password);
    await h.post(P.getToken, { appId: '2999999999999999999', password: 'x', appUserId: 'u' });
    expect((await last(h)).diagnostic!.summary).toBe('app 2999999999999999999 is unknown (1 registered)');
    h.sim.close();
  });
});
