/**
 * Shared setup for the esign end-to-end tests (fuzz, isolation, restart, browser, callbacks,
 * over-HTTP, kit): a simulator in-process or bound to real ports, the typed esign and control
 * clients wired to it, a scripted HTTP callback receiver, and the usual fixtures (people, an
 * uploaded contract, a two-signer ordered flow).
 *
 * Everything here goes through the public surfaces: `createSimulator`, the typed esign client
 * (`clients/esign`) and the typed control client (`clients/control`).
 */
import { freeBasePortFrom } from './ports.ts';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, type SealSim, type SimulatorOptions } from '../../index.ts';
import { contentMd5, createEsignClient, uploadFile, type EsignClient } from '../../clients/esign/index.ts';
import { createControlClient, type ControlClient } from '../../clients/control/index.ts';
import { ESIGN_BASE_PATH } from '../../contracts/esign/index.ts';
import { createTextPdf, findKeyword } from '../../simulators/core/pdf/index.ts';
import { createFaker } from '../../simulators/core/fake.ts';
import type { RunningServers } from '../../simulators/core/adapters/node-server.ts';

type FetchFn = (req: Request) => Promise<Response>;

/** 2024-01-02 10:00:00 Asia/Shanghai. */
export const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);
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
): Promise<{ status: number; body: any }> {
  const r = await control.api.POST('/__sim/esign/flows/{flowId}/signers/{accountId}', {
    params: { path: { flowId, accountId } },
    body: { action, ...(reason !== undefined ? { reason } : {}) },
  });
  return { status: r.response.status, body: r.data ?? r.error };
}

// ── fixtures ───────────────────────────────────────────────────────────────────────────────

export const faker = createFaker(20240102);

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
  const p = faker.person();
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

export function textPdf(pages: string[][] = CONTRACT_PAGES): Promise<Uint8Array> {
  return createTextPdf(pages.map((lines) => ({ lines })));
}

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

/** Centre of the first occurrence of `keyword` (PDF points, origin bottom-left). */
export async function keywordCentre(
  pdf: Uint8Array,
  keyword: string,
): Promise<{ page: number; x: number; y: number }> {
  const [hit] = await findKeyword(pdf, keyword);
  if (!hit) throw new Error(`keyword ${keyword} not in the document`);
  return { page: hit.page, x: hit.x + hit.width / 2, y: hit.y + hit.height / 2 };
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
  let server: Server;
  const r = {
    hits,
    respond,
    callbacks: () => hits.filter((h) => h.path.startsWith('/callback')),
  } as ScriptedReceiver;
  server = createHttpServer((req, res) => {
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
