/**
 * The signer's H5 page (the signUrl) and the flow-view page (the qrcodeSign QR code), served
 * under /h5 on the esign origin. Plain HTML forms: every action works without scripts.
 * Post/redirect/get: every POST answers 303 back to the page.
 *
 * The document's pages are drawn in the browser by pdf.js (served by the simulator itself under
 * PDFJS_ASSETS_PATH, see core/static-assets.ts and core/pdf-viewer.client.mjs) from
 * `/h5/sign/doc`, the signer's current PDF; each page's extracted text is in the HTML and stays
 * whenever the page cannot be drawn (no scripts, old browser, PDF or worker failure).
 *
 * A signUrl carries flowId, accountId and the signer's own token; all three must match one
 * signer of one flow, so a link opens nothing but its own signer's page and documents.
 */
import { Hono, type Context } from 'hono';
import { checkCode, sendCode } from '../codes.ts';
import { expireIfDue, flowLockKey, signerRefuses, signerSigns } from '../flow.ts';
import type { EsignRuntime } from '../runtime.ts';
import type { EsignTenant, Flow, Signer } from '../state.ts';
import { bodyLimit, PAGE_MAX_BODY_BYTES } from '../../core/pipeline/limit.ts';
import { MINUTE } from '../../core/time.ts';
import { downloadUrl, flowViewCode } from '../urls.ts';
import { renderFlowView, renderInvalid, renderSignPage, type DocView } from './render.ts';
import { pageTexts } from '../../core/page-text.ts';
import { timingSafeEqual } from 'node:crypto';

const PDF_LINK_TTL_MS = 30 * MINUTE;

/** What a POST tells the page it redirects to: `e` (an error), `n` (a notice) or `done`. */
type PageNotice = Record<string, string>;

/** Where app.ts mounts the pdf.js assets and the page viewer (on the esign origin). */
export const PDFJS_ASSETS_PATH = '/h5/assets/pdfjs';

function docUrl(flow: Flow, signer: Signer, docId: string): string {
  const query = new URLSearchParams({
    flowId: flow.flowId,
    accountId: signer.accountId,
    token: signer.token,
    docId,
  });
  return `/h5/sign/doc?${query.toString()}`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function locateFlow(rt: EsignRuntime, flowId: string): { t: EsignTenant; flow: Flow } | undefined {
  const found = rt.tenants.findEntry((t) => t.flows, flowId);
  return found && { t: found.tenant, flow: found.entry };
}

function locate(
  rt: EsignRuntime,
  q: { flowId?: string; accountId?: string; token?: string },
): { t: EsignTenant; flow: Flow; signer: Signer } | undefined {
  if (!q.flowId || !q.accountId || !q.token) return undefined;
  const found = locateFlow(rt, q.flowId);
  if (!found) return undefined;
  const signer = found.flow.signers.find((s) => s.accountId === q.accountId && sameSecret(s.token, q.token!));
  return signer ? { ...found, signer } : undefined;
}

function pageUrl(flow: Flow, signer: Signer, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    flowId: flow.flowId,
    accountId: signer.accountId,
    token: signer.token,
    ...extra,
  });
  return `/h5/sign?${query.toString()}`;
}

