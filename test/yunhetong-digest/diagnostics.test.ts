/**
 * Near-miss diagnostics for yunhetong-digest tokens (simulators/yunhetong-digest/auth.ts
 * `tokenNearMiss`): the wire answer is the vendor's 401, the journal says unknown or expired at
 * when, issued to which app for whom.
 */
import { describe, expect, it } from 'vitest';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import type { JournalEntry } from '../../contracts/control/schemas.ts';
import { formatBeijingTime } from '../../simulators/core/time.ts';
import { CONTROL, MIN, raw, yht, type YhtHandle } from './helpers.ts';

const BODY = JSON.stringify({ certifyNumList: ['110101199003077777'] });

async function last(h: YhtHandle): Promise<JournalEntry> {
  const res = await h.fetch(new Request(`${CONTROL}/__sim/requests?vendor=yunhetong-digest&limit=1`));
  return ((await res.json()) as { requests: JournalEntry[] }).requests[0]!;
}

describe('yunhetong-digest token diagnostics', () => {
  it('an expired token: when it expired, for which app; the wire answer is the 401', async () => {
    const h = yht();
    const token = await h.client().login();
    const issuedAt = h.sim.clock.now();
    await h.sim.clock.advance(16 * MIN);
    const r = await raw(h, '/user/signerId/certifyNums', { token, body: BODY });
    expect(r.text).toBe('{"code":401,"msg":"令牌已过期"}');
    const e = await last(h);
    expect(e.code).toBe(401);
    expect(e.diagnostic).toMatchObject({
      kind: 'token',
      summary:
        `token expired at ${formatBeijingTime(issuedAt + 15 * MIN)} (Beijing time; issued to app ` +
        `${YUNHETONG_DIGEST_DEFAULT_APP.appId} for the platform)`,
      details: { appId: YUNHETONG_DIGEST_DEFAULT_APP.appId, issuedFor: 'the platform' },
    });
    h.sim.close();
  });

  it('an unknown token and no token', async () => {
    const h = yht();
    let r = await raw(h, '/user/signerId/certifyNums', { token: 'not-a-token', body: BODY });
    expect(r.text).toBe('{"code":401,"msg":"令牌无效"}');
    expect((await last(h)).diagnostic!.summary).toMatch(/^unknown token: never issued by this simulator/);
    r = await raw(h, '/user/signerId/certifyNums', { body: BODY });
    expect(r.text).toBe('{"code":401,"msg":"令牌无效"}');
    expect((await last(h)).diagnostic!.summary).toBe(
      'no token: send the /auth/login token in header "token"',
    );
    h.sim.close();
  });
});
