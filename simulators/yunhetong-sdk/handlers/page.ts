/**
 * The signing page's JSON endpoints (合同接口 4.合同签署: the page the JS SDK opens form-POSTs each
 * with `token`): contract/view, contract/sign, contract/allSign, sign/getSign, sign/createSign,
 * sign/delSign. The page itself (HTML, scripts, the PDF and signature pictures) is pages/.
 *
 * Who may do what (decision: yunhetong-sdk.page-access): the token's user looks at a contract of its
 * app it is a partner of, or any as the platform user (10526 otherwise); signs its own part with one
 * of its own signatures; keeps its own signatures.
 */
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import type { InputOf } from '../../../contracts/shared/operations.ts';
import type { YunhetongSdkOperations } from '../../../contracts/yunhetong-sdk/operations.ts';
import { CONTRACT_STATUS_TEXT, SIGN_STATUS_TEXT } from '../../../contracts/yunhetong-sdk/schemas.ts';
import { contractIdError } from '../../../contracts/yunhetong-sdk/validation.ts';
import { pageCount } from '../../core/pdf/index.ts';
import { decodablePng } from '../../core/png.ts';
import { jpegSize } from '../../core/template/param.ts';
import { formatBeijingTime } from '../../core/time.ts';
import { isPlatform, type UserCaller } from '../auth.ts';
import { VENDOR, type YunhetongSdkRuntime } from '../runtime.ts';
import {
  own,
  setOwn,
  type SdkContract,
  type SdkPartner,
  type SdkSignature,
  type SdkTenant,
} from '../state.ts';
import { signPartner } from '../signing.ts';
import { withUser, type SdkHandlersOf } from './common.ts';

export type PageOperation = 'view' | 'sign' | 'allSign' | 'getSign' | 'createSign' | 'delSign';

type In<K extends PageOperation> = InputOf<YunhetongSdkOperations, K>;

/** The page's files (pages/index.ts serves them; they are host paths, not APIs). */
export const PAGE_PDF_PATH = '/sdk/viewsopen/contract/pdf';
export const SIGN_IMAGE_PATH = '/sdk/viewsopen/sign/image';

/** Same-origin URL of the contract's current PDF for the token's user. */
export function contractPdfUrl(token: string, contractId: string): string {
  return `${PAGE_PDF_PATH}?${new URLSearchParams({ token, contractId }).toString()}`;
}

/** Same-origin URL of a signature's picture for the token's user. */
export function signImageUrl(token: string, signatureId: number): string {
  return `${SIGN_IMAGE_PATH}?${new URLSearchParams({ token, signId: String(signatureId) }).toString()}`;
}

/** The largest drawn signature image accepted (decoded bytes). */
export const SIGN_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

/**
 * The contract the token's user may look at: 10528/10529 for the id, 10502 when it is not one of
 * the app's, 10526 when the user is neither a partner nor the platform user.
 * decision: yunhetong-sdk.page-access
 */
export function viewableContract(caller: UserCaller, contractId: string | undefined): SdkContract {
  const bad = contractIdError(contractId);
  if (bad) return catalogue.fail(bad);
  const contract = own(caller.tenant.contracts, contractId!.trim());
  if (!contract) return catalogue.fail('CONTRACT_NOT_FOUND');
  const partner = contract.partners.some((p) => p.appUserId === caller.user.appUserId);
  if (!partner && !isPlatform(caller)) return catalogue.fail('DETAIL_FORBIDDEN');
  return contract;
}

/** The user's signatures, oldest first (the automatic one usually first). */
export function signaturesOf(t: SdkTenant, appUserId: string): SdkSignature[] {
  return Object.values(t.signatures)
    .filter((s) => s.appUserId === appUserId)
    .sort((a, b) => a.signatureId - b.signatureId);
}

