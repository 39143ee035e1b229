/**
 * The shape of one baoquan tenant (an access key and the organisation behind it), as plain JSON.
 * Bytes never live here: attachments (as uploaded and as signed), certificates, seal images,
 * signature images and contracts are core `blobs`, referenced by blob id. Times are epoch ms on
 * the virtual clock.
 */

import type { BaoquanTemplate } from '../../contracts/baoquan/templates.ts';
import type { StoredSigner } from '../core/pki/index.ts';

/** A signer certificate kept for reuse (signing.ts), with the identity it was issued to. */
export type KeptCertificate = StoredSigner & { identity: string };

/**
 * A template as the console keeps it (contracts/baoquan/templates.ts: one schema per factoid
 * type, fields with a type and a required flag; `parentId` for templates derived from a system
 * one), plus when it was made.
 */
export type Template = BaoquanTemplate & { createdAt: number };

export interface Factoid {
  /** Absent when the client sent none (never de-duplicated then). */
  unique_id?: string;
  type: string;
  data: Record<string, unknown>;
}

export interface CaSigning {
  caId: string;
  keywords: string[];
}

export interface Attachment {
  /** base62(22), as in the doc's /attestation example. */
  id: string;
  /** The file name of the multipart part. */
  fileName: string;
  /** Lowercase hex SHA-256 of the bytes as uploaded. */
  checksum: string;
  size: number;
  contentType: string;
  /** The bytes as uploaded. */
  originalBlobId: string;
  /** The bytes as kept: the signed PDF when `signed`, else the upload itself. */
  blobId: string;
  signed?: CaSigning[];
  /** Index of the factoid (in the attestation's whole factoid list) it belongs to. */
  factoidIndex: number;
  createdAt: number;
}

export type AttestationKind = 'attestation' | 'hash';

export interface Attestation {
  /** 保全号: 32 upper-case hex, as the SDK tests' anos (see ids in handlers/attestations.ts). */
  no: string;
  /** Absent when the client sent none (the python SDK never does): no idempotency then. */
  unique_id?: string;
  template_id: string;
  kind: AttestationKind;
  identities: Record<string, string>;
  factoids: Factoid[];
  completed: boolean;
  /** factoid index (string) → attachment ids, in upload order. */
  attachments: Record<string, string[]>;
  /** For /attestations/hash: the file's SHA-256 (lowercase hex). */
  sha256?: string;
  createdAt: number;
  completedAt?: number;
  /** The rendered certificate (保全文件), once rendered; rendered again while not completed. */
  certificateBlobId?: string;
  /** '' until anchored; then 64 hex (SHA-256 of the certificate). */
  blockchainHash: string;
  anchoredAt?: number;
}

export type CaType = 'PERSONAL' | 'ENTERPRISE';

export interface Ca {
  /** caId: 32 upper-case hex, as in the doc (F98F99A554E944B6996882E8A68C60B2). */
  caId: string;
  type: CaType;
  /** ENTERPRISE: the company name on its seal. */
  name?: string;
  ic_code?: string;
  org_code?: string;
  tax_code?: string;
  link_name: string;
  link_id_card: string;
  link_phone: string;
  link_email: string;
  /** The uploaded seal image (png or jpg), if any. */
  sealBlobId?: string;
  sealFileName?: string;
  /** The certificate /cas issued (signing.ts); absent on the seeded examples until they sign. */
  cert?: KeptCertificate;
  createdAt: number;
}

export interface KycUser {
  /** base62(22), as in the doc's example `avbjetsfgyuyrryjetyDFs`. */
  userId: string;
  name: string;
  phone: string;
  /** Empty for a user registered without real-name verification (control API only). */
  idCard: string;
  /** Real-name verified (实名): always true for /users/kyc; contract signers must be. */
  kyc: boolean;
  /** Issued at the user's first contract signing (signing.ts); dropped when the identity changes. */
  cert?: KeptCertificate;
  createdAt: number;
  updatedAt: number;
}

export interface SignatureImage {
  signatureId: string;
  blobId: string;
  fileName: string;
  createdAt: number;
}

export interface VerifyCode {
  code: string;
  sentAt: number;
  expiresAt: number;
  /** Set when a sign call consumed it (codes are single use). */
  usedAt?: number;
}

export interface ContractSigner {
  phone: string;
  /** The creator (创建者 of the access key's organisation) signs first. */
  role: 'creator' | 'signer';
  status: 'WAITING' | 'DONE' | 'REJECT';
  signedAt?: number;
  /** Where the signature image went. */
  stamp?: { page: number; x: number; y: number; signatureId: string };
  verify?: VerifyCode;
}

/**
 * UPLOADED: PDF uploaded, no detail yet. SIGNING: detail set, signers in order.
 * DONE: everyone signed. CANCEL / REJECT: ended by the initiator / a signer. EXPIRED: end_at passed.
 */
export type ContractStatus = 'UPLOADED' | 'SIGNING' | 'DONE' | 'CANCEL' | 'REJECT' | 'EXPIRED';

export interface Contract {
  contractId: string;
  fileName: string;
  originalBlobId: string;
  /** The PDF as signed so far. */
  currentBlobId: string;
  pageCount: number;
  status: ContractStatus;
  title?: string;
  remark?: string;
  /** end_at as epoch ms. */
  endAt?: number;
  userPhones: string[];
  /** creator first, then userPhones in order; filled by setDetail. */
  signers: ContractSigner[];
  createdAt: number;
  detailAt?: number;
  endedAt?: number;
  endedBy?: string;
}

export interface BaoquanTenant {
  /** The access key. */
  id: string;
  /** The RSA public key (PEM: SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`). */
  publicKey: string;
  /** Unused by the documented APIs; kept for uniformity with the other vendors. */
  callbackUrl: string;
  /** The certificate's common field organization_name (组织名称). */
  organizationName: string;
  /** The certificate's common field product_name (产品名称). */
  productName: string;
  /** 创建者 of the organisation: the first signer of every contract. */
  creatorPhone: string;
  /** Virtual time from completion to blockchain anchoring. */
  anchorDelayMs: number;
  /** Access links older than this are refused; 0 = links never expire. */
  accessLinkTtlMs: number;
  /** What the tonce window compares with; absent = either clock (docs/interface.md "Time"). */
  clientClock?: 'either' | 'wall' | 'virtual';
  createdAt: number;
  templates: Record<string, Template>;
  attestations: Record<string, Attestation>;
  /** unique_id → no */
  uniqueIds: Record<string, string>;
  attachments: Record<string, Attachment>;
  cas: Record<string, Ca>;
  users: Record<string, KycUser>;
  signatures: Record<string, SignatureImage>;
  defaultSignatureId?: string;
  contracts: Record<string, Contract>;
  /** The creator's contract signatures: the organisation's certificate (signing.ts). */
  organizationCert?: KeptCertificate;
  /** The attestation certificates' signature: the platform's certificate (signing.ts). */
  platformCert?: KeptCertificate;
}

export interface BaoquanSnapshot {
  version: 1;
  tenants: BaoquanTenant[];
}

/** Own-property lookup for records keyed by caller input ("__proto__" is just an unknown key). */
export function own<T>(rec: Record<string, T>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

/** Stores `value` under `key` as an own property, whatever the key ("__proto__" included). */
export function setOwn<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The bytes of a seeded example attachment (the doc's ids, e.g. 2EHJQPs5j4SZpEKQXQ7r6C): no
 * upload stands behind them, so they are a small text file naming themselves (deterministic,
 * so their checksum is stable).
 */
export function seedAttachmentText(id: string): string {
  return `sealsim seed attachment ${id}\n`;
}
