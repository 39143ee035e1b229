/**
 * 云合同 摘要签署 V2.4.1 — request and response schemas, field for field from the doc §5.3–§5.6
 * (yunhetong-digest-sign-api-v2.4.1.md).
 *
 * Conventions (each one is in contradictions.ts where the doc disagrees with itself):
 * - The doc types every parameter `string`, with string codes ("0", "B1", "C1"). Codes also accept a
 *   JSON number (1 → "1"). Ids (signerId, moulageId) accept a string of digits or an integer, as
 *   the examples send "1" while the responses answer 349 and clients echo the number back.
 * - A parameter the table marks 可选参数 or gives a 默认 is optional, and "" counts as absent; every
 *   other parameter is required and "" is refused ("<field> 为空").
 *   decision: yunhetong-digest.empty-optional-absent
 * - Unknown keys are ignored (clients of the sibling cloud API send `caType: "B2"`). JSON keys padded
 *   with spaces count as the trimmed key (the §5.4.6 example sends `" pageSize "`).
 * - Every failure is 201 with the field named, unless the field carries
 *   `.meta({ 'x-vendor-code': N })` (its own code when invalid), `'x-vendor-code-missing'` (when
 *   absent) and `'x-vendor-msg'` (the variant of a multi-message cell). `'x-label'` is how the
 *   message names the field ("印章 id 为空", §5.6.1). validation.ts turns issues into envelopes.
 * - Responses: `{code, msg, data?}`; ids are JSON numbers (sealsim keeps them below 2^53).
 */
import { z } from '@hono/zod-openapi';
import { yunhetongDigestErrors, type YunhetongDigestErrorName } from './errors.ts';

// ── helpers ───────────────────────────────────────────────────────────────────────────────────

/** A custom-issue payload that carries a vendor code (for cross-field refinements). */
export function yhtIssue(name: YunhetongDigestErrorName, path: PropertyKey[], message: string) {
  return {
    code: 'custom' as const,
    path,
    message,
    params: { 'x-vendor-code': yunhetongDigestErrors[name].errCode },
  };
}

const asString = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v);
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** A required string (absent, non-string and "" refused); `max` counts characters. */
// decision: yunhetong-digest.utf16-lengths
const reqStr = (max?: number) => (max === undefined ? z.string().min(1) : z.string().min(1).max(max));

/** An optional string; "" is absent. */
const optStr = (max?: number) =>
  z.preprocess(emptyToUndefined, (max === undefined ? z.string() : z.string().max(max)).optional());

/** A code from the doc's list: string codes, a JSON number accepted ("0" or 0). */
function code<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  return z.preprocess(asString, z.enum(values)).openapi({ description });
}

/** An optional code; "" is absent (the default applies). */
function optCode<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  return z
    .preprocess((v) => emptyToUndefined(asString(v)), z.enum(values).optional())
    .openapi({ description });
}

const DIGITS = /^\d+$/;

/** An id: a string of digits or a non-negative integer; parsed to the string. */
export const yhtId = (description: string, example = '1') =>
  z
    .union([z.string().regex(DIGITS), z.number().int().nonnegative()])
    .transform((v) => String(v))
    .openapi({ description, example });

/** A moulageId: an id, or -1 (全透明). */
const moulageIdField = (description: string) =>
  z
    .union([z.string().regex(/^(-1|\d+)$/), z.number().int().min(-1)])
    .transform((v) => String(v))
    .openapi({ description, example: '1' })
    .meta({ 'x-label': '印章 id' });

/** A positive integer as a number or a string of digits; "" is absent. */
const optPositiveInt = (description: string) =>
  z
    .preprocess(
      emptyToUndefined,
      z.union([z.number().int().min(1), z.string().regex(/^[1-9]\d*$/)]).optional(),
    )
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .openapi({ description });

/**
 * A list the doc types `JSONString`: a JSON array, or a string holding one (both accepted; the
 * examples send arrays).
 */
