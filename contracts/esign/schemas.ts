/**
 * e签宝 open contract service v3 — request, response and callback schemas, field for field from
 * the vendor document §4 (esign-open-contract-service-v3.txt).
 *
 * Request schemas are lenient exactly where the doc's own examples are: the §4.9.1 example sends
 * numbers as strings (`"autoInitiate": "1"`, `"posX": "100"`, `"scale": ""`), so those fields accept
 * a number, a numeric string, or `""` (= absent), and parse to a number. Each such table-vs-example
 * disagreement is listed in `contradictions.ts`.
 *
 * A field whose invalidity has its own errCode carries it as `.meta({ 'x-vendor-code': N })`; the
 * validation hook (`validation.ts`) answers with it. Cross-field checks carry the code on the
 * issue (`params['x-vendor-code']`).
 */
import { z } from '@hono/zod-openapi';
import { esignErrors, type EsignErrorName } from './errors.ts';

// ── helpers ───────────────────────────────────────────────────────────────────────────────────

/** `.meta({ 'x-vendor-code': N })` for the catalogue entry `name`. */
export function withVendorCode<T extends z.ZodType>(schema: T, name: EsignErrorName): T {
  return schema.meta({ 'x-vendor-code': esignErrors[name].errCode }) as T;
}

/** A custom-issue payload that carries a vendor code (for cross-field refinements). */
export function vendorIssue(name: EsignErrorName, path: PropertyKey[], message: string) {
  return {
    code: 'custom' as const,
    path,
    message,
    params: { 'x-vendor-code': esignErrors[name].errCode },
  };
}

/** A required string: absent, non-string and `""` are all refused. */
const reqStr = () => z.string().min(1);

/** An optional string where `""` means absent (the §4.9.1 example sends `"redirectUrl": ""`). */
const optStr = () =>
  z
    .string()
    .transform((s) => (s === '' ? undefined : s))
    .optional();

const INT_STR = /^\s*-?\d+\s*$/;
const FLOAT_STR = /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/;

/**
 * An optional integer given as a number or a numeric string; `""` is absent. `allowed` limits the
 * values (and shows them in the spec).
 */
function looseInt(opts: { allowed?: readonly number[]; min?: number } = {}) {
  const { allowed, min } = opts;
  let num = z.number().int();
  if (min !== undefined) num = num.min(min);
  const str = allowed
    ? z.string().regex(new RegExp(`^\\s*(${allowed.join('|')})\\s*$`))
    : z.string().regex(INT_STR);
  const numOk = allowed
    ? num
        .refine((n) => allowed.includes(n), { message: `取值不合法，可选值 ${allowed.join(', ')}` })
        .openapi({ enum: [...allowed] })
    : num;
  return z
    .union([numOk, str, z.literal('')])
    .transform((v): number | undefined => (v === '' ? undefined : Number(v)))
    .refine((n) => n === undefined || min === undefined || n >= min, { message: `不能小于 ${min}` })
    .optional();
}

/** An optional float given as a number or a numeric string; `""` is absent. */
function looseFloat() {
  return z
    .union([z.number(), z.string().regex(FLOAT_STR), z.literal('')])
    .transform((v): number | undefined => (v === '' ? undefined : Number(v)))
    .optional();
}

/** yyyy-MM-dd HH:mm:ss (doc §4.9.5, §4.10), Beijing time. */
export const DATETIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const dateTime = () => z.string().regex(DATETIME_RE).openapi({ example: '2018-04-04 12:12:12' });

