/**
 * 云合同 SDK API (yunhetong-sdk) schemas: the parameters each API reads (every one a servlet
 * parameter: a string, from the query, the form body or a multipart field, wire.ts in the
 * simulator) and the `value` of each success envelope.
 *
 * Inputs are strings as the vendor's servlet reads them; the doc's field rules (lengths, formats,
 * the codes they answer) are checked by the handlers in the doc's order (validation.ts), so every
 * input field is optional here and described with its rule.
 */
import { z } from '@hono/zod-openapi';

/** A servlet parameter: absent, or a string (possibly empty). */
const param = (description: string, example?: string) =>
  z
    .string()
    .optional()
    .openapi({ description, ...(example !== undefined ? { example } : {}) });

/** A file part of a multipart body. */
export const sdkFilePart = (description: string) =>
  z
    .custom<Blob>((v) => typeof Blob !== 'undefined' && v instanceof Blob)
    .optional()
    .openapi({ type: 'string', format: 'binary', description });

// ── the envelope ──────────────────────────────────────────────────────────────────────────────

/**
 * `{"subCode", "message", "value", "code"}`: success `code` 200, `subCode` 200, `message` "true";
 * failure `code` 520 (checkToken: 400), `value` null, the catalogue's subCode and message.
 */
export const envelope = <V extends z.ZodType>(value: V, name: string) =>
  z
    .object({
      subCode: z.number().int().openapi({ description: '200 on success, else the error code', example: 200 }),
      message: z.string().openapi({ description: '"true" on success, else the error text', example: 'true' }),
      value: value.nullable().openapi({ description: 'The answer; null on failure' }),
      code: z.number().int().openapi({ description: '200 on success, 520 on failure', example: 200 }),
    })
    .openapi(name);

export const ErrorEnvelope = z
  .object({
    subCode: z.number().int(),
    message: z.string(),
    value: z.null(),
    code: z.number().int(),
  })
  .openapi('YunhetongSdkErrorEnvelope');

/** `"value": {}` (the doc's success examples of the APIs that answer nothing). */
export const EmptyValue = z.object({}).openapi('YunhetongSdkEmptyValue');

// ── 用户相关接口 ────────────────────────────────────────────────────────────────────────────

const appCredentials = {
  appId: param('应用id, 19 digits. Empty or malformed: 10804.', '2017040517120800001'),
  password: param('应用密码. Empty: 10803; wrong: 10805.', 'sealsim123'),
};

export const AddUserInput = z
  .object({
    ...appCredentials,
    appUserId: param('应用在第三方应用那边的id, 1–49 characters (10206)', 'u1'),
    cellNum: param('电话号码, 1 and 10 more digits (10203)', '13800000000'),
    userType: param('用户类型: 1 个人, 2 企业, 4 平台 (10202)', '1'),
    userName: param('用户名: ≤ 14 characters for a person, ≤ 40 for a company or platform (10201)', '张三'),
    certifyType: param(
      '实名认证类型: person 1 身份证, 2 护照, 3 军官证; company and platform 4 营业执照, 5 组织机构代码证, ' +
        '6 社会统一信用代码 (10204)',
      '1',
    ),
    certifyNumber: param(
      '实名认证号码: ID card 15 digits not starting with 0, or 18 (17 digits and a check digit, x allowed, ' +
        'checked); passport, 军官证 ≤ 20; 营业执照 ≤ 18; 组织机构代码 9; USCC ≤ 18 (10205)',
      '110101199003070978',
    ),
    createSignature: param(
      '1: make a signature from userName (persons only; companies always get a seal); 0 or empty: ' +
        'not (10212)',
      '1',
    ),
  })
  .openapi('YunhetongSdkAddUserInput');

export const GetTokenInput = z
  .object({ ...appCredentials, appUserId: param('The imported user (10004 when not)', 'u1') })
  .openapi('YunhetongSdkGetTokenInput');

