/**
 * The signing page the vendor's JS SDK opens (合同接口 4.合同签署), its files and the JS SDK itself,
 * served on the yunhetong-sdk origin under `/sdk` beside the APIs (app.ts names them `hostPaths`):
 *
 * - `GET /sdk/viewsopen/m/contract_view_m.html?token=&contractId=` and
 *   `GET /sdk/contract/mobile/view?contractId=&token=`: the phone page; `GET /sdk/contract/hView?
 *   contractId=&token=`: the desktop page (the same page, wider);
 * - `GET /sdk/viewsopen/contract/pdf?token=&contractId=`: the contract's current PDF for the page's
 *   pdf.js viewer; `GET /sdk/viewsopen/sign/image?token=&signId=`: a signature's picture;
 * - `/sdk/viewsopen/assets/pdfjs/*` (pdf.js and core's viewer), `/sdk/viewsopen/assets/page/*`
 *   (the page's script);
 * - `GET /sdk/api/yht.js`, `GET /sdk/api/m/yht.js`: the JS SDK an integrator's page loads from
 *   another origin (served `cross-origin-resource-policy: cross-origin`).
 *
 * The page's actions are the JSON endpoints of handlers/page.ts. A page that cannot show the
 * contract shows the vendor's subCode and message (an unknown or expired token: 10801).
 */
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import {
  yunhetongSdkCatalogue as catalogue,
  yunhetongSdkMessage,
  yunhetongSdkErrors,
  type YunhetongSdkErrorName,
} from '../../../contracts/yunhetong-sdk/errors.ts';
import { CONTRACT_STATUS_TEXT } from '../../../contracts/yunhetong-sdk/schemas.ts';
import { pageTexts } from '../../core/page-text.ts';
import { contentSecurityPolicy, isHttpUrl } from '../../core/security.ts';
import { pdfjsAssets, staticAssets } from '../../core/static-assets.ts';
import { isPlatform, liveToken, type UserCaller } from '../auth.ts';
import {
  contractPdf,
  contractPdfUrl,
  ownSignature,
  PAGE_PDF_PATH,
  partnerOf,
  SIGN_IMAGE_PATH,
  viewableContract,
} from '../handlers/page.ts';
import type { YunhetongSdkRuntime } from '../runtime.ts';
import type { SdkContract, SdkPartner } from '../state.ts';
import { renderContractPage, renderPageError, type PartnerView } from './render.ts';
import { sealPreviewSvg } from './seal-preview.ts';

export const MOBILE_VIEW_PATHS = ['/sdk/viewsopen/m/contract_view_m.html', '/sdk/contract/mobile/view'];
export const DESKTOP_VIEW_PATH = '/sdk/contract/hView';
const ASSETS = '/sdk/viewsopen/assets';
const PDFJS_PATH = `${ASSETS}/pdfjs`;
const SCRIPT_PATH = `${ASSETS}/page`;

/** The paths under `/sdk` that are the page's, not APIs (the pipeline's hostPaths). */
export const PAGE_HOST_PATHS: readonly string[] = [
  '/sdk/viewsopen',
  '/sdk/contract/hView',
  '/sdk/contract/mobile/view',
  '/sdk/api',
];

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const ASSET_VERSION = 'yunhetong-sdk-1';

/** The JS SDK file with the header that lets another origin's page load it. */
function jsSdk(mountPath: string) {
  const serve = staticAssets(mountPath, {
    version: ASSET_VERSION,
    files: { 'yht.js': here('./yht.client.js') },
  });
  return async (c: Context) => {
    const res = await serve(c, async () => undefined);
    if (res instanceof Response) res.headers.set('cross-origin-resource-policy', 'cross-origin');
    return res;
  };
}

/** The token's user, or undefined (absent, unknown or expired token; a deleted user). */
function callerOf(rt: YunhetongSdkRuntime, token: string | undefined): UserCaller | undefined {
  const found = liveToken(rt, token);
  const user = found ? rt.user(found.tenant, found.token.appUserId) : undefined;
  return found && user ? { kind: 'token', ...found, user } : undefined;
}

/** The catalogue entry a page or file request failed with (anything else is rethrown). */
function failure(err: unknown): YunhetongSdkErrorName {
  if (catalogue.owns(err)) return err.key;
  throw err;
}

function errorPage(c: Context, name: YunhetongSdkErrorName): Response {
  return c.html(renderPageError(yunhetongSdkErrors[name].errCode, yunhetongSdkMessage(name)), 200, {
    'cache-control': 'no-store',
  });
}

/**
 * The backURL checkToken kept, as the page follows it: the JS SDK sends it with each `&` written as
 * `,` (unencoded in the query), so one without `&` has its commas turned back; http(s) only.
 * decision: yunhetong-sdk.page-back-url
 */
export function followableBackUrl(backURL: string | undefined): string | undefined {
  if (!backURL) return undefined;
  const url = backURL.includes('&') ? backURL : backURL.replace(/,/g, '&');
  return isHttpUrl(url) ? url : undefined;
}

function place(p: SdkPartner): string {
  if (p.keyWord) return `关键字「${p.keyWord}」`;
  return p.locationName ? `签署位置「${p.locationName}」` : '';
}