/** "1-3,5" (doc §4.9.1 posPage). */
export const POS_PAGE_RE = /^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/;
/** Comma-separated codes, e.g. noticeType "1,2,3"; "" = not set (空值), parsed to absent. */
const codeList = (codes: string) =>
  z
    .string()
    .regex(new RegExp(`^([${codes}](,[${codes}])*)?$`))
    .transform((s) => (s === '' ? undefined : s));

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
/** Base64 of a 16-byte MD5 digest. */
export const CONTENT_MD5_RE = /^[A-Za-z0-9+/]{22}==$/;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/** Appendix 个人账号证件类型. */
export const PERSON_ID_TYPES = [13, 14, 15, 16, 17, 18, 19, 20, 21] as const;
/** Appendix 企业账号证照类型. */
export const ORGAN_TYPES = [10, 11, 12] as const;
/** §4.9.5 flowStatus: 0 草稿, 1 签署中, 2 已完成, 3 已撤销, 4 已终止, 5 已过期. */
export const FLOW_STATUS = {
  DRAFT: 0,
  SIGNING: 1,
  FINISHED: 2,
  REVOKED: 3,
  TERMINATED: 4,
  EXPIRED: 5,
} as const;
/** §4.9.5 signStatus: 0 待签署, 1 签署中, 2 已完成, 3 签署失败, 4 已拒签, 5 待确认. */
export const SIGN_STATUS = { PENDING: 0, SIGNING: 1, DONE: 2, FAILED: 3, REFUSED: 4, TO_CONFIRM: 5 } as const;
/** The MIME types a chunk may have (§4.8.2, case-insensitive). */
export const CHUNK_CONTENT_TYPES = ['text/html', 'application/pdf'] as const;

const intEnum = (values: readonly number[]) =>
  z
    .number()
    .int()
    .refine((n) => values.includes(n), { message: `取值不合法，可选值 ${values.join(', ')}` })
    .openapi({ enum: [...values] });

// ── common request parts (§4.3.1.5) ──────────────────────────────────────────────────────────

export const TimevaleHeaders = z.object({
  'X-timevale-project-id': z
    .string()
    .optional()
    .openapi({ description: '项目标识 (ProjectID)', example: '1111563657' }),
  'X-timevale-signature': z.string().optional().openapi({
    description: '参数签名: lowercase hex HMAC-SHA256 of the exact body bytes, keyed with ProjectSecret',
  }),
  'X-timevale-signature-algorithm': z.string().optional().openapi({
    description: '签名算法, default hmac-sha256 (read case-insensitively)',
    example: 'hmac-sha256',
  }),
  'X-timevale-mode': z
    .string()
    .optional()
    .openapi({ description: '签名模式, default package (整体签名)', example: 'package' }),
});

/** The same four values as URL parameters (§4.3.1.5, 属性名(URL)). */
export const TimevaleQuery = z.object({
  mode: z.string().optional().openapi({ description: 'Same as X-timevale-mode' }),
  projectId: z.string().optional().openapi({ description: 'Same as X-timevale-project-id' }),
  signature: z.string().optional().openapi({ description: 'Same as X-timevale-signature' }),
  signatureAlgorithm: z
    .string()
    .optional()
    .openapi({ description: 'Same as X-timevale-signature-algorithm' }),
});

/** Responses are signed like requests (§4.3.2): the same headers, over the response body. */
export const TimevaleResponseHeaders = z.object({
  'X-timevale-project-id': z.string().optional(),
  'X-timevale-signature': z
    .string()
    .optional()
    .openapi({ description: 'HMAC-SHA256 (hex) of the response body' }),
  'X-timevale-signature-algorithm': z.string().optional(),
  'X-timevale-mode': z.string().optional(),
});

/** Callbacks are signed the same way (§4.10.2), over the callback body. */
export const TimevaleCallbackHeaders = z.object({
  'X-timevale-project-id': z.string().optional().openapi({ description: 'The project the callback is for' }),
  'X-timevale-signature': z
    .string()
    .optional()
    .openapi({ description: 'HMAC-SHA256 (hex) of the callback body, keyed with ProjectSecret' }),
  'X-timevale-signature-algorithm': z.string().optional(),
  'X-timevale-mode': z.string().optional(),
});

// ── envelope (§4.2) ──────────────────────────────────────────────────────────────────────────

/** `{errCode, msg, data}`; `data` is present on success only. */
export function envelope<T extends z.ZodType>(data: T, name: string) {
  return z
    .object({
      errCode: z.number().int().openapi({ description: '0 = 成功, 其他表示失败' }),
      msg: z.string().optional().openapi({ description: '失败原因 (errCode != 0)' }),
      data: data.optional(),
    })
    .openapi(name);
}

/** The envelope of APIs without business data (§4.9.2, §4.9.3): `{"errCode":0,"msg":"SUCCESS"}`. */
export const EmptyEnvelope = z
  .object({
    errCode: z.number().int().openapi({ description: '0 = 成功, 其他表示失败' }),
    msg: z.string().optional().openapi({ example: 'SUCCESS' }),
  })
  .openapi('EmptyEnvelope');

