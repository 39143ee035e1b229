/**
 * e签宝 (esign) errCode catalogue.
 *
 * EVIDENCE: GUESS. The vendor document (esign-open-contract-service-v3.txt) publishes NO errCode
 * table. It only says (§4.2) that every response is `{errCode, msg, data}` with `errCode = 0` for
 * success and anything else for failure, and it names some failure conditions in prose
 * ("文件尚未上传成功" §4.7.1/§4.8.1, "类型不支持" §4.7.1, "套餐余额不足" §2.3, "关键字…不可空"
 * §4.9.1 …). Every numeric code and every message below is therefore invented by sealsim; the
 * `section` says where the *condition* comes from, `note` says how sure we are of the condition.
 *
 * Scheme: 7-digit codes `100AXXX`, grouped by API area A:
 *   1000xxx gateway / request format / signature   1001xxx generic parameter errors
 *   1002xxx file direct upload (§4.5)               1003xxx accounts (§4.6, appendix)
 *   1004xxx templates (§4.7)                        1005xxx docs (§4.8)
 *   1006xxx sign flows (§4.9)                       1007xxx billing (§2.2–2.3)
 *
 * HTTP status: GUESS. §4.2 describes one JSON envelope for every answer, so business errors are
 * answered with HTTP 200 and `errCode != 0` — including gateway failures such as a bad signature.
 * Keep this the one place to change if the real gateway turns out to answer those differently.
 * decision: esign.errcode-catalogue, esign.http-200-always
 *
 * Messages are written in e签宝's style; `esignError(name, detail)` appends `: detail`
 * (e.g. `参数错误: docList[0].docId 不能为空`).
 */

import { defineCatalogue, type Catalogue, type CatalogueEntry } from '../shared/errors.ts';

const ALL = ['*'] as const;
const FILE_KEY_ROUTES = ['/template/createbyfilekey', '/doc/createbyfilekey'] as const;
const FLOW_ROUTES = ['/sign/execute', '/sign/revoke', '/sign/download', '/sign/docdetail'] as const;

/** The success envelope's `msg` (doc §4.9.2 / §4.9.3 examples: `{"errCode":0,"msg":"SUCCESS"}`). */
export const ESIGN_SUCCESS_MSG = 'SUCCESS';

