/**
 * How CreateSignOrder (doc: 3.1 创建签署) reads its values: Base64 files and pictures, the
 * signature positions ("左下,右上(百分比)"), signType, the company licence check (-50). Each
 * reader throws the catalogue's VendorError with the code the doc gives that value; the console's
 * templates read positions with the same rules (order-console.ts).
 */
import { decodeStrictBase64 } from '../../core/base64.ts';
import { wosignCatalogue as catalogue } from '../../../contracts/wosign/errors.ts';
import { isValidRegNo, isValidUscc } from '../../core/checkdigits.ts';
import { imageDimensions } from '../../core/pdf/seal-geometry.ts';
import { decodablePng } from '../../core/png.ts';
import type { WosignRuntime } from '../runtime.ts';
import type { WosignPosition, WosignTenant } from '../state.ts';

/** decision: wosign.signer-limits */
export const MAX_SIGNERS = 20;
/** decision: wosign.signer-limits */
export const MAX_POSITIONS_PER_SIGNER = 50;
/** decision: wosign.order-number */
export const MAX_ORDER_NUMBER_LENGTH = 64;
/** 最长 256 字符 (doc: 3.1 创建签署, subject). */
export const MAX_SUBJECT_CHARS = 256;

/** A value the request left out: absent, null or empty text. */
export function isBlank(v: unknown): v is undefined | null | '' {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * Strict Base64 (whitespace anywhere ignored, as Java's MIME decoder and .NET read it), or
 * undefined when it is not Base64. decision: wosign.base64
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const bytes = decodeStrictBase64(text);
  return bytes && bytes.length > 0 ? bytes : undefined;
}

/** A JPEG: SOI at the start and a frame header (SOF) with a size. */
function isJpeg(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return false;
  const dim = imageDimensions(bytes);
  return dim?.type === 'jpg' && dim.width > 0 && dim.height > 0;
}

/** The picture's type when its bytes are a whole PNG or a JPEG; undefined otherwise (-61). */
export function pictureType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | undefined {
  if (decodablePng(bytes)) return 'image/png';
  return isJpeg(bytes) ? 'image/jpeg' : undefined;
}

/**
 * A picture field (pic, otherpic, stampbase): Base64 (-79) of a PNG or JPEG (-61 for anything
 * else: "传入的信息存在危险性"). decision: wosign.picture-formats
 */
export function readPicture(
  value: string,
  field: string,
): { bytes: Uint8Array; contentType: 'image/png' | 'image/jpeg' } {
  const bytes = decodeBase64(value);
  if (!bytes) return catalogue.fail('PARAM_INVALID', `${field} is not Base64`);
  const contentType = pictureType(bytes);
  if (!contentType) return catalogue.fail('DANGEROUS_CONTENT', `${field} is not a PNG or JPEG picture`);
  return { bytes, contentType };
}

/** An int value, or its decimal text (real clients send `"2"`); undefined when neither. */
export function readInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*[+-]?\d{1,9}\s*$/.test(v)) return Number.parseInt(v, 10);
  return undefined;
}

const FRACTION = String.raw`\s*(\d+(?:\.\d*)?|\.\d+)\s*`;
const POSITION_TEXT = new RegExp(`^${FRACTION},${FRACTION},${FRACTION},${FRACTION}$`);

/**
 * "x1,y1,x2,y2": the box's left-bottom then right-top corner as fractions of the page, spaces
 * allowed around each number; 0 ≤ x1 < x2 ≤ 1 and 0 ≤ y1 < y2 ≤ 1. decision: wosign.position-format
 */
export function parsePositionText(text: string): Omit<WosignPosition, 'page'> | undefined {
  const m = POSITION_TEXT.exec(text);
  if (!m) return undefined;
  const [x1, y1, x2, y2] = m.slice(1, 5).map(Number) as [number, number, number, number];
  if (!(x1 >= 0 && x1 < x2 && x2 <= 1 && y1 >= 0 && y1 < y2 && y2 <= 1)) return undefined;
  return { x1, y1, x2, y2 };
}

