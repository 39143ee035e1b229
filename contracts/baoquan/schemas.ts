/**
 * 保全网 (baoquan) schemas: the `payload` of every API, field for field from the vendor
 * document (baoquan-attestation-api.rst), the multipart form around it, and the responses.
 *
 * Payloads are lenient where the vendor's own SDKs differ in what they send (sdk):
 * - PHP's json_encode writes an empty array as `[]`, so an empty object may arrive as `[]`
 *   (`identities`, factoid `data`, `attachments`, `sign`, and the whole payload of the APIs that
 *   take none); Java writes unset fields as `null` (e.g. `"name": null` on a PERSONAL /cas,
 *   `"identities": null` inside every factoid, `"fields": null`); python omits them.
 * - Java always sends `"completed"` and `"attachments": {}` (also on /attestations/hash) and, on
 *   /contract/sign, extra keys (`template_id`, `identities`, `factoids`, `completed`); the doc's
 *   /contract/sign example carries `title`. Unknown keys are ignored (stripped).
 * - `unique_id` of /attestations and /attestations/hash is 必选 in the doc's tables, and the
 *   python, java and PHP SDKs all refuse to send a payload without it: absent, null or empty →
 *   PARAM_MISSING. A factoid's `unique_id` may be null (the Java SDK sends null for factoids
 *   without one).
 *
 * A field whose invalid value has its own catalogue entry carries `.meta({ 'x-baoquan-error':
 * NAME })`; cross-field checks put the name on the issue (`params['x-baoquan-error']`). Absent,
 * null and empty values map to PARAM_MISSING (`payload.<field> can not be empty`), anything else to
 * PARAM_INVALID, unless the field says otherwise (validation.ts).
 */
import { z } from '@hono/zod-openapi';
import type { BaoquanErrorName } from './errors.ts';

// ── helpers ───────────────────────────────────────────────────────────────────────────────────

/** `.meta({ 'x-baoquan-error': name })`: an invalid (not absent) value answers this catalogue entry. */
export function withBaoquanError<T extends z.ZodType>(schema: T, name: BaoquanErrorName): T {
  return schema.meta({ 'x-baoquan-error': name }) as T;
}

/** A custom issue that answers a catalogue entry (for cross-field refinements). */
export function baoquanIssue(name: BaoquanErrorName, path: PropertyKey[], message: string) {
  return { code: 'custom' as const, path, message, params: { 'x-baoquan-error': name } };
}

/** PHP's json_encode writes an empty associative array as `[]`: read it as `{}`. */
const emptyArrayAsObject = (v: unknown) => (Array.isArray(v) && v.length === 0 ? {} : v);
function phpObject<T extends z.ZodType>(schema: T) {
  return z.preprocess(emptyArrayAsObject, schema);
}

/** A required, non-empty string. */
const reqStr = () => z.string().trim().min(1);
/** A string that may be absent or null. */
const optStr = () => z.string().nullish();

/**
 * A string given as a string or a number (the doc's /contract/sign sends "4", "400"; some clients send 4).
 */
const strOrNum = (re: RegExp) =>
  z.union([z.string().trim().regex(re), z.number().finite()]).openapi({ type: 'string', pattern: re.source });

// ── identities, factoids, attachments (/attestations, /factoids, /attestation/hash) ───────────

export const Identities = phpObject(
  z
    .record(z.string(), z.union([z.string(), z.number()]))
    .superRefine((r, ctx) => {
      if (Object.keys(r).length === 0)
        ctx.addIssue(baoquanIssue('PARAM_MISSING', [], 'identities can not be empty'));
    })
    .openapi({
      description:
        '身份事项: identity kind → value. Kinds: MO (手机号), ID (身份证号), USCID (统一社会信用代码), ORGCODE (组织机构代码), ' +
        'USERID (the userId of /users/kyc).',
      example: { MO: '15857112383', ID: '42012319800127691X' },
    }),
).openapi('BaoquanIdentities');

