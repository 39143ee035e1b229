/**
 * A partner's signature on a contract: the one signing every path uses (contract/signContract, the
 * signing page's contract/sign and contract/allSign, the console's human action).
 *
 * The seal is the partner's signature (a person's 人名章 or drawn picture, a company's or the
 * platform's round seal) at the partner's locations resolved by addPartner (keyWord hits or the
 * template's `${sign:NAME}` markers), each seal a PAdES signature made with a certificate the
 * vendor PKI issued to the user, in its own incremental update (earlier signatures stay valid).
 * decision: yunhetong-sdk.pades-profile, yunhetong-sdk.signer-certificates
 */
import { yunhetongSdkCatalogue as catalogue } from '../../contracts/yunhetong-sdk/errors.ts';
import { USER_TYPES } from '../../contracts/yunhetong-sdk/validation.ts';
import { digits } from '../core/ids.ts';
import { InvalidPdfError, InvalidSealError, type SealSpec, type Stamp } from '../core/pdf/index.ts';
import { signWithSeals } from '../core/pdf/sign/index.ts';
import { usableSigner, type IssuedSigner } from '../core/pki/index.ts';
import { queueSignNotices } from './notices.ts';
import { VENDOR, type YunhetongSdkRuntime } from './runtime.ts';
import {
  own,
  type SdkContract,
  type SdkPageBox,
  type SdkPartner,
  type SdkSignature,
  type SdkTenant,
  type SdkUser,
} from './state.ts';

/**
 * A 16-digit 存证ID that is still exact as a JSON number in JavaScript: a first digit 1–8 keeps it
 * under 2^53 (9007199254740992), as contractId's yyMMddHHmmss + sequence is.
 * decision: yunhetong-sdk.cz-id
 */
export function czIdDigits(): string {
  return `${(Number(digits(1)) % 8) + 1}${digits(15)}`;
}

/** The signature dictionary's fixed parts (guesses: the doc shows no signed file). */
export const PADES_PROFILE = {
  subFilter: 'ETSI.CAdES.detached',
  reason: '云合同电子签约',
  location: '云合同 SDK (sealsim)',
} as const;

export interface SignPartnerOptions {
  /**
   * The signature to seal with (the page's signId, already checked to be the partner's own);
   * default the partner's automatic signature, else its latest drawn one, else a 人名章 of its name.
   * decision: yunhetong-sdk.sign-default-signature
   */
  signatureId?: number;
  /**
   * 'first' (default: contract/sign, signContract, the console): the first location only;
   * 'all' (contract/allSign): every location. decision: yunhetong-sdk.page-sign-vs-allsign
   */
  occurrence?: 'first' | 'all';
  /** The acting token's checkToken noticeParams, echoed by the notices; none: left out. */
  noticeParams?: string;
}

/**
 * Signs `appUserId`'s part of `contract` (of app `t`) now. Call it under the app's lock
 * (`rt.lock(\`app:${t.id}\`, …)`; API handlers already run under it) with the tenant read in this
 * request.
 *
 * Checks, in this order: the contract is 签署中 with partners (10506 当前合同无法签署), the user is
 * a partner (10524 签署人X不是合同参与者), not yet signed (10525 签署人X已签署合同). Then the seal is
 * drawn at the partner's locations and signed, the contract's file replaced, the partner marked
 * signed (signedAt, signatureId, placed); the last signature makes the contract 已完成 (finishedAt,
 * a czId when useCer is 1). Notices are queued: noticeType 1, and 2 when it completed.
 * Throws the catalogue's VendorError; the contract is unchanged when it throws.
 */
