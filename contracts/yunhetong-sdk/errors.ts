/**
 * 云合同 SDK API (yunhetong-sdk) error catalogue: every subCode of every 返回错误码 table of the doc,
 * with the table's text (its trailing `!`/`！` as the table shows it), `section` the doc's heading
 * and `routes` the APIs whose table lists it; plus 520 (未知错误, the 接口返回 tables' "未知错误为520"),
 * checkToken's `token错误` and the signing page's own conditions (evidence sdk/guess).
 *
 * ENVELOPE. `{"subCode", "message", "value", "code"}` in that key order, HTTP 200 always: a failure
 * is `code` 520 (checkToken: 400), `value: null`, the entry's subCode and message. Where a table's
 * text and the API's failure example differ, the message is the example's (contradictions.ts).
 *
 * DETAIL. `subject` names the doc's stand-in in a message ("参与者A、B未导入云平台", "XX占位符不存在"):
 * a failure's detail replaces it (`参与者u1、u2未导入云平台`). Without a subject the detail is
 * ignored in the message.
 */
import { defineCatalogue, type CatalogueEntry } from '../shared/errors.ts';
import { SDK_PATHS as P, SDK_TOKEN_PATHS } from './paths.ts';

export interface YunhetongSdkErrorEntry extends CatalogueEntry {
  /** The envelope's `subCode`. */
  errCode: number;
  /** The envelope's `code`: 520 for every failure, 400 for checkToken's. */
  envelopeCode: number;
  /** The doc's stand-in in `msg` that a failure's detail replaces. */
  subject?: string;
  routes: readonly string[];
}

const S_ADD_USER = '用户相关接口 1.导入用户信息';
const S_GET_TOKEN = '用户相关接口 2.获取用户登录凭证token';
const S_CHECK_TOKEN = '用户相关接口 3.检验token有效性';
const S_MODIFY_CELL = '用户相关接口 4.修改用户手机号';
const S_MODIFY_NAME = '用户相关接口 5.修改用户名';
const S_TEMPLATE = '合同接口 1.根据模版生成合同';
const S_PARTNER = '合同接口 3.添加参与者';
const S_SIGN = '合同接口 5.合同自动签署';
const S_INVALID = '合同接口 6.合同作废';
const S_LIST = '合同接口 7.合同列表';
const S_DETAIL = '合同接口 8.合同签署状态详情';
const S_DOWNLOAD = '合同接口 9.合同下载';
const S_PAGE = '合同接口 4.合同签署 (the JS SDK signing page)';

/** The contract APIs whose tables list 10528/10529/10502 (contract id missing, malformed, unknown). */
const CONTRACT_ID_ROUTES = [
  P.addPartner,
  P.signContract,
  P.invalid,
  P.detail,
  P.download,
  // The page's contract endpoints read contractId the same way (guess).
  P.view,
  P.sign,
  P.allSign,
] as const;

const e = (
  errCode: number,
  msg: string,
  section: string,
  routes: readonly string[],
  extra: Partial<Pick<YunhetongSdkErrorEntry, 'note' | 'subject' | 'evidence' | 'envelopeCode'>> = {},
): YunhetongSdkErrorEntry => ({
  errCode,
  msg,
  httpStatus: 200,
  section,
  evidence: 'doc',
  envelopeCode: 520,
  routes,
  ...extra,
});

