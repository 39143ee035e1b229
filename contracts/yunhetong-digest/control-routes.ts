/**
 * yunhetong-digest's control routes (docs/interface.md "Control API"), mounted by core at
 * `/__sim/yunhetong-digest`; paths here are relative to that prefix (YUNHETONG_DIGEST_CONTROL_PREFIX).
 *
 * Apps are created and changed by the core routes `POST /__sim/yunhetong-digest/tenants` and
 * `PATCH /__sim/yunhetong-digest/tenants/{appId}` with YunhetongDigestTenantSettings (control.ts)
 * plus `appId` (16 digits, create only; default: generated) and `appKey` (default: generated).
 * The answer's credentials are `{appId, appKey}`. The routes here read an app's state and the
 * deployment's configuration, and set an app's state directly.
 */
import { jsonContent } from '../shared/openapi.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { YunhetongDigestTenantSettings } from './control.ts';

const json = jsonContent;

export const YunhetongDigestControlError = z
  .object({ error: z.string().describe('What went wrong') })
  .openapi('YunhetongDigestControlError');

const AppParam = z.object({
  appId: z.string().openapi({ param: { name: 'appId', in: 'path' }, example: '2018051800000000' }),
});

export const YunhetongDigestAppView = z
  .object({
    appId: z.string(),
    appKey: z.string(),
    settings: YunhetongDigestTenantSettings,
    nextSignerId: z.number().int(),
    counts: z.object({
      users: z.number().int(),
      moulages: z.number().int(),
      summaries: z.number().int(),
      liveTokens: z.number().int(),
    }),
    createdAt: z.number().int(),
  })
  .openapi('YunhetongDigestAppView');