export async function signPartner(
  rt: YunhetongSdkRuntime,
  t: SdkTenant,
  contract: SdkContract,
  appUserId: string,
  opts: SignPartnerOptions = {},
): Promise<SdkContract> {
  const partner = checkSignable(contract, appUserId);
  const user = rt.user(t, appUserId);
  // A partner the console deleted since addPartner cannot sign (guess: nothing documents it).
  if (!user) return catalogue.fail('CONTRACT_NOT_SIGNABLE');
  const signature = chooseSignature(t, user, opts.signatureId);
  const seal = sealOf(rt, user, signature);
  const targets = opts.occurrence === 'all' ? partner.locations : partner.locations.slice(0, 1);
  if (targets.length === 0) return catalogue.fail('CONTRACT_NOT_SIGNABLE');
  const stamps: Stamp[] = targets.map((b) => ({
    seal,
    placement: { kind: 'xy', page: b.page, x: b.x + b.width / 2, y: b.y + b.height / 2 },
  }));

  const file = rt.ctx.blobs.get(contract.fileBlobId);
  if (!file) return catalogue.fail('UNKNOWN', `contract ${contract.contractId} has no file`);
  const now = rt.now();
  const signer = await userCertificate(rt, user);
  let signed: { pdf: Uint8Array; placed: SdkPageBox[] };
  try {
    signed = await signWithSeals(file.bytes, {
      appearance: stamps,
      name: user.userName,
      reason: PADES_PROFILE.reason,
      location: PADES_PROFILE.location,
      signingTime: new Date(now),
      subFilter: PADES_PROFILE.subFilter,
      signer,
    });
  } catch (err) {
    // The file was read at creation; a seal picture that will not draw is the signature's fault.
    if (err instanceof InvalidSealError) return catalogue.fail('SIGNATURE_NOT_FOUND');
    if (err instanceof InvalidPdfError) return catalogue.fail('CONTRACT_NOT_SIGNABLE');
    throw err;
  }

  const blob = rt.ctx.blobs.put(signed.pdf, {
    tenant: t.id,
    vendor: VENDOR,
    contentType: 'application/pdf',
    name: `${contract.contractId}.pdf`,
  });
  rt.ctx.blobs.delete(contract.fileBlobId);
  contract.fileBlobId = blob.id;
  partner.signedAt = now;
  if (signature) partner.signatureId = signature.signatureId;
  partner.placed = signed.placed.map((b) => ({
    page: b.page,
    x: b.x,
    y: b.y,
    width: b.width,
    height: b.height,
  }));
  contract.gmtModify = now;
  const finished = contract.partners.every((p) => p.signedAt !== undefined);
  if (finished) {
    contract.status = 'finished';
    contract.finishedAt = now;
    // decision: yunhetong-sdk.cz-id
    if (contract.useCer === 1) contract.czId = czIdDigits();
  }
  rt.doneContracts.contractChanged(t, contract);
  rt.changed();
  queueSignNotices(rt, t, contract, finished, opts.noticeParams);
  return contract;
}

/** The partner `appUserId` may sign now, or the catalogue's failure (10506, 10524, 10525). */
export function checkSignable(contract: SdkContract, appUserId: string): SdkPartner {
  if (contract.status !== 'signing' || contract.partners.length === 0)
    return catalogue.fail('CONTRACT_NOT_SIGNABLE');
  const partner = contract.partners.find((p) => p.appUserId === appUserId);
  if (!partner) return catalogue.fail('SIGNER_NOT_PARTNER', appUserId);
  if (partner.signedAt !== undefined) return catalogue.fail('SIGNER_ALREADY_SIGNED', appUserId);
  return partner;
}

/**
 * The signature to seal with: the one asked for (10601 when it is not the user's), else the
 * automatic one, else the latest drawn one, else none (a 人名章 of the name is drawn).
 * decision: yunhetong-sdk.sign-default-signature
 */
function chooseSignature(
  t: SdkTenant,
  user: SdkUser,
  signatureId: number | undefined,
): SdkSignature | undefined {
  if (signatureId !== undefined) {
    const sig = own(t.signatures, String(signatureId));
    if (!sig || sig.appUserId !== user.appUserId) return catalogue.fail('SIGNATURE_NOT_FOUND');
    return sig;
  }
  const auto =
    user.autoSignatureId === undefined ? undefined : own(t.signatures, String(user.autoSignatureId));
  if (auto) return auto;
  return Object.values(t.signatures)
    .filter((s) => s.appUserId === user.appUserId)
    .sort((a, b) => b.signatureId - a.signatureId)[0];
}

/** What the seal draws: the signature's spec or picture; without one, the user's name as seal. */
function sealOf(rt: YunhetongSdkRuntime, user: SdkUser, sig: SdkSignature | undefined): SealSpec {
  const image = sig?.image;
  if (image?.kind === 'image') {
    const blob = rt.ctx.blobs.get(image.blobId);
    if (!blob) return catalogue.fail('SIGNATURE_NOT_FOUND');
    return { kind: 'image', png: blob.bytes };
  }
  if (image) return { kind: image.kind, name: image.name };
  return user.userType === USER_TYPES.person
    ? { kind: 'personal', name: user.userName }
    : { kind: 'company', name: user.userName };
}

/**
 * The certificate the user signs with: the kept one while it is valid and was issued for the
 * user's current name and certifyNumber, else a new one (then kept). A person's subject is
 * CN = userName, serialNumber = certifyNumber; a company's or the platform's O = CN = userName,
 * serialNumber = certifyNumber. decision: yunhetong-sdk.signer-certificates
 */
export async function userCertificate(rt: YunhetongSdkRuntime, user: SdkUser): Promise<IssuedSigner> {
  const kept = user.cert;
  if (kept && kept.userName === user.userName && kept.certifyNumber === user.certifyNumber) {
    const usable = usableSigner(kept.stored, rt.now());
    if (usable) return usable;
  }
  const issued = await rt.pki.issueSigner({
    ...(user.userType === USER_TYPES.person
      ? { kind: 'person' as const, name: user.userName, idNumber: user.certifyNumber }
      : { kind: 'org' as const, name: user.userName, uscc: user.certifyNumber }),
    at: new Date(rt.now()),
  });
  user.cert = { stored: issued.stored, userName: user.userName, certifyNumber: user.certifyNumber };
  rt.changed();
  return issued;
}