/**
 * Other pending parts contract/allSign signs besides the caller's: every unsigned partner when the
 * caller is the platform user. decision: yunhetong-sdk.page-sign-vs-allsign
 */
export function allSignOthers(caller: UserCaller, contract: SdkContract): SdkPartner[] {
  if (!isPlatform(caller)) return [];
  return contract.partners.filter((p) => p.appUserId !== caller.user.appUserId && p.signedAt === undefined);
}

async function contractPage(c: Context, rt: YunhetongSdkRuntime, mobile: boolean): Promise<Response> {
  const q = c.req.query();
  const caller = callerOf(rt, q.token);
  if (!caller) return errorPage(c, 'TOKEN_EXPIRED');
  let contract: SdkContract;
  try {
    contract = viewableContract(caller, q.contractId);
  } catch (err) {
    return errorPage(c, failure(err));
  }
  const pdf = contractPdf(rt, contract);
  const nameOf = (id: string) => rt.user(caller.tenant, id)?.userName ?? id;
  const me = caller.user.appUserId;
  const partners: PartnerView[] = contract.partners.map((p) => ({
    appUserId: p.appUserId,
    userName: nameOf(p.appUserId),
    signed: p.signedAt !== undefined,
    me: p.appUserId === me,
    place: place(p),
  }));
  const mine = partners.find((p) => p.me);
  const canSign = contract.status === 'signing' && mine !== undefined && !mine.signed;
  const html = renderContractPage({
    mobile,
    apiBase: '/sdk',
    token: caller.token.token,
    contractId: contract.contractId,
    title: contract.title,
    statusText: CONTRACT_STATUS_TEXT[contract.status],
    partners,
    mine,
    canSign,
    allSignAlso: canSign ? allSignOthers(caller, contract).map((p) => nameOf(p.appUserId)) : [],
    pdfUrl: contractPdfUrl(caller.token.token, contract.contractId),
    pages: await pageTexts(pdf.id, pdf.bytes),
    viewerUrl: `${PDFJS_PATH}/viewer.mjs`,
    scriptUrl: `${SCRIPT_PATH}/contract-view.mjs`,
    backUrl: followableBackUrl(caller.token.backURL),
    done: q.done === '1' && partnerOf(contract, me)?.signedAt !== undefined,
  });
  return c.html(html, 200, {
    'cache-control': 'no-store',
    // The JS SDK's integrators show the view inside their own pages. decision: yunhetong-sdk.page-embeddable
    'content-security-policy': contentSecurityPolicy({ frameAncestors: 'http: https:' }),
  });
}

const notFound = (c: Context) => c.text('404 Not Found', 404);

/** The contract's current PDF, for a user who may view it. */
function pdfFile(c: Context, rt: YunhetongSdkRuntime): Response {
  const q = c.req.query();
  const caller = callerOf(rt, q.token);
  if (!caller) return notFound(c);
  let contract: SdkContract;
  try {
    contract = viewableContract(caller, q.contractId);
  } catch (err) {
    failure(err);
    return notFound(c);
  }
  const { bytes } = contractPdf(rt, contract);
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': 'application/pdf',
      'content-length': String(bytes.byteLength),
      'cache-control': 'private, no-store',
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(`${contract.title}.pdf`)}`,
    },
  });
}

/** One of the token user's signatures as a picture: the drawn image, or a preview of a seal spec. */
function signImage(c: Context, rt: YunhetongSdkRuntime): Response {
  const q = c.req.query();
  const caller = callerOf(rt, q.token);
  if (!caller) return notFound(c);
  let image;
  try {
    image = ownSignature(caller, q.signId).image;
  } catch (err) {
    failure(err);
    return notFound(c);
  }
  const headers = { 'cache-control': 'private, no-store' };
  if (image.kind !== 'image') {
    return c.body(sealPreviewSvg(image.kind, image.name), 200, {
      ...headers,
      'content-type': 'image/svg+xml; charset=utf-8',
    });
  }
  const blob = rt.ctx.blobs.get(image.blobId);
  if (!blob) return notFound(c);
  return new Response(new Uint8Array(blob.bytes), {
    headers: { ...headers, 'content-type': image.contentType },
  });
}

/** Mounts the page's routes on the vendor app (host routes: the pipeline adds the page headers). */
export function pageHostRoutes(app: Hono, rt: YunhetongSdkRuntime): void {
  for (const path of MOBILE_VIEW_PATHS) app.get(path, (c) => contractPage(c, rt, true));
  app.get(DESKTOP_VIEW_PATH, (c) => contractPage(c, rt, false));
  app.get(PAGE_PDF_PATH, (c) => pdfFile(c, rt));
  app.get(SIGN_IMAGE_PATH, (c) => signImage(c, rt));
  app.get(`${PDFJS_PATH}/*`, pdfjsAssets(PDFJS_PATH));
  app.get(
    `${SCRIPT_PATH}/*`,
    staticAssets(SCRIPT_PATH, {
      version: ASSET_VERSION,
      files: { 'contract-view.mjs': here('./contract-view.client.mjs') },
    }),
  );
  app.get('/sdk/api/yht.js', jsSdk('/sdk/api'));
  app.get('/sdk/api/m/yht.js', jsSdk('/sdk/api/m'));
}