export const yunhetongSdkErrors = {
  // ── 用户相关接口 ────────────────────────────────────────────────────────────────────────
  ILLEGAL_APP_ID: e(10000, '非法的appId!', S_ADD_USER, [P.addUser], {
    note: 'A well-formed (19-digit) appId no app has (decision: yunhetong-sdk.unknown-app-id).',
  }),
  USER_NOT_FOUND: e(10004, '用户不存在', S_GET_TOKEN, [P.getToken], {
    note: 'No user with that appUserId was imported into the app.',
  }),
  USER_NAME_INVALID: e(10201, '用户名格式错误!', S_ADD_USER, [P.addUser, P.modifyUserName], {
    note: 'userName empty, or longer than 14 (person) / 40 (company, platform) characters.',
  }),
  USER_TYPE_INVALID: e(10202, '用户类型错误!', S_ADD_USER, [P.addUser], { note: 'userType not 1, 2 or 4.' }),
  CELL_NUM_INVALID: e(10203, '手机号格式错误!', S_ADD_USER, [P.addUser, P.modifyCellNum], {
    note:
      "cellNum not 1 followed by 10 digits. modifyCellNum's table does not list it; sealsim answers it " +
      'there too (decision: yunhetong-sdk.modify-cell-num-format).',
  }),
  CERTIFY_TYPE_INVALID: e(10204, '实名认证类型错误!', S_ADD_USER, [P.addUser], {
    note: 'certifyType not 1/2/3 for a person, not 4/5/6 for a company or platform.',
  }),
  CERTIFY_NUMBER_INVALID: e(10205, '实名认证号码格式错误!', S_ADD_USER, [P.addUser], {
    note:
      "certifyNumber not in its certifyType's format: ID card 15 digits not starting with 0, or 18 " +
      'with a correct check digit (x or X); passport, 军官证 ≤ 20; 营业执照 ≤ 18; 组织机构代码 9; USCC ≤ 18.',
  }),
  APP_USER_ID_INVALID: e(10206, 'AppUserId格式错误!', S_ADD_USER, [P.addUser], {
    note: 'appUserId empty or longer than 49 characters.',
  }),
  USER_EXISTS_DIFFERENT: e(10207, '用户已存在，信息不一致!', S_ADD_USER, [P.addUser], {
    note:
      'The appUserId was imported with other data. The same data again answers success ' +
      '(decision: yunhetong-sdk.reimport-same-user).',
  }),
  CELL_NUM_EXISTS: e(10209, '该手机号已经存在!', S_ADD_USER, [P.addUser, P.modifyCellNum], {
    note: 'Another user of the app has that cellNum.',
  }),
  CREATE_SIGNATURE_INVALID: e(
    10212,
    '用户自动生成签名的参数错误!',
    S_ADD_USER,
    [P.addUser, P.modifyUserName],
    {
      note:
        'createSignature not 0 or 1 (absent or empty reads as 0: decision: ' +
        'yunhetong-sdk.create-signature-default).',
    },
  ),
  CERTIFY_NUMBER_EXISTS: e(10214, '实名认证号码已存在', S_ADD_USER, [P.addUser], {
    note:
      'Another user of the app has that certifyNumber. The table writes 实名认证号码已存在! and the ' +
      'example 实名认证号码已存在: answered as the example (contradictions.ts).',
  }),
  PLATFORM_USER_EXISTS: e(10215, '该appId下已存在平台用户!', S_ADD_USER, [P.addUser], {
    note: 'A second userType 4 user in one app.',
  }),
  COMPANY_NAME_EXISTS: e(10216, '企业名已存在', S_ADD_USER, [P.addUser, P.modifyUserName], {
    note:
      'Another company or platform user of the app has that userName. The tables write 企业名已存在! and ' +
      "modifyUserName's example 企业名已存在: answered as the example (contradictions.ts).",
  }),
  PLATFORM_NAME_FIXED: e(10217, '平台用户不能修改用户名!', S_MODIFY_NAME, [P.modifyUserName], {
    note: "The token's user is the platform user.",
  }),
  TOKEN_EXPIRED: e(
    10801,
    '登录异常，请重新登录！',
    S_MODIFY_CELL,
    SDK_TOKEN_PATHS.filter((p) => p !== P.checkToken),
    {
      note:
        'Token absent, unknown or expired (30 minutes of virtual time from getToken, not sliding). The ' +
        'tables\' cell goes on "该异常为token过期失效导致，需要重新获取token！", an explanation, not the message ' +
        '(decision: yunhetong-sdk.token-expired-message).',
    },
  ),
  NO_PERMISSION: e(
    10802,
    '您没有该操作的权限！',
    S_MODIFY_CELL,
    SDK_TOKEN_PATHS.filter((p) => p !== P.checkToken),
    {
      note:
        'A valid token whose user may not act for the user the call names (decision: ' +
        'yunhetong-sdk.no-permission).',
    },
  ),
  PASSWORD_EMPTY: e(10803, '密码不能为空！', S_ADD_USER, [P.addUser, P.getToken]),
  APP_ID_INVALID: e(10804, 'appId为空或者非法！', S_ADD_USER, [P.addUser, P.getToken], {
    note: 'appId empty or not 19 digits.',
  }),
  APP_LOGIN_FAILED: e(10805, 'appId或者密码错误，请重新登录！', S_ADD_USER, [P.addUser, P.getToken], {
    note:
      'Wrong password; on getToken also an unknown 19-digit appId (decision: ' +
      'yunhetong-sdk.unknown-app-id).',
  }),
  MODIFY_USER_NOT_FOUND: e(11001, '用户不存在!', S_MODIFY_CELL, [P.modifyCellNum, P.modifyUserName], {
    note:
      "The token's user was deleted (console: DELETE " +
      '/__sim/yunhetong-sdk/apps/{appId}/users/{appUserId}).',
  }),
  SAME_AS_OLD: e(11002, '新信息与老信息不能一致!', S_MODIFY_NAME, [P.modifyUserName], {
    note: 'userName equals the current one.',
  }),
  SAME_CELL_NUM: e(11003, '修改的手机号不能和原手机相同', S_MODIFY_CELL, [P.modifyCellNum], {
    note:
      'cellNum equals the current one. The table writes 修改的手机号不能和原手机相同! and the example ' +
      'without !: answered as the example (contradictions.ts).',
  }),
  // checkToken answers outside the table: {"subCode":0,"message":"token错误","value":null,"code":400}.
  TOKEN_CHECK_FAILED: e(0, 'token错误', S_CHECK_TOKEN, [P.checkToken], {
    envelopeCode: 400,
    note: "checkToken with a token absent, unknown or expired: code 400, subCode 0 (the doc's example).",
  }),

  // ── 合同接口 ────────────────────────────────────────────────────────────────────────────
  TEMPLATE_NOT_FOUND: e(10401, '未找到合同模板!', S_TEMPLATE, [P.templateContract], {
    note: "templateId well-formed but not one of the app's templates (console /apps/{appId}/templates).",
  }),
  CONTRACT_NOT_FOUND: e(10502, '未找到编号对应合同信息', S_PARTNER, CONTRACT_ID_ROUTES, {
    note: "A well-formed contractId that is not one of the app's contracts.",
  }),
  CONTRACT_NOT_VOIDABLE: e(10503, '当前合同无法作废', S_INVALID, [P.invalid]),
  VOID_FORBIDDEN: e(10504, '该用户无作废权限', S_INVALID, [P.invalid]),
  CONTRACT_NOT_SIGNABLE: e(10506, '当前合同无法签署', S_SIGN, [P.signContract, P.sign, P.allSign]),
  DOWNLOAD_FORBIDDEN: e(10512, '该用户无下载权限', S_DOWNLOAD, [P.download]),
  PARTNERS_EXIST: e(10517, '当前合同存在参与者，无法再次添加', S_PARTNER, [P.addPartner]),
  NOT_CREATOR: e(10518, '当前用户不是合同创建者，无法添加参与者', S_PARTNER, [P.addPartner]),
  PARTNERS_NOT_IMPORTED: e(10519, '参与者A、B未导入云平台', S_PARTNER, [P.addPartner], {
    subject: 'A、B',
    note: 'The appUserIds not imported, joined with 、.',
  }),
  KEYWORD_TOO_LONG: e(10521, '参与者A关键字超长!', S_PARTNER, [P.addPartner], { subject: 'A' }),
  MULTI_SIGN_FORBIDDEN: e(10522, '非平台用户无法多个签署', S_SIGN, [P.signContract]),
  SIGNER_NOT_PARTNER: e(10524, '签署人A不是合同参与者', S_SIGN, [P.signContract, P.sign, P.allSign], {
    subject: 'A',
  }),
  SIGNER_ALREADY_SIGNED: e(10525, '签署人A已签署合同', S_SIGN, [P.signContract, P.sign, P.allSign], {
    subject: 'A',
  }),
  DETAIL_FORBIDDEN: e(10526, '该用户无权限获取合同详情', S_DETAIL, [P.detail, P.view]),
  CONTRACT_NOT_DOWNLOADABLE: e(10527, '当前合同无法下载', S_DOWNLOAD, [P.download]),
  CONTRACT_ID_EMPTY: e(10528, '合同编号不能为空', S_PARTNER, CONTRACT_ID_ROUTES),
  CONTRACT_ID_INVALID: e(10529, '合同编号不合法', S_PARTNER, CONTRACT_ID_ROUTES, {
    note: 'contractId not 16 digits.',
  }),
  PARTNERS_EMPTY: e(10530, '合同参与者不能为空', S_PARTNER, [P.addPartner]),
  PARTNERS_INVALID: e(10531, '合同参与者信息不合法', S_PARTNER, [P.addPartner], {
    note: 'partners not a JSON array of objects (fastjson-lenient: single quotes accepted).',
  }),
  SIGNERS_INVALID: e(10532, '签署者信息不合法', S_SIGN, [P.signContract], {
    note: 'signer not a JSON array of strings (fastjson-lenient: single quotes accepted).',
  }),
  LIST_FORBIDDEN: e(10533, '非平台用户无法获取合同列表', S_LIST, [P.list]),
  PARTNERS_NOT_ADDABLE: e(10534, '合同当前状态无法添加参与者', S_PARTNER, [P.addPartner]),
  FILE_NOT_READY: e(10535, '合同文件尚未生成，请稍后再试', S_PARTNER, [P.addPartner], {
    note: "Within the app's fileReadyDelayMs after the contract was made (default 0).",
  }),
  TABLE_NOT_FOUND: e(10536, '合同插入表格行失败，对应index表格不存在!', S_TEMPLATE, [P.templateContract]),
  IMAGE_TYPE_INVALID: e(10537, '图片占位符替换失败，图片格式错误！', S_TEMPLATE, [P.templateContract]),
  IMAGE_SIZE_MISSING: e(10538, '图片占位符替换失败，图片的宽或高未设置！', S_TEMPLATE, [P.templateContract]),
  PLACEHOLDER_NOT_FOUND: e(10540, 'XX占位符不存在！!', S_TEMPLATE, [P.templateContract], {
    subject: 'XX',
    note: 'A placeholder of param that the template does not have; XX is its name.',
  }),
  PARTNER_ID_EMPTY: e(10541, '参与者AppUserId不能为空', S_PARTNER, [P.addPartner]),
  SIGN_LOCATION_EMPTY: e(10542, '参与者A的签名位置不能为空!', S_PARTNER, [P.addPartner], { subject: 'A' }),
  KEYWORD_NOT_FOUND: e(10543, '参与者AKeyWord不存在!', S_PARTNER, [P.addPartner], { subject: 'A' }),
  LOCATION_NAME_NOT_FOUND: e(10544, '参与者ALocationName不存在', S_PARTNER, [P.addPartner], { subject: 'A' }),
  SIGNERS_EMPTY: e(10545, '签署者不能为空', S_SIGN, [P.signContract]),
  SIGNER_DUPLICATE: e(10546, '签署者A重复', S_SIGN, [P.signContract], { subject: 'A' }),
  UNSIGNED_NOT_VOIDABLE: e(10547, '未签署的合同不能作废', S_INVALID, [P.invalid]),
  CREATOR_NOT_PARTNER: e(10549, '创建者必须是合同参与者', S_PARTNER, [P.addPartner]),
  TITLE_INVALID: e(10714, 'title参数非法!', S_TEMPLATE, [P.templateContract, P.fileContract], {
    note: 'title empty or longer than 40 characters.',
  }),
  DEF_CONTRACT_NO_INVALID: e(
    10715,
    'defContractNo参数非法!',
    S_TEMPLATE,
    [P.templateContract, P.fileContract],
    {
      note: 'defContractNo longer than 20 characters.',
    },
  ),
  TEMPLATE_ID_INVALID: e(10716, 'templateId参数非法!', S_TEMPLATE, [P.templateContract, P.fileContract], {
    note:
      "templateId empty or malformed. fileContract's table lists it too, though fileContract takes no " +
      'templateId: there it answers a templateId sent along that is malformed (contradictions.ts; ' +
      'decision: yunhetong-sdk.file-contract-template-id).',
  }),
  USE_CER_INVALID: e(10731, 'useCer参数非法!', S_TEMPLATE, [P.templateContract, P.fileContract], {
    note: 'useCer not 0 or 1 (empty reads as 0).',
  }),

  // ── the signing page's endpoints (not in the doc) ──────────────────────────────────────
  SIGNATURE_NOT_FOUND: e(10601, '签名不存在', S_PAGE, [P.sign, P.allSign, P.delSign], {
    evidence: 'guess',
    note: "signId is not one of the token's user's signatures (decision: yunhetong-sdk.page-error-codes).",
  }),
  SIGNATURE_IMAGE_INVALID: e(10602, '签名图片格式错误', S_PAGE, [P.createSign], {
    evidence: 'guess',
    note:
      'sign is not a Base64 PNG or JPEG (a data: URL prefix is accepted) (decision: ' +
      'yunhetong-sdk.page-error-codes).',
  }),
  SIGNATURE_REQUIRED: e(10603, '请先选择签名', S_PAGE, [P.sign, P.allSign], {
    evidence: 'guess',
    note: 'signId empty (decision: yunhetong-sdk.page-error-codes).',
  }),

  UNKNOWN: e(520, '未知错误', S_ADD_USER, ['*'], {
    evidence: 'guess',
    note:
      'The 接口返回 tables: "未知错误为520". The message is a guess. Answered for anything unexpected, ' +
      'a malformed request sealsim cannot map to a documented code, and status-only fault rules.',
  }),
} satisfies Record<string, YunhetongSdkErrorEntry>;

