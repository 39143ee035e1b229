/**
 * yunhetong-sdk's side of the control API:
 *
 * - the app settings the vendor's platform holds, set through the core routes
 *   `POST /__sim/yunhetong-sdk/tenants` and `PATCH /__sim/yunhetong-sdk/tenants/{appId}`
 *   (`YunhetongSdkAppSettings`);
 * - the default app, printed at start;
 * - the console routes under `/__sim/yunhetong-sdk` (control-routes.ts): the app, its users, its
 *   templates, and a partner's human action on a contract.
 */
import { z } from '@hono/zod-openapi';

export const YUNHETONG_SDK_CONTROL_PREFIX = '/__sim/yunhetong-sdk';

/** The default app (a guess: the doc shows no credentials; 19 digits like the doc's appId rule). */
export const YUNHETONG_SDK_DEFAULT_APP = { appId: '2017040517120800001', password: 'sealsim123' } as const;

export const YUNHETONG_SDK_TIMINGS = {
  /** 用户相关接口 2: "该token的有效时间为30分钟". */
  tokenLifetimeMs: 30 * 60_000,
  /** Retries of an unanswered notice (decision: yunhetong-sdk.notice-retry-schedule). */
  noticeRetryDelaysMs: [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000],
} as const;

export const YunhetongSdkAppSettings = z
  .object({
    appName: z
      .string()
      .min(1)
      .max(64)
      .default('sealsim')
      .describe("The app's name (contract/list's appName)"),
    noticeUrl: z
      .string()
      .default('')
      .describe("Where notices (消息发送) go, urlencoded `notice=<json>`: an http(s) URL, or '' for none"),
    fileReadyDelayMs: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe(
        'For this long after a contract is made, addPartner answers 10535 合同文件尚未生成，请稍后再试',
      ),
    tokenLifetimeMs: z.number().int().positive().default(YUNHETONG_SDK_TIMINGS.tokenLifetimeMs),
    noticeRetryDelaysMs: z
      .array(z.number().int().min(0))
      .max(20)
      .default([...YUNHETONG_SDK_TIMINGS.noticeRetryDelaysMs])
      .describe(
        'Virtual delays before each retry of a notice the receiver did not answer {"response": true}',
      ),
  })
  .openapi('YunhetongSdkAppSettings');

export type YunhetongSdkAppSettings = z.output<typeof YunhetongSdkAppSettings>;

/** A template's id: letters, digits, `_` or `-`, 1–32 (decision: yunhetong-sdk.template-id-format). */
export const TEMPLATE_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** The first generated templateId of an app (then 1002, 1003…). */
export const FIRST_TEMPLATE_SEQ = 1001;