function jsonList<T extends z.ZodType>(item: T, description: string) {
  return z
    .preprocess((v) => {
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return v;
      }
    }, z.array(item).min(1))
    .openapi({ description });
}

/** Keys padded with whitespace count as the trimmed key when that is absent (§5.4.6 `" pageSize "`). */
export function trimBodyKeys(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = { ...src };
  for (const k of Object.keys(src)) {
    const t = k.trim();
    if (t !== k) {
      delete out[k];
      if (!(t in src)) out[t] = src[k];
    }
  }
  return out;
}

/** A JSON request body: an object whose padded keys are trimmed first. */
const jsonBody = <T extends z.ZodType>(schema: T) => z.preprocess(trimBodyKeys, schema);

/** A file part of a multipart body. */
export const yhtFilePart = (description: string) =>
  z
    .custom<Blob>((v) => typeof Blob !== 'undefined' && v instanceof Blob)
    .openapi({ type: 'string', format: 'binary', description });

// ── enumerations (the doc's string codes) ─────────────────────────────────────────────────────

/** §5.4.1 identityRegion: 0 大陆, 1 香港, 2 台湾, 3 澳门, 4 外籍. */
export const IDENTITY_REGIONS = ['0', '1', '2', '3', '4'] as const;
/** §5.4.1 person certifyType: a 身份证, b 护照 (default a). */
export const PERSON_CERTIFY_TYPES = ['a', 'b'] as const;
/** §5.4.2 company certifyType: 1 社会统一信用代码 (18), 2 营业执照注册号 (18), 3 组织机构代码 (9). */
export const COMPANY_CERTIFY_TYPES = ['1', '2', '3'] as const;
/** The certifyNum length each company certifyType requires (§5.4.2). */
export const COMPANY_CERTIFY_NUM_LENGTH: Record<(typeof COMPANY_CERTIFY_TYPES)[number], number> = {
  '1': 18,
  '2': 18,
  '3': 9,
};
/** phoneRegion: 0 大陆, 1 香港、澳门, 2 台湾. */
export const PHONE_REGIONS = ['0', '1', '2'] as const;
/**
 * The phoneNo format of each phoneRegion. The doc numbers the phoneNo rules 1/2/3 (大陆/港澳/台湾)
 * while phoneRegion is 0/1/2: sealsim pairs them by place (contradictions.ts).
 */
export const PHONE_FORMATS: Record<(typeof PHONE_REGIONS)[number], RegExp> = {
  '0': /^1\d{10}$/,
  '1': /^\d{8}$/,
  '2': /^\d{10}$/,
};
/** §5.5.1 borderType: B1 有边框 (default), B2 无边框. */
export const BORDER_TYPES = ['B1', 'B2'] as const;
/** §5.5.1 fontFamily: F1 楷体 (default), F2 华文仿宋, F3 华文楷体, F4 微软雅黑. */
export const FONT_FAMILIES = ['F1', 'F2', 'F3', 'F4'] as const;
/** §5.5 color: C1 红色 (default), C2 蓝色, C3 黑色. */
export const SEAL_COLORS = ['C1', 'C2', 'C3'] as const;
/** §5.5 mode: 0 正常 (default), 2 脱敏 (the name is masked). */
export const SEAL_MODES = ['0', '2'] as const;
/** §5.5.2 styleType: 1 常规圆章 (default), 2 椭圆章. */
export const STYLE_TYPES = ['1', '2'] as const;
/** §5.6 sealClass: 0 常规 (default), 1 骑缝章 (across all pages, position ignored), 2 含摘要, 3 含签署时间. */
export const SEAL_CLASSES = ['0', '1', '2', '3'] as const;
/** §5.6 signPositionType: 0 关键字定位, 1 坐标定位. */
export const SIGN_POSITION_TYPES = ['0', '1'] as const;

