/**
 * Signing on WoSign's platform (issue 12 "Signing and PushSignedDoc"): the signers of an order sign
 * in signerlist order, each on its own signing page (pages/) or through the console's human action,
 * the same code either way.
 *
 * - Every signer gets an SMS with their page's link (the outbox) when the order is made, and again
 *   when their turn comes; a page before its signer's turn says so.
 * - A signature draws the signer's seal (the stamp from stampbase, else a generated company or
 *   personal seal) at each of their positions into the order's working copy, which the next
 *   signer's page shows.
 * - The last signature makes the signed PDF: the working copy with one invisible certifying
 *   signature as WoSign's PDFSigner makes it (SIGNATURE_PROFILE), encrypted with the order's
 *   password when it has one; then PushSignedDoc (push.ts).
 * - A refusal ends the order; PushSignedDoc then says status 0.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  displayedSize,
  displayedToUser,
  InvalidSealError,
  pageFrames,
  stampPdf,
  type PageFrame,
  type SealSpec,
  type Stamp,
} from '../core/pdf/index.ts';
import { sealSize } from '../core/pdf/seal-geometry.ts';
import { signWithSeals } from '../core/pdf/sign/index.ts';
import { usableSigner, type IssuedSigner } from '../core/pki/index.ts';
import { pushRefused, pushSigned } from './push.ts';
import { VENDOR, type WosignRuntime } from './runtime.ts';
import type { WosignOrder, WosignSigner, WosignTenant } from './state.ts';

/**
 * The signature dictionary as WoSign's signer writes it (read from a PDF the vendor's test
 * environment signed, issue 12): adbe.pkcs7.detached, /Prop_Build /App /Name, these texts (two
 * spaces between the Location's parts), a certifying signature with DocMDP P=2, /M in +08'00'.
 */
export const SIGNATURE_PROFILE = {
  subFilter: 'adbe.pkcs7.detached',
  appName: 'WoSign PDFSigner',
  reason: '此数字签名等同于签约方盖章，依据电子签名法具有同盖章同等法律效力。',
  location: '中国  浙江省  杭州市',
  contactInfo: '+86-755-86008688',
  docMdpPermissions: 2,
} as const;

/**
 * The certificate the signed PDFs carry: WoSign's own, not the signers' (the real one is the
 * vendor's). decision: wosign.platform-signer
 */
export const PLATFORM_SIGNER = { name: 'WoSign CA Limited', uscc: '440301103308619' } as const;

/** Why a signer's action was not taken. */
export type SignerRefusal = 'not-your-turn' | 'order-finished' | 'already-done';

export type SignerOutcome = { ok: true } | { ok: false; reason: SignerRefusal };

export const orderLockKey = (signid: string) => `order:${signid}`;

/** A fresh secret for a signer's page link. */
export function newPageToken(): string {
  return randomBytes(18).toString('base64url');
}

/** The signer's page: `/sign?signid=&index=&token=` on the vendor's origin. */
export function signingPageUrl(rt: WosignRuntime, order: WosignOrder, signer: WosignSigner): string {
  const q = new URLSearchParams({
    signid: order.signid,
    index: String(signer.index),
    token: signer.pageToken,
  });
  return `${rt.origin()}/sign?${q.toString()}`;
}

/** Who the signer is, as the SMS and the page name them. */
export function signerName(signer: WosignSigner): string {
  return (signer.signType === 1 ? signer.orgName : signer.userName) ?? '';
}

/**
 * The SMS WoSign sends a signer with their page's link: every signer when the order is made (a
 * later one told their place in the order), and a signer after the first again when their turn
 * comes. To the signer's mobile when the request gave one, else to their licence or ID number (the
 * account WoSign knows them by). decision: wosign.signing-sms
 */
