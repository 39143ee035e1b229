/**
 * Issue 9 item 7, esign: every answer on the esign port is in its envelope. URLs that normalise
 * out of /opentreaty/rest/v3.0 (`..`, `%2e%2e`, `//`, an encoded base path) and unknown paths
 * answer API_NOT_FOUND `{errCode, msg}` at HTTP 404 naming the path, signed when the request names a known
 * project (decision: esign.host-not-found), over real HTTP with the raw paths as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacSha256Hex } from '../../clients/shared/crypto.ts';
import { esignErrors } from '../../contracts/esign/index.ts';
import { rawHttp } from '../helpers/raw-http.ts';
import { httpSim } from './helpers.ts';

let h: Awaited<ReturnType<typeof httpSim>>;
let origin: string;
beforeAll(async () => {
  h = await httpSim();
  origin = h.sim.origin('esign');
});
afterAll(async () => h?.close());

const OUTSIDE = [
  '/opentreaty/rest/v3.0/../x',
  '/opentreaty/rest/v3.0/../../../etc/passwd',
  '/opentreaty/rest/v3.0/%2e%2e/x',
  '/opentreaty/rest/v3.0/%2E%2E/%2e%2e/account/create/person/private',
  '/opentreaty/rest/v3.0/./.%2e/sign/start',
  '/opentreaty/rest/v3%2E0/sign/start',
  '/opentreaty%2Frest%2Fv3.0/sign/start',
  '//x',
  '//opentreaty/rest/v3.0/sign/start',
  '/x',
  '/',
  '/opentreaty',
  '/opentreaty/rest',
  '/h5/nothing',
  '/oss/nothing',
  '/%2e%2e/%2e%2e/package.json',
];

describe('esign: answers outside the API base path', () => {
  it('every path that normalises outside the base path answers API_NOT_FOUND in the envelope', async () => {
    const API_NOT_FOUND = esignErrors.API_NOT_FOUND;
    for (const path of OUTSIDE) {
      for (const method of ['GET', 'POST']) {
        const a = await rawHttp(origin, path, {
          method,
          ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
        });
        const what = `${method} ${path}`;
        expect(a.status, what).toBe(404);
        expect(a.headers['content-type'], what).toMatch(/^application\/json/);
        const body = JSON.parse(a.text) as { errCode: number; msg: string };
        expect(body.errCode, what).toBe(API_NOT_FOUND.errCode);
        expect(body.msg, what).toMatch(new RegExp(`^${API_NOT_FOUND.msg}: /`));
        expect(a.text, what).not.toMatch(/Not Found|root:|"name"/);
      }
    }
  });

  it('is signed with the project the request names, like every API answer', async () => {
    const { projectId, projectSecret } = h.sim.vendor('esign').defaultCredentials() as {
      projectId: string;
      projectSecret: string;
    };
    const a = await rawHttp(origin, '/opentreaty/rest/v3.0/../v2/sign/start', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', 'X-timevale-project-id': projectId },
    });
    expect(JSON.parse(a.text)).toEqual({
      errCode: esignErrors.API_NOT_FOUND.errCode,
      msg: `${esignErrors.API_NOT_FOUND.msg}: /opentreaty/rest/v2/sign/start`,
    });
    expect(a.headers['x-timevale-signature']).toBe(hmacSha256Hex(projectSecret, a.text));
  });

  it('the pages and files keep their own answers', async () => {
    const page = await rawHttp(origin, '/h5/sign?flowId=x&accountId=y&token=z');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const oss = await rawHttp(origin, '/oss/download/nothing');
    expect(oss.status).toBe(403);
    expect(oss.text).toMatch(/^<\?xml/);
  });
});
