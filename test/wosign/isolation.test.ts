/**
 * wosign tenant isolation: a tenant's certificate serves its own tokenid only; orderNumbers,
 * templates and companies are per tenant; a disabled or drained tenant leaves the others alone.
 */
import { describe, expect, it } from 'vitest';
import { createBody, DEFAULT_CLIENT, failure, pdfBase64, ws } from './helpers.ts';

describe('wosign: tenant isolation', () => {
  it("one tenant's certificate is -80 for another's tokenid, whichever way round", async () => {
    const h = ws();
    const a = await h.newTenant();
    const b = await h.newTenant();
    const nope = (tokenid: string) => ({ tokenid, actiontype: 'Nope' });
    expect((await h.post(nope(a.tokenid), b.certificatePem)).json).toEqual(failure(-80));
    expect((await h.post(nope(b.tokenid), a.certificatePem)).json).toEqual(failure(-80));
    expect((await h.post(nope(DEFAULT_CLIENT.tokenid), a.certificatePem)).json).toEqual(failure(-80));
    expect((await h.post(nope(a.tokenid))).json).toEqual(failure(-80));
    h.sim.close();
  });

  it('the same orderNumber in two tenants makes two orders; -47 only in its own', async () => {
    const h = ws();
    const a = await h.newTenant();
    const b = await h.newTenant();
    const body = await createBody(a.tokenid);
    const ra = await h.post(body, a.certificatePem);
    const rb = await h.post({ ...body, tokenid: b.tokenid }, b.certificatePem);
    expect(ra.json).toMatchObject({ status: 1 });
    expect(rb.json).toMatchObject({ status: 1 });
    expect(ra.json.signid).not.toBe(rb.json.signid);
    expect((await h.post(body, a.certificatePem)).json).toEqual(failure(-47));
    h.sim.close();
  });

  it("a tenant's template is -43 for another; a disabled or drained tenant leaves others working", async () => {
    const h = ws();
    const a = await h.newTenant({ balance: 1 });
    const b = await h.newTenant();
    await h.control('POST', `/__sim/wosign/tenants/${a.tokenid}/templates`, {
      tempid: 'mine',
      contentBase64: await pdfBase64(),
      signers: [{ signlist: [{ pagenumber: 1, position: '0.1,0.1,0.3,0.2' }] }],
    });
    const viaTemplate = (tokenid: string) =>
      createBody(tokenid, { tempid: 'mine', filebase: undefined, fileformat: undefined });
    expect((await h.post(await viaTemplate(b.tokenid), b.certificatePem)).json).toEqual(failure(-43));
    expect((await h.post(await viaTemplate(a.tokenid), a.certificatePem)).json).toMatchObject({ status: 1 });
    expect((await h.post(await createBody(a.tokenid), a.certificatePem)).json).toEqual(failure(-68));
    expect((await h.post(await createBody(b.tokenid), b.certificatePem)).json).toMatchObject({ status: 1 });
    await h.control('PATCH', `/__sim/wosign/tenants/${b.tokenid}`, { disabled: true });
    expect((await h.post(await createBody(b.tokenid), b.certificatePem)).json).toEqual(failure(-67));
    expect((await h.post(await createBody(DEFAULT_CLIENT.tokenid))).json).toMatchObject({ status: 1 });
    h.sim.close();
  });
});