/** One of the caller's own signatures by the page's signId: 10603 empty, 10601 not theirs. */
export function ownSignature(caller: UserCaller, signId: string | undefined): SdkSignature {
  const id = signId?.trim() ?? '';
  if (id === '') return catalogue.fail('SIGNATURE_REQUIRED');
  const sig = /^\d{1,15}$/.test(id) ? own(caller.tenant.signatures, String(Number(id))) : undefined;
  if (!sig || sig.appUserId !== caller.user.appUserId) return catalogue.fail('SIGNATURE_NOT_FOUND');
  return sig;
}

/** The caller's own part of the contract, if it is a partner. */
export function partnerOf(contract: SdkContract, appUserId: string): SdkPartner | undefined {
  return contract.partners.find((p) => p.appUserId === appUserId);
}

/** The contract's current PDF (its blob is kept as long as the contract). */
export function contractPdf(
  rt: YunhetongSdkRuntime,
  contract: SdkContract,
): { id: string; bytes: Uint8Array } {
  const blob = rt.ctx.blobs.get(contract.fileBlobId);
  if (!blob) return catalogue.fail('UNKNOWN', `contract ${contract.contractId} has no file`);
  return { id: blob.id, bytes: blob.bytes };
}

async function view(rt: YunhetongSdkRuntime, caller: UserCaller, b: In<'view'>) {
  const contract = viewableContract(caller, b.contractId);
  const me = partnerOf(contract, caller.user.appUserId);
  const pdf = contractPdf(rt, contract);
  const pages = await pageCount(pdf.bytes).catch(() => 0);
  const open = contract.status === 'signing';
  return {
    partner: {
      contractId: Number(contract.contractId),
      invalid: open && (me !== undefined || isPlatform(caller)),
      sdkUserId: caller.user.appUserId,
      sign: open && me !== undefined && me.signedAt === undefined,
      hasSign: signaturesOf(caller.tenant, caller.user.appUserId).length > 0,
    },
    contract: {
      contractId: Number(contract.contractId),
      title: contract.title,
      status: CONTRACT_STATUS_TEXT[contract.status],
      gmtCreate: formatBeijingTime(contract.gmtCreate),
      fileUrl: contractPdfUrl(caller.token.token, contract.contractId),
      pageCount: pages,
    },
    partners: contract.partners.map((p) => ({
      appUserId: p.appUserId,
      userName: rt.user(caller.tenant, p.appUserId)?.userName ?? p.appUserId,
      signStatus: p.signedAt === undefined ? SIGN_STATUS_TEXT.unsigned : SIGN_STATUS_TEXT.signed,
      signedAt: p.signedAt === undefined ? null : formatBeijingTime(p.signedAt),
      locationName: p.locationName ?? null,
      keyWord: p.keyWord ?? null,
      locations: p.placed ?? p.locations,
    })),
    backURL: caller.token.backURL ?? null,
  };
}

