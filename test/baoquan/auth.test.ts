/** The envelope: multipart parts, RSA signatures, tonce window, keys, statuses and the error body. */
import { createSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import { createBaoquanClient } from '../../clients/baoquan/index.ts';
import {
  apiError,
  attest,
  call,
  control,
  DEFAULT_ACCESS_KEY,
  DEFAULT_PRIVATE_KEY,
  expectError,
  IDENTITIES,
  keyPair,
  setup,
  T0,
  uid,
  USER,
} from './helpers.ts';

const PAYLOAD = () => ({
  unique_id: uid(),
  template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
  identities: IDENTITIES,
  factoids: [{ unique_id: uid(), type: 'user', data: USER }],
});

function sign(privateKey: string, data: string): string {
  return createSign('RSA-SHA256').update(Buffer.from(data, 'utf8')).sign(privateKey, 'base64');
}

/** A hand-built form: every part as given (undefined = left out). */
function form(origin: string, path: string, parts: Record<string, string | undefined>): Request {
  const f = new FormData();
  for (const [k, v] of Object.entries(parts)) if (v !== undefined) f.append(k, v);
  return new Request(`${origin}${path}`, { method: 'POST', body: f });
}

describe('baoquan envelope and auth', () => {
  it('answers HTTP 200 {request_id, data}, echoing the request_id, under /api/v2 and /api/v1 alike', async () => {
    const ctx = setup();
    for (const version of ['v2', 'v1'] as const) {
      const c = ctx.clientFor(DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, { version });
      const prepared = c.prepare('attestations', PAYLOAD());
      expect(prepared.path).toBe(`/api/${version}/attestations`);
      const res = await ctx.sim.fetch(prepared.request);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      const body = (await res.json()) as { request_id: string; data: { no: string } };
      expect(Object.keys(body)).toEqual(['request_id', 'data']);
      expect(body.request_id).toBe(prepared.requestId);
      expect(body.data.no).toMatch(/^[0-9A-F]{32}$/);
    }
  });

  it('verifies the signature over the path actually requested: a v1 call signed for /api/v2 is refused with 500 数字签名校验失败', async () => {
    const ctx = setup();
    const v2 = ctx.client.prepare('attestations', PAYLOAD());
    // Same parts and signature, posted to /api/v1: the string to sign differs.
    const moved = new Request(v2.request.url.replace('/api/v2/', '/api/v1/'), {
      method: 'POST',
      body: await v2.request.formData(),
    });
    const res = await ctx.sim.fetch(moved);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      request_id: v2.requestId,
      message: '数字签名校验失败',
      timestamp: T0,
    });
  });

  it('signs the raw payload string: Java, python and PHP serialisations of one object all verify; a tampered payload does not', async () => {
    const ctx = setup();
    for (const serialise of ['java', 'python', 'php'] as const) {
      const c = ctx.clientFor(DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, { serialise });
      const p = c.prepare('attestations', {
        ...PAYLOAD(),
        factoids: [{ unique_id: uid(), type: 'user', data: { ...USER, name: '张三/李四' } }],
      });
      const res = await ctx.sim.fetch(p.request);
      expect({ serialise, status: res.status }).toEqual({ serialise, status: 200 });
    }
    const payload = JSON.stringify(PAYLOAD());
    const signedFor = ctx.client.prepare('attestations', JSON.parse(payload) as never, {
      overrides: { payload },
    });
    const tampered = ctx.client.prepare(
      'attestations',
      {},
      {
        overrides: {
          payload: payload.replace('tom', 'bob'),
          signature: signedFor.signature,
          requestId: signedFor.requestId,
          tonce: signedFor.tonce,
        },
      },
    );
    // covers: SIGNATURE_INVALID
    await expectError(ctx.client.send('attestations', tampered), 'SIGNATURE_INVALID');
    // A signature by another key is refused the same way.
    const other = keyPair();
    await expectError(
      call(ctx.clientFor(DEFAULT_ACCESS_KEY, other.privateKey), '/attestations', PAYLOAD()),
      'SIGNATURE_INVALID',
    );
  });

  it('checks the five parts in order: PART_MISSING, REQUEST_ID_TOO_LONG, PART_INVALID', async () => {
    const ctx = setup();
    const origin = ctx.origin;
    const tonce = String(T0 / 1000);
    const payload = JSON.stringify({ ano: 'X' });
    const good = { request_id: uid(), access_key: DEFAULT_ACCESS_KEY, tonce, payload, signature: 'c2ln' };
    for (const part of ['request_id', 'access_key', 'tonce', 'payload', 'signature'] as const) {
      for (const value of [undefined, '', '  ']) {
        const res = await ctx.sim.fetch(form(origin, '/api/v2/attestation', { ...good, [part]: value }));
        expect(res.status).toBe(400);
        const body = (await res.json()) as { message: string; timestamp: number; request_id: string };
        expect(body.message).toBe(`${part} can not be empty`); // PART_MISSING
        expect(body.timestamp).toBe(T0);
      }
    }
    // Malformed multipart is read as an empty form: PART_MISSING, never a crash.
    const broken = await ctx.sim.fetch(
      new Request(`${origin}/api/v2/attestation`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
        body: '--zzz\r\nbroken',
      }),
    );
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toBe('request_id can not be empty');

    const long = await ctx.sim.fetch(
      form(origin, '/api/v2/attestation', { ...good, request_id: 'r'.repeat(65) }),
    );
    expect(long.status).toBe(400);
    // REQUEST_ID_TOO_LONG
    expect(((await long.json()) as { message: string }).message).toBe('request_id长度不能超过64位');
    const badTonce = await ctx.sim.fetch(
      form(origin, '/api/v2/attestation', { ...good, tonce: '1704160800.5' }),
    );
    // PART_INVALID
    expect(((await badTonce.json()) as { message: string }).message).toBe('invalid parameter : tonce');

    // A 36-character UUID (the SDKs) and a 64-character request_id are accepted.
    await call(
      ctx.client,
      '/attestation',
      { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' },
      { overrides: { requestId: 'q'.repeat(64) } },
    );
  });

  it('refuses an unknown access_key with ACCESS_KEY_UNKNOWN', async () => {
    const ctx = setup();
    const e = await expectError(
      call(ctx.clientFor('nosuchkey0000000000000', DEFAULT_PRIVATE_KEY), '/attestations', PAYLOAD()),
      'ACCESS_KEY_UNKNOWN',
    );
    expect(e.message).toBe('access_key不存在');
  });

  it('accepts tonce within ±300 s of the virtual clock and refuses 301 s either side (TONCE_OUT_OF_RANGE)', async () => {
    const ctx = setup();
    await ctx.sim.clock.advance(10 * 60_000);
    const now = Math.floor(ctx.sim.clock.now() / 1000);
    for (const tonce of [now - 300, now + 300, now])
      await call(
        ctx.client,
        '/attestation',
        { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' },
        { overrides: { tonce } },
      );
    for (const tonce of [now - 301, now + 301, Math.floor(Date.UTC(2030, 0, 1) / 1000)]) {
      const e = await expectError(
        call(
          ctx.client,
          '/attestation',
          { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' },
          { overrides: { tonce } },
        ),
        'TONCE_OUT_OF_RANGE',
      );
      expect(e.message).toBe('tonce与服务器时间相差超过300秒，请求无效');
    }
    // The window follows the virtual clock, not the wall clock.
    await ctx.sim.clock.advance(301_000);
    await expectError(
      call(
        ctx.client,
        '/attestation',
        { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' },
        { overrides: { tonce: now } },
      ),
      'TONCE_OUT_OF_RANGE',
    );
  });

  it('PAYLOAD_NOT_JSON after the signature; CONTENT_TYPE_UNSUPPORTED for a JSON body; urlencoded calls (python) are served', async () => {
    const ctx = setup();
    await expectError(
      call(ctx.client, '/attestation', {}, { overrides: { payload: '{"ano": ' } }),
      'PAYLOAD_NOT_JSON',
    );
    const res = await ctx.sim.fetch(
      new Request(`${ctx.origin}/api/v2/attestation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"ano":"x"}',
      }),
    );
    expect(res.status).toBe(400);
    // CONTENT_TYPE_UNSUPPORTED
    expect(((await res.json()) as { message: string }).message).toBe('请求必须为multipart/form-data格式');
    const python = ctx.clientFor(DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, { serialise: 'python' });
    const p = python.prepare('attestation', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241', fields: [] });
    expect(p.request.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    const ok = await ctx.sim.fetch(p.request);
    expect(ok.status).toBe(200);
  });

  it('answers 404 API_NOT_FOUND for unknown paths and 405 METHOD_NOT_ALLOWED for other methods, in the error body', async () => {
    const ctx = setup();
    for (const path of ['/api/v2/nope', '/api/v1/attestations/nope', '/api/v2', '/api/v2/']) {
      const res = await ctx.sim.fetch(new Request(`${ctx.origin}${path}`, { method: 'POST' }));
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toBe('请求路径不存在'); // API_NOT_FOUND
    }
    const get = await ctx.sim.fetch(new Request(`${ctx.origin}/api/v2/attestations`));
    expect(get.status).toBe(405);
    const body = (await get.json()) as Record<string, unknown>;
    expect(body).toEqual({ request_id: '', message: '请求方法错误', timestamp: T0 }); // METHOD_NOT_ALLOWED
  });

  it('refuses a body over the limit with 413 REQUEST_TOO_LARGE before reading it', async () => {
    const sim = createSimulator({ vendors: ['baoquan'], now: T0, maxBodyBytes: 4096 });
    const c = createBaoquanClient({
      baseUrl: sim.origin('baoquan'),
      accessKey: DEFAULT_ACCESS_KEY,
      privateKey: DEFAULT_PRIVATE_KEY,
      fetch: (r) => sim.fetch(r),
      clock: () => sim.clock.now(),
    });
    const big = new Uint8Array(10_000);
    const prepared = c.prepare('attestations', PAYLOAD(), {
      attachments: { 0: [{ bytes: big, filename: 'big.bin' }] },
    });
    const body = await prepared.request.arrayBuffer();
    const res = await sim.fetch(
      new Request(prepared.request.url, {
        method: 'POST',
        headers: {
          'content-type': prepared.request.headers.get('content-type')!,
          'content-length': String(body.byteLength),
        },
        body,
      }),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toBe('请求数据过大'); // REQUEST_TOO_LARGE
    await expectError(
      call(c, '/attestations', PAYLOAD(), { attachments: { 0: [{ bytes: big, filename: 'big.bin' }] } }),
      'REQUEST_TOO_LARGE',
    );
  });

  it('renders fault rules in the vendor error body: RATE_LIMITED (429), INTERNAL_ERROR (500), a catalogue name', async () => {
    const ctx = setup();
    ctx.sim.faults.add({ vendor: 'baoquan', route: '/attestation', status: 429, times: 1 });
    await expectError(
      call(ctx.client, '/attestation', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' }),
      'RATE_LIMITED',
    );
    ctx.sim.faults.add({ vendor: 'baoquan', route: '/attestation', status: 500, times: 1 });
    await expectError(
      call(ctx.client, '/attestation', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' }),
      'INTERNAL_ERROR',
    );
    ctx.sim.faults.add({
      vendor: 'baoquan',
      route: '/attestations*',
      vendorError: 'TEMPLATE_NOT_FOUND',
      times: 1,
    });
    const v1 = ctx.clientFor(DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, { version: 'v1' });
    await expectError(call(v1, '/attestations', PAYLOAD()), 'TEMPLATE_NOT_FOUND');
    await call(ctx.client, '/attestation', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' }); // rules used up
  });

  it('registers SPKI and PKCS#1 public keys through the control API; a bad key is refused; tenants are isolated', async () => {
    const ctx = setup();
    for (const format of ['spki', 'pkcs1'] as const) {
      const { publicKey, privateKey } = keyPair(format);
      expect(publicKey).toContain(format === 'spki' ? 'BEGIN PUBLIC KEY' : 'BEGIN RSA PUBLIC KEY');
      const created = await control<{ credentials: { accessKey: string } }>(
        ctx,
        'POST',
        '/__sim/baoquan/tenants',
        { publicKey },
      );
      expect(created.status).toBe(201);
      const accessKey = created.body.credentials.accessKey;
      expect(accessKey).toMatch(/^[0-9A-Za-z]{22}$/);
      const c = ctx.clientFor(accessKey, privateKey);
      const { userId } = await call(c, '/users/kyc', {
        name: '用户一',
        phone: '15822222224',
        idCard: '42012319800127691X',
      });
      expect(userId).toMatch(/^[0-9A-Za-z]{22}$/);
      // The default tenant's key does not sign for this access key.
      await expectError(
        call(ctx.clientFor(accessKey, DEFAULT_PRIVATE_KEY), '/users/kyc', {
          name: '用户一',
          phone: '15822222224',
          idCard: '42012319800127691X',
        }),
        'SIGNATURE_INVALID',
      );
    }
    for (const publicKey of [
      undefined,
      'not a key',
      '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
    ]) {
      const bad = await control(
        ctx,
        'POST',
        '/__sim/baoquan/tenants',
        publicKey === undefined ? {} : { publicKey },
      );
      expect(bad.status).toBe(400);
    }
    // A new tenant starts with no templates of its own (the doc's
    // ids are the default tenant's) and sees no other tenant's data.
    const b = ctx.newTenant();
    const ano = await attest(ctx.client);
    await expectError(call(b.client, '/attestations', PAYLOAD()), 'TEMPLATE_NOT_FOUND');
    await expectError(call(b.client, '/attestation', { ano }), 'ATTESTATION_NOT_FOUND');
    await expectError(
      call(b.client, '/factoids', { ano, factoids: [{ type: 'user', data: USER }] }),
      'ATTESTATION_NOT_FOUND',
    );
    await expectError(b.client.download(ano), 'ATTESTATION_NOT_FOUND');
  });

  it('PATCH rotates a tenant key: the old key stops verifying', async () => {
    const ctx = setup();
    const t = ctx.newTenant();
    const next = keyPair();
    const patched = await control(ctx, 'PATCH', `/__sim/baoquan/tenants/${t.accessKey}`, {
      publicKey: next.publicKey,
      organizationName: '新组织',
    });
    expect(patched.status).toBe(200);
    const e = await apiError(
      call(t.client, '/users/kyc', { name: '用户一', phone: '15822222224', idCard: '42012319800127691X' }),
    );
    expect(e.status).toBe(500);
    await call(ctx.clientFor(t.accessKey, next.privateKey), '/users/kyc', {
      name: '用户一',
      phone: '15822222224',
      idCard: '42012319800127691X',
    });
    const view = await control<{ organizationName: string; publicKeyBits: number }>(
      ctx,
      'GET',
      `/__sim/baoquan/tenants/${t.accessKey}`,
    );
    expect(view.body).toMatchObject({ organizationName: '新组织', publicKeyBits: 2048 });
    expect(
      (await control(ctx, 'PATCH', `/__sim/baoquan/tenants/${t.accessKey}`, { anchorDelayMs: -1 })).status,
    ).toBe(400);
  });

  it('hand-signed calls work exactly as docs/vendor-notes.md states the string to sign', async () => {
    const ctx = setup();
    const requestId = uid();
    const tonce = String(Math.floor(T0 / 1000));
    const payload = '{"ano":"DB0C8DB14E3C44C7B9FBBE30EB179241","fields":null}';
    const signature = sign(
      DEFAULT_PRIVATE_KEY,
      `POST/api/v1/attestation${requestId}${DEFAULT_ACCESS_KEY}${tonce}${payload}`,
    );
    const res = await ctx.sim.fetch(
      form(ctx.origin, '/api/v1/attestation', {
        request_id: requestId,
        access_key: DEFAULT_ACCESS_KEY,
        tonce,
        payload,
        signature,
      }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { no: string } }).data.no).toBe('DB0C8DB14E3C44C7B9FBBE30EB179241');
  });
});
