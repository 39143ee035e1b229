/**
 * 保全网 (baoquan) error catalogue.
 *
 * Every failure is answered with a non-200 HTTP status and the body
 * `{"request_id": "...", "message": "...", "timestamp": <epoch ms>}` (docs/vendor-notes.md, sdk). The SDKs
 * treat ANY status other than 200 as an error and read only `message` and `timestamp` (PHP
 * throws "Unknown error" unless both are set; Java maps the body onto ExceptionResponse), so the
 * catalogue's job is the exact `message` text and the status.
 *
 * Statuses (sdk, the vendor's response.rst): 400 bad parameter, 404 unknown path, 405 wrong
 * method, 413 body too large, 429 too many requests, 500 failure (e.g. the signature check).
 *
 * Evidence of an entry is the evidence for its MESSAGE TEXT:
 * - `sdk`: asserted verbatim by the vendor's own SDK tests (java-sdk, php-sdk, python-sdk);
 * - `doc`: the sentence is in the vendor document;
 * - `guess`: the condition is documented (or implied) but the text is sealsim's. Guessed texts
 *   follow the vendor's two styles: Chinese for business and gateway failures
 *   (保全不存在, 数字签名校验失败), English for data validation (`invalid data : …`).
 *
 * Messages may hold `{placeholders}`; `baoquanErrorMessage(name, params)` fills them, e.g.
 * `baoquanErrorMessage('FACTOID_FIELD_REQUIRED', { type: 'user', field: 'phone_number' })` →
 * `invalid data : user.phone_number required`.
 *
 * Entries are the shared `CatalogueEntry` (contracts/shared/errors.ts), keyed by name. baoquan
 * has no codes, so there is no `errCode`: the name stands in (the spec and the fidelity report
 * list it as the code). `routes` are paths under the base path, as the contract's routes.
 * `baoquanCatalogue` throws them (`fail`) as the `VendorError` the simulator renders.
 */
import { defineCatalogue, type Catalogue, type CatalogueEntry } from '../shared/errors.ts';

const ALL = ['*'] as const;
const CREATE = ['/attestations', '/attestations/hash', '/attestation/hash'] as const;
const WITH_FACTOIDS = ['/attestations', '/attestations/hash', '/attestation/hash', '/factoids'] as const;
const WITH_ATTACHMENTS = ['/attestations', '/factoids'] as const;
const HASH = ['/attestations/hash', '/attestation/hash'] as const;
const BY_ANO = ['/factoids', '/attestation', '/attestation/download'] as const;
const CONTRACT_FLOW = ['/contract/setDetail', '/contract/verifyCode', '/contract/sign'] as const;
const SIGNING = ['/contract/verifyCode', '/contract/sign'] as const;

