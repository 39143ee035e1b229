/**
 * CreateSignOrder (doc: 3.1 创建签署) and a signer's human action (the console's
 * `POST /__sim/wosign/orders/{signid}/signers/{index}`).
 *
 * CreateSignOrder checks the values in the parameter table's order, each with the doc's code
 * (decision: wosign.create-check-order): tempid (-43); the document: filebase without tempid
 * (-100), fileformat (-56, pdf only -79), Base64 (-79), a PDF within core's bounds (-61);
 * orderNumber (-55, -79, an order signed -46 or being signed -47); signerlist (-48); then each
 * signer: signType (-100, -49), orgName/orgNo (-51, -52, -50) or userName/userNo (-53, -54),
 * country and mobile (-79), pic/otherpic (-57, then -79/-61 each), stampbase (-79/-61), positions
 * (-100/-79); last the balance (-68). It answers `{"signid","ordernumber"}` and texts every signer
 * their page's link.
 */
import type { InputOf, OutputOf } from '../../../contracts/shared/operations.ts';
import { wosignCatalogue as catalogue } from '../../../contracts/wosign/errors.ts';
import type { WosignOperations } from '../../../contracts/wosign/operations.ts';
import { isValidMobile } from '../../core/checkdigits.ts';
import { InvalidPdfError, pageFrames } from '../../core/pdf/index.ts';
import { hasPdfMagic } from '../../core/pdf/sniff.ts';
import type { WosignCaller } from '../auth.ts';
import { VENDOR, type WosignRuntime } from '../runtime.ts';
import { newPageToken, sendSigningSms, signerRefuses, signerSigns, withSigner } from '../signing.ts';
import {
  setOwn,
  type WosignOrder,
  type WosignPosition,
  type WosignSigner,
  type WosignTemplate,
} from '../state.ts';
import {
  checkCompany,
  cutSubject,
  decodeBase64,
  isBlank,
  MAX_ORDER_NUMBER_LENGTH,
  MAX_SIGNERS,
  readInt,
  readPicture,
  readPositions,
} from './order-fields.ts';

type CreateInput = InputOf<WosignOperations, 'CreateSignOrder'>;
type SignerInput = NonNullable<CreateInput['signerlist']>[number];

/** A picture as read, before it is stored. */
interface Picture {
  bytes: Uint8Array;
  contentType: 'image/png' | 'image/jpeg';
}

/** A signer as read, before anything is stored. */
interface ReadSigner {
  signer: Omit<WosignSigner, 'picBlobId' | 'otherpicBlobId' | 'stampBlobId' | 'status' | 'pageToken'>;
  pic: Picture;
  otherpic: Picture;
  stamp?: Picture;
}

/** The document to sign and its page count. */
interface OrderDocument {
  bytes: Uint8Array;
  pageCount: number;
}

const fail = catalogue.fail;

/** `.pdf`, `pdf`, `PDF`: the only format WoSign signs here. decision: wosign.file-format */
const isPdfFormat = (format: string) => /^\.?pdf$/i.test(format.trim());

/** The pages of `bytes`, or -61 when it is no PDF core reads within its bounds. */
async function pdfPages(bytes: Uint8Array): Promise<number> {
  if (!hasPdfMagic(bytes)) return fail('DANGEROUS_CONTENT', 'filebase is not a PDF');
  try {
    return (await pageFrames(bytes)).length;
  } catch (err) {
    if (err instanceof InvalidPdfError) return fail('DANGEROUS_CONTENT', `filebase: ${err.message}`);
    throw err;
  }
}

/** filebase + fileformat, else the template's document; without either -100. */
async function readDocument(input: CreateInput, template: WosignTemplate | undefined, rt: WosignRuntime) {
  if (!isBlank(input.filebase)) {
    if (isBlank(input.fileformat)) return fail('FILE_FORMAT_EMPTY');
    if (!isPdfFormat(input.fileformat)) return fail('PARAM_INVALID', 'fileformat: pdf only');
    const bytes = decodeBase64(input.filebase);
    if (!bytes) return fail('PARAM_INVALID', 'filebase is not Base64');
    return { bytes, pageCount: await pdfPages(bytes) };
  }
  if (!template) return fail('INCOMPLETE', 'filebase (no tempid)');
  const blob = rt.ctx.blobs.get(template.blobId);
  if (!blob) return fail('INTERNAL', `template ${template.tempid} has no document`);
  return { bytes: blob.bytes, pageCount: await pdfPages(blob.bytes) };
}

