/**
 * The core request pipeline (simulators/core/pipeline) on a recording vendor: the stages run in
 * their fixed order, each failure stops the run where it happens and is rendered (and sealed) in
 * the vendor's envelope, thrown non-vendor errors never leak, faults come from the catalogue, and
 * host routes get faults but neither the body limit nor the seal.
 */
import { z } from '@hono/zod-openapi';
import { describe, expect, it, vi } from 'vitest';
import { defineCatalogue } from '../../contracts/shared/errors.ts';
import { defineOperations } from '../../contracts/shared/operations.ts';
import { FaultRules } from '../../simulators/core/faults.ts';
import { createVendorApp } from '../../simulators/core/pipeline/index.ts';

const catalogue = defineCatalogue({
  TOO_LARGE: { errCode: 1, msg: '太大', httpStatus: 413, section: 't', evidence: 'guess' },
  NOT_FOUND: { errCode: 2, msg: '没有', httpStatus: 404, section: 't', evidence: 'guess' },
  DENIED: { errCode: 3, msg: '拒绝', httpStatus: 200, section: 't', evidence: 'guess' },
  INVALID: { errCode: 4, msg: '参数错误', httpStatus: 200, section: 't', evidence: 'guess' },
  BUSY: { errCode: 5, msg: '繁忙', httpStatus: 200, section: 't', evidence: 'guess' },
  INTERNAL: { errCode: 6, msg: '系统异常', httpStatus: 200, section: 't', evidence: 'guess' },
});

const operations = defineOperations({
  echo: { input: z.object({ n: z.number() }), output: z.object({ twice: z.number() }) },
  boom: { input: z.object({}), output: z.object({}) },
});

