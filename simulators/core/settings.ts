/**
 * Tenant settings are checked against the vendor's zod schema (`defineVendor({ settings })`) before
 * the vendor sees them, whoever calls: the control API or a test holding the service. A failure
 * throws a readable Error, which the control API answers with 400.
 */
import { z } from '@hono/zod-openapi';
import type { VendorDefinition } from './define.ts';
import type { VendorService } from './vendor.ts';

function read<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = z.safeParse<S>(schema, raw ?? {});
  if (parsed.success) return parsed.data;
  throw new Error(
    parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; '),
  );
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
