/**
 * The request journal (simulators/core/journal.ts) and `GET/DELETE /__sim/requests`
 * (docs/interface.md, "Request journal and logs").
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type SealSim } from '../../index.ts';
import { hmacHex } from '../../simulators/esign/auth.ts';
import {
  closestRoute,
  editDistance,
  noteRequestBody,
  RequestJournal,
} from '../../simulators/core/journal.ts';
import type { JournalEntry } from '../../contracts/control/schemas.ts';

const PERSON = JSON.stringify({
  name: '张三',
  idNo: '371500198101175693',
  idType: 19,
  mobile: '13516134875',
});

function esignCall(sim: SealSim, body = PERSON, path = '/account/create/person/private') {
  const { projectId, projectSecret: secret } = sim.vendor('esign').defaultCredentials();
  return sim.fetch(
    new Request(`${sim.origin('esign')}/opentreaty/rest/v3.0${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-timevale-project-id': projectId!,
        'X-timevale-signature': hmacHex(secret!, body),
      },
      body,
    }),
  );
}

async function requests(
  sim: SealSim,
  query = '',
): Promise<{ status: number; list: JournalEntry[]; size: number }> {
  const res = await sim.fetch(new Request(`${sim.origin('control')}/__sim/requests${query}`));
  const json = (await res.json()) as { requests: JournalEntry[]; size: number };
  return { status: res.status, list: json.requests, size: json.size };
}

describe('request journal', () => {
  let sim: SealSim;
  afterEach(() => sim?.close());

  it('journals a vendor call: tenant, status, the envelope code, both bodies, the answer unchanged', async () => {
    sim = createSimulator({ vendors: ['esign', 'baoquan'] });
    const res = await esignCall(sim);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ errCode: 0 });
    const { list, size } = await requests(sim);
    expect(size).toBe(1000);
    expect(list).toHaveLength(1);
    const e = list[0]!;
    expect(e).toMatchObject({
      vendor: 'esign',
      tenant: sim.vendor('esign').defaultCredentials().projectId,
      method: 'POST',
      path: '/opentreaty/rest/v3.0/account/create/person/private',
      status: 200,
      code: 0,
      request: { size: Buffer.byteLength(PERSON), text: PERSON, contentType: 'application/json' },
    });
    expect(e.response?.text).toBe(text);
    expect(e.durationMs).toBeGreaterThanOrEqual(0);
    expect(e.virtualAt).toBe(sim.clock.now());
  });

  it('filters by vendor, path, status, tenant, since, after and limit; refuses an unknown vendor', async () => {
    sim = createSimulator({ vendors: ['esign', 'baoquan'] });
    await esignCall(sim);
    await esignCall(sim, PERSON, '/account/nope');
    await sim.fetch(new Request(`${sim.origin('baoquan')}/api/v2/nothing`, { method: 'POST' }));
    await sim.fetch(new Request(`${sim.origin('control')}/__sim/clock`));
    const all = (await requests(sim)).list;
    expect(all.map((e) => e.vendor)).toEqual(['esign', 'esign', 'baoquan', 'control']);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => a - b));
    expect((await requests(sim, '?vendor=esign')).list).toHaveLength(2);
    expect((await requests(sim, '?vendor=control')).list[0]).toMatchObject({
      path: '/__sim/clock',
      status: 200,
    });
    expect((await requests(sim, '?path=nope')).list).toHaveLength(1);
    expect((await requests(sim, '?status=404')).list.map((e) => e.vendor)).toEqual(['baoquan']);
    expect((await requests(sim, `?tenant=${all[0]!.tenant}`)).list).toHaveLength(2);
    expect((await requests(sim, `?after=${all[1]!.id}`)).list).toHaveLength(2);
    expect((await requests(sim, '?limit=1')).list.map((e) => e.vendor)).toEqual(['control']);
    expect((await requests(sim, `?since=${Date.now() + 60_000}`)).list).toHaveLength(0);
    const bad = await sim.fetch(new Request(`${sim.origin('control')}/__sim/requests?vendor=esgin`));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('unknown vendor esgin');
    // Its own reads are not journalled; DELETE clears (and is itself the one entry after).
    expect((await requests(sim)).list).toHaveLength(4);
    const del = await sim.fetch(new Request(`${sim.origin('control')}/__sim/requests`, { method: 'DELETE' }));
    expect(del.status).toBe(200);
    expect((await requests(sim)).list.map((e) => `${e.method} ${e.path}`)).toEqual([
      'DELETE /__sim/requests',
    ]);
  });

  it('is a bounded ring (journalSize), and 0 keeps nothing', async () => {
    sim = createSimulator({ vendors: ['esign'], journalSize: 3 });
    for (let i = 0; i < 5; i++) await sim.fetch(new Request(`${sim.origin('control')}/__sim/clock?i=${i}`));
    const { list, size } = await requests(sim);
    expect(size).toBe(3);
    expect(list.map((e) => e.path)).toEqual(['/__sim/clock?i=2', '/__sim/clock?i=3', '/__sim/clock?i=4']);
    sim.close();
    sim = createSimulator({ vendors: ['esign'], journalSize: 0 });
    await esignCall(sim);
    expect((await requests(sim)).list).toEqual([]);
  });

  it('lists entries with their keys in one order, the same when listed again and after the ring wraps', async () => {
    sim = createSimulator({ vendors: ['esign'], journalSize: 2 });
    await esignCall(sim);
    const { projectId } = sim.vendor('esign').defaultCredentials();
    const headers = { 'content-type': 'application/json', 'X-timevale-project-id': projectId! };
    const url = `${sim.origin('esign')}/opentreaty/rest/v3.0/account/create/person/private`;
    const wrong = { ...headers, 'X-timevale-signature': 'f'.repeat(64) };
    await sim.fetch(new Request(url, { method: 'POST', headers: wrong, body: PERSON }));
    const keys = (e: JournalEntry) => Object.keys(e).join(',');
    const first = (await requests(sim, '?vendor=esign')).list;
    expect(first.map(keys)).toEqual([
      'id,at,virtualAt,vendor,method,path,status,durationMs,tenant,code,request,response',
      'id,at,virtualAt,vendor,method,path,status,durationMs,code,request,response,diagnostic',
    ]);
    // Listed again: the same entries (bodies were cut once and kept).
    expect((await requests(sim, '?vendor=esign')).list).toEqual(first);
    // Two more requests push both out; the slots reused hold the new entries only.
    await sim.fetch(new Request(`${sim.origin('control')}/__sim/clock`));
    await esignCall(sim);
    const after = (await requests(sim)).list;
    expect(after.map((e) => `${e.vendor} ${e.method}`)).toEqual(['control GET', 'esign POST']);
    expect(after[1]!.id).toBeGreaterThan(first[1]!.id);
    expect(after[1]!.response?.text).toContain('"errCode"');
    expect(after[0]!.request).toBeUndefined();
  });

  it('prints one line per request with --log text or json, none when off', async () => {
    const lines: string[] = [];
    sim = createSimulator({ vendors: ['esign'], log: 'text', logWrite: (l) => lines.push(l) });
    await esignCall(sim);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} esign +POST \/opentreaty\/rest\/v3\.0\/account\/create\/person\/private 200 errCode=0 \d+ms \[/,
    );
    sim.close();
    lines.length = 0;
    sim = createSimulator({ vendors: ['esign'], log: 'json', logWrite: (l) => lines.push(l) });
    await esignCall(sim);
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(parsed).toMatchObject({ vendor: 'esign', method: 'POST', status: 200, code: 0 });
    expect(parsed.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(parsed).not.toHaveProperty('request');
    sim.close();
    lines.length = 0;
    sim = createSimulator({ vendors: ['esign'], logWrite: (l) => lines.push(l) });
    await esignCall(sim);
    expect(lines).toEqual([]);
  });

  it('keeps a binary body as size + sha256 and cuts long text', async () => {
    const j = new RequestJournal({ size: 10, now: () => 0 });
    const pdf = new Uint8Array(10_000).fill(0xff);
    const put = new Request('http://h/p', {
      method: 'PUT',
      body: pdf,
      headers: { 'content-length': '10000' },
    });
    await j.around(
      { vendor: 'x' },
      put,
      async () => new Response(pdf, { headers: { 'content-type': 'application/pdf' } }),
    );
    // A body the pipeline read (call.bytes()) is kept: binary as size + sha256.
    await j.around({ vendor: 'x' }, new Request('http://h/p2', { method: 'POST' }), async (env) => {
      noteRequestBody({ env }, pdf);
      return new Response(null, { status: 204 });
    });
    // A short body that is not UTF-8 is binary too; a short text body is its text.
    const odd = new Uint8Array([0xff, 0xfe, 0x00, 0x41]);
    await j.around({ vendor: 'x' }, new Request('http://h/p3', { method: 'POST' }), async (env) => {
      noteRequestBody({ env }, odd);
      return new Response(null, { status: 204 });
    });
    await j.around({ vendor: 'x' }, new Request('http://h/p4', { method: 'POST' }), async (env) => {
      noteRequestBody({ env }, new TextEncoder().encode('a=1&b=张'));
      return new Response(null, { status: 204 });
    });
    const long = 'a'.repeat(10_000);
    const res = await j.around(
      { vendor: 'x' },
      new Request('http://h/q'),
      async () => new Response(JSON.stringify({ long }), { headers: { 'content-type': 'application/json' } }),
    );
    expect((await res.json()) as unknown).toEqual({ long });
    const [bin, read, oddEntry, form, text] = j.list();
    expect(oddEntry!.request).toEqual({ size: 4, sha256: createHash('sha256').update(odd).digest('hex') });
    expect(form!.request).toEqual({ size: 9, text: 'a=1&b=张' });
    // The PUT body no pipeline read: its size from Content-Length; the PDF answer is not read.
    expect(bin!.request).toEqual({ size: 10_000 });
    expect(bin!.response).toBeUndefined();
    expect(read!.request).toEqual({
      size: 10_000,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    expect(text!.response).toMatchObject({ size: 10_011, truncated: true });
    expect(text!.response!.text).toHaveLength(4096);
  });

  it('names the closest documented route for a path no operation serves', async () => {
    sim = createSimulator({ vendors: ['esign'] });
    const res = await esignCall(sim, PERSON, '/account/create/person/privat');
    const wire = await res.text();
    expect(JSON.parse(wire)).toMatchObject({ errCode: expect.any(Number) });
    const [e] = (await requests(sim)).list;
    expect(e!.diagnostic).toMatchObject({
      kind: 'no-route',
      details: { closest: 'POST /opentreaty/rest/v3.0/account/create/person/private' },
    });
    expect(e!.response?.text).toBe(wire);
  });

  it('edit distance and closest route fill {params} from the path', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    const routes = [
      { method: 'get', path: '/signflows/{flowId}' },
      { method: 'post', path: '/signflows' },
    ];
    expect(closestRoute('/signflows/abc123/x', routes)).toMatchObject({ path: '/signflows/{flowId}' });
    expect(closestRoute('/signflow', routes)).toMatchObject({ path: '/signflows', method: 'POST' });
  });
});
