/**
 * 云合同 摘要签署 V2.4.1 (yunhetong-digest) error catalogue.
 *
 * SOURCE. The doc's 错误码对应表 (§5.7), every row, with its text verbatim (`YHT_CODE_TABLE`), plus
 * the codes that only the doc's failure examples show (20001 用户无权限 / 修改的 userName 与当前值一致,
 * 20003 系统异常, 10205 数据标识已存在, 10206 无存证数据, and 20207 认证号码(…)已经存在 — see
 * contradictions.ts). Messages are the doc's text, spaces included ("合同文件%s 不存在", "验证码超过 15
 * 分钟"): the spaces around Latin text may be artefacts of the doc's PDF conversion, but the doc is
 * the only source, so sealsim answers it verbatim.
 *
 * ENVELOPE. Every answer is `{"code", "msg", "data"?}` (doc §5.3–§5.6): success is `code 200` with
 * `msg: true` (`"成功"` for /auth/login), a failure is `code != 200` with the message in `msg`
 * ("非 200 都是失败，具体说明参照错误码对应表", §5.3.1).
 *
 * HTTP STATUS: 200 for every answer, failures included — 401/402/403 too. Evidence:
 * - doc: the failures are shown as the response body, with the code inside it (§5.3.1 "接口返回 …
 *   失败示例 {"code": 201, …}"), never as an HTTP status;
 * - sdk: public third-party clients of the vendor's sibling cloud API (api.yunhetong.com/api/, the
 *   same /auth/login, /user/person, /user/signerId/certifyNums and PATCH /user/personNameAndPhone)
 *   never read the HTTP status: a PHP Guzzle client (which throws on any 4xx/5xx by default) tests
 *   `$result['code'] != 200` after /auth/login, i.e. a failed login arrives as HTTP 200; a Java
 *   HttpClient helper parses every body as the envelope; a Go client decodes `{code, msg}` with
 *   `msg` as raw JSON (it is `true` on success, a string on failure).
 * - guess: that the deployed war does the same for 401/402/403 (a Spring exception handler
 *   answering the envelope). The codes equal HTTP statuses, so the simulator keeps a switch
 *   (`authErrorsAsHttpStatus`, control.ts) that answers 401/402/403 with that HTTP status and the
 *   same envelope; the client (clients/yunhetong-digest) handles both.
 *
 * MESSAGES WITH DETAIL. `%s` in `msg` is filled by `yunhetongDigestError(name, detail)`; for an
 * entry without `%s`, a string detail REPLACES `msg` — as the doc does for 201 ("会根据具体参数给出不
 * 同提示": "signerId 格式不正确", "印章 id 为空", "文件保存类型非法") and 20110 ("会根据提示签署失败的
 * 具体原因，如：合同保存失败"). `variants` lists the alternatives one table cell names
 * ("令牌已过期、令牌无效"): answer the one that applies.
 *
 * `evidence` is for the CODE AND MESSAGE. When the doc names a code without saying when it is
 * answered, the note says which condition sealsim assigns to it and marks that as a guess.
 */
import { defineCatalogue, type Catalogue, type CatalogueEntry } from '../shared/errors.ts';
import {
  YHT_API_PATHS,
  YHT_LOCAL_PATH_READERS,
  YHT_PATHS as P,
  YHT_SIGN_PATHS,
  YHT_TOKEN_PATHS,
  YHT_VERIFY_CODE_SIGN_PATHS,
} from './paths.ts';

/** A shared catalogue entry (contracts/shared/errors.ts) plus the doc's text and a cell's variants. */
export interface YunhetongDigestErrorEntry extends CatalogueEntry {
  /** The envelope's `code`. NOT unique: 20001 and 20207 each carry two meanings (see contradictions.ts). */
  errCode: number;
  /** The doc's text for this code, verbatim (the 说明 column of §5.7, or the failure example). */
  docText: string;
  /** Alternatives one cell names; answer the one that applies. */
  variants?: readonly string[];
  /** '5.7' is the code table; others are the API whose failure example shows it. */
  section: string;
  /** When sealsim answers it. */
  note: string;
  /** API paths (relative to the context path) that can answer it. */
  routes: readonly string[];
}

