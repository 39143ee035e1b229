/**
 * The CMS pieces both signatures share (cms.ts, tsa.ts), written as DER (der-write.ts): signed
 * attributes, the SignerInfo over them and the ContentInfo(SignedData) around it, with the
 * certificates' own bytes.
 */
import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  certificateParts,
  context,
  generalizedTime,
  integer,
  NULL,
  octets,
  oid,
  seq,
  set,
  tlv,
  utcTime,
} from './der-write.ts';
import { OID } from './oids.ts';

/** An Attribute: its type and one value, DER. */
const attribute = (type: string, value: Uint8Array) => seq(oid(type), set(value));

export const sha256AlgorithmDer = () => seq(oid(OID.sha256)); // RFC 5754: no parameters
export const rsaAlgorithmDer = () => seq(oid(OID.rsaEncryption), NULL);

export function contentTypeAttribute(type: string): Uint8Array {
  return attribute(OID.contentType, oid(type));
}

export function messageDigestAttribute(digest: Uint8Array): Uint8Array {
  return attribute(OID.messageDigest, octets(digest));
}

export function signingTimeAttribute(at: Date): Uint8Array {
  // RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise.
  const year = at.getUTCFullYear();
  return attribute(
    OID.signingTime,
    year >= 1950 && year < 2050 ? utcTime(at) : generalizedTime(wholeSeconds(at)),
  );
}

/**
 * signing-certificate-v2 (RFC 5035): one ESSCertIDv2 naming the signer's certificate by its SHA-256
 * hash (the default hashAlgorithm, so absent in DER) and its issuer (a directoryName) and serial.
 */
export function signingCertificateV2Attribute(certDer: Uint8Array): Uint8Array {
  const cert = certificateParts(certDer);
  const issuerSerial = seq(seq(context(4, cert.issuer)), cert.serial);
  return attribute(OID.signingCertificateV2, seq(seq(seq(octets(cert.sha256), issuerSerial))));
}

export function wholeSeconds(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/** A SignerInfo's parts: the signed attributes in DER order and the RSA signature over them. */
export interface SignedAttributes {
  attributes: Uint8Array[];
  signature: Uint8Array;
}

/**
 * The signed attributes sorted by their encoding (DER's SET OF order) and signed with RSA PKCS#1
 * v1.5 / SHA-256 by node:crypto over their encoding as a SET (RFC 5652 §5.4), not the [0] IMPLICIT
 * form the SignerInfo carries.
 */
export function signAttributes(attributes: Uint8Array[], key: KeyObject): SignedAttributes {
  const sorted = [...attributes].sort((a, b) => Buffer.compare(a, b));
  return { attributes: sorted, signature: new Uint8Array(crypto.sign('sha256', set(...sorted), key)) };
}

/** The SignerInfo (version 1, issuer and serial) with any unsigned attributes. */
export function signerInfo(signed: SignedAttributes, signerCertDer: Uint8Array, unsigned: Uint8Array[] = []) {
  const cert = certificateParts(signerCertDer);
  return seq(
    integer(1),
    seq(cert.issuer, cert.serial),
    sha256AlgorithmDer(),
    context(0, ...signed.attributes),
    rsaAlgorithmDer(),
    octets(signed.signature),
    ...(unsigned.length ? [context(1, ...unsigned)] : []),
  );
}

/** The unsigned attribute carrying a signature time stamp (a TimeStampToken's DER). */
export const timeStampTokenAttribute = (token: Uint8Array) => attribute(OID.signatureTimeStampToken, token);

interface SignedDataParts {
  version: number;
  eContentType: string;
  eContent?: Uint8Array;
  certificates: Uint8Array[];
  signerInfo: Uint8Array;
}

/** ContentInfo(SignedData) around one SignerInfo, with these certificates, as DER. */
export function signedDataContentInfo(opts: SignedDataParts): Uint8Array {
  // eContent as a constructed OCTET STRING of one part, as pkijs wrote it (under 64 KB)
  const content = opts.eContent ? [context(0, tlv(0x24, octets(opts.eContent)))] : [];
  const signedData = seq(
    integer(opts.version),
    set(sha256AlgorithmDer()),
    seq(oid(opts.eContentType), ...content),
    context(0, ...opts.certificates),
    set(opts.signerInfo),
  );
  return seq(oid(OID.signedData), context(0, signedData));
}
