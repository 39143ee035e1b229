/**
 * wosign's console routes, mounted by core at `/__sim/wosign`; paths here are relative to that
 * prefix. Tenants are created and changed by the core routes `POST /__sim/wosign/tenants` and
 * `PATCH /__sim/wosign/tenants/{tokenid}` (tenant-settings.ts); a created tenant's credentials are
 * `{tokenid, certificatePem, privateKeyPem, pfxBase64, pfxPassword}`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { jsonContent as json } from '../shared/openapi.ts';
import { WosignCertificateView, WosignTenantSettings } from './control.ts';
import { SignPosition } from './schemas.ts';

export const WosignControlError = z
  .object({ error: z.string().describe('What went wrong') })
  .openapi('WosignControlError');

const TokenParam = z.object({
  tokenid: z.string().openapi({
    param: { name: 'tokenid', in: 'path' },
    example: '5e1a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  }),
});
const CertificateParam = TokenParam.extend({
  fingerprint: z.string().openapi({ param: { name: 'fingerprint', in: 'path' } }),
});
const TemplateParam = TokenParam.extend({
  tempid: z.string().openapi({ param: { name: 'tempid', in: 'path' }, example: 'T1001' }),
});
const SignerParam = z.object({
  signid: z.string().openapi({ param: { name: 'signid', in: 'path' } }),
  index: z
    .string()
    .openapi({ param: { name: 'index', in: 'path' }, description: '0-based, in signerlist order' }),
});

export const WosignTenantView = z
  .object({
    tokenid: z.string(),
    settings: WosignTenantSettings,
    certificates: z.array(WosignCertificateView),
    counts: z.object({
      templates: z.number().int(),
      companies: z.number().int(),
      orders: z.number().int(),
    }),
    createdAt: z.number().int(),
  })
  .openapi('WosignTenantView');

export const WosignCertificateInput = z
  .object({
    certificatePem: z.string().optional().describe('A PEM certificate: registered by its DER SHA-256'),
    publicKeyPem: z.string().optional().describe('A PEM public key: registered by its SPKI SHA-256'),
    fingerprint: z
      .string()
      .optional()
      .describe('A SHA-256 hex fingerprint (colons allowed) of a DER certificate or of an SPKI'),
  })
  .openapi('WosignCertificateInput');

export const WosignTemplateInput = z
  .object({
    tempid: z.string().optional().describe('Letters, digits, _ or -, 1–64; default T<n> from T1001'),
    subject: z.string().max(256).optional().describe('签署文档主题 when the order gives none'),
    contentBase64: z.string().min(1).describe('The template PDF, Base64'),
    signers: z
      .array(z.object({ signlist: z.array(SignPosition).min(1) }))
      .min(1)
      .max(20)
      .describe("Per signer (in signerlist order) the template's signature positions"),
  })
  .openapi('WosignTemplateInput');

export const WosignTemplateView = z
  .object({
    tempid: z.string(),
    subject: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    signers: z.array(z.object({ signlist: z.array(SignPosition) })),
    createdAt: z.number().int(),
  })
  .openapi('WosignTemplateView');

export const WosignCompany = z
  .object({
    orgName: z.string().min(1).max(100).describe('单位名称'),
    orgNo: z.string().min(1).max(32).describe('营业执照号 (USCC or registration number)'),
  })
  .openapi('WosignCompany');

export const WosignSignerActionInput = z
  .object({ action: z.enum(['sign', 'refuse']) })
  .openapi('WosignSignerActionInput');

export const WosignSignerActionResult = z
  .object({
    signid: z.string(),
    index: z.number().int(),
    signerStatus: z.enum(['waiting', 'signing', 'signed', 'refused']),
    orderStatus: z.enum(['signing', 'signed', 'refused']),
  })
  .openapi('WosignSignerActionResult');

const notFound = json(WosignControlError, 'Unknown tenant (or object)');
const bad = json(WosignControlError, 'The input is invalid');

export const wosignControlRoutes = {
  tenantView: createRoute({
    method: 'get',
    path: '/tenants/{tokenid}',
    tags: ['wosign'],
    summary: 'A tenant: settings, registered client certificates, counts',
    request: { params: TokenParam },
    responses: { 200: json(WosignTenantView, 'The tenant'), 404: notFound },
  }),
  certificateAdd: createRoute({
    method: 'post',
    path: '/tenants/{tokenid}/certificates',
    tags: ['wosign'],
    summary: 'Register an existing client certificate ("将证书公钥信息发送给沃通配置访问授权")',
    description: 'One of certificatePem, publicKeyPem or fingerprint.',
    request: {
      params: TokenParam,
      body: { required: true, content: { 'application/json': { schema: WosignCertificateInput } } },
    },
    responses: { 201: json(WosignCertificateView, 'Registered'), 400: bad, 404: notFound },
  }),
  certificateDelete: createRoute({
    method: 'delete',
    path: '/tenants/{tokenid}/certificates/{fingerprint}',
    tags: ['wosign'],
    summary: 'Unregister a client certificate (its requests then answer -80)',
    request: { params: CertificateParam },
    responses: { 200: json(WosignCertificateView, 'Unregistered'), 404: notFound },
  }),
  templateCreate: createRoute({
    method: 'post',
    path: '/tenants/{tokenid}/templates',
    tags: ['wosign'],
    summary: "Add a template (tempid): a PDF and each signer's signature positions",
    request: {
      params: TokenParam,
      body: { required: true, content: { 'application/json': { schema: WosignTemplateInput } } },
    },
    responses: {
      201: json(WosignTemplateView, 'Added'),
      400: bad,
      404: notFound,
      409: json(WosignControlError, 'The tempid exists'),
    },
  }),
  templateList: createRoute({
    method: 'get',
    path: '/tenants/{tokenid}/templates',
    tags: ['wosign'],
    summary: "The tenant's templates",
    request: { params: TokenParam },
    responses: {
      200: json(z.object({ templates: z.array(WosignTemplateView) }), 'Templates'),
      404: notFound,
    },
  }),
  templateDelete: createRoute({
    method: 'delete',
    path: '/tenants/{tokenid}/templates/{tempid}',
    tags: ['wosign'],
    summary: 'Delete a template (CreateSignOrder with its tempid then answers -43)',
    request: { params: TemplateParam },
    responses: { 200: json(WosignTemplateView, 'Deleted'), 404: notFound },
  }),
  companyAdd: createRoute({
    method: 'post',
    path: '/tenants/{tokenid}/companies',
    tags: ['wosign'],
    summary: "Register a company's name and licence number (CreateSignOrder answers -50 on a mismatch)",
    request: {
      params: TokenParam,
      body: { required: true, content: { 'application/json': { schema: WosignCompany } } },
    },
    responses: {
      201: json(WosignCompany, "Registered (replacing the number's earlier name)"),
      400: bad,
      404: notFound,
    },
  }),
  companyList: createRoute({
    method: 'get',
    path: '/tenants/{tokenid}/companies',
    tags: ['wosign'],
    summary: "The tenant's company registry",
    request: { params: TokenParam },
    responses: { 200: json(z.object({ companies: z.array(WosignCompany) }), 'Companies'), 404: notFound },
  }),
  signerAction: createRoute({
    method: 'post',
    path: '/orders/{signid}/signers/{index}',
    tags: ['wosign'],
    summary: "A signer's human action on WoSign's platform: sign or refuse (signers act in list order)",
    request: {
      params: SignerParam,
      body: { required: true, content: { 'application/json': { schema: WosignSignerActionInput } } },
    },
    responses: {
      200: json(WosignSignerActionResult, 'Done'),
      404: notFound,
      409: json(WosignControlError, "Not this signer's turn, or the order is finished"),
    },
  }),
};
