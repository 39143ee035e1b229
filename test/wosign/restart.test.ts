/**
 * wosign across a --state restart: tenants with their registered certificates and settings,
 * templates, companies, orders (an orderNumber stays taken), the consumed balance, and the PKI:
 * the same CAs, Client CA and server certificate (so a client pinning ca.pem keeps working).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServedSimulator } from '../../simulators/create.ts';
import { createBody, failure, pdfBase64, T0, ws } from './helpers.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const start = (stateFile: string, now?: number) =>
  ws(new ServedSimulator({ vendors: ['wosign'], stateFile, ...(now !== undefined ? { now } : {}) }));

describe('wosign: --state', () => {
  it('keeps tenants, certificates, settings, templates, companies, orders and the PKI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-wosign-state-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const h1 = start(file, T0);
    const t = await h1.newTenant({ balance: 3, notifyUrl: 'http://127.0.0.1:9/push' });
    const base = `/__sim/wosign/tenants/${t.tokenid}`;
    await h1.control('PATCH', base, { disabled: false, pushRetryDelaysMs: [5000] });
    await h1.control('POST', `${base}/templates`, {
      tempid: 'keep',
      contentBase64: await pdfBase64(),
      signers: [{ signlist: [{ pagenumber: 1, position: '0.1,0.1,0.3,0.2' }] }],
    });
    await h1.control('POST', `${base}/companies`, { orgName: '某某公司', orgNo: 'ABC123' });
    const body = await createBody(t.tokenid);
    expect((await h1.post(body, t.certificatePem)).json).toMatchObject({ status: 1 });
    const view1 = await h1.control('GET', base);
    const ca1 = await (
      await h1.sim.fetch(new Request(`${h1.sim.origin('control')}/__sim/wosign/ca.pem`))
    ).text();
    const server1 = h1.sim.vendor('wosign').tls!([])!.cert;
    // the server certificate is issued into the PKI: a request commits it
    expect((await h1.post({ tokenid: t.tokenid, actiontype: 'Nope' }, t.certificatePem)).json).toEqual(
      failure(-64),
    );
    h1.sim.close();

    const h2 = start(file);
    expect((await h2.control('GET', base)).json).toEqual(view1.json);
    expect((await h2.post({ tokenid: t.tokenid, actiontype: 'Nope' }, t.certificatePem)).json).toEqual(
      failure(-64),
    );
    // the orderNumber is still being signed
    expect((await h2.post({ ...body, signerlist: [] }, t.certificatePem)).json).toEqual(failure(-47));
    expect((await h2.control('GET', `${base}/templates`)).json.templates).toMatchObject([{ tempid: 'keep' }]);
    expect((await h2.control('GET', `${base}/companies`)).json).toEqual({
      companies: [{ orgName: '某某公司', orgNo: 'ABC123' }],
    });
    const ca2 = await (
      await h2.sim.fetch(new Request(`${h2.sim.origin('control')}/__sim/wosign/ca.pem`))
    ).text();
    expect(ca2).toBe(ca1);
    expect(h2.sim.vendor('wosign').tls!([])!.cert).toBe(server1);
    // a new tenant after the restart is issued by the same Client CA
    const t2 = await h2.newTenant();
    expect((await h2.post({ tokenid: t2.tokenid, actiontype: 'Nope' }, t2.certificatePem)).json).toEqual(
      failure(-64),
    );
    h2.sim.close();
  });

  it('a start with another host issues a server certificate covering it', () => {
    const h = ws();
    const tls = h.sim.vendor('wosign').tls!;
    const first = tls([])!.cert;
    expect(tls(['127.0.0.1'])!.cert).toBe(first);
    const other = tls(['sealsim.example'])!.cert;
    expect(other).not.toBe(first);
    h.sim.close();
  });
});
