/**
 * yunhetong-sdk's per-app state (one tenant per app, keyed by appId). Everything is plain JSON
 * (snapshot/restore, `--state`); files live in the blob store, referenced by id. Collections are
 * records on the tenant (each entry journalled on its own), id sequences live in the tenant head.
 */
import type { YunhetongSdkAppSettings } from '../../contracts/yunhetong-sdk/control.ts';
import type { SdkUserType } from '../../contracts/yunhetong-sdk/validation.ts';
import type { StoredSigner } from '../core/pki/index.ts';

/** A box on a page in PDF user space (points, origin bottom left), page 1-based. */
export interface SdkPageBox {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A user's signing certificate (signing.ts), kept with the identity it was issued for. */
export interface SdkUserCert {
  stored: StoredSigner;
  userName: string;
  certifyNumber: string;
}

/** An imported user (用户相关接口 1.导入用户信息). */
export interface SdkUser {
  /** The integrator's user id (≤ 49 characters): the key of `users`. */
  appUserId: string;
  /** 1 and 10 digits; unique in the app (`cellNums`). */
  cellNum: string;
  /** 1 个人, 2 企业, 4 平台 (one per app: `platformUserId`). */
  userType: SdkUserType;
  /** 姓名 or 企业名称; a company's or the platform's is unique in the app (`companyNames`). */
  userName: string;
  /** 1 身份证, 2 护照, 3 军官证 (persons); 4 营业执照, 5 组织机构代码证, 6 社会统一信用代码. */
  certifyType: number;
  /** As sent; unique in the app upper-cased (`certifyNumbers`). */
  certifyNumber: string;
  /** The automatic signature (createSignature, a company's seal), if any: a key of `signatures`. */
  autoSignatureId?: number;
  /** The certificate its seals are signed with (issued at its first signing; signing.ts). */
  cert?: SdkUserCert;
  createdAt: number;
  updatedAt: number;
}

/** What a signature looks like: a core seal drawn from a name, or an image in the blob store. */
export type SdkSignatureImage =
  | { kind: 'personal'; name: string }
  | { kind: 'company'; name: string }
  | { kind: 'image'; blobId: string; contentType: 'image/png' | 'image/jpeg' };

/** One of a user's signatures (the page's sign/getSign list). */
export interface SdkSignature {
  /** The app's sequence (`nextSignatureId`): the page's signId. */
  signatureId: number;
  appUserId: string;
  /** auto: made from userName (addUser / modifyUserName); drawn: sign/createSign. */
  source: 'auto' | 'drawn';
  image: SdkSignatureImage;
  createdAt: number;
}

/** An issued token (token/getToken). */
export interface SdkToken {
  /** `TGT-<n>-<random>-cas01.example.org`: the key of `tokens`. */
  token: string;
  appUserId: string;
  issuedAt: number;
  /** issuedAt + tokenLifetimeMs; valid while now < expiresAt (fixed, not sliding). */
  expiresAt: number;
  /** From token/checkToken: where the signing page goes after signing. */
  backURL?: string;
  /** From token/checkToken: echoed as noticeParams in notices of actions made with this token. */
  noticeParams?: string;
}

/** A template uploaded through the console. */
export interface SdkTemplate {
  /** 1–32 letters, digits, `_`, `-` (default the app's next number from 1001). */
  templateId: string;
  title: string;
  kind: 'pdf' | 'docx';
  /** The file in the blob store. */
  blobId: string;
  sha256: string;
  size: number;
  createdAt: number;
}

/** A partner of a contract (合同接口 3.添加参与者), in the order added. */
export interface SdkPartner {
  appUserId: string;
  /** A template's signature placeholder name. */
  locationName?: string;
  /** A text located in the PDF (≤ 10 characters); wins over locationName. */
  keyWord?: string;
  /**
   * Where the seal goes, resolved at addPartner: every hit of keyWord in the file, or every
   * template marker named locationName (its box), in page order.
   */
  locations: SdkPageBox[];
  /** The seals' boxes once signed. */
  placed?: SdkPageBox[];
  /** When the partner signed; absent while unsigned. */
  signedAt?: number;
  /** The signature used (a key of `signatures`, which may since be deleted). */
  signatureId?: number;
}

/** A signature placeholder (`${sign:NAME}`) of a template-made contract: the marker's box. */
export interface SdkSignLocation extends SdkPageBox {
  /** The placeholder name partners give as locationName. */
  locationName: string;
}

export type SdkContractStatus = 'signing' | 'finished' | 'invalid';

/** A contract (合同接口 1/2). */
export interface SdkContract {
  /** 16 digits: yyMMddHHmmss (Beijing) + the app's 4-digit sequence; answered as a JSON number. */
  contractId: string;
  /** ≤ 40 characters. */
  title: string;
  /** The integrator's own number (≤ 20), '' when not given. */
  defContractNo: string;
  /** 是否使用存证: 1 gives the contract a czId when it completes. */
  useCer: 0 | 1;
  /** The appUserId of the token that made it (only the creator adds partners). */
  creator: string;
  source: 'template' | 'file';
  /** The template it was made from (source 'template'). */
  templateId?: string;
  /** The current PDF in the blob store (replaced by each signature). */
  fileBlobId: string;
  /** Before this virtual time addPartner answers 10535 (the app's fileReadyDelayMs). */
  fileReadyAt: number;
  /** signing until every partner signed, then finished; invalid once voided. */
  status: SdkContractStatus;
  partners: SdkPartner[];
  /** The template's signature placeholders ([] for an uploaded file). */
  signLocations: SdkSignLocation[];
  /** 存证ID, set when a useCer contract completes (noticeType 2's map.czId). */
  czId?: string;
  /** Who voided it, and when. */
  invalidatedBy?: string;
  invalidatedAt?: number;
  /** When the last partner signed. */
  finishedAt?: number;
  gmtCreate: number;
  gmtModify: number;
}

export interface SdkTenant {
  /** appId (19 digits). */
  id: string;
  /** 应用密码. */
  password: string;
  settings: YunhetongSdkAppSettings;
  /** appUserId → user. */
  users: Record<string, SdkUser>;
  /** cellNum → appUserId. */
  cellNums: Record<string, string>;
  /** certifyNumber (upper-cased) → appUserId. */
  certifyNumbers: Record<string, string>;
  /** A company's or the platform's userName → appUserId. */
  companyNames: Record<string, string>;
  /** The app's one platform user (userType 4), once imported. */
  platformUserId?: string;
  /** token → token record. */
  tokens: Record<string, SdkToken>;
  /** The n of the next `TGT-<n>-…`. */
  nextTokenSeq: number;
  /** signatureId → signature. */
  signatures: Record<string, SdkSignature>;
  nextSignatureId: number;
  /** templateId → template. */
  templates: Record<string, SdkTemplate>;
  /** The next generated templateId. */
  nextTemplateSeq: number;
  /** contractId → contract. */
  contracts: Record<string, SdkContract>;
  /** The next 4-digit contract sequence (mod 10000). */
  nextContractSeq: number;
  createdAt: number;
}

export function own<V>(rec: Record<string, V>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

export function setOwn<V>(rec: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}
