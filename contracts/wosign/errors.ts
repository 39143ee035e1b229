/**
 * 沃通 WoSignDoc API (wosign) error catalogue: every code of the doc's two tables, with the table's
 * text: 3.1 创建签署's 错误列表 (-43…-57) and 4. 公共错误码 (-61…-100).
 *
 * ENVELOPE. Every answer is HTTP 200 with compact ASCII-only JSON (`\uXXXX` escapes): a failure is
 * exactly `{"status":0,"errorcode":<code>}` (the doc's response table has no message field), a
 * success `{"status":1,"errorcode":0,...}`. The message is documentation only.
 */
import { defineCatalogue, type CatalogueEntry } from '../shared/errors.ts';

export interface WosignErrorEntry extends CatalogueEntry {
  /** The envelope's `errorcode`. */
  errCode: number;
}

const S_CREATE = '3.1 创建签署';
const S_COMMON = '4. 公共错误码';

const e = (errCode: number, msg: string, section: string, note?: string): WosignErrorEntry => ({
  errCode,
  msg,
  httpStatus: 200,
  section,
  evidence: 'doc',
  routes: ['/'],
  ...(note !== undefined ? { note } : {}),
});

export const wosignErrors = {
  // ── 3.1 创建签署: 错误列表 ──────────────────────────────────────────────────────────────────
  TEMPID_NOT_FOUND: e(
    -43,
    'tempid 不存在,请登录签名平台设置模板',
    S_CREATE,
    'A tempid the tenant has no template for.',
  ),
  ORDER_SIGNED: e(-46, '合同已签署', S_CREATE, 'An orderNumber of the tenant whose order is signed.'),
  ORDER_SIGNING: e(
    -47,
    '合同正在签署',
    S_CREATE,
    'An orderNumber of the tenant whose order is being signed.',
  ),
  SIGNER_COUNT: e(
    -48,
    '签署人数量错误',
    S_CREATE,
    "signerlist empty, over 20 signers, or more signers than the template's.",
  ),
  SIGNER_TYPE: e(-49, '签署人类型错误', S_CREATE, 'signType not 1 (单位) or 2 (个人).'),
  COMPANY_MISMATCH: e(
    -50,
    '公司名称和营业执照号匹配失败',
    S_CREATE,
    'orgNo a USCC with a wrong check digit, or registered in the ' +
      "tenant's company registry under another name.",
  ),
  ORG_NAME_EMPTY: e(-51, '公司名称为空', S_CREATE, 'signType 1 without orgName.'),
  ORG_NO_EMPTY: e(-52, '营业执照号为空', S_CREATE, 'signType 1 without orgNo.'),
  USER_NAME_EMPTY: e(-53, '用户姓名为空', S_CREATE, 'signType 2 without userName.'),
  USER_NO_EMPTY: e(-54, '身份证号码为空', S_CREATE, 'signType 2 without userNo.'),
  ORDER_NUMBER_EMPTY: e(-55, 'orderNumber 为空', S_CREATE),
  FILE_FORMAT_EMPTY: e(-56, '文档后缀为空', S_CREATE, 'filebase without fileformat.'),
  MATERIALS_EMPTY: e(-57, '材料为空', S_CREATE, 'A signer without pic or otherpic.'),
  // ── 4. 公共错误码 ──────────────────────────────────────────────────────────────────────────
  DANGEROUS_CONTENT: e(
    -61,
    '传入的信息存在危险性,例如:图片含有木马',
    S_COMMON,
    'An image or file whose bytes are not what its format claims.',
  ),
  JSON_INVALID: e(-63, 'json 格式错误', S_COMMON, 'The body (decoded) is not a JSON object.'),
  ACTION_UNSUPPORTED: e(-64, '不支持该 actionType', S_COMMON, 'An actiontype the API does not have.'),
  TOKEN_UNKNOWN: e(-65, '系统不存在此 TokenID', S_COMMON),
  TOKEN_DISABLED: e(
    -67,
    '系统已禁止此 TokenID 使用 API 或请求的 TokenID 不存在',
    S_COMMON,
    'The tenant is disabled (tenant setting `disabled`).',
  ),
  BALANCE_LOW: e(
    -68,
    '当前请求的 TokenID 所属账号余额不足,请充值',
    S_COMMON,
    'CreateSignOrder when the tenant has no signing orders left (tenant setting `balance`).',
  ),
  INTERNAL: e(
    -69,
    '内部服务器错误',
    S_COMMON,
    'Anything unexpected, a body over the limit, and status-only fault rules.',
  ),
  PARAM_INVALID: e(-79, '参数错误', S_COMMON, 'A value of the wrong type or form.'),
  CERT_INVALID: e(
    -80,
    '请求证书不正确',
    S_COMMON,
    "No client certificate, or one registered on no tenant / not on the tokenid's tenant.",
  ),
  INCOMPLETE: e(-100, '请求信息不完整,缺少必传参数值', S_COMMON, 'A required value is missing.'),
} satisfies Record<string, WosignErrorEntry>;

export type WosignErrorName = keyof typeof wosignErrors;

export const wosignCatalogue = defineCatalogue<typeof wosignErrors, string>(wosignErrors);

/** A failure as answered: `{"status":0,"errorcode":<code>}`. */
export interface WosignFailure {
  status: 0;
  errorcode: number;
}

export function wosignFailure(name: WosignErrorName): WosignFailure {
  return { status: 0, errorcode: wosignErrors[name].errCode };
}