/** Defaults of the optional codes. */
export const YHT_DEFAULTS = {
  certifyType: 'a',
  phoneRegion: '0',
  borderType: 'B1',
  fontFamily: 'F1',
  color: 'C1',
  mode: '0',
  styleType: '1',
  sealClass: '0',
  pageNum: 1,
  /** §5.4.6 names no default page size (decision: yunhetong-digest.user-listing). */
  pageSize: 10,
} as const;

/** Seal image limits of /moulage/upload (§5.5.3). */
export const SEAL_IMAGE_MAX_BYTES = 400 * 1024;
/**
 * Pixel sizes of /moulage/upload (§5.5.3: 个人印章尺寸 110X200px，企业圆章 200X200px；椭圆章 160X300px).
 * The doc does not say which number is the width: either orientation is accepted (guess).
 * decision: yunhetong-digest.upload-image
 */
export const SEAL_IMAGE_SIZES = {
  person: [110, 200],
  companyRound: [200, 200],
  companyOval: [160, 300],
} as const;

/** "页面,x轴,y轴" triples separated by ";" (§5.6.1); full-width ，； accepted (guess). */
// decision: yunhetong-digest.coordinates-bottom-left
export const COORDINATES_RE =
  /^\s*\d+\s*[,，]\s*-?\d+(\.\d+)?\s*[,，]\s*-?\d+(\.\d+)?\s*([;；]\s*\d+\s*[,，]\s*-?\d+(\.\d+)?\s*[,，]\s*-?\d+(\.\d+)?\s*)*[;；]?\s*$/;

// ── common parts ──────────────────────────────────────────────────────────────────────────────

export const TokenHeader = z.object({
  token: z
    .string()
    .optional()
    .openapi({
      description:
        "The long-lived token (长效令牌) from /auth/login: the platform's, or a user's where the API allows " +
        'it. Absent, unknown or expired: 401.',
      example: 'eyJhbGciOiJIUzI1NiJ9.c2VhbHNpbQ.token',
    }),
});

export const TokenResponseHeader = z.object({
  token: z
    .string()
    .optional()
    .openapi({
      description:
        "A fresh token: always on /auth/login; on any other API when the call falls in the token's last " +
        "minutes (the doc's example: minute 11 of 15). Clients replace their token whenever this header " +
        'is present (§5.1 4, §5.3.1).',
    }),
});

/** Any envelope; `data` is the API's business data on success. */
export function envelope<T extends z.ZodType>(data: T, name: string) {
  return z
    .object({
      code: z
        .number()
        .int()
        .openapi({ description: '200 = 成功; anything else is a failure (§5.7)', example: 200 }),
      msg: z.union([z.boolean(), z.string()]).openapi({
        description: 'true on success (/auth/login: "成功"); the failure\'s message otherwise',
        example: true,
      }),
      data: data.optional(),
    })
    .openapi(name);
}

/** The envelope of APIs without business data: `{"code": 200, "msg": true}`. */
export const EmptyEnvelope = z
  .object({
    code: z.number().int().openapi({ example: 200 }),
    msg: z.union([z.boolean(), z.string()]).openapi({ example: true }),
  })
  .openapi('YhtEmptyEnvelope');

/** A failure: `{"code": 201, "msg": "signerId 格式不正确"}`. */
export const ErrorEnvelope = z
  .object({ code: z.number().int(), msg: z.string() })
  .openapi('YhtErrorEnvelope');

// ── cross-field rules ─────────────────────────────────────────────────────────────────────────

type Ctx = z.core.$RefinementCtx<unknown>;

