/**
 * Contract e-signing (/contract/*). Answers are flat JSON: `{signatureId}`, `{contractId}`,
 * `{result: "success"}`, and a bare `{id: url}` map for the signature list (doc).
 *
 * The flow (doc flowsheet): uploadPdf → setDetail → for each signer in order (the creator first,
 * then userPhones): verifyCode → sign DONE. Decisions where the doc is silent (guess, each also
 * in docs/baoquan.md):
 * - Signature images belong to the access key (the API names no other owner): the first one
 *   uploaded becomes the default until /contract/signature/default picks another; DONE stamps
 *   the current default image, whoever signs.
 *   decision: baoquan.signature-images-per-key
 * - page is 1-based; posX/posY are PDF points from the page's bottom-left corner and name the
 *   CENTRE of the stamped image (100 pt wide); both must lie on the page.
 *   decision: baoquan.contract-stamp-position
 * - Codes: 4 digits like the doc's examples ("1525"), sent to the outbox as SMS, valid 5
 *   minutes of virtual time, single use; a new verifyCode replaces the previous code. A wrong
 *   code changes nothing (no attempt counter: failed calls never change state).
 *   decision: baoquan.contract-codes
 * - CANCEL is the initiator's (the creator's phone) at any time while the contract is open, and
 *   needs no verification code (the initiator is the authenticated API caller itself;
 *   verify_code must still be sent, as the doc makes it 必选). REJECT is the current signer's,
 *   with a valid code, and ends the contract. DONE by the last signer completes it.
 *   decision: baoquan.cancel-by-creator
 * - setDetail may be repeated until the first signature (it replaces the signers and drops sent
 *   codes); userPhones may not repeat a phone nor name the creator. The creator needs no
 *   /users/kyc (it is the organisation's own account).
 *   decision: baoquan.set-detail-signers
 * - end_at must be in the future at setDetail; once it passes, verifyCode and sign answer
 *   CONTRACT_EXPIRED and a clock job marks the contract EXPIRED.
 * - The Java SDK 2.0.x's keys on /contract/sign: a template_id (with identities and factoids)
 *   attests the DONE signing, answering attestationId; signature_id picks the image to stamp.
 *   decision: baoquan.contract-sign-attestation
 * - /contract/detail, /contract/list, /contract/signature/delete (php-sdk 2017, java-sdk 2.0.17)
 *   and /contract/download (java-sdk 2.0.17) are served as those SDKs use them.
 */
import {
  parseBaoquanEndAt,
  type BaoquanPayloadOf,
  type BaoquanUploadedFile,
} from '../../../contracts/baoquan/validation.ts';
import { pageSizes } from '../../core/pdf/index.ts';
import { base62, numericCode } from '../../core/ids.ts';
import { baoquanCatalogue } from '../../../contracts/baoquan/errors.ts';
import { failParam } from './params.ts';
import { imageDecodes } from '../images.ts';
import { fileUrl, SIGNATURE_URL_TTL_MS } from '../files.ts';
import { contractLockKey, VENDOR, type BaoquanRuntime } from '../runtime.ts';
import { own, setOwn, type BaoquanTenant, type Contract, type ContractSigner } from '../state.ts';
import { MINUTE } from '../../core/time.ts';
import { userByPhone } from './cas.ts';
import { contractSigner, PADES_PROFILE, signPdf } from '../signing.ts';
import { checkSigningAttestation } from './attestations.ts';

export const CODE_TTL_MS = 5 * MINUTE;
export const CODE_DIGITS = 4;
/** Width of the stamped signature image, in PDF points (the toolkit's image default). */
export const SIGNATURE_WIDTH_PT = 100;
export const CONTRACT_EXPIRE_JOB = 'baoquan.contract-expire';

const SUCCESS = { result: 'success' as const };

/**
 * POST /contract/signature: the one PNG (count and PNG magic
 * checked by the contract's pipeline; it must also decode).
 */
