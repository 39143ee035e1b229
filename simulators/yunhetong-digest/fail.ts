/**
 * Failures inside the yunhetong-digest app are thrown as `YhtError` naming a catalogue entry
 * (contracts/yunhetong-digest/errors.ts) with the detail for its message; the app renders them as
 * the vendor's envelope `{code, msg}` (HTTP 200). Handlers validate before they mutate.
 */
import type { YunhetongDigestErrorName } from '../../contracts/yunhetong-digest/errors.ts';

export class YhtError extends Error {
  constructor(
    readonly key: YunhetongDigestErrorName,
    readonly detail?: string,
  ) {
    super(detail ? `${key}: ${detail}` : key);
    this.name = 'YhtError';
  }
}

export function fail(key: YunhetongDigestErrorName, detail?: string): never {
  throw new YhtError(key, detail);
}
