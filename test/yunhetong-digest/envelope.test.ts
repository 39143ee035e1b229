/**
 * Issue 9 item 7, yunhetong-digest: the vendor is a war in a servlet container, so outside its
 * context path the container answers, not the war: Tomcat's plain-text `404 Not Found` stays
 * (decision: yunhetong-digest.container-404). Paths that normalise out of the context path
 * (`..`, `%2e%2e`, `//`) get that same answer, and never a stack or another page, over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type SealSim } from '../../index.ts';
import type { RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import { rawHttp } from '../helpers/raw-http.ts';

let sim: SealSim;
let running: RunningServers;
let origin: string;
beforeAll(async () => {
  sim = createSimulator({
    vendors: ['yunhetong-digest'],
    basePort: await freeBasePortFrom(43000),
    vendorOptions: { 'yunhetong-digest': { contextPath: '/yht' } },
  });
  running = await sim.listen();
  origin = sim.origin('yunhetong-digest');
});
afterAll(async () => {
  await running?.close();
  sim?.close();
});

const OUTSIDE = [
  '/yht/../auth/login',
  '/yht/%2e%2e/auth/login',
  '/yht/%2E%2E/%2e%2e/etc/passwd',
  '/yht%2Fauth/login',
  '//yht/auth/login',
  '//x',
  '/x',
  '/',
  '/yhtx/auth/login',
];

describe('yunhetong-digest: answers outside the context path', () => {
  it("every path outside the context path is the container's text 404", async () => {
    for (const path of OUTSIDE) {
      for (const method of ['GET', 'POST']) {
        const a = await rawHttp(origin, path, {
          method,
          ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
        });
        const what = `${method} ${path}`;
        expect([a.status, a.headers['content-type'], a.text], what).toEqual([
          404,
          'text/plain; charset=UTF-8',
          '404 Not Found',
        ]);
      }
    }
  });

  it('inside the context path the war answers (its envelope on an API)', async () => {
    const a = await rawHttp(origin, '/yht/auth/login', {
      method: 'POST',
      body: JSON.stringify({ appId: '2018051800000000', appKey: 'ABCdef123' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text)).toMatchObject({ code: 200 });
  });
});