export const ErrorEnvelope = z
  .object({ errCode: z.number().int(), msg: z.string() })
  .openapi('ErrorEnvelope');

// ── 4.5.1 /file/uploadurl ────────────────────────────────────────────────────────────────────

export const FileUploadUrlRequest = z
  .object({
    fileName: reqStr().openapi({ description: '文件名称', example: '张三的借款合同.pdf' }),
    fileSize: withVendorCode(
      z.number().int().min(1).openapi({ description: '文件大小，单位字节', example: 151660 }),
      'FILE_SIZE_INVALID',
    ),
    contentType: reqStr().openapi({
      description: '文件内容的 MIME 类型描述字符串',
      example: 'application/pdf',
    }),
    contentMd5: withVendorCode(
      z
        .string()
        .regex(CONTENT_MD5_RE)
        .openapi({ description: '采用 BASE64 编码的文件 MD5 摘要值', example: 'eB5eJF1ptWaXm4bijSPyxw==' }),
      'CONTENT_MD5_INVALID',
    ),
  })
  .openapi('FileUploadUrlRequest');

export const FileUploadUrlData = z
  .object({
    fileKey: z.string().openapi({ description: '文件标识，用于后续创建合同' }),
    uploadUrl: z.string().openapi({ description: '文件上传授权链接，1 小时内有效' }),
  })
  .openapi('FileUploadUrlData');

// ── 4.6.1 /account/create/person/private ─────────────────────────────────────────────────────

const thirdId = () =>
  withVendorCode(
    z
      .string()
      .refine((s) => utf8Bytes(s) <= 50, { message: '最大支持 50 个字节' })
      .openapi({ description: '对接方用户唯一标识 最大支持 50 个字节', maxLength: 50 }),
    'THIRD_ID_INVALID',
  );

export const CreatePersonRequest = z
  .object({
    thirdId: thirdId().optional(),
    name: reqStr().openapi({ description: '姓名', example: '张三' }),
    idNo: reqStr().openapi({ description: '证件号', example: '371500198101175693' }),
    idType: withVendorCode(
      intEnum(PERSON_ID_TYPES).openapi({
        description: '详见 附录 个人账号证件类型 (19 = 中国大陆居民身份证)',
        example: 19,
      }),
      'ID_TYPE_INVALID',
    ),
    mobile: z.string().optional().openapi({ description: '手机号' }),
    email: z.string().optional().openapi({ description: '邮箱' }),
  })
  .openapi('CreatePersonRequest');

export const AccountData = z
  .object({ accountId: z.string().openapi({ description: 'e签宝账户唯一标识' }) })
  .openapi('AccountData');

// ── 4.6.2 /account/create/organize/private ───────────────────────────────────────────────────

export const CreateOrganizeRequest = z
  .object({
    thirdId: thirdId().optional(),
    agentAccountId: reqStr().openapi({ description: '企业经办人的 e签宝账户 Id (4.6.1 返回的 accountId)' }),
    name: reqStr().openapi({ description: '企业名称' }),
    organCode: reqStr().openapi({ description: '企业证照号' }),
    organType: withVendorCode(
      intEnum(ORGAN_TYPES).openapi({
        description: '详见 附录 企业账号证照类型 (10 组织机构代码, 11 统一社会信用代码, 12 工商注册号)',
        example: 12,
      }),
      'ORGAN_TYPE_INVALID',
    ),
    legalName: z.string().optional().openapi({ description: '企业法人姓名' }),
    legalIdNo: z.string().optional().openapi({ description: '企业法人证件号' }),
    legalIdType: withVendorCode(intEnum(PERSON_ID_TYPES), 'ID_TYPE_INVALID')
      .optional()
      .openapi({ description: '详见 个人账号证件类型。当证件号字段 legalIdNo 填写时, 该字段必填' }),
    email: z.string().optional().openapi({ description: '企业邮箱' }),
  })
  .superRefine((v, ctx) => {
    if (v.legalIdNo && v.legalIdType === undefined) {
      ctx.addIssue(vendorIssue('LEGAL_ID_TYPE_MISSING', ['legalIdType'], '填写 legalIdNo 时不能为空'));
    }
  })
  .openapi('CreateOrganizeRequest');

