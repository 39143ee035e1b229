/**
 * yunhetong-digest on the core pipeline (simulators/core/pipeline): the operation table is the
 * contract's, and the answers the pipeline's stages give on their own (faults, the body limit,
 * paths outside the context path) are the ones the vendor gave before it.
 */
import { describe, expect, it } from 'vitest';
import { yunhetongDigestOperations } from '../../contracts/yunhetong-digest/operations.ts';
import { YHT_API_PATHS } from '../../contracts/yunhetong-digest/paths.ts';
import { yunhetongDigestRoutes } from '../../contracts/yunhetong-digest/routes.ts';
import { yunhetongDigestBodySchema } from '../../contracts/yunhetong-digest/validation.ts';
import { BASE, PERSON, raw, yht } from './helpers.ts';

const APP = { appId: '2018051800000000', appKey: 'ABCdef123' };

async function platformToken(h: ReturnType<typeof yht>, ctx = ''): Promise<string> {
  const r = await raw(h, `${ctx}/auth/login`, { body: JSON.stringify(APP) });
  return r.headers.get('token')!;
}

describe('yunhetong-digest operations', () => {
  it('has one operation per documented API, validating the route’s own body schema', () => {
    const ops = Object.entries(yunhetongDigestOperations);
    expect(
      ops.map(([op]) => yunhetongDigestRoutes[op as keyof typeof yunhetongDigestRoutes].path).sort(),
    ).toEqual([...YHT_API_PATHS].sort());
    for (const [op, spec] of ops) {
      const path = yunhetongDigestRoutes[op as keyof typeof yunhetongDigestRoutes].path;
      expect(spec.input, op).toBe(yunhetongDigestBodySchema(path));
    }
  });
});

describe('yunhetong-digest answers outside the handlers', () => {
  it('answers fault rules in the envelope at HTTP 200 (or the rule’s status), also with authErrorsAsHttpStatus', async () => {
    const h = yht({ vendorOptions: { authErrorsAsHttpStatus: true } });
    const token = await platformToken(h);
    // the API itself: 401 as an HTTP status in this mode
    expect((await raw(h, '/user/person', { body: JSON.stringify(PERSON) })).status).toBe(401);
    const fault = async (rule: Record<string, unknown>) => {
      await h.control('DELETE', '/__sim/faults');
      await h.control('POST', '/__sim/faults', {
        vendor: 'yunhetong-digest',
        route: '/user/person',
        ...rule,
      });
      return raw(h, '/user/person', { token, body: JSON.stringify(PERSON) });
    };
    let r = await fault({ vendorError: 401 });
    expect([r.status, r.json, r.headers.get('token')]).toEqual([
      200,
      { code: 401, msg: '令牌已过期、令牌无效' },
      null,
    ]);
    r = await fault({ vendorError: 'TOKEN_INVALID:令牌已过期' });
    expect([r.status, r.json]).toEqual([200, { code: 401, msg: '令牌已过期' }]);
    r = await fault({ vendorError: 403, status: 403 });
    expect([r.status, r.json]).toEqual([403, { code: 403, msg: '无访问权限' }]);
    // a status alone: 500 系统异常 at that status
    r = await fault({ status: 503 });
    expect([r.status, r.json, r.headers.get('content-type')]).toEqual([
      503,
      { code: 500, msg: '系统异常' },
      'application/json;charset=UTF-8',
    ]);
    // an empty detail replaces the message with nothing, as a thrown error's would
    r = await fault({ vendorError: '20110:' });
    expect([r.status, r.json]).toEqual([200, { code: 20110, msg: '' }]);
    // text the catalogue does not know
    r = await fault({ vendorError: 'PRETEND:x', status: 502 });
    expect([r.status, r.json]).toEqual([502, { code: 500, msg: 'PRETEND:x' }]);
  });

  it('answers the container’s text 404 outside the context path, and the body limit there too', async () => {
    const h = yht({ vendorOptions: { contextPath: '/yht' } });
    const tooBig = 'x'.repeat(20 * 1024 * 1024 + 1); // the simulator's default maxBodyBytes is 20 MB
    const send = async (path: string, body?: string) => {
      const res = await h.fetch(new Request(`${BASE}${path}`, { method: 'POST', ...(body ? { body } : {}) }));
      return [res.status, res.headers.get('content-type'), await res.text()];
    };
    expect(await send('/auth/login', '{}')).toEqual([404, 'text/plain; charset=UTF-8', '404 Not Found']);
    expect(await send('/elsewhere', tooBig)).toEqual([
      200,
      'application/json;charset=UTF-8',
      JSON.stringify({ code: 201, msg: '请求体过大' }),
    ]);
    expect(await send('/yht/auth/login', tooBig)).toEqual([
      200,
      'application/json;charset=UTF-8',
      JSON.stringify({ code: 201, msg: '请求体过大' }),
    ]);
    // the context path itself: a GET redirects to the index page, a POST is the container's 404
    const index = await h.fetch(new Request(`${BASE}/yht`));
    expect([index.status, index.headers.get('location')]).toEqual([302, '/yht/index.html']);
    expect(await send('/yht/')).toEqual([404, 'text/plain; charset=UTF-8', '404 Not Found']);
  });

  it('carries a renewed token on failures after the token check, not on a 403 before the renewal', async () => {
    const h = yht();
    const c = h.client();
    await c.login();
    const { signerId } = await c.call('/user/person', PERSON);
    const userLogin = await raw(h, '/auth/login', {
      body: JSON.stringify({ ...APP, signerId: String(signerId) }),
    });
    const userToken = userLogin.headers.get('token')!;
    const token = await platformToken(h);
    h.sim.clock.advance(12 * 60_000);
    // malformed JSON after the token check: 201 with a fresh token
    let r = await raw(h, '/user/person', { token, body: '{' });
    expect(r.json).toEqual({ code: 201, msg: '请求参数 格式不正确' });
    expect(r.headers.get('token')).toMatch(/\S{20,}/);
    // a user's token on a platform-only API: 403, refused before any renewal
    r = await raw(h, '/user/person', { token: userToken, body: JSON.stringify(PERSON) });
    expect([r.json, r.headers.get('token')]).toEqual([{ code: 403, msg: '无访问权限' }, null]);
  });
});
