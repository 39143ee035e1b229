// The test PKI: deterministic CA keys, per-vendor CA hierarchies, CMS signatures and RFC 3161 time
// stamps, all RSA-2048 / SHA-256 through node:crypto, ASN.1 through pkijs + asn1js.
export type { SigningIdentity, SubFilter, TimeStampAuthority } from './types.ts';
export { createDetachedSignature } from './cms.ts';
export type { DetachedSignatureOptions } from './cms.ts';
export { createTimeStampToken, timeStampResponse } from './tsa.ts';
export type { TimeStampOptions } from './tsa.ts';
export { pemDecodeAll, pemEncode } from './der.ts';
export {
  caName,
  certificateFacts,
  createVendorPki,
  describeName,
  loadSigner,
  publicKeyFingerprint,
  usableSigner,
} from './authority.ts';
export type {
  CertificateFacts,
  ClientCertificateRequest,
  ServerCredentials,
  CertifiedKey,
  IssuedSigner,
  SignerRequest,
  StoredSigner,
  VendorPki,
  VendorPkiOptions,
  VendorPkiSnapshot,
} from './authority.ts';
export {
  deriveRsaKey,
  deterministicRsaKey,
  signerKeyPool,
  takeSignerKey,
  takeSignerKeySync,
  warmSignerKeys,
} from './keys.ts';
export { OID } from './oids.ts';
export type { AltNames } from './x509.ts';
