/**
 * yunhetong-sdk tenant (app) settings: `POST /__sim/yunhetong-sdk/tenants` and
 * `PATCH /__sim/yunhetong-sdk/tenants/{appId}` take the app's credentials and the fields of
 * `YunhetongSdkAppSettings` (control.ts) to change. Absent fields keep their value (or the default,
 * on create); the result is checked against `YunhetongSdkAppSettings`.
 */
import { z } from '@hono/zod-openapi';
import { CallbackUrlSetting, MsSetting } from '../shared/settings.ts';

export const YunhetongSdkTenantSettingsInput = z
  .object({
    appId: z.string().nullish().describe('19 digits; create only; default generated'),
    password: z.string().nullish().describe('应用密码: 1–64 characters without spaces; default generated'),
    appName: z.string().nullish().describe("The app's name (contract/list's appName)"),
    noticeUrl: CallbackUrlSetting,
    fileReadyDelayMs: MsSetting.describe(
      'For this long after a contract is made, addPartner answers 10535 合同文件尚未生成 (default 0)',
    ),
    tokenLifetimeMs: z.number().int().positive().nullish().describe("A token's life (default 30 minutes)"),
    noticeRetryDelaysMs: z
      .array(z.number().int().min(0))
      .max(20)
      .nullish()
      .describe('Delays before each retry of a notice not answered {"response": true}'),
  })
  .openapi('YunhetongSdkTenantSettingsInput');

export type YunhetongSdkTenantSettingsInput = z.output<typeof YunhetongSdkTenantSettingsInput>;