/** What went wrong with a position list: the catalogue entry and a readable detail. */
export interface PositionProblem {
  error: 'INCOMPLETE' | 'PARAM_INVALID';
  detail: string;
}

/**
 * A signlist (`[{pagenumber, position}]`) on a document of `pageCount` pages: the boxes, or the
 * problem (-100 an entry without pagenumber or position, or an empty list; -79 a page outside the
 * document, a position that is not four fractions, more than MAX_POSITIONS_PER_SIGNER).
 */
export function readPositions(
  list: ReadonlyArray<{ pagenumber?: unknown; position?: unknown }>,
  pageCount: number,
  where: string,
): { positions: WosignPosition[] } | { problem: PositionProblem } {
  if (list.length === 0) return { problem: { error: 'INCOMPLETE', detail: `${where}: no positions` } };
  if (list.length > MAX_POSITIONS_PER_SIGNER)
    return {
      problem: {
        error: 'PARAM_INVALID',
        detail: `${where}: more than ${MAX_POSITIONS_PER_SIGNER} positions`,
      },
    };
  const positions: WosignPosition[] = [];
  for (const [i, entry] of list.entries()) {
    const at = `${where}[${i}]`;
    if (isBlank(entry.pagenumber)) return { problem: { error: 'INCOMPLETE', detail: `${at}.pagenumber` } };
    if (isBlank(entry.position)) return { problem: { error: 'INCOMPLETE', detail: `${at}.position` } };
    const page = readInt(entry.pagenumber);
    if (page === undefined || page < 1 || page > pageCount)
      return {
        problem: { error: 'PARAM_INVALID', detail: `${at}.pagenumber: pages 1 to ${pageCount}` },
      };
    const box = typeof entry.position === 'string' ? parsePositionText(entry.position) : undefined;
    if (!box)
      return {
        problem: { error: 'PARAM_INVALID', detail: `${at}.position: "x1,y1,x2,y2" fractions, x1<x2, y1<y2` },
      };
    positions.push({ page, ...box });
  }
  return { positions };
}

/** A company name as compared: no whitespace, full-width brackets as ASCII ones. */
function comparableName(name: string): string {
  return name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
}

/** A licence number as compared: trimmed, upper-case. */
export function comparableOrgNo(orgNo: string): string {
  return orgNo.trim().toUpperCase();
}

/** An 18-character 统一社会信用代码 or a 15-digit 工商注册号 with its check character. */
export function isLicenceNumber(orgNo: string): boolean {
  const n = comparableOrgNo(orgNo);
  return n.length === 18 ? isValidUscc(n) : isValidRegNo(n);
}

/**
 * -50 公司名称和营业执照号匹配失败: orgNo is no licence number (a USCC or 注册号 whose check
 * character fails, or neither shape), or the tenant's company registry has the number under
 * another name, or the name under another number. decision: wosign.company-registry
 */
export function checkCompany(rt: WosignRuntime, t: WosignTenant, orgName: string, orgNo: string): void {
  if (!isLicenceNumber(orgNo)) catalogue.fail('COMPANY_MISMATCH', `${orgNo} is no licence number`);
  const name = comparableName(orgName);
  const byNumber = rt.company(t, orgNo);
  if (byNumber && comparableName(byNumber.orgName) !== name)
    catalogue.fail('COMPANY_MISMATCH', `${orgNo} is registered to another name`);
  const number = comparableOrgNo(orgNo);
  const byName = Object.values(t.companies).find((c) => comparableName(c.orgName) === name);
  if (byName && comparableOrgNo(byName.orgNo) !== number)
    catalogue.fail('COMPANY_MISMATCH', `${orgName} is registered with another number`);
}

/** The subject as kept: at most 256 characters, the rest dropped ("超出部分使用""代替"). */
export function cutSubject(subject: string): string {
  const chars = Array.from(subject);
  return chars.length > MAX_SUBJECT_CHARS ? chars.slice(0, MAX_SUBJECT_CHARS).join('') : subject;
}
