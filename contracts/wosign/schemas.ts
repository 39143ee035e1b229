/**
 * 沃通 WoSignDoc API (wosign) schemas: the request bodies (one JSON object per call, told apart by
 * `actiontype`), the answers, and the PushSignedDoc callback.
 *
 * Inputs are read as the vendor's server reads JSON: the doc's rules (required fields per signer
 * type, formats, the codes they answer) are the handler's, checked in the doc's order, so the
 * schemas take any value a real client sends: `signType` and `pagenumber` as an int or a string
 * (real clients send `"2"`), absent or null alike. A value of a type no reading accepts is -79; a
 * missing required value -100 (the invalid stage).
 */
import { z } from '@hono/zod-openapi';

/** An int or its decimal text (real clients send `signType: "2"`). */
const intOrText = (description: string, example: number | string) =>
  z.union([z.number().int(), z.string()]).nullish().openapi({ description, example });

const text = (description: string, example?: string) =>
  z
    .string()
    .nullish()
    .openapi({ description, ...(example !== undefined ? { example } : {}) });

// ── CreateSignOrder (3.1 创建签署) ──────────────────────────────────────────────────────────────

/** One signature box: a page and "left-bottom, right-top" as page fractions. */
export const SignPosition = z
  .object({
    pagenumber: intOrText('文档页码, 1-based', 1),
    position: text(
      '坐标: "x1,y1,x2,y2", left-bottom then right-top, fractions of the page (spaces allowed)',
      '0.30,0.57,0.46,0.69',
    ),
  })
  .openapi('WosignSignPosition');

export const Signer = z
  .object({
    signType: intOrText('签署类型: 1 单位签署, 2 个人签署 (an int or its text)', '1'),
    orgName: text('单位名称: signType 1 必填 (-51)', '沃通电子认证服务有限公司'),
    orgNo: text('营业执照号: signType 1 必填 (-52); a USCC is checked with its check digit (-50)'),
    userName: text('个人姓名: signType 2 必填 (-53)', '张三'),
    userNo: text('身份证号码: signType 2 必填 (-54)'),
    country: text('两位国家代码, default CN', 'CN'),
    mobile: text(
      "Not in the doc (a sealsim extension): the signer's mobile, where the signing page's SMS goes",
    ),
    stampbase: text('签章 base64 (PNG or JPEG); absent: a generated seal'),
    pic: text('营业执照/身份证 image, base64: 必填 (-57); not an image -61'),
    otherpic: text('其它材料 image, base64: 必填 (-57); not an image -61'),
    signlist: z
      .array(SignPosition)
      .nullish()
      .openapi({ description: '签署坐标: required without tempid (the table spells it Signlist)' }),
    Signlist: z
      .array(SignPosition)
      .nullish()
      .openapi({ description: "The field table's spelling of signlist; accepted alike" }),
  })
  .openapi('WosignSigner');

export const CreateSignOrderInput = z
  .object({
    tokenid: z.string().openapi({ description: '申请 API 成功后 WoSignDoc 返回的令牌 (the tenant)' }),
    actiontype: z.literal('CreateSignOrder'),
    tempid: text('模板 ID (console templates); absent: filebase and fileformat are required'),
    subject: text("签署文档主题, ≤ 256 characters; empty: the template's"),
    password: text('签署文档密码: the signed PDF is encrypted with it (user password); empty: none'),
    filebase: text('签署文档 base64 (without tempid)'),
    fileformat: text('签署文档格式, e.g. pdf (without tempid; empty: -56)', 'pdf'),
    orderNumber: z
      .union([z.string(), z.number()])
      .nullish()
      .openapi({ description: '调用方平台订单号: unique per tenant (-46/-47); empty -55' }),
    signerlist: z.array(Signer).nullish().openapi({ description: '签署人信息列表, in signing order' }),
  })
  .openapi('WosignCreateSignOrderRequest');

/** Every request body, told apart by `actiontype` (one API today). */
export const WosignRequest = z
  .discriminatedUnion('actiontype', [CreateSignOrderInput])
  .openapi('WosignRequest');

/** What CreateSignOrder's handler answers (the renderer adds status and errorcode). */
export const CreateSignOrderValue = z.object({
  signid: z.string().openapi({ example: '837e0f97-f742-4162-97da-6cfdf4d23c82' }),
  ordernumber: z.string(),
});

// ── answers ───────────────────────────────────────────────────────────────────────────────────

export const CreateSignOrderAnswer = z
  .object({
    status: z.literal(1).openapi({ description: '1: 成功' }),
    errorcode: z.literal(0),
    signid: z.string().openapi({ description: '订单在 WoSignDOC 中唯一签署 ID (a UUID)' }),
    ordernumber: z.string().openapi({ description: "调用方平台订单号 (spelled as the doc's example)" }),
  })
  .openapi('WosignCreateSignOrderAnswer');

export const FailureAnswer = z
  .object({
    status: z.literal(0).openapi({ description: '0: 失败' }),
    errorcode: z.number().int().openapi({ description: 'x-vendor-error-catalogue', example: -80 }),
  })
  .openapi('WosignFailure');

export const WosignAnswer = z.union([CreateSignOrderAnswer, FailureAnswer]).openapi('WosignAnswer');

// ── PushSignedDoc (3.2 推送已签署文件) ──────────────────────────────────────────────────────────

export const PushSignedDocExtendData = z
  .object({
    signid: z.string(),
    ordernumber: z.string(),
    content: z.string().openapi({ description: 'The signed PDF, base64 (empty on a refusal)' }),
    hash: z.string().openapi({ description: 'SHA-256 (hex) of the decoded content bytes' }),
  })
  .openapi('WosignPushSignedDocExtendData');

export const PushSignedDoc = z
  .object({
    actiontype: z.literal('PushSignedDoc'),
    status: z.union([z.literal(1), z.literal(0)]).openapi({ description: '1 signed, 0 refused' }),
    errorcode: z
      .string()
      .openapi({ description: '"0" on success; else the codes joined with "&" (a string here)' }),
    extendData: PushSignedDocExtendData.openapi({
      description: 'A nested object (the table says string; real receivers bind it to a class)',
    }),
  })
  .openapi('WosignPushSignedDoc');

/** The receiver's answer: exactly `1` is received; anything else is retried. */
export const PushSignedDocReply = z
  .string()
  .openapi({ description: 'Exactly `1` (no quotes, no newline needed)', example: '1' })
  .openapi('WosignPushSignedDocReply');