/** phoneRegion and phoneNo go together; phoneNo follows the region's format (region 0 when absent). */
// decision: yunhetong-digest.phone-region-default
function checkPhone(b: { phoneRegion?: string; phoneNo?: string }, ctx: Ctx) {
  if (b.phoneRegion !== undefined && b.phoneNo === undefined) {
    ctx.addIssue(yhtIssue('PARAM_INVALID', ['phoneNo'], 'phoneNo 为空'));
    return;
  }
  if (b.phoneNo !== undefined) {
    const region = (b.phoneRegion ?? YHT_DEFAULTS.phoneRegion) as keyof typeof PHONE_FORMATS;
    if (!PHONE_FORMATS[region].test(b.phoneNo))
      ctx.addIssue(yhtIssue('PARAM_INVALID', ['phoneNo'], 'phoneNo 格式不正确'));
  }
}

// ── §5.3.1 /auth/login ────────────────────────────────────────────────────────────────────────

export const LoginRequest = jsonBody(
  z.object({
    appId: reqStr().openapi({ description: '应用 id，在开放平台注册应用获得', example: '2018051800000000' }),
    appKey: reqStr().openapi({ description: '应用密码，在开放平台注册应用获得', example: 'ABCdef123' }),
    signerId: z.preprocess(
      emptyToUndefined,
      yhtId(
        "用户 id. Absent: the platform's own token; given: that user's token. Malformed: 201 " +
          '"signerId 格式不正确".',
      ).optional(),
    ),
  }),
).openapi('YhtLoginRequest');

/** §5.3.1: `{"code": 200, "msg": "成功"}`, the token in response header `token`. */
export const LoginResponse = EmptyEnvelope;

// ── §5.4 users ────────────────────────────────────────────────────────────────────────────────

const phoneFields = {
  phoneRegion: optCode(
    PHONE_REGIONS,
    '手机号地区：0=大陆；1=香港、澳门；2=台湾. Optional, goes with phoneNo (default 0 when only phoneNo is sent: guess).',
  ),
  phoneNo: optStr().openapi({
    description:
      '手机号: 大陆 首位为 1，11 位纯数字；香港、澳门 8 位纯数字；台湾 10 位纯数字. Optional, goes with phoneRegion.',
    example: '13000000000',
  }),
};

export const CreatePersonRequest = jsonBody(
  z
    .object({
      userName: reqStr(15).openapi({ description: '用户姓名（最长 15 字符）', example: '张三' }),
      identityRegion: code(IDENTITY_REGIONS, '身份地区：0=大陆；1=香港；2=台湾；3=澳门；4=外籍'),
      certifyType: optCode(PERSON_CERTIFY_TYPES, '证件类型：a=身份证，b=护照. Optional, default a.'),
      certifyNum: reqStr().openapi({
        description: '身份证号码或护照, unique in the app (20207 认证号码(…)已经存在)',
        example: '123456789123456789',
      }),
      ...phoneFields,
    })
    .superRefine(checkPhone),
).openapi('YhtCreatePersonRequest');

export const CreateCompanyRequest = jsonBody(
  z
    .object({
      userName: reqStr(60).openapi({
        description: '企业名称（最长 60 字符）',
        example: '浙江律讯网络科技有限公司',
      }),
      certifyType: code(
        COMPANY_CERTIFY_TYPES,
        '证件类型：1=社会统一信用代码，长度为 18；2=营业执照注册号，长度为 18；3=组织机构代码，长度为 9',
      ),
      certifyNum: reqStr().openapi({
        description: '证件号码, of the length its certifyType requires; unique in the app',
        example: '123456789123456789',
      }),
      ...phoneFields,
    })
    .superRefine((b, ctx) => {
      const want = COMPANY_CERTIFY_NUM_LENGTH[b.certifyType];
      if (b.certifyNum.length !== want)
        ctx.addIssue(yhtIssue('PARAM_INVALID', ['certifyNum'], `certifyNum 长度应为 ${want}`));
      checkPhone(b, ctx);
    }),
).openapi('YhtCreateCompanyRequest');

export const SignerIdData = z
  .object({ signerId: z.number().int().openapi({ description: '用户 id', example: 349 }) })
  .openapi('YhtSignerIdData');