export async function uploadSignature(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  file: BaoquanUploadedFile,
): Promise<{ signatureId: string }> {
  if (!(await imageDecodes(file.bytes))) baoquanCatalogue.fail('SIGNATURE_IMAGE_NOT_PNG');
  let signatureId = base62(22);
  while (own(t.signatures, signatureId)) signatureId = base62(22);
  const fileName = file.filename || `${signatureId}.png`;
  const blob = rt.ctx.blobs.put(file.bytes, {
    tenant: t.id,
    vendor: VENDOR,
    contentType: 'image/png',
    name: fileName,
  });
  setOwn(t.signatures, signatureId, { signatureId, blobId: blob.id, fileName, createdAt: rt.now() });
  t.defaultSignatureId ??= signatureId;
  rt.changed();
  return { signatureId };
}

/** POST /contract/signature/default. */
export function setDefaultSignature(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  signatureId: string,
): typeof SUCCESS {
  if (!own(t.signatures, signatureId)) baoquanCatalogue.fail('SIGNATURE_NOT_FOUND');
  t.defaultSignatureId = signatureId;
  rt.changed();
  return SUCCESS;
}

/** POST /contract/signature/list: `{signatureId: url}`, oldest first. */
export function listSignatures(rt: BaoquanRuntime, t: BaoquanTenant): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of Object.values(t.signatures).sort((a, b) => a.createdAt - b.createdAt)) {
    setOwn(out, s.signatureId, fileUrl(rt, 'signatures', s.signatureId, SIGNATURE_URL_TTL_MS));
  }
  return out;
}

/** POST /contract/uploadPdf: the one PDF (count and %PDF- checked by the pipeline; it must also parse). */
export async function uploadContractPdf(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  file: BaoquanUploadedFile,
): Promise<{ contractId: string }> {
  let pages: number;
  try {
    pages = (await pageSizes(file.bytes)).length;
  } catch {
    baoquanCatalogue.fail('CONTRACT_NOT_PDF'); // unreadable or over the bounds: decision: baoquan.pdf-bounds
  }
  if (pages < 1) baoquanCatalogue.fail('CONTRACT_NOT_PDF');
  let contractId = base62(22);
  while (own(t.contracts, contractId)) contractId = base62(22);
  const fileName = file.filename || `${contractId}.pdf`;
  const blob = rt.ctx.blobs.put(file.bytes, {
    tenant: t.id,
    vendor: VENDOR,
    contentType: 'application/pdf',
    name: fileName,
  });
  const k: Contract = {
    contractId,
    fileName,
    originalBlobId: blob.id,
    currentBlobId: blob.id,
    pageCount: pages,
    status: 'UPLOADED',
    userPhones: [],
    signers: [],
    createdAt: rt.now(),
  };
  setOwn(t.contracts, contractId, k);
  rt.changed();
  return { contractId };
}

function findContract(t: BaoquanTenant, contractId: string): Contract {
  const k = own(t.contracts, contractId);
  if (!k) baoquanCatalogue.fail('CONTRACT_NOT_FOUND');
  return k;
}

const ENDED = new Set(['DONE', 'CANCEL', 'REJECT']);

/** Ended, expired or not yet detailed contracts cannot be signed. */
function assertOpen(rt: BaoquanRuntime, k: Contract): void {
  if (k.status === 'UPLOADED') baoquanCatalogue.fail('CONTRACT_DETAIL_MISSING');
  if (ENDED.has(k.status)) baoquanCatalogue.fail('CONTRACT_ENDED');
  if (k.status === 'EXPIRED' || (k.endAt !== undefined && rt.now() > k.endAt))
    baoquanCatalogue.fail('CONTRACT_EXPIRED');
}