function recordingVendor(opts: { maxBytes?: number } = {}) {
  const trace: string[] = [];
  const faults = new FaultRules(() => 0);
  const app = createVendorApp({
    vendor: 'rec',
    catalogue,
    operations,
    faults,
    basePaths: ['/api'],
    locals: () => ({ requestId: 'r-1' }),
    stages: {
      limit: {
        maxBytes: () => opts.maxBytes ?? 1024,
        tooLarge: () => (trace.push('limit'), catalogue.error('TOO_LARGE')),
      },
      fault: {
        byStatus: () => 'BUSY',
        unlisted: (_call, text, status) => Response.json({ code: -1, msg: text }, { status: status ?? 200 }),
        detail: (text) => text,
      },
      route(call) {
        trace.push('route');
        if (call.path === '/echo') return 'echo';
        if (call.path === '/boom') return 'boom';
        if (call.path === '/page') return new Response('page', { status: 200 });
        return undefined;
      },
      authenticate(call, op) {
        trace.push(`authenticate:${String(op)}`);
        if (call.header('x-key') !== 'k') catalogue.fail('DENIED');
        return { tenant: 't1' };
      },
      async parse(call) {
        trace.push('parse');
        try {
          return JSON.parse(await call.text());
        } catch {
          return catalogue.fail('INVALID', 'not JSON');
        }
      },
      invalid: () => (trace.push('invalid'), catalogue.error('INVALID', 'schema')),
      check: (_call, op) => void trace.push(`check:${String(op)}`),
      async handle(_call, op, _caller, run) {
        trace.push(`handle:${String(op)}`);
        return run();
      },
    },
    handlers: {
      echo: (input, { caller, call }) => {
        trace.push(`handler:${caller.tenant}:${call.locals.requestId}`);
        return { twice: input.n * 2 };
      },
      boom: () => {
        throw new Error('secret stack detail');
      },
    },
    render: {
      ok: (_call, op, output) => Response.json({ code: 0, op, data: output }),
      error: (call, err) => {
        const e = catalogue.entries[err.key];
        const detail = typeof err.detail === 'string' ? `: ${err.detail}` : '';
        return Response.json(
          { code: e.errCode, msg: `${e.msg}${detail}`, requestId: call.locals.requestId },
          { status: e.httpStatus },
        );
      },
      seal: (_call, res) => {
        trace.push('seal');
        res.headers.set('x-sealed', '1');
        return res;
      },
    },
    unknownOperation: 'NOT_FOUND',
    internalError: 'INTERNAL',
    host: (host) => host.get('/files/:name', (c) => c.text(`file ${c.req.param('name')}`)),
  });
  const send = (path: string, body?: unknown, headers: Record<string, string> = { 'x-key': 'k' }) =>
    app.fetch(
      new Request(`http://rec.test${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  return { app, trace, faults, send };
}

describe('core pipeline', () => {
  it('runs limit → fault → route → authenticate → parse → validate → handle → render, then seals', async () => {
    const v = recordingVendor();
    const res = await v.send('/api/echo', { n: 21 });
    expect(await res.json()).toEqual({ code: 0, op: 'echo', data: { twice: 42 } });
    expect(res.headers.get('x-sealed')).toBe('1');
    expect(v.trace).toEqual([
      'route',
      'authenticate:echo',
      'parse',
      'check:echo',
      'handle:echo',
      'handler:t1:r-1',
      'seal',
    ]);
  });

  it('stops at the first failing stage and renders it with the request locals, sealed', async () => {
    const denied = recordingVendor();
    const res = await denied.send('/api/echo', { n: 1 }, {});
    expect(await res.json()).toEqual({ code: 3, msg: '拒绝', requestId: 'r-1' });
    expect(res.headers.get('x-sealed')).toBe('1');
    expect(denied.trace).toEqual(['route', 'authenticate:echo', 'seal']);

    const badJson = recordingVendor();
    expect(await (await badJson.send('/api/echo', '{nope')).json()).toMatchObject({
      code: 4,
      msg: '参数错误: not JSON',
    });
    expect(badJson.trace).not.toContain('handle:echo');

    const badInput = recordingVendor();
    expect(await (await badInput.send('/api/echo', { n: 'x' })).json()).toMatchObject({
      msg: '参数错误: schema',
    });
    expect(badInput.trace).toEqual(['route', 'authenticate:echo', 'parse', 'invalid', 'seal']);
  });

  it('answers an operation route left open only after authenticate passed', async () => {
    const anonymous = recordingVendor();
    expect(await (await anonymous.send('/api/nowhere', {}, {})).json()).toMatchObject({ code: 3 });
    const known = recordingVendor();
    const res = await known.send('/api/nowhere', {});
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 2, msg: '没有' });
    expect(known.trace).toEqual(['route', 'authenticate:undefined', 'seal']);
  });

  it('passes a Response from a stage through untouched but sealed', async () => {
    const v = recordingVendor();
    const res = await v.send('/api/page', {});
    expect(await res.text()).toBe('page');
    expect(v.trace).toEqual(['route', 'seal']);
  });

  it('answers a thrown non-vendor error as the internal entry, without its text', async () => {
    const v = recordingVendor();
    const res = await v.send('/api/boom', {});
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ code: 6, msg: '系统异常', requestId: 'r-1' });
    expect(text).not.toMatch(/secret stack/);
  });

  it('refuses a body over the limit before any other stage, declared or streamed', async () => {
    const declared = recordingVendor({ maxBytes: 16 });
    const res = await declared.send('/api/echo', { n: 123456789012345 });
    expect(res.status).toBe(413);
    expect(declared.trace).toEqual(['limit', 'seal']);

    const streamed = recordingVendor({ maxBytes: 16 });
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new TextEncoder().encode('{"n":1}   '));
        c.close();
      },
    });
    const req = new Request('http://rec.test/api/echo', {
      method: 'POST',
      headers: { 'x-key': 'k' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect((await streamed.app.fetch(req)).status).toBe(413);
    expect(streamed.trace).toEqual(['limit', 'seal']);

    const within = recordingVendor({ maxBytes: 64 });
    const small = new Request('http://rec.test/api/echo', {
      method: 'POST',
      headers: { 'x-key': 'k' },
      body: new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"n":'));
          c.enqueue(new TextEncoder().encode('4}'));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(await (await within.app.fetch(small)).json()).toMatchObject({ data: { twice: 8 } });
  });

  it('answers faults from the catalogue before routing: by name, by code with detail, by status, free text', async () => {
    const v = recordingVendor();
    v.faults.add({ vendor: 'rec', route: '/echo', vendorError: 'DENIED', times: 1 });
    v.faults.add({ vendor: 'rec', route: '/echo', vendorError: '5:排队中', times: 1 });
    v.faults.add({ vendor: 'rec', route: '/echo', status: 503, times: 1 });
    v.faults.add({ vendor: 'rec', route: '/echo', vendorError: 'whatever', status: 502, times: 1 });
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const res = await v.send('/api/echo', { n: 1 });
      answers.push([res.status, await res.json()]);
    }
    expect(answers).toEqual([
      [200, { code: 3, msg: '拒绝', requestId: 'r-1' }],
      [200, { code: 5, msg: '繁忙: 排队中', requestId: 'r-1' }],
      [503, { code: 5, msg: '繁忙', requestId: 'r-1' }],
      [502, { code: -1, msg: 'whatever' }],
      [200, { code: 0, op: 'echo', data: { twice: 2 } }],
    ]);
    expect(v.trace.filter((s) => s === 'route')).toHaveLength(1);
  });

  it('holds a call for a rule’s latency, then answers its fault, or runs the call when it sets none', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const v = recordingVendor();
      v.faults.add({ vendor: 'rec', route: '/echo', latencyMs: 300, status: 503, times: 1 });
      v.faults.add({ vendor: 'rec', route: '/echo', latencyMs: 300, times: 1 });
      for (const want of [503, 200]) {
        let answered: Response | undefined;
        const pending = Promise.resolve(v.send('/api/echo', { n: 1 })).then((res) => (answered = res));
        await vi.advanceTimersByTimeAsync(299);
        expect(answered).toBeUndefined();
        await vi.advanceTimersByTimeAsync(1);
        await pending;
        expect(answered?.status).toBe(want);
      }
      expect(v.trace.filter((s) => s === 'route')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives host routes the fault stage but not the body limit or the seal; other paths are 404', async () => {
    const v = recordingVendor({ maxBytes: 4 });
    const file = await v.app.fetch(new Request('http://rec.test/files/a.pdf'));
    expect(await file.text()).toBe('file a.pdf');
    expect(file.headers.get('x-sealed')).toBeNull();
    v.faults.add({ vendor: 'rec', route: '/files/*', status: 500 });
    const faulted = await v.app.fetch(new Request('http://rec.test/files/a.pdf'));
    expect(faulted.status).toBe(500);
    expect(await faulted.json()).toMatchObject({ code: 5 });
    const missing = await v.app.fetch(new Request('http://rec.test/elsewhere'));
    expect([missing.status, await missing.text()]).toEqual([404, '404 Not Found']);
    expect(v.trace).not.toContain('limit');
  });
});
