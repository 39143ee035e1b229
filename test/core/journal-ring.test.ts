/**
 * The journal's byte ring (simulators/core/journal-ring.ts): kept requests are bytes, not objects
 * (what the garbage collector spent its time on; docs/performance.md, "Request journal and logs"),
 * and what the journal lists from them is exactly what it lists from objects.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  diagnose,
  knownBody,
  logLine,
  noteRequestBody,
  noteTenant,
  RequestJournal,
  type JournalEnv,
  type JournalFilter,
  type JournalTarget,
} from '../../simulators/core/journal.ts';
import { EntryRing, MAX_INLINE_BYTES, putUtf8 } from '../../simulators/core/journal-ring.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const esign: JournalTarget = { vendor: 'esign', codeField: 'errCode' };
const answer = JSON.stringify({ errCode: 0, msg: '成功', data: { accountId: 'a1b2' } });

function signedCall(journal: RequestJournal, tenant = '1111563657'): Promise<Response> {
  const body = JSON.stringify({ thirdId: 'x' });
  const request = new Request('http://127.0.0.1:4002/opentreaty/rest/v3.0/account/idexchange', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return journal.around(esign, request, async (env) => {
    noteRequestBody({ env }, new TextEncoder().encode(body));
    noteTenant({ env }, tenant);
    return knownBody(Response.json(JSON.parse(answer)), answer, 'application/json');
  });
}

interface Scenario {
  target: JournalTarget;
  request: () => Request;
  run: (env?: JournalEnv) => Promise<Response>;
}

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new TextEncoder().encode(s);
const textAnswer = (text: string, type = 'application/json') => knownBody(new Response(text), text, type);

/** Requests of every shape the journal keeps: small and large, text and binary, odd strings. */
const scenarios: Scenario[] = [
  {
    target: esign,
    request: () => new Request('http://h/opentreaty/rest/v3.0/a?x=1', { method: 'POST' }),
    run: async (env) => {
      noteRequestBody({ env }, utf8('{"name":"张三"}'));
      noteTenant({ env }, '租户一');
      return textAnswer(answer);
    },
  },
  {
    // Binary bytes the pipeline read (kept raw, hashed when read), a BOM, NUL, no type.
    target: { vendor: 'x' },
    request: () => new Request('http://h/p/路径', { method: 'POST' }),
    run: async (env) => {
      noteRequestBody({ env }, bytes(0xff, 0xfe, 0x00, 0x41));
      return new Response(null, { status: 204 });
    },
  },
  {
    target: { vendor: 'x' },
    request: () => new Request('http://h/bom', { method: 'POST' }),
    run: async (env) => {
      noteRequestBody({ env }, bytes(0xef, 0xbb, 0xbf, 0x61));
      return new Response(bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d), {
        headers: { 'content-type': 'application/json' },
      });
    },
  },
  {
    target: { vendor: 'x' },
    request: () => new Request('http://h/nul', { method: 'POST', headers: { 'content-type': 'text/plain' } }),
    run: async (env) => {
      noteRequestBody({ env }, utf8('a\u0000b'));
      return new Response('你好', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    },
  },
  {
    target: { vendor: 'x' },
    request: () =>
      new Request('http://h/pdf', { method: 'POST', headers: { 'content-type': 'application/pdf' } }),
    run: async (env) => {
      noteRequestBody({ env }, new Uint8Array(10_000).fill(0xfe));
      return new Response(null, { status: 201 });
    },
  },
  {
    // Above what the ring keeps inline: an object.
    target: { vendor: 'x' },
    request: () => new Request('http://h/big', { method: 'POST' }),
    run: async (env) => {
      noteRequestBody({ env }, new Uint8Array(MAX_INLINE_BYTES + 1).fill(0x61));
      return textAnswer(JSON.stringify({ long: 'b'.repeat(20_000) }));
    },
  },
  {
    // A body no pipeline read: its declared size.
    target: { vendor: 'x' },
    request: () =>
      new Request('http://h/put', { method: 'PUT', body: 'zz', headers: { 'content-length': '2' } }),
    run: async () => new Response('', { headers: { 'content-type': 'text/plain' } }),
  },
  {
    // A long text answer (cut when listed), under the inline limit.
    target: esign,
    request: () => new Request('http://h/long'),
    run: async () => textAnswer(JSON.stringify({ errCode: 7, long: 'c'.repeat(10_000) })),
  },
  {
    // A lone surrogate UTF-8 would not give back: an object.
    target: esign,
    request: () => new Request('http://h/lone', { method: 'DELETE' }),
    run: async () => textAnswer('{"errCode":"\ud800"}'),
  },
  {
    target: { vendor: 'control' },
    request: () => new Request('http://h/__sim/clock/advance', { method: 'PATCH' }),
    run: async (env) => {
      noteRequestBody({ env }, bytes());
      return textAnswer('');
    },
  },
  {
    // A diagnostic: an object.
    target: esign,
    request: () => new Request('http://h/signed', { method: 'POST' }),
    run: async (env) => {
      diagnose({ env }, () => ({ kind: 'signature', summary: 'wrong secret', details: { a: '1' } }));
      return textAnswer('{"errCode":1000104}');
    },
  },
  {
    // A 404 with documented routes: a no-route diagnostic.
    target: { vendor: 'esign', codeField: 'errCode', routes: () => [{ method: 'post', path: '/a' }] },
    request: () => new Request('http://h/b', { method: 'POST' }),
    run: async () => new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } }),
  },
  {
    // A stage that throws: journalled as 500, the error passed on.
    target: { vendor: 'x' },
    request: () => new Request('http://h/throws'),
    run: async () => {
      throw new Error('boom');
    },
  },
];