/** POST /contract/setDetail. */
export function setContractDetail(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: BaoquanPayloadOf<'contract/setDetail'>,
): typeof SUCCESS {
  const k = findContract(t, p.contract_id);
  if (ENDED.has(k.status) || k.status === 'EXPIRED' || k.signers.some((s) => s.status !== 'WAITING'))
    baoquanCatalogue.fail('CONTRACT_ENDED');
  const endAt = parseBaoquanEndAt(p.end_at);
  if (endAt === undefined) failParam('invalid', 'end_at'); // the schema refused it already
  if (endAt <= rt.now()) baoquanCatalogue.fail('END_AT_EXPIRED');
  const phones = p.userPhones.map((x) => x.trim());
  if (new Set(phones).size !== phones.length || phones.includes(t.creatorPhone))
    failParam('invalid', 'userPhones');
  for (const phone of phones) {
    const user = userByPhone(t, phone);
    if (!user) baoquanCatalogue.fail('PHONE_NOT_REGISTERED', { phone });
    if (!user.kyc) baoquanCatalogue.fail('PHONE_NOT_KYC', { phone });
  }
  k.title = p.title;
  k.remark = p.remark;
  k.endAt = endAt;
  k.userPhones = phones;
  k.signers = [
    { phone: t.creatorPhone, role: 'creator', status: 'WAITING' },
    ...phones.map((phone): ContractSigner => ({ phone, role: 'signer', status: 'WAITING' })),
  ];
  k.status = 'SIGNING';
  k.detailAt = rt.now();
  rt.ctx.clock.cancelWhere(
    (j) =>
      j.kind === CONTRACT_EXPIRE_JOB && (j.payload as { contractId?: string })?.contractId === k.contractId,
  );
  rt.ctx.clock.schedule(CONTRACT_EXPIRE_JOB, endAt + 1, { tenant: t.id, contractId: k.contractId });
  rt.changed();
  return SUCCESS;
}

/** The clock job at end_at: an open contract becomes EXPIRED. */
export function expireContract(rt: BaoquanRuntime, p: { tenant: string; contractId: string }): void {
  const t = rt.tenants.get(p.tenant);
  const k = t ? own(t.contracts, p.contractId) : undefined;
  if (!k || k.status !== 'SIGNING' || k.endAt === undefined || rt.now() <= k.endAt) return;
  k.status = 'EXPIRED';
  k.endedAt = rt.now();
  rt.changed();
}

/** The signer whose turn it is (the first who has not signed). */
export function currentSigner(k: Contract): ContractSigner | undefined {
  return k.signers.find((s) => s.status === 'WAITING');
}

function signerFor(k: Contract, phone: string): ContractSigner {
  const signer = k.signers.find((s) => s.phone === phone);
  if (!signer) baoquanCatalogue.fail('SIGNER_NOT_IN_CONTRACT', { phone });
  if (signer.status === 'DONE') baoquanCatalogue.fail('SIGNER_ALREADY_SIGNED', { phone });
  const current = currentSigner(k);
  if (current && current !== signer) baoquanCatalogue.fail('SIGN_ORDER_WRONG', { phone: current.phone });
  return signer;
}

/** POST /contract/verifyCode. */
export function sendVerifyCode(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: BaoquanPayloadOf<'contract/verifyCode'>,
): Promise<typeof SUCCESS> {
  return rt.lock(contractLockKey(t, p.contract_id), () => {
    const k = findContract(t, p.contract_id);
    assertOpen(rt, k);
    const signer = signerFor(k, p.phone.trim());
    const now = rt.now();
    const code = numericCode(CODE_DIGITS);
    signer.verify = { code, sentAt: now, expiresAt: now + CODE_TTL_MS };
    rt.ctx.outbox.send({
      vendor: VENDOR,
      tenant: t.id,
      channel: 'sms',
      to: signer.phone,
      text: `【保全网】您正在签署合同《${k.title ?? k.fileName}》，验证码${code}，${CODE_TTL_MS / MINUTE}分钟内有效，请勿泄露。`,
      code,
    });
    rt.changed();
    return SUCCESS;
  });
}

