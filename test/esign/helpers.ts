/** Shared setup for the esign tests: an in-process simulator, a typed client, fixtures. */
import { createHash } from 'node:crypto';
import { createSimulator, type SealSim } from '../../index.ts';
import { createEsignClient, uploadFile, type EsignClient } from '../../clients/esign/index.ts';
import { ESIGN_BASE_PATH } from '../../contracts/esign/index.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { createFaker } from '../../simulators/core/fake.ts';

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

export async function textPdf(pages: string[][]): Promise<Uint8Array> {
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
): Promise<{ status: number; json: any }> {
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

import { countDarkPixels, countRedPixels, renderPdfPage, type DecodedPng } from '../helpers/png.ts';
import { findKeyword, pageSizes } from '../../simulators/core/pdf/index.ts';

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