export const TokenValue = z
  .object({
    token: z.string().openapi({
      description: 'A CAS ticket; lives 30 minutes (not sliding). Every other API takes it as `token`.',
      example: 'TGT-67-g0K2ofZXeoebL4tf33ELAJab0cvAU2aC2DeDJPNnNU3lDHfGvc-cas01.example.org',
    }),
  })
  .openapi('YunhetongSdkTokenValue');

const tokenParam = param('The token from token/getToken (query, form or multipart field)');

export const CheckTokenInput = z
  .object({
    token: tokenParam,
    backURL: param('Where the signing page goes after signing (kept with the token)'),
    noticeParams: param("Echoed in this user's notices as noticeParams (kept with the token)"),
  })
  .openapi('YunhetongSdkCheckTokenInput');

export const ModifyCellNumInput = z
  .object({ token: tokenParam, cellNum: param('The new 电话号码', '13900000000') })
  .openapi('YunhetongSdkModifyCellNumInput');

export const ModifyUserNameInput = z
  .object({
    token: tokenParam,
    userName: param('The new 用户名 (same length rules as addUser)'),
    createSignature: param('1: make a signature from the new name (persons); 0 or empty: not'),
  })
  .openapi('YunhetongSdkModifyUserNameInput');

// ── 合同接口 ────────────────────────────────────────────────────────────────────────────────

const contractId = param(
  '合同编号: 16 digits (10528 empty, 10529 malformed, 10502 unknown)',
  '1704241653115006',
);

const contractFields = {
  token: tokenParam,
  title: param('合同标题, 1–40 characters (10714)', '租赁合同'),
  defContractNo: param('自定义合同编号, ≤ 20 characters (10715)', 'HT-001'),
  useCer: param('是否使用存证: 0 or 1; empty = 0 (10731)', '0'),
};

export const TemplateContractInput = z
  .object({
    ...contractFields,
    templateId: param("合同模板编号: one of the app's templates (10716 malformed, 10401 unknown)", '1001'),
    param: param(
      'JSON (fastjson-lenient): "${name}" → text, "imags": [{"${img}": {width, height, imgType, ' +
        'content}}], ' +
        '"tables": [{index, table: [{"1": …}]}]',
      '{"${name1}":"测试"}',
    ),
  })
  .openapi('YunhetongSdkTemplateContractInput');

export const FileContractInput = z
  .object({
    ...contractFields,
    templateId: param(
      'Not a parameter of fileContract, but its error table lists 10716: one sent along that is ' +
        'malformed answers 10716; a well-formed one is ignored',
    ),
    file: sdkFilePart('文件内容: the PDF (or DOCX)'),
  })
  .openapi('YunhetongSdkFileContractInput');

export const ContractIdValue = z
  .object({ contractId: z.number().int().openapi({ example: 1704241653115006 }) })
  .openapi('YunhetongSdkContractIdValue');

export const AddPartnerInput = z
  .object({
    token: tokenParam,
    contractId,
    partners: param(
      'JSON array (fastjson-lenient): [{"appUserId", "locationName"?, "keyWord"? (≤ 10)}]',
      '[{"appUserId":"A","keyWord":"甲方"}]',
    ),
  })
  .openapi('YunhetongSdkAddPartnerInput');

export const SignContractInput = z
  .object({
    token: tokenParam,
    contractId,
    signer: param('JSON array of appUserIds (fastjson-lenient)', '["A","B"]'),
  })
  .openapi('YunhetongSdkSignContractInput');

export const ContractIdInput = z
  .object({ token: tokenParam, contractId })
  .openapi('YunhetongSdkContractIdInput');

export const ListInput = z
  .object({
    token: tokenParam,
    pageNum: param('当前页数, a positive whole number', '1'),
    pageSize: param('每页条数; 0 or empty: every contract', '10'),
  })
  .openapi('YunhetongSdkListInput');

/**
 * The doc's contract statuses (已完成, 已作废), and 签署中 for one being signed.
 * decision: yunhetong-sdk.contract-status-text
 */
export const CONTRACT_STATUS_TEXT = { signing: '签署中', finished: '已完成', invalid: '已作废' } as const;
/** A partner's status in contract/detail. */
export const SIGN_STATUS_TEXT = { signed: '已签署', unsigned: '未签署' } as const;

