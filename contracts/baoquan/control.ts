/**
 * baoquan's control routes (docs/interface.md "Control API"): the vendor console's templates with
 * their factoid schemas, a tenant view, and debug views of attestations, CA certificates, users
 * and contracts. Mounted by core at `/__sim/baoquan`; paths here are relative to that prefix
 * (BAOQUAN_CONTROL_PREFIX).
 *
 * Tenants are created and patched by the core routes `POST /__sim/baoquan/tenants` and
 * `PATCH /__sim/baoquan/tenants/{accessKey}`; baoquan settings: `publicKey` (RSA PEM, SPKI
 * `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`; required to create), `organizationName`,
 * `productName` (the certificate's common fields), `creatorPhone` (the organisation's 创建者, the
 * first contract signer), `anchorDelayMs` (completion → blockchain anchoring, virtual time),
 * `accessLinkTtlMs` (0 = access links never expire), `callbackUrl` (unused by the documented
 * APIs). The answer's credentials are `{accessKey}`.
 *
 * Every route takes `accessKey` (query, or body for writes); absent = the default tenant.
 */
import { jsonContent } from '../shared/openapi.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { BAOQUAN_FIELD_TYPES } from './templates.ts';

export const BAOQUAN_CONTROL_PREFIX = '/__sim/baoquan';

const json = jsonContent;

export const BaoquanControlError = z
  .object({
    error: z.string().describe('What went wrong'),
    code: z
      .enum([
        'unknown-tenant',
        'unknown-template',
        'unknown-attestation',
        'unknown-contract',
        'system-template',
        'template-in-use',
        'template-exists',
        'invalid',
      ])
      .optional(),
  })
  .openapi('BaoquanControlError');

const AccessKeyQuery = z.object({
  accessKey: z.string().optional().describe('The tenant (access key); default: the default tenant'),
});

// ── templates ─────────────────────────────────────────────────────────────────────────────────

export const BaoquanFieldInput = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/)
      .describe('Field key in factoid data, e.g. phone_number'),
    type: z
      .enum(BAOQUAN_FIELD_TYPES)
      .describe('string, int, number, boolean, date (yyyy-MM-dd), datetime (yyyy-MM-dd HH:mm:ss)'),
    required: z
      .boolean()
      .default(false)
      .describe('Must be present and non-empty once the attestation is completed'),
    label: z.string().max(64).optional().describe('Shown on the certificate and the access page'),
  })
  .openapi('BaoquanFieldInput');

export const BaoquanFactoidSchemaInput = z
  .object({
    type: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/)
      .describe('The factoid type customers send, e.g. user'),
    label: z.string().max(64).optional(),
    required: z
      .boolean()
      .default(false)
      .describe('Must be uploaded at least once before the attestation is completed'),
    fields: z.array(BaoquanFieldInput).max(200),
  })
  .openapi('BaoquanFactoidSchemaInput');

export const BaoquanTemplateInput = z
  .object({
    accessKey: z.string().optional().describe('Owner; default: the default tenant'),
    templateId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional()
      .describe('Choose the id (e.g. to mirror a real template); default: a fresh 22-character base62 id'),
    name: z.string().min(1).max(100),
    parentId: z
      .string()
      .optional()
      .describe(
        'Derive from this template (e.g. the system file-hash template R7ktG2nHxq3VjWmC8sYbPd); its ' +
          'factoid schemas are copied when `factoids` is absent',
      ),
    factoids: z
      .array(BaoquanFactoidSchemaInput)
      .max(100)
      .optional()
      .describe('One schema per factoid type; types must be unique'),
  })
  .openapi('BaoquanTemplateInput');

export const BaoquanTemplateUpdate = BaoquanTemplateInput.omit({ templateId: true })
  .partial({ name: true })
  .openapi('BaoquanTemplateUpdate');

export const BaoquanFieldView = z
  .object({
    name: z.string(),
    type: z.enum(BAOQUAN_FIELD_TYPES),
    required: z.boolean(),
    label: z.string().optional(),
  })
  .openapi('BaoquanFieldView');

export const BaoquanTemplateView = z
  .object({
    templateId: z.string(),
    name: z.string(),
    system: z.boolean().describe('Provided by baoquan to every tenant; read-only'),
    parentId: z.string().optional(),
    fileHash: z
      .boolean()
      .describe('Is or derives from the system file-hash template: usable with /attestations/hash'),
    factoids: z.array(
      z.object({
        type: z.string(),
        label: z.string().optional(),
        required: z.boolean(),
        fields: z.array(BaoquanFieldView),
      }),
    ),
    createdAt: z.number().int(),
  })
  .openapi('BaoquanTemplateView');

