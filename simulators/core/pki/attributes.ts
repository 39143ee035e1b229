/**
 * The CMS pieces both signatures share (cms.ts, tsa.ts), built from asn1js blocks that asn1js encodes:
 * signed attributes, the SignerInfo over them and the ContentInfo(SignedData) around it. Certificates
 * are parsed once with asn1js and cached (der.ts `certificateBlocks`) and embedded as their own
 * bytes; pkijs objects are not built per signature (pkijs re-parses a certificate's TBS to encode it,
 * about a millisecond each; issue 17).
 */
import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { type CertificateBlocks, certificateBlocks, EncodedBlock, encode } from './der.ts';
import { OID } from './oids.ts';

export const seq = (...value: asn1js.BaseBlock[]) => new asn1js.Sequence({ value });
const set = (...value: asn1js.BaseBlock[]) => new asn1js.Set({ value });
/** `[n]` constructed, context-specific (EXPLICIT, or IMPLICIT over a SET/SEQUENCE). */
export const tagged = (tagNumber: number, ...value: asn1js.BaseBlock[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });
export const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
export const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: bytes });
/** INTEGER, minimal two's complement. */
export const integer = (value: bigint | number) => asn1js.Integer.fromBigInt(value);

/** An Attribute: its type and one value, encoded once (it is sorted, signed and embedded). */
const attribute = (type: string, value: asn1js.BaseBlock) => EncodedBlock.of(seq(oid(type), set(value)));

export const sha256Algorithm = EncodedBlock.of(seq(oid(OID.sha256))); // RFC 5754: no parameters
const rsaAlgorithm = EncodedBlock.of(seq(oid(OID.rsaEncryption), new asn1js.Null()));
const dataContentType = attribute(OID.contentType, oid(OID.data));

export function contentTypeAttribute(type: string): EncodedBlock {
  return type === OID.data ? dataContentType : attribute(OID.contentType, oid(type));
}

export function messageDigestAttribute(digest: Uint8Array): EncodedBlock {
  return attribute(OID.messageDigest, octets(digest));
}

export function signingTimeAttribute(at: Date): EncodedBlock {
  // RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise.
  const year = at.getUTCFullYear();
  return attribute(
    OID.signingTime,
    year >= 1950 && year < 2050
      ? new asn1js.UTCTime({ valueDate: at })
      : new asn1js.GeneralizedTime({ valueDate: wholeSeconds(at) }),
  );
}

/**
 * signing-certificate-v2 (RFC 5035): one ESSCertIDv2 naming the signer's certificate by its SHA-256
 * hash (the default hashAlgorithm, so absent in DER) and its issuer (a directoryName) and serial.
 */
export function signingCertificateV2Attribute(certDer: Uint8Array): EncodedBlock {
  return quoted(certDer).signingCertificateV2;
}

// What signatures quote of a certificate, encoded once per certificate (it is the same every time).
const quotes = new WeakMap<CertificateBlocks, { signingCertificateV2: EncodedBlock; sid: EncodedBlock }>();

function quoted(certDer: Uint8Array) {
  const cert = certificateBlocks(certDer);
  let quote = quotes.get(cert);
  if (!quote) {
    const issuerSerial = seq(seq(tagged(4, cert.issuer)), cert.serial);
    quote = {
      signingCertificateV2: attribute(
        OID.signingCertificateV2,
        seq(seq(seq(octets(cert.sha256), issuerSerial))),
      ),
      sid: EncodedBlock.of(seq(cert.issuer, cert.serial)), // IssuerAndSerialNumber
    };
    quotes.set(cert, quote);
  }
  return quote;
}

export function wholeSeconds(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/** A SignerInfo's parts: the signed attributes in DER order and the RSA signature over them. */
export interface SignedAttributes {
  attributes: EncodedBlock[];
  signature: Uint8Array;
}

/**
 * The signed attributes sorted by their encoding (DER's SET OF order) and signed with RSA PKCS#1
 * v1.5 / SHA-256 by node:crypto over their encoding as a SET (RFC 5652 §5.4), not the [0] IMPLICIT
 * form the SignerInfo carries.
 */
export function signAttributes(attributes: EncodedBlock[], key: KeyObject): SignedAttributes {
  const sorted = [...attributes].sort((a, b) => Buffer.compare(a.der, b.der));
  return {
    attributes: sorted,
    signature: new Uint8Array(crypto.sign('sha256', encode(set(...sorted)), key)),
  };
}

/** The SignerInfo (version 1, issuer and serial) with any unsigned attributes. */
export function signerInfo(
  signed: SignedAttributes,
  signerCertDer: Uint8Array,
  unsigned: asn1js.BaseBlock[] = [],
): asn1js.Sequence {
  return seq(
    integer(1),
    quoted(signerCertDer).sid,
    sha256Algorithm,
    tagged(0, ...signed.attributes),
    rsaAlgorithm,
    octets(signed.signature),
    ...(unsigned.length ? [tagged(1, ...unsigned)] : []),
  );
}

/** The unsigned attribute carrying a signature time stamp (a TimeStampToken). */
export const timeStampTokenAttribute = (token: asn1js.BaseBlock) =>
  attribute(OID.signatureTimeStampToken, token);

interface SignedDataParts {
  version: number;
  eContentType: string;
  eContent?: Uint8Array;
  certificates: Uint8Array[];
  signerInfo: asn1js.Sequence;
}

/** ContentInfo(SignedData) around one SignerInfo, with these certificates (their own bytes). */
export function signedDataContentInfo(opts: SignedDataParts): asn1js.Sequence {
  // eContent as a constructed OCTET STRING of one part, as pkijs wrote it (under 64 KB)
  const content = opts.eContent
    ? [tagged(0, new asn1js.OctetString({ value: [octets(opts.eContent)] }))]
    : [];
  const signedData = seq(
    integer(opts.version),
    set(sha256Algorithm),
    seq(oid(opts.eContentType), ...content),
    tagged(0, ...opts.certificates.map((der) => certificateBlocks(der).certificate)),
    set(opts.signerInfo),
  );
  return seq(oid(OID.signedData), tagged(0, signedData));
}
