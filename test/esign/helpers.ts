/**
 * Shared setup for the esign tests.
 *
 * - `setup()`: an in-process simulator with esign only, a manual clock at T0, a typed client and
 *   callbacks captured in-process; with fixtures (people, documents) and PDF render checks.
 * - `inProcessSim()` / `httpSim()`: the end-to-end handle (fuzz, isolation, restart, browser,
 *   callbacks, over-HTTP, kit) with the typed esign and control clients, a scripted HTTP callback
 *   receiver and the two-signer ordered flow.
 * - `conformance`: the adapter the shared vendor conformance suite runs (test/conformance).
 *
 * Everything goes through the public surfaces: `createSimulator`, the typed esign client
 * (`clients/esign`) and the typed control client (`clients/control`).
 */
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, type SealSim, type SimulatorOptions } from '../../index.ts';
import type { RouteConfig } from '@hono/zod-openapi';
import { expect } from 'vitest';
import {
  contentMd5,
  createEsignClient,
  EsignApiError,
  uploadFile,
  type EsignClient,
} from '../../clients/esign/index.ts';
import { hmacSha256Hex } from '../../clients/shared/crypto.ts';
import { createControlClient, type ControlClient } from '../../clients/control/index.ts';
import { ESIGN_BASE_PATH, esignContract, esignErrors } from '../../contracts/esign/index.ts';
import { createTextPdf, findKeyword, pageSizes } from '../../simulators/core/pdf/index.ts';
import { createFaker } from '../../simulators/core/fake.ts';
import type { RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { countDarkPixels, countRedPixels, renderPdfPage, type DecodedPng } from '../helpers/png.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import type {
  Answer as ConformanceAnswer,
  Credentials,
  Target,
  VendorConformance,
} from '../conformance/adapter.ts';
import type { ParsedJson } from '../helpers/parsed-json.ts';

/** 2024-01-02 10:00:00 Asia/Shanghai. */
export const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);

export interface Captured {
  url: string;
  headers: Record<string, string>;
  body: string;
  json: Record<string, unknown>;
}

export interface Ctx {
  sim: SealSim;
  client: EsignClient;
  projectId: string;
  secret: string;
  base: string;
  /** Callbacks received through the simulator's outgoing fetch. */
  callbacks: Captured[];
  /** Answers of the in-process callback receiver (default 200). */
  callbackStatus: { value: number };
}

export function md5b64(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('base64');
}

/** A simulator with esign only, a manual clock at T0, and in-process callbacks. */
export function setup(opts: { callbackUrl?: string; quota?: number; tenant?: 'default' | 'new' } = {}): Ctx {
  const callbacks: Captured[] = [];
  const callbackStatus = { value: 200 };
  const sim = createSimulator({
    vendors: ['esign'],
    now: T0,
    fetch: async (req) => {
      const body = await req.text();
      const headers: Record<string, string> = {};
      req.headers.forEach((v, k) => (headers[k] = v));
      callbacks.push({ url: req.url, headers, body, json: JSON.parse(body) });
      return new Response('ok', { status: callbackStatus.value });
    },
  });
  const esign = sim.vendor('esign');
  let projectId: string;
  let secret: string;
  if (opts.tenant === 'default') {
    ({ projectId, projectSecret: secret } = esign.defaultCredentials() as {
      projectId: string;
      projectSecret: string;
    });
    if (opts.callbackUrl !== undefined || opts.quota !== undefined)
      esign.patchTenant(projectId, { callbackUrl: opts.callbackUrl, quota: opts.quota });
  } else {
    const created = esign.createTenant({
      callbackUrl: opts.callbackUrl ?? 'http://callback.test/esign',
      ...(opts.quota !== undefined ? { quota: opts.quota } : {}),
    });
    projectId = created.credentials.projectId!;
    secret = created.credentials.projectSecret!;
  }
  const base = sim.origin('esign') + ESIGN_BASE_PATH;
  const client = createEsignClient({ baseUrl: base, projectId, secret, fetch: (r) => sim.fetch(r) });
  return { sim, client, projectId, secret, base, callbacks, callbackStatus };
}

export async function uploadBytes(
  ctx: Ctx,
  bytes: Uint8Array,
  fileName = '合同.pdf',
  contentType = 'application/pdf',
): Promise<string> {
  const { fileKey, uploadUrl } = await ctx.client.call('/file/uploadurl', {
    fileName,
    fileSize: bytes.length,
    contentType,
    contentMd5: md5b64(bytes),
  });
  await uploadFile(uploadUrl, bytes, { contentType, fetch: (r) => ctx.sim.fetch(r) });
  return fileKey;
}

