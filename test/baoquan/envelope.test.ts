/**
 * Issue 9 item 7, baoquan: every answer on the baoquan port is in its envelope. URLs that
 * normalise out of /api/v1 and /api/v2 (`..`, `%2e%2e`, `//`, an encoded base path) and unknown
 * paths answer 404 API_NOT_FOUND `{request_id, message, timestamp}` (decision:
 * baoquan.host-not-found), over real HTTP with the raw paths as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baoquanErrorMessage, baoquanErrors } from '../../contracts/baoquan/errors.ts';
import { rawHttp } from '../helpers/raw-http.ts';
import { httpBq } from './helpers.ts';

let h: Awaited<ReturnType<typeof httpBq>>;
let origin: string;
beforeAll(async () => {
  h = await httpBq();
  origin = h.sim.origin('baoquan');
});
afterAll(async () => h?.close());

const OUTSIDE = [
  '/api/v2/../x',
  '/api/v2/../../../etc/passwd',
  '/api/v2/%2e%2e/attestations',
  '/api/v1/%2E%2E/%2e%2e/x',
  '/api/v2/./.%2e/v3/attestations',
  '/api%2Fv2/attestations',
  '/api/v3/attestations',
  '//x',
  '//api/v2/attestations',
  '/x',
  '/',
  '/api',
  '/attestations',
  '/attestations/',
  '/%2e%2e/%2e%2e/package.json',
];

describe('baoquan: answers outside the API base paths', () => {
  it('every path that normalises outside the base paths answers 404 API_NOT_FOUND in the error body', async () => {
    const e = baoquanErrors.API_NOT_FOUND;
    for (const path of OUTSIDE) {
      for (const method of ['GET', 'POST']) {
        const a = await rawHttp(origin, path, { method, ...(method === 'POST' ? { body: 'a=1' } : {}) });
        const what = `${method} ${path}`;
        expect(a.status, what).toBe(e.httpStatus);
        expect(a.headers['content-type'], what).toMatch(/^application\/json/);
        const body = JSON.parse(a.text) as Record<string, unknown>;
        expect(Object.keys(body).sort(), what).toEqual(['message', 'request_id', 'timestamp']);
        // Under /api/v3 the message says v3 is not simulated (decision baoquan.api-v3-not-simulated).
        const v3 = new URL(path, 'http://x').pathname.startsWith('/api/v3/');
        expect(body.message, what).toBe(
          v3 ? baoquanErrorMessage('API_VERSION_NOT_SIMULATED', { version: 'v3' }) : e.msg,
        );
      }
    }
  });

  it('the access page and file links keep their own answers', async () => {
    const page = await rawHttp(origin, '/attestations/NOPE');
    expect(page.status).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const file = await rawHttp(origin, '/files/attachments/nope');
    expect(file.status).toBe(403);
  });
});