export const baoquanErrors = {
  // ── gateway: path, method, size, rate, server ───────────────────────────────────────────────
  API_NOT_FOUND: {
    httpStatus: 404,
    msg: '请求路径不存在',
    section: 'response (404)',
    evidence: 'guess',
    note:
      'A path under /api/v1 or /api/v2 that is not a documented API (status: sdk; text from the ' +
      "vendor's status table).",
    routes: ALL,
  },
  API_VERSION_NOT_SIMULATED: {
    httpStatus: 404,
    msg: '请求路径不存在: sealsim 不模拟 /api/{version}，请使用 /api/v2 或 /api/v1',
    section: 'response (404)',
    evidence: 'guess',
    note:
      'A path under /api/v3 (the default of the current php and java SDKs, on api.baoquan.com): its ' +
      'paths, payloads and answers differ from the document, so sealsim does not serve it. ' +
      'decision: baoquan.api-v3-not-simulated',
    routes: ALL,
  },
  METHOD_NOT_ALLOWED: {
    httpStatus: 405,
    msg: '请求方法错误',
    section: 'request (所有的请求均为HTTP POST方法)',
    evidence: 'guess',
    note: 'A documented API called with a method other than POST.',
    routes: ALL,
  },
  REQUEST_TOO_LARGE: {
    httpStatus: 413,
    msg: '请求数据过大',
    section: 'response (413)',
    evidence: 'guess',
    note: 'The body exceeds the simulator limit (maxBodyBytes); refused before it is buffered.',
    routes: ALL,
  },
  RATE_LIMITED: {
    httpStatus: 429,
    msg: '请求次数太多',
    section: 'response (429)',
    evidence: 'guess',
    note: 'Throttling; used by fault injection.',
    routes: ALL,
  },
  INTERNAL_ERROR: {
    httpStatus: 500,
    msg: '服务器内部错误',
    section: 'response (500)',
    evidence: 'guess',
    note: 'Unexpected failure; used by fault injection.',
    routes: ALL,
  },

  // ── the form envelope: parts, tonce, access key, signature ──────────────────────────────────
  CONTENT_TYPE_UNSUPPORTED: {
    httpStatus: 400,
    msg: '请求必须为multipart/form-data格式',
    section: 'request',
    evidence: 'guess',
    note:
      'The body is neither multipart/form-data nor application/x-www-form-urlencoded. (The python SDK ' +
      'posts urlencoded when a call has no file: requests only builds multipart when `files` is ' +
      'non-empty — so both are accepted.)',
    routes: ALL,
  },
  PART_MISSING: {
    httpStatus: 400,
    msg: '{part} can not be empty',
    section: 'request',
    evidence: 'guess',
    note:
      'One of the five text parts request_id, access_key, tonce, payload, signature is absent or empty; ' +
      'checked in that order.',
    routes: ALL,
  },
  PART_INVALID: {
    httpStatus: 400,
    msg: 'invalid parameter : {part}',
    section: 'request',
    evidence: 'guess',
    note: 'tonce is not an integer (Unix seconds).',
    routes: ALL,
  },
  REQUEST_ID_TOO_LONG: {
    httpStatus: 400,
    msg: 'request_id长度不能超过{max}位',
    section: 'request',
    evidence: 'guess',
    note:
      "The vendor's request.rst says at most 32 characters, but every SDK sends a 36-character UUID; " +
      'sealsim accepts up to BAOQUAN_REQUEST_ID_MAX (64, configurable) and refuses longer.',
    routes: ALL,
  },
  REQUEST_ID_REPEATED: {
    httpStatus: 400,
    msg: 'request_id重复，请求无效',
    section: 'request',
    evidence: 'guess',
    note:
      'request_id (request.rst: 由接入客户创建唯一字符串) was already used by this access key in a signed ' +
      'request whose tonce is still inside the ±300 s window: a replay. decision: baoquan.request-id-replay',
    routes: ALL,
  },
  ACCESS_KEY_UNKNOWN: {
    httpStatus: 400,
    msg: 'access_key不存在',
    section: 'request',
    evidence: 'guess',
    note: 'No tenant registered this access_key (with its RSA public key).',
    routes: ALL,
  },
  TONCE_OUT_OF_RANGE: {
    httpStatus: 400,
    msg: 'tonce与服务器时间相差超过300秒，请求无效',
    section: 'request',
    evidence: 'guess',
    note:
      'tonce (Unix seconds) is more than BAOQUAN_TONCE_WINDOW_SECONDS (300) away from the simulator ' +
      'clock (request.rst: 不得超过正负300秒).',
    routes: ALL,
  },
  SIGNATURE_INVALID: {
    httpStatus: 500,
    msg: '数字签名校验失败',
    section: 'request (签名)',
    evidence: 'sdk',
    note:
      'SHA256withRSA over "POST" + path + request_id + access_key + tonce + payload (the raw payload ' +
      "string as sent) does not verify with the access key's public key. The vendor's own example " +
      'answers it with 500.',
    routes: ALL,
  },
  PAYLOAD_NOT_JSON: {
    httpStatus: 400,
    msg: 'payload不是合法的JSON字符串',
    section: 'request',
    evidence: 'guess',
    note:
      'The payload part does not parse as JSON (checked after the signature, which is over the raw ' +
      'string).',
    routes: ALL,
  },

  // ── payload fields (zod) ────────────────────────────────────────────────────────────────────
  PARAM_MISSING: {
    httpStatus: 400,
    msg: '{field} can not be empty',
    section: 'payload',
    evidence: 'guess',
    note:
      'A required payload field (必选) is absent, null or empty; field is the path, e.g. payload.ano. The ' +
      'text mirrors the SDKs\' own client-side checks ("payload.ano can not be empty").',
    routes: ALL,
  },
  PARAM_INVALID: {
    httpStatus: 400,
    msg: 'invalid parameter : {field}',
    section: 'payload',
    evidence: 'guess',
    note:
      'A payload field has the wrong type or value (e.g. ecs_status not DONE/CANCEL/REJECT, type not ' +
      'PERSONAL/ENTERPRISE).',
    routes: ALL,
  },

  // ── attestations (/attestations, /factoids, /attestation/hash, /attestation) ─────────────────
  TEMPLATE_NOT_FOUND: {
    httpStatus: 400,
    msg: '模板不存在',
    section: '/attestations',
    evidence: 'sdk',
    note:
      'Unknown template_id (java/python SDK tests). The newest php-sdk test expects "Template does not ' +
      'exist!" instead (see contradictions).',
    routes: [...CREATE, '/contract/sign'],
  },
  ATTESTATION_NOT_FOUND: {
    httpStatus: 400,
    msg: '保全不存在',
    section: '/factoids, /attestation',
    evidence: 'sdk',
    note: 'Unknown ano, or an ano of another access key (SDK tests: addFactoids, getAttestation).',
    routes: BY_ANO,
  },
  ATTESTATION_COMPLETED: {
    httpStatus: 400,
    msg: '保全已完成,不能继续追加陈述',
    section: '/factoids',
    evidence: 'sdk',
    note:
      'Factoids sent to an attestation whose completed is true (doc: 一旦completed设置为true，则不再接受陈述上传). ' +
      'Note the ASCII comma.',
    routes: ['/factoids'],
  },
  FACTOID_TYPE_UNKNOWN: {
    httpStatus: 400,
    msg: 'invalid factoid type: {type} corresponding schema not exist',
    section: '/attestations (note)',
    evidence: 'sdk',
    note:
      'A factoid whose type the template lacks (doc: 上传了模板中没有的陈述对象). Checked on every upload, completed ' +
      'or not.',
    routes: [...WITH_FACTOIDS, '/contract/sign'],
  },
  FACTOID_FIELD_REQUIRED: {
    httpStatus: 400,
    msg: 'invalid data : {type}.{field} required',
    section: '/attestations (note)',
    evidence: 'sdk',
    note:
      'Once completed is true, a required field is absent or empty in a factoid of that type, or a ' +
      'required factoid type was never uploaded (then field is its first required field). See ' +
      'validateFactoidData.',
    routes: [...WITH_FACTOIDS, '/contract/sign'],
  },
  FACTOID_FIELD_FORMAT: {
    httpStatus: 400,
    msg: 'invalid data : {type}.{field} should be {fieldType}',
    section: '/attestations (note)',
    evidence: 'guess',
    note:
      'A field value does not fit its template type (doc: ' +
      '模板中要求user.money是int型，但是上传的user.money值是"$100"). Checked on every upload.',
    routes: [...WITH_FACTOIDS, '/contract/sign'],
  },
  ATTACHMENT_FACTOID_INDEX: {
    httpStatus: 400,
    msg: 'invalid attachments: factoid index {index} not exist',
    section: '/attestations (附件)',
    evidence: 'guess',
    note:
      'A key of payload.attachments, or a part attachments[i][], names no factoid of this upload (keys ' +
      'are indexes into factoids).',
    routes: WITH_ATTACHMENTS,
  },
  CHECKSUM_MISMATCH: {
    httpStatus: 400,
    msg: 'invalid attachments: checksum of attachments[{index}] not match',
    section: '/attestations (附件)',
    evidence: 'guess',
    note:
      'For factoid index i, the checksums listed in payload.attachments["i"] and the SHA-256 (hex) of ' +
      'the files sent as attachments[i][] differ (count or value).',
    routes: WITH_ATTACHMENTS,
  },
  SIGN_ATTACHMENT_NOT_PDF: {
    httpStatus: 400,
    msg: '只有pdf附件才能进行电子签名',
    section: '/attestations (附件)',
    evidence: 'doc',
    note:
      'An attachment entry with `sign` is not a PDF (judged by the bytes: %PDF-; the Java SDK sends ' +
      'every file as application/octet-stream).',
    routes: WITH_ATTACHMENTS,
  },
  CA_NOT_FOUND: {
    httpStatus: 400,
    msg: 'ca证书不存在: {caId}',
    section: '/attestations (附件), /cas',
    evidence: 'guess',
    note: 'A key of `sign` is not a caId issued by /cas to this access key.',
    routes: WITH_ATTACHMENTS,
  },
  SIGN_KEYWORD_NOT_FOUND: {
    httpStatus: 400,
    msg: '签章关键字不存在: {keyword}',
    section: '/attestations (附件)',
    evidence: 'guess',
    note: "A signing keyword does not occur in the PDF's text.",
    routes: WITH_ATTACHMENTS,
  },
  SIGN_KEYWORD_NOT_UNIQUE: {
    httpStatus: 400,
    msg: '签章关键字不唯一: {keyword}',
    section: '/attestations (附件)',
    evidence: 'guess',
    note: 'A signing keyword occurs more than once in the PDF (doc: 关键字要保证唯一，不能跟正文内容重复).',
    routes: WITH_ATTACHMENTS,
  },
  SHA256_INVALID: {
    httpStatus: 400,
    msg: 'invalid sha256 hash!',
    section: '保全（sha256） - /attestation/hash',
    evidence: 'guess',
    note: "sha256 is not 64 hex characters. The text is the Java SDK's own client-side check (checkSha256).",
    routes: HASH,
  },
  TEMPLATE_NOT_FILE_HASH: {
    httpStatus: 400,
    msg: '模板必须为系统提供的文件HASH模板的子模板',
    section: '保全（sha256） - /attestation/hash (note)',
    evidence: 'doc',
    note:
      'template_id exists but is not derived from the system file-hash template (doc: ' +
      '调用该接口时，模板必须为系统提供的文件HASH模板的子模板).',
    routes: HASH,
  },
  HASH_ATTACHMENTS_NOT_ALLOWED: {
    httpStatus: 400,
    msg: '该接口不接收附件',
    section: '保全（sha256） - /attestation/hash (note)',
    evidence: 'doc',
    note:
      'A file part, or a non-empty payload.attachments, on /attestations/hash (the Java SDK always ' +
      'sends "attachments": {} — empty is fine).',
    routes: HASH,
  },
  HASH_ATTESTATION_NO_FACTOIDS: {
    httpStatus: 400,
    msg: '文件HASH上传只允许上传一次，不可追加陈述',
    section: '保全（sha256） - /attestation/hash (note)',
    evidence: 'doc',
    note: '/factoids on an attestation created by /attestations/hash.',
    routes: ['/factoids'],
  },

  // ── /cas ────────────────────────────────────────────────────────────────────────────────────
  SEAL_REQUIRED: {
    httpStatus: 400,
    msg: 'seal can not be null when ca type is enterprise',
    section: '申请ca证书 - /cas',
    evidence: 'sdk',
    note:
      'type ENTERPRISE without a `seal` file part (python SDK test; the java/php SDKs check it ' +
      'client-side with the same text).',
    routes: ['/cas'],
  },
  SEAL_EXTENSION_INVALID: {
    httpStatus: 400,
    msg: 'seal file name extension must be png or jpg',
    section: '申请ca证书 - /cas',
    evidence: 'sdk',
    note: "The seal part's file name does not end in png or jpg (php/java SDK tests).",
    routes: ['/cas'],
  },

  // ── contract signing (/contract/*) ──────────────────────────────────────────────────────────
  SIGNATURE_IMAGE_COUNT: {
    httpStatus: 400,
    msg: '暂只支持单个签章图片',
    section: '上传签章图片 - /contract/signature',
    evidence: 'doc',
    note: 'Not exactly one file part attachments[0][] (doc: 暂只支持单个签章图片).',
    routes: ['/contract/signature'],
  },
  SIGNATURE_IMAGE_NOT_PNG: {
    httpStatus: 400,
    msg: '签章图片必须是png格式',
    section: '上传签章图片 - /contract/signature',
    evidence: 'guess',
    note: 'The file is not a PNG (judged by the bytes; doc: 附件必须是png格式).',
    routes: ['/contract/signature'],
  },
  SIGNATURE_NOT_FOUND: {
    httpStatus: 400,
    msg: '签章图片不存在',
    section: '设置默认签章图片 - /contract/signature/default',
    evidence: 'guess',
    note: 'signature_id (or signatureId) is not an image this access key uploaded.',
    routes: ['/contract/signature/default', '/contract/signature/delete', '/contract/sign'],
  },
  DEFAULT_SIGNATURE_MISSING: {
    httpStatus: 400,
    msg: '请先上传并设置默认签章图片',
    section: '签署合同 - /contract/sign',
    evidence: 'guess',
    note:
      'ecs_status DONE by the signer whose seal image is needed, but no default signature image is set ' +
      '(and none was uploaded).',
    routes: ['/contract/sign'],
  },
  CONTRACT_PDF_COUNT: {
    httpStatus: 400,
    msg: '暂只支持单个合同',
    section: '上传合同 - /contract/uploadPdf',
    evidence: 'doc',
    note: 'Not exactly one file part attachments[0][] (doc: 暂只支持单个合同).',
    routes: ['/contract/uploadPdf'],
  },
  CONTRACT_NOT_PDF: {
    httpStatus: 400,
    msg: '合同附件必须是pdf格式',
    section: '上传合同 - /contract/uploadPdf',
    evidence: 'guess',
    note: 'The file is not a PDF (judged by the bytes; doc: 附件必须是pdf格式).',
    routes: ['/contract/uploadPdf'],
  },
  CONTRACT_NOT_FOUND: {
    httpStatus: 400,
    msg: '合同不存在',
    section: '/contract/setDetail',
    evidence: 'guess',
    note: 'Unknown contract_id, or a contract of another access key.',
    routes: [...CONTRACT_FLOW, '/contract/detail', '/contract/download'],
  },
  CONTRACT_DETAIL_MISSING: {
    httpStatus: 400,
    msg: '请先设置合同信息',
    section: '/contract/verifyCode',
    evidence: 'guess',
    note:
      'verifyCode or sign before /contract/setDetail (the flowsheet: upload → setDetail → verifyCode → ' +
      'sign).',
    routes: SIGNING,
  },
  END_AT_EXPIRED: {
    httpStatus: 400,
    msg: '合同截止时间不能早于当前时间',
    section: '设置合同相关信息 - /contract/setDetail',
    evidence: 'guess',
    note: 'end_at (parsed by parseBaoquanEndAt) is not in the future.',
    routes: ['/contract/setDetail'],
  },
  CONTRACT_EXPIRED: {
    httpStatus: 400,
    msg: '合同已过截止时间',
    section: '/contract/sign',
    evidence: 'guess',
    note: "verifyCode or sign after the contract's end_at.",
    routes: SIGNING,
  },
  CONTRACT_ENDED: {
    httpStatus: 400,
    msg: '合同已结束',
    section: '/contract/sign',
    evidence: 'guess',
    note:
      'The contract is already finished (all signed), cancelled or rejected; also setDetail after the ' +
      'first signature.',
    routes: CONTRACT_FLOW,
  },
  PHONE_NOT_REGISTERED: {
    httpStatus: 400,
    msg: '签署人未注册: {phone}',
    section: '设置合同相关信息 - /contract/setDetail',
    evidence: 'guess',
    note: 'A userPhones entry is not a user of baoquan (doc: 签署人必须在保全网已注册且实名; /users/kyc registers one).',
    routes: ['/contract/setDetail'],
  },
  PHONE_NOT_KYC: {
    httpStatus: 400,
    msg: '签署人未实名认证: {phone}',
    section: '设置合同相关信息 - /contract/setDetail',
    evidence: 'guess',
    note: 'A userPhones entry is registered but not real-name verified.',
    routes: ['/contract/setDetail'],
  },
  SIGNER_NOT_IN_CONTRACT: {
    httpStatus: 400,
    msg: '该手机号不是合同签署人: {phone}',
    section: '/contract/verifyCode',
    evidence: 'guess',
    note: "phone is neither the creator (the access key's organisation creator) nor in userPhones.",
    routes: SIGNING,
  },
  SIGN_ORDER_WRONG: {
    httpStatus: 400,
    msg: '请按签署顺序签署，当前签署人: {phone}',
    section: '发送验证码 - /contract/verifyCode',
    evidence: 'guess',
    note:
      'phone is a signer but not the next one (doc: 创建人第一，其次是设置合同时列表的顺序); {phone} is the signer whose ' +
      'turn it is.',
    routes: SIGNING,
  },
  SIGNER_ALREADY_SIGNED: {
    httpStatus: 400,
    msg: '该签署人已签署: {phone}',
    section: '/contract/sign',
    evidence: 'guess',
    note: 'DONE (or a new verify code) for a signer who already signed.',
    routes: SIGNING,
  },
  VERIFY_CODE_WRONG: {
    httpStatus: 400,
    msg: '验证码错误',
    section: '签署合同 - /contract/sign',
    evidence: 'guess',
    note: 'verify_code is not the last code sent to phone for this contract (or none was sent).',
    routes: ['/contract/sign'],
  },
  VERIFY_CODE_EXPIRED: {
    httpStatus: 400,
    msg: '验证码已过期',
    section: '签署合同 - /contract/sign',
    evidence: 'guess',
    note: "The code is older than the simulator's code lifetime (guess, configurable), or was already used.",
    routes: ['/contract/sign'],
  },
  CANCEL_NOT_INITIATOR: {
    httpStatus: 400,
    msg: '只有发起人才能取消合同',
    section: '签署合同 - /contract/sign',
    evidence: 'guess',
    note: 'ecs_status CANCEL by a phone other than the creator (doc: 取消只能发起人取消).',
    routes: ['/contract/sign'],
  },
} as const satisfies Record<string, CatalogueEntry>;

