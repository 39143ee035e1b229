/**
 * A signer's signing page on WoSign's platform (the link of the SMS signing.ts sends), served on
 * the wosign origin under `/sign` (app.ts's host paths): plain HTML forms, post/redirect/get.
 *
 * - `GET /sign?signid=&index=&token=`: the page; signid, index and the signer's own token must
 *   match one signer of one order, so a link opens nothing but its signer's page and document;
 * - `GET /sign/doc?signid=&index=&token=`: the document as it is now (the seals of those who
 *   signed), for the page's pdf.js viewer;
 * - `POST /sign/submit`, `POST /sign/refuse` (the same three fields): 签署 / 拒签, then 303 back;
 * - `/sign/assets/pdfjs/*`: pdf.js and core's page viewer.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { pageTexts } from '../../core/page-text.ts';
import { bodyLimit, PAGE_MAX_BODY_BYTES } from '../../core/pipeline/limit.ts';
import { pdfjsAssets } from '../../core/static-assets.ts';
import type { WosignRuntime } from '../runtime.ts';
import { signerRefuses, signerSigns, withSigner, type SignerOutcome } from '../signing.ts';
import type { WosignOrder, WosignSigner, WosignTenant } from '../state.ts';
import { renderInvalid, renderSignPage } from './render.ts';

export const PAGE_BASE = '/sign';
const PDFJS_PATH = `${PAGE_BASE}/assets/pdfjs`;

interface PageQuery {
  signid?: string;
  index?: string;
  token?: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The signer's index as given: a plain non-negative integer, else undefined. */
function readIndex(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,3}$/.test(text) ? Number(text) : undefined;
}

/** The order and signer a link names, when its token is the signer's. */
function locate(
  rt: WosignRuntime,
  q: PageQuery,
): { t: WosignTenant; order: WosignOrder; signer: WosignSigner } | undefined {
  const index = readIndex(q.index);
  if (!q.signid || index === undefined || !q.token) return undefined;
  const found = rt.findOrder(q.signid);
  const signer = found?.order.signers[index];
  if (!found || !signer || !sameSecret(signer.pageToken, q.token)) return undefined;
  return { t: found.tenant, order: found.order, signer };
}

function query(order: WosignOrder, signer: WosignSigner, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    signid: order.signid,
    index: String(signer.index),
    token: signer.pageToken,
    ...extra,
  }).toString();
}

/** The document as it is now: the working copy with the seals so far, else as given. */
function currentDocument(rt: WosignRuntime, order: WosignOrder) {
  return rt.ctx.blobs.get(order.stampedBlobId ?? order.fileBlobId);
}

async function form(c: Context): Promise<PageQuery> {
  const body = await c.req.parseBody().catch(() => ({}));
  const text = (k: string) => {
    const v = (body as Record<string, unknown>)[k];
    return typeof v === 'string' ? v : undefined;
  };
  return { signid: text('signid'), index: text('index'), token: text('token') };
}

/** A POST's action on the linked signer under the order's lock, then 303 back to the page. */
async function act(
  c: Context,
  rt: WosignRuntime,
  run: (t: WosignTenant, order: WosignOrder, signer: WosignSigner) => Promise<SignerOutcome> | SignerOutcome,
): Promise<Response> {
  const f = await form(c);
  const index = readIndex(f.index);
  if (!f.signid || index === undefined || !f.token) return c.html(renderInvalid(), 404);
  const token = f.token;
  const done = await withSigner(rt, f.signid, index, async (t, order, signer) => {
    if (!sameSecret(signer.pageToken, token)) return undefined;
    const outcome = await run(t, order, signer);
    return `${PAGE_BASE}?${query(order, signer, outcome.ok ? { done: '1' } : { e: outcome.reason })}`;
  });
  if (!done) return c.html(renderInvalid(), 404);
  return c.redirect(done, 303);
}

export function createPages(rt: WosignRuntime): Hono {
  const app = new Hono();
  // The forms send three short fields: anything larger is refused before it is read.
  app.use(
    '*',
    bodyLimit(PAGE_MAX_BODY_BYTES, (c) => c.html(renderInvalid('请求内容过大'), 413)),
  );

  app.get('/', async (c) => {
    const q = c.req.query();
    const found = locate(rt, q);
    if (!found) return c.html(renderInvalid(), 404);
    const { order, signer } = found;
    const doc = currentDocument(rt, order);
    if (!doc) return c.html(renderInvalid('文件不存在'), 404);
    return c.html(
      renderSignPage({
        order,
        signer,
        actionBase: PAGE_BASE,
        pdfUrl: `${PAGE_BASE}/doc?${query(order, signer)}`,
        pages: await pageTexts(doc.id, doc.bytes),
        viewerUrl: `${PDFJS_PATH}/viewer.mjs`,
        ...(q.e ? { error: q.e } : {}),
        done: q.done === '1',
      }),
      200,
      { 'cache-control': 'no-store' },
    );
  });

  app.get('/doc', (c) => {
    const found = locate(rt, c.req.query());
    const doc = found ? currentDocument(rt, found.order) : undefined;
    if (!found || !doc) return c.text('404 Not Found', 404);
    const name = `${found.order.subject || found.order.orderNumber}.pdf`;
    return new Response(new Uint8Array(doc.bytes), {
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(doc.bytes.byteLength),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`,
      },
    });
  });

  app.post('/submit', (c) => act(c, rt, (t, order, signer) => signerSigns(rt, t, order, signer)));
  app.post('/refuse', (c) => act(c, rt, (t, order, signer) => signerRefuses(rt, t, order, signer)));
  return app;
}

/** Mounts the page and its assets on the vendor app (host routes: the pipeline adds the page headers). */
export function pageHostRoutes(app: Hono, rt: WosignRuntime): void {
  app.get(`${PDFJS_PATH}/*`, pdfjsAssets(PDFJS_PATH));
  app.route(PAGE_BASE, createPages(rt));
}