// ── 4.6.3 /account/idexchange ────────────────────────────────────────────────────────────────

export const IdExchangeRequest = z
  .object({ thirdId: reqStr().openapi({ description: '创建账户接口传入的接入方 thirdId' }) })
  .openapi('IdExchangeRequest');

// ── 4.7.1 /template/createbyfilekey ──────────────────────────────────────────────────────────

export const CreateTemplateRequest = z
  .object({
    fileKey: reqStr().openapi({
      description: '文件标识',
      example: '$e21b7762-fbfc-4a72-baa7-85ebc6a5a191$651935810',
    }),
    // Table: 必选 是. Example: only fileKey is sent. Accepted absent (see contradictions).
    templateName: z
      .string()
      .optional()
      .openapi({ description: '模板名称 (table: required; the example omits it)' }),
    templateTypeId: z.string().optional().openapi({ description: '模板所属类别 Id，预留字段，默认 "0"' }),
    templateFormKeys: z
      .array(z.string())
      .optional()
      .openapi({ description: '扩展字段，预留: 模板文件中待填充表单域的 Key 集合' }),
  })
  .openapi('CreateTemplateRequest');

export const TemplateData = z
  .object({ templateId: z.string().openapi({ description: '模板 Id' }) })
  .openapi('TemplateData');

// ── 4.8.1 /doc/createbyfilekey ───────────────────────────────────────────────────────────────

export const CreateDocByFileKeyRequest = z
  .object({
    fileKey: reqStr().openapi({
      description: '文件标识',
      example: '$333e7706-3277-4e67-88d4-7f9183a7cde9$3868138092',
    }),
  })
  .openapi('CreateDocByFileKeyRequest');

export const DocData = z.object({ docId: z.string().openapi({ description: '合同 id' }) }).openapi('DocData');

// ── 4.8.2 /doc/createbytemplate ──────────────────────────────────────────────────────────────

const chunkType = () =>
  withVendorCode(
    z.string().refine((s) => (CHUNK_CONTENT_TYPES as readonly string[]).includes(s.trim().toLowerCase()), {
      message: '仅支持 text/html、application/pdf',
    }),
    'CHUNK_CONTENT_TYPE_UNSUPPORTED',
  );

export const ChunkedField = z
  .object({
    contentType: chunkType().optional().openapi({
      description: '待追加数据的 MIME 类型: text/html, application/pdf (不区分大小写). Table name.',
    }),
    mimeType: chunkType()
      .optional()
      .openapi({ description: 'Same as contentType: the name the §4.8.2 example uses.' }),
    chunkedData: withVendorCode(
      z
        .string()
        .min(1)
        .refine((s) => s.replace(/\s+/g, '').length % 4 === 0 && BASE64_RE.test(s.replace(/\s+/g, '')), {
          message: '不是合法的 Base64',
        })
        .openapi({ description: '以 Base64 格式编码的数据字节流' }),
      'CHUNK_DATA_INVALID',
    ),
    sequence: z.number().int().openapi({ description: '多个数据块形成合同页的次序' }),
    pagePos: z
      .number()
      .int()
      .optional()
      .openapi({ description: '扩展字段: 在指定页后插入 (目前仅支持在文档最后追加)' }),
  })
  .superRefine((v, ctx) => {
    if (v.contentType === undefined && v.mimeType === undefined) {
      ctx.addIssue(vendorIssue('CHUNK_CONTENT_TYPE_UNSUPPORTED', ['contentType'], '不能为空'));
    }
  })
  .openapi('ChunkedField');

export const CreateDocByTemplateRequest = z
  .object({
    templateId: reqStr().openapi({ description: '模板 id' }),
    name: reqStr().openapi({ description: '合同名称', example: '借款合同' }),
    simpleFormFields: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .openapi({ description: '模板中预置简单文本域的 key-value 对' }),
    chunkedFields: withVendorCode(
      z.array(ChunkedField).refine((a) => a.length <= 10, { message: '最多支持 10 个数据块' }),
      'CHUNKED_FIELDS_INVALID',
    )
      .optional()
      .openapi({ description: '指定数据块以新增页方式追加到合同中，最多支持增加 10 页', maxItems: 10 }),
  })
  .openapi('CreateDocByTemplateRequest');

