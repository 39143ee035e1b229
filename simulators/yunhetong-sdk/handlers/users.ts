/**
 * 用户相关接口 1, 4, 5: importing users and changing their cellNum or userName. Each rule answers
 * the doc's code, in the parameter table's order (decision: yunhetong-sdk.add-user-check-order).
 */
import type { z } from '@hono/zod-openapi';
import {
  yunhetongSdkCatalogue as catalogue,
  type YunhetongSdkErrorName,
} from '../../../contracts/yunhetong-sdk/errors.ts';
import type {
  AddUserInput,
  ModifyCellNumInput,
  ModifyUserNameInput,
} from '../../../contracts/yunhetong-sdk/schemas.ts';
import {
  CELL_NUM_PATTERN,
  CERTIFY_TYPES_OF,
  SDK_LIMITS as L,
  USER_TYPES,
  type SdkUserType,
} from '../../../contracts/yunhetong-sdk/validation.ts';
import { isValidIdCardNo } from '../../core/checkdigits.ts';
import type { TokenCaller } from '../auth.ts';
import type { YunhetongSdkRuntime } from '../runtime.ts';
import { own, setOwn, type SdkSignatureImage, type SdkTenant, type SdkUser } from '../state.ts';

const length = (s: string) => [...s].length;

/** 1 / 0 from createSignature; absent or empty = 0 (decision: yunhetong-sdk.create-signature-default). */
function readCreateSignature(v: string | undefined): 0 | 1 {
  const s = v?.trim() ?? '';
  if (s === '' || s === '0') return 0;
  if (s === '1') return 1;
  return catalogue.fail('CREATE_SIGNATURE_INVALID');
}

function checkUserName(name: string | undefined, userType: SdkUserType): string {
  const v = name?.trim() ?? '';
  const max = userType === USER_TYPES.person ? L.personNameMax : L.companyNameMax;
  if (v === '' || length(v) > max) catalogue.fail('USER_NAME_INVALID');
  return v;
}

/** The certifyNumber formats of the doc's table, per certifyType. */
function certifyNumberValid(certifyType: number, n: string): boolean {
  switch (certifyType) {
    case 1: // 身份证: 15 digits not starting with 0, or 18 with a correct check digit (x allowed)
      return /^[1-9]\d{14}$/.test(n) || (/^[1-9]\d{16}[\dXx]$/.test(n) && isValidIdCardNo(n.toUpperCase()));
    case 2: // 护照
      return length(n) <= L.passportMax;
    case 3: // 军官证
      return length(n) <= L.officerCardMax;
    case 4: // 营业执照
      return length(n) <= L.businessLicenceMax;
    case 5: // 组织机构代码
      return length(n) === L.orgCodeLength;
    default: // 6 社会统一信用代码
      return length(n) <= L.usccMax;
  }
}

type AddUser = z.output<typeof AddUserInput>;

/** The fields of addUser, checked in the table's order. */
function readUser(b: AddUser) {
  const appUserId = b.appUserId?.trim() ?? '';
  if (appUserId === '' || length(appUserId) > L.appUserIdMax) catalogue.fail('APP_USER_ID_INVALID');
  const cellNum = b.cellNum?.trim() ?? '';
  if (!CELL_NUM_PATTERN.test(cellNum)) catalogue.fail('CELL_NUM_INVALID');
  const type = Number(b.userType?.trim() || NaN);
  if (type !== 1 && type !== 2 && type !== 4) return catalogue.fail('USER_TYPE_INVALID');
  const userType: SdkUserType = type;
  const userName = checkUserName(b.userName, userType);
  const certifyType = Number(b.certifyType?.trim() || NaN);
  if (!CERTIFY_TYPES_OF[userType].includes(certifyType)) catalogue.fail('CERTIFY_TYPE_INVALID');
  const certifyNumber = b.certifyNumber?.trim() ?? '';
  if (certifyNumber === '' || !certifyNumberValid(certifyType, certifyNumber))
    catalogue.fail('CERTIFY_NUMBER_INVALID');
  const createSignature = readCreateSignature(b.createSignature);
  return { appUserId, cellNum, userType, userName, certifyType, certifyNumber, createSignature };
}

/** The key a certifyNumber is unique by (an ID card's x and X are one). */
const certifyKey = (n: string) => n.toUpperCase();

/** A company's or the platform's name is unique in the app (decision: yunhetong-sdk.unique-identities). */
const isCompanyLike = (userType: number) => userType !== USER_TYPES.person;

/**
 * The user's automatic signature from its name, replacing the previous one: a person's 人名章, a
 * company's or the platform's round seal. decision: yunhetong-sdk.signature-specs
 */
function makeAutoSignature(rt: YunhetongSdkRuntime, t: SdkTenant, user: SdkUser): void {
  if (user.autoSignatureId !== undefined) delete t.signatures[String(user.autoSignatureId)];
  const image: SdkSignatureImage =
    user.userType === USER_TYPES.person
      ? { kind: 'personal', name: user.userName }
      : { kind: 'company', name: user.userName };
  const signatureId = t.nextSignatureId++;
  setOwn(t.signatures, String(signatureId), {
    signatureId,
    appUserId: user.appUserId,
    source: 'auto',
    image,
    createdAt: rt.now(),
  });
  user.autoSignatureId = signatureId;
}