/** The orderNumber as text (-55 empty, -79 too long), free or reusable (-46 signed, -47 signing). */
function readOrderNumber(rt: WosignRuntime, caller: WosignCaller, value: CreateInput['orderNumber']): string {
  if (value === undefined || value === null) return fail('ORDER_NUMBER_EMPTY');
  const orderNumber = String(value);
  if (orderNumber.trim() === '') return fail('ORDER_NUMBER_EMPTY');
  // decision: wosign.order-number
  if (orderNumber.length > MAX_ORDER_NUMBER_LENGTH)
    return fail('PARAM_INVALID', `orderNumber: at most ${MAX_ORDER_NUMBER_LENGTH} characters`);
  const earlier = rt.orderByNumber(caller.tenant, orderNumber);
  if (earlier?.status === 'signed') fail('ORDER_SIGNED', orderNumber);
  if (earlier?.status === 'signing') fail('ORDER_SIGNING', orderNumber);
  return orderNumber;
}

/** The signer's boxes: its own signlist (either spelling), else the template's for its place. */
function signerPositions(
  s: SignerInput,
  index: number,
  template: WosignTemplate | undefined,
  doc: OrderDocument,
): WosignPosition[] {
  const given = s.signlist ?? s.Signlist;
  // decision: wosign.template-positions
  const list = given && given.length > 0 ? given : template?.signers[index]?.signlist;
  if (!list) return fail('INCOMPLETE', `signerlist[${index}].signlist`);
  const r = readPositions(list, doc.pageCount, `signerlist[${index}].signlist`);
  if ('problem' in r) return fail(r.problem.error, r.problem.detail);
  return r.positions;
}

/** One signerlist entry, checked in the field table's order. */
function readSigner(
  rt: WosignRuntime,
  caller: WosignCaller,
  s: SignerInput,
  index: number,
  template: WosignTemplate | undefined,
  doc: OrderDocument,
): ReadSigner {
  const at = `signerlist[${index}]`;
  if (isBlank(s.signType)) fail('INCOMPLETE', `${at}.signType`);
  const signType = readInt(s.signType);
  if (signType !== 1 && signType !== 2) return fail('SIGNER_TYPE', `${at}.signType`);
  const who: Pick<WosignSigner, 'orgName' | 'orgNo' | 'userName' | 'userNo'> = {};
  if (signType === 1) {
    if (isBlank(s.orgName)) fail('ORG_NAME_EMPTY', at);
    if (isBlank(s.orgNo)) fail('ORG_NO_EMPTY', at);
    checkCompany(rt, caller.tenant, s.orgName!, s.orgNo!);
    who.orgName = s.orgName!.trim();
    who.orgNo = s.orgNo!.trim();
  } else {
    if (isBlank(s.userName)) fail('USER_NAME_EMPTY', at);
    // decision: wosign.user-no
    if (isBlank(s.userNo)) fail('USER_NO_EMPTY', at);
    who.userName = s.userName!.trim();
    who.userNo = s.userNo!.trim();
  }
  // doc: 两位国家代码, 默认值:CN. decision: wosign.country
  const country = isBlank(s.country) ? 'CN' : s.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) fail('PARAM_INVALID', `${at}.country`);
  const mobile = isBlank(s.mobile) ? undefined : s.mobile.trim();
  if (mobile !== undefined && !isValidMobile(mobile)) fail('PARAM_INVALID', `${at}.mobile`);
  if (isBlank(s.pic) || isBlank(s.otherpic)) fail('MATERIALS_EMPTY', at);
  const pic = readPicture(s.pic!, `${at}.pic`);
  const otherpic = readPicture(s.otherpic!, `${at}.otherpic`);
  const stamp = isBlank(s.stampbase) ? undefined : readPicture(s.stampbase, `${at}.stampbase`);
  const positions = signerPositions(s, index, template, doc);
  return {
    signer: { index, signType, ...who, country, ...(mobile ? { mobile } : {}), positions },
    pic,
    otherpic,
    ...(stamp ? { stamp } : {}),
  };
}

