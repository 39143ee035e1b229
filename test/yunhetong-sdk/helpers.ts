/**
 * In-process yunhetong-sdk harness (a Simulator with only this vendor, its control app, raw
 * servlet-style requests) and the shared conformance suite's adapter.
 */
import type { RouteConfig } from '@hono/zod-openapi';
import { expect } from 'vitest';
import { YUNHETONG_SDK_DEFAULT_APP } from '../../contracts/yunhetong-sdk/control.ts';
import { yunhetongSdkContract } from '../../contracts/yunhetong-sdk/index.ts';
import { SDK_PATHS } from '../../contracts/yunhetong-sdk/paths.ts';
import { createControlApp } from '../../simulators/core/control.ts';
import { Simulator } from '../../simulators/core/simulator.ts';
import { yunhetongSdk } from '../../simulators/yunhetong-sdk/index.ts';
import type {
  Answer as ConformanceAnswer,
  Credentials,
  Target,
  VendorConformance,
} from '../conformance/adapter.ts';
import type { ParsedJson } from '../helpers/parsed-json.ts';

export const MIN = 60_000;
export const ORIGIN = 'http://127.0.0.1:4004';
export const BASE = `${ORIGIN}/sdk`;
export const CONTROL = 'http://127.0.0.1:4000';
export const DEFAULT_APP = YUNHETONG_SDK_DEFAULT_APP;

export type Params = Record<string, string>;

export interface SdkAnswer {
  status: number;
  contentType: string;
  text: string;
  json: ParsedJson;
}

export interface App {
  appId: string;
  password: string;
}

export interface SdkHandle {
  sim: Simulator;
  fetch: (r: Request) => Promise<Response>;
  /** A form POST (urlencoded body); `query` goes in the query string. */
  post: (path: string, form?: Params, query?: Params) => Promise<SdkAnswer>;
  /** A GET with the parameters in the query string. */
  get: (path: string, query?: Params) => Promise<SdkAnswer>;
  /** Any request to the vendor's origin. */
  raw: (url: string, init?: RequestInit) => Promise<SdkAnswer>;
  control: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: ParsedJson }>;
  newApp: (settings?: Record<string, unknown>) => Promise<App>;
  advance: (ms: number) => Promise<void>;
}

/** The parsed JSON of a body, or the text itself when it is not JSON. */
export function jsonOrText(text: string): ParsedJson {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function answerOf(res: Response): Promise<SdkAnswer> {
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text,
    json: jsonOrText(text),
  };
}

const qs = (p: Params = {}) => new URLSearchParams(p).toString();

