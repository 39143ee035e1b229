/**
 * The work one in-process signed esign call does (issue 17; docs/performance.md "Per call"),
 * counted, not timed: the body is parsed once, no Request or Response is re-made around a body
 * already read, no URL is parsed beyond the pipeline's one, and the all-optional URL-parameter
 * schema runs only when the URL has parameters.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimevaleQuery } from '../../contracts/esign/index.ts';
import { createSimulator } from '../../index.ts';

const BASE = '/opentreaty/rest/v3.0';

async function setup() {
  const sim = createSimulator({ vendors: ['esign'] });
  const { projectId, projectSecret } = sim.vendor('esign').defaultCredentials() as {
    projectId: string;
    projectSecret: string;
  };
  const signed = (path: string, payload: unknown, query = '') => {
    const body = JSON.stringify(payload);
    return new Request(`${sim.origin('esign')}${BASE}${path}${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-timevale-project-id': projectId,
        'X-timevale-signature': createHmac('sha256', projectSecret).update(body).digest('hex'),
      },
      body,
    });
  };
  const made = await sim.fetch(
    signed('/account/create/person/private', {
      thirdId: 'work-1',
      name: '张三',
      idNo: '11010519491231002X',
      idType: 19,
      mobile: '13516134875',
    }),
  );
  expect(await made.text()).toContain('"errCode":0');
  return { sim, signed };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('one in-process signed esign call', () => {
  it('parses the JSON body once', async () => {
    const { sim, signed } = await setup();
    const request = signed('/account/idexchange', { thirdId: 'work-1' });
    const body = JSON.stringify({ thirdId: 'work-1' });
    const parse = vi.spyOn(JSON, 'parse');
    const res = await sim.fetch(request);
    const ofBody = parse.mock.calls.filter(([text]) => text === body).length;
    parse.mockRestore();
    expect(await res.text()).toContain('"errCode":0');
    expect(ofBody).toBe(1);
    sim.close();
  });

  it('makes no new Request or Response around a body already read, and reads no answer twice', async () => {
    const { sim, signed } = await setup();
    const request = signed('/account/idexchange', { thirdId: 'work-1' });
    expect(request.headers.get('content-length')).toBeNull(); // the limit stage must read it
    const requests = vi.spyOn(globalThis, 'Request');
    const reads = vi.spyOn(Response.prototype, 'arrayBuffer');
    const clones = vi.spyOn(Response.prototype, 'clone');
    const res = await sim.fetch(request);
    const counts = [requests.mock.calls.length, reads.mock.calls.length, clones.mock.calls.length];
    vi.restoreAllMocks();
    expect(await res.text()).toContain('"errCode":0');
    expect(counts).toEqual([0, 0, 0]);
    // The journal still has the call, its bodies and its code.
    const entry = sim.journal.list().at(-1)!;
    expect(entry.request?.text).toBe(JSON.stringify({ thirdId: 'work-1' }));
    expect(entry.code).toBe(0);
    sim.close();
  });

  it('parses one URL (the pipeline’s) and checks URL parameters only when there are some', async () => {
    const { sim, signed } = await setup();
    const plain = signed('/account/idexchange', { thirdId: 'work-1' });
    const queryRequest = signed('/account/idexchange', { thirdId: 'work-1' }, '?mode=package');
    // A counting URL in place of the global one (a spy on a class would not construct it).
    const RealURL = globalThis.URL;
    let urls = 0;
    class CountingURL extends RealURL {
      constructor(...args: ConstructorParameters<typeof URL>) {
        super(...args);
        urls++;
      }
    }
    globalThis.URL = CountingURL;
    const query = vi.spyOn(TimevaleQuery, 'safeParse');
    const res = await sim.fetch(plain).finally(() => (globalThis.URL = RealURL));
    const counted = [urls, query.mock.calls.length];
    const withQuery = await sim.fetch(queryRequest);
    const queried = query.mock.calls.length;
    vi.restoreAllMocks();
    expect(await res.text()).toContain('"errCode":0');
    expect(await withQuery.text()).toContain('"errCode":0');
    expect(counted).toEqual([1, 0]);
    expect(queried).toBe(1);
    sim.close();
  });

  it('still refuses an oversized body sent without a Content-Length', async () => {
    const sim = createSimulator({ vendors: ['esign'], maxBodyBytes: 64 });
    const { projectId } = sim.vendor('esign').defaultCredentials() as { projectId: string };
    const res = await sim.fetch(
      new Request(`${sim.origin('esign')}${BASE}/account/idexchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-timevale-project-id': projectId },
        body: JSON.stringify({ thirdId: 'x'.repeat(100) }),
      }),
    );
    const body = (await res.json()) as { errCode: number };
    expect(body.errCode).not.toBe(0);
    expect(sim.journal.list().at(-1)!.status).toBe(res.status);
    sim.close();
  });
});
