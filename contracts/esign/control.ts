/**
 * esign's control routes (docs/interface.md "Control API"): a human signer's actions and debug views.
 * Mounted by core at `/__sim/esign`; the paths below are relative to that prefix
 * (ESIGN_CONTROL_PREFIX). Tenants are created and patched by the core routes
 * `POST /__sim/esign/tenants` and `PATCH /__sim/esign/tenants/{id}`, whose esign settings are
 * `callbackUrl` (string, '' = none), `quota` (units, integer >= 0), `quotaExpiresAt` (epoch ms
 * when the package ends, null = never) and `name` (应用名称, names the platform's own seal).
 */
import { jsonContent } from '../shared/openapi.ts';
import { createRoute, z } from '@hono/zod-openapi';

export const ESIGN_CONTROL_PREFIX = '/__sim/esign';

const json = jsonContent;

export const EsignControlError = z
  .object({
    error: z.string().describe('What went wrong'),
    code: z
      .enum([
        'unknown-flow',
        'unknown-signer',
        'unknown-tenant',
        'not-running',
        'not-your-turn',
        'already-done',
        'failed',
      ])
      .optional(),
    errCode: z
      .number()
      .int()
      .optional()
      .describe(
        "The esign catalogue's code for the same condition (FLOW_NOT_FOUND, SIGNER_NOT_IN_FLOW, " +
          'FLOW_STATUS_INVALID, SIGNER_ALREADY_DONE)',
      ),
    msg: z.string().optional().describe("The catalogue's message"),
  })
  .openapi('EsignControlError');

export const EsignQuota = z
  .object({
    total: z.number().int().describe('Units bought (套餐份数)'),
    frozen: z.number().int().describe('Frozen by draft and running flows (1 per document)'),
    used: z.number().int().describe('Deducted by completed flows'),
    free: z.number().int().describe('total - frozen - used; /sign/start needs one per document'),
  })
  .openapi('EsignQuota');

export const EsignTenantView = z
  .object({
    projectId: z.string(),
    name: z.string().describe('应用名称; the platform seal (signerAppAuto) carries it'),
    callbackUrl: z.string(),
    quota: EsignQuota,
    quotaExpiresAt: z
      .number()
      .int()
      .optional()
      .describe('When the package ends (epoch ms, virtual clock); /sign/start then answers QUOTA_EXPIRED'),
    counts: z.object({
      accounts: z.number().int(),
      files: z.number().int(),
      templates: z.number().int(),
      docs: z.number().int(),
      flows: z.number().int(),
    }),
  })
  .openapi('EsignTenantView');

export const EsignSignerView = z
  .object({
    accountId: z.string().describe('The person; the project id for the platform (signerAppAuto)'),
    authorizationOrgId: z.string().optional(),
    kind: z.enum(['person', 'platform']),
    name: z.string().describe('Name on the seal'),
    signOrder: z.number().int(),
    autoSign: z.boolean(),
    signStatus: z.number().int().describe('0 待签署, 1 签署中, 2 已完成, 3 签署失败, 4 已拒签'),
    signStatusText: z.string(),
    recieveTime: z.string().optional(),
    signTime: z.string().optional(),
    signExplain: z.string().optional(),
    signUrl: z.string().describe('The H5 page of this signer'),
    positions: z.array(z.object({ docId: z.string(), describe: z.array(z.string()) })),
  })
  .openapi('EsignSignerView');

export const EsignFlowView = z
  .object({
    projectId: z.string(),
    flowId: z.string(),
    businessScene: z.string(),
    flowStatus: z.number().int(),
    flowStatusText: z.string(),
    statusDescription: z.string().optional(),
    createTime: z.string(),
    endTime: z.string().optional(),
    signValidity: z.string().optional(),
    noticeType: z.string(),
    redirectUrl: z.string().optional(),
    quotaFrozen: z.number().int(),
    quotaDeducted: z.number().int(),
    docs: z.array(
      z.object({
        docId: z.string(),
        name: z.string(),
        pageCount: z.number().int(),
        currentUrl: z.string().describe('The PDF as signed so far (30 min)'),
      }),
    ),
    signers: z.array(EsignSignerView),
    quota: EsignQuota.describe("The project's quota now"),
  })
  .openapi('EsignFlowView');

export const EsignFlowSummary = z
  .object({
    projectId: z.string(),
    flowId: z.string(),
    businessScene: z.string(),
    flowStatus: z.number().int(),
    createTime: z.string(),
  })
  .openapi('EsignFlowSummary');

export const EsignSignerAction = z
  .object({
    action: z.enum(['sign', 'refuse']),
    reason: z
      .string()
      .max(200)
      .optional()
      .describe('For refuse: becomes signExplain and the callback resultDescription'),
  })
  .openapi('EsignSignerAction');

export const EsignSignerActionResult = z
  .object({
    flowId: z.string(),
    accountId: z.string(),
    authorizationOrgId: z.string().optional(),
    signStatus: z.number().int(),
    flowStatus: z.number().int(),
  })
  .openapi('EsignSignerActionResult');

const ProjectQuery = z.object({
  projectId: z
    .string()
    .optional()
    .describe('Restrict the lookup to one project (flow ids are unique anyway)'),
});
const FlowParam = z.object({ flowId: z.string().openapi({ param: { name: 'flowId', in: 'path' } }) });

export const tenantView = createRoute({
  method: 'get',
  path: '/tenants/{projectId}',
  summary: 'A project: settings, quota (total / frozen / used / free) and counts',
  request: {
    params: z.object({ projectId: z.string().openapi({ param: { name: 'projectId', in: 'path' } }) }),
  },
  responses: { 200: json(EsignTenantView, 'The project'), 404: json(EsignControlError, 'Unknown project') },
});

export const flowList = createRoute({
  method: 'get',
  path: '/flows',
  summary: 'Sign flows, oldest first',
  request: { query: ProjectQuery },
  responses: { 200: json(z.object({ flows: z.array(EsignFlowSummary) }), 'Flows') },
});

export const flowView = createRoute({
  method: 'get',
  path: '/flows/{flowId}',
  summary: 'Debug view of one flow: signers, their signUrls and positions, documents, quota',
  request: { params: FlowParam, query: ProjectQuery },
  responses: { 200: json(EsignFlowView, 'The flow'), 404: json(EsignControlError, 'Unknown flow') },
});

export const signerAction = createRoute({
  method: 'post',
  path: '/flows/{flowId}/signers/{accountId}',
  summary: "A human signer signs or refuses (no verification code: the test path of the H5 page's buttons)",
  description:
    'accountId names the signer: a person signing for itself, or the authorizationOrgId of a person ' +
    'signing for an org, ' +
    'or the project id for the platform (signerAppAuto). Answers the resulting signer and flow ' +
    'status; callbacks and ' +
    'quota follow as if the signer had used the page.',
  request: {
    params: FlowParam.extend({ accountId: z.string().openapi({ param: { name: 'accountId', in: 'path' } }) }),
    query: ProjectQuery,
    body: { content: { 'application/json': { schema: EsignSignerAction } }, required: true },
  },
  responses: {
    200: json(EsignSignerActionResult, 'Done'),
    400: json(EsignControlError, 'Bad body'),
    404: json(EsignControlError, 'Unknown flow or signer'),
    409: json(
      EsignControlError,
      'Not possible now: flow not running, not this signer’s turn, already done, or stamping failed',
    ),
  },
});

export const esignControlRoutes = { tenantView, flowList, flowView, signerAction };