function updateRequest(maxName: number, name: string, nameDoc: string) {
  return jsonBody(
    z
      .object({
        signerId: yhtId('进行信息更新的用户 id'),
        userName: optStr(maxName).openapi({
          description: `${nameDoc}（最长 ${maxName} 字符）. Optional; must differ from the current value.`,
        }),
        ...phoneFields,
      })
      .superRefine((b, ctx) => {
        if (b.userName === undefined && b.phoneNo === undefined && b.phoneRegion === undefined) {
          ctx.addIssue(yhtIssue('PARAM_INVALID', ['userName'], 'userName 和 phoneNo 不能都为空'));
          return;
        }
        checkPhone(b, ctx);
      }),
  ).openapi(name);
}

export const UpdatePersonRequest = updateRequest(15, 'YhtUpdatePersonRequest', '用户姓名');
export const UpdateCompanyRequest = updateRequest(60, 'YhtUpdateCompanyRequest', '用户名称');

export const CertifyNumsRequest = jsonBody(
  z.object({
    certifyNumList: jsonList(
      z.preprocess(asString, z.string().min(1)),
      '证件号集合 (JSONString: an array, or a string holding a JSON array)',
    ).openapi({
      example: ['123456789987654321', '123456789'],
    }),
  }),
).openapi('YhtCertifyNumsRequest');

/** §5.4.5: one `{certifyNum: signerId}` object per certifyNum that matched, in request order. */
export const CertifyNumsData = z
  .array(z.record(z.string(), z.number().int()))
  .openapi('YhtCertifyNumsData', { example: [{ '123456789987654321': 1 }, { '123456789': 2 }] });

export const UserInfoRequest = jsonBody(
  z.object({
    signerIdList: z.preprocess(
      emptyToUndefined,
      jsonList(
        yhtId('signerId'),
        'signerId 集合 (JSONString). Optional: absent lists every user of the app (guess).',
      ).optional(),
    ),
    pageNum: optPositiveInt('列表页数 (default 1)'),
    pageSize: optPositiveInt(`列表单页展示条数 (default ${YHT_DEFAULTS.pageSize}, guess)`),
  }),
).openapi('YhtUserInfoRequest');

export const UserInfo = z
  .object({
    signerId: z.number().int(),
    userName: z.string(),
    certifyNum: z.string(),
    phoneNo: z.string().nullable().optional().openapi({ description: 'null when the user has none (guess)' }),
    userType: z.enum(['个人', '企业']),
  })
  .openapi('YhtUserInfo');

export const UserInfoData = z
  .object({
    page: z.number().int().openapi({ description: '当前页码' }),
    totalPages: z.number().int().openapi({ description: '总页数' }),
    pageSize: z.number().int().openapi({
      description:
        '当前记录条数: the number of users ON THIS PAGE (the example answers 2 for a request of 100)',
    }),
    total: z.number().int().openapi({ description: '总记录条数' }),
    userList: z.array(UserInfo),
  })
  .openapi('YhtUserInfoData');

// ── §5.5 seals ────────────────────────────────────────────────────────────────────────────────

export const CreatePersonMoulageRequest = jsonBody(
  z.object({
    signerId: yhtId('用户 id (a person)'),
    borderType: optCode(BORDER_TYPES, '边框样式，B1=有边框，B2=无边框. Default B1.'),
    fontFamily: optCode(
      FONT_FAMILIES,
      '字体样式，F1=楷体，F2=华文仿宋，F3=华文楷体，F4=微软雅黑. Default F1.',
    ),
    color: optCode(SEAL_COLORS, '字体颜色，C1=红色，C2=蓝色，C3=黑色. Default C1.'),
    mode: optCode(SEAL_MODES, '印章样式，0=正常，2=脱敏 (the name masked). Default 0.'),
  }),
).openapi('YhtCreatePersonMoulageRequest');