export type YunhetongSdkErrorName = keyof typeof yunhetongSdkErrors;

export const yunhetongSdkCatalogue = defineCatalogue<typeof yunhetongSdkErrors, string>(yunhetongSdkErrors);

/** The envelope every answer has, keys in the vendor's order. */
export interface YunhetongSdkEnvelope {
  subCode: number;
  message: string;
  value: unknown;
  code: number;
}

/** A success: code 200, subCode 200, message "true". */
export function yunhetongSdkOk(value: unknown): YunhetongSdkEnvelope {
  return { subCode: 200, message: 'true', value, code: 200 };
}

/** The message of an entry with its subject replaced by `detail`. */
export function yunhetongSdkMessage(name: YunhetongSdkErrorName, detail?: string): string {
  const entry: YunhetongSdkErrorEntry = yunhetongSdkErrors[name];
  return entry.subject !== undefined && detail !== undefined
    ? entry.msg.replace(entry.subject, detail)
    : entry.msg;
}

/** A failure: the entry's subCode and message, value null, code 520 (checkToken's: 400). */
export function yunhetongSdkError(name: YunhetongSdkErrorName, detail?: string): YunhetongSdkEnvelope {
  const entry: YunhetongSdkErrorEntry = yunhetongSdkErrors[name];
  return {
    subCode: entry.errCode,
    message: yunhetongSdkMessage(name, detail),
    value: null,
    code: entry.envelopeCode,
  };
}
