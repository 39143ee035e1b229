/** The typed 云合同 SDK API (yunhetong-sdk) client. */
export {
  createYunhetongSdkClient,
  fileContractForm,
  sdkFields,
  unwrap,
  TOKEN_EXPIRED_SUBCODE,
  type YunhetongSdkClient,
  type YunhetongSdkUserClient,
  type YunhetongSdkClientOptions,
  type SdkCallInit,
  type SdkOperation,
  type SdkEnvelope,
  type SdkValue,
  type SdkParams,
  type SdkFile,
  type SdkPartner,
  type TemplateParam,
  type AddUserParams,
  type ContractId,
} from './client.ts';
export { YunhetongSdkTokenStore } from './tokens.ts';
export { YunhetongSdkApiError } from './errors.ts';
export type { paths as YunhetongSdkPaths, components as YunhetongSdkComponents } from './schema.d.ts';