export function addUser(rt: YunhetongSdkRuntime, t: SdkTenant, b: AddUser): Record<string, never> {
  const u = readUser(b);
  const existing = own(t.users, u.appUserId);
  if (existing) {
    const same =
      existing.cellNum === u.cellNum &&
      existing.userType === u.userType &&
      existing.userName === u.userName &&
      existing.certifyType === u.certifyType &&
      certifyKey(existing.certifyNumber) === certifyKey(u.certifyNumber);
    // decision: yunhetong-sdk.reimport-same-user
    if (same) return {};
    catalogue.fail('USER_EXISTS_DIFFERENT');
  }
  // decision: yunhetong-sdk.unique-identities
  if (own(t.cellNums, u.cellNum)) catalogue.fail('CELL_NUM_EXISTS');
  if (own(t.certifyNumbers, certifyKey(u.certifyNumber))) catalogue.fail('CERTIFY_NUMBER_EXISTS');
  if (u.userType === USER_TYPES.platform && t.platformUserId !== undefined)
    catalogue.fail('PLATFORM_USER_EXISTS');
  if (isCompanyLike(u.userType) && own(t.companyNames, u.userName)) catalogue.fail('COMPANY_NAME_EXISTS');
  const now = rt.now();
  const user: SdkUser = {
    appUserId: u.appUserId,
    cellNum: u.cellNum,
    userType: u.userType,
    userName: u.userName,
    certifyType: u.certifyType,
    certifyNumber: u.certifyNumber,
    createdAt: now,
    updatedAt: now,
  };
  setOwn(t.users, user.appUserId, user);
  setOwn(t.cellNums, user.cellNum, user.appUserId);
  setOwn(t.certifyNumbers, certifyKey(user.certifyNumber), user.appUserId);
  if (isCompanyLike(user.userType)) setOwn(t.companyNames, user.userName, user.appUserId);
  if (user.userType === USER_TYPES.platform) t.platformUserId = user.appUserId;
  // doc: createSignature "只对个人用户有效，企业用户、平台用户不论该值为0还是为1都自动生成签章"
  if (u.createSignature === 1 || isCompanyLike(user.userType)) makeAutoSignature(rt, t, user);
  rt.changed();
  return {};
}

/** The token's user, or 11001 用户不存在! (removed through the console). */
function subject(caller: TokenCaller): SdkUser {
  return caller.user ?? catalogue.fail('MODIFY_USER_NOT_FOUND');
}

export function modifyCellNum(
  rt: YunhetongSdkRuntime,
  caller: TokenCaller,
  b: z.output<typeof ModifyCellNumInput>,
): Record<string, never> {
  const t = caller.tenant;
  const user = subject(caller);
  const cellNum = b.cellNum?.trim() ?? '';
  // decision: yunhetong-sdk.modify-cell-num-format
  if (!CELL_NUM_PATTERN.test(cellNum)) catalogue.fail('CELL_NUM_INVALID');
  if (cellNum === user.cellNum) catalogue.fail('SAME_CELL_NUM');
  if (own(t.cellNums, cellNum)) catalogue.fail('CELL_NUM_EXISTS');
  delete t.cellNums[user.cellNum];
  setOwn(t.cellNums, cellNum, user.appUserId);
  user.cellNum = cellNum;
  user.updatedAt = rt.now();
  rt.changed();
  return {};
}

export function modifyUserName(
  rt: YunhetongSdkRuntime,
  caller: TokenCaller,
  b: z.output<typeof ModifyUserNameInput>,
): Record<string, never> {
  const t = caller.tenant;
  const user = subject(caller);
  if (user.userType === USER_TYPES.platform) catalogue.fail('PLATFORM_NAME_FIXED');
  const userName = checkUserName(b.userName, user.userType);
  const createSignature = readCreateSignature(b.createSignature);
  if (userName === user.userName) catalogue.fail('SAME_AS_OLD');
  const company = isCompanyLike(user.userType);
  if (company && own(t.companyNames, userName)) catalogue.fail('COMPANY_NAME_EXISTS');
  if (company) {
    delete t.companyNames[user.userName];
    setOwn(t.companyNames, userName, user.appUserId);
  }
  user.userName = userName;
  user.updatedAt = rt.now();
  // decision: yunhetong-sdk.modify-name-regenerates-seal
  if (company || createSignature === 1) makeAutoSignature(rt, t, user);
  rt.changed();
  return {};
}

/** Every code addUser's field checks can answer (for tests and docs). */
export const ADD_USER_FIELD_CODES: readonly YunhetongSdkErrorName[] = [
  'APP_USER_ID_INVALID',
  'CELL_NUM_INVALID',
  'USER_TYPE_INVALID',
  'USER_NAME_INVALID',
  'CERTIFY_TYPE_INVALID',
  'CERTIFY_NUMBER_INVALID',
  'CREATE_SIGNATURE_INVALID',
];