/** The harness on a fresh in-process simulator, or on `given` (with its control app: createSimulator's). */
export function sdk(given?: Simulator): SdkHandle {
  const sim =
    given ??
    new Simulator([yunhetongSdk], {
      vendors: ['yunhetong-sdk'],
      now: Date.UTC(2026, 0, 5, 2, 0, 0),
    });
  if (!given) {
    const controlApp = createControlApp(sim);
    sim.controlFetch = async (req) => controlApp.fetch(req);
  }
  const fetch = (r: Request) => sim.fetch(r);
  const raw = async (url: string, init?: RequestInit) => answerOf(await fetch(new Request(url, init)));
  const post = (path: string, form: Params = {}, query?: Params) =>
    raw(`${BASE}${path}${query ? `?${qs(query)}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: qs(form),
    });
  const get = (path: string, query: Params = {}) => raw(`${BASE}${path}?${qs(query)}`);
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(
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
    const r = await control('POST', '/__sim/yunhetong-sdk/tenants', settings);
    if (r.status !== 201) throw new Error(`tenant create: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json.credentials as App;
  };
  const advance = async (ms: number) => {
    await sim.clock.advance(ms, { wait: true });
  };
  return { sim, fetch, post, get, raw, control, newApp, advance };
}

let seq = 0;

/** A person no other call in this process made: unique appUserId, cellNum and passport number. */
export function person(over: Params = {}): Params {
  const n = String(++seq).padStart(5, '0');
  return {
    appUserId: `p${process.pid}-${n}`,
    cellNum: `13${String(process.pid % 10_000).padStart(4, '0')}${n}`,
    userType: '1',
    userName: '张三',
    certifyType: '2',
    certifyNumber: `E${process.pid}${n}`,
    createSignature: '1',
    ...over,
  };
}

/** A company (userType 2) with a unique name, cellNum and USCC-length number. */
export function company(over: Params = {}): Params {
  const n = String(++seq).padStart(5, '0');
  return {
    appUserId: `c${process.pid}-${n}`,
    cellNum: `15${String(process.pid % 10_000).padStart(4, '0')}${n}`,
    userType: '2',
    userName: `杭州测试${n}科技有限公司`,
    certifyType: '6',
    certifyNumber: `91330106${String(process.pid % 10_000).padStart(4, '0')}${n}A`,
    createSignature: '0',
    ...over,
  };
}

/** addUser as `app`. */
export function addUser(h: SdkHandle, user: Params, app: App = DEFAULT_APP): Promise<SdkAnswer> {
  return h.post(SDK_PATHS.addUser, { appId: app.appId, password: app.password, ...user });
}

/** A token for an imported user (fails the test otherwise). */
export async function tokenFor(h: SdkHandle, appUserId: string, app: App = DEFAULT_APP): Promise<string> {
  const r = await h.post(SDK_PATHS.getToken, { appId: app.appId, password: app.password, appUserId });
  expect(r.json, `getToken ${appUserId}`).toMatchObject({ subCode: 200, code: 200 });
  return r.json.value.token as string;
}

/** Imports a user and answers a token for it. */
export async function userWithToken(
  h: SdkHandle,
  user: Params = person(),
  app: App = DEFAULT_APP,
): Promise<{ user: Params; token: string }> {
  const r = await addUser(h, user, app);
  expect(r.json, `addUser ${user.appUserId}`).toMatchObject({ subCode: 200, code: 200 });
  return { user, token: await tokenFor(h, user.appUserId!, app) };
}

/** The failure envelope of a catalogue entry. */
export function failure(subCode: number, message: string) {
  return { subCode, message, value: null, code: 520 };
}

/** The success envelope. */
export function success(value: unknown = {}) {
  return { subCode: 200, message: 'true', value, code: 200 };
}

// ── the shared conformance suite's adapter ─────────────────────────────────────────────────

async function targetPost(t: Target, path: string, form: Params): Promise<ParsedJson> {
  const res = await t.fetch(
    new Request(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: qs(form),
    }),
  );
  return jsonOrText(await res.text());
}

const creds = (app: Credentials) => ({ appId: app.appId!, password: app.password! });

export const conformance: VendorConformance = {
  vendor: 'yunhetong-sdk',
  contract: yunhetongSdkContract,
  async create(t, app) {
    const user = person();
    const r = await targetPost(t, SDK_PATHS.addUser, { ...creds(app), ...user });
    if (r?.subCode !== 200) throw new Error(`addUser refused: ${JSON.stringify(r)}`);
    return user.appUserId!;
  },
  async read(t, app, id) {
    const r = await targetPost(t, SDK_PATHS.getToken, { ...creds(app), appUserId: id });
    if (r?.subCode === 200) return { found: true, view: { appUserId: id } };
    // 10004 用户不存在: not this app's user
    if (r?.subCode === 10004) return { found: false };
    throw new Error(`getToken: ${JSON.stringify(r)}`);
  },
  async touch(t, app, id) {
    const r = await targetPost(t, SDK_PATHS.getToken, { ...creds(app), appUserId: id });
    if (r?.subCode !== 200) return false;
    const cellNum = `17${String(++seq).padStart(9, '0')}`;
    const m = await targetPost(t, `${SDK_PATHS.modifyCellNum}?token=${encodeURIComponent(r.value.token)}`, {
      cellNum,
    });
    return m?.subCode === 200;
  },
  async oversized(t, app, bytes) {
    return new Request(`${t.baseUrl}${SDK_PATHS.addUser}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: qs({ ...creds(app), ...person(), padding: 'x'.repeat(bytes) }),
    });
  },
  forged(t, route: RouteConfig) {
    const method = route.method.toUpperCase();
    if (route.path === SDK_PATHS.addUser || route.path === SDK_PATHS.getToken) {
      const { appId } = t.sim.vendor('yunhetong-sdk').defaultCredentials();
      return new Request(t.baseUrl + route.path, {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: qs({ appId: appId!, password: 'notThePassword', appUserId: 'u1' }),
      });
    }
    const forgedToken = 'TGT-1-forgedconformancetoken-cas01.example.org';
    return new Request(`${t.baseUrl}${route.path}?token=${forgedToken}&contractId=1704241653115006`, {
      method,
      ...(method === 'GET'
        ? {}
        : { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }),
    });
  },
  faultError: 'TOKEN_EXPIRED',
  // The servlet container's own 404 page, in plain text (decision: yunhetong-sdk.container-404-405)
  unknownPath(a: ConformanceAnswer) {
    expect(a.status).toBe(404);
    expect(a.contentType).toMatch(/^text\/plain/);
  },
  wrongMethod(a: ConformanceAnswer) {
    expect(a.status).toBe(405);
    expect(a.text).toMatch(/^Request method '[A-Z]+' not supported$/);
  },
};

// ── contracts (合同接口) ───────────────────────────────────────────────────────────────────────

/** A multipart POST of `fields` and an optional `file` part, the token in the query. */
export function multipart(
  h: SdkHandle,
  path: string,
  token: string,
  fields: Params,
  file?: { bytes: Uint8Array; name?: string; type?: string },
): Promise<SdkAnswer> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file)
    form.append(
      'file',
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }),
      file.name ?? 'contract.pdf',
    );
  return h.raw(`${BASE}${path}?${qs({ token })}`, { method: 'POST', body: form });
}

/** Uploads a template through the console; answers its templateId. */
export async function uploadTemplate(
  h: SdkHandle,
  bytes: Uint8Array,
  kind: 'pdf' | 'docx',
  app: App = DEFAULT_APP,
  templateId?: string,
): Promise<string> {
  const r = await h.control('POST', `/__sim/yunhetong-sdk/apps/${app.appId}/templates`, {
    kind,
    contentBase64: Buffer.from(bytes).toString('base64'),
    ...(templateId ? { templateId } : {}),
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.templateId as string;
}

/** contract/fileContract with `bytes`; answers the contractId (as a string) or fails the test. */
export async function fileContractOf(
  h: SdkHandle,
  token: string,
  bytes: Uint8Array,
  fields: Params = {},
): Promise<string> {
  const r = await multipart(h, SDK_PATHS.fileContract, token, { title: '测试合同', ...fields }, { bytes });
  expect(r.json, 'fileContract').toMatchObject({ subCode: 200, code: 200 });
  return String(r.json.value.contractId);
}

/** A token API call as real clients make it: POST, the token in the query, the rest in the form. */
export function call(h: SdkHandle, path: string, token: string, form: Params = {}): Promise<SdkAnswer> {
  return h.post(path, form, { token });
}