export const CreateCompanyMoulageRequest = jsonBody(
  z.object({
    signerId: yhtId('用户 id (a company)', '2'),
    styleType: optCode(
      STYLE_TYPES,
      '章的形状，1=常规圆章（视觉效果最佳 <=32 字），2=椭圆章（<=18 字）. Default 1.',
    ),
    textContent: optStr(12).openapi({ description: '横向文案，长度 <= 12 字符', example: '测试专用章' }),
    keyContent: z
      .preprocess(
        (v) => emptyToUndefined(asString(v)),
        z
          .string()
          .regex(/^\d{13}$/)
          .optional(),
      )
      .openapi({ description: '防伪码信息，长度 13 位纯数字', example: '1234567890123' }),
    color: optCode(SEAL_COLORS, '字体颜色，C1=红色，C2=蓝色，C3=黑色. Default C1.'),
    mode: optCode(SEAL_MODES, '印章样式，0=正常，2=脱敏. Default 0.'),
  }),
).openapi('YhtCreateCompanyMoulageRequest');

export const UploadMoulageRequest = jsonBody(
  z.object({
    signerId: yhtId('用户 id'),
    imgBase: z
      .string()
      .min(1)
      .regex(/^(data:image\/[a-z]+;base64,)?[A-Za-z0-9+/\s]+={0,2}$/)
      .openapi({
        description:
          '图片 Base64 编码: PNG, at most 400 KB; 个人印章 110X200px，企业圆章 200X200px，椭圆章 160X300px (either ' +
          'orientation). Not Base64: 20205 印模 base64 转 byte 数组失败. Not PNG, too big, wrong size: 201.',
        example: 'iVBORw0KGgoAAAANSUhEUgAAAMgAAABu…',
      })
      .meta({
        'x-vendor-code': 20205,
        'x-vendor-msg': '印模 base64 转 byte 数组失败',
        'x-vendor-code-missing': 201,
      }),
  }),
).openapi('YhtUploadMoulageRequest');

export const MoulageIdData = z
  .object({ moulageId: z.number().int().openapi({ description: '印章 id', example: 1 }) })
  .openapi('YhtMoulageIdData');

// ── §5.6 signing ──────────────────────────────────────────────────────────────────────────────

const moulageDoc =
  '印章 id; -1 = 全透明. The doc spells it moulageId and mouflageId in turn: both accepted, moulageId wins.';

const positionFields = {
  sealClass: optCode(
    SEAL_CLASSES,
    '印章样式，0=常规，1=骑缝章，2=含摘要，3=含签署时间. Default 0; with 1, signPositionType and positionContent are ignored.',
  ),
  signPositionType: optCode(
    SIGN_POSITION_TYPES,
    '定位方式，0=关键字定位；1=坐标定位. Required unless sealClass is 1.',
  ),
  positionContent: optStr().openapi({
    description:
      'signPositionType 0: the keyword (e.g. 甲方盖章处; absent from the PDF: 20110). 1: "页面,x轴,y轴" ' +
      'triples separated by ";" (e.g. "1,0,0;2,200,200"), origin at the page\'s BOTTOM-LEFT, in PDF ' +
      'points (A4 595x842). Required unless sealClass is 1.',
    example: '1,100,100',
  }),
};

const sealFields = {
  signerId: yhtId('用户 id'),
  moulageId: moulageIdField(moulageDoc).optional(),
  mouflageId: moulageIdField(
    `${moulageDoc} (the spelling of the §5.6.1 example and the §5.6.2/§5.6.4 tables)`,
  ).optional(),
};