export const Factoid = z
  .object({
    unique_id: z
      .string()
      .max(255)
      .nullish()
      .openapi({ description: '陈述唯一码: the same unique_id within one attestation is processed once' }),
    type: reqStr().openapi({
      description: '陈述类型, defined by the template (e.g. user, product, hash, file)',
      example: 'user',
    }),
    data: phpObject(z.record(z.string(), z.unknown())).openapi({
      description: '陈述的字段值, checked against the template (validateFactoidData)',
      example: { name: '张三', phone_number: '13234568732', registered_at: '1466674609', username: 'tom' },
    }),
    identities: z.record(z.string(), z.unknown()).nullish().openapi({
      description: 'Sent (usually null) by the Java SDK, whose Factoid has this property; ignored.',
    }),
  })
  .openapi('BaoquanFactoid');

export const SignKeywords = phpObject(
  z.record(z.string(), z.array(reqStr()).min(1)).openapi({
    description: '电子签名信息: caId (from /cas) → signing keywords, each unique in the PDF',
    example: {
      F98F99A554E944B6996882E8A68C60B2: ['甲方（签章）', '甲方法人（签章）'],
      '0A68783469E04CAC95ADEAE995A92E65': ['乙方（签章）'],
    },
  }),
).openapi('BaoquanSignKeywords');

export const AttachmentEntry = z
  .union([
    z.string().min(1).openapi({ description: '校验码: lowercase hex SHA-256 of the file' }),
    z
      .object({ checksum: reqStr(), sign: SignKeywords.optional() })
      .openapi({ description: 'checksum with signing info (PDF only)' }),
  ])
  .openapi('BaoquanAttachmentEntry');

export const Attachments = phpObject(
  z.record(z.string(), z.array(AttachmentEntry)).openapi({
    description:
      'factoid index ("0", "1"…) → one entry per file sent in the part attachments[i][], in order. ' +
      'Empty ({}, [] or null) when there are no files.',
    example: {
      '0': [
        'checkSum1',
        { checksum: 'checkSum2', sign: { F98F99A554E944B6996882E8A68C60B2: ['甲方（签章）'] } },
      ],
      '1': ['checkSum3'],
    },
  }),
)
  .nullish()
  .openapi('BaoquanAttachments');

const completed = () =>
  z.boolean().nullish().openapi({ description: '是否完成陈述集的上传 (default true; null = default)' });

/** 保全唯一码 (必选, ≤255): the same unique_id answers the same ano. */
const uniqueId = () =>
  reqStr()
    .max(255)
    .openapi({
      description:
        '保全唯一码 (必选), ≤255 characters: the same unique_id answers the same ano (doc; every SDK ' +
        'refuses to send a payload without it)',
      example: 'acafa00d-5579-4fe5-93c1-de89ec82006e',
    });

/** Payload of POST /attestations. */
export const CreateAttestationPayload = z
  .object({
    unique_id: uniqueId(),
    template_id: reqStr().openapi({ description: '模板id', example: '2hSWTZ4oqVEJKAmK2RiyT4' }),
    identities: Identities,
    factoids: z.array(Factoid).min(1).openapi({ description: '陈述集' }),
    completed: completed(),
    attachments: Attachments,
  })
  .openapi('BaoquanCreateAttestationPayload');

/** Payload of POST /attestations/hash (= /attestation/hash). */
export const HashAttestationPayload = z
  .object({
    unique_id: uniqueId(),
    template_id: reqStr().openapi({
      description: '模板id: the system file-hash template or one derived from it (子模板)',
      example: '2hSWTZ4oqVEJKAmK2RiyT4',
    }),
    identities: Identities,
    factoids: z
      .array(Factoid)
      .min(1)
      .openapi({ description: '陈述集 (type file suggested: owner_name, owner_id)' }),
    sha256: withBaoquanError(
      z
        .string()
        .trim()
        .regex(/^[0-9a-fA-F]{64}$/)
        .openapi({
          description: '文件的sha256值 (64 hex)',
          example: '654c71176b207401445fdd471f5e023f65af50d7361bf828e5b1c19c89b977b0',
        }),
      'SHA256_INVALID',
    ),
    completed: z
      .boolean()
      .nullish()
      .openapi({ description: 'Sent by the Java SDK; a hash attestation is always complete' }),
    attachments: Attachments.openapi({ description: 'Must be empty: this API takes no attachments' }),
  })
  .openapi('BaoquanHashAttestationPayload');