const TemplateParam = z.object({
  templateId: z.string().openapi({ param: { name: 'templateId', in: 'path' } }),
});

export const templateList = createRoute({
  method: 'get',
  path: '/templates',
  summary: "The tenant's templates and the system templates",
  request: { query: AccessKeyQuery },
  responses: {
    200: json(z.object({ templates: z.array(BaoquanTemplateView) }), 'Templates'),
    404: json(BaoquanControlError, 'Unknown tenant'),
  },
});

export const templateGet = createRoute({
  method: 'get',
  path: '/templates/{templateId}',
  summary: 'One template with its factoid schemas',
  request: { params: TemplateParam, query: AccessKeyQuery },
  responses: {
    200: json(BaoquanTemplateView, 'The template'),
    404: json(BaoquanControlError, 'Unknown tenant or template'),
  },
});

export const templateCreate = createRoute({
  method: 'post',
  path: '/templates',
  summary:
    "Create a template (the console's 模板编辑): factoid schemas with typed, optionally required fields",
  request: { body: { content: { 'application/json': { schema: BaoquanTemplateInput } }, required: true } },
  responses: {
    201: json(BaoquanTemplateView, 'Created'),
    400: json(BaoquanControlError, 'Bad template (duplicate types or fields, unknown parent)'),
    404: json(BaoquanControlError, 'Unknown tenant'),
    409: json(BaoquanControlError, 'The id is taken'),
  },
});

export const templateUpdate = createRoute({
  method: 'put',
  path: '/templates/{templateId}',
  summary:
    "Replace a template's name, parent or factoid schemas (attestations in progress are checked " +
    'against the new schemas)',
  request: {
    params: TemplateParam,
    body: { content: { 'application/json': { schema: BaoquanTemplateUpdate } }, required: true },
  },
  responses: {
    200: json(BaoquanTemplateView, 'Updated'),
    400: json(BaoquanControlError, 'Bad template'),
    404: json(BaoquanControlError, 'Unknown tenant or template'),
    409: json(BaoquanControlError, 'A system template'),
  },
});

export const templateDelete = createRoute({
  method: 'delete',
  path: '/templates/{templateId}',
  summary: 'Delete a template that no attestation and no other template uses',
  request: { params: TemplateParam, query: AccessKeyQuery },
  responses: {
    200: json(z.object({ ok: z.literal(true) }), 'Deleted'),
    404: json(BaoquanControlError, 'Unknown tenant or template'),
    409: json(BaoquanControlError, 'A system template, or in use'),
  },
});

// ── tenant, users ─────────────────────────────────────────────────────────────────────────────

export const BaoquanTenantView = z
  .object({
    accessKey: z.string(),
    publicKey: z.string().describe('The registered RSA public key (as registered)'),
    publicKeyBits: z.number().int(),
    organizationName: z.string(),
    productName: z.string(),
    creatorPhone: z.string(),
    anchorDelayMs: z.number().int(),
    accessLinkTtlMs: z.number().int(),
    callbackUrl: z.string(),
    defaultSignatureId: z.string().optional(),
    counts: z.object({
      templates: z.number().int(),
      attestations: z.number().int(),
      attachments: z.number().int(),
      cas: z.number().int(),
      users: z.number().int(),
      signatures: z.number().int(),
      contracts: z.number().int(),
    }),
  })
  .openapi('BaoquanTenantView');

export const tenantView = createRoute({
  method: 'get',
  path: '/tenants/{accessKey}',
  summary: 'A tenant: settings and counts',
  request: {
    params: z.object({ accessKey: z.string().openapi({ param: { name: 'accessKey', in: 'path' } }) }),
  },
  responses: { 200: json(BaoquanTenantView, 'The tenant'), 404: json(BaoquanControlError, 'Unknown tenant') },
});

export const BaoquanUserView = z
  .object({
    userId: z.string(),
    name: z.string(),
    phone: z.string(),
    idCard: z.string(),
    kyc: z.boolean(),
    createdAt: z.number().int(),
  })
  .openapi('BaoquanUserView');

export const BaoquanUserInput = z
  .object({
    accessKey: z.string().optional(),
    phone: z.string().regex(/^1[3-9]\d{9}$/),
    name: z.string().max(64).default(''),
    idCard: z.string().max(18).default(''),
    kyc: z
      .boolean()
      .default(false)
      .describe(
        'false: registered on baoquan but not real-name verified (/contract/setDetail refuses such signers)',
      ),
  })
  .openapi('BaoquanUserInput');