/** moulageId (either spelling) and the position rules. */
function checkSeal(
  b: {
    moulageId?: string;
    mouflageId?: string;
    sealClass?: string;
    signPositionType?: string;
    positionContent?: string;
  },
  ctx: Ctx,
) {
  if (b.moulageId === undefined && b.mouflageId === undefined)
    ctx.addIssue(yhtIssue('PARAM_INVALID', ['moulageId'], '印章 id 为空'));
  if ((b.sealClass ?? YHT_DEFAULTS.sealClass) === '1') return;
  if (b.signPositionType === undefined) {
    ctx.addIssue(yhtIssue('PARAM_INVALID', ['signPositionType'], 'signPositionType 为空'));
    return;
  }
  if (b.positionContent === undefined)
    ctx.addIssue(yhtIssue('PARAM_INVALID', ['positionContent'], 'positionContent 为空'));
  else if (b.signPositionType === '1' && !COORDINATES_RE.test(b.positionContent))
    ctx.addIssue(yhtIssue('PARAM_INVALID', ['positionContent'], 'positionContent 格式不正确'));
}

/** After validation: one `moulageId` (moulageId wins over mouflageId), sealClass defaulted. */
function normaliseSeal<T extends { moulageId?: string; mouflageId?: string; sealClass?: string }>(b: T) {
  const { mouflageId, ...rest } = b;
  return {
    ...rest,
    moulageId: (b.moulageId ?? mouflageId)!,
    sealClass: b.sealClass ?? YHT_DEFAULTS.sealClass,
  };
}

const verifyCodeField = () =>
  z
    .preprocess((v) => emptyToUndefined(asString(v)), z.string().regex(/^\d{4}$/))
    .openapi({
      description: '短信验证码 4 位数字 (absent: 100609 验证码为空; not 4 digits: 100610)',
      example: '1234',
    })
    .meta({ 'x-vendor-code': 100610, 'x-vendor-code-missing': 100609 });

const pathFields = {
  contractPath: reqStr().openapi({
    description:
      '合同原文路径: a local path of the service (sealsim: inside its sandbox directory). Missing: 20100 ' +
      '合同文件%s 不存在.',
    example: '/yunhetong/contract/待签署合同.pdf',
  }),
  contractSavePath: reqStr().openapi({
    description: '合同保存路径 (its directory must exist: else 20110 合同保存失败)',
    example: '/yunhetong/contract/签署后合同.pdf',
  }),
};

const streamFields = {
  contractPath: yhtFilePart(
    '合同原文: the PDF file (the part is named contractPath although it is the file)',
  ),
  contractSavePath: reqStr().openapi({
    description: '合同保存路径 (local, inside the sandbox)',
    example: '/yunhetong/contract/签署后合同.pdf',
  }),
  contractTitle: reqStr().openapi({ description: '合同标题', example: '测试合同' }),
};

export const SignFilePathRequest = jsonBody(
  z
    .object({ ...sealFields, ...positionFields, ...pathFields })
    .superRefine(checkSeal)
    .transform(normaliseSeal),
).openapi('YhtSignFilePathRequest');

export const SignFileStreamForm = z
  .object({ ...sealFields, ...positionFields, ...streamFields })
  .superRefine(checkSeal)
  .transform(normaliseSeal)
  .openapi('YhtSignFileStreamForm');

export const SignVerifyCodeFilePathRequest = jsonBody(
  z
    .object({ code: verifyCodeField(), ...sealFields, ...positionFields, ...pathFields })
    .superRefine(checkSeal)
    .transform(normaliseSeal),
).openapi('YhtSignVerifyCodeFilePathRequest');

export const SignVerifyCodeFileStreamForm = z
  .object({ code: verifyCodeField(), ...sealFields, ...positionFields, ...streamFields })
  .superRefine(checkSeal)
  .transform(normaliseSeal)
  .openapi('YhtSignVerifyCodeFileStreamForm');

export const SummaryIdData = z
  .object({ summaryId: z.number().int().openapi({ description: '摘要签署流水号 id', example: 1000 }) })
  .openapi('YhtSummaryIdData');