export const esignErrors = {
  // ── 1000xxx gateway, request format, signature ────────────────────────────────────────────
  INTERNAL_ERROR: {
    errCode: 1000001,
    msg: '系统异常，请稍后重试',
    httpStatus: 200,
    section: '4.2',
    evidence: 'guess',
    note: 'Unexpected server failure; used by fault injection.',
    routes: ALL,
  },
  RATE_LIMITED: {
    errCode: 1000002,
    msg: '请求过于频繁，请稍后重试',
    httpStatus: 200,
    section: '4.2',
    evidence: 'guess',
    note: 'Throttling; not in the doc, used by fault injection.',
    routes: ALL,
  },
  CONTENT_TYPE_UNSUPPORTED: {
    errCode: 1000003,
    msg: 'Content-Type 仅支持 application/json',
    httpStatus: 200,
    section: '4.2',
    evidence: 'guess',
    note: 'Doc §4.2: "Content-Type 类型仅支持 application/json".',
    routes: ALL,
  },
  JSON_INVALID: {
    errCode: 1000004,
    msg: '请求体不是合法的 JSON',
    httpStatus: 200,
    section: '4.2',
    evidence: 'guess',
    note: 'Doc §4.2: request parameters are JSON. Empty or unparsable body.',
    routes: ALL,
  },
  METHOD_NOT_ALLOWED: {
    errCode: 1000005,
    msg: '请求方法不支持，仅支持 POST',
    httpStatus: 200,
    section: '4.2',
    evidence: 'guess',
    note: 'Doc §4.2: "所有接口均采用 HTTP POST 方式调用".',
    routes: ALL,
  },
  API_NOT_FOUND: {
    errCode: 1000006,
    msg: '接口不存在',
    httpStatus: 200,
    section: '4.4',
    evidence: 'guess',
    note: 'A path under the base path that is not one of the §4.4 APIs.',
    routes: ALL,
  },
  REQUEST_TOO_LARGE: {
    errCode: 1000007,
    msg: '请求体过大',
    httpStatus: 200,
    section: '4.2',
    evidence: 'guess',
    note:
      'The request body exceeds the simulator limit (createSimulator maxBodyBytes, default 20 MiB); ' +
      'refused before it is buffered.',
    routes: ALL,
  },
  PROJECT_ID_MISSING: {
    errCode: 1000101,
    msg: '项目 ID 不能为空',
    httpStatus: 200,
    section: '4.3.1.5',
    evidence: 'guess',
    note: 'Neither X-timevale-project-id nor the projectId URL parameter was sent.',
    routes: ALL,
  },
  PROJECT_NOT_FOUND: {
    errCode: 1000102,
    msg: '项目不存在',
    httpStatus: 200,
    section: '4.3.1.5',
    evidence: 'guess',
    note: 'Unknown project id (ProjectID, §3 第一步).',
    routes: ALL,
  },
  SIGNATURE_MISSING: {
    errCode: 1000103,
    msg: '签名不能为空',
    httpStatus: 200,
    section: '4.3.1.5',
    evidence: 'guess',
    note: 'Neither X-timevale-signature nor the signature URL parameter was sent.',
    routes: ALL,
  },
  SIGNATURE_MISMATCH: {
    errCode: 1000104,
    msg: '签名校验失败',
    httpStatus: 200,
    section: '4.3.1',
    evidence: 'guess',
    note: 'HMAC-SHA256 (lowercase hex) over the body bytes does not match (docs/vendor-notes.md, sdk).',
    routes: ALL,
  },
  SIGN_MODE_UNSUPPORTED: {
    errCode: 1000105,
    msg: '不支持的签名模式',
    httpStatus: 200,
    section: '4.3.1.5',
    evidence: 'guess',
    note:
      'X-timevale-mode other than package (and sort-parameters, which docs/vendor-notes.md lists as ' +
      'sdk).',
    routes: ALL,
  },

  // ── 1001xxx generic parameter errors ──────────────────────────────────────────────────────
  PARAM_MISSING: {
    errCode: 1001001,
    msg: '参数错误',
    httpStatus: 200,
    section: '4.4',
    evidence: 'guess',
    note: 'A required field (必选: 是) is absent or empty; detail names the field: "参数错误: flowId 不能为空".',
    routes: ALL,
  },
  PARAM_INVALID: {
    errCode: 1001002,
    msg: '参数错误',
    httpStatus: 200,
    section: '4.4',
    evidence: 'guess',
    note: 'A field has the wrong type or value and no more specific code; detail names the field.',
    routes: ALL,
  },

  // ── 1002xxx file direct upload (§4.5) ─────────────────────────────────────────────────────
  CONTENT_MD5_INVALID: {
    errCode: 1002001,
    msg: 'contentMd5 不合法，应为文件 MD5 摘要的 Base64 编码',
    httpStatus: 200,
    section: '4.5.1',
    evidence: 'guess',
    note: 'contentMd5 is not Base64 of a 16-byte digest.',
    routes: ['/file/uploadurl'],
  },
  FILE_SIZE_INVALID: {
    errCode: 1002002,
    msg: 'fileSize 不合法',
    httpStatus: 200,
    section: '4.5.1',
    evidence: 'guess',
    note: 'fileSize is not a positive integer (bytes), or exceeds the simulator limit.',
    routes: ['/file/uploadurl'],
  },
  FILE_KEY_NOT_FOUND: {
    errCode: 1002003,
    msg: '文件不存在',
    httpStatus: 200,
    section: '4.5.1',
    evidence: 'guess',
    note: 'fileKey was never issued by /file/uploadurl for this project.',
    routes: FILE_KEY_ROUTES,
  },
  FILE_NOT_UPLOADED: {
    errCode: 1002004,
    msg: '文件尚未上传成功',
    httpStatus: 200,
    section: '4.7.1',
    evidence: 'guess',
    note: 'Condition and wording from doc §4.7.1 / §4.8.1 ("会返回文件尚未上传成功的错误"); the code is a guess.',
    routes: FILE_KEY_ROUTES,
  },

  // ── 1003xxx accounts (§4.6, appendix) ─────────────────────────────────────────────────────
  ACCOUNT_NOT_FOUND: {
    errCode: 1003001,
    msg: '账户不存在',
    httpStatus: 200,
    section: '4.6',
    evidence: 'guess',
    note: 'An accountId (signer, initiatorAccountId, payer) unknown in this project.',
    routes: ['/sign/start'],
  },
  THIRD_ID_DUPLICATE: {
    errCode: 1003002,
    msg: 'thirdId 已存在',
    httpStatus: 200,
    section: '4.1',
    evidence: 'guess',
    note:
      'Doc §4.1: thirdId has a one-to-one relation to an e签宝 account, so a second account with the same ' +
      'thirdId is refused.',
    routes: ['/account/create/person/private', '/account/create/organize/private'],
  },
  THIRD_ID_NOT_FOUND: {
    errCode: 1003003,
    msg: 'thirdId 对应的账户不存在',
    httpStatus: 200,
    section: '4.6.3',
    evidence: 'guess',
    note: 'No account was created with this thirdId.',
    routes: ['/account/idexchange'],
  },
  THIRD_ID_INVALID: {
    errCode: 1003004,
    msg: 'thirdId 不合法，最大支持 50 个字节',
    httpStatus: 200,
    section: '4.6.1',
    evidence: 'guess',
    note: 'Doc §4.6.1/§4.6.2: "最大支持 50 个字节" (UTF-8 bytes).',
    routes: ['/account/create/person/private', '/account/create/organize/private'],
  },
  AGENT_ACCOUNT_NOT_FOUND: {
    errCode: 1003005,
    msg: '经办人账户不存在',
    httpStatus: 200,
    section: '4.6.2',
    evidence: 'guess',
    note: 'agentAccountId unknown in this project.',
    routes: ['/account/create/organize/private'],
  },
  AGENT_NOT_PERSON: {
    errCode: 1003006,
    msg: '经办人账户必须为个人账户',
    httpStatus: 200,
    section: '4.6.2',
    evidence: 'guess',
    note: 'Doc §4.6.2: the agent must be created with §4.6.1 (a person).',
    routes: ['/account/create/organize/private'],
  },
  ID_TYPE_INVALID: {
    errCode: 1003007,
    msg: '证件类型不支持',
    httpStatus: 200,
    section: '附录 个人账号证件类型',
    evidence: 'guess',
    note: 'idType / legalIdType not in the appendix table (13–21).',
    routes: ['/account/create/person/private', '/account/create/organize/private'],
  },
  ORGAN_TYPE_INVALID: {
    errCode: 1003008,
    msg: '企业证照类型不支持',
    httpStatus: 200,
    section: '附录 企业账号证照类型',
    evidence: 'guess',
    note: 'organType not in the appendix table (10, 11, 12).',
    routes: ['/account/create/organize/private'],
  },
  LEGAL_ID_TYPE_MISSING: {
    errCode: 1003009,
    msg: '填写企业法人证件号时，法人证件类型不能为空',
    httpStatus: 200,
    section: '4.6.2',
    evidence: 'guess',
    note: 'Doc §4.6.2: legalIdType "当证件号字段 legalIdNo 填写时, 该字段必填".',
    routes: ['/account/create/organize/private'],
  },
  ID_NO_INVALID: {
    errCode: 1003010,
    msg: '证件号格式不正确',
    httpStatus: 200,
    section: '4.6.1',
    evidence: 'guess',
    note:
      'Optional simulator check (e.g. 18-digit check digit for idType 19). Not in the schema: keep ' +
      'configurable.',
    routes: ['/account/create/person/private', '/account/create/organize/private'],
  },
  ORGAN_CODE_INVALID: {
    errCode: 1003011,
    msg: '企业证照号格式不正确',
    httpStatus: 200,
    section: '4.6.2',
    evidence: 'guess',
    note: 'Optional simulator check (e.g. check character of a unified social credit code for organType 11).',
    routes: ['/account/create/organize/private'],
  },

  // ── 1004xxx templates (§4.7) ──────────────────────────────────────────────────────────────
  TEMPLATE_NOT_FOUND: {
    errCode: 1004001,
    msg: '模板不存在',
    httpStatus: 200,
    section: '4.8.2',
    evidence: 'guess',
    note: 'templateId unknown in this project.',
    routes: ['/doc/createbytemplate'],
  },
  TEMPLATE_FILE_TYPE_UNSUPPORTED: {
    errCode: 1004002,
    msg: '文件类型不支持作为模板，目前仅支持 application/pdf 类型的模板',
    httpStatus: 200,
    section: '4.7.1',
    evidence: 'guess',
    note: 'Condition from doc §4.7.1 ("则会返回类型不支持的错误。目前仅支持 application/pdf"); code is a guess.',
    routes: ['/template/createbyfilekey'],
  },

  // ── 1005xxx docs (§4.8) ───────────────────────────────────────────────────────────────────
  DOC_NOT_FOUND: {
    errCode: 1005001,
    msg: '合同不存在',
    httpStatus: 200,
    section: '4.8.3',
    evidence: 'guess',
    note: 'docId unknown in this project (/doc/downloadurl, or docList / docPosList of /sign/start).',
    routes: ['/doc/downloadurl', '/sign/start'],
  },
  DOC_FILE_TYPE_UNSUPPORTED: {
    errCode: 1005002,
    msg: '文件类型不支持，目前仅支持 PDF 格式文档',
    httpStatus: 200,
    section: '1.4',
    evidence: 'guess',
    note: 'Doc §1.4 / §3 第四步: "目前仅支持上传 PDF 格式文档签署".',
    routes: ['/doc/createbyfilekey'],
  },
  DOC_FILE_CORRUPT: {
    errCode: 1005003,
    msg: '文件解析失败，请确认文件是有效的 PDF',
    httpStatus: 200,
    section: '4.8.1',
    evidence: 'guess',
    note:
      "Uploaded bytes declared application/pdf do not parse as a PDF, or are over sealsim's PDF bounds " +
      '(also at /sign/start, for a stored document whose keyword search is over them).',
    routes: [...FILE_KEY_ROUTES, '/sign/start'],
  },
  CHUNKED_FIELDS_INVALID: {
    errCode: 1005004,
    msg: 'chunkedFields 不合法，最多支持增加 10 页',
    httpStatus: 200,
    section: '4.8.2',
    evidence: 'guess',
    note: 'Doc §4.8.2: "最多支持增加 10 页". More than 10 chunks, or not an array.',
    routes: ['/doc/createbytemplate'],
  },
  CHUNK_CONTENT_TYPE_UNSUPPORTED: {
    errCode: 1005005,
    msg: '数据块类型不支持，目前支持 text/html、application/pdf',
    httpStatus: 200,
    section: '4.8.2',
    evidence: 'guess',
    note: 'chunkedFields[].contentType (or mimeType) not text/html or application/pdf (case-insensitive).',
    routes: ['/doc/createbytemplate'],
  },
  CHUNK_DATA_INVALID: {
    errCode: 1005006,
    msg: 'chunkedData 不是合法的 Base64 数据',
    httpStatus: 200,
    section: '4.8.2',
    evidence: 'guess',
    note: 'chunkedFields[].chunkedData is empty or not Base64.',
    routes: ['/doc/createbytemplate'],
  },
  CHUNK_PDF_INVALID: {
    errCode: 1005007,
    msg: '数据块 PDF 解析失败',
    httpStatus: 200,
    section: '4.8.2',
    evidence: 'guess',
    note: 'An application/pdf chunk decodes from Base64 but is not a PDF (simulator check).',
    routes: ['/doc/createbytemplate'],
  },

  // ── 1006xxx sign flows (§4.9) ─────────────────────────────────────────────────────────────
  FLOW_NOT_FOUND: {
    errCode: 1006001,
    msg: '签署流程不存在',
    httpStatus: 200,
    section: '4.9',
    evidence: 'guess',
    note: 'flowId unknown in this project.',
    routes: FLOW_ROUTES,
  },
  FLOW_STATUS_INVALID: {
    errCode: 1006002,
    msg: '当前流程状态不允许此操作',
    httpStatus: 200,
    section: '4.9.5',
    evidence: 'guess',
    note:
      'Fallback for any other operation the flow state forbids (e.g. a signer action on a flow that is ' +
      'not 签署中).',
    routes: FLOW_ROUTES,
  },
  FLOW_NOT_DRAFT: {
    errCode: 1006003,
    msg: '流程不是草稿状态，不能执行签署',
    httpStatus: 200,
    section: '4.9.2',
    evidence: 'guess',
    note: 'Decision: /sign/execute only on flowStatus 0 (草稿, autoInitiate=0).',
    routes: ['/sign/execute'],
  },
  FLOW_ALREADY_FINISHED: {
    errCode: 1006004,
    msg: '流程已结束，不能撤销',
    httpStatus: 200,
    section: '4.9.3',
    evidence: 'guess',
    note:
      'Decision: /sign/revoke allowed on 0 (草稿) and 1 (签署中); refused on 2–5 (doc §4.9.3: ' +
      '"终止正在进行中的签署流程").',
    routes: ['/sign/revoke'],
  },
  FLOW_NOT_FINISHED: {
    errCode: 1006005,
    msg: '流程尚未签署完成，不能下载签署文件',
    httpStatus: 200,
    section: '4.9.4',
    evidence: 'guess',
    note: 'Decision: /sign/download answers only for flowStatus 2 (已完成); 0, 1, 3, 4, 5 get this error.',
    routes: ['/sign/download'],
  },
  RECIPIENT_EMPTY: {
    errCode: 1006006,
    msg: '接收人信息至少有一个角色不为空',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note: 'Doc §4.9.1 recipientList: "至少有一个角色不为空" (signerList non-empty or signerAppAuto present).',
    routes: ['/sign/start'],
  },
  SIGN_DOC_NOT_IN_FLOW: {
    errCode: 1006007,
    msg: '签署位置中的合同不在本次签署的合同列表中',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note: 'A docPosList[].docId that is not in docList.',
    routes: ['/sign/start'],
  },
  KEYWORD_REQUIRED: {
    errCode: 1006008,
    msg: '关键字定位时关键字不能为空',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note: 'Doc §4.9.1 key: "若为关键字定位时，不可空" (signType 1).',
    routes: ['/sign/start'],
  },
  KEYWORD_NOT_FOUND: {
    errCode: 1006009,
    msg: '关键字在文档中不存在',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note: 'signType 1 and the keyword occurs nowhere in the document (simulator check at /sign/start).',
    routes: ['/sign/start'],
  },
  POS_PAGE_INVALID: {
    errCode: 1006010,
    msg: '签署页码格式不正确',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note:
      'posPage not in the format "1-3,5" (doc §4.9.1). The simulator may also use it when signType 2 ' +
      'has no posPage.',
    routes: ['/sign/start'],
  },
  PAGE_OUT_OF_RANGE: {
    errCode: 1006011,
    msg: '签署页码超出文档页数',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note: 'A posPage page beyond the document (simulator check).',
    routes: ['/sign/start'],
  },
  SIGN_ORDER_INVALID: {
    errCode: 1006012,
    msg: '签署顺序不合法',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note: 'signOrder not a positive integer (schema), or an order the simulator refuses.',
    routes: ['/sign/start'],
  },
  SIGN_VALIDITY_INVALID: {
    errCode: 1006013,
    msg: '签署截止时间不合法',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note:
      'signValidity not a millisecond timestamp (schema), or already in the past on the virtual clock ' +
      '(simulator).',
    routes: ['/sign/start'],
  },
  SIGNER_NOT_IN_FLOW: {
    errCode: 1006014,
    msg: '签署人不在该签署流程中',
    httpStatus: 200,
    section: '4.9.5',
    evidence: 'guess',
    note: 'A signer action (control API / signing page) for an account that is not a signer of the flow.',
    routes: [],
  },
  SIGNER_ALREADY_DONE: {
    errCode: 1006015,
    msg: '签署人已完成签署或已拒签',
    httpStatus: 200,
    section: '4.9.5',
    evidence: 'guess',
    note: 'A second signer action by the same signer (control API / signing page).',
    routes: [],
  },
  AUTHORIZATION_ORG_NOT_FOUND: {
    errCode: 1006016,
    msg: '授权企业不存在',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note: 'authorizationOrgId is not an organisation account of this project.',
    routes: ['/sign/start'],
  },
  AUTHORIZATION_ORG_NOT_AUTHORISED: {
    errCode: 1006017,
    msg: '签署人未获得该企业的代理签署授权',
    httpStatus: 200,
    section: '4.9.1',
    evidence: 'guess',
    note: 'The signer is not the agent (经办人) of authorizationOrgId (doc §4.1 item 7: 企业经办人唯一).',
    routes: ['/sign/start'],
  },

  // ── 1007xxx billing (§2.2–2.3) ────────────────────────────────────────────────────────────
  QUOTA_INSUFFICIENT: {
    errCode: 1007001,
    msg: '套餐余额不足',
    httpStatus: 200,
    section: '2.3',
    evidence: 'guess',
    note:
      'Doc §2.2–2.3: the payer package is frozen at /sign/start (or execute); "套餐余额不足" refuses the ' +
      'start.',
    routes: ['/sign/start', '/sign/execute'],
  },
  QUOTA_EXPIRED: {
    errCode: 1007002,
    msg: '套餐已到期',
    httpStatus: 200,
    section: '2.3',
    evidence: 'guess',
    note: 'Doc §2.3: "套餐余额不足或套餐到期，将无法发起…签署任务".',
    routes: ['/sign/start', '/sign/execute'],
  },
} as const satisfies Record<string, CatalogueEntry>;

