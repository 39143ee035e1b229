/**
 * baoquan tenant (access key) settings for `POST /__sim/baoquan/tenants` and
 * `PATCH /__sim/baoquan/tenants/{accessKey}`. null is read as absent.
 */
import { z } from '@hono/zod-openapi';
import { CallbackUrlSetting, MsSetting } from '../shared/settings.ts';

export const BaoquanTenantSettings = z
  .object({
    publicKey: z
      .string()
      .nullish()
      .describe(
        'The RSA public key (PEM: SPKI "PUBLIC KEY", PKCS#1 "RSA PUBLIC KEY" or a certificate, ≥ 1024 ' +
          'bits) that verifies your signatures; required to create',
      ),
    callbackUrl: CallbackUrlSetting,
    organizationName: z.string().nullish().describe("The certificate's organisation (up to 100 characters)"),
    productName: z.string().nullish().describe("The certificate's product (up to 100 characters)"),
    creatorPhone: z
      .string()
      .nullish()
      .describe("The organisation's 创建者, the first signer of every contract (a mainland mobile number)"),
    anchorDelayMs: MsSetting.describe('Completion → blockchain anchoring, virtual ms'),
    accessLinkTtlMs: MsSetting.describe('How long an access link stays valid; 0: forever'),
    clientClock: z
      .enum(['either', 'wall', 'virtual'])
      .nullish()
      .describe(
        "What a request's tonce (±300 s) is compared with: wall, the machine's clock the vendor's SDK " +
          'stamps it from, so advancing the virtual clock breaks nothing; virtual, the virtual clock (a ' +
          'client stamping from it); either (default): within the window of one of them',
      ),
  })
  .openapi('BaoquanTenantSettings');

export type BaoquanTenantSettings = z.output<typeof BaoquanTenantSettings>;
