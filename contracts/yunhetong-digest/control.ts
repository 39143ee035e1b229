/**
 * yunhetong-digest's side of the control API (docs/interface.md):
 *
 * - The app state the vendor's platform would hold, set per tenant through the core routes
 *   `POST /__sim/yunhetong-digest/tenants` and `PATCH /__sim/yunhetong-digest/tenants/{appId}`:
 *   `YunhetongDigestTenantSettings` (online / offline / missing, purchases left, the 存证, SMS and
 *   certificate services, token timings, the duplicate-certifyNum code).
 * - The service's own configuration (where the customer deployed the war): context path and
 *   sandbox directory, `YunhetongDigestServiceOptions`.
 * - The console routes under `YUNHETONG_DIGEST_CONTROL_PREFIX` (control-routes.ts; aggregated into
 *   openapi/control.json by contracts/control).
 */
import { z } from '@hono/zod-openapi';

export const YUNHETONG_DIGEST_CONTROL_PREFIX = '/__sim/yunhetong-digest';

/** The default app: the doc's example credentials (§5.3.1; docs/interface.md "Default tenants"). */
export const YUNHETONG_DIGEST_DEFAULT_APP = { appId: '2018051800000000', appKey: 'ABCdef123' } as const;

/** Timings. The doc's: token 15 minutes, renewed from minute 11 (its example), SMS code 15 minutes. */
export const YUNHETONG_DIGEST_TIMINGS = {
  /** §5.3.1 "长效令牌有效期为 15 分钟". */
  tokenLifetimeMs: 15 * 60_000,
  /**
   * A call made this long after the token was issued (or later) gets a fresh token in response
   * header `token` (the doc's example: minute 11). The old token stays valid until its own expiry
   * (guess; decision: yunhetong-digest.token-renewal).
   */
  tokenRenewAfterMs: 11 * 60_000,
  /** §5.7 20108 "验证码超过 15 分钟". */
  verifyCodeTtlMs: 15 * 60_000,
} as const;

/** Size limits of the doc. */
export const YUNHETONG_DIGEST_LIMITS = {
  /** §5.6.6/§5.6.7 "只支持 pdf，文件最大 20M". */
  tsaMaxFileBytes: 20 * 1024 * 1024,
  /** §5.5.3 "大小限制在 400KB 内". */
  sealImageMaxBytes: 400 * 1024,
} as const;

export const YunhetongDigestTenantSettings = z
  .object({
    appState: z
      .enum(['online', 'offline', 'missing'])
      .default('online')
      .describe(
        'online: normal. offline (应用未上线): user creation answers 20207, every other API 20300. missing ' +
          '(应用不存在): login and existing tokens answer 20301.',
      ),
    signQuota: z
      .number()
      .int()
      .min(0)
      .nullable()
      .default(null)
      .describe(
        "Signings left in the app's purchase; each successful signing uses one; 0 answers 20302 " +
          '应用购买量已用完. null = unlimited.',
      ),
    services: z
      .object({
        cz: z.boolean().default(true).describe('存证 service bought; false: /cz/* answer 20303'),
        sms: z
          .boolean()
          .default(true)
          .describe(
            'SMS verification bought; false: /send/verifyCode and the verifyCode signings answer 20304',
          ),
        cert: z
          .boolean()
          .default(true)
          .describe('Certificate service opened; false: user creation and signing answer 20210'),
      })
      .default({ cz: true, sms: true, cert: true }),
    tokenLifetimeMs: z.number().int().positive().default(YUNHETONG_DIGEST_TIMINGS.tokenLifetimeMs),
    tokenRenewAfterMs: z
      .number()
      .int()
      .nonnegative()
      .default(YUNHETONG_DIGEST_TIMINGS.tokenRenewAfterMs)
      .describe('Calls this long after the token was issued get a renewed token in header `token`'),
    duplicateCertifyNumCode: z
      .union([z.literal(20207), z.literal(20209)])
      .default(20207)
      .describe(
        "A duplicate certifyNum answers 20207 认证号码(…)已经存在 (the doc's examples) or 20209 证件号已被注册 (its " +
          'code table)',
      ),
  })
  // The renewal comes in the token's last minutes (§5.3.1): after issue, before expiry.
  .refine((s) => s.tokenRenewAfterMs < s.tokenLifetimeMs, {
    path: ['tokenRenewAfterMs'],
    message: 'must be less than tokenLifetimeMs (a token is renewed before it expires)',
  })
  .openapi('YunhetongDigestTenantSettings');

export type YunhetongDigestTenantSettings = z.output<typeof YunhetongDigestTenantSettings>;

/** The service's configuration (the customer's deployment), not per tenant. */
export interface YunhetongDigestServiceOptions {
  /** The war's context path ("服务名", §5.1); default '/' (docs/interface.md). */
  contextPath?: string;
  /**
   * Every contractPath, contractSavePath, filePath and fileSavePath is resolved inside it (validation.ts
   * resolveSandboxPath).
   */
  sandboxDir: string;
  /**
   * Answer 401/402/403 with that HTTP status (and the same envelope) instead of HTTP 200 (guess:
   * default false, see errors.ts).
   * decision: yunhetong-digest.http-200-envelopes
   */
  authErrorsAsHttpStatus?: boolean;
}