export const DocFromTemplateData = z
  .object({
    docId: z.string().openapi({ description: '合同 id' }),
    docUrl: z.string().openapi({ description: '由模板生成的合同下载地址，有效时长 1 小时' }),
  })
  .openapi('DocFromTemplateData');

// ── 4.8.3 /doc/downloadurl ───────────────────────────────────────────────────────────────────

export const DocDownloadUrlRequest = z
  .object({ docId: reqStr().openapi({ description: '合同 id' }) })
  .openapi('DocDownloadUrlRequest');

export const DocUrlData = z
  .object({ docUrl: z.string().openapi({ description: '合同下载地址，有效时长 30 分钟' }) })
  .openapi('DocUrlData');

// ── 4.9.1 /sign/start ────────────────────────────────────────────────────────────────────────

export const PosBean = z
  .object({
    posPage: withVendorCode(z.string().regex(POS_PAGE_RE), 'POS_PAGE_INVALID')
      .optional()
      .openapi({ description: '签署页码，若为多页签署，支持页码格式 "1-3,5"', example: '1' }),
    posX: looseFloat().openapi({
      description: '签署位置 X 坐标 (关键字定位时为偏移量)，默认 0. float; the example sends "100"',
    }),
    posY: looseFloat().openapi({
      description: '签署位置 Y 坐标 (关键字定位时为偏移量)，默认 0. float; the example sends "100"',
    }),
    key: optStr().openapi({ description: '关键字，仅限关键字签署时有效，关键字定位时不可空' }),
    scale: looseFloat().openapi({
      description: '印章展现宽度; 为空按创建印章时指定的大小. float; the example sends ""',
    }),
  })
  .openapi('PosBean');

export const DocPos = z
  .object({
    docId: reqStr().openapi({ description: '合同 id' }),
    signType: looseInt({ allowed: [1, 2, 3] }).openapi({
      description: '盖章位置定位方式: 1 关键字定位, 2 坐标定位, 3 骑缝盖章',
    }),
    qrcodeSign: looseInt({ allowed: [0, 1] }).openapi({
      description: '签署印章是否包含签署任务查看二维码标识 0 否, 1 是, 默认 0',
    }),
    posBeanList: z.array(PosBean).optional().openapi({ description: '签署位置信息' }),
  })
  .superRefine((v, ctx) => {
    if (v.signType !== 1) return;
    const beans = v.posBeanList ?? [];
    if (beans.length === 0)
      ctx.addIssue(vendorIssue('KEYWORD_REQUIRED', ['posBeanList'], '关键字定位时不能为空'));
    beans.forEach((b, i) => {
      if (!b.key)
        ctx.addIssue(vendorIssue('KEYWORD_REQUIRED', ['posBeanList', i, 'key'], '关键字定位时不能为空'));
    });
  })
  .openapi('DocPos');

const signOrder = () =>
  withVendorCode(
    z
      .union([z.number().int().min(1), z.string().regex(/^\s*[1-9]\d*\s*$/), z.literal('')])
      .transform((v): number | undefined => (v === '' ? undefined : Number(v))),
    'SIGN_ORDER_INVALID',
  ).optional();

const sealType = () =>
  codeList('01')
    .optional()
    .openapi({ description: '指定签署印章类型 空值不限类型 0 手绘印章 1 模板印章，多种以英文逗号分隔' });
const certType = () =>
  looseInt({ allowed: [1, 2, 3, 4, 5] }).openapi({
    description: '签署证书类型 1 长效云证书 2 事件证书 3 指纹证书 4 手机盾证书 5 ukey 证书，默认长效云证书',
  });
const autoSign = () =>
  looseInt({ allowed: [0, 1] }).openapi({ description: '是否静默签署，0 否，1 是，默认 0' });

export const Signer = z
  .object({
    accountId: reqStr().openapi({ description: '签署人的 accountId' }),
    authorizationOrgId: optStr().openapi({
      description: '授权签署人进行代理签署的企业 id (个人以企业角色签署时)',
    }),
    signOrder: signOrder().openapi({ description: '签署顺序，有序签时指定. int; the example sends "1"' }),
    autoSign: autoSign(),
    sealType: sealType(),
    certType: certType(),
    docPosList: z
      .array(DocPos)
      .optional()
      .openapi({ description: '签署人对应文档的签署位置；默认签署所有合同，位置由签署人拖拽指定' }),
  })
  .openapi('Signer');

