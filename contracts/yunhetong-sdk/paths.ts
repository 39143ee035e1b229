/**
 * 云合同 SDK API (yunhetong-sdk) paths, relative to the base path `/sdk`
 * (`https://sdk.yunhetong.com/sdk/<api>`), and which credentials each one takes.
 */

export const SDK_BASE_PATH = '/sdk';

/** Every API path: the doc's 13 and the signing page's JSON endpoints (the JS SDK's page). */
export const SDK_PATHS = {
  addUser: '/userInfo/addUser',
  getToken: '/token/getToken',
  checkToken: '/token/checkToken',
  modifyCellNum: '/userInfo/modifyCellNum',
  modifyUserName: '/userInfo/modifyUserName',
  templateContract: '/contract/templateContract',
  fileContract: '/contract/fileContract',
  addPartner: '/contract/addPartner',
  signContract: '/contract/signContract',
  invalid: '/contract/invalid',
  list: '/contract/list',
  detail: '/contract/detail',
  download: '/contract/download',
  view: '/contract/view',
  sign: '/contract/sign',
  allSign: '/contract/allSign',
  getSign: '/sign/getSign',
  createSign: '/sign/createSign',
  delSign: '/sign/delSign',
} as const;

export type SdkPath = (typeof SDK_PATHS)[keyof typeof SDK_PATHS];

/** The APIs that take appId + password instead of a token (doc: 用户相关接口 2, "除了导入用户和获取用户登录凭证"). */
export const SDK_APP_CREDENTIAL_PATHS: readonly SdkPath[] = [SDK_PATHS.addUser, SDK_PATHS.getToken];

/** The methods each path takes. list/detail: GET in the doc, POSTed by real clients (issue 11). */
export const SDK_METHODS: Record<SdkPath, readonly ('GET' | 'POST')[]> = {
  [SDK_PATHS.addUser]: ['POST'],
  [SDK_PATHS.getToken]: ['POST'],
  [SDK_PATHS.checkToken]: ['GET'],
  [SDK_PATHS.modifyCellNum]: ['POST'],
  [SDK_PATHS.modifyUserName]: ['POST'],
  [SDK_PATHS.templateContract]: ['POST'],
  [SDK_PATHS.fileContract]: ['POST'],
  [SDK_PATHS.addPartner]: ['POST'],
  [SDK_PATHS.signContract]: ['POST'],
  [SDK_PATHS.invalid]: ['POST'],
  [SDK_PATHS.list]: ['GET', 'POST'],
  [SDK_PATHS.detail]: ['GET', 'POST'],
  [SDK_PATHS.download]: ['GET'],
  [SDK_PATHS.view]: ['POST'],
  [SDK_PATHS.sign]: ['POST'],
  [SDK_PATHS.allSign]: ['POST'],
  [SDK_PATHS.getSign]: ['POST'],
  [SDK_PATHS.createSign]: ['POST'],
  [SDK_PATHS.delSign]: ['POST'],
};

/** The signing page's endpoints (FIDELITY: the JS SDK's page form-POSTs each with `token`). */
export const SDK_PAGE_PATHS: readonly SdkPath[] = [
  SDK_PATHS.view,
  SDK_PATHS.sign,
  SDK_PATHS.allSign,
  SDK_PATHS.getSign,
  SDK_PATHS.createSign,
  SDK_PATHS.delSign,
];

/** The token APIs of the doc's contract section (合同接口). */
export const SDK_CONTRACT_PATHS: readonly SdkPath[] = [
  SDK_PATHS.templateContract,
  SDK_PATHS.fileContract,
  SDK_PATHS.addPartner,
  SDK_PATHS.signContract,
  SDK_PATHS.invalid,
  SDK_PATHS.list,
  SDK_PATHS.detail,
  SDK_PATHS.download,
];

/** Every path that takes `token` (everything but addUser and getToken). */
export const SDK_TOKEN_PATHS: readonly SdkPath[] = Object.values(SDK_PATHS).filter(
  (p) => !SDK_APP_CREDENTIAL_PATHS.includes(p),
);
