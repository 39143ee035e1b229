/**
 * The wosign wire (decision: wosign.body-encoding, wosign.check-order, wosign.body-limit): the body
 * percent-encoded form-style or plain JSON, the check order of the common codes, the 16 MB limit,
 * and compact ASCII-only JSON at HTTP 200 for every answer.
 */
import { describe, expect, it } from 'vitest';
import { apiRequest, createBody, DEFAULT_CLIENT, failure, formEncoded, T0, ws } from './helpers.ts';

const tokenid = DEFAULT_CLIENT.tokenid;
const MB = 1024 * 1024;

describe('wosign: the request body', () => {
  it('reads the whole JSON percent-encoded form-style (+ a space, %2B%2F%3D base64) and as plain JSON', async () => {
    const h = ws();
    const body = await createBody(tokenid, { subject: 'a b+c/d=e 合同' });
    const form = formEncoded(body);
    expect(form).toContain('%2B');
    expect(form).toContain('+'); // the space
    const viaForm = await h.post(form);
    expect(viaForm.json).toMatchObject({ status: 1, errorcode: 0, ordernumber: body.orderNumber });
    const viaJson = await h.post(await createBody(tokenid), undefined, 'json');
    expect(viaJson.json).toMatchObject({ status: 1, errorcode: 0 });
    // base64 whose + / = arrive encoded decodes to the same bytes: the PDF was accepted above;
    // a + left raw in base64 would read as a space and the PDF would not be Base64
    const raw = form.replace(/%2B/g, '+');
    if (raw !== form) expect((await h.post(raw)).json).not.toMatchObject({ status: 1 });
    h.sim.close();
  });

  it('a BOM, surrounding whitespace and a form body with no charset are read', async () => {
    const h = ws();
    const json = `\uFEFF  ${JSON.stringify({ tokenid, actiontype: 'Nope' })}\n`;
    expect((await h.post(json, undefined, 'json')).json).toEqual(failure(-64));
    expect((await h.post(formEncoded({ tokenid, actiontype: 'Nope' }))).json).toEqual(failure(-64));
    h.sim.close();
  });

  it('bad JSON, an array, an empty body: -63', async () => {
    const h = ws();
    for (const body of ['{', '%7B', '[1,2]', '', 'null', '"x"', '{"tokenid":'])
      expect((await h.post(body)).json, JSON.stringify(body)).toEqual(failure(-63));
    h.sim.close();
  });

  it('the check order: certificate -80, body -63, tokenid -100/-65, actiontype -100/-64, fields -100/-79', async () => {
    // covers: CERT_INVALID JSON_INVALID INCOMPLETE PARAM_INVALID TOKEN_UNKNOWN ACTION_UNSUPPORTED
    const h = ws();
    expect((await h.post('{', null)).json).toEqual(failure(-80));
    expect((await h.post('{')).json).toEqual(failure(-63));
    expect((await h.post({ actiontype: 'Nope' })).json).toEqual(failure(-100));
    expect((await h.post({ tokenid: '', actiontype: 'Nope' })).json).toEqual(failure(-100));
    expect((await h.post({ tokenid: 7, actiontype: 'Nope' })).json).toEqual(failure(-79));
    expect((await h.post({ tokenid: 'no-such-token', actiontype: 'Nope' })).json).toEqual(failure(-65));
    expect((await h.post({ tokenid })).json).toEqual(failure(-100));
    expect((await h.post({ tokenid, actiontype: 'PushSignedDoc' })).json).toEqual(failure(-64));
    expect((await h.post({ tokenid, actiontype: 'createsignorder' })).json).toEqual(failure(-64));
    // schema: a value of a type no reading accepts -79
    expect((await h.post(await createBody(tokenid, { signerlist: 'x' }))).json).toEqual(failure(-79));
    expect((await h.post(await createBody(tokenid, { subject: { a: 1 } }))).json).toEqual(failure(-79));
    h.sim.close();
  });

  it('any other path or method: -80 without a certificate, -64 with one (HTTP 200)', async () => {
    const h = ws();
    const origin = h.sim.origin('wosign');
    const get = await h.sim.fetch(new Request(`${origin}/`));
    expect([get.status, await get.text()]).toEqual([200, '{"status":0,"errorcode":-80}']);
    const other = apiRequest(
      origin,
      { tokenid, actiontype: 'CreateSignOrder' },
      DEFAULT_CLIENT.certificatePem,
    );
    const res = await h.sim.fetch(new Request(`${origin}/api/other`, other));
    expect([res.status, await res.text()]).toEqual([200, '{"status":0,"errorcode":-64}']);
    h.sim.close();
  });

  it('a 10 MB body is read; past 16 MB -69 before it is read, HTTP 200', async () => {
    // covers: INTERNAL (the body limit)
    const h = ws(undefined, { now: T0 });
    const big = await createBody(tokenid, { padding: 'x'.repeat(10 * MB) });
    const ok = await h.post(big);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: 1, errorcode: 0 });
    const tooBig = apiRequest(h.sim.origin('wosign'), 'x'.repeat(16 * MB + 1), DEFAULT_CLIENT.certificatePem);
    const res = await h.sim.fetch(tooBig);
    expect([res.status, await res.text()]).toEqual([200, '{"status":0,"errorcode":-69}']);
    h.sim.close();
  }, 60_000);

  it('answers are compact ASCII-only JSON with a JSON content type', async () => {
    const h = ws();
    const made = await h.post(await createBody(tokenid, { orderNumber: `订单-${Date.now()}` }));
    expect(made.text).toMatch(
      /^\{"status":1,"errorcode":0,"signid":"[0-9a-f-]{36}","ordernumber":"\\u8ba2\\u5355-\d+"\}$/,
    );
    expect(made.contentType).toMatch(/^application\/json/);
    expect(made.text).toMatch(/^[\x20-\x7e]+$/);
    h.sim.close();
  });
});