/** §5.7 错误码对应表, every row, verbatim (the 说明 column). */
export const YHT_CODE_TABLE: ReadonlyArray<readonly [code: number, text: string]> = [
  [200, '请求成功'],
  [201, '参数类型不匹配(会根据具体参数给出不同提示)'],
  [401, '令牌已过期、令牌无效'],
  [402, '登录失败，appId 或 appKey 错误'],
  [403, '无访问权限'],
  [408, '等待响应超时'],
  [500, '系统异常（服务器未知异常）'],
  [501, '该功能不可用（需人工干预）'],
  [502, '无法正常接收服务返回消息(请求服务失败)'],
  [503, '临时服务发布或过载'],
  [504, '网关超时'],
  [20100, '合同文件%s 不存在'],
  [20101, '合同文件读取失败'],
  [20107, '未通过验证码校验'],
  [20108, '验证码超过 15 分钟'],
  [20110, '签署失败(会根据提示签署失败的具体原因，如：合同保存失败)'],
  [20116, '合同自定义编号已存在'],
  [20201, '手机号不存在'],
  [20202, '不能使用他人印模/印模状态未知'],
  [20203, '印模已删除'],
  [20204, '用户未创建印模'],
  [20205, '印模不存在/印模数据获取失败/印模 base64 转 byte 数组失败'],
  [20206, '用户不存在'],
  [20207, '应用未上线'],
  [20208, '用户名已被注册'],
  [20209, '证件号已被注册'],
  [20210, '未开通证书服务'],
  [20300, '应用未上线'],
  [20301, '应用不存在'],
  [20302, '应用购买量已用完'],
  [20303, '未购买存证服务'],
  [20304, '未购买短信验证服务'],
  [100603, '号码非法'],
  [100608, '短信平台异常'],
  [100609, '验证码为空'],
  [100610, '验证码校验失败'],
  [100611, '验证码错误'],
  [100612, '该验证码已失效'],
  [60100, '签署时发生错误'],
  [60102, '生成证书请求文件 CSR 错误'],
  [60103, '生成密钥错误'],
  [60104, '证书转换错误'],
  [60105, '摘要签名加密错误'],
  [60106, 'zjca 证书申请失败'],
  [60108, '证书查询不到'],
  [60109, '合同不存在'],
  [60110, '印模不存在'],
  [60111, '证书不存在'],
  [60112, '印章不存在'],
];

/** The success code (§5.7 "200 请求成功"). */
export const YHT_SUCCESS_CODE = 200;
/** `msg` of a success on every API but /auth/login (the examples: `"msg": true`). */
export const YHT_SUCCESS_MSG = true;
/** `msg` of a successful /auth/login (§5.3.1 example: `"msg": "成功"`). */
export const YHT_LOGIN_SUCCESS_MSG = '成功';

const API = YHT_API_PATHS;
const TOKEN = YHT_TOKEN_PATHS;
const SIGN = YHT_SIGN_PATHS;
const VERIFY_SIGN = YHT_VERIFY_CODE_SIGN_PATHS;
const USER_CREATE = [P.userPerson, P.userCompany] as const;
const USER_UPDATE = [P.updatePerson, P.updateCompany] as const;
const MOULAGE = [P.moulagePerson, P.moulageCompany, P.moulageUpload] as const;
const ONLINE_CHECKED = API.filter((p) => p !== P.userPerson && p !== P.userCompany);
/** APIs that name a user by signerId. */
const BY_SIGNER = [P.login, ...USER_UPDATE, P.userInfo, ...MOULAGE, ...SIGN, P.sendVerifyCode] as const;
const READS_FILE = [
  ...YHT_LOCAL_PATH_READERS,
  P.signFileStream,
  P.signVerifyCodeFileStream,
  P.tsaStreamSign,
] as const;
const FAULT =
  'Not answered by the simulator on its own (no documented condition): reachable through fault ' +
  'injection (POST /__sim/faults, vendorError).';
/** How a fault picks one variant of a cell or fills its %s. */
const FAULT_DETAIL = 'fault injection with vendorError "<code>:<variant>"';

const table = (code: number): string => {
  const row = YHT_CODE_TABLE.find(([c]) => c === code);
  if (!row) throw new Error(`no §5.7 row ${code}`);
  return row[1];
};

