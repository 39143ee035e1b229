/**
 * esign tenant (project) settings for `POST /__sim/esign/tenants` and
 * `PATCH /__sim/esign/tenants/{id}`. null is read as absent, except for quotaExpiresAt, where it
 * clears the end date.
 */
import { z } from '@hono/zod-openapi';
import { CallbackUrlSetting } from '../shared/settings.ts';

export const EsignTenantSettings = z
  .object({
    callbackUrl: CallbackUrlSetting,
    quota: z
      .number()
      .int()
      .min(0)
      .nullish()
      .describe('份 the project can still start signing for (§2.3); default 2000'),
    quotaExpiresAt: z
      .number()
      .nullish()
      .describe('Epoch ms when the package ends (§2.3 套餐到期); null: never'),
    name: z
      .string()
      .nullish()
      .describe("应用名称, names the platform's own seal (signerAppAuto); up to 40 characters are kept"),
  })
  .openapi('EsignTenantSettings');

export type EsignTenantSettings = z.output<typeof EsignTenantSettings>;
