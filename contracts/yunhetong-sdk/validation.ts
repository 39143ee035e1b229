/**
 * The doc's field rules as data, for the simulator's checks and for consumers: lengths, formats,
 * the user types and the certifyTypes each may use. (The ID card's check digit is checked with
 * simulators/core/checkdigits.ts.)
 */
import type { YunhetongSdkErrorName } from './errors.ts';

/** userType: 1 个人, 2 企业, 4 平台. */
export const USER_TYPES = { person: 1, company: 2, platform: 4 } as const;
export type SdkUserType = (typeof USER_TYPES)[keyof typeof USER_TYPES];

/** certifyType per user type: persons 1 身份证, 2 护照, 3 军官证; companies and the platform 4, 5, 6. */
export const CERTIFY_TYPES_OF: Record<SdkUserType, readonly number[]> = {
  1: [1, 2, 3],
  2: [4, 5, 6],
  4: [4, 5, 6],
};

export const SDK_LIMITS = {
  appUserIdMax: 49,
  personNameMax: 14,
  companyNameMax: 40,
  titleMax: 40,
  defContractNoMax: 20,
  keyWordMax: 10,
  passportMax: 20,
  officerCardMax: 20,
  businessLicenceMax: 18,
  orgCodeLength: 9,
  usccMax: 18,
} as const;

export const APP_ID_PATTERN = /^\d{19}$/;
export const CELL_NUM_PATTERN = /^1\d{10}$/;
/** A contractId as the doc shows it: 16 digits (yyMMddHHmmss + a 4-digit sequence). */
export const CONTRACT_ID_PATTERN = /^\d{16}$/;

/** contractId's own codes (10528 empty, 10529 malformed), or undefined when well-formed. */
export function contractIdError(contractId: string | undefined): YunhetongSdkErrorName | undefined {
  const v = contractId?.trim() ?? '';
  if (v === '') return 'CONTRACT_ID_EMPTY';
  return CONTRACT_ID_PATTERN.test(v) ? undefined : 'CONTRACT_ID_INVALID';
}

/** useCer: 0 or 1, empty or absent = 0 (issue 11); else undefined (10731). */
export function readUseCer(useCer: string | undefined): 0 | 1 | undefined {
  const v = useCer?.trim() ?? '';
  if (v === '' || v === '0') return 0;
  return v === '1' ? 1 : undefined;
}
