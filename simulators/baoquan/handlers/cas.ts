/**
 * /cas (申请ca证书) and /users/kyc (用户认证信息同步).
 *
 * /cas, in this order (doc table; messages from the catalogue):
 * - type PERSONAL or ENTERPRISE;
 * - link_name, link_id_card (18-character ID-card number, check digit verified), link_phone
 *   (mainland mobile), link_email (an address with @ and a dot);
 * - ENTERPRISE: name; ic_code either an 18-character 统一社会信用代码 (the USCC alphabet; the check
 *   character is NOT verified, because the doc's own example 91332406MA27XMXJ27 fails it), then
 *   org_code and tax_code are not needed; or a 15-digit 工商注册号 (ISO 7064 check digit), then
 *   org_code (valid 组织机构代码) and tax_code (valid 税务登记号) are required;
 * - the `seal` part: required for ENTERPRISE; whenever sent, its file name must end in png or jpg
 *   (the contract's pipeline checks both) and its bytes must decode as a PNG or JPEG (PARAM_INVALID
 *   `seal`). A PERSONAL CA keeps no seal image (its seal is drawn from link_name, guess).
 *   decision: baoquan.attachment-seals
 * Answer `{no: caId}`, caId 32 upper-case hex like the doc's F98F99A554E944B6996882E8A68C60B2.
 * Every application makes a new CA (guess: the doc names no de-duplication), with a new signer
 * certificate (person: link_name + link_id_card; enterprise: name + ic_code; signing.ts).
 * decision: baoquan.ca-no-dedup
 *
 * /users/kyc: name, phone (mainland mobile), idCard (valid ID-card number). The phone identifies
 * the user: syncing a phone again updates its name and idCard and answers the same userId
 * (guess). userId is base62(22) like the doc's example.
 * decision: baoquan.kyc-phone-identifies
 */
import { baoquanIcCodeKind } from '../../../contracts/baoquan/schemas.ts';
import {
  isPngBytes,
  type BaoquanPayloadOf,
  type BaoquanUploadedFile,
} from '../../../contracts/baoquan/validation.ts';
import {
  isValidIdCardNo,
  isValidMobile,
  isValidOrgCode,
  isValidRegNo,
  isValidTaxCode,
} from '../../core/checkdigits.ts';
import { base62, upperHex32 } from '../../core/ids.ts';
import { baoquanCatalogue } from '../../../contracts/baoquan/errors.ts';
import { failParam } from './params.ts';
import { imageDecodes } from '../images.ts';
import { VENDOR, type BaoquanRuntime } from '../runtime.ts';
import { issueCaCertificate } from '../signing.ts';
import { own, setOwn, type BaoquanTenant, type Ca, type KycUser } from '../state.ts';

/** A schema-checked (present, non-empty) text field, trimmed, that must also pass `valid`. */
function checked(field: string, value: string | null | undefined, valid: (s: string) => boolean): string {
  const v = (value ?? '').trim();
  if (!v) failParam('missing', field);
  if (!valid(v)) failParam('invalid', field);
  return v;
}

const isEmail = (s: string) => s.length <= 128 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

export async function applyCa(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: BaoquanPayloadOf<'cas'>,
  seal: BaoquanUploadedFile | undefined,
): Promise<{ no: string }> {
  const ca: Ca = {
    caId: '',
    type: p.type,
    link_name: checked('link_name', p.link_name, (s) => s.length <= 64),
    link_id_card: checked('link_id_card', p.link_id_card, (s) =>
      isValidIdCardNo(s.toUpperCase()),
    ).toUpperCase(),
    link_phone: checked('link_phone', p.link_phone, isValidMobile),
    link_email: checked('link_email', p.link_email, isEmail),
    createdAt: rt.now(),
  };
  if (p.type === 'ENTERPRISE') {
    ca.name = checked('name', p.name, (s) => s.length <= 100);
    const ic = checked(
      'ic_code',
      p.ic_code,
      (s) => baoquanIcCodeKind(s) === 'uscc' || isValidRegNo(s),
    ).toUpperCase();
    ca.ic_code = ic;
    if (baoquanIcCodeKind(ic) === 'registration') {
      ca.org_code = checked('org_code', p.org_code, isValidOrgCode);
      ca.tax_code = checked('tax_code', p.tax_code, isValidTaxCode);
    } else {
      // 三证合一: org_code and tax_code are not needed; kept as sent when given (the Java SDK test sends them).
      if (p.org_code?.trim()) ca.org_code = p.org_code.trim();
      if (p.tax_code?.trim()) ca.tax_code = p.tax_code.trim();
    }
  }
  // The pipeline checked presence (ENTERPRISE) and the file name; the bytes must decode as an image too.
  if (seal && !(await imageDecodes(seal.bytes))) baoquanCatalogue.fail('PARAM_INVALID', { field: 'seal' });
  // decision: baoquan.signer-certificates
  ca.cert = await issueCaCertificate(rt, ca);

  let caId = upperHex32();
  while (own(t.cas, caId)) caId = upperHex32();
  ca.caId = caId;
  if (seal && p.type === 'ENTERPRISE') {
    const blob = rt.ctx.blobs.put(seal.bytes, {
      tenant: t.id,
      vendor: VENDOR,
      contentType: isPngBytes(seal.bytes) ? 'image/png' : 'image/jpeg',
      name: seal.filename,
    });
    ca.sealBlobId = blob.id;
    ca.sealFileName = seal.filename;
  }
  setOwn(t.cas, caId, ca);
  rt.changed();
  return { no: caId };
}

export function userKyc(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: BaoquanPayloadOf<'users/kyc'>,
): { userId: string } {
  const name = checked('name', p.name, (s) => s.length <= 64);
  const phone = checked('phone', p.phone, isValidMobile);
  const idCard = checked('idCard', p.idCard, (s) => isValidIdCardNo(s.toUpperCase())).toUpperCase();
  const now = rt.now();
  const existing = userByPhone(t, phone);
  if (existing) {
    Object.assign(existing, { name, idCard, kyc: true, updatedAt: now });
    rt.changed();
    return { userId: existing.userId };
  }
  let userId = base62(22);
  while (own(t.users, userId)) userId = base62(22);
  const user: KycUser = { userId, name, phone, idCard, kyc: true, createdAt: now, updatedAt: now };
  setOwn(t.users, userId, user);
  rt.changed();
  return { userId };
}

export function userByPhone(t: BaoquanTenant, phone: string): KycUser | undefined {
  return Object.values(t.users).find((u) => u.phone === phone);
}