export const SignerAppAuto = z
  .object({
    signOrder: signOrder().openapi({ description: '平台自身的签署顺序' }),
    autoSign: autoSign(),
    sealType: sealType(),
    certType: certType(),
    docPosList: z.array(DocPos).optional().openapi({ description: '对接平台对应文档的签署位置' }),
  })
  .openapi('SignerAppAuto');

export const RecipientList = z
  .object({
    signerList: z.array(Signer).optional().openapi({ description: '签署人信息' }),
    signerAppAuto: SignerAppAuto.optional().openapi({
      description: '对接平台自身签署信息 (平台自身参与签署时)',
    }),
  })
  .openapi('RecipientList', {
    description: '接收人信息，至少有一个角色 (signerList / signerAppAuto) 不为空',
  });

export const SignStartRequest = z
  .object({
    businessScene: reqStr().openapi({ description: '业务场景名称', example: '买房子' }),
    initiatorAccountId: optStr().openapi({ description: '发起方账户 id，默认对接方' }),
    signValidity: withVendorCode(
      z
        .union([z.number().int().min(0), z.string().regex(/^\s*\d+\s*$/), z.literal('')])
        .transform((v): number | undefined => (v === '' ? undefined : Number(v))),
      'SIGN_VALIDITY_INVALID',
    )
      .optional()
      .openapi({ description: '签署有效期时间戳毫秒值. long; the example sends a string' }),
    contractValidity: z
      .union([z.number().int().min(0), z.string().regex(/^\s*\d+\s*$/), z.literal('')])
      .transform((v): number | undefined => (v === '' ? undefined : Number(v)))
      .optional()
      .openapi({ description: '合同存档有效期时间戳毫秒值. long; the example sends a string' }),
    payer: optStr().openapi({ description: '付费方，默认对接方' }),
    autoInitiate: z
      .union([z.number().int(), z.string().regex(/^\s*[01]\s*$/), z.literal(''), z.boolean()])
      .transform((v): number | undefined =>
        v === '' ? undefined : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v),
      )
      .refine((v) => v === undefined || v === 0 || v === 1, { message: '取值不合法，可选值 0, 1' })
      .transform((v) => v as 0 | 1 | undefined)
      .optional()
      .openapi({
        description:
          '是否自动开始签署，1 立即进入签署中，0 进入草稿待 /sign/execute，默认 1. Integer; the example sends "1", §4.9.2 says ' +
          'autoInitiate=false',
      }),
    signPlatform: codeList('123').optional().openapi({
      description: '指定用户签署的平台，空值不限 1 H5 2 支付宝生活号 3 微信小程序，英文逗号分隔',
    }),
    noticeType: codeList('123')
      .optional()
      .openapi({ description: '通知方式，空值不通知 1 短信 2 邮箱 3 支付宝生活号，英文逗号分隔' }),
    redirectUrl: optStr().openapi({ description: '扫码签署完成后跳转地址' }),
    docList: z
      .array(
        z
          .object({
            docId: reqStr().openapi({ description: '合同 id' }),
            name: optStr().openapi({ description: '合同名称，默认使用创建合同时的名称' }),
          })
          .openapi('SignDoc'),
      )
      .min(1)
      .openapi({ description: '合同信息' }),
    recipientList: withVendorCode(RecipientList, 'RECIPIENT_EMPTY'),
  })
  .superRefine((v, ctx) => {
    const r = v.recipientList;
    if (!(r.signerList && r.signerList.length > 0) && !r.signerAppAuto) {
      ctx.addIssue(vendorIssue('RECIPIENT_EMPTY', ['recipientList'], '至少有一个角色不为空'));
      return;
    }
    const docs = new Set(v.docList.map((d) => d.docId));
    (r.signerList ?? []).forEach((s, i) =>
      (s.docPosList ?? []).forEach((p, j) => {
        if (!docs.has(p.docId)) {
          ctx.addIssue(
            vendorIssue(
              'SIGN_DOC_NOT_IN_FLOW',
              ['recipientList', 'signerList', i, 'docPosList', j, 'docId'],
              `${p.docId} 不在 docList 中`,
            ),
          );
        }
      }),
    );
    (r.signerAppAuto?.docPosList ?? []).forEach((p, j) => {
      if (!docs.has(p.docId)) {
        ctx.addIssue(
          vendorIssue(
            'SIGN_DOC_NOT_IN_FLOW',
            ['recipientList', 'signerAppAuto', 'docPosList', j, 'docId'],
            `${p.docId} 不在 docList 中`,
          ),
        );
      }
    });
  })
  .openapi('SignStartRequest');

