/**
 * The pkijs implementation of the CMS signatures and time-stamp tokens as they were before the
 * signing path built them from asn1js blocks (core/pki/attributes.ts; kept here only as the
 * reference cms-der.test.ts compares the bytes with).
 */
import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  certificateFromDer,
  encode,
  positiveInteger,
  rsaAlgorithm,
  sha256,
  sha256Algorithm,
  toArrayBuffer,
} from '../../../simulators/core/pki/der.ts';
import { OID } from '../../../simulators/core/pki/oids.ts';
import type { SigningIdentity, SubFilter, TimeStampAuthority } from '../../../simulators/core/pki/types.ts';

export function contentTypeAttribute(oid: string): pkijs.Attribute {
  return new pkijs.Attribute({
    type: OID.contentType,
    values: [new asn1js.ObjectIdentifier({ value: oid })],
  });
}

export function messageDigestAttribute(digest: Uint8Array): pkijs.Attribute {
  return new pkijs.Attribute({
    type: OID.messageDigest,
    values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })],
  });
}

export function signingTimeAttribute(at: Date): pkijs.Attribute {
  // RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise.
  const year = at.getUTCFullYear();
  const value =
    year >= 1950 && year < 2050
      ? new asn1js.UTCTime({ valueDate: at })
      : new asn1js.GeneralizedTime({ valueDate: wholeSeconds(at) });
  return new pkijs.Attribute({ type: OID.signingTime, values: [value] });
}

/**
 * signing-certificate-v2 (RFC 5035): one ESSCertIDv2 naming the signer's certificate by its SHA-256
 * hash (the default hashAlgorithm, so absent in DER) and its issuer and serial number.
 */
export function signingCertificateV2Attribute(certDer: Uint8Array): pkijs.Attribute {
  const cert = certificateFromDer(certDer);
  const issuerSerial = new pkijs.IssuerSerial({
    issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }),
    serialNumber: cert.serialNumber,
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(certDer)) }), issuerSerial.toSchema()],
  });
  const signingCertificateV2 = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [essCertIdV2] })],
  });
  return new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2] });
}

export function wholeSeconds(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/**
 * A SignerInfo over these signed attributes, signed with RSA PKCS#1 v1.5 / SHA-256 by node:crypto.
 * The attributes are sorted by their encoding (DER's SET OF order), and the signature covers their
 * encoding as a SET (RFC 5652 §5.4), not the [0] IMPLICIT form the SignerInfo carries.
 */
export function signAttributes(
  attributes: pkijs.Attribute[],
  signerCertDer: Uint8Array,
  key: KeyObject,
): pkijs.SignerInfo {
  const cert = certificateFromDer(signerCertDer);
  const sorted = attributes
    .map((attribute) => ({ attribute, der: Buffer.from(encode(attribute.toSchema())) }))
    .sort((a, b) => Buffer.compare(a.der, b.der));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: sorted.map((s) => s.attribute),
  });
  const toBeSigned = encode(new asn1js.Set({ value: sorted.map((s) => s.attribute.toSchema()) }));
  const signature = crypto.sign('sha256', toBeSigned, key);
  return new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256Algorithm(),
    signedAttrs,
    signatureAlgorithm: rsaAlgorithm(OID.rsaEncryption),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });
}

/** ContentInfo(SignedData) around one SignerInfo, with these certificates, as DER. */
export function signedDataContentInfo(opts: SignedDataParts): Uint8Array {
  return encode(signedDataSchema(opts));
}

interface SignedDataParts {
  version: number;
  eContentType: string;
  eContent?: Uint8Array;
  certificates: Uint8Array[];
  signerInfo: pkijs.SignerInfo;
}

/** The same, as an ASN.1 value (to embed without encoding and parsing it again). */
export function signedDataSchema(opts: SignedDataParts): asn1js.Sequence {
  const signedData = new pkijs.SignedData({
    version: opts.version,
    digestAlgorithms: [sha256Algorithm()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: opts.eContentType,
      ...(opts.eContent
        ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(opts.eContent) }) }
        : {}),
    }),
    certificates: opts.certificates.map(certificateFromDer),
    signerInfos: [opts.signerInfo],
  });
  // toSchema(false): certificates keep their original bytes, so their signatures still verify.
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema() });
  return contentInfo.toSchema();
}
export function referenceDetachedSignature(opts: {
  content: Uint8Array;
  signer: SigningIdentity;
  signingTime: Date;
  subFilter: SubFilter;
  timestamp?: TimeStampAuthority & { serial: bigint };
}): Uint8Array {
  const digest = sha256(opts.content);
  if (!digest || digest.length !== 32) throw new Error('a signature needs content or a SHA-256 digest');
  const signerCertDer = opts.signer.chain[0];
  if (!signerCertDer) throw new Error('the signer has no certificate');
  const attributes = [contentTypeAttribute(OID.data), messageDigestAttribute(digest)];
  if (opts.subFilter === 'adbe.pkcs7.detached') attributes.push(signingTimeAttribute(opts.signingTime));
  else attributes.push(signingCertificateV2Attribute(signerCertDer));
  const signerInfo = signAttributes(attributes, signerCertDer, opts.signer.privateKey);
  if (opts.timestamp) {
    // The token's imprint is the hash of the signature value (RFC 3161 appendix A).
    const token = timeStampTokenSchema({
      content: new Uint8Array(signerInfo.signature.valueBlock.valueHexView),
      tsa: opts.timestamp,
      genTime: opts.signingTime,
      serial: opts.timestamp.serial,
    });
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [token] })],
    });
  }
  return signedDataContentInfo({
    version: 1,
    eContentType: OID.data,
    certificates: opts.signer.chain,
    signerInfo,
  });
}
export function timeStampTokenSchema(opts: {
  content: Uint8Array;
  tsa: TimeStampAuthority;
  genTime: Date;
  serial: bigint;
  nonce?: bigint;
}): asn1js.Sequence {
  const imprint = sha256(opts.content);
  if (!imprint || imprint.length !== 32) throw new Error('a time stamp needs content or a SHA-256 imprint');
  const tsaCertDer = opts.tsa.chain[0];
  if (!tsaCertDer) throw new Error('the TSA has no certificate');
  const tsaCert = certificateFromDer(tsaCertDer);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: OID.sealsimTsaPolicy,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: sha256Algorithm(),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(imprint) }),
    }),
    serialNumber: positiveInteger(opts.serial),
    genTime: opts.genTime,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(opts.nonce === undefined ? {} : { nonce: positiveInteger(opts.nonce) }),
    tsa: new pkijs.GeneralName({ type: 4, value: tsaCert.subject }),
  });
  const tstInfoDer = encode(tstInfo.toSchema());
  const signerInfo = signAttributes(
    [
      contentTypeAttribute(OID.tstInfo),
      messageDigestAttribute(sha256(tstInfoDer)),
      signingTimeAttribute(opts.genTime),
      signingCertificateV2Attribute(tsaCertDer),
    ],
    tsaCertDer,
    opts.tsa.privateKey,
  );
  return signedDataSchema({
    version: 3,
    eContentType: OID.tstInfo,
    eContent: tstInfoDer,
    certificates: opts.tsa.chain,
    signerInfo,
  });
}