export const yunhetongDigestErrors = {
  // ── §5.7 generic ──────────────────────────────────────────────────────────────────────────
  PARAM_INVALID: {
    errCode: 201,
    msg: '参数类型不匹配',
    docText: table(201),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'Every parameter failure: absent, empty, wrong type, wrong value, too long, paired fields. The ' +
      'msg names the parameter, as the examples do: "signerId 格式不正确" (§5.3.1), "印章 id 为空" (§5.6.1), ' +
      '"文件保存类型非法" (§5.6.6); sealsim\'s other texts follow them ("<field> 为空", "<field> 格式不正确", "<field> ' +
      '长度不能超过 N", guess). Malformed JSON bodies too (guess).',
    routes: API,
  },
  TOKEN_INVALID: {
    errCode: 401,
    msg: '令牌已过期、令牌无效',
    docText: table(401),
    variants: ['令牌已过期', '令牌无效'],
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'No `token` header, an unknown token (令牌无效), or one older than its 15 minutes of virtual time ' +
      '(令牌已过期, §5.3.1). sealsim answers the variant that applies (guess: the cell names both).',
    routes: TOKEN,
  },
  LOGIN_FAILED: {
    errCode: 402,
    msg: '登录失败，appId 或 appKey 错误',
    docText: table(402),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: '/auth/login with an appId that names no app, or the wrong appKey.',
    routes: [P.login],
  },
  NO_ACCESS: {
    errCode: 403,
    msg: '无访问权限',
    docText: table(403),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'A user\'s token on an API that takes only the platform\'s ("该接口只能使用平台自身的长效令牌进行调用", §5.4.1; every ' +
      'API whose 请求头参数 says 平台自身(对应)的长效令牌). A user token acting on ANOTHER user answers 20001 用户无权限 ' +
      "instead (the §5.4.3–§5.5.3 examples). The split is sealsim's reading (guess).",
    routes: TOKEN,
  },
  RESPONSE_TIMEOUT: {
    errCode: 408,
    msg: '等待响应超时',
    docText: table(408),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: FAULT,
    routes: API,
  },
  // decision: yunhetong-digest.system-error-texts (500, 501, 502 without the cell's parenthesis)
  SYSTEM_ERROR: {
    errCode: 500,
    msg: '系统异常',
    docText: table(500),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      `An unexpected failure inside the simulator. msg without the parenthesis, which explains the code ` +
      `(the §5.6.3 example answers "系统异常" for 20003). ${FAULT}`,
    routes: API,
  },
  FEATURE_UNAVAILABLE: {
    errCode: 501,
    msg: '该功能不可用',
    docText: table(501),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: `msg without the parenthesis (guess, as 500). ${FAULT}`,
    routes: API,
  },
  UPSTREAM_FAILED: {
    errCode: 502,
    msg: '无法正常接收服务返回消息',
    docText: table(502),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      `The local war calls the 云合同 cloud for certificates, 存证 and SMS; this is that call failing. msg ` +
      `without the parenthesis (guess). ${FAULT}`,
    routes: API,
  },
  SERVICE_OVERLOADED: {
    errCode: 503,
    msg: '临时服务发布或过载',
    docText: table(503),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: FAULT,
    routes: API,
  },
  GATEWAY_TIMEOUT: {
    errCode: 504,
    msg: '网关超时',
    docText: table(504),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: FAULT,
    routes: API,
  },

  // ── §5.7 contract files and signing ───────────────────────────────────────────────────────
  CONTRACT_FILE_NOT_FOUND: {
    errCode: 20100,
    msg: '合同文件%s 不存在',
    docText: table(20100),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      '%s is the path AS SENT (contractPath, filePath), not the sandbox path. The file does not exist ' +
      'inside the sandbox directory; /tsa/pathSign and /cz/in answer it for their filePath too (guess).',
    routes: YHT_LOCAL_PATH_READERS,
  },
  CONTRACT_FILE_READ_FAILED: {
    errCode: 20101,
    msg: '合同文件读取失败',
    docText: table(20101),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'The path names a directory, or the bytes (read or uploaded) are not a PDF that can be opened ' +
      '(guess).',
    routes: READS_FILE,
  },
  VERIFY_CODE_NOT_PASSED: {
    errCode: 20107,
    msg: '未通过验证码校验',
    docText: table(20107),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'No code was sent to this signer (/send/verifyCode) that the given one could be checked against ' +
      '(guess). A code that does not match the one sent answers 100611 验证码错误.',
    routes: VERIFY_SIGN,
  },
  VERIFY_CODE_EXPIRED: {
    errCode: 20108,
    msg: '验证码超过 15 分钟',
    docText: table(20108),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: 'The matching code was sent more than 15 minutes of virtual time ago.',
    routes: VERIFY_SIGN,
  },
  SIGN_FAILED: {
    errCode: 20110,
    msg: '签署失败',
    docText: table(20110),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'The detail replaces msg, as the table says ("会根据提示签署失败的具体原因，如：合同保存失败"). sealsim: "合同保存失败" when ' +
      'contractSavePath cannot be written (its directory does not exist in the sandbox); the keyword of ' +
      'signPositionType 0 is not in the PDF; a coordinate page beyond the last page or a corner off the ' +
      'page; "文件保存失败" when /tsa/*\'s fileSavePath cannot be written (texts other than 合同保存失败, and 20110 ' +
      'for /tsa, are guesses).',
    routes: [...SIGN, P.tsaPathSign, P.tsaStreamSign],
  },
  CONTRACT_NO_EXISTS: {
    errCode: 20116,
    msg: '合同自定义编号已存在',
    docText: table(20116),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: `No API of this doc takes a custom contract number; kept because the table lists it. ${FAULT}`,
    routes: [],
  },

  // ── §5.7 users and seals ──────────────────────────────────────────────────────────────────
  PHONE_NOT_FOUND: {
    errCode: 20201,
    msg: '手机号不存在',
    docText: table(20201),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      '/send/verifyCode without phoneNo for a user created without one ("如果不传使用创建用户时的号码", §5.6.3; ' +
      'guess).',
    routes: [P.sendVerifyCode],
  },
  FOREIGN_MOULAGE: {
    errCode: 20202,
    msg: '不能使用他人印模/印模状态未知',
    docText: table(20202),
    variants: ['不能使用他人印模', '印模状态未知'],
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      `Signing with a moulageId that belongs to another signer: 不能使用他人印模. 印模状态未知 only through ` +
      `${FAULT_DETAIL} ("20202:印模状态未知").`,
    routes: SIGN,
  },
  MOULAGE_DELETED: {
    errCode: 20203,
    msg: '印模已删除',
    docText: table(20203),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'The API has no delete; a seal set to "deleted" through the control API (PATCH ' +
      '/__sim/yunhetong-digest/apps/{appId}/moulages/{moulageId}; guess).',
    routes: SIGN,
  },
  NO_MOULAGE: {
    errCode: 20204,
    msg: '用户未创建印模',
    docText: table(20204),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'Signing with a moulageId other than -1 for a signer who has no seal at all (guess; 20205 when ' +
      'the signer has seals but not this one).',
    routes: SIGN,
  },
  MOULAGE_NOT_FOUND: {
    errCode: 20205,
    msg: '印模不存在/印模数据获取失败/印模 base64 转 byte 数组失败',
    docText: table(20205),
    variants: ['印模不存在', '印模数据获取失败', '印模 base64 转 byte 数组失败'],
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      `Signing with an unknown moulageId: 印模不存在. /moulage/upload with imgBase that is not Base64: 印模 ` +
      `base64 转 byte 数组失败. 印模数据获取失败: an uploaded seal whose PNG is gone from the blob store (a ` +
      `hand-edited --state file), else ${FAULT_DETAIL}.`,
    routes: [...SIGN, P.moulageUpload],
  },
  USER_NOT_FOUND: {
    errCode: 20206,
    msg: '用户不存在',
    docText: table(20206),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'A well-formed signerId no user of the app has (login, updates, seals, signing, SMS; guess), and ' +
      'the two queries when NOTHING matches (§5.4.5, §5.4.6 examples).',
    routes: [...BY_SIGNER, P.certifyNums],
  },
  APP_NOT_ONLINE: {
    errCode: 20207,
    msg: '应用未上线',
    docText: table(20207),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'The app is not online (control API appState "offline") and the call creates a user: 20207 sits ' +
      'among the 202xx user codes. Every other API answers 20300 for the same state (guess: the table ' +
      'gives both codes the same text).',
    routes: USER_CREATE,
  },
  USER_NAME_REGISTERED: {
    errCode: 20208,
    msg: '用户名已被注册',
    docText: table(20208),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: `The doc names no rule that makes a user name unique, so names may repeat. ${FAULT}`,
    routes: USER_CREATE,
  },
  CERTIFY_NUM_REGISTERED: {
    errCode: 20209,
    msg: '证件号已被注册',
    docText: table(20209),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      "The table's code for a duplicate certifyNum; the doc's examples answer 20207 认证号码(…)已经存在 " +
      'instead, and so does sealsim by default (docs/vendor-notes.md). A tenant with ' +
      'duplicateCertifyNumCode 20209 gets this one (third-party clients of the sibling cloud API ' +
      'test for 20209: sdk).',
    routes: USER_CREATE,
  },
  CERT_SERVICE_NOT_OPENED: {
    errCode: 20210,
    msg: '未开通证书服务',
    docText: table(20210),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'The app has no certificate service (control API services.cert false): creating a user applies ' +
      'for its CA certificate (§2 用户注册), and signing uses it (guess).',
    routes: [...USER_CREATE, ...SIGN],
  },

  // ── §5.7 the app ──────────────────────────────────────────────────────────────────────────
  APP_OFFLINE: {
    errCode: 20300,
    msg: '应用未上线',
    docText: table(20300),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'The app is not online (control API appState "offline"), on every API but the two that create ' +
      'users (those answer 20207). Checked after the token (guess).',
    routes: ONLINE_CHECKED,
  },
  APP_NOT_FOUND: {
    errCode: 20301,
    msg: '应用不存在',
    docText: table(20301),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'The app was removed on the platform (control API appState "missing"): its login and its tokens ' +
      'answer this. An appId the simulator never knew answers 402 at login (guess).',
    routes: API,
  },
  PURCHASE_EXHAUSTED: {
    errCode: 20302,
    msg: '应用购买量已用完',
    docText: table(20302),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      "Each successful signing uses one unit of the app's purchase (control API signQuota; null = " +
      'unlimited, the default). Guess.',
    routes: SIGN,
  },
  CZ_NOT_PURCHASED: {
    errCode: 20303,
    msg: '未购买存证服务',
    docText: table(20303),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: 'control API services.cz false.',
    routes: [P.czIn, P.czQuery],
  },
  SMS_NOT_PURCHASED: {
    errCode: 20304,
    msg: '未购买短信验证服务',
    docText: table(20304),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: 'control API services.sms false.',
    routes: [P.sendVerifyCode, ...VERIFY_SIGN],
  },

  // ── §5.7 SMS verification (the 1006xx codes of the SMS platform) ───────────────────────────
  PHONE_ILLEGAL: {
    errCode: 100603,
    msg: '号码非法',
    docText: table(100603),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      "/send/verifyCode with a phoneNo that is none of the doc's formats (11 digits starting with 1; 8 " +
      'digits; 10 digits).',
    routes: [P.sendVerifyCode],
  },
  SMS_PLATFORM_ERROR: {
    errCode: 100608,
    msg: '短信平台异常',
    docText: table(100608),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: FAULT,
    routes: [P.sendVerifyCode],
  },
  VERIFY_CODE_EMPTY: {
    errCode: 100609,
    msg: '验证码为空',
    docText: table(100609),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: '`code` absent or "".',
    routes: VERIFY_SIGN,
  },
  VERIFY_CODE_CHECK_FAILED: {
    errCode: 100610,
    msg: '验证码校验失败',
    docText: table(100610),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: '`code` is not the documented 4 digits (guess).',
    routes: VERIFY_SIGN,
  },
  VERIFY_CODE_WRONG: {
    errCode: 100611,
    msg: '验证码错误',
    docText: table(100611),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: '4 digits that are not the latest code sent to this signer.',
    routes: VERIFY_SIGN,
  },
  VERIFY_CODE_USED: {
    errCode: 100612,
    msg: '该验证码已失效',
    docText: table(100612),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'The code was already used by a signing that succeeded (guess: a failed signing does not use it ' +
      'up).',
    routes: VERIFY_SIGN,
  },

  // ── §5.7 certificates and the signing engine ──────────────────────────────────────────────
  SIGN_ERROR: {
    errCode: 60100,
    msg: '签署时发生错误',
    docText: table(60100),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: FAULT,
    routes: SIGN,
  },
  CSR_ERROR: {
    errCode: 60102,
    msg: '生成证书请求文件 CSR 错误',
    docText: table(60102),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      `Certificate application when a user is created or renamed (§2: 用户注册 申请 CA 证书, 信息修改 自动更新证书信息). ` +
      `${FAULT}`,
    routes: [...USER_CREATE, ...USER_UPDATE],
  },
  KEY_GEN_ERROR: {
    errCode: 60103,
    msg: '生成密钥错误',
    docText: table(60103),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: `As 60102. ${FAULT}`,
    routes: [...USER_CREATE, ...USER_UPDATE],
  },
  CERT_CONVERT_ERROR: {
    errCode: 60104,
    msg: '证书转换错误',
    docText: table(60104),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: FAULT,
    routes: [...USER_CREATE, ...USER_UPDATE, ...SIGN],
  },
  DIGEST_SIGN_ERROR: {
    errCode: 60105,
    msg: '摘要签名加密错误',
    docText: table(60105),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: FAULT,
    routes: SIGN,
  },
  ZJCA_APPLY_FAILED: {
    errCode: 60106,
    msg: 'zjca 证书申请失败',
    docText: table(60106),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: `As 60102 (the 浙江 CA channel). ${FAULT}`,
    routes: [...USER_CREATE, ...USER_UPDATE],
  },
  CERT_QUERY_FAILED: {
    errCode: 60108,
    msg: '证书查询不到',
    docText: table(60108),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: FAULT,
    routes: SIGN,
  },
  SIGN_CONTRACT_NOT_FOUND: {
    errCode: 60109,
    msg: '合同不存在',
    docText: table(60109),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note: 'A stream signing whose contractPath part is an empty file (guess; a missing part is 201).',
    routes: [P.signFileStream, P.signVerifyCodeFileStream],
  },
  SIGN_MOULAGE_MISSING: {
    errCode: 60110,
    msg: '印模不存在',
    docText: table(60110),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'The signing engine cannot load the seal image of a moulageId the API layer accepted: a seal set ' +
      'to "imageLost" through the control API (PATCH ' +
      '/__sim/yunhetong-digest/apps/{appId}/moulages/{moulageId}; guess; the API layer answers ' +
      '20203/20204/20205).',
    routes: SIGN,
  },
  SIGN_CERT_NOT_FOUND: {
    errCode: 60111,
    msg: '证书不存在',
    docText: table(60111),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      "The signer's certificate was revoked through the control API (PATCH " +
      '/__sim/yunhetong-digest/apps/{appId}/users/{signerId} {"certificate": "revoked"}; guess). Scene ' +
      'certificates (场景证书, §2) are not modelled.',
    routes: SIGN,
  },
  SIGN_SEAL_NOT_FOUND: {
    errCode: 60112,
    msg: '印章不存在',
    docText: table(60112),
    httpStatus: 200,
    section: '5.7',
    evidence: 'doc',
    note:
      'sealClass 1 (骑缝章) with moulageId -1: a fully transparent seal has nothing to split across the ' +
      'pages (guess).',
    routes: SIGN,
  },

  // ── codes the failure examples show that the table does not list ──────────────────────────
  NO_PERMISSION: {
    errCode: 20001,
    msg: '用户无权限',
    docText: '用户无权限',
    httpStatus: 200,
    section: '5.4.3',
    evidence: 'doc',
    note:
      'The failure example of §5.4.3, §5.4.4 and §5.5.1–§5.5.3 (not in §5.7). A user token naming ' +
      'ANOTHER signerId, or a user of the wrong type (a company on /user/personNameAndPhone or ' +
      '/moulage/person, a person on the company ones, also with the platform token). guess for the ' +
      'conditions.',
    routes: [...USER_UPDATE, ...MOULAGE],
  },
  UPDATE_SAME_VALUE: {
    errCode: 20001,
    msg: '修改的 %s 与当前值一致',
    docText: '修改的 userName 与当前值一致',
    httpStatus: 200,
    section: '5.4.3',
    evidence: 'doc',
    note:
      'The second failure example of §5.4.3/§5.4.4: "参数不能传与原值一致". %s is the field (userName, phoneNo; ' +
      'the phoneNo form is a guess). Checked in the order userName, phoneRegion+phoneNo.',
    routes: USER_UPDATE,
  },
  SEND_CODE_FAILED: {
    errCode: 20003,
    msg: '系统异常',
    docText: '系统异常',
    httpStatus: 200,
    section: '5.6.3',
    evidence: 'doc',
    note: `The failure example of /send/verifyCode (not in §5.7). ${FAULT}`,
    routes: [P.sendVerifyCode],
  },
  CZ_SID_EXISTS: {
    errCode: 10205,
    msg: '数据标识已存在',
    docText: '数据标识已存在',
    httpStatus: 200,
    section: '5.6.8',
    evidence: 'doc',
    note: 'The failure example of /cz/in (not in §5.7): sid is unique per app ("应用内唯一").',
    routes: [P.czIn],
  },
  CZ_NOT_FOUND: {
    errCode: 10206,
    msg: '无存证数据',
    docText: '无存证数据',
    httpStatus: 200,
    section: '5.6.9',
    evidence: 'doc',
    note: 'The failure example of /cz/queryCzId (not in §5.7): no 存证 with this sid in the app.',
    routes: [P.czQuery],
  },
  CERTIFY_NUM_EXISTS: {
    errCode: 20207,
    msg: '认证号码(%s)已经存在',
    docText: '认证号码(123456789123456789)已经存在',
    httpStatus: 200,
    section: '5.4.1',
    evidence: 'doc',
    note:
      'The failure example of §5.4.1 and §5.4.2: certifyNum is unique per app ("应用内唯一"), across persons ' +
      'and companies (guess). %s is the certifyNum as sent. The table names 20209 证件号已被注册 for this and ' +
      '20207 for 应用未上线: sealsim answers as the example (docs/vendor-notes.md); ' +
      'duplicateCertifyNumCode 20209 switches.',
    routes: USER_CREATE,
  },
} as const satisfies Record<string, YunhetongDigestErrorEntry>;