/** Payload of POST /factoids. */
export const AddFactoidsPayload = z
  .object({
    ano: reqStr().openapi({ description: '保全号', example: 'DB0C8DB14E3C44C7B9FBBE30EB179241' }),
    factoids: z.array(Factoid).min(1).openapi({ description: '陈述集' }),
    completed: completed(),
    attachments: Attachments,
  })
  .openapi('BaoquanAddFactoidsPayload');

export const ATTESTATION_FIELDS = ['identities', 'factoids', 'attachments'] as const;

/** Payload of POST /attestation. */
export const GetAttestationPayload = z
  .object({
    ano: reqStr().openapi({ description: '保全号', example: 'DB0C8DB14E3C44C7B9FBBE30EB179241' }),
    fields: z
      .array(z.string())
      .nullish()
      .openapi({
        description:
          '希望返回的字段: null = all; [] = none of identities/factoids/attachments (fast blockchain_hash); ' +
          'e.g. ["identities"]',
      }),
  })
  .openapi('BaoquanGetAttestationPayload');

/** Payload of POST /users/kyc. */
export const UserKycPayload = z
  .object({
    name: reqStr().openapi({ description: '用户姓名', example: '用户一' }),
    phone: reqStr().openapi({ description: '用户手机号', example: '15822222224' }),
    idCard: reqStr().openapi({ description: '用户身份证号', example: '42012319800127691X' }),
  })
  .openapi('BaoquanUserKycPayload');

/** Payload of POST /attestation/download. */
export const DownloadAttestationPayload = z
  .object({ ano: reqStr().openapi({ description: '保全号', example: 'DB0C8DB14E3C44C7B9FBBE30EB179241' }) })
  .openapi('BaoquanDownloadAttestationPayload');

export const CA_TYPES = ['PERSONAL', 'ENTERPRISE'] as const;

/** An 18-character 统一社会信用代码 (GB 32100-2015 charset); anything else is read as a 工商注册号. */
export const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * Whether ic_code is a 统一社会信用代码 (三证合一) or a registration number (then org_code and tax_code are required).
 */
