/**
 * Failures inside the esign app are thrown as `EsignError` naming a catalogue entry
 * (contracts/esign/errors.ts); `app.onError` renders them in the vendor envelope
 * `{errCode, msg}`. Validation runs before any mutation, so a thrown error never leaves
 * state half-changed.
 */
import type { EsignErrorName } from '../../contracts/esign/errors.ts';

export class EsignError extends Error {
  constructor(
    readonly key: EsignErrorName,
    /** Appended to the catalogue message: `参数错误: flowId 不能为空`. */
    readonly detail?: string,
  ) {
    super(detail ? `${key}: ${detail}` : key);
    this.name = 'EsignError';
  }
}

export function fail(key: EsignErrorName, detail?: string): never {
  throw new EsignError(key, detail);
}