export type EsignErrorName = keyof typeof esignErrors;

/**
 * The catalogue the simulator throws from (`esignCatalogue.fail(name, detail)`) and fault
 * injection resolves `vendorError` through. A detail is text appended to the message.
 */
export const esignCatalogue: EsignCatalogue = defineCatalogue<typeof esignErrors, string>(esignErrors);

/** Declared, so that `esignCatalogue.fail(...)` narrows like any `never` call. */
export type EsignCatalogue = Catalogue<EsignErrorName, (typeof esignErrors)[EsignErrorName], string>;

export interface EsignErrorEnvelope {
  errCode: number;
  msg: string;
}

/** The catalogue entry's name for a numeric code, or undefined. */
export function esignErrorName(code: number): EsignErrorName | undefined {
  return esignCatalogue.find(code)?.name;
}

/** Looks an entry up by name or code (as fault rules give `vendorError`). */
export function findEsignError(nameOrCode: string | number) {
  // A code given as text may carry leading zeros ("01000001"): it is still that number.
  const key = typeof nameOrCode === 'string' && /^\d+$/.test(nameOrCode) ? Number(nameOrCode) : nameOrCode;
  return esignCatalogue.find(key);
}

/**
 * The failure envelope `{errCode, msg}` for a catalogue entry. A string `detail` is appended
 * (`参数错误: flowId 不能为空`); `{ msg }` replaces the message entirely.
 */
export function esignError(name: EsignErrorName, detail?: string | { msg: string }): EsignErrorEnvelope {
  const e = esignErrors[name];
  const msg = detail === undefined ? e.msg : typeof detail === 'string' ? `${e.msg}: ${detail}` : detail.msg;
  return { errCode: e.errCode, msg };
}

/** The success envelope `{errCode: 0, msg: 'SUCCESS', data?}`; `data` is omitted when undefined. */
export function esignOk<T>(data?: T): { errCode: 0; msg: string; data?: T } {
  return data === undefined
    ? { errCode: 0, msg: ESIGN_SUCCESS_MSG }
    : { errCode: 0, msg: ESIGN_SUCCESS_MSG, data };
}
