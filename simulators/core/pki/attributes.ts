import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateFromDer, encode, rsaAlgorithm, sha256, sha256Algorithm, toArrayBuffer } from './der.ts';
import { OID } from './oids.ts';

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
