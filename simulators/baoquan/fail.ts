/**
 * Failures inside the baoquan app are thrown as `BaoquanError` naming a catalogue entry
 * (contracts/baoquan/errors.ts) with the values for its message's `{placeholders}`;
 * `app.onError` renders them as the vendor's error body `{request_id, message, timestamp}` with
 * the entry's HTTP status. Every handler validates before it mutates, so a thrown error never
 * leaves state half-changed.
 */
import type { BaoquanErrorName, BaoquanErrorParams } from '../../contracts/baoquan/errors.ts';

export class BaoquanError extends Error {
  constructor(
    readonly key: BaoquanErrorName,
    readonly params: BaoquanErrorParams = {},
  ) {
    super(Object.keys(params).length ? `${key}: ${JSON.stringify(params)}` : key);
    this.name = 'BaoquanError';
  }
}

export function fail(key: BaoquanErrorName, params?: BaoquanErrorParams): never {
  throw new BaoquanError(key, params);
}

/** PARAM_MISSING / PARAM_INVALID for a payload field, named as the catalogue does (`payload.ano`). */
export function failParam(kind: 'missing' | 'invalid', field: string): never {
  throw new BaoquanError(kind === 'missing' ? 'PARAM_MISSING' : 'PARAM_INVALID', {
    field: `payload.${field}`,
  });
}