function getSign(caller: UserCaller) {
  return {
    signs: signaturesOf(caller.tenant, caller.user.appUserId).map((s) => ({
      signId: s.signatureId,
      type: s.source,
      kind: s.image.kind,
      imageUrl: signImageUrl(caller.token.token, s.signatureId),
      gmtCreate: formatBeijingTime(s.createdAt),
    })),
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The drawn signature: Base64 of a PNG that decodes (core/png.ts) or a JPEG with a frame header,
 * a `data:image/...;base64,` prefix and line breaks accepted; 10602 otherwise.
 * decision: yunhetong-sdk.page-sign-image
 */
function readSignImage(sign: string | undefined): {
  bytes: Uint8Array;
  contentType: 'image/png' | 'image/jpeg';
} {
  // A `+` sent unencoded reads as a space (servlet decoding): it comes back; line breaks go.
  const text = (sign ?? '')
    .trim()
    .replace(/^data:image\/[a-z]+;base64,/i, '')
    .replace(/ /g, '+')
    .replace(/\s+/g, '');
  if (
    text === '' ||
    text.length % 4 === 1 ||
    !BASE64.test(text) ||
    (text.length * 3) / 4 > SIGN_IMAGE_MAX_BYTES
  )
    return catalogue.fail('SIGNATURE_IMAGE_INVALID');
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  if (decodablePng(bytes)) return { bytes, contentType: 'image/png' };
  if (jpegSize(bytes)) return { bytes, contentType: 'image/jpeg' };
  return catalogue.fail('SIGNATURE_IMAGE_INVALID');
}

function createSign(rt: YunhetongSdkRuntime, caller: UserCaller, b: In<'createSign'>) {
  const { bytes, contentType } = readSignImage(b.sign);
  const t = caller.tenant;
  const signatureId = t.nextSignatureId++;
  const blob = rt.ctx.blobs.put(bytes, {
    tenant: t.id,
    vendor: VENDOR,
    contentType,
    name: `sign-${signatureId}.${contentType === 'image/png' ? 'png' : 'jpg'}`,
  });
  const sig: SdkSignature = {
    signatureId,
    appUserId: caller.user.appUserId,
    source: 'drawn',
    image: { kind: 'image', blobId: blob.id, contentType },
    createdAt: rt.now(),
  };
  setOwn(t.signatures, String(signatureId), sig);
  rt.changed();
  return { signId: signatureId };
}

/**
 * Deletes one of the user's drawn signatures (contracts signed with it keep their seals). The
 * automatic one (made from userName) cannot be deleted: 10802. decision: yunhetong-sdk.page-del-sign
 */
function delSign(rt: YunhetongSdkRuntime, caller: UserCaller, b: In<'delSign'>) {
  const sig = ownSignature(caller, b.signId);
  if (sig.source === 'auto') return catalogue.fail('NO_PERMISSION');
  delete caller.tenant.signatures[String(sig.signatureId)];
  if (sig.image.kind === 'image') rt.ctx.blobs.delete(sig.image.blobId);
  rt.changed();
  return {};
}

/**
 * contract/sign: the token's user signs its own part with one of its signatures, at the part's
 * first location. contract/allSign: everything the user may sign in the contract — its own part at
 * every location, and as the platform user every other unsigned partner's part too (each with that
 * partner's default signature). decision: yunhetong-sdk.page-sign-vs-allsign
 */
async function sign(rt: YunhetongSdkRuntime, caller: UserCaller, b: In<'sign'>, all: boolean) {
  const contract = viewableContract(caller, b.contractId);
  const me = caller.user.appUserId;
  const signature = ownSignature(caller, b.signId);
  const noticeParams = caller.token.noticeParams;
  const occurrence = all ? 'all' : 'first';
  let signed = await signPartner(rt, caller.tenant, contract, me, {
    signatureId: signature.signatureId,
    occurrence,
    noticeParams,
  });
  if (all && isPlatform(caller)) {
    const others = signed.partners.filter((p) => p.appUserId !== me && p.signedAt === undefined);
    for (const p of others)
      signed = await signPartner(rt, caller.tenant, signed, p.appUserId, { occurrence, noticeParams });
  }
  return {
    contractId: Number(signed.contractId),
    status: CONTRACT_STATUS_TEXT[signed.status],
    backURL: caller.token.backURL ?? null,
  };
}

export function pageHandlers(rt: YunhetongSdkRuntime): SdkHandlersOf<PageOperation> {
  return {
    view: withUser((c, b: In<'view'>) => view(rt, c, b)),
    sign: withUser((c, b: In<'sign'>) => sign(rt, c, b, false)),
    allSign: withUser((c, b: In<'allSign'>) => sign(rt, c, b, true)),
    getSign: withUser((c) => getSign(c)),
    createSign: withUser((c, b: In<'createSign'>) => createSign(rt, c, b)),
    delSign: withUser((c, b: In<'delSign'>) => delSign(rt, c, b)),
  };
}