export const SignStartData = z
  .object({
    flowId: z.string().openapi({ description: '流程 id' }),
    signUrlList: z
      .array(
        z
          .object({
            accountId: z.string().openapi({ description: '待签署人的账户 id' }),
            signUrl: z.array(z.string()).openapi({ description: '签署地址' }),
          })
          .openapi('SignUrl'),
      )
      .optional()
      .openapi({ description: '签署地址' }),
  })
  .openapi('SignStartData');

// ── 4.9.2–4.9.5 flow APIs ────────────────────────────────────────────────────────────────────

export const FlowIdRequest = z
  .object({ flowId: reqStr().openapi({ description: '签署流程 id', example: '123456789' }) })
  .openapi('FlowIdRequest');

export const SignDownloadData = z
  .array(
    z
      .object({
        docId: z.string().openapi({ description: '合同 id' }),
        docUrl: z.string().openapi({ description: '文档获取地址，链接 30 分钟有效' }),
      })
      .openapi('SignedDoc'),
  )
  .openapi('SignDownloadData');

export const SignDetail = z
  .object({
    accountId: z.string().openapi({ description: '签署人的 accountId' }),
    authorizationOrgId: z.string().optional().openapi({ description: '授权签署人进行代理签署的企业 id' }),
    signStatus: intEnum(Object.values(SIGN_STATUS)).openapi({
      description: '0 待签署, 1 签署中, 2 已完成, 3 签署失败, 4 已拒签, 5 待确认',
    }),
    recieveTime: dateTime()
      .optional()
      .openapi({ description: '接收时间 yyyy-MM-dd HH:mm:ss (the doc spells it recieveTime)' }),
    signTime: dateTime().optional().openapi({ description: '签署时间 yyyy-MM-dd HH:mm:ss' }),
    signExplain: z.string().optional().openapi({ description: '签署或拒签时的附加说明' }),
  })
  .openapi('SignDetail');

export const DocDetailData = z
  .object({
    flowId: z.string().openapi({ description: '签署流程 id' }),
    businessScene: z.string().optional().openapi({ description: '签署业务场景' }),
    initiatorAccountId: z.string().optional().openapi({ description: '发起人账号 id' }),
    flowStatus: intEnum(Object.values(FLOW_STATUS)).openapi({
      description: '0 草稿, 1 签署中, 2 已完成, 3 已撤销, 4 已终止, 5 已过期',
    }),
    signValidity: z
      .string()
      .optional()
      .openapi({ description: '发起时指定的签署截止时间 (String here, long in /sign/start)' }),
    startTime: dateTime().openapi({ description: '签署任务发起时间 yyyy-MM-dd HH:mm:ss' }),
    endTime: dateTime().optional().openapi({ description: '结束时间 yyyy-MM-dd HH:mm:ss' }),
    signInfo: z
      .array(
        z
          .object({
            docId: z.string().openapi({ description: '合同 id' }),
            docName: z
              .string()
              .optional()
              .openapi({ description: '合同名称 (table: required; the example omits it)' }),
            signDetail: z.array(SignDetail).optional().openapi({ description: '签署状态信息' }),
          })
          .openapi('SignInfo'),
      )
      .openapi({ description: '签署详情' }),
  })
  .openapi('DocDetailData');

// ── 4.10 callbacks ───────────────────────────────────────────────────────────────────────────

/** §4.10.3 签署人签署状态更新通知. */
export const SignFlowUpdateNotice = z
  .object({
    action: z.literal('SIGN_FLOW_UPDATE').openapi({ description: '该通知固定为 SIGN_FLOW_UPDATE' }),
    accountId: z.string().openapi({ description: '签署人的 accountId' }),
    flowId: z.string().openapi({ description: '签署任务 id' }),
    docId: z.string().openapi({ description: '签署完成的 docId' }),
    signTime: dateTime().openapi({ description: '签署时间或拒签时间 yyyy-MM-dd HH:mm:ss' }),
    signResult: intEnum([2, 3, 4]).openapi({ description: '2 签署完成, 3 失败, 4 拒签' }),
    resultDescription: z.string().optional().openapi({ description: '拒签或失败时附加的原因描述' }),
  })
  .openapi('SignFlowUpdateNotice');

