/**
 * In-process yunhetong-digest harness: a Simulator with only this vendor,
 * its control app, and typed clients over `sim.fetch`.
 */
import {
  createYunhetongDigestClient,
  type YunhetongDigestClient,
} from '../../clients/yunhetong-digest/index.ts';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteConfig } from '@hono/zod-openapi';
import { expect } from 'vitest';
import { YunhetongApiError } from '../../clients/yunhetong-digest/errors.ts';
import { yunhetongDigestContract } from '../../contracts/yunhetong-digest/index.ts';
import { YHT_PATHS } from '../../contracts/yunhetong-digest/paths.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createControlApp } from '../../simulators/core/control.ts';
import { Simulator } from '../../simulators/core/simulator.ts';
import type {
  Answer as ConformanceAnswer,
  Credentials,
  Target,
  VendorConformance,
} from '../conformance/adapter.ts';
import { yunhetongDigest } from '../../simulators/yunhetong-digest/index.ts';
import type { ParsedJson } from '../helpers/parsed-json.ts';

export const MIN = 60_000;
export const BASE = 'http://127.0.0.1:4003';
export const CONTROL = 'http://127.0.0.1:4000';

export interface YhtHandle {
  sim: Simulator;
  fetch: (r: Request) => Promise<Response>;
  client: (creds?: { appId: string; appKey: string }, baseUrl?: string) => YunhetongDigestClient;
  control: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: ParsedJson }>;
  newApp: (
    settings?: Record<string, unknown>,
  ) => Promise<{ appId: string; appKey: string; client: YunhetongDigestClient }>;
}

export function yht(opts: { vendorOptions?: Record<string, unknown> } = {}): YhtHandle {
  const sim = new Simulator([yunhetongDigest], {
    vendors: ['yunhetong-digest'],
    ...(opts.vendorOptions ? { vendorOptions: { 'yunhetong-digest': opts.vendorOptions } } : {}),
  });
  const controlApp = createControlApp(sim);
  sim.controlFetch = async (req) => controlApp.fetch(req);
  const fetch = (r: Request) => sim.fetch(r);
  const client = (creds: { appId: string; appKey: string } = YUNHETONG_DIGEST_DEFAULT_APP, baseUrl = BASE) =>
    createYunhetongDigestClient({ baseUrl, appId: creds.appId, appKey: creds.appKey, fetch });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await sim.fetch(
      new Request(`${CONTROL}${path}`, {
        method,
        ...(body !== undefined
          ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
          : {}),
      }),
    );
    return { status: res.status, json: jsonOrText(await res.text()) };
  };
  const newApp = async (settings: Record<string, unknown> = {}) => {
    const r = await control('POST', '/__sim/yunhetong-digest/tenants', settings);
    if (r.status !== 201) throw new Error(`tenant create: ${r.status} ${JSON.stringify(r.json)}`);
    const creds = r.json.credentials as { appId: string; appKey: string };
    return { ...creds, client: client(creds) };
  };
  return { sim, fetch, client, control, newApp };
}

/** The YunhetongApiError a promise rejects with (fails the test when it resolves). */
export async function apiError(p: Promise<unknown>): Promise<YunhetongApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof YunhetongApiError) return err;
    throw err;
  }
  throw new Error('expected a YunhetongApiError');
}