/** A text PDF, one string list per page (default: the two-signer contract). */
export async function textPdf(pages: string[][] = CONTRACT_PAGES): Promise<Uint8Array> {
  return createTextPdf(pages.map((lines) => ({ lines })));
}

export async function makeDoc(
  ctx: Ctx,
  pages: string[][],
  fileName = '劳动合同.pdf',
): Promise<{ docId: string; pdf: Uint8Array }> {
  const pdf = await textPdf(pages);
  const fileKey = await uploadBytes(ctx, pdf, fileName);
  const { docId } = await ctx.client.call('/doc/createbyfilekey', { fileKey });
  return { docId, pdf };
}

const faker = createFaker(7);

export async function makePerson(
  ctx: Ctx,
  over: Record<string, unknown> = {},
): Promise<{ accountId: string; name: string; mobile: string; email: string }> {
  const p = faker.person();
  const body = { name: p.name, idNo: p.idNo, idType: 19, mobile: p.mobile, email: p.email, ...over };
  const { accountId } = await ctx.client.call('/account/create/person/private', body as never);
  return { accountId, name: body.name as string, mobile: body.mobile as string, email: body.email as string };
}

export async function makeOrg(
  ctx: Ctx,
  agentAccountId: string,
  over: Record<string, unknown> = {},
): Promise<{ accountId: string; name: string }> {
  const c = faker.company();
  const body = { agentAccountId, name: c.name, organCode: c.uscc, organType: 11, ...over };
  const { accountId } = await ctx.client.call('/account/create/organize/private', body as never);
  return { accountId, name: body.name as string };
}

export async function detail(ctx: Ctx, flowId: string) {
  return ctx.client.call('/sign/docdetail', { flowId });
}