export type BaoquanErrorName = keyof typeof baoquanErrors;
export type BaoquanErrorEntry = (typeof baoquanErrors)[BaoquanErrorName];

/** Values for a message's `{placeholders}`. */
export type BaoquanErrorParams = Readonly<Record<string, string | number>>;

/**
 * The catalogue: `baoquanCatalogue.fail(name, params)` throws, the simulator renders. Typed
 * explicitly so that `fail(...)` narrows at call sites (it returns never).
 */
export const baoquanCatalogue: Catalogue<BaoquanErrorName, BaoquanErrorEntry, BaoquanErrorParams> =
  defineCatalogue<typeof baoquanErrors, BaoquanErrorParams>(baoquanErrors);

/** The error body every failure carries (docs/vendor-notes.md, sdk). `timestamp` is epoch milliseconds. */
export interface BaoquanErrorBody {
  request_id: string;
  message: string;
  timestamp: number;
}

/**
 * The catalogue message of `name` with its `{placeholders}` filled (unknown placeholders stay as written).
 */
export function baoquanErrorMessage(name: BaoquanErrorName, params: BaoquanErrorParams = {}): string {
  return baoquanErrors[name].msg.replace(/\{(\w+)\}/g, (all, key: string) =>
    Object.hasOwn(params, key) ? String(params[key]) : all,
  );
}

