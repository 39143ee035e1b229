/**
 * wosign tenant settings: `POST /__sim/wosign/tenants` and `PATCH /__sim/wosign/tenants/{tokenid}`
 * take the fields of `WosignTenantSettings` (control.ts) to change and client certificates to
 * register. Absent fields keep their value (or the default, on create). A created tenant gets a
 * fresh client certificate (code-signing EKU) unless `issueCertificate` is false.
 */
import { z } from '@hono/zod-openapi';
import { CallbackUrlSetting } from '../shared/settings.ts';

export const WosignTenantSettingsInput = z
  .object({
    tokenid: z.string().nullish().describe('create only; default a generated UUID'),
    disabled: z.boolean().nullish().describe('-67 for every request while true'),
    balance: z.number().int().min(0).nullish().describe('Signing orders left (-68 at 0)'),
    notifyUrl: CallbackUrlSetting.describe('Where PushSignedDoc goes: an http(s) URL, or empty for none'),
    pushRetryDelaysMs: z
      .array(z.number().int().min(0))
      .max(20)
      .nullish()
      .describe('Delays before each retry of a PushSignedDoc not answered exactly `1`'),
    certificates: z
      .array(z.string())
      .max(20)
      .nullish()
      .describe(
        'Client certificates to register (added to those the tenant has): a PEM certificate, a PEM ' +
          'public key, or a SHA-256 hex fingerprint of a DER certificate or of its SubjectPublicKeyInfo',
      ),
    issueCertificate: z
      .boolean()
      .nullish()
      .describe('create only: issue and register a client certificate (default true)'),
  })
  .openapi('WosignTenantSettingsInput');

export type WosignTenantSettingsInput = z.output<typeof WosignTenantSettingsInput>;