/** Control API call on the control origin. */
export async function control(
  ctx: Ctx,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: ParsedJson }> {
  const res = await ctx.sim.fetch(
    new Request(`${ctx.sim.origin('control')}/__sim/esign${path}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    }),
  );
  return { status: res.status, json: await res.json() };
}

export async function signAs(
  ctx: Ctx,
  flowId: string,
  accountId: string,
  action: 'sign' | 'refuse' = 'sign',
  reason?: string,
) {
  return control(ctx, 'POST', `/flows/${flowId}/signers/${accountId}`, {
    action,
    ...(reason ? { reason } : {}),
  });
}

export async function fetchBytes(
  ctx: Ctx,
  url: string,
): Promise<{ status: number; bytes: Uint8Array; text: string }> {
  const res = await ctx.sim.fetch(new Request(url));
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, bytes, text: Buffer.from(bytes).toString('utf8') };
}

export async function settle(ctx: Ctx): Promise<void> {
  await ctx.sim.clock.settle();
}

export { faker };

export const A4H = 841.89;

export async function render(pdf: Uint8Array, page: number): Promise<DecodedPng> {
  return renderPdfPage(pdf, page, 72);
}

/** Red pixels in a square of side 2*half pt centred on (cx, cy) (PDF space, page height A4). */
export function redAround(png: DecodedPng, cx: number, cy: number, half = 40, pageHeight = A4H): number {
  return countRedPixels(png, { x: cx - half, y: pageHeight - cy - half, width: 2 * half, height: 2 * half });
}

export function darkIn(
  png: DecodedPng,
  box: { x: number; y: number; width: number; height: number },
  pageHeight = A4H,
): number {
  return countDarkPixels(png, {
    x: box.x,
    y: pageHeight - box.y - box.height,
    width: box.width,
    height: box.height,
  });
}

export function redTotal(png: DecodedPng): number {
  return countRedPixels(png);
}

/** Centre of the first occurrence of `keyword` (PDF points). */
export async function keywordCentre(
  pdf: Uint8Array,
  keyword: string,
): Promise<{ page: number; x: number; y: number }> {
  const [hit] = await findKeyword(pdf, keyword);
  if (!hit) throw new Error(`keyword ${keyword} not in fixture`);
  return { page: hit.page, x: hit.x + hit.width / 2, y: hit.y + hit.height / 2 };
}

export async function downloadSigned(ctx: Ctx, flowId: string): Promise<Map<string, Uint8Array>> {
  const list = await ctx.client.call('/sign/download', { flowId });
  const out = new Map<string, Uint8Array>();
  for (const d of list) {
    const got = await fetchBytes(ctx, d.docUrl);
    if (got.status !== 200) throw new Error(`download ${d.docId}: HTTP ${got.status}`);
    out.set(d.docId, got.bytes);
  }
  return out;
}

/** The documents as signed so far, from the control view (works in every flow status). */
export async function currentPdfs(ctx: Ctx, flowId: string): Promise<Map<string, Uint8Array>> {
  const view = await control(ctx, 'GET', `/flows/${flowId}`);
  const out = new Map<string, Uint8Array>();
  for (const d of view.json.docs as Array<{ docId: string; currentUrl: string }>)
    out.set(d.docId, (await fetchBytes(ctx, d.currentUrl)).bytes);
  return out;
}

export { pageSizes };

// ── end-to-end handles ─────────────────────────────────────────────────────────────────────

type FetchFn = (req: Request) => Promise<Response>;

export const MIN = 60_000;

// ── ports ──────────────────────────────────────────────────────────────────────────────────

/** A free base port in 30000–39990 (see ports.ts). */
export const freeBasePort = (): Promise<number> => freeBasePortFrom(30000);

// ── simulators ─────────────────────────────────────────────────────────────────────────────

export interface SimHandle {
  sim: SealSim;
  /** The typed control client, bound to this simulator. */
  control: ControlClient;
  /** Base URL for the esign client: origin + /opentreaty/rest/v3.0. */
  esignBase: string;
  /** The fetch the clients use: `sim.fetch` in-process, undefined (global fetch) over HTTP. */
  fetch: FetchFn | undefined;
  /** An esign client for a project of this simulator. */
  client(creds: Project, opts?: { verifyResponses?: boolean }): EsignClient;
  close(): Promise<void>;
}

export interface Project {
  projectId: string;
  secret: string;
}

/** A simulator answering in-process: the clients call `sim.fetch` directly, no port. */
export function inProcessSim(opts: SimulatorOptions = {}): SimHandle {
  const sim = createSimulator({ vendors: ['esign'], ...opts });
  const fetch: FetchFn = (r) => sim.fetch(r);
  const esignBase = sim.origin('esign') + ESIGN_BASE_PATH;
  return {
    sim,
    control: createControlClient({ baseUrl: sim.origin('control'), fetch }),
    esignBase,
    fetch,
    client: (p, o = {}) =>
      createEsignClient({ baseUrl: esignBase, projectId: p.projectId, secret: p.secret, fetch, ...o }),
    close: async () => sim.close(),
  };
}

/** A simulator bound to real loopback ports; the clients use the global fetch (real HTTP). */
export async function httpSim(opts: SimulatorOptions = {}): Promise<SimHandle & { running: RunningServers }> {
  const basePort = await freeBasePort();
  const sim = createSimulator({ vendors: ['esign'], basePort, ...opts });
  const running = await sim.listen();
  const esignBase = running.urls.esign!;
  return {
    sim,
    running,
    control: createControlClient({ baseUrl: running.urls.control! }),
    esignBase,
    fetch: undefined,
    client: (p, o = {}) =>
      createEsignClient({ baseUrl: esignBase, projectId: p.projectId, secret: p.secret, ...o }),
    close: async () => {
      await running.close();
      sim.close();
    },
  };
}

/** A new isolated esign project through the control API (`POST /__sim/esign/tenants`). */
export async function newProject(
  control: ControlClient,
  settings: Record<string, unknown> = {},
): Promise<Project> {
  const created = await control.createTenant('esign', settings);
  const { projectId, projectSecret } = created.credentials;
  if (!projectId || !projectSecret)
    throw new Error(`unexpected tenant credentials ${JSON.stringify(created)}`);
  return { projectId, secret: projectSecret };
}

/** The project's debug view (`GET /__sim/esign/tenants/{projectId}`): quota and counts. */
export async function projectView(control: ControlClient, projectId: string) {
  const r = await control.api.GET('/__sim/esign/tenants/{projectId}', { params: { path: { projectId } } });
  if (!r.data) throw new Error(`tenant view ${r.response.status}: ${JSON.stringify(r.error)}`);
  return r.data;
}

/** A human signer's action through the control API. Returns status and JSON answer. */
export async function signerAction(
  control: ControlClient,
  flowId: string,
  accountId: string,
  action: 'sign' | 'refuse' = 'sign',
  reason?: string,
): Promise<{ status: number; body: ParsedJson }> {
  const r = await control.api.POST('/__sim/esign/flows/{flowId}/signers/{accountId}', {
    params: { path: { flowId, accountId } },
    body: { action, ...(reason !== undefined ? { reason } : {}) },
  });
  return { status: r.response.status, body: r.data ?? r.error };
}

// ── fixtures ───────────────────────────────────────────────────────────────────────────────

/** The seed the end-to-end tests' people come from (`faker` above has its own). */
const flowFaker = createFaker(20240102);

export interface Person {
  accountId: string;
  thirdId: string;
  name: string;
  mobile: string;
  email: string;
}

let thirdSeq = 0;

export async function newPerson(
  client: EsignClient,
  over: Partial<Record<'name' | 'mobile' | 'email' | 'thirdId', string>> = {},
): Promise<Person> {
  const p = flowFaker.person();
  const thirdId = over.thirdId ?? `user-${process.pid}-${++thirdSeq}`;
  const body = {
    thirdId,
    name: over.name ?? p.name,
    idNo: p.idNo,
    idType: 19 as const,
    mobile: over.mobile ?? p.mobile,
    email: over.email ?? p.email,
  };
  const { accountId } = await client.call('/account/create/person/private', body);
  return { accountId, thirdId, name: body.name, mobile: body.mobile, email: body.email };
}

/** A two-page contract with one keyword per signer. */
export const CONTRACT_PAGES: string[][] = [
  [
    '借款合同',
    '',
    '借款人：张三',
    '出借人：李四',
    '第一条 借款金额人民币壹万元整。',
    '',
    '甲方（盖章）：',
    '',
    '',
    '',
    '',
    '乙方（签字）：',
  ],
  ['第二页', '附件：还款计划'],
];
export const KEY_A = '甲方（盖章）';
export const KEY_B = '乙方（签字）';

/** /file/uploadurl + the PUT; returns the fileKey. `fetch` undefined = global fetch. */
export async function uploadPdf(
  client: EsignClient,
  bytes: Uint8Array,
  fetch?: FetchFn,
  fileName = '借款合同.pdf',
  contentType = 'application/pdf',
): Promise<string> {
  const { fileKey, uploadUrl } = await client.call('/file/uploadurl', {
    fileName,
    fileSize: bytes.length,
    contentType,
    contentMd5: contentMd5(bytes),
  });
  await uploadFile(uploadUrl, bytes, { contentType, ...(fetch ? { fetch } : {}) });
  return fileKey;
}

export async function newDoc(
  client: EsignClient,
  fetch?: FetchFn,
  pages: string[][] = CONTRACT_PAGES,
): Promise<{ docId: string; fileKey: string; pdf: Uint8Array }> {
  const pdf = await textPdf(pages);
  const fileKey = await uploadPdf(client, pdf, fetch);
  const { docId } = await client.call('/doc/createbyfilekey', { fileKey });
  return { docId, fileKey, pdf };
}

/** A two-signer ordered flow: A (order 1) at KEY_A, B (order 2) at KEY_B, SMS notices. */
export async function startTwoSignerFlow(
  client: EsignClient,
  a: Person,
  b: Person,
  docId: string,
  extra: Record<string, unknown> = {},
): Promise<{ flowId: string; urlA: string; urlB: string }> {
  const started = await client.call('/sign/start', {
    businessScene: '个人借款',
    noticeType: '1',
    docList: [{ docId }],
    recipientList: {
      signerList: [
        {
          accountId: a.accountId,
          signOrder: 1,
          docPosList: [{ docId, signType: 1, posBeanList: [{ key: KEY_A }] }],
        },
        {
          accountId: b.accountId,
          signOrder: 2,
          docPosList: [{ docId, signType: 1, posBeanList: [{ key: KEY_B }] }],
        },
      ],
    },
    ...extra,
  } as never);
  const url = (acct: string) => {
    const entry = started.signUrlList?.find((s) => s.accountId === acct);
    if (!entry?.signUrl[0]) throw new Error(`no signUrl for ${acct}`);
    return entry.signUrl[0];
  };
  return { flowId: started.flowId, urlA: url(a.accountId), urlB: url(b.accountId) };
}

// ── a scripted callback receiver ───────────────────────────────────────────────────────────

export interface Hit {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Wall-clock ms. */
  at: number;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Real ms to wait before answering. */
  delayMs?: number;
}

export interface ScriptedReceiver {
  /** http://127.0.0.1:<port>/callback */
  url: string;
  origin: string;
  hits: Hit[];
  /** Hits on /callback only (what the simulator POSTed). */
  callbacks(): Hit[];
  respond: (hit: Hit, n: number) => Answer;
  /** Resolves when `count` callbacks arrived (rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<Hit[]>;
  close(): Promise<void>;
}

/** A real HTTP server on loopback; `respond` scripts each answer (n = 1-based callback number). */
export async function scriptedReceiver(
  respond: ScriptedReceiver['respond'] = () => ({ status: 200, body: 'ok' }),
): Promise<ScriptedReceiver> {
  const hits: Hit[] = [];
  const r = {
    hits,
    respond,
    callbacks: () => hits.filter((h) => h.path.startsWith('/callback')),
  } as ScriptedReceiver;
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit: Hit = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      hits.push(hit);
      const answer = hit.path.startsWith('/callback')
        ? r.respond(hit, r.callbacks().length)
        : { status: 404, body: 'not the callback path' };
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...(answer.headers ?? {}) });
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  r.url = `${r.origin}/callback`;
  r.waitFor = async (count, ms = 3000) => {
    const until = Date.now() + ms;
    while (r.callbacks().length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} callbacks, got ${r.callbacks().length}`);
      await new Promise((res) => setTimeout(res, 10));
    }
    return r.callbacks();
  };
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}

