/**
 * yunhetong-digest's per-app state (one tenant per 开放平台 app, keyed by appId): the app's
 * platform-side settings (YunhetongDigestTenantSettings), its users, its issued tokens and the
 * signer-id sequence. Everything is plain JSON (snapshot/restore, `--state`).
 */
import type { YunhetongDigestTenantSettings } from '../../contracts/yunhetong-digest/control.ts';
import type { StoredSigner } from '../core/pki/index.ts';

export type YhtUserType = 'person' | 'company';

export interface YhtUser {
  signerId: number;
  type: YhtUserType;
  userName: string;
  /** Person: identityRegion 0–4; company: absent. */
  identityRegion?: string;
  /** Person: a | b; company: 1 | 2 | 3. */
  certifyType: string;
  certifyNum: string;
  phoneRegion?: string;
  phoneNo?: string;
  /** Set when the signer's CA certificate was revoked through the control API (signing: 60111). */
  certRevokedAt?: number;
  /** The user's CA certificate and key (certificates.ts), issued at registration. */
  cert?: StoredSigner;
  createdAt: number;
  updatedAt: number;
}

export interface YhtToken {
  token: string;
  /** undefined: the platform's own token. */
  signerId?: number;
  issuedAt: number;
  expiresAt: number;
}

/** A moulage (印模/印章) spec, rendered with the core pdf seals when a signing uses it. */
export type YhtMoulageSpec =
  | { kind: 'person'; name: string; borderType: string; fontFamily: string; color: string; mode: string }
  | {
      kind: 'company';
      name: string;
      styleType: string;
      textContent?: string;
      keyContent?: string;
      color: string;
      mode: string;
    }
  /** /moulage/upload: the PNG in the blob store. */
  | { kind: 'image'; blobId: string; width: number; height: number };

export interface YhtMoulage {
  moulageId: number;
  signerId: number;
  spec: YhtMoulageSpec;
  /**
   * Set through the control API (the API has no delete): 'deleted' answers 20203 印模已删除 at
   * signing; 'imageLost' lets the API layer accept it and the signing engine answer 60110 印模不存在.
   */
  state?: 'deleted' | 'imageLost';
  createdAt: number;
}

/** A signing (摘要签署流水): what was signed, with what, where the result went. */
export interface YhtSummary {
  summaryId: number;
  signerId: number;
  /** -1: 全透明 (no visible seal). */
  moulageId: number;
  sealClass: string;
  /** As the client sent it; `(文件流) <title>` for /sign/fileStream. */
  contractPath: string;
  /** /sign/fileStream's contractTitle. */
  contractTitle?: string;
  contractSavePath: string;
  /** SHA-256 hex of the original and of the signed file. */
  originalSha256: string;
  signedSha256: string;
  placed: Array<{ page: number; x: number; y: number; width: number; height: number }>;
  signedAt: number;
}

/** The latest SMS code sent to a signer (/send/verifyCode). */
export interface YhtVerifyCode {
  code: string;
  phoneNo: string;
  sentAt: number;
  /** Set when a signing succeeded with it. */
  usedAt?: number;
}

/** A time stamp (§5.6.6/§5.6.7 时间戳数据固化). */
export interface YhtTimeStamp {
  timeStampSignId: number;
  /** As the client sent it; `(文件流) <title>` for /tsa/streamSign. */
  filePath: string;
  title?: string;
  fileSavePath: string;
  sha256: string;
  at: number;
}

/** A 存证 (§5.6.8). */
export interface YhtCz {
  sid: string;
  czId: number;
  filePath: string;
  sha256: string;
  size: number;
  at: number;
}

export interface YhtTenant {
  /** appId. */
  id: string;
  appKey: string;
  settings: YunhetongDigestTenantSettings;
  /** Next signerId to hand out. */
  nextSignerId: number;
  users: Record<string, YhtUser>;
  /** certifyNum → signerId (unique in the app, persons and companies together). */
  certifyNums: Record<string, number>;
  tokens: Record<string, YhtToken>;
  nextMoulageId: number;
  moulages: Record<string, YhtMoulage>;
  nextSummaryId: number;
  summaries: Record<string, YhtSummary>;
  /** signerId → the latest code sent. */
  verifyCodes: Record<string, YhtVerifyCode>;
  nextTimeStampSignId: number;
  timeStamps: Record<string, YhtTimeStamp>;
  /** sid → 存证. */
  cz: Record<string, YhtCz>;
  createdAt: number;
}

export function own<V>(rec: Record<string, V>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

export function setOwn<V>(rec: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The first number from `from` on that is not yet a key of `rec` (the app's id sequences). */
export function firstFree(rec: Record<string, unknown>, from: number): number {
  let n = from;
  while (own(rec, String(n))) n++;
  return n;
}
