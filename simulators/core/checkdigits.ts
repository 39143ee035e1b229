/**
 * Check digits and validators for Chinese identity and company numbers, with no dependencies
 * (fake.ts generates identities; simulators import these to validate what clients send).
 * - 居民身份证号: GB 11643-1999 (ISO 7064 MOD 11-2)
 * - 统一社会信用代码: GB 32100-2015
 * - 组织机构代码: GB 11714-1997
 * - 工商注册号: ISO 7064 MOD 11,10
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** Check character (`0`–`9` or `X`) of an 18-digit 居民身份证号, from its first 17 digits. */
export function idCardCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17))
    throw new TypeError(`idCardCheckDigit: expected 17 digits, got ${JSON.stringify(first17)}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** First two digits of the 行政区划代码: provinces, plus 81/82/83 (港澳台居民居住证). */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);

function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

/**
 * An 18-digit 居民身份证号: known province prefix, a real calendar birth date (1800–2099; the
 * second example in GB 11643 is born in 1880), and a correct check character.
 * The check `X` must be upper case, as GB 11643 writes it.
 */
export function isValidIdCardNo(s: string): boolean {
  if (typeof s !== 'string' || !/^\d{17}[\dX]$/.test(s)) return false;
  if (!PROVINCE_CODES.has(Number(s.slice(0, 2)))) return false;
  const y = Number(s.slice(6, 10));
  if (y < 1800 || y > 2099 || !isValidDate(y, Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false;
  return idCardCheckDigit(s.slice(0, 17)) === s[17];
}

/** The 31 characters of a 统一社会信用代码 (no I, O, S, V, Z). Index = character value. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Check character of a 统一社会信用代码, from its first 17 characters. */
export function usccCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== 17) {
    throw new TypeError(`usccCheckChar: expected 17 characters, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]);
    if (v < 0) throw new TypeError(`usccCheckChar: ${JSON.stringify(first17[i])} is not a USCC character`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * An 18-character 统一社会信用代码: USCC alphabet throughout, digits in the 行政区划 part
 * (chars 3–8), and a correct check character. Upper case only. The embedded 组织机构代码
 * (chars 9–17) is not re-checked here; use `isValidOrgCode(uscc.slice(8, 17))` for that.
 */
export function isValidUscc(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 18) return false;
  for (const ch of s) if (!USCC_CHARSET.includes(ch)) return false;
  if (!/^\d{6}$/.test(s.slice(2, 8))) return false;
  return usccCheckChar(s.slice(0, 17)) === s[17];
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Value of a 组织机构代码 body character: 0–9, then A=10 … Z=35. */
function orgCharValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/** Check character of a 组织机构代码 from its 8-character body. */
export function orgCodeCheckChar(body8: string): string {
  if (typeof body8 !== 'string' || !/^[0-9A-Z]{8}$/.test(body8)) {
    throw new TypeError(`orgCodeCheckChar: expected 8 characters [0-9A-Z], got ${JSON.stringify(body8)}`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(body8[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A 9-character 组织机构代码 with a correct check character. The printed form with a hyphen
 * before the check (`M000100Y-4`) is accepted too.
 */
export function isValidOrgCode(s: string): boolean {
  if (typeof s !== 'string' || !/^[0-9A-Z]{8}-?[0-9X]$/.test(s)) return false;
  return orgCodeCheckChar(s.slice(0, 8)) === s[s.length - 1];
}

/** ISO 7064 MOD 11,10 check digit over a digit string. */
export function regNoCheckDigit(first14: string): string {
  if (!/^\d{14}$/.test(first14))
    throw new TypeError(`regNoCheckDigit: expected 14 digits, got ${JSON.stringify(first14)}`);
  let p = 10;
  for (const ch of first14) {
    const s = (p + Number(ch)) % 10 || 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

/** A 15-digit 工商注册号 whose last digit is the ISO 7064 MOD 11,10 check. */
export function isValidRegNo(s: string): boolean {
  if (typeof s !== 'string' || !/^\d{15}$/.test(s)) return false;
  return regNoCheckDigit(s.slice(0, 14)) === s[14];
}

/**
 * A legacy 15-character 税务登记证号 (6-digit 行政区划代码 + valid 组织机构代码), or, after
 * 三证合一, the 18-character 统一社会信用代码 that replaced it.
 */
export function isValidTaxCode(s: string): boolean {
  if (typeof s !== 'string') return false;
  if (s.length === 18) return isValidUscc(s);
  return s.length === 15 && /^\d{6}$/.test(s.slice(0, 6)) && isValidOrgCode(s.slice(6));
}

/**
 * A mainland mobile number: 11 digits, `1[3-9]x`. An optional `+86` / `86` / `0086` country
 * prefix is accepted; spaces and hyphens are not.
 */
export function isValidMobile(s: string): boolean {
  return typeof s === 'string' && /^(?:\+86|0086|86)?1[3-9]\d{9}$/.test(s);
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------
