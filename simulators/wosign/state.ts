/**
 * wosign's per-tenant state (one tenant per tokenid). Everything is plain JSON (snapshot/restore,
 * `--state`); files live in the blob store, referenced by id. Collections are records on the tenant
 * (each entry journalled on its own).
 */
import type { WosignTenantSettings } from '../../contracts/wosign/control.ts';
import type { StoredSigner } from '../core/pki/index.ts';

/** A registered client certificate (or public key), keyed by its SHA-256 (lower-case hex). */
export interface WosignClientCert {
  /** SHA-256 of the DER certificate (`certificate`) or of its SubjectPublicKeyInfo (`publicKey`). */
  fingerprint: string;
  /** fingerprint: a bare SHA-256 registered, matched against the certificate's and the key's. */
  kind: 'certificate' | 'publicKey' | 'fingerprint';
  /** The certificate's subject ('' when registered from a key or a bare fingerprint). */
  subject: string;
  /** Its notAfter (epoch ms), when registered from a certificate. */
  notAfter: number | null;
  addedAt: number;
}

/** One signature box: 1-based page, fractions of the page (left-bottom x1,y1; right-top x2,y2). */
export interface WosignPosition {
  page: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A console template (tempid): a PDF and each signer's positions. */
export interface WosignTemplate {
  tempid: string;
  subject: string;
  /** The PDF in the blob store. */
  blobId: string;
  size: number;
  sha256: string;
  /** Per signer (signerlist order) the positions as given (`pagenumber`, `position` text). */
  signers: Array<{ signlist: Array<{ pagenumber: number; position: string }> }>;
  createdAt: number;
}

/** A registered company (for -50): orgNo → orgName. */
export interface WosignCompany {
  orgName: string;
  orgNo: string;
  addedAt: number;
}

export type WosignSignerStatus = 'waiting' | 'signing' | 'signed' | 'refused';

/** A signer of an order (signerlist entry), in signing order. */
export interface WosignSigner {
  index: number;
  signType: 1 | 2;
  orgName?: string;
  orgNo?: string;
  userName?: string;
  userNo?: string;
  country: string;
  /** The signer's mobile (a sealsim extension the doc does not list): where the signing SMS goes. */
  mobile?: string;
  /** The stamp image (stampbase), if given: blob id. */
  stampBlobId?: string;
  /** 营业执照/身份证 and 其它材料 images: blob ids. */
  picBlobId: string;
  otherpicBlobId: string;
  positions: WosignPosition[];
  status: WosignSignerStatus;
  /** The signing page's secret (its link goes out as the SMS). */
  pageToken: string;
  signedAt?: number;
  refusedAt?: number;
}

export type WosignOrderStatus = 'signing' | 'signed' | 'refused';

/** A signing order (CreateSignOrder). */
export interface WosignOrder {
  /** UUID: the key of `orders`. */
  signid: string;
  /** The caller's order number: unique per tenant (`orderNumbers`). */
  orderNumber: string;
  subject: string;
  tempid?: string;
  /** The document as given (or the template's): blob id, its format. */
  fileBlobId: string;
  fileformat: string;
  /** The user password the signed PDF is encrypted with ('' none). */
  password: string;
  signers: WosignSigner[];
  status: WosignOrderStatus;
  /** The document with the seals of those who signed so far (signing.ts), once one signed. */
  stampedBlobId?: string;
  /** The signed PDF once every signer signed: blob id and SHA-256 hex. */
  signedBlobId?: string;
  signedSha256?: string;
  /** The codes of a refusal (PushSignedDoc's errorcode joined with &). */
  errorcodes?: number[];
  createdAt: number;
  finishedAt?: number;
}

export interface WosignTenant {
  /** tokenid. */
  id: string;
  settings: WosignTenantSettings;
  /** fingerprint → registered client certificate. */
  certificates: Record<string, WosignClientCert>;
  /** tempid → template. */
  templates: Record<string, WosignTemplate>;
  /** The next generated tempid's number (T1001…). */
  nextTemplateSeq: number;
  /** orgNo (upper-cased) → company. */
  companies: Record<string, WosignCompany>;
  /** signid → order. */
  orders: Record<string, WosignOrder>;
  /** orderNumber → signid (the latest order with that number). */
  orderNumbers: Record<string, string>;
  /** WoSign's certificate the tenant's signed PDFs carry (signing.ts), once issued. */
  platformSigner?: StoredSigner;
  createdAt: number;
}

export function own<V>(rec: Record<string, V>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

export function setOwn<V>(rec: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}
