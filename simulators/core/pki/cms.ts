import {
  contentTypeAttribute,
  messageDigestAttribute,
  signAttributes,
  signedDataContentInfo,
  signerInfo,
  signingCertificateV2Attribute,
  signingTimeAttribute,
  timeStampTokenAttribute,
} from './attributes.ts';
import { encode, sha256 } from './der.ts';
import { OID } from './oids.ts';
import { timeStampTokenBlock } from './tsa.ts';
import type { SigningIdentity, SubFilter, TimeStampAuthority } from './types.ts';

export interface DetachedSignatureOptions {
  /** The signed bytes (for a PDF: the byte ranges), or their SHA-256 as `digest`. */
  content?: Uint8Array;
  digest?: Uint8Array;
  signer: SigningIdentity;
  /** From the virtual clock; also the time stamp's genTime. */
  signingTime: Date;
  subFilter: SubFilter;
  /** Adds an RFC 3161 signature time stamp (unsigned attribute) from this TSA. */
  timestamp?: TimeStampAuthority;
}

/**
 * A detached CMS signature, DER `ContentInfo(SignedData)`: SHA-256, RSA, no eContent, the signer's
 * chain. Signed attributes are contentType and messageDigest plus, for `adbe.pkcs7.detached`,
 * signingTime and, for `ETSI.CAdES.detached`, signing-certificate-v2 (PAdES baseline: the time is the
 * signature dictionary's /M, not a signed attribute).
 */
export async function createDetachedSignature(opts: DetachedSignatureOptions): Promise<Uint8Array> {
  const digest = opts.digest ?? (opts.content ? sha256(opts.content) : undefined);
  if (!digest || digest.length !== 32) throw new Error('a signature needs content or a SHA-256 digest');
  const signerCertDer = opts.signer.chain[0];
  if (!signerCertDer) throw new Error('the signer has no certificate');
  const attributes = [contentTypeAttribute(OID.data), messageDigestAttribute(digest)];
  if (opts.subFilter === 'adbe.pkcs7.detached') attributes.push(signingTimeAttribute(opts.signingTime));
  else attributes.push(signingCertificateV2Attribute(signerCertDer));
  const signed = signAttributes(attributes, opts.signer.privateKey);
  // The token's imprint is the hash of the signature value (RFC 3161 appendix A).
  const unsigned = opts.timestamp
    ? [
        timeStampTokenAttribute(
          timeStampTokenBlock({ content: signed.signature, tsa: opts.timestamp, genTime: opts.signingTime }),
        ),
      ]
    : [];
  return encode(
    signedDataContentInfo({
      version: 1,
      eContentType: OID.data,
      certificates: opts.signer.chain,
      signerInfo: signerInfo(signed, signerCertDer, unsigned),
    }),
  );
}
