/**
 * yunhetong-digest tenant (app) settings for `POST /__sim/yunhetong-digest/tenants` and
 * `PATCH /__sim/yunhetong-digest/tenants/{appId}`: the app's credentials and the fields of
 * `YunhetongDigestTenantSettings` (control.ts) to change. Absent fields keep their value (or the
 * default, on create); the whole result is checked against `YunhetongDigestTenantSettings`.
 */
import { z } from '@hono/zod-openapi';

export const YunhetongDigestTenantSettingsInput = z
  .object({
    appId: z.string().nullish().describe('16 digits; create only; default generated'),
    appKey: z.string().nullish().describe('6–64 letters or digits; default generated'),
    appState: z.enum(['online', 'offline', 'missing']).optional(),
    signQuota: z.number().int().min(0).nullable().optional(),
    services: z
      .object({ cz: z.boolean().optional(), sms: z.boolean().optional(), cert: z.boolean().optional() })
      .optional(),
    tokenLifetimeMs: z.number().int().positive().optional(),
    tokenRenewAfterMs: z.number().int().nonnegative().optional(),
    duplicateCertifyNumCode: z.union([z.literal(20207), z.literal(20209)]).optional(),
  })
  .openapi('YunhetongDigestTenantSettingsInput');

export type YunhetongDigestTenantSettingsInput = z.output<typeof YunhetongDigestTenantSettingsInput>;
