/** Payload-field failures the handlers find beyond the schema (identity kinds, CA fields, positions). */
import { baoquanCatalogue } from '../../../contracts/baoquan/errors.ts';

/** PARAM_MISSING / PARAM_INVALID for a payload field, named as the catalogue does (`payload.ano`). */
export function failParam(kind: 'missing' | 'invalid', field: string): never {
  return baoquanCatalogue.fail(kind === 'missing' ? 'PARAM_MISSING' : 'PARAM_INVALID', {
    field: `payload.${field}`,
  });
}
