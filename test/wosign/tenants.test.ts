/**
 * wosign tenants through the control API: created with a client certificate (PEM, key, PKCS#12),
 * settings (disabled -67, balance -68, notifyUrl, pushRetryDelaysMs), certificates registered by
 * PEM, public key or fingerprint, the console's templates and company registry, and the default
 * tenant. decision: wosign.default-tenant, wosign.default-balance
 */
import { fileURLToPath } from 'node:url';
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WOSIGN_TIMINGS } from '../../contracts/wosign/control.ts';
import { certificateFacts, pemDecodeAll } from '../../simulators/core/pki/index.ts';
import { openPfx } from '../../simulators/wosign/tls.ts';
import { createBody, DEFAULT_CLIENT, failure, pdfBase64, ws } from './helpers.ts';

const nope = (tokenid: string) => ({ tokenid, actiontype: 'Nope' });

describe('wosign tenants', () => {
  it('a created tenant gets a code-signing client certificate, its key and a PKCS#12 under one password', async () => {
    const h = ws();
    const t = await h.newTenant();
    expect(t.tokenid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [der] = pemDecodeAll(t.certificatePem);
    const facts = certificateFacts(der!);
    expect(facts.subject).toBe(`C=CN, O=sealsim, CN=sealsim wosign client ${t.tokenid}`);
    const opened = openPfx(new Uint8Array(Buffer.from(t.pfxBase64, 'base64')), t.pfxPassword);
    expect(opened.certificatePems[0]!.replace(/\r/g, '')).toBe(t.certificatePem);
    expect(createPublicKey(opened.privateKeyPem).export({ format: 'jwk' })).toEqual(
      createPublicKey(t.privateKeyPem).export({ format: 'jwk' }),
    );
    expect((await h.post(nope(t.tokenid), t.certificatePem)).json).toEqual(failure(-64));
    const view = await h.control('GET', `/__sim/wosign/tenants/${t.tokenid}`);
    expect(view.json).toMatchObject({
      tokenid: t.tokenid,
      settings: {
        disabled: false,
        balance: 1000,
        notifyUrl: '',
        pushRetryDelaysMs: [...WOSIGN_TIMINGS.pushRetryDelaysMs],
      },
      certificates: [{ fingerprint: facts.sha256, kind: 'certificate' }],
    });
    h.sim.close();
  });

  it('the default tenant has the committed certificate; its credentials name the .pfx and password', async () => {
    const h = ws();
    expect(h.sim.vendor('wosign').defaultCredentials()).toEqual({
      tokenid: DEFAULT_CLIENT.tokenid,
      // an absolute path, so an installed package names its own copy
      pfx: fileURLToPath(new URL('../../simulators/wosign/keys/default-client.pfx', import.meta.url)),
      pfxPassword: 'sealsim-wosign',
    });
    expect((await h.post(nope(DEFAULT_CLIENT.tokenid))).json).toEqual(failure(-64));
    h.sim.close();
  });

  it('disabled: -67 after the certificate and tokenid checks; enabled again it answers', async () => {
    // covers: TOKEN_DISABLED
    const h = ws();
    const t = await h.newTenant();
    expect((await h.control('PATCH', `/__sim/wosign/tenants/${t.tokenid}`, { disabled: true })).status).toBe(
      200,
    );
    expect((await h.post(nope(t.tokenid), t.certificatePem)).json).toEqual(failure(-67));
    expect((await h.post(nope(t.tokenid), null)).json).toEqual(failure(-80));
    expect((await h.post(nope(t.tokenid), DEFAULT_CLIENT.certificatePem)).json).toEqual(failure(-80));
    await h.control('PATCH', `/__sim/wosign/tenants/${t.tokenid}`, { disabled: false });
    expect((await h.post(nope(t.tokenid), t.certificatePem)).json).toEqual(failure(-64));
    h.sim.close();
  });

  it('balance: each CreateSignOrder uses one order; at 0 it answers -68 and makes nothing', async () => {
    // covers: BALANCE_LOW
    const h = ws();
    const t = await h.newTenant({ balance: 1 });
    expect((await h.post(await createBody(t.tokenid), t.certificatePem)).json).toMatchObject({ status: 1 });
    const view = await h.control('GET', `/__sim/wosign/tenants/${t.tokenid}`);
    expect(view.json).toMatchObject({ settings: { balance: 0 }, counts: { orders: 1 } });
    expect((await h.post(await createBody(t.tokenid), t.certificatePem)).json).toEqual(failure(-68));
    expect((await h.control('GET', `/__sim/wosign/tenants/${t.tokenid}`)).json).toMatchObject({
      counts: { orders: 1 },
    });
    await h.control('PATCH', `/__sim/wosign/tenants/${t.tokenid}`, { balance: 5 });
    expect((await h.post(await createBody(t.tokenid), t.certificatePem)).json).toMatchObject({ status: 1 });
    h.sim.close();
  });

  it('settings are checked: notifyUrl http(s), balance ≥ 0, the tokenid fixed', async () => {
    const h = ws();
    expect((await h.control('POST', '/__sim/wosign/tenants', { notifyUrl: 'ftp://x' })).status).toBe(400);
    expect((await h.control('POST', '/__sim/wosign/tenants', { balance: -1 })).status).toBe(400);
    expect((await h.control('POST', '/__sim/wosign/tenants', { certificates: ['not a cert'] })).status).toBe(
      400,
    );
    const t = await h.newTenant({ notifyUrl: 'http://127.0.0.1:9/cb', pushRetryDelaysMs: [1000] });
    expect(
      (await h.control('PATCH', `/__sim/wosign/tenants/${t.tokenid}`, { tokenid: 'other-token' })).status,
    ).toBe(400);
    expect((await h.control('PATCH', '/__sim/wosign/tenants/no-such', { disabled: true })).status).toBe(404);
    const view = await h.control('GET', `/__sim/wosign/tenants/${t.tokenid}`);
    expect(view.json.settings).toMatchObject({
      notifyUrl: 'http://127.0.0.1:9/cb',
      pushRetryDelaysMs: [1000],
    });
    h.sim.close();
  });

  it('certificates: registered by PEM, public key or fingerprint (settings or console), removed again', async () => {
    const h = ws();
    const a = await h.newTenant();
    const b = await h.newTenant({ issueCertificate: false });
    expect(b.certificatePem).toBeUndefined();
    expect((await h.post(nope(b.tokenid), a.certificatePem)).json).toEqual(failure(-80));
    const [der] = pemDecodeAll(a.certificatePem);
    const facts = certificateFacts(der!);
    // a bare fingerprint (colons allowed) in the settings
    const colons = facts.sha256.toUpperCase().replace(/(..)(?!$)/g, '$1:');
    expect(
      (await h.control('PATCH', `/__sim/wosign/tenants/${b.tokenid}`, { certificates: [colons] })).status,
    ).toBe(200);
    expect((await h.post(nope(b.tokenid), a.certificatePem)).json).toEqual(failure(-64));
    expect(
      (await h.control('DELETE', `/__sim/wosign/tenants/${b.tokenid}/certificates/${facts.sha256}`)).status,
    ).toBe(200);
    expect((await h.post(nope(b.tokenid), a.certificatePem)).json).toEqual(failure(-80));
    // the SPKI fingerprint
    await h.control('POST', `/__sim/wosign/tenants/${b.tokenid}/certificates`, {
      fingerprint: facts.spkiSha256,
    });
    expect((await h.post(nope(b.tokenid), a.certificatePem)).json).toEqual(failure(-64));
    await h.control('DELETE', `/__sim/wosign/tenants/${b.tokenid}/certificates/${facts.spkiSha256}`);
    // the PEM through the console
    const added = await h.control('POST', `/__sim/wosign/tenants/${b.tokenid}/certificates`, {
      certificatePem: a.certificatePem,
    });
    expect(added).toMatchObject({ status: 201, json: { fingerprint: facts.sha256, kind: 'certificate' } });
    expect((await h.post(nope(b.tokenid), a.certificatePem)).json).toEqual(failure(-64));
    expect(
      (
        await h.control('POST', `/__sim/wosign/tenants/${b.tokenid}/certificates`, {
          publicKeyPem: a.certificatePem,
        })
      ).status,
    ).toBe(400);
    expect((await h.control('POST', `/__sim/wosign/tenants/${b.tokenid}/certificates`, {})).status).toBe(400);
    expect((await h.control('DELETE', `/__sim/wosign/tenants/${b.tokenid}/certificates/00`)).status).toBe(
      404,
    );
    h.sim.close();
  });

  it('the console keeps templates and a company registry per tenant', async () => {
    const h = ws();
    const t = await h.newTenant();
    const base = `/__sim/wosign/tenants/${t.tokenid}`;
    const tpl = await h.control('POST', `${base}/templates`, {
      subject: '租赁合同',
      contentBase64: await pdfBase64(),
      signers: [{ signlist: [{ pagenumber: 1, position: '0.1,0.1,0.3,0.2' }] }],
    });
    expect(tpl).toMatchObject({ status: 201, json: { tempid: 'T1001', subject: '租赁合同' } });
    const named = await h.control('POST', `${base}/templates`, {
      tempid: 'lease',
      contentBase64: await pdfBase64(),
      signers: [{ signlist: [{ pagenumber: 2, position: '0.1, 0.1, 0.3, 0.2' }] }],
    });
    expect(named.status).toBe(201);
    expect(
      (
        await h.control('POST', `${base}/templates`, {
          ...named.json,
          tempid: 'lease',
          contentBase64: await pdfBase64(),
        })
      ).status,
    ).toBe(409);
    const badPos = {
      contentBase64: await pdfBase64(),
      signers: [{ signlist: [{ pagenumber: 1, position: '0.5,0.5,0.1,0.1' }] }],
    };
    expect((await h.control('POST', `${base}/templates`, badPos)).status).toBe(400);
    const notPdf = {
      contentBase64: 'aGVsbG8=',
      signers: [{ signlist: [{ pagenumber: 1, position: '0.1,0.1,0.2,0.2' }] }],
    };
    expect((await h.control('POST', `${base}/templates`, notPdf)).status).toBe(400);
    expect(((await h.control('GET', `${base}/templates`)).json.templates as unknown[]).length).toBe(2);
    expect((await h.control('DELETE', `${base}/templates/lease`)).status).toBe(200);
    expect((await h.control('DELETE', `${base}/templates/lease`)).status).toBe(404);
    // another tenant sees none of it
    const other = await h.newTenant();
    expect((await h.control('GET', `/__sim/wosign/tenants/${other.tokenid}/templates`)).json).toEqual({
      templates: [],
    });

    const co = await h.control('POST', `${base}/companies`, {
      orgName: '沃通电子认证服务有限公司',
      orgNo: '91440300708461136t',
    });
    expect(co).toMatchObject({ status: 201, json: { orgNo: '91440300708461136T' } });
    expect((await h.control('GET', `${base}/companies`)).json).toEqual({
      companies: [{ orgName: '沃通电子认证服务有限公司', orgNo: '91440300708461136T' }],
    });
    expect((await h.control('GET', `/__sim/wosign/tenants/${other.tokenid}/companies`)).json).toEqual({
      companies: [],
    });
    expect((await h.control('GET', '/__sim/wosign/tenants/nobody/companies')).status).toBe(404);
    h.sim.close();
  });

  it('ca.pem serves the chain that signs the server certificate', async () => {
    const h = ws();
    const res = await h.sim.fetch(new Request(`${h.sim.origin('control')}/__sim/wosign/ca.pem`));
    const chain = pemDecodeAll(await res.text()).map((d) => certificateFacts(d).subject);
    expect(chain).toEqual([
      'C=CN, O=sealsim, CN=sealsim wosign TEST Signing CA - not trusted',
      'C=CN, O=sealsim, CN=sealsim wosign TEST Root CA - not trusted',
    ]);
    const tls = h.sim.vendor('wosign').tls!(['sealsim.test']);
    const [leaf, issuer] = pemDecodeAll(tls!.cert).map((d) => certificateFacts(d).subject);
    expect(leaf).toBe('C=CN, O=sealsim, CN=localhost');
    expect(issuer).toBe(chain[0]);
    h.sim.close();
  });
});