/** Polls `fn` until it returns a truthy value (rejects after `ms`). */
export async function eventually<T>(
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 3000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

// ── the shared conformance suite's adapter ─────────────────────────────────────────────────

/** A request to the API signed as the esign client signs it (§4.3.1), with any body and secret. */
function signedRequest(t: Target, path: string, body: string, projectId: string, secret: string): Request {
  return new Request(t.baseUrl + path, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'X-timevale-project-id': projectId,
      'X-timevale-signature': hmacSha256Hex(secret, body),
      'X-timevale-mode': 'package',
      'X-timevale-signature-algorithm': 'hmac-sha256',
    },
  });
}

const clientOf = (t: Target, tenant: Credentials): EsignClient =>
  createEsignClient({
    baseUrl: t.baseUrl,
    projectId: tenant.projectId!,
    secret: tenant.projectSecret!,
    fetch: (r) => t.fetch(r),
  });

let conformanceSeq = 0;

/** esign for the shared suite: the object is a personal account, looked up by its thirdId. */
export const conformance: VendorConformance = {
  vendor: 'esign',
  contract: esignContract,
  async create(t, tenant) {
    const thirdId = `conformance-${process.pid}-${++conformanceSeq}`;
    const p = flowFaker.person();
    await clientOf(t, tenant).call('/account/create/person/private', {
      thirdId,
      name: p.name,
      idNo: p.idNo,
      idType: 19,
      mobile: p.mobile,
    });
    return thirdId;
  },
  async read(t, tenant, thirdId) {
    try {
      const { accountId } = await clientOf(t, tenant).call('/account/idexchange', { thirdId });
      return { found: true, view: accountId };
    } catch (e) {
      if (e instanceof EsignApiError && e.errCode === esignErrors.THIRD_ID_NOT_FOUND.errCode)
        return { found: false };
      throw e;
    }
  },
  async oversized(t, tenant, bytes) {
    const body = JSON.stringify({
      thirdId: 'oversized',
      name: '张三',
      idNo: '110108196710262291',
      idType: 19,
      email: `${'x'.repeat(bytes)}@example.com`,
    });
    return signedRequest(t, '/account/create/person/private', body, tenant.projectId!, tenant.projectSecret!);
  },
  forged(t, route: RouteConfig) {
    // the default project's id, signed with a secret that is not its own
    const { projectId } = t.sim.vendor('esign').defaultCredentials();
    return signedRequest(t, route.path, '{}', projectId!, '0'.repeat(32));
  },
  faultError: 'RATE_LIMITED',
  // the gateway checks credentials before the path: an anonymous request is refused for those
  unknownPath(a: ConformanceAnswer) {
    expect(a.status).toBe(200);
    expect(a.body).toEqual({
      errCode: esignErrors.PROJECT_ID_MISSING.errCode,
      msg: esignErrors.PROJECT_ID_MISSING.msg,
    });
  },
  wrongMethod(a: ConformanceAnswer) {
    expect(a.status).toBe(200);
    expect(a.body).toEqual({
      errCode: esignErrors.METHOD_NOT_ALLOWED.errCode,
      msg: esignErrors.METHOD_NOT_ALLOWED.msg,
    });
  },
};