export function sendSigningSms(
  rt: WosignRuntime,
  t: WosignTenant,
  order: WosignOrder,
  signer: WosignSigner,
  why: 'invite' | 'turn',
) {
  const link = signingPageUrl(rt, order, signer);
  const to = signer.mobile ?? (signer.signType === 1 ? signer.orgNo : signer.userNo) ?? '';
  const title = order.subject || order.orderNumber;
  const name = signerName(signer);
  const text =
    why === 'turn'
      ? `【沃通】${name}，文件《${title}》已轮到您签署，请点击链接完成签署：${link}`
      : signer.index === 0
        ? `【沃通】${name}，您有一份文件《${title}》待签署，请点击链接完成签署：${link}`
        : `【沃通】${name}，您有一份文件《${title}》待签署（您是第 ${signer.index + 1} 位签署人，` +
          `前序签署人完成后即可签署），签署链接：${link}`;
  rt.ctx.outbox.send({ vendor: VENDOR, tenant: t.id, channel: 'sms', to, text, link });
}

/** Whether `signer` may act now, or why not. */
function checkTurn(order: WosignOrder, signer: WosignSigner): SignerOutcome {
  if (signer.status === 'signed' || signer.status === 'refused') return { ok: false, reason: 'already-done' };
  if (order.status !== 'signing') return { ok: false, reason: 'order-finished' };
  if (signer.status !== 'signing') return { ok: false, reason: 'not-your-turn' };
  return { ok: true };
}

/** The seal the signer's positions get: their stamp picture, else one generated from the name. */
function sealOf(rt: WosignRuntime, signer: WosignSigner): SealSpec {
  const stamp = signer.stampBlobId === undefined ? undefined : rt.ctx.blobs.get(signer.stampBlobId);
  if (stamp) return { kind: 'image', png: stamp.bytes };
  return generatedSeal(signer);
}

function generatedSeal(signer: WosignSigner): SealSpec {
  return signer.signType === 1
    ? { kind: 'company', name: signer.orgName ?? '' }
    : { kind: 'personal', name: signer.userName ?? '' };
}

/**
 * The seal at each position: centred in the box, as large as fits it (fractions of the page as
 * displayed, turned into user space for a rotated page). decision: wosign.seal-in-box
 */
export function stampsFor(frames: PageFrame[], signer: WosignSigner, seal: SealSpec): Stamp[] {
  const shape = sealSize(seal, 100);
  const ratio = shape.height / shape.width;
  return signer.positions.map((p) => {
    const frame = frames[p.page - 1];
    if (!frame) throw new RangeError(`page ${p.page} is not in the document`);
    const size = displayedSize(frame);
    const boxWidth = (p.x2 - p.x1) * size.width;
    const boxHeight = (p.y2 - p.y1) * size.height;
    const centre = displayedToUser(
      frame,
      ((p.x1 + p.x2) / 2) * size.width,
      ((p.y1 + p.y2) / 2) * size.height,
    );
    return {
      seal,
      placement: { kind: 'xy', page: p.page, x: centre.x, y: centre.y },
      width: Math.max(1, Math.min(boxWidth, boxHeight / ratio)),
    };
  });
}

/** The document with this signer's seals added (the working copy before it). */
async function withSeals(rt: WosignRuntime, order: WosignOrder, signer: WosignSigner): Promise<Uint8Array> {
  const current = rt.ctx.blobs.get(order.stampedBlobId ?? order.fileBlobId);
  if (!current) throw new Error(`wosign order ${order.signid} has no document`);
  const frames = await pageFrames(current.bytes);
  try {
    return (await stampPdf(current.bytes, stampsFor(frames, signer, sealOf(rt, signer)))).pdf;
  } catch (err) {
    // A stamp picture that passed the PNG/JPEG check but will not draw: the generated seal instead.
    // decision: wosign.stamp-fallback
    if (!(err instanceof InvalidSealError) || signer.stampBlobId === undefined) throw err;
    return (await stampPdf(current.bytes, stampsFor(frames, signer, generatedSeal(signer)))).pdf;
  }
}

/** WoSign's certificate for the tenant's signed PDFs: the kept one while valid, else a new one. */
async function platformCertificate(rt: WosignRuntime, t: WosignTenant): Promise<IssuedSigner> {
  const kept = usableSigner(t.platformSigner, rt.now());
  if (kept) return kept;
  const issued = await rt.pki.issueSigner({ kind: 'org', ...PLATFORM_SIGNER, at: new Date(rt.now()) });
  t.platformSigner = issued.stored;
  rt.changed();
  return issued;
}

