/**
 * yunhetong-sdk's console routes, mounted by core at `/__sim/yunhetong-sdk`; paths here are relative
 * to that prefix. Apps are created and changed by the core routes `POST /__sim/yunhetong-sdk/tenants`
 * and `PATCH /__sim/yunhetong-sdk/tenants/{appId}` (tenant-settings.ts); the credentials answered
 * are `{appId, password}`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { jsonContent as json } from '../shared/openapi.ts';
import { YunhetongSdkAppSettings } from './control.ts';

export const YunhetongSdkControlError = z
  .object({ error: z.string().describe('What went wrong') })
  .openapi('YunhetongSdkControlError');

const AppParam = z.object({
  appId: z.string().openapi({ param: { name: 'appId', in: 'path' }, example: '2017040517120800001' }),
});
const AppUserParam = AppParam.extend({
  appUserId: z.string().openapi({ param: { name: 'appUserId', in: 'path' }, example: 'u1' }),
});
const TemplateParam = AppParam.extend({
  templateId: z.string().openapi({ param: { name: 'templateId', in: 'path' }, example: '1001' }),
});
const ContractPartnerParam = z.object({
  contractId: z.string().openapi({ param: { name: 'contractId', in: 'path' }, example: '1704241653115006' }),
  appUserId: z.string().openapi({ param: { name: 'appUserId', in: 'path' }, example: 'u1' }),
});

export const YunhetongSdkAppView = z
  .object({
    appId: z.string(),
    password: z.string(),
    settings: YunhetongSdkAppSettings,
    counts: z.object({
      users: z.number().int(),
      templates: z.number().int(),
      contracts: z.number().int(),
      liveTokens: z.number().int(),
    }),
    createdAt: z.number().int(),
  })
  .openapi('YunhetongSdkAppView');

export const YunhetongSdkUserView = z
  .object({
    appUserId: z.string(),
    cellNum: z.string(),
    userType: z.number().int().describe('1 个人, 2 企业, 4 平台'),
    userName: z.string(),
    certifyType: z.number().int(),
    certifyNumber: z.string(),
    signatureIds: z.array(z.number().int()).describe("The user's signatures (sign/getSign)"),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('YunhetongSdkUserView');

export const YunhetongSdkTemplateInput = z
  .object({
    templateId: z
      .string()
      .optional()
      .describe('Letters, digits, _ or -, 1–32; default the next number from 1001'),
    title: z.string().max(100).optional().describe('Shown in the console only; default the templateId'),
    kind: z.enum(['pdf', 'docx']),
    contentBase64: z.string().min(1).describe('The file, Base64: a PDF or a DOCX with ${placeholder} text'),
  })
  .openapi('YunhetongSdkTemplateInput');

export const YunhetongSdkTemplateView = z
  .object({
    templateId: z.string(),
    title: z.string(),
    kind: z.enum(['pdf', 'docx']),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: z.number().int(),
  })
  .openapi('YunhetongSdkTemplateView');

export const YunhetongSdkPartnerAction = z
  .object({
    action: z.enum(['sign', 'invalid']).describe('sign: the partner signs (as on the page); invalid: voids'),
  })
  .openapi('YunhetongSdkPartnerAction');

export const YunhetongSdkConsoleContractView = z
  .object({
    appId: z.string(),
    contractId: z.string(),
    title: z.string(),
    status: z.enum(['signing', 'finished', 'invalid']),
    partners: z.array(
      z.object({
        appUserId: z.string(),
        signedAt: z.number().int().nullable(),
      }),
    ),
  })
  .openapi('YunhetongSdkConsoleContractView');

const notFound = json(YunhetongSdkControlError, 'Unknown app (or user, template, contract)');

export const appView = createRoute({
  method: 'get',
  path: '/apps/{appId}',
  summary: "An app's password, settings and counts",
  request: { params: AppParam },
  responses: { 200: json(YunhetongSdkAppView, 'The app'), 404: notFound },
});

export const userList = createRoute({
  method: 'get',
  path: '/apps/{appId}/users',
  summary: "An app's imported users",
  request: { params: AppParam },
  responses: { 200: json(z.object({ users: z.array(YunhetongSdkUserView) }), 'The users'), 404: notFound },
});

export const userDelete = createRoute({
  method: 'delete',
  path: '/apps/{appId}/users/{appUserId}',
  summary: 'Removes a user (their live tokens then answer 11001 用户不存在 on modifyCellNum/modifyUserName)',
  request: { params: AppUserParam },
  responses: { 200: json(YunhetongSdkUserView, 'The removed user'), 404: notFound },
});

export const templateCreate = createRoute({
  method: 'post',
  path: '/apps/{appId}/templates',
  summary: 'Adds a template (PDF or DOCX) that contract/templateContract can use',
  request: {
    params: AppParam,
    body: { content: { 'application/json': { schema: YunhetongSdkTemplateInput } }, required: true },
  },
  responses: {
    201: json(YunhetongSdkTemplateView, 'The template'),
    400: json(YunhetongSdkControlError, 'Bad template'),
    404: notFound,
    409: json(YunhetongSdkControlError, 'The templateId is taken'),
  },
});

export const templateList = createRoute({
  method: 'get',
  path: '/apps/{appId}/templates',
  summary: "An app's templates",
  request: { params: AppParam },
  responses: {
    200: json(z.object({ templates: z.array(YunhetongSdkTemplateView) }), 'The templates'),
    404: notFound,
  },
});

export const templateView = createRoute({
  method: 'get',
  path: '/apps/{appId}/templates/{templateId}',
  summary: 'One template',
  request: { params: TemplateParam },
  responses: { 200: json(YunhetongSdkTemplateView, 'The template'), 404: notFound },
});

export const templateDelete = createRoute({
  method: 'delete',
  path: '/apps/{appId}/templates/{templateId}',
  summary: 'Removes a template (contracts made from it keep their files)',
  request: { params: TemplateParam },
  responses: { 200: json(YunhetongSdkTemplateView, 'The removed template'), 404: notFound },
});

export const partnerAction = createRoute({
  method: 'post',
  path: '/contracts/{contractId}/partners/{appUserId}',
  summary: "A partner's human action on a contract: sign (as on the signing page) or invalid (作废)",
  request: {
    params: ContractPartnerParam,
    body: { content: { 'application/json': { schema: YunhetongSdkPartnerAction } }, required: true },
  },
  responses: {
    200: json(YunhetongSdkConsoleContractView, 'The contract after the action'),
    404: notFound,
    409: json(YunhetongSdkControlError, 'The vendor refuses the action (its subCode and message)'),
  },
});

/** The dashboard's links to a partner's signing page and the contract PDF (entities.ts). */
export const partnerOpen = createRoute({
  method: 'post',
  path: '/contracts/{contractId}/partners/{appUserId}/open',
  summary: "A fresh token for the partner and the URL of its signing page (or the contract's PDF)",
  request: {
    params: ContractPartnerParam,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            view: z.enum(['page', 'pdf']).describe('page: the desktop signing page; pdf: the current PDF'),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(
      z.object({
        open: z.string().describe("The URL, carrying the token (token/getToken's lifetime)"),
        token: z.string(),
        expiresAt: z.number().int(),
      }),
      'What to open',
    ),
    404: notFound,
  },
});

export const yunhetongSdkControlRoutes = {
  appView,
  userList,
  userDelete,
  templateCreate,
  templateList,
  templateView,
  templateDelete,
  partnerAction,
  partnerOpen,
};