const filters: JournalFilter[] = [
  {},
  { vendor: 'x' },
  { vendor: 'esign', status: 200 },
  { tenant: '租户一' },
  { path: '/b' },
  { since: 1_700_000_003_000 },
  { after: 20 },
  { limit: 3 },
  { vendor: 'control', limit: 1 },
];

describe('the byte ring', () => {
  it('keeps an ordinary request as no object: 1,500 signed calls into 1,000 slots, none an object', async () => {
    const journal = new RequestJournal({ size: 1000, now: () => 0 });
    for (let i = 0; i < 1500; i++) await signedCall(journal);
    expect(journal.keptAsObjects()).toBe(0);
    const list = journal.list();
    expect(list).toHaveLength(1000);
    expect(list[0]!.id).toBe(501);
    expect(list[999]).toMatchObject({
      id: 1500,
      vendor: 'esign',
      tenant: '1111563657',
      code: 0,
      request: { size: 15, contentType: 'application/json', text: '{"thirdId":"x"}' },
      response: { size: answer.length + 4, contentType: 'application/json', text: answer },
    });
    // A diagnostic, a large body and a string UTF-8 would change are kept as objects.
    const one = async (s: Scenario) => journal.around(s.target, s.request(), s.run).catch(() => undefined);
    await one(scenarios[10]!);
    await one(scenarios[5]!);
    await one(scenarios[8]!);
    expect(journal.keptAsObjects()).toBe(3);
    // Overwritten by ordinary requests, they are let go.
    for (let i = 0; i < 1000; i++) await signedCall(journal);
    expect(journal.keptAsObjects()).toBe(0);
  });

  it('lists exactly what objects list: every shape, wrapping a small ring, every filter, after a clear', async () => {
    let wall = 1_700_000_000_000;
    let tick = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => wall);
    vi.spyOn(performance, 'now').mockImplementation(() => (tick += 1.23456));
    const ring = new RequestJournal({ size: 5, now: () => 42 });
    const objects = new RequestJournal({ size: 5, now: () => 42, objectsOnly: true });
    const compare = () => {
      for (const f of filters) expect(ring.list(f), JSON.stringify(f)).toStrictEqual(objects.list(f));
    };
    for (let round = 0; round < 3; round++) {
      for (const [i, s] of scenarios.entries()) {
        wall = 1_700_000_000_000 + i * 500 + round;
        for (const j of [ring, objects]) {
          tick = 0;
          const outcome = await j.around(s.target, s.request(), s.run).then(
            async (res) => `${res.status} ${await res.text()}`,
            (err: Error) => err.message,
          );
          expect(outcome).not.toBe('');
        }
        compare();
      }
      if (round === 1) {
        ring.clear();
        objects.clear();
        compare();
      }
    }
    expect(ring.list()).toHaveLength(5);
    expect(ring.keptAsObjects()).toBeLessThan(5);
  });

  it('keeps the newest requests whole when their bytes wrap around and the buffer grows', () => {
    const size = 4;
    const ring = new EntryRing(size, MAX_INLINE_BYTES);
    const initial = ring.capacity;
    const kept: Array<{ id: number; path: string; body: Uint8Array; text: string }> = [];
    for (let id = 1; id <= 300; id++) {
      // Sizes from a few bytes to near the inline limit, so writes wrap and sometimes do not fit.
      const n = (id * 7919) % (MAX_INLINE_BYTES - 2000);
      const body = new Uint8Array(n).fill(id % 251);
      const text = `é${String(id).repeat((id % 13) * 50)}`;
      const path = `/p/${id}`;
      const slot = (id - 1) % size;
      const ok = ring.put(
        slot,
        id,
        id * 10,
        id,
        'v',
        'POST',
        path,
        200,
        1.5,
        undefined,
        'code',
        null,
        0,
        body,
        'text/plain',
        text,
      );
      expect(ok).toBe(true);
      kept[slot] = { id, path, body, text };
      for (const k of kept) {
        if (!k) continue;
        const e = ring.get((k.id - 1) % size);
        expect(e.id).toBe(k.id);
        expect(e.path).toBe(k.path);
        expect(Buffer.from(e.request!).equals(k.body)).toBe(true);
        expect(e.response).toBe(k.text);
        expect(e.tenant).toBeUndefined();
        expect(e.requestType).toBeNull();
      }
    }
    expect(ring.capacity).toBeGreaterThan(initial);
    // Too large for the ring: the caller keeps it.
    const big = new Uint8Array(MAX_INLINE_BYTES + 1);
    expect(
      ring.put(0, 301, 0, 0, 'v', 'GET', '/', 200, 0, undefined, undefined, null, 0, big, null, undefined),
    ).toBe(false);
  });

  it('writes strings as UTF-8, short ASCII by itself, and refuses a lone surrogate', () => {
    const buf = Buffer.alloc(4000);
    for (const s of ['', '/a?b=1', '张三 x', 'é'.repeat(300), 'a'.repeat(300), '😀 pair', 'a'.repeat(32)]) {
      const n = putUtf8(buf, s, 7);
      expect(n).toBe(Buffer.byteLength(s));
      expect(buf.toString('utf8', 7, 7 + n)).toBe(s);
    }
    expect(putUtf8(buf, 'x\ud800', 0)).toBe(-1);
    expect(putUtf8(buf, `${'a'.repeat(300)}\udc00`, 0)).toBe(-1);
    expect(putUtf8(buf, `${'a'.repeat(20)}\udc00`, 0)).toBe(-1);
  });

  it('logs the same text and JSON lines as made from the listed entry, with no entry made for them', async () => {
    const lines: string[] = [];
    const text = new RequestJournal({ size: 0, log: 'text', now: () => 0, write: (l) => lines.push(l) });
    const kept = new RequestJournal({ size: 10, now: () => 0 });
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_007);
    vi.spyOn(performance, 'now').mockReturnValue(3);
    for (const s of [scenarios[0]!, scenarios[10]!, scenarios[6]!])
      for (const j of [text, kept]) await j.around(s.target, s.request(), s.run);
    const entries = kept.list();
    expect(lines).toEqual([
      logLine(entries[0]!, 'errCode'),
      logLine(entries[1]!, 'errCode'),
      logLine(entries[2]!, undefined),
    ]);
    lines.length = 0;
    const json = new RequestJournal({ size: 0, log: 'json', now: () => 0, write: (l) => lines.push(l) });
    await json.around(scenarios[10]!.target, scenarios[10]!.request(), scenarios[10]!.run);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual([
      'time',
      'id',
      'at',
      'virtualAt',
      'vendor',
      'method',
      'path',
      'status',
      'durationMs',
      'code',
      'diagnostic',
    ]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ time: '2023-11-14T22:13:20.007Z', code: 1000104 });
  });
});
