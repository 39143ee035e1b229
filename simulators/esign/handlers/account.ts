/**
 * §4.6 accounts. Checks beyond the schema (simulator, guess-level, documented in the catalogue):
 * - idType 19 (中国大陆居民身份证): 18 characters with a valid GB 11643 check digit (a trailing
 *   lowercase x is accepted and stored upper-case); 21 (临时身份证) is held to the same rule.
 *   Other idTypes only need a non-blank number of at most 64 characters.
 *   decision: esign.id-card-check
 * - mobile, when given: a mainland mobile number (1[3-9] + 9 digits, optional +86).
 * - email, when given: one @ with a dot in the domain.
 *   decision: esign.mobile-format
 * - thirdId: at most 50 UTF-8 bytes (schema) and unique within the tenant (persons and orgs
 *   share one thirdId space, doc §4.1).
 *   decision: esign.third-id-unique
 * - organize: agentAccountId must be a person of this tenant; organType 10 → 9-character
 *   组织机构代码, 11 → 18-character 统一社会信用代码, 12 → 15-digit 工商注册号, each with
 *   its check character (12 also accepts a 组织机构代码, as the doc's example sends one);
 *   legalIdNo with legalIdType 19 is checked like a person's idNo.
 *   decision: esign.organ-type-codes
 */
import type {
  CreateOrganizeBody,
  CreatePersonBody,
  IdExchangeBody,
} from '../../../contracts/esign/schemas.ts';
import {
  isValidIdCardNo,
  isValidMobile,
  isValidOrgCode,
  isValidRegNo,
  isValidUscc,
} from '../../core/checkdigits.ts';
import { esignCatalogue } from '../../../contracts/esign/errors.ts';
import { newHexId } from '../ids.ts';
import type { EsignRuntime } from '../runtime.ts';
import { own, setOwn, type EsignTenant } from '../state.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function normaliseIdNo(idType: number, idNo: string, field: string): string {
  const s = idNo.trim();
  if (idType === 19 || idType === 21) {
    const up = s.toUpperCase();
    if (!isValidIdCardNo(up)) esignCatalogue.fail('ID_NO_INVALID', `${field} 不是有效的居民身份证号`);
    return up;
  }
  if (!s || s.length > 64) esignCatalogue.fail('ID_NO_INVALID', field);
  return s;
}

function checkThirdId(t: EsignTenant, thirdId: string | undefined): string | undefined {
  if (thirdId === undefined || thirdId === '') return undefined;
  if (own(t.thirdIds, thirdId)) esignCatalogue.fail('THIRD_ID_DUPLICATE', thirdId);
  return thirdId;
}

function checkMobile(mobile: string | undefined): string | undefined {
  if (mobile === undefined || mobile.trim() === '') return undefined;
  if (!isValidMobile(mobile.trim())) esignCatalogue.fail('PARAM_INVALID', `mobile 手机号格式不正确`);
  return mobile.trim();
}

function checkEmail(email: string | undefined): string | undefined {
  if (email === undefined || email.trim() === '') return undefined;
  if (!EMAIL.test(email.trim())) esignCatalogue.fail('PARAM_INVALID', `email 邮箱格式不正确`);
  return email.trim();
}

export function createPerson(rt: EsignRuntime, t: EsignTenant, body: CreatePersonBody) {
  const thirdId = checkThirdId(t, body.thirdId);
  const idNo = normaliseIdNo(body.idType, body.idNo, 'idNo');
  const mobile = checkMobile(body.mobile);
  const email = checkEmail(body.email);
  const accountId = newHexId(t.accounts);
  t.accounts[accountId] = {
    kind: 'person',
    accountId,
    ...(thirdId ? { thirdId } : {}),
    name: body.name.trim(),
    idNo,
    idType: body.idType,
    ...(mobile ? { mobile } : {}),
    ...(email ? { email } : {}),
    createdAt: rt.now(),
  };
  if (thirdId) setOwn(t.thirdIds, thirdId, accountId);
  rt.changed();
  return { accountId };
}

function checkOrganCode(organType: number, code: string): string {
  const s = code.trim().toUpperCase();
  // organType 12 also takes a 组织机构代码: the doc's own example (§4.6.2) sends
  // "organCode": "745830607" (a valid org code) with "organType": 12.
  const ok =
    organType === 10
      ? isValidOrgCode(s)
      : organType === 11
        ? isValidUscc(s)
        : isValidRegNo(s) || isValidOrgCode(s);
  const what = organType === 10 ? '组织机构代码' : organType === 11 ? '统一社会信用代码' : '工商注册号';
  if (!ok) esignCatalogue.fail('ORGAN_CODE_INVALID', `organCode 不是有效的${what}`);
  return s;
}

export function createOrganize(rt: EsignRuntime, t: EsignTenant, body: CreateOrganizeBody) {
  const thirdId = checkThirdId(t, body.thirdId);
  const agent = own(t.accounts, body.agentAccountId);
  if (!agent) esignCatalogue.fail('AGENT_ACCOUNT_NOT_FOUND', body.agentAccountId);
  if (agent.kind !== 'person') esignCatalogue.fail('AGENT_NOT_PERSON', body.agentAccountId);
  const organCode = checkOrganCode(body.organType, body.organCode);
  const legalIdNo = body.legalIdNo?.trim()
    ? normaliseIdNo(body.legalIdType!, body.legalIdNo, 'legalIdNo')
    : undefined;
  const email = checkEmail(body.email);
  const accountId = newHexId(t.accounts);
  t.accounts[accountId] = {
    kind: 'organize',
    accountId,
    ...(thirdId ? { thirdId } : {}),
    agentAccountId: agent.accountId,
    name: body.name.trim(),
    organCode,
    organType: body.organType,
    ...(body.legalName?.trim() ? { legalName: body.legalName.trim() } : {}),
    ...(legalIdNo ? { legalIdNo, legalIdType: body.legalIdType } : {}),
    ...(email ? { email } : {}),
    createdAt: rt.now(),
  };
  if (thirdId) setOwn(t.thirdIds, thirdId, accountId);
  rt.changed();
  return { accountId };
}

export function idExchange(_rt: EsignRuntime, t: EsignTenant, body: IdExchangeBody) {
  const accountId = own(t.thirdIds, body.thirdId);
  if (!accountId) esignCatalogue.fail('THIRD_ID_NOT_FOUND', body.thirdId);
  return { accountId };
}
