/**
 * The API paths of 云合同 摘要签署 V2.4.1, exactly as the doc (§5.3–§5.6) spells them, relative to
 * the service's context path (`https://host:port/服务名`, §5.1). The context path is where the
 * customer deployed the war: configurable in sealsim, default `/` (docs/interface.md), so by default
 * these are also the absolute paths.
 *
 * Kept apart from routes.ts so that the error catalogue can name routes without importing schemas.
 */

export const YHT_PATHS = {
  /** §5.3.1 获取长效令牌 */
  login: '/auth/login',
  /** §5.4.1 创建个人用户 */
  userPerson: '/user/person',
  /** §5.4.2 创建企业用户 */
  userCompany: '/user/company',
  /** §5.4.3 更新个人用户信息 (PATCH) */
  updatePerson: '/user/personNameAndPhone',
  /** §5.4.4 更新企业用户信息 (PATCH) */
  updateCompany: '/user/companyNameAndPhone',
  /** §5.4.5 查询用户编号 */
  certifyNums: '/user/signerId/certifyNums',
  /** §5.4.6 查询用户信息 */
  userInfo: '/user/userInfo/signerIds',
  /** §5.5.1 创建个人印章 */
  moulagePerson: '/moulage/person',
  /** §5.5.2 创建企业印章 */
  moulageCompany: '/moulage/company',
  /** §5.5.3 自定义印章 */
  moulageUpload: '/moulage/upload',
  /** §5.6.1 文件签署 */
  signFilePath: '/sign/filePath',
  /** §5.6.2 文件流签署 (multipart) */
  signFileStream: '/sign/fileStream',
  /** §5.6.3 发送短信验证码 */
  sendVerifyCode: '/send/verifyCode',
  /** §5.6.4 文件签署（短信认证） */
  signVerifyCodeFilePath: '/sign/verifyCodeFilePath',
  /** §5.6.5 文件流签署（短信认证） (multipart) */
  signVerifyCodeFileStream: '/sign/verifyCodeFileStream',
  /** §5.6.6 时间戳数据固化 (文件) */
  tsaPathSign: '/tsa/pathSign',
  /** §5.6.7 时间戳数据固化 (文件流) (multipart) */
  tsaStreamSign: '/tsa/streamSign',
  /** §5.6.8 合同存证 */
  czIn: '/cz/in',
  /** §5.6.9 存证 ID 查询 */
  czQuery: '/cz/queryCzId',
  /** §5.1 "测试服务是否启动成功：http://host:port/项目名/index.html" */
  index: '/index.html',
} as const;

export type YhtPath = (typeof YHT_PATHS)[keyof typeof YHT_PATHS];

const P = YHT_PATHS;

/** Every API (everything but the index page). */
export const YHT_API_PATHS = [
  P.login,
  P.userPerson,
  P.userCompany,
  P.updatePerson,
  P.updateCompany,
  P.certifyNums,
  P.userInfo,
  P.moulagePerson,
  P.moulageCompany,
  P.moulageUpload,
  P.signFilePath,
  P.signFileStream,
  P.sendVerifyCode,
  P.signVerifyCodeFilePath,
  P.signVerifyCodeFileStream,
  P.tsaPathSign,
  P.tsaStreamSign,
  P.czIn,
  P.czQuery,
] as const;

/** APIs that take the request header `token` (all but /auth/login). */
export const YHT_TOKEN_PATHS = YHT_API_PATHS.filter((p) => p !== P.login);

/** The two updates are PATCH (§5.4.3, §5.4.4); every other API is POST; the index page is GET. */
export const YHT_PATCH_PATHS = [P.updatePerson, P.updateCompany] as const;

/** multipart/form-data APIs and the name of their file part (the doc's "file" typed parameter). */
export const YHT_MULTIPART_FILE_PART = {
  [P.signFileStream]: 'contractPath',
  [P.signVerifyCodeFileStream]: 'contractPath',
  [P.tsaStreamSign]: 'filePath',
} as const;

/**
 * Which long-lived token an API takes (the doc's 请求头参数 tables):
 * - `platform`: "平台自身(对应)的长效令牌" only. A user token gets 403 无访问权限 (sealsim's reading).
 * - `platform-or-person` / `platform-or-company`: the platform's token, or the token of the user
 *   the call is about, who must be of that type; another user's token gets 20001 用户无权限.
 * - `platform-or-user`: the platform's token or the token of the user the call is about (any type).
 * decision: yunhetong-digest.token-scope-403-vs-20001
 */
export type YhtTokenScope =
  'none' | 'platform' | 'platform-or-person' | 'platform-or-company' | 'platform-or-user';

export const YHT_TOKEN_SCOPE: Record<YhtPath, YhtTokenScope> = {
  [P.login]: 'none',
  [P.userPerson]: 'platform',
  [P.userCompany]: 'platform',
  [P.updatePerson]: 'platform-or-person',
  [P.updateCompany]: 'platform-or-company',
  [P.certifyNums]: 'platform',
  [P.userInfo]: 'platform',
  [P.moulagePerson]: 'platform-or-person',
  [P.moulageCompany]: 'platform-or-company',
  [P.moulageUpload]: 'platform-or-user',
  [P.signFilePath]: 'platform',
  [P.signFileStream]: 'platform',
  [P.sendVerifyCode]: 'platform',
  [P.signVerifyCodeFilePath]: 'platform',
  [P.signVerifyCodeFileStream]: 'platform',
  [P.tsaPathSign]: 'platform',
  [P.tsaStreamSign]: 'platform',
  [P.czIn]: 'platform',
  [P.czQuery]: 'platform',
  [P.index]: 'none',
};

/** The four signing APIs. */
export const YHT_SIGN_PATHS = [
  P.signFilePath,
  P.signFileStream,
  P.signVerifyCodeFilePath,
  P.signVerifyCodeFileStream,
] as const;
/** The two signing APIs that check an SMS code first. */
export const YHT_VERIFY_CODE_SIGN_PATHS = [P.signVerifyCodeFilePath, P.signVerifyCodeFileStream] as const;
/** The APIs that read a local file path (resolved inside the sandbox directory). */
export const YHT_LOCAL_PATH_READERS = [
  P.signFilePath,
  P.signVerifyCodeFilePath,
  P.tsaPathSign,
  P.czIn,
] as const;
/** The APIs that write a local file (contractSavePath / fileSavePath). */
export const YHT_LOCAL_PATH_WRITERS = [...YHT_SIGN_PATHS, P.tsaPathSign, P.tsaStreamSign] as const;