/** The signed PDF: one invisible certifying signature on the sealed document, encrypted if asked. */
export async function signedDocument(
  rt: WosignRuntime,
  t: WosignTenant,
  order: WosignOrder,
  sealed: Uint8Array,
): Promise<Uint8Array> {
  const signer = await platformCertificate(rt, t);
  const { pdf } = await signWithSeals(sealed, {
    signer,
    signingTime: new Date(rt.now()),
    subFilter: SIGNATURE_PROFILE.subFilter,
    reason: SIGNATURE_PROFILE.reason,
    location: SIGNATURE_PROFILE.location,
    contactInfo: SIGNATURE_PROFILE.contactInfo,
    propBuild: { App: { Name: SIGNATURE_PROFILE.appName } },
    certify: { permissions: SIGNATURE_PROFILE.docMdpPermissions },
    // doc: 3.1 创建签署, password 设置签署文档密码 (the user password). decision: wosign.password
    ...(order.password ? { encryption: { userPassword: order.password } } : {}),
  });
  return pdf;
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * `signer` signs now. Call under `rt.lock(orderLockKey(signid))` with the tenant and order read in
 * this request. The order is unchanged when it is not the signer's turn or anything throws.
 */
export async function signerSigns(
  rt: WosignRuntime,
  t: WosignTenant,
  order: WosignOrder,
  signer: WosignSigner,
): Promise<SignerOutcome> {
  const turn = checkTurn(order, signer);
  if (!turn.ok) return turn;
  const sealed = await withSeals(rt, order, signer);
  const next = order.signers[signer.index + 1];
  const signed = next ? undefined : await signedDocument(rt, t, order, sealed);

  const now = rt.now();
  const working = rt.ctx.blobs.put(sealed, {
    tenant: t.id,
    vendor: VENDOR,
    contentType: 'application/pdf',
    name: `${order.signid}.pdf`,
  });
  if (order.stampedBlobId !== undefined) rt.ctx.blobs.delete(order.stampedBlobId);
  order.stampedBlobId = working.id;
  signer.status = 'signed';
  signer.signedAt = now;
  if (next) {
    next.status = 'signing';
    rt.changed();
    sendSigningSms(rt, t, order, next, 'turn');
    return { ok: true };
  }
  const blob = rt.ctx.blobs.put(signed!, {
    tenant: t.id,
    vendor: VENDOR,
    contentType: 'application/pdf',
    name: `${order.orderNumber}.pdf`,
  });
  order.signedBlobId = blob.id;
  order.signedSha256 = sha256Hex(signed!);
  order.status = 'signed';
  order.finishedAt = now;
  rt.changed();
  pushSigned(rt, t, order, signed!);
  return { ok: true };
}

/** `signer` refuses: the order ends (refused) and PushSignedDoc says so. Under the order's lock. */
export function signerRefuses(
  rt: WosignRuntime,
  t: WosignTenant,
  order: WosignOrder,
  signer: WosignSigner,
): SignerOutcome {
  const turn = checkTurn(order, signer);
  if (!turn.ok) return turn;
  const now = rt.now();
  signer.status = 'refused';
  signer.refusedAt = now;
  order.status = 'refused';
  order.finishedAt = now;
  rt.changed();
  pushRefused(rt, t, order);
  return { ok: true };
}

/**
 * Runs `fn` on signer `index` of order `signid` under the order's lock, the tenant and order read
 * afresh inside it; undefined when there is no such order or signer.
 */
export function withSigner<R>(
  rt: WosignRuntime,
  signid: string,
  index: number,
  fn: (t: WosignTenant, order: WosignOrder, signer: WosignSigner) => Promise<R> | R,
): Promise<R | undefined> {
  return rt.lock(orderLockKey(signid), () => {
    const found = rt.findOrder(signid);
    const signer = found?.order.signers[index];
    return found && signer ? fn(found.tenant, found.order, signer) : undefined;
  });
}