export function baoquanIcCodeKind(icCode: string): 'uscc' | 'registration' {
  return USCC_SHAPE.test(icCode.trim().toUpperCase()) ? 'uscc' : 'registration';
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Payload of POST /cas. */
export const ApplyCaPayload = z
  .object({
    type: z.enum(CA_TYPES).openapi({ description: '用户类型' }),
    name: optStr().openapi({ description: '企业用户名称 (ENTERPRISE: 必选)', example: 'xxx有限公司' }),
    ic_code: optStr().openapi({
      description: '企业注册号码或者统一社会信用代码 (ENTERPRISE: 必选)',
      example: '91332406MA27XMXJ27',
    }),
    org_code: optStr().openapi({
      description: '企业组织机构代码 (ENTERPRISE with a registration number: 必选)',
      example: '177470403',
    }),
    tax_code: optStr().openapi({
      description: '企业税务登记号码 (ENTERPRISE with a registration number: 必选)',
      example: '419001177470403',
    }),
    link_name: reqStr().openapi({ description: '个人用户名称或企业联系人名称', example: '张三' }),
    link_id_card: reqStr().openapi({
      description: '个人用户身份证号或企业联系人身份证号',
      example: '330184198501184115',
    }),
    link_phone: reqStr().openapi({ description: '个人用户手机号或企业联系人手机号', example: '13378784545' }),
    link_email: reqStr().openapi({ description: '个人用户邮箱或企业联系人邮箱', example: '123@qq.com' }),
  })
  .superRefine((p, ctx) => {
    if (p.type !== 'ENTERPRISE') return;
    for (const k of ['name', 'ic_code'] as const) {
      if (isBlank(p[k]))
        ctx.addIssue(baoquanIssue('PARAM_MISSING', [k], `${k} is required when type is ENTERPRISE`));
    }
    if (!isBlank(p.ic_code) && baoquanIcCodeKind(p.ic_code!) === 'registration') {
      for (const k of ['org_code', 'tax_code'] as const) {
        if (isBlank(p[k]))
          ctx.addIssue(
            baoquanIssue('PARAM_MISSING', [k], `${k} is required when ic_code is a registration number`),
          );
      }
    }
  })
  .openapi('BaoquanApplyCaPayload');

/**
 * The payload of an API that takes none (/contract/signature, /contract/signature/list,
 * /contract/uploadPdf): Java sends `{}`, PHP `[]` (json_encode of an empty array).
 */
export const EmptyPayload = z
  .union([z.object({}), z.array(z.unknown()).max(0), z.null()])
  .openapi('BaoquanEmptyPayload', { description: 'No fields: {} (Java, python), [] (PHP) or null' });

/** Payload of POST /contract/signature/default: the table names signature_id, the example signatureId. */
export const SetDefaultSignaturePayload = z
  .object({
    signature_id: optStr().openapi({
      description: '签章图片id (the field table; the Java and PHP SDKs send this)',
      example: 'ejDVGiGeCQ5Ndn6dzsnWx9',
    }),
    signatureId: optStr().openapi({
      description: '签章图片id (the doc example spells it this way)',
      example: 'ejDVGiGeCQ5Ndn6dzsnWx9',
    }),
  })
  .superRefine((p, ctx) => {
    if (isBlank(p.signature_id) && isBlank(p.signatureId)) {
      ctx.addIssue(baoquanIssue('PARAM_MISSING', ['signature_id'], 'signature_id can not be empty'));
    }
  })
  .openapi('BaoquanSetDefaultSignaturePayload');

/** The signature id of a /contract/signature/default payload, whichever spelling was sent. */
export function signatureIdOf(p: { signature_id?: string | null; signatureId?: string | null }): string {
  return (!isBlank(p.signature_id) ? p.signature_id! : (p.signatureId ?? '')).trim();
}

/** Payload of POST /contract/setDetail. */
export const SetContractDetailPayload = z
  .object({
    contract_id: reqStr().openapi({
      description: '合同id (from /contract/uploadPdf)',
      example: '4imixswKjEUU2rzintD3Vx',
    }),
    title: reqStr().openapi({ description: '合同标题', example: '这是xx合同的标题' }),
    end_at: z
      .union([
        z
          .number()
          .finite()
          .openapi({ description: 'epoch milliseconds (Java Date via Jackson, PHP strtotime*1000)' }),
        z.string().trim().min(1),
      ])
      .refine((v) => parseBaoquanEndAt(v) !== undefined, { message: 'end_at format error' })
      .openapi({
        description:
          '合同截止时间: epoch ms (number or digits), ISO 8601, "yyyy-MM-dd HH:mm:ss" (CST), or Java ' +
          'Date.toString ("Tue Aug 14 18:08:29 CST 2018"; the doc prints it as "TueAug1418: 08: ' +
          '29CST2018")',
        example: 'Tue Aug 14 18:08:29 CST 2018',
      }),
    remark: z
      .string()
      .openapi({ description: '合同备注 (必选; may be empty)', example: '这是xx合同的备注信息' }),
    userPhones: z
      .array(reqStr())
      .min(1)
      .openapi({
        description: "签署人手机号, in signing order after the creator; each registered and KYC'd",
        example: ['15811111111', '15822222222'],
      }),
  })
  .openapi('BaoquanSetContractDetailPayload');

/** Payload of POST /contract/verifyCode. */
export const VerifyCodePayload = z
  .object({
    contract_id: reqStr().openapi({ description: '合同id', example: '4imixswKjEUU2rzintD3Vx' }),
    phone: reqStr().openapi({
      description: '当前签署人手机号: the creator first, then userPhones in order',
      example: '15861111111',
    }),
  })
  .openapi('BaoquanVerifyCodePayload');

export const ECS_STATUSES = ['DONE', 'CANCEL', 'REJECT'] as const;

/** Payload of POST /contract/sign. */
export const SignContractPayload = z
  .object({
    contract_id: reqStr().openapi({ description: '合同id', example: '4imixswKjEUU2rzintD3Vx' }),
    phone: reqStr().openapi({ description: '当前签署人手机号', example: '15811111111' }),
    verify_code: reqStr().openapi({ description: '收到的验证码', example: '1525' }),
    ecs_status: z
      .enum(ECS_STATUSES)
      .openapi({ description: 'DONE 签署, CANCEL 取消 (initiator only), REJECT 拒绝' }),
    page: strOrNum(/^\d+$/).openapi({ description: '签署位置所在页码 (from 1)', example: '4' }),
    posX: strOrNum(/^-?\d+(\.\d+)?$/).openapi({ description: '签署横坐标位置', example: '400' }),
    posY: strOrNum(/^-?\d+(\.\d+)?$/).openapi({ description: '签署纵坐标位置', example: '500' }),
    template_id: optStr().openapi({
      description:
        'Java SDK 2.0.x: with DONE, the signing is attested with this template, identities and ' +
        'factoids (as /attestations) and the answer carries attestationId; null or "" = no attestation',
      example: '2hSWTZ4oqVEJKAmK2RiyT4',
    }),
    identities: phpObject(z.record(z.string(), z.union([z.string(), z.number()])))
      .nullish()
      .openapi({ description: 'Java SDK 2.0.x: the attestation’s 身份事项 (checked as /attestations)' }),
    factoids: z
      .array(Factoid)
      .nullish()
      .openapi({ description: 'Java SDK 2.0.x: the attestation’s 陈述集 (factoid unique_id may be null)' }),
    completed: completed(),
    signature_id: optStr().openapi({
      description: 'Java SDK 2.0.x: the signature image to stamp; null or "" = the default one',
      example: 'ejDVGiGeCQ5Ndn6dzsnWx9',
    }),
    type: optStr().openapi({ description: 'Java SDK 2.0.x (personal/enterprise); not used' }),
  })
  .openapi('BaoquanSignContractPayload');

/** Payload of POST /contract/detail (php-sdk 2017, java-sdk 2.0.17). */
export const ContractDetailPayload = z
  .object({ contract_id: reqStr().openapi({ description: '合同id', example: '4imixswKjEUU2rzintD3Vx' }) })
  .openapi('BaoquanContractDetailPayload');

/** Payload of POST /contract/download (java-sdk 2.0.17 downloadContract). */
export const ContractDownloadPayload = ContractDetailPayload.openapi('BaoquanContractDownloadPayload');

/** Payload of POST /contract/signature/delete (php-sdk 2017, java-sdk 2.0.17). */
export const DeleteSignaturePayload = z
  .object({
    signature_id: reqStr().openapi({ description: '签章图片id', example: 'ejDVGiGeCQ5Ndn6dzsnWx9' }),
  })
  .openapi('BaoquanDeleteSignaturePayload');

const listTime = () =>
  z
    .union([z.number().finite(), z.string().trim().regex(/^\d*$/)])
    .nullish()
    .openapi({ description: 'epoch ms (Java Date via Jackson; PHP strtotime × 1000); null = no bound' });

/**
 * Payload of POST /contract/list: Java sends every key (null when unset), PHP only those set, or
 * `null` (json_encode of null) when none is.
 */
export const ContractListPayload = z
  .union([
    z.object({
      start: listTime(),
      end: listTime(),
      status: optStr().openapi({ description: 'UPLOADED, SIGNING, DONE, CANCEL, REJECT or EXPIRED' }),
      keyWord: optStr().openapi({ description: 'A substring of the title' }),
    }),
    z.array(z.unknown()).max(0),
    z.null(),
  ])
  .openapi('BaoquanContractListPayload');

// ── the request form (every call) ─────────────────────────────────────────────────────────────

/** Parses the payload part's JSON for runtime validation; the spec shows the payload object. */
function jsonPart<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, schema);
}