export const ContractListItem = z
  .object({
    id: z.number().int().openapi({ example: 1704011818545002 }),
    title: z.string(),
    status: z.string().openapi({ example: '已完成' }),
    appName: z.string(),
    gmtModify: z.string().openapi({ example: '2017-04-07 17:04:21' }),
    partnerList: z.null(),
  })
  .openapi('YunhetongSdkContractListItem');

export const ListValue = z
  .object({ contractList: z.array(ContractListItem) })
  .openapi('YunhetongSdkListValue');

export const DetailValue = z
  .object({
    partnerList: z.array(
      z.object({
        signStatus: z.string().openapi({ example: '已签署' }),
        userId: z.string().openapi({ example: 'javaTestUserAAA' }),
      }),
    ),
    title: z.string(),
    status: z.string().openapi({ example: '已作废' }),
  })
  .openapi('YunhetongSdkDetailValue');

/** contract/download's success: the PDF itself (errors come as the JSON envelope). */
export const DownloadOutput = z.object({
  fileName: z.string(),
  pdf: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
});

// ── the signing page's endpoints (FIDELITY: the JS SDK's page) ─────────────────────────────

/** A seal position on a page, in PDF user space (origin bottom left), as the page draws it. */
export const PageLocation = z
  .object({
    page: z.number().int().openapi({ description: '1-based page number' }),
    x: z.number(),
    y: z.number(),
    width: z.number(),
    height: z.number(),
  })
  .openapi('YunhetongSdkPageLocation');

export const ViewPartner = z
  .object({
    appUserId: z.string(),
    userName: z.string(),
    signStatus: z.string().openapi({ example: '未签署' }),
    signedAt: z.string().nullable().openapi({ description: 'yyyy-MM-dd HH:mm:ss, null while unsigned' }),
    locationName: z.string().nullable(),
    keyWord: z.string().nullable(),
    locations: z.array(PageLocation).openapi({ description: "Where this partner's seal goes (or went)" }),
  })
  .openapi('YunhetongSdkViewPartner');

/** contract/view's value (decision: yunhetong-sdk.page-view-flags). */
export const ViewValue = z
  .object({
    partner: z
      .object({
        contractId: z.number().int(),
        invalid: z.boolean().openapi({ description: "The token's user may void the contract (作废) now" }),
        sdkUserId: z.string().openapi({ description: "The token's user's appUserId" }),
        sign: z
          .boolean()
          .openapi({ description: "The token's user may sign now (a partner, unsigned, contract 签署中)" }),
        hasSign: z
          .boolean()
          .openapi({ description: "The token's user has a signature to sign with (sign/getSign)" }),
      })
      .openapi('YunhetongSdkViewPartnerSelf'),
    contract: z
      .object({
        contractId: z.number().int(),
        title: z.string(),
        status: z.string().openapi({ example: '签署中' }),
        gmtCreate: z.string(),
        fileUrl: z.string().openapi({ description: 'The current PDF (signed so far), for pdf.js' }),
        pageCount: z.number().int(),
      })
      .openapi('YunhetongSdkViewContract'),
    partners: z.array(ViewPartner),
    backURL: z
      .string()
      .nullable()
      .openapi({ description: 'From token/checkToken: where to go after signing' }),
  })
  .openapi('YunhetongSdkViewValue');

export const PageSignInput = z
  .object({
    token: tokenParam,
    contractId,
    signId: param('The signature to sign with (sign/getSign); empty: 10603'),
  })
  .openapi('YunhetongSdkPageSignInput');

export const PageSignValue = z
  .object({
    contractId: z.number().int(),
    status: z
      .string()
      .openapi({ description: "The contract's status after this signature", example: '已完成' }),
    backURL: z.string().nullable(),
  })
  .openapi('YunhetongSdkPageSignValue');

export const TokenOnlyInput = z.object({ token: tokenParam }).openapi('YunhetongSdkTokenOnlyInput');