function checkCode(rt: BaoquanRuntime, signer: ContractSigner, given: string): void {
  const v = signer.verify;
  if (!v || v.code !== given.trim()) baoquanCatalogue.fail('VERIFY_CODE_WRONG');
  if (v.usedAt !== undefined || rt.now() > v.expiresAt) baoquanCatalogue.fail('VERIFY_CODE_EXPIRED');
}

/** POST /contract/sign: `{result}`, and `attestationId` when the signing was attested. */
export function signContract(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: BaoquanPayloadOf<'contract/sign'>,
): Promise<{ result: 'success'; attestationId?: string }> {
  return rt.lock(contractLockKey(t, p.contract_id), async () => {
    const k = findContract(t, p.contract_id);
    const phone = p.phone.trim();
    assertOpen(rt, k);
    const now = rt.now();
    if (p.ecs_status === 'CANCEL') {
      if (phone !== t.creatorPhone) baoquanCatalogue.fail('CANCEL_NOT_INITIATOR');
      k.status = 'CANCEL';
      k.endedAt = now;
      k.endedBy = phone;
      rt.changed();
      return SUCCESS;
    }
    const signer = signerFor(k, phone);
    checkCode(rt, signer, p.verify_code);
    if (p.ecs_status === 'REJECT') {
      signer.status = 'REJECT';
      signer.signedAt = now;
      signer.verify!.usedAt = now;
      k.status = 'REJECT';
      k.endedAt = now;
      k.endedBy = phone;
      rt.changed();
      return SUCCESS;
    }
    // Java SDK 2.0.x: signature_id picks the image; template_id asks for an attestation, checked
    // before anything is signed. decision: baoquan.contract-sign-attestation
    const chosen = p.signature_id?.trim();
    if (chosen && !own(t.signatures, chosen)) baoquanCatalogue.fail('SIGNATURE_NOT_FOUND');
    const templateId = p.template_id?.trim();
    const attest = templateId
      ? checkSigningAttestation(rt, t, {
          template_id: templateId,
          identities: p.identities ?? null,
          factoids: p.factoids ?? null,
          completed: p.completed ?? null,
        })
      : undefined;
    const signatureId = chosen || t.defaultSignatureId;
    const image = signatureId ? own(t.signatures, signatureId) : undefined;
    const png = image ? rt.ctx.blobs.get(image.blobId)?.bytes : undefined;
    if (!signatureId || !png) baoquanCatalogue.fail('DEFAULT_SIGNATURE_MISSING');
    const current = rt.ctx.blobs.get(k.currentBlobId);
    if (!current) baoquanCatalogue.fail('CONTRACT_NOT_FOUND');
    const page = Number(p.page);
    const x = Number(p.posX);
    const y = Number(p.posY);
    if (!Number.isInteger(page) || page < 1 || page > k.pageCount) failParam('invalid', 'page');
    const size = (await pageSizes(current.bytes))[page - 1]!;
    if (!(x >= 0 && x <= size.width)) failParam('invalid', 'posX');
    if (!(y >= 0 && y <= size.height)) failParam('invalid', 'posY');
    // A PAdES signature whose widget is the image, with the signer's certificate (signing.ts).
    // decision: baoquan.signer-certificates
    const user = signer.role === 'creator' ? undefined : userByPhone(t, phone);
    const identity = await contractSigner(rt, t, user);
    const pdf = await signPdf(
      current.bytes,
      [{ seal: { kind: 'image', png }, placement: { kind: 'xy', page, x, y }, width: SIGNATURE_WIDTH_PT }],
      {
        signer: identity,
        name: user ? user.name : t.organizationName,
        fieldName: `baoquan_${k.contractId}_${k.signers.indexOf(signer) + 1}`,
        reason: PADES_PROFILE.reasons.contract,
      },
      rt.now(),
    );
    // Commit (no await below).
    const blob = rt.ctx.blobs.put(pdf, {
      tenant: t.id,
      vendor: VENDOR,
      contentType: 'application/pdf',
      name: k.fileName,
    });
    k.currentBlobId = blob.id;
    signer.status = 'DONE';
    signer.signedAt = rt.now();
    signer.stamp = { page, x, y, signatureId };
    signer.verify!.usedAt = rt.now();
    if (!currentSigner(k)) {
      k.status = 'DONE';
      k.endedAt = rt.now();
    }
    const attestationId = attest?.(pdf, k.fileName);
    rt.changed();
    return attestationId ? { ...SUCCESS, attestationId } : SUCCESS;
  });
}