export const userList = createRoute({
  method: 'get',
  path: '/users',
  summary: "The tenant's users (from /users/kyc, or registered here)",
  request: { query: AccessKeyQuery },
  responses: {
    200: json(z.object({ users: z.array(BaoquanUserView) }), 'Users'),
    404: json(BaoquanControlError, 'Unknown tenant'),
  },
});

export const userCreate = createRoute({
  method: 'post',
  path: '/users',
  summary:
    'Register a person on baoquan (a human signing up on the website), with or without real-name ' +
    'verification',
  request: { body: { content: { 'application/json': { schema: BaoquanUserInput } }, required: true } },
  responses: {
    201: json(BaoquanUserView, 'Registered (or updated, when the phone exists)'),
    400: json(BaoquanControlError, 'Bad input'),
    404: json(BaoquanControlError, 'Unknown tenant'),
  },
});

// ── attestations, CAs, contracts (debug views) ────────────────────────────────────────────────

export const BaoquanAttestationView = z
  .object({
    no: z.string(),
    unique_id: z.string(),
    template_id: z.string(),
    kind: z.enum(['attestation', 'hash']),
    identities: z.record(z.string(), z.string()),
    factoids: z.array(
      z.object({
        unique_id: z.string().optional(),
        type: z.string(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
    completed: z.boolean(),
    sha256: z.string().optional(),
    attachments: z.array(
      z.object({
        id: z.string(),
        factoidIndex: z.number().int(),
        fileName: z.string(),
        size: z.number().int(),
        checksum: z.string(),
        signedBy: z.array(z.object({ caId: z.string(), keywords: z.array(z.string()) })).optional(),
        url: z.string().describe('The file as kept (signed PDFs signed), 30 minutes'),
      }),
    ),
    createdAt: z.number().int(),
    completedAt: z.number().int().optional(),
    blockchainHash: z.string().describe("'' until anchored"),
    anchoredAt: z.number().int().optional(),
    anchorDueAt: z
      .number()
      .int()
      .optional()
      .describe('When the anchoring job runs (completed, not yet anchored)'),
    certificateUrl: z.string().describe('The rendered 保全文件, 30 minutes'),
    accessPath: z
      .string()
      .describe(
        "The access page path; the link needs the owner's RSA signature (see the SDKs' attestationAccessUrl)",
      ),
  })
  .openapi('BaoquanAttestationView');

const AnoParam = z.object({ ano: z.string().openapi({ param: { name: 'ano', in: 'path' } }) });

export const attestationList = createRoute({
  method: 'get',
  path: '/attestations',
  summary: "The tenant's attestations, oldest first",
  request: { query: AccessKeyQuery },
  responses: {
    200: json(
      z.object({
        attestations: z.array(
          z.object({
            no: z.string(),
            template_id: z.string(),
            kind: z.string(),
            completed: z.boolean(),
            blockchainHash: z.string(),
            createdAt: z.number().int(),
          }),
        ),
      }),
      'Attestations',
    ),
    404: json(BaoquanControlError, 'Unknown tenant'),
  },
});

export const attestationView = createRoute({
  method: 'get',
  path: '/attestations/{ano}',
  summary: 'Debug view of one attestation: factoids, attachments with URLs, anchoring',
  request: { params: AnoParam, query: AccessKeyQuery },
  responses: {
    200: json(BaoquanAttestationView, 'The attestation'),
    404: json(BaoquanControlError, 'Unknown tenant or attestation'),
  },
});

export const BaoquanCaView = z
  .object({
    caId: z.string(),
    type: z.enum(['PERSONAL', 'ENTERPRISE']),
    name: z.string().optional(),
    ic_code: z.string().optional(),
    org_code: z.string().optional(),
    tax_code: z.string().optional(),
    link_name: z.string(),
    link_id_card: z.string(),
    link_phone: z.string(),
    link_email: z.string(),
    sealFileName: z.string().optional(),
    createdAt: z.number().int(),
  })
  .openapi('BaoquanCaView');

export const caList = createRoute({
  method: 'get',
  path: '/cas',
  summary: "The tenant's CA certificates (from /cas, plus the default tenant's seeded doc examples)",
  request: { query: AccessKeyQuery },
  responses: {
    200: json(z.object({ cas: z.array(BaoquanCaView) }), 'CAs'),
    404: json(BaoquanControlError, 'Unknown tenant'),
  },
});

export const BaoquanContractView = z
  .object({
    contractId: z.string(),
    fileName: z.string(),
    pageCount: z.number().int(),
    status: z.enum(['UPLOADED', 'SIGNING', 'DONE', 'CANCEL', 'REJECT', 'EXPIRED']),
    title: z.string().optional(),
    remark: z.string().optional(),
    endAt: z.number().int().optional(),
    signers: z.array(
      z.object({
        phone: z.string(),
        role: z.enum(['creator', 'signer']),
        status: z.enum(['WAITING', 'DONE', 'REJECT']),
        current: z.boolean().describe('Whose turn it is'),
        signedAt: z.number().int().optional(),
        stamp: z
          .object({ page: z.number().int(), x: z.number(), y: z.number(), signatureId: z.string() })
          .optional(),
        codeSentAt: z.number().int().optional(),
        codeExpiresAt: z.number().int().optional(),
      }),
    ),
    createdAt: z.number().int(),
    endedAt: z.number().int().optional(),
    endedBy: z.string().optional(),
    currentUrl: z.string().describe('The PDF as signed so far, 30 minutes'),
  })
  .openapi('BaoquanContractView');

const ContractParam = z.object({
  contractId: z.string().openapi({ param: { name: 'contractId', in: 'path' } }),
});

export const contractList = createRoute({
  method: 'get',
  path: '/contracts',
  summary: "The tenant's contracts, oldest first",
  request: { query: AccessKeyQuery },
  responses: {
    200: json(z.object({ contracts: z.array(BaoquanContractView) }), 'Contracts'),
    404: json(BaoquanControlError, 'Unknown tenant'),
  },
});

export const contractView = createRoute({
  method: 'get',
  path: '/contracts/{contractId}',
  summary: 'Debug view of one contract: status, signers in order, whose turn, stamps',
  request: { params: ContractParam, query: AccessKeyQuery },
  responses: {
    200: json(BaoquanContractView, 'The contract'),
    404: json(BaoquanControlError, 'Unknown tenant or contract'),
  },
});

/**
 * The current signer signs or refuses from the console (the dashboard's buttons), as /contract/sign
 * with a code it issues itself (no SMS): DONE stamps the default signature image, REJECT ends it.
 */
export const contractSignerAct = createRoute({
  method: 'post',
  path: '/contracts/{contractId}/signers/{phone}',
  summary: 'The current signer signs or refuses (the test path: no verification code, no SMS)',
  request: {
    params: ContractParam.extend({ phone: z.string().openapi({ param: { name: 'phone', in: 'path' } }) }),
    body: {
      content: {
        'application/json': {
          schema: z.object({
            accessKey: z.string().optional(),
            action: z.enum(['sign', 'refuse']),
            page: z.number().int().min(1).optional().describe('Stamp page, from 1; default the last page'),
            posX: z.number().optional().describe('Stamp centre, PDF points; default 100 pt from the right'),
            posY: z.number().optional().describe('Stamp centre, PDF points; default 100 pt from the bottom'),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(BaoquanContractView, 'The contract after it'),
    404: json(BaoquanControlError, 'Unknown tenant or contract'),
    409: json(BaoquanControlError, "Not this signer's turn, the contract ended, or no default signature"),
  },
});

/**
 * The dashboard's "access page" button: the attestation's access link (what the SDKs'
 * attestationAccessUrl builds) signed with the committed test key, for a tenant using that key.
 */
export const attestationAccessLink = createRoute({
  method: 'post',
  path: '/attestations/{ano}/access-link',
  summary: "An attestation's access page link, signed with the committed test key (only tenants using it)",
  request: {
    params: z.object({ ano: z.string().openapi({ param: { name: 'ano', in: 'path' } }) }),
    body: {
      content: { 'application/json': { schema: z.object({ accessKey: z.string().optional() }) } },
      required: true,
    },
  },
  responses: {
    200: json(
      z.object({ open: z.string().describe('The access page URL (tonce: now, virtual)') }),
      'The link',
    ),
    404: json(BaoquanControlError, 'Unknown tenant or attestation'),
    409: json(BaoquanControlError, "The tenant's public key is not the committed test key's"),
  },
});

export const baoquanControlRoutes = {
  templateList,
  templateGet,
  templateCreate,
  templateUpdate,
  templateDelete,
  tenantView,
  userList,
  userCreate,
  attestationList,
  attestationView,
  caList,
  contractList,
  contractView,
  contractSignerAct,
  attestationAccessLink,
};