const binary = () => z.any().openapi({ type: 'string', format: 'binary' });

/** Which file parts an API takes. */
export type BaoquanFileParts = 'none' | 'attachments' | 'seal' | 'single';

export const BAOQUAN_REQUEST_ID_EXAMPLE = '2c7a0b9e-5d3f-4b8e-9a61-0f2d4c6e8a1b';

/**
 * The multipart form of an API: the five text parts (docs/vendor-notes.md, sdk) and its file parts.
 * `payload` is shown as the payload object with `encoding.payload.contentType` application/json
 * (it travels as a JSON string; sign the string as sent).
 */
export function baoquanForm<T extends z.ZodType>(payload: T, files: BaoquanFileParts, name: string) {
  const base = {
    request_id: z.string().openapi({
      description:
        '请求号, unique per request. The doc says ≤32 characters; the SDKs send 36-character UUIDs ' +
        '(accepted up to 64).',
      example: BAOQUAN_REQUEST_ID_EXAMPLE,
    }),
    access_key: z.string().openapi({
      description: '访问识别码, issued when the RSA public key was registered',
      example: 'fsBswNzfECKZH9aWyh47fc',
    }),
    tonce: z
      .string()
      .regex(/^-?\d+$/)
      .openapi({
        description: '请求时间: Unix SECONDS, within ±300 s of the server clock',
        example: '1464594744',
      }),
    payload: jsonPart(payload),
    signature: z.string().openapi({
      description:
        'Base64 SHA256withRSA (PKCS#1 v1.5) over UTF-8 "POST" + "/api/v2/<name>" + request_id + ' +
        'access_key + tonce + payload',
    }),
  };
  const attachmentsDoc =
    'One part per file, named attachments[i][] where i is the index of its factoid; ' +
    'payload.attachments["i"] lists their checksums in the same order.';
  const shape =
    files === 'attachments'
      ? { ...base, 'attachments[0][]': z.array(binary()).optional().openapi({ description: attachmentsDoc }) }
      : files === 'single'
        ? { ...base, 'attachments[0][]': z.array(binary()).openapi({ description: 'Exactly one file.' }) }
        : files === 'seal'
          ? {
              ...base,
              seal: binary().optional().openapi({
                type: 'string',
                format: 'binary',
                description: '企业印章图片, file name *.png or *.jpg; required when type is ENTERPRISE',
              }),
            }
          : base;
  const obj = z.object(shape);
  return (
    files === 'attachments'
      ? // Not patternProperties: openapi-typescript turns that into an index signature that
        // swallows the typed parts.
        obj.openapi(name, { 'x-part-pattern': '^attachments\\[\\d+\\]\\[\\]$' } as never)
      : obj.openapi(name)
  ) as typeof obj;
}