export const SignatureItem = z
  .object({
    signId: z.number().int(),
    type: z
      .enum(['auto', 'drawn'])
      .openapi({ description: 'auto: made from the user name; drawn: sign/createSign' }),
    kind: z.enum(['personal', 'company', 'image']),
    imageUrl: z.string().openapi({ description: 'Where the page loads its picture' }),
    gmtCreate: z.string(),
  })
  .openapi('YunhetongSdkSignatureItem');

export const GetSignValue = z.object({ signs: z.array(SignatureItem) }).openapi('YunhetongSdkGetSignValue');

export const CreateSignInput = z
  .object({
    token: tokenParam,
    sign: param('The drawn signature: Base64 PNG or JPEG (a data: URL prefix is accepted)'),
  })
  .openapi('YunhetongSdkCreateSignInput');

export const SignIdValue = z.object({ signId: z.number().int() }).openapi('YunhetongSdkSignIdValue');

export const DelSignInput = z
  .object({ token: tokenParam, signId: param('The signature to delete') })
  .openapi('YunhetongSdkDelSignInput');

// ── envelopes ─────────────────────────────────────────────────────────────────────────────────

export const CheckTokenEnvelope = envelope(z.null(), 'YunhetongSdkCheckTokenEnvelope');
export const EmptyEnvelope = envelope(EmptyValue, 'YunhetongSdkEmptyEnvelope');
export const TokenEnvelope = envelope(TokenValue, 'YunhetongSdkTokenEnvelope');
export const ContractIdEnvelope = envelope(ContractIdValue, 'YunhetongSdkContractIdEnvelope');
export const ListEnvelope = envelope(ListValue, 'YunhetongSdkListEnvelope');
export const DetailEnvelope = envelope(DetailValue, 'YunhetongSdkDetailEnvelope');
export const ViewEnvelope = envelope(ViewValue, 'YunhetongSdkViewEnvelope');
export const PageSignEnvelope = envelope(PageSignValue, 'YunhetongSdkPageSignEnvelope');
export const GetSignEnvelope = envelope(GetSignValue, 'YunhetongSdkGetSignEnvelope');
export const SignIdEnvelope = envelope(SignIdValue, 'YunhetongSdkSignIdEnvelope');

// ── notices (消息相关说明) ─────────────────────────────────────────────────────────────────────

const noticeCommon = {
  content: z.string().openapi({ description: '消息的文本提示内容' }),
  noticeParams: z
    .string()
    .optional()
    .openapi({ description: "对接方传给SDK的自定义消息参数 (checkToken's noticeParams); absent when none" }),
};

/** noticeType 1: a partner signed (doc: 消息相关说明 1.消息发送). */
export const NoticeSigned = z
  .object({
    content: noticeCommon.content,
    noticeType: z.literal(1),
    noticeParams: noticeCommon.noticeParams,
    map: z
      .object({ contractId: z.number().int(), contractTitle: z.string() })
      .catchall(z.union([z.literal(0), z.literal(1)]))
      .openapi({ description: 'contractId, contractTitle, and each partner appUserId → 1 signed / 0 not' }),
  })
  .openapi('YunhetongSdkNoticeSigned');

/** noticeType 2: the contract is complete; czId when it was created with useCer 1. */
export const NoticeFinished = z
  .object({
    content: noticeCommon.content,
    noticeType: z.literal(2),
    noticeParams: noticeCommon.noticeParams,
    map: z.object({
      contractId: z.number().int(),
      contractTitle: z.string(),
      czId: z.number().int().optional().openapi({ description: '存证ID, only when the contract used 存证' }),
    }),
  })
  .openapi('YunhetongSdkNoticeFinished');

/** What is POSTed: one urlencoded field `notice` holding the notice JSON, nothing else. */
export const NoticeForm = z
  .object({
    notice: z
      .string()
      .openapi({ description: 'The notice JSON (YunhetongSdkNoticeSigned / NoticeFinished).' }),
  })
  .openapi('YunhetongSdkNoticeForm');

/** The receiver's answer (doc: 消息相关说明 2.消息返回): only `response: true` counts as received. */
export const NoticeReply = z
  .object({ response: z.boolean(), msg: z.string().optional() })
  .openapi('YunhetongSdkNoticeReply');