export type YunhetongDigestErrorName = keyof typeof yunhetongDigestErrors;

/**
 * The catalogue (contracts/shared/errors.ts): `fail(name, detail)` throws the VendorError the
 * simulator renders as `{code, msg}` (see yunhetongDigestMessage for `detail`). By code, the first
 * entry wins: the §5.7 meaning of a code comes before the examples' second meanings. The explicit
 * type lets a `fail()` call narrow like a `throw`.
 */
export const yunhetongDigestCatalogue: Catalogue<
  YunhetongDigestErrorName,
  YunhetongDigestErrorEntry,
  string
> = defineCatalogue(yunhetongDigestErrors);

/** Every catalogue name. */
export const YHT_ERROR_NAMES = yunhetongDigestCatalogue.names;

/** A failure envelope. */
export interface YunhetongDigestErrorEnvelope {
  code: number;
  msg: string;
}

/** Any envelope: `msg` is `true` on success (a string for /auth/login), the message on failure. */
export interface YunhetongDigestEnvelope<T = unknown> {
  code: number;
  msg: string | boolean;
  data?: T;
}

/**
 * The catalogue name for a code: the §5.7 meaning when the table has the code (20207 →
 * APP_NOT_ONLINE, not CERTIFY_NUM_EXISTS), else the first example that shows it.
 */