/** The placeholders a catalogue message takes, e.g. ['type', 'field'] for FACTOID_FIELD_REQUIRED. */
export function baoquanErrorPlaceholders(name: BaoquanErrorName): string[] {
  return [...baoquanErrors[name].msg.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/**
 * The error body. `request_id` echoes the request's part when there was one, else "" (guess: the
 * SDKs never read it from an error); `message` and `timestamp` are always set, because the PHP SDK
 * reports "Unknown error" unless both are.
 * decision: baoquan.error-request-id
 */
export function baoquanErrorBody(
  requestId: string | null | undefined,
  message: string,
  timestamp: number,
): BaoquanErrorBody {
  return { request_id: requestId ?? '', message, timestamp: Math.trunc(timestamp) };
}

export interface BaoquanErrorOptions {
  /** The request's request_id part, if it had one. */
  requestId?: string | null;
  /** Epoch ms of the simulator clock. */
  now: number;
  /** Values for the message's placeholders. */
  params?: BaoquanErrorParams;
  /** Replaces the catalogue text entirely (e.g. a configured alternative). */
  message?: string;
}

/** Status and body of a catalogue error. */
export function baoquanError(
  name: BaoquanErrorName,
  opts: BaoquanErrorOptions,
): { name: BaoquanErrorName; status: number; body: BaoquanErrorBody } {
  const message = opts.message ?? baoquanErrorMessage(name, opts.params);
  return {
    name,
    status: baoquanErrors[name].httpStatus,
    body: baoquanErrorBody(opts.requestId, message, opts.now),
  };
}

/** The JSON body as the vendor sends it: `application/json;charset=UTF-8`. */
export const BAOQUAN_JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** A ready `Response` for a catalogue error. */
export function baoquanErrorResponse(name: BaoquanErrorName, opts: BaoquanErrorOptions): Response {
  const { status, body } = baoquanError(name, opts);
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': BAOQUAN_JSON_CONTENT_TYPE },
  });
}

/** Looks an entry up by name (as fault rules give `vendorError`), or by its exact message text. */
export function findBaoquanError(
  nameOrMessage: string,
): (BaoquanErrorEntry & { name: BaoquanErrorName }) | undefined {
  const byName = baoquanCatalogue.find(nameOrMessage);
  if (byName) return byName;
  const name = baoquanCatalogue.names.find((n) => baoquanErrors[n].msg === nameOrMessage);
  return name === undefined ? undefined : baoquanCatalogue.find(name);
}

/** True for a body shaped like a baoquan error (message string and numeric timestamp). */
export function isBaoquanErrorBody(x: unknown): x is BaoquanErrorBody {
  return (
    !!x &&
    typeof x === 'object' &&
    typeof (x as { message?: unknown }).message === 'string' &&
    typeof (x as { timestamp?: unknown }).timestamp === 'number'
  );
}
