/**
 * The shape of one esign tenant (an 开放平台 "应用": project id + secret), as plain JSON.
 * Bytes never live here: uploads, documents and every signed version are core `blobs`,
 * referenced by blob id. Times are epoch ms on the virtual clock.
 */
import type { StoredSigner } from '../core/pki/index.ts';

export interface Quota {
  /** Units bought (§2.1 套餐 份数). */
  total: number;
  /** Frozen by flows that are running (§2.2 先冻结后扣费). */
  frozen: number;
  /** Deducted by completed flows. */
  used: number;
}

export interface PersonAccount {
  kind: 'person';
  accountId: string;
  thirdId?: string;
  name: string;
  idNo: string;
  idType: number;
  mobile?: string;
  email?: string;
  createdAt: number;
  /** The 长效云证书, issued at the first signing (certificates.ts). */
  cert?: StoredSigner;
}

export interface OrganizeAccount {
  kind: 'organize';
  accountId: string;
  thirdId?: string;
  agentAccountId: string;
  name: string;
  organCode: string;
  organType: number;
  legalName?: string;
  legalIdNo?: string;
  legalIdType?: number;
  email?: string;
  createdAt: number;
  /** The 长效云证书, issued at the first signing (certificates.ts). */
  cert?: StoredSigner;
}

export type Account = PersonAccount | OrganizeAccount;

export interface UploadFile {
  fileKey: string;
  fileName: string;
  fileSize: number;
  contentType: string;
  contentMd5: string;
  /** Path of the signed PUT URL on the esign origin, e.g. /oss/open/1111563657_<uuid>.pdf */
  objectPath: string;
  /** Virtual time after which the PUT URL is refused. */
  uploadExpiresAt: number;
  /** Set once a PUT succeeded. */
  blobId?: string;
  uploadedAt?: number;
  createdAt: number;
}

export interface FormField {
  name: string;
  type: string;
}

export interface Template {
  templateId: string;
  templateName: string;
  templateTypeId: string;
  fileKey: string;
  blobId: string;
  formFields: FormField[];
  createdAt: number;
}

export interface Doc {
  docId: string;
  name: string;
  blobId: string;
  pageCount: number;
  source: 'file' | 'template';
  fileKey?: string;
  templateId?: string;
  createdAt: number;
}

/** A seal placement resolved at /sign/start against the original document (PDF points). */
export type PlannedPlacement =
  | { kind: 'xy'; page: number; x: number; y: number }
  | { kind: 'pages'; pages: number[]; x: number; y: number }
  | { kind: 'edge'; pages: number[]; y?: number };

export interface PlannedStamp {
  placement: PlannedPlacement;
  /** Seal width in pt (`scale`); undefined = the seal's own size. */
  width?: number;
  /** QR code with the flow-view URL beside the seal (qrcodeSign 1, single-page only). */
  qrcode?: boolean;
  /** Where the plan came from, for the signing page and the debug view. */
  describe: string;
}

export interface SignerDocPlan {
  docId: string;
  stamps: PlannedStamp[];
  /** true when the caller gave no docPosList (the seal goes to the default spot). */
  defaulted: boolean;
}

/**
 * 0 待签署 (not yet its turn, or flow is a draft), 1 签署中 (active, recieveTime set),
 * 2 已完成, 3 签署失败, 4 已拒签, 5 待确认 (never produced by the simulator).
 */
export type SignStatus = 0 | 1 | 2 | 3 | 4 | 5;

export interface VerifyCode {
  code: string;
  channel: 'sms' | 'email';
  to: string;
  sentAt: number;
  expiresAt: number;
  attempts: number;
}

export interface Signer {
  /** Position in the flow's signer list (platform last). */
  index: number;
  kind: 'person' | 'platform';
  /** The person's accountId; for the platform (signerAppAuto) the project id. */
  accountId: string;
  authorizationOrgId?: string;
  signOrder: number;
  autoSign: boolean;
  sealType?: string;
  certType?: number;
  /** The name on the seal: person name, org name, or the platform's name. */
  sealName: string;
  sealKind: 'personal' | 'company';
  plans: SignerDocPlan[];
  signStatus: SignStatus;
  recieveTime?: number;
  signTime?: number;
  signExplain?: string;
  /** The certificate of the signer's signatures, as the H5 page shows it (set when it signed). */
  certificate?: CertificateView;
  /** Unguessable per-signer token carried by the signUrl. */
  token: string;
  verify?: VerifyCode;
}

export interface CertificateView {
  /** As OpenSSL prints it, e.g. `C=CN, CN=张三, serialNumber=…`. */
  subject: string;
  issuer: string;
  /** Upper-case hex. */
  serialNumber: string;
  notBefore: number;
  notAfter: number;
}

/** 0 草稿, 1 签署中, 2 已完成, 3 已撤销, 4 已终止, 5 已过期 */
export type FlowStatus = 0 | 1 | 2 | 3 | 4 | 5;

export interface FlowDoc {
  docId: string;
  name: string;
  /** The original document this flow started from. */
  originalBlobId: string;
  /** The document as signed so far in this flow. */
  currentBlobId: string;
  pageCount: number;
}

export interface Flow {
  flowId: string;
  businessScene: string;
  initiatorAccountId?: string;
  signValidity?: number;
  contractValidity?: number;
  payer?: string;
  autoInitiate: 0 | 1;
  signPlatform?: string;
  noticeType: string;
  redirectUrl?: string;
  docs: FlowDoc[];
  signers: Signer[];
  flowStatus: FlowStatus;
  createTime: number;
  endTime?: number;
  statusDescription?: string;
  /** Quota units this flow holds frozen (0 once deducted or released). */
  quotaFrozen: number;
  quotaDeducted: number;
}

export interface EsignTenant {
  /** The project id (应用 ID). */
  id: string;
  secret: string;
  /** 应用名称: names the platform's own seal for signerAppAuto. */
  name: string;
  callbackUrl: string;
  quota: Quota;
  /** The package's end (§2.3 套餐到期), epoch ms on the virtual clock; undefined = no end. */
  quotaExpiresAt?: number;
  createdAt: number;
  /** The platform's (signerAppAuto) certificate, issued at its first signing (certificates.ts). */
  platformCert?: StoredSigner;
  accounts: Record<string, Account>;
  /** thirdId → accountId */
  thirdIds: Record<string, string>;
  files: Record<string, UploadFile>;
  templates: Record<string, Template>;
  docs: Record<string, Doc>;
  flows: Record<string, Flow>;
}

export interface EsignSnapshot {
  version: 1;
  tenants: EsignTenant[];
}

/**
 * Own-property lookup for records keyed by caller input, so "__proto__", "constructor" and
 * friends are simply unknown keys.
 */
export function own<T>(rec: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

/** Stores `value` under `key` as an own property, whatever the key ("__proto__" included). */
export function setOwn<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}