/** A raw request to the service (bodies the typed client cannot send). */
export async function raw(
  h: YhtHandle,
  path: string,
  init: { method?: string; token?: string; body?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8' };
  if (init.token) headers.token = init.token;
  const res = await h.fetch(
    new Request(`${BASE}${path}`, {
      method: init.method ?? 'POST',
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
    }),
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: jsonOrText(text), text };
}

export const PERSON = {
  userName: '张三',
  identityRegion: '0',
  certifyType: 'a',
  certifyNum: '123456789123456789',
  phoneRegion: '0',
  phoneNo: '13000000000',
} as const;
export const COMPANY = {
  userName: '浙江律讯网络科技有限公司',
  certifyType: '1',
  certifyNum: '913301067236283951',
  phoneRegion: '0',
  phoneNo: '13000000001',
} as const;

/**
 * The PDF with its annotations' appearances merged into the page content (qpdf): a signed seal's
 * text (captions, the time-stamp mark) lives in its signature widget, where text search does not look.
 */
export function flattened(pdf: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'yht-flat-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const r = spawnSync('qpdf', ['--flatten-annotations=all', 'in.pdf', 'out.pdf'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (r.error) throw r.error;
    if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf: ${r.stderr}`);
    return new Uint8Array(readFileSync(join(dir, 'out.pdf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The parsed JSON of a body, or the text itself when it is not JSON. */
function jsonOrText(text: string): ParsedJson {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ── the shared conformance suite's adapter ─────────────────────────────────────────────────

/** A logged-in client of the app; rejects when the app's credentials are refused. */
async function conformanceClient(t: Target, app: Credentials): Promise<YunhetongDigestClient> {
  const c = createYunhetongDigestClient({
    baseUrl: t.baseUrl,
    appId: app.appId!,
    appKey: app.appKey!,
    fetch: (r) => t.fetch(r),
  });
  await c.login();
  return c;
}

let conformanceSeq = 0;
const DIGITS = '零一二三四五六七八九';

/** A person no other conformance run has made: a unique certifyNum and name. */
function conformancePerson() {
  const n = String(++conformanceSeq).padStart(6, '0');
  return {
    ...PERSON,
    userName: `用户${[...n].map((d) => DIGITS[Number(d)]).join('')}`,
    certifyNum: `110101${String(process.pid % 1_000_000).padStart(6, '0')}${n}`,
  };
}

/**
 * yunhetong-digest for the shared suite: the object is a person user. Its id is
 * `<certifyNum>/<signerId>`: signerIds restart in every app, certifyNums here are unique.
 */
export const conformance: VendorConformance = {
  vendor: 'yunhetong-digest',
  contract: yunhetongDigestContract,
  stateOptions(dir) {
    const sandboxDir = join(dir, 'sandbox');
    mkdirSync(sandboxDir, { recursive: true });
    return { vendorOptions: { 'yunhetong-digest': { sandboxDir } } };
  },
  async create(t, app) {
    const c = await conformanceClient(t, app);
    const person = conformancePerson();
    const { signerId } = await c.call('/user/person', person);
    return `${person.certifyNum}/${signerId}`;
  },
  async read(t, app, id) {
    const [certifyNum] = id.split('/');
    const c = await conformanceClient(t, app);
    try {
      const found = await c.call('/user/signerId/certifyNums', { certifyNumList: [certifyNum!] });
      return { found: true, view: found };
    } catch (e) {
      // §5.4.5: no certifyNum of the list is the app's user
      if (
        e instanceof YunhetongApiError &&
        e.code === yunhetongDigestContract.errors!.USER_NOT_FOUND!.errCode
      )
        return { found: false };
      throw e;
    }
  },
  async touch(t, app, id) {
    const [, signerId] = id.split('/');
    const c = await conformanceClient(t, app);
    try {
      await c.call('/user/personNameAndPhone', {
        signerId: signerId!,
        phoneNo: '13900000009',
        phoneRegion: '0',
      });
      return true;
    } catch (e) {
      if (e instanceof YunhetongApiError) return false;
      throw e;
    }
  },
  async oversized(t, app, bytes) {
    const c = await conformanceClient(t, app);
    return new Request(`${t.baseUrl}${YHT_PATHS.userPerson}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8', token: c.token()! },
      body: JSON.stringify({ ...conformancePerson(), padding: 'x'.repeat(bytes) }),
    });
  },
  forged(t, route: RouteConfig) {
    const method = route.method.toUpperCase();
    if (route.path === YHT_PATHS.login) {
      const { appId } = t.sim.vendor('yunhetong-digest').defaultCredentials();
      return new Request(t.baseUrl + route.path, {
        method,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
        body: JSON.stringify({ appId, appKey: 'notTheAppKey1' }),
      });
    }
    return new Request(t.baseUrl + route.path, {
      method,
      headers: { 'content-type': 'application/json;charset=UTF-8', token: 'forged.conformance.token' },
      ...(method === 'GET' ? {} : { body: '{}' }),
    });
  },
  publicRoutes: [YHT_PATHS.index],
  faultError: 'SERVICE_OVERLOADED',
  // Outside the API the servlet container answers, in plain text (docs/yunhetong-digest.md)
  unknownPath(a: ConformanceAnswer) {
    expect(a.status).toBe(404);
    expect(a.contentType).toMatch(/^text\/plain/);
  },
  wrongMethod(a: ConformanceAnswer) {
    expect(a.status).toBe(405);
    expect(a.text).toMatch(/^Request method '[A-Z]+' not supported$/);
  },
};