export const SendVerifyCodeRequest = jsonBody(
  z.object({
    signerId: yhtId('用户 id'),
    phoneNo: z
      .preprocess(
        (v) => emptyToUndefined(asString(v)),
        z
          .string()
          // decision: yunhetong-digest.verify-code-phone-formats
          .regex(/^(1\d{10}|\d{8}|\d{10})$/)
          .optional(),
      )
      .openapi({
        description:
          '手机号码，如果不传使用创建用户时的号码 (none: 20201; not a documented format: 100603 号码非法)',
        example: '13000000000',
      })
      .meta({ 'x-vendor-code': 100603 }),
  }),
).openapi('YhtSendVerifyCodeRequest');

// ── §5.6.6–§5.6.9 time stamps and 存证 ──────────────────────────────────────────────────────

const fileSavePath = () =>
  reqStr().openapi({
    description: '文件保存路径: a .pdf path (else 201 "文件保存类型非法")',
    example: '/yunhetong/tsa/固化后合同.pdf',
  });

const checkSaveType = (b: { fileSavePath: string }, ctx: Ctx) => {
  if (!/\.pdf$/i.test(b.fileSavePath.trim()))
    ctx.addIssue(yhtIssue('PARAM_INVALID', ['fileSavePath'], '文件保存类型非法'));
};

export const TsaPathSignRequest = jsonBody(
  z
    .object({
      filePath: reqStr().openapi({
        description: '文件路径: a PDF of at most 20 MB',
        example: '/yunhetong/contract/签署后合同.pdf',
      }),
      fileSavePath: fileSavePath(),
    })
    .superRefine(checkSaveType),
).openapi('YhtTsaPathSignRequest');

export const TsaStreamSignForm = z
  .object({
    filePath: yhtFilePart(
      '文件: a PDF of at most 20 MB (the part is named filePath although it is the file)',
    ),
    fileSavePath: fileSavePath(),
    title: reqStr().openapi({ description: '文件标题', example: '测试合同' }),
  })
  .superRefine(checkSaveType)
  .openapi('YhtTsaStreamSignForm');

export const TimeStampSignIdData = z
  .object({
    timeStampSignId: z.number().int().openapi({ description: '时间戳固化流水号 id', example: 1000 }),
  })
  .openapi('YhtTimeStampSignIdData');

const sid = () =>
  z.preprocess(asString, z.string().min(4).max(50)).openapi({
    description: '业务 id: 4–50 characters, unique in the app (10205 数据标识已存在)',
    example: 'contract-0001',
  });

export const CzInRequest = jsonBody(
  z.object({
    sid: sid(),
    filePath: reqStr()
      .regex(/^(\/|[A-Za-z]:[\\/])/)
      .openapi({
        description: '文件路径: 本地绝对路径 (absolute; inside the sandbox)',
        example: '/yunhetong/contract/签署后合同.pdf',
      }),
  }),
).openapi('YhtCzInRequest');

export const CzQueryRequest = jsonBody(z.object({ sid: sid() })).openapi('YhtCzQueryRequest');

export const CzIdData = z
  .object({
    czId: z
      .number()
      .int()
      .openapi({
        description:
          "存证 id. The doc's example 30615281684185940 is above 2^53; sealsim issues ids of at most " +
          '2^53-1 so that every JSON parser keeps them exact.',
        example: 30615281684185,
      }),
  })
  .openapi('YhtCzIdData');

// ── response envelopes ────────────────────────────────────────────────────────────────────────

export const SignerIdResponse = envelope(SignerIdData, 'YhtSignerIdResponse');
export const CertifyNumsResponse = envelope(CertifyNumsData, 'YhtCertifyNumsResponse');
export const UserInfoResponse = envelope(UserInfoData, 'YhtUserInfoResponse');
export const MoulageIdResponse = envelope(MoulageIdData, 'YhtMoulageIdResponse');
export const SummaryIdResponse = envelope(SummaryIdData, 'YhtSummaryIdResponse');
export const TimeStampSignIdResponse = envelope(TimeStampSignIdData, 'YhtTimeStampSignIdResponse');
export const CzIdResponse = envelope(CzIdData, 'YhtCzIdResponse');
