/**
 * Tenant settings are checked against the vendor's zod schema (`defineVendor({ settings })`) before
 * the vendor sees them, whoever calls: the control API or a test holding the service. A failure
 * throws a readable Error, which the control API answers with 400.
 */
import { z } from '@hono/zod-openapi';
import type { VendorDefinition } from './define.ts';
import type { VendorService } from './vendor.ts';

/**
 * Unknown keys are refused (a misspelt `callbackURL` must not be ignored in silence), with the
 * known ones listed; the schema itself stays open, so openapi/control.json is unchanged.
 */
function read<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
  const unknown =
    known && raw !== null && typeof raw === 'object' && !Array.isArray(raw)
      ? Object.keys(raw).filter((k) => !known.includes(k))
      : [];
  const parsed = z.safeParse<S>(schema, raw ?? {});
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
  if (unknown.length) {
    const listed = `${unknown.join(', ')} (known: ${(known ?? []).join(', ')})`;
    problems.unshift(`unknown setting${unknown.length > 1 ? 's' : ''} ${listed}`);
  }
  if (parsed.success && !problems.length) return parsed.data;
  throw new Error(problems.join('; '));
}

export function withCheckedSettings<S extends z.ZodType>(
  definition: VendorDefinition<string, S>,
  service: VendorService<z.output<S>>,
): VendorService {
  return {
    ...service,
    createTenant: (raw) => service.createTenant(read(definition.settings, raw)),
    patchTenant: (id, raw) => service.patchTenant(id, read(definition.settings, raw)),
  };
}