// ── responses ─────────────────────────────────────────────────────────────────────────────────

/** The body of every failure (any status but 200). */
export const BaoquanErrorBodySchema = z
  .object({
    request_id: z.string().openapi({ description: '客户请求id (echoed; "" when the request had none)' }),
    message: z.string().openapi({ description: '错误原因', example: '数字签名校验失败' }),
    timestamp: z.number().int().openapi({ description: '时间戳，精确到毫秒', example: 1464672264000 }),
  })
  .openapi('BaoquanError');

/** `{request_id, data}`: the success body of the attestation APIs, /cas and /users/kyc. */
export function wrapped<T extends z.ZodType>(data: T, name: string) {
  return z
    .object({
      request_id: z.string().openapi({ description: '客户请求id (echoes the request_id part)' }),
      data,
    })
    .openapi(name);
}

export const CreateAttestationData = z
  .object({ no: z.string().openapi({ description: '保全号', example: 'DB0C8DB14E3C44C7B9FBBE30EB179241' }) })
  .openapi('BaoquanCreateAttestationData');

export const AddFactoidsData = z
  .object({ success: z.boolean().openapi({ description: '是否成功' }) })
  .openapi('BaoquanAddFactoidsData');

export const AttestationFactoid = z
  .object({
    unique_id: z.string().nullish(),
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('BaoquanAttestationFactoid');

export const GetAttestationData = z
  .object({
    no: z.string().openapi({ description: '保全号' }),
    unique_id: z
      .string()
      .nullable()
      .openapi({
        description:
          "保全唯一码, whatever fields asks for (every example of the doc's /attestation; the Java SDK's " +
          'GetAttestationData reads it); null for an attestation made without one (/contract/sign)',
        example: 'acafa00d-5579-4fe5-93c1-de89ec82006e',
      }),
    template_id: z.string().openapi({ description: '模板id' }),
    identities: z
      .record(z.string(), z.string())
      .nullable()
      .openapi({ description: '身份标识 (null unless requested by fields)' }),
    factoids: z
      .array(AttestationFactoid)
      .nullable()
      .openapi({ description: '陈述列表 (null unless requested)' }),
    completed: z.boolean().openapi({ description: '陈述是否上传完成' }),
    attachments: z
      .record(z.string(), z.array(z.string()))
      .nullable()
      .openapi({ description: '附件列表: factoid index → attachment ids (null unless requested)' }),
    blockchain_hash: z.string().nullable().openapi({ description: '区块链hash，当尚未hash到区块链时为空' }),
  })
  .openapi('BaoquanGetAttestationData');

export const UserKycData = z
  .object({
    userId: z.string().openapi({ description: '保全网自动注册的USERID', example: 'avbjetsfgyuyrryjetyDFs' }),
  })
  .openapi('BaoquanUserKycData');

export const ApplyCaData = z
  .object({
    no: z.string().openapi({
      description:
        'caId (the doc\'s table says "caId，布尔值"; its example, and every SDK, make it a string)',
      example: 'F98F99A554E944B6996882E8A68C60B2',
    }),
  })
  .openapi('BaoquanApplyCaData');

export const CreateAttestationResponse = wrapped(CreateAttestationData, 'BaoquanCreateAttestationResponse');
export const AddFactoidsResponse = wrapped(AddFactoidsData, 'BaoquanAddFactoidsResponse');
export const GetAttestationResponse = wrapped(GetAttestationData, 'BaoquanGetAttestationResponse');
export const UserKycResponse = wrapped(UserKycData, 'BaoquanUserKycResponse');
export const ApplyCaResponse = wrapped(ApplyCaData, 'BaoquanApplyCaResponse');

/** /contract/signature answers flat JSON (no request_id, no data). */
export const UploadSignatureResponse = z
  .object({
    signatureId: z.string().openapi({ description: '签章图片id', example: 'ejDVGiGeCQ5Ndn6dzsnWx9' }),
  })
  .openapi('BaoquanUploadSignatureResponse');

/** /contract/signature/default, /contract/setDetail, /contract/verifyCode, /contract/sign. */
export const ContractResultResponse = z
  .object({ result: z.string().openapi({ description: '结果', example: 'success' }) })
  .openapi('BaoquanContractResultResponse');

/** /contract/signature/list: a bare map, signature id → image URL. */
export const SignatureListResponse = z
  .record(z.string(), z.string())
  .openapi('BaoquanSignatureListResponse', {
    description: 'key 为签章图片id, value 为签章图片地址',
    example: { ejDVGiGeCQ5Ndn6dzsnWx9: 'http://127.0.0.1:4001/files/signatures/ejDVGiGeCQ5Ndn6dzsnWx9.png' },
  });

/** /contract/sign: `attestationId` when the Java SDK 2.0.x keys asked for an attestation. */
export const SignContractResponse = z
  .object({
    result: z.string().openapi({ description: '结果', example: 'success' }),
    attestationId: z.string().optional().openapi({
      description: 'The 保全号 of the signing’s attestation (Java SDK 2.0.x SignResultResponse)',
      example: 'DB0C8DB14E3C44C7B9FBBE30EB179241',
    }),
  })
  .openapi('BaoquanSignContractResponse');

export const ContractSignerView = z
  .object({
    phone: z.string(),
    role: z.enum(['creator', 'signer']),
    status: z.enum(['WAITING', 'DONE', 'REJECT']),
    signedAt: z.number().nullable().openapi({ description: 'epoch ms' }),
  })
  .openapi('BaoquanContractSigner');

/** One contract as /contract/detail and /contract/list show it (field names sealsim's). */
export const ContractView = z
  .object({
    contractId: z.string(),
    title: z.string().nullable(),
    remark: z.string().nullable(),
    fileName: z.string(),
    status: z.enum(['UPLOADED', 'SIGNING', 'DONE', 'CANCEL', 'REJECT', 'EXPIRED']),
    pageCount: z.number().int(),
    createdAt: z.number().openapi({ description: 'epoch ms' }),
    endAt: z.number().nullable().openapi({ description: 'epoch ms' }),
    endedAt: z.number().nullable().openapi({ description: 'epoch ms' }),
    userPhones: z.array(z.string()),
    signers: z.array(ContractSignerView),
    currentSigner: z.string().nullable().openapi({ description: 'The phone whose turn it is' }),
  })
  .openapi('BaoquanContractView');

/** /contract/detail: `{detail: {...}}` (java-sdk ContractDetailResponse). */
export const ContractDetailResponse = z
  .object({ detail: ContractView })
  .openapi('BaoquanContractDetailResponse');

/** /contract/list: `{list: [...]}` (java-sdk ListContractResponse). */
export const ContractListResponse = z
  .object({ list: z.array(ContractView) })
  .openapi('BaoquanContractListResponse');

/** /contract/uploadPdf answers flat JSON. */
export const UploadContractResponse = z
  .object({ contractId: z.string().openapi({ description: '合同id', example: '4imixswKjEUU2rzintD3Vx' }) })
  .openapi('BaoquanUploadContractResponse');

/** The query of the access link `{host}/attestations/{ano}` (built by the SDKs, no API call). */
export const AccessLinkQuery = z.object({
  accessKey: z.string().openapi({ description: 'access_key of the attestation owner' }),
  signature: z.string().openapi({
    description:
      'Base64 SHA256withRSA over {"tonce":<ms>,"attestationId":"<ano>"} (v2 SDKs) or the key-sorted ' +
      '{"access_key":"…","no":"<ano>","tonce":<ms>} (v3). Not URL-encoded by the SDKs: a + arrives as ' +
      'a space.',
  }),
  tonce: z.string().regex(/^\d+$/).openapi({ description: 'epoch MILLISECONDS when the link was built' }),
});

export const AccessLinkParams = z.object({
  ano: z.string().openapi({
    param: { name: 'ano', in: 'path' },
    description: '保全号',
    example: 'DB0C8DB14E3C44C7B9FBBE30EB179241',
  }),
});

// ── end_at (used by SetContractDetailPayload; re-exported by validation.ts) ───────────────────────

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ZONES: Record<string, number> = {
  CST: 8 * 60,
  GMT: 0,
  UTC: 0,
  UT: 0,
  Z: 0,
  HKT: 8 * 60,
  SGT: 8 * 60,
  JST: 9 * 60,
};
const CST_OFFSET_MIN = 8 * 60;

function utcFromParts(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offsetMin: number,
): number | undefined {
  if (
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > new Date(Date.UTC(y, mo, 0)).getUTCDate() ||
    h > 23 ||
    mi > 59 ||
    s > 59
  )
    return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
}

function parseOffset(z: string | undefined): number | undefined {
  if (!z) return CST_OFFSET_MIN;
  if (Object.hasOwn(ZONES, z.toUpperCase())) return ZONES[z.toUpperCase()];
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(z);
  if (!m) return undefined;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -v : v;
}

/**
 * `end_at` as epoch ms, or undefined when it is in none of the accepted forms:
 * - a number, or a string of digits: epoch ms; below 1e11 it is read as seconds (guess);
 * - Java `Date.toString()`: `EEE MMM dd HH:mm:ss zzz yyyy`, e.g. "Tue Aug 14 18:08:29 CST 2018",
 *   also with the spaces lost or moved as the doc prints it ("TueAug1418: 08: 29CST2018");
 *   CST is China Standard Time (+08:00), as on the vendor's servers;
 * - "yyyy-MM-dd HH:mm:ss" / "yyyy-MM-dd" (+08:00; a bare date is the end of that day, guess);
 * - ISO 8601 with an offset or Z.
 * decision: baoquan.end-at-formats
 */
export function parseBaoquanEndAt(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (/^\d+$/.test(s)) return parseBaoquanEndAt(Number(s));
  const compact = s.replace(/\s+/g, '');
  const java =
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(\d{2})(\d{2}):(\d{2}):(\d{2})([A-Za-z]{1,5}(?:[+-]\d{1,2}:?\d{2})?|[+-]\d{2}:?\d{2})?(\d{4})$/i.exec(
      compact,
    );
  if (java) {
    const month = MONTHS.findIndex((m) => m.toLowerCase() === java[2]!.toLowerCase()) + 1;
    const offset = parseOffset(java[7]);
    if (offset === undefined) return undefined;
    return utcFromParts(
      Number(java[8]),
      month,
      Number(java[3]),
      Number(java[4]),
      Number(java[5]),
      Number(java[6]),
      0,
      offset,
    );
  }
  const local =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      s,
    );
  if (local) {
    const offset = parseOffset(local[8]);
    if (offset === undefined) return undefined;
    const dateOnly = local[4] === undefined;
    return utcFromParts(
      Number(local[1]),
      Number(local[2]),
      Number(local[3]),
      dateOnly ? 23 : Number(local[4]),
      dateOnly ? 59 : Number(local[5]),
      dateOnly ? 59 : Number(local[6] ?? 0),
      dateOnly ? 999 : Number((local[7] ?? '0').padEnd(3, '0')),
      offset,
    );
  }
  return undefined;
}