export function yunhetongDigestErrorName(code: number): YunhetongDigestErrorName | undefined {
  return yunhetongDigestCatalogue.find(code)?.name;
}

/** Looks an entry up by name or code (as fault rules give `vendorError`). */
export function findYunhetongDigestError(
  nameOrCode: string | number,
): (YunhetongDigestErrorEntry & { name: YunhetongDigestErrorName }) | undefined {
  return yunhetongDigestCatalogue.find(nameOrCode);
}

/**
 * The `msg` for an entry: `%s` is filled with `detail` (the whole detail, or '' when none); for an
 * entry without `%s` a string detail REPLACES the message (201's "signerId 格式不正确", 20110's
 * "合同保存失败", 401's "令牌已过期").
 */
export function yunhetongDigestMessage(name: YunhetongDigestErrorName, detail?: string): string {
  const e: YunhetongDigestErrorEntry = yunhetongDigestErrors[name];
  if (e.msg.includes('%s')) return e.msg.replace('%s', detail ?? '');
  return detail ?? e.msg;
}

/** The failure envelope `{code, msg}` for an entry (see yunhetongDigestMessage for `detail`). */
export function yunhetongDigestError(
  name: YunhetongDigestErrorName,
  detail?: string,
): YunhetongDigestErrorEnvelope {
  return { code: yunhetongDigestErrors[name].errCode, msg: yunhetongDigestMessage(name, detail) };
}

/** The success envelope `{code: 200, msg: true, data?}`; `data` is omitted when undefined. */
export function yunhetongDigestOk<T>(data?: T): { code: 200; msg: true; data?: T } {
  return data === undefined ? { code: 200, msg: true } : { code: 200, msg: true, data };
}

/** The /auth/login success envelope `{code: 200, msg: "成功"}` (the token goes in header `token`). */
export function yunhetongDigestLoginOk(): { code: 200; msg: string } {
  return { code: 200, msg: YHT_LOGIN_SUCCESS_MSG };
}