async function form(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function createPages(rt: EsignRuntime): Hono {
  const app = new Hono();
  // The forms send a few short fields: anything larger is refused before it is read.
  app.use(
    '*',
    bodyLimit(PAGE_MAX_BODY_BYTES, (c) => c.html(renderInvalid('请求内容过大'), 413)),
  );

  app.get('/sign', async (c) => {
    const q = c.req.query();
    const found = locate(rt, q);
    if (!found) return c.html(renderInvalid(), 404);
    const { t, flow, signer } = found;
    await rt.lock(flowLockKey(t, flow.flowId), () => expireIfDue(rt, t, flow));
    const docs: DocView[] = [];
    for (const d of flow.docs) {
      const blob = rt.ctx.blobs.get(d.currentBlobId);
      if (!blob) continue;
      const plan = signer.plans.find((p) => p.docId === d.docId);
      docs.push({
        docId: d.docId,
        name: d.name,
        pdfUrl: downloadUrl(rt, d.currentBlobId, PDF_LINK_TTL_MS),
        viewUrl: docUrl(flow, signer, d.docId),
        pages: await pageTexts(blob.id, blob.bytes),
        mine: plan ? plan.stamps.map((s) => s.describe) : [],
      });
    }
    return c.html(
      renderSignPage({
        t,
        flow,
        signer,
        docs,
        actionBase: '/h5/sign',
        viewerUrl: `${PDFJS_ASSETS_PATH}/viewer.mjs`,
        notice: q.n,
        error: q.e,
        done: q.done === '1',
      }),
    );
  });

  /** The current PDF of one of the flow's documents, for the page's viewer; signer-scoped. */
  app.get('/sign/doc', (c) => {
    const q = c.req.query();
    const found = locate(rt, q);
    const doc = found?.flow.docs.find((d) => d.docId === q.docId);
    const blob = doc ? rt.ctx.blobs.get(doc.currentBlobId) : undefined;
    if (!blob) return c.text('404 Not Found', 404);
    const fileName = `${doc!.name.replace(/\.pdf$/i, '')}.pdf`;
    return new Response(new Uint8Array(blob.bytes), {
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(blob.bytes.byteLength),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      },
    });
  });

  app.post('/sign/code', async (c) => {
    const found = locate(rt, await form(c));
    if (!found) return c.html(renderInvalid(), 404);
    const { t, flow, signer } = found;
    const key = await rt.lock(flowLockKey(t, flow.flowId), (): PageNotice => {
      if (signer.signStatus !== 0 && signer.signStatus !== 1) return { e: 'already-done' };
      expireIfDue(rt, t, flow);
      if (flow.flowStatus !== 1) return { e: 'not-running' };
      if (signer.signStatus === 0) return { e: 'not-your-turn' };
      const r = sendCode(rt, t, flow, signer);
      return r.ok ? { n: 'sent' } : { e: r.reason };
    });
    return c.redirect(pageUrl(flow, signer, key), 303);
  });

  app.post('/sign/submit', async (c) => {
    const f = await form(c);
    const found = locate(rt, f);
    if (!found) return c.html(renderInvalid(), 404);
    const { t, flow, signer } = found;
    const key = await rt.lock(flowLockKey(t, flow.flowId), async (): Promise<PageNotice> => {
      if (signer.signStatus !== 0 && signer.signStatus !== 1) return { e: 'already-done' };
      expireIfDue(rt, t, flow);
      if (flow.flowStatus !== 1) return { e: 'not-running' };
      if (signer.signStatus === 0) return { e: 'not-your-turn' };
      const check = checkCode(rt, signer, f.code ?? '');
      if (check !== 'ok') return { e: check === 'missing' ? 'code-missing' : `code-${check}` };
      const r = await signerSigns(rt, t, flow, signer);
      return r.ok ? { done: '1' } : { e: r.reason };
    });
    return c.redirect(pageUrl(flow, signer, key), 303);
  });

  app.post('/sign/refuse', async (c) => {
    const f = await form(c);
    const found = locate(rt, f);
    if (!found) return c.html(renderInvalid(), 404);
    const { t, flow, signer } = found;
    const key = await rt.lock(flowLockKey(t, flow.flowId), (): PageNotice => {
      const r = signerRefuses(rt, t, flow, signer, (f.reason ?? '').slice(0, 200));
      return r.ok ? { done: '1' } : { e: r.reason };
    });
    return c.redirect(pageUrl(flow, signer, key), 303);
  });

  app.get('/flow', (c) => {
    const { flowId, v } = c.req.query();
    const found = flowId ? locateFlow(rt, flowId) : undefined;
    if (!found || !v || !sameSecret(flowViewCode(found.t, found.flow.flowId), v))
      return c.html(renderInvalid('签署任务不存在或链接无效'), 404);
    return c.html(renderFlowView(found.t, found.flow));
  });

  return app;
}
