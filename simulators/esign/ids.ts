/**
 * esign identifier shapes, from the doc's examples (generators from core/ids):
 * - accountId / templateId / flowId: 32 lowercase hex (`fa71cad7423411e8b00f00163e107e9c`);
 * - fileKey: `$<uuid>$<10 digits>` (`$333e7706-3277-4e67-88d4-7f9183a7cde9$3868138092`);
 * - docId: `yyyyMMddHHmmss` (Asia/Shanghai) + 5 digits (`2018041823454409001`);
 * - project id: 10 digits (`1111563657`), secret: 32 lowercase hex.
 */
import { dateSerial, digits, hex32, numericCode, uuid } from '../core/ids.ts';

export { hex32, uuid };

export function newFileKey(): string {
  return `$${uuid()}$${digits(10)}`;
}

export function newProjectId(): string {
  return `1111${numericCode(6)}`;
}

/** A docId not yet used in `taken`. */
export function newDocId(now: number, taken: Record<string, unknown>): string {
  for (;;) {
    const id = dateSerial(now, 5);
    if (!(id in taken)) return id;
  }
}

/** A 32-hex id not yet used in `taken`. */
export function newHexId(taken: Record<string, unknown>): string {
  for (;;) {
    const id = hex32();
    if (!(id in taken)) return id;
  }
}

/** A 6-digit verification code. */
export function sixDigits(): string {
  return numericCode(6);
}