/** §4.10.4 签署任务结束通知. `businessScence` is the doc's spelling; kept. */
export const SignFlowFinishNotice = z
  .object({
    action: z.literal('SIGN_FLOW_FINISH').openapi({ description: '该通知固定为 SIGN_FLOW_FINISH' }),
    businessScence: z
      .string()
      .optional()
      .openapi({ description: '签署业务场景描述 (sic: the doc spells it businessScence)' }),
    flowId: z.string().openapi({ description: '签署任务 id' }),
    flowStatus: intEnum([2, 3, 4, 5]).openapi({ description: '2 已完成, 3 已撤销, 4 已终止, 5 已过期' }),
    statusDescription: z.string().optional().openapi({ description: '流程异常结束时附加的终止原因描述' }),
    createTime: dateTime().openapi({ description: '签署任务发起时间 yyyy-MM-dd HH:mm:ss' }),
    endTime: dateTime().openapi({ description: '签署任务结束时间 yyyy-MM-dd HH:mm:ss' }),
  })
  .openapi('SignFlowFinishNotice');

// ── out-of-band: upload PUT and signed download GET (object-store shaped) ───────────────────

export const OssObjectParams = z.object({
  objectName: z.string().openapi({
    param: { name: 'objectName', in: 'path' },
    example: '1111563657_1087b033-2a4e-4176-a192-8486c4bf7d80.pdf',
  }),
});

export const OssSignedQuery = z.object({
  Expires: z.string().optional().openapi({ description: 'Expiry, unix seconds', example: '1524013961' }),
  OSSAccessKeyId: z.string().optional(),
  Signature: z.string().optional().openapi({ description: 'Base64 HMAC-SHA1 over method, path and expiry' }),
});

export const OssUploadHeaders = z.object({
  'Content-MD5': z
    .string()
    .optional()
    .openapi({ description: 'Base64 of the binary MD5 of the body; must equal the declared contentMd5' }),
  'Content-Type': z.string().optional().openapi({ description: 'Must equal the declared contentType' }),
});

/** The upload PUT's success body (docs/vendor-notes.md, sdk): `{"errCode":0,"msg":"成功"}`. */
export const OssUploadOk = z
  .object({ errCode: z.literal(0), msg: z.string().openapi({ example: '成功' }) })
  .openapi('OssUploadOk');

/** Aliyun OSS's XML error body: `<Error><Code/><Message/><RequestId/><HostId/></Error>`. */
export const OssErrorXml = z
  .object({
    Code: z.string().openapi({ example: 'AccessDenied' }),
    Message: z.string().openapi({ example: 'Request has expired.' }),
    RequestId: z.string(),
    HostId: z.string(),
  })
  .openapi('OssError', { xml: { name: 'Error' } });

// ── types ────────────────────────────────────────────────────────────────────────────────────

export type FileUploadUrlBody = z.output<typeof FileUploadUrlRequest>;
export type CreatePersonBody = z.output<typeof CreatePersonRequest>;
export type CreateOrganizeBody = z.output<typeof CreateOrganizeRequest>;
export type IdExchangeBody = z.output<typeof IdExchangeRequest>;
export type CreateTemplateBody = z.output<typeof CreateTemplateRequest>;
export type CreateDocByFileKeyBody = z.output<typeof CreateDocByFileKeyRequest>;
export type CreateDocByTemplateBody = z.output<typeof CreateDocByTemplateRequest>;
export type DocDownloadUrlBody = z.output<typeof DocDownloadUrlRequest>;
export type SignStartBody = z.output<typeof SignStartRequest>;
export type FlowIdBody = z.output<typeof FlowIdRequest>;
export type SignFlowUpdateNoticeBody = z.infer<typeof SignFlowUpdateNotice>;
export type SignFlowFinishNoticeBody = z.infer<typeof SignFlowFinishNotice>;
export type DocDetail = z.infer<typeof DocDetailData>;