export async function createSignOrder(
  rt: WosignRuntime,
  caller: WosignCaller,
  input: CreateInput,
): Promise<OutputOf<WosignOperations, 'CreateSignOrder'>> {
  const t = caller.tenant;
  let template: WosignTemplate | undefined;
  if (!isBlank(input.tempid)) {
    template = rt.template(t, input.tempid.trim());
    if (!template) fail('TEMPID_NOT_FOUND', input.tempid);
  }
  // doc: 最长 256 字符,超出部分使用""代替,为空则使用模板设置的文档主题. decision: wosign.subject
  const subject = cutSubject(isBlank(input.subject) ? (template?.subject ?? '') : input.subject);
  const password = isBlank(input.password) ? '' : input.password;
  // AES-256 reads at most 127 bytes of a password. decision: wosign.password
  if (Buffer.byteLength(password, 'utf8') > 127) fail('PARAM_INVALID', 'password: at most 127 bytes');
  const doc = await readDocument(input, template, rt);
  const orderNumber = readOrderNumber(rt, caller, input.orderNumber);

  // doc: 3.1 -48 签署人数量错误. decision: wosign.signer-limits
  const list = input.signerlist ?? [];
  if (list.length === 0) fail('SIGNER_COUNT', 'signerlist is empty');
  if (list.length > MAX_SIGNERS) fail('SIGNER_COUNT', `more than ${MAX_SIGNERS} signers`);
  if (template && list.length > template.signers.length)
    fail('SIGNER_COUNT', `template ${template.tempid} has ${template.signers.length} signers`);
  const signers = list.map((s, i) => readSigner(rt, caller, s, i, template, doc));

  rt.consumeOrder(t);
  const put = (bytes: Uint8Array, contentType: string, name: string) =>
    rt.ctx.blobs.put(bytes, { tenant: t.id, vendor: VENDOR, contentType, name }).id;
  const signid = rt.newSignid();
  const order: WosignOrder = {
    signid,
    orderNumber,
    subject,
    ...(template ? { tempid: template.tempid } : {}),
    fileBlobId: put(doc.bytes, 'application/pdf', `${signid}.pdf`),
    fileformat: 'pdf',
    password,
    signers: signers.map((r, i) => ({
      ...r.signer,
      picBlobId: put(r.pic.bytes, r.pic.contentType, `${signid}-${i}-pic`),
      otherpicBlobId: put(r.otherpic.bytes, r.otherpic.contentType, `${signid}-${i}-otherpic`),
      ...(r.stamp ? { stampBlobId: put(r.stamp.bytes, r.stamp.contentType, `${signid}-${i}-stamp`) } : {}),
      status: i === 0 ? 'signing' : 'waiting',
      pageToken: newPageToken(),
    })),
    status: 'signing',
    createdAt: rt.now(),
  };
  setOwn(t.orders, signid, order);
  setOwn(t.orderNumbers, orderNumber, signid);
  rt.changed();
  for (const signer of order.signers) sendSigningSms(rt, t, order, signer, 'invite');
  // The answer's spelling is the example's (contracts/wosign/contradictions.ts ordernumber-spelling).
  return { signid, ordernumber: orderNumber };
}

/** The console's answer to a signer action. */
export interface SignerActionResult {
  signid: string;
  index: number;
  signerStatus: WosignSigner['status'];
  orderStatus: WosignOrder['status'];
}

/** Why the console refuses a signer action (409): not their turn, already acted, order finished. */
export class SignerActionConflict extends Error {}

const CONFLICT_TEXT = {
  'not-your-turn': 'not this signer’s turn: the signers before it have not signed',
  'already-done': 'this signer has already signed or refused',
  'order-finished': 'the order is finished (signed or refused)',
} as const;

/**
 * The console's sign/refuse for signer `index` (0-based) of order `signid`: what the signer does
 * on their signing page. Undefined when there is no such order or signer; SignerActionConflict when
 * the signer may not act now.
 */
export async function signerAction(
  rt: WosignRuntime,
  signid: string,
  index: number,
  action: 'sign' | 'refuse',
): Promise<SignerActionResult | undefined> {
  return withSigner(rt, signid, index, async (t, order, signer) => {
    const outcome =
      action === 'sign' ? await signerSigns(rt, t, order, signer) : signerRefuses(rt, t, order, signer);
    if (!outcome.ok) throw new SignerActionConflict(CONFLICT_TEXT[outcome.reason]);
    return { signid, index, signerStatus: signer.status, orderStatus: order.status };
  });
}