export const YunhetongDigestUserView = z
  .object({
    signerId: z.number().int(),
    type: z.enum(['person', 'company']),
    userName: z.string(),
    identityRegion: z.string().optional(),
    certifyType: z.string(),
    certifyNum: z.string(),
    phoneRegion: z.string().optional(),
    phoneNo: z.string().optional(),
    certRevokedAt: z.number().int().optional().describe('Set while the certificate is revoked (control API)'),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('YunhetongDigestUserView');

export const YunhetongDigestServiceView = z
  .object({
    contextPath: z.string().describe("The war's context path ('/' by default)"),
    sandboxDir: z.string().describe('Every local path of the APIs resolves inside this directory'),
    apps: z.array(z.string()).describe('appIds'),
  })
  .openapi('YunhetongDigestServiceView');

export const YunhetongDigestAppStatePatch = z
  .object({
    appState: z.enum(['online', 'offline', 'missing']).optional(),
    signQuota: z.number().int().min(0).nullable().optional(),
    services: z
      .object({ cz: z.boolean().optional(), sms: z.boolean().optional(), cert: z.boolean().optional() })
      .optional(),
  })
  .openapi('YunhetongDigestAppStatePatch');

export const service = createRoute({
  method: 'get',
  path: '/service',
  summary: 'The deployment: context path, sandbox directory, apps',
  responses: { 200: json(YunhetongDigestServiceView, 'The deployment') },
});

export const appView = createRoute({
  method: 'get',
  path: '/apps/{appId}',
  summary: "An app's key, settings and counts",
  request: { params: AppParam },
  responses: {
    200: json(YunhetongDigestAppView, 'The app'),
    404: json(YunhetongDigestControlError, 'Unknown app'),
  },
});

export const appStatePatch = createRoute({
  method: 'patch',
  path: '/apps/{appId}/state',
  summary: "Set an app's platform state: online / offline / missing, purchases left, services",
  request: {
    params: AppParam,
    body: { content: { 'application/json': { schema: YunhetongDigestAppStatePatch } }, required: true },
  },
  responses: {
    200: json(YunhetongDigestAppView, 'The app after the change'),
    400: json(YunhetongDigestControlError, 'Bad state'),
    404: json(YunhetongDigestControlError, 'Unknown app'),
  },
});

export const userList = createRoute({
  method: 'get',
  path: '/apps/{appId}/users',
  summary: "An app's users, by signerId",
  request: { params: AppParam },
  responses: {
    200: json(z.object({ users: z.array(YunhetongDigestUserView) }), 'The users'),
    404: json(YunhetongDigestControlError, 'Unknown app'),
  },
});

export const YunhetongDigestMoulageView = z
  .object({
    moulageId: z.number().int(),
    signerId: z.number().int(),
    spec: z.record(z.string(), z.unknown()).describe('kind person | company | image and its options'),
    state: z
      .enum(['deleted', 'imageLost'])
      .optional()
      .describe('Set through the control API; absent: active'),
    createdAt: z.number().int(),
  })
  .openapi('YunhetongDigestMoulageView');

export const moulageList = createRoute({
  method: 'get',
  path: '/apps/{appId}/moulages',
  summary: "An app's moulages (seal specs), by moulageId",
  request: { params: AppParam },
  responses: {
    200: json(z.object({ moulages: z.array(YunhetongDigestMoulageView) }), 'The moulages'),
    404: json(YunhetongDigestControlError, 'Unknown app'),
  },
});

export const YunhetongDigestSummaryView = z
  .object({
    summaryId: z.number().int(),
    signerId: z.number().int(),
    moulageId: z.number().int().describe('-1: 全透明'),
    sealClass: z.string(),
    contractPath: z.string().describe('As the client sent it; `(文件流) <title>` for /sign/fileStream'),
    contractTitle: z.string().optional().describe("/sign/fileStream's contractTitle"),
    contractSavePath: z.string().describe('As the client sent it'),
    originalSha256: z.string(),
    signedSha256: z.string(),
    placed: z.array(
      z.object({
        page: z.number().int(),
        x: z.number(),
        y: z.number(),
        width: z.number(),
        height: z.number(),
      }),
    ),
    signedAt: z.number().int(),
  })
  .openapi('YunhetongDigestSummaryView');

export const summaryList = createRoute({
  method: 'get',
  path: '/apps/{appId}/summaries',
  summary: "An app's signings (摘要签署流水), by summaryId",
  request: { params: AppParam },
  responses: {
    200: json(z.object({ summaries: z.array(YunhetongDigestSummaryView) }), 'The signings'),
    404: json(YunhetongDigestControlError, 'Unknown app'),
  },
});

/** The dashboard's link to a signing's file (simulators/yunhetong-digest/entities.ts). */
export const summaryFile = createRoute({
  method: 'get',
  path: '/apps/{appId}/summaries/{summaryId}/file',
  summary: 'The signed PDF a signing wrote (contractSavePath in the sandbox), while it is unchanged',
  request: {
    params: AppParam.extend({
      summaryId: z
        .string()
        .regex(/^\d+$/)
        .openapi({ param: { name: 'summaryId', in: 'path' }, example: '1' }),
    }),
  },
  responses: {
    200: { content: { 'application/pdf': { schema: z.string() } }, description: 'The signed file' },
    404: json(YunhetongDigestControlError, 'Unknown app or signing'),
    409: json(YunhetongDigestControlError, 'The file is gone or changed since it was signed'),
  },
});

const MoulageParam = AppParam.extend({
  moulageId: z
    .string()
    .regex(/^\d+$/)
    .openapi({ param: { name: 'moulageId', in: 'path' }, example: '1000' }),
});
const SignerParam = AppParam.extend({
  signerId: z
    .string()
    .regex(/^\d+$/)
    .openapi({ param: { name: 'signerId', in: 'path' }, example: '1' }),
});

export const YunhetongDigestMoulagePatch = z
  .object({
    state: z
      .enum(['active', 'deleted', 'imageLost'])
      .describe(
        "The API has no delete, so the console does it: 'deleted' makes signing answer 20203 印模已删除; " +
          "'imageLost' keeps the record but loses its image, so signing answers 60110 印模不存在 from the " +
          "signing engine; 'active' undoes both",
      ),
  })
  .openapi('YunhetongDigestMoulagePatch');

export const moulagePatch = createRoute({
  method: 'patch',
  path: '/apps/{appId}/moulages/{moulageId}',
  summary: 'Delete a moulage, lose its image, or restore it (reaches 20203 and 60110)',
  request: {
    params: MoulageParam,
    body: { content: { 'application/json': { schema: YunhetongDigestMoulagePatch } }, required: true },
  },
  responses: {
    200: json(YunhetongDigestMoulageView, 'The moulage after the change'),
    400: json(YunhetongDigestControlError, 'Bad state'),
    404: json(YunhetongDigestControlError, 'Unknown app or moulage'),
  },
});

export const YunhetongDigestUserPatch = z
  .object({
    certificate: z
      .enum(['valid', 'revoked'])
      .describe(
        "'revoked': the signer's CA certificate is gone, so signing answers 60111 证书不存在; 'valid' " +
          're-issues it',
      ),
  })
  .openapi('YunhetongDigestUserPatch');

export const userPatch = createRoute({
  method: 'patch',
  path: '/apps/{appId}/users/{signerId}',
  summary: "Revoke or re-issue a user's certificate (reaches 60111)",
  request: {
    params: SignerParam,
    body: { content: { 'application/json': { schema: YunhetongDigestUserPatch } }, required: true },
  },
  responses: {
    200: json(YunhetongDigestUserView, 'The user after the change'),
    400: json(YunhetongDigestControlError, 'Bad state'),
    404: json(YunhetongDigestControlError, 'Unknown app or user'),
  },
});

export const appPurge = createRoute({
  method: 'post',
  path: '/apps/{appId}/purge',
  summary: "应用清库: clear the app's test data before going live (doc §3 step 6)",
  description:
    "What 云合同's staff do before an app goes live (项目对接整体流程 6) 准备上线: 应用清库, " +
    '清理应用中的测试数据（包括测试用户数据以及测试合同数据）): users, their tokens, seals, signings, SMS codes, time stamps and ' +
    '存证 are removed and the id sequences start again; the app, its key, its settings and the ' +
    "platform's own tokens stay.",
  request: { params: AppParam },
  responses: {
    200: json(YunhetongDigestAppView, 'The app after the purge'),
    404: json(YunhetongDigestControlError, 'Unknown app'),
  },
});

export const yunhetongDigestControlRoutes = {
  appPurge,
  service,
  appView,
  appStatePatch,
  userList,
  userPatch,
  moulageList,
  moulagePatch,
  summaryList,
  summaryFile,
};
