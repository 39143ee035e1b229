/**
 * In-process yunhetong-digest harness: a Simulator with only this vendor,
 * its control app, and typed clients over `sim.fetch`.
 */
import {
  createYunhetongDigestClient,
  type YunhetongDigestClient,
} from '../../clients/yunhetong-digest/index.ts';
import { YunhetongApiError } from '../../clients/yunhetong-digest/errors.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createControlApp } from '../../simulators/core/control.ts';
import { Simulator } from '../../simulators/core/simulator.ts';
import { createYunhetongDigest } from '../../simulators/yunhetong-digest/index.ts';

export const MIN = 60_000;
export const BASE = 'http://127.0.0.1:4003';
export const CONTROL = 'http://127.0.0.1:4000';

export interface YhtHandle {
  sim: Simulator;
  fetch: (r: Request) => Promise<Response>;
  client: (creds?: { appId: string; appKey: string }, baseUrl?: string) => YunhetongDigestClient;
  control: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>;
  newApp: (
    settings?: Record<string, unknown>,
  ) => Promise<{ appId: string; appKey: string; client: YunhetongDigestClient }>;
}

export function yht(opts: { vendorOptions?: Record<string, unknown> } = {}): YhtHandle {
  const sim = new Simulator(
    { 'yunhetong-digest': createYunhetongDigest },
    {
      vendors: ['yunhetong-digest'],
      ...(opts.vendorOptions ? { vendorOptions: { 'yunhetong-digest': opts.vendorOptions } } : {}),
    },
  );
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

/** The parsed JSON of a body, or the text itself when it is not JSON. */
function jsonOrText(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