/** A contract as /contract/detail and /contract/list show it. decision: baoquan.contract-detail-fields */
function contractView(k: Contract) {
  return {
    contractId: k.contractId,
    title: k.title ?? null,
    remark: k.remark ?? null,
    fileName: k.fileName,
    status: k.status,
    pageCount: k.pageCount,
    createdAt: k.createdAt,
    endAt: k.endAt ?? null,
    endedAt: k.endedAt ?? null,
    userPhones: [...k.userPhones],
    signers: k.signers.map((x) => ({
      phone: x.phone,
      role: x.role,
      status: x.status,
      signedAt: x.signedAt ?? null,
    })),
    currentSigner: k.status === 'SIGNING' ? (currentSigner(k)?.phone ?? null) : null,
  };
}

/** POST /contract/detail: `{detail}`. */
export function contractDetail(t: BaoquanTenant, p: BaoquanPayloadOf<'contract/detail'>) {
  return { detail: contractView(findContract(t, p.contract_id.trim())) };
}

const bound = (v: number | string | null | undefined): number | undefined =>
  v === null || v === undefined || v === '' ? undefined : Number(v);

/** POST /contract/list: `{list}`, oldest first. decision: baoquan.contract-list-filters */
export function contractList(t: BaoquanTenant, p: BaoquanPayloadOf<'contract/list'>) {
  const q = p && !Array.isArray(p) ? p : {};
  const start = bound(q.start);
  const end = bound(q.end);
  const status = q.status?.trim() || undefined;
  const keyWord = q.keyWord?.trim() || undefined;
  const list = Object.values(t.contracts)
    .filter(
      (k) =>
        (start === undefined || k.createdAt >= start) &&
        (end === undefined || k.createdAt <= end) &&
        (status === undefined || k.status === status) &&
        (keyWord === undefined || (k.title ?? '').includes(keyWord)),
    )
    .sort((a, b) => a.createdAt - b.createdAt)
    .map(contractView);
  return { list };
}

/** POST /contract/signature/delete. decision: baoquan.signature-delete */
export function deleteSignature(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: BaoquanPayloadOf<'contract/signature/delete'>,
): typeof SUCCESS {
  const id = p.signature_id.trim();
  const image = own(t.signatures, id);
  if (!image) baoquanCatalogue.fail('SIGNATURE_NOT_FOUND');
  delete t.signatures[id];
  if (t.defaultSignatureId === id) {
    const next = Object.values(t.signatures).sort((a, b) => a.createdAt - b.createdAt)[0];
    if (next) t.defaultSignatureId = next.signatureId;
    else delete t.defaultSignatureId;
  }
  rt.changed();
  return SUCCESS;
}

/** POST /contract/download: the PDF as signed so far. decision: baoquan.contract-download */
export function downloadContract(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: BaoquanPayloadOf<'contract/download'>,
): { contractId: string; pdf: Uint8Array } {
  const k = findContract(t, p.contract_id.trim());
  const blob = rt.ctx.blobs.get(k.currentBlobId);
  if (!blob) baoquanCatalogue.fail('CONTRACT_NOT_FOUND');
  return { contractId: k.contractId, pdf: blob.bytes };
}
