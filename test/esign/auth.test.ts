/**
 * Request authentication (doc §4.3.1, docs/vendor-notes.md "Signature") and response signing (§4.3.2),
 * Content-Type and JSON checks (§4.2), unknown APIs, body limit and fault injection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { esignErrors } from '../../contracts/esign/index.ts';
import { hmacHex, sortedParamString } from '../../simulators/esign/auth.ts';
import { createSimulator } from '../../index.ts';
import { setup, type Ctx } from './helpers.ts';

const PERSON = JSON.stringify({
  name: '张三',
  idNo: '371500198101175693',
  idType: 19,
  mobile: '13516134875',
});
const PATH = '/account/create/person/private';

async function raw(
  ctx: Ctx,
  opts: {
    body?: string;
    headers?: Record<string, string>;
    path?: string;
    method?: string;
    query?: string;
    sign?: boolean;
  },
) {
  const body = opts.body ?? PERSON;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.sign !== false) {
    headers['X-timevale-project-id'] = ctx.projectId;
    headers['X-timevale-signature'] = hmacHex(ctx.secret, body);
  }
  Object.assign(headers, opts.headers ?? {});
  for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
  const method = opts.method ?? 'POST';
  const res = await ctx.sim.fetch(
    new Request(`${ctx.base}${opts.path ?? PATH}${opts.query ?? ''}`, {
      method,
      headers,
      ...(method === 'GET' ? {} : { body }),
    }),
  );
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: JSON.parse(text) as { errCode: number; msg?: string; data?: Record<string, unknown> },
    headers: res.headers,
  };
}

const code = (name: keyof typeof esignErrors) => esignErrors[name].errCode;

describe('esign auth', () => {
  let ctx: Ctx;
  afterEach(() => ctx.sim.close());

  it('accepts a correctly signed request and signs the response over its exact bytes', async () => {
    ctx = setup();
    const r = await raw(ctx, {});
    expect(r.status).toBe(200);
    expect(r.json.errCode).toBe(0);
    expect(r.json.data?.accountId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.headers.get('X-timevale-signature')).toBe(hmacHex(ctx.secret, r.text));
    expect(r.headers.get('X-timevale-project-id')).toBe(ctx.projectId);
    expect(r.headers.get('X-timevale-mode')).toBe('package');
    expect(r.headers.get('X-timevale-signature-algorithm')).toBe('hmac-sha256');
  });

  it('works with the doc’s default project and secret', async () => {
    ctx = setup({ tenant: 'default' });
    expect(ctx.projectId).toBe('1111563657');
    expect(ctx.secret).toBe('cf65f987315b12a21b983ca320196d7d');
    const r = await raw(ctx, {});
    expect(r.json.errCode).toBe(0);
  });

  it('refuses a bad signature, a tampered body, a missing signature, a missing or unknown project — all signed envelopes', async () => {
    ctx = setup();
    const bad = await raw(ctx, { headers: { 'X-timevale-signature': 'deadbeef'.repeat(8) } });
    expect(bad.status).toBe(200);
    expect(bad.json).toEqual({ errCode: code('SIGNATURE_MISMATCH'), msg: expect.any(String) });
    expect(bad.headers.get('X-timevale-signature')).toBe(hmacHex(ctx.secret, bad.text));

    const tampered = PERSON.replace('张三', '李四');
    const t = await raw(ctx, {
      body: tampered,
      headers: { 'X-timevale-signature': hmacHex(ctx.secret, PERSON) },
    });
    expect(t.json.errCode).toBe(code('SIGNATURE_MISMATCH'));

    const wrongKey = await raw(ctx, {
      headers: { 'X-timevale-signature': hmacHex('cf65f987315b12a21b983ca320196d7d', PERSON) },
    });
    expect(wrongKey.json.errCode).toBe(code('SIGNATURE_MISMATCH'));

    expect((await raw(ctx, { headers: { 'X-timevale-signature': '' } })).json.errCode).toBe(
      code('SIGNATURE_MISSING'),
    );
    expect((await raw(ctx, { headers: { 'X-timevale-project-id': '' } })).json.errCode).toBe(
      code('PROJECT_ID_MISSING'),
    );
    const unknown = await raw(ctx, { headers: { 'X-timevale-project-id': '9999999999' } });
    expect(unknown.json.errCode).toBe(code('PROJECT_NOT_FOUND'));
    expect(unknown.headers.get('X-timevale-signature')).toBeNull(); // no secret to sign with
    // nothing was created by any failed call
    const view = await ctx.sim.fetch(
      new Request(`${ctx.sim.origin('control')}/__sim/esign/tenants/${ctx.projectId}`),
    );
    expect(((await view.json()) as { counts: { accounts: number } }).counts.accounts).toBe(0);
  });

  it('reads the algorithm header case-insensitively (advisory) and accepts uppercase hex', async () => {
    ctx = setup();
    for (const alg of ['hmac-sha256', 'HMAC-SHA256', 'HmacSHA256']) {
      const body = JSON.stringify({ ...JSON.parse(PERSON), thirdId: alg });
      const r = await raw(ctx, { body, headers: { 'X-timevale-signature-algorithm': alg } });
      expect(r.json.errCode, alg).toBe(0);
    }
    const body = PERSON.replace('张三', '王五');
    const upper = await raw(ctx, {
      body,
      headers: { 'X-timevale-signature': hmacHex(ctx.secret, body).toUpperCase() },
    });
    expect(upper.json.errCode).toBe(0);
  });

  it('takes the four values as URL parameters (§4.3.1.5)', async () => {
    ctx = setup();
    const signature = hmacHex(ctx.secret, PERSON);
    const q =
      `?projectId=${ctx.projectId}&signature=${signature}` + '&mode=package&signatureAlgorithm=hmac-sha256';
    const r = await raw(ctx, { sign: false, query: q });
    expect(r.json.errCode).toBe(0);
    expect(r.headers.get('X-timevale-signature')).toBe(hmacHex(ctx.secret, r.text));
    const bad = await raw(ctx, {
      sign: false,
      query: `?projectId=${ctx.projectId}&signature=${'0'.repeat(64)}`,
    });
    expect(bad.json.errCode).toBe(code('SIGNATURE_MISMATCH'));
  });

  it('supports sort-parameters mode: key=value& of the sorted top-level fields, for request and response', async () => {
    ctx = setup();
    const obj = { name: '赵六', idNo: '110108196710262291', idType: 19 };
    const body = JSON.stringify(obj);
    const content = 'idNo=110108196710262291&idType=19&name=赵六';
    expect(sortedParamString(Object.entries(obj))).toBe(content);
    const r = await raw(ctx, {
      body,
      headers: { 'X-timevale-mode': 'sort-parameters', 'X-timevale-signature': hmacHex(ctx.secret, content) },
    });
    expect(r.json.errCode).toBe(0);
    expect(r.headers.get('X-timevale-mode')).toBe('sort-parameters');
    expect(r.headers.get('X-timevale-signature')).toBe(
      hmacHex(ctx.secret, sortedParamString(Object.entries(r.json))),
    );
    // the package signature of the body is not valid in sort-parameters mode
    const wrong = await raw(ctx, { body, headers: { 'X-timevale-mode': 'sort-parameters' } });
    expect(wrong.json.errCode).toBe(code('SIGNATURE_MISMATCH'));
    expect((await raw(ctx, { headers: { 'X-timevale-mode': 'rsa-magic' } })).json.errCode).toBe(
      code('SIGN_MODE_UNSUPPORTED'),
    );
  });

  it('a body-less request may sign the empty string or the query string', async () => {
    ctx = setup();
    const send = (sig: string, query = '') =>
      ctx.sim
        .fetch(
          new Request(`${ctx.base}${PATH}${query}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'X-timevale-project-id': ctx.projectId,
              'X-timevale-signature': sig,
            },
          }),
        )
        .then((r) => r.json() as Promise<{ errCode: number }>);
    // Authentication passes, then the (required) JSON body is missing.
    expect((await send(hmacHex(ctx.secret, ''))).errCode).toBe(code('JSON_INVALID'));
    expect((await send(hmacHex(ctx.secret, 'a=1&b=2'), '?a=1&b=2')).errCode).toBe(code('JSON_INVALID'));
    expect((await send(hmacHex(ctx.secret, 'nope'), '?a=1')).errCode).toBe(code('SIGNATURE_MISMATCH'));
  });

  it('answers Content-Type, JSON, method and path problems with catalogue errors', async () => {
    ctx = setup();
    expect((await raw(ctx, { headers: { 'content-type': 'text/plain' } })).json.errCode).toBe(
      code('CONTENT_TYPE_UNSUPPORTED'),
    );
    expect(
      (await raw(ctx, { headers: { 'content-type': 'application/json; charset=utf-8' } })).json.errCode,
    ).toBe(0);
    expect((await raw(ctx, { body: '{"name":' })).json.errCode).toBe(code('JSON_INVALID'));
    expect((await raw(ctx, { path: '/no/such/api' })).json.errCode).toBe(code('API_NOT_FOUND'));
    const get = await raw(ctx, { method: 'GET', body: '' });
    expect(get.json.errCode).toBe(code('METHOD_NOT_ALLOWED'));
    expect(get.headers.get('X-timevale-signature')).toBe(hmacHex(ctx.secret, get.text));
    const outside = await ctx.sim.fetch(new Request(`${ctx.sim.origin('esign')}/nothing-here`));
    expect(outside.status).toBe(404);
  });

  it('maps schema failures to the catalogue (missing, invalid, field codes)', async () => {
    ctx = setup();
    const missing = await raw(ctx, { body: JSON.stringify({ idNo: '371500198101175693', idType: 19 }) });
    expect(missing.json).toEqual({ errCode: code('PARAM_MISSING'), msg: expect.stringContaining('name') });
    const idType = await raw(ctx, {
      body: JSON.stringify({ name: 'x', idNo: '371500198101175693', idType: 99 }),
    });
    expect(idType.json.errCode).toBe(code('ID_TYPE_INVALID'));
  });

  it('refuses a body over the limit before reading it, in the envelope', async () => {
    const sim = createSimulator({ vendors: ['esign'], maxBodyBytes: 1024 });
    ctx = { ...setup(), sim } as Ctx;
    const { projectId, projectSecret } = sim.vendor('esign').defaultCredentials();
    const body = JSON.stringify({ name: 'x'.repeat(2000), idNo: '371500198101175693', idType: 19 });
    const res = await sim.fetch(
      new Request(`${sim.origin('esign')}/opentreaty/rest/v3.0${PATH}`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'X-timevale-project-id': projectId!,
          'X-timevale-signature': hmacHex(projectSecret!, body),
        },
      }),
    );
    const text = await res.text();
    expect(JSON.parse(text).errCode).toBe(code('REQUEST_TOO_LARGE'));
    expect(res.headers.get('X-timevale-signature')).toBe(hmacHex(projectSecret!, text));
  });

  it('renders fault rules in the esign envelope, signed', async () => {
    ctx = setup();
    ctx.sim.faults.add({ vendor: 'esign', route: PATH, vendorError: 'RATE_LIMITED', times: 1 });
    const r = await raw(ctx, {});
    expect(r.json).toEqual({ errCode: code('RATE_LIMITED'), msg: esignErrors.RATE_LIMITED.msg });
    expect(r.headers.get('X-timevale-signature')).toBe(hmacHex(ctx.secret, r.text));
    expect((await raw(ctx, {})).json.errCode).toBe(0);
    ctx.sim.faults.add({ vendor: 'esign', route: PATH, status: 503, times: 1 });
    const s = await raw(ctx, {});
    expect(s.status).toBe(503);
    expect(s.json.errCode).toBe(code('INTERNAL_ERROR'));
  });
});
