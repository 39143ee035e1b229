/**
 * Near-miss diagnostics for WoSign's client certificate and tokenid (simulators/wosign/auth.ts
 * `certificateNearMiss`): the wire answer stays -80 / -65 / -67; the journal says why, naming other
 * tenants' registrations by count only.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../contracts/control/schemas.ts';
import { DEFAULT_CLIENT, failure, UNREGISTERED_CERT_PEM, ws, type WosignHandle } from './helpers.ts';

const body = (tokenid: string) => ({ tokenid, actiontype: 'NoSuchAction' });

async function last(h: WosignHandle): Promise<JournalEntry> {
  const res = await h.sim.fetch(
    new Request(`${h.sim.origin('control')}/__sim/requests?vendor=wosign&limit=1`),
  );
  return ((await res.json()) as { requests: JournalEntry[] }).requests[0]!;
}

describe('wosign client certificate diagnostics', () => {
  it('none presented, and one no tenant registered (its fingerprint; counts only)', async () => {
    const h = ws();
    await h.newTenant();
    expect((await h.post(body(DEFAULT_CLIENT.tokenid), null)).text).toBe(JSON.stringify(failure(-80)));
    expect((await last(h)).diagnostic).toMatchObject({
      kind: 'client-certificate',
      summary: 'no client certificate presented (connect with the tenant’s certificate over mTLS)',
    });
    expect((await h.post(body(DEFAULT_CLIENT.tokenid), UNREGISTERED_CERT_PEM)).json).toEqual(failure(-80));
    const sha = createHash('sha256').update(new X509Certificate(UNREGISTERED_CERT_PEM).raw).digest('hex');
    const e = await last(h);
    expect(e.code).toBe(-80);
    expect(e.diagnostic).toMatchObject({
      kind: 'client-certificate',
      details: { certificateSha256: sha, tenants: '2', registeredFingerprints: '2' },
    });
    expect(e.diagnostic!.summary).toBe(
      `client certificate SHA-256 ${sha} is registered on no tenant (2 fingerprints on 2 tenants)`,
    );
    h.sim.close();
  });

  it("another tenant's certificate, an unknown tokenid and a disabled one", async () => {
    const h = ws();
    const t = await h.newTenant();
    expect((await h.post(body(t.tokenid), DEFAULT_CLIENT.certificatePem)).json).toEqual(failure(-80));
    expect((await last(h)).diagnostic!.summary).toBe(
      `the certificate is registered on 1 other tenant(s), not on tokenid ${t.tokenid} (1 fingerprint(s) registered there)`,
    );
    const unknown = await h.post(body('nobody'), DEFAULT_CLIENT.certificatePem);
    expect(unknown.json).toEqual(failure(-65));
    expect((await last(h)).diagnostic).toMatchObject({
      kind: 'token',
      summary: 'tokenid nobody is unknown (2 tenants)',
    });
    await h.control('PATCH', `/__sim/wosign/tenants/${t.tokenid}`, { disabled: true });
    expect((await h.post(body(t.tokenid), t.certificatePem)).json).toEqual(failure(-67));
    expect((await last(h)).diagnostic!.summary).toBe(`tokenid ${t.tokenid} is disabled`);
    h.sim.close();
  });
});
