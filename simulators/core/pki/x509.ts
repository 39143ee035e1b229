import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { wholeSeconds } from './attributes.ts';
import { certificateFromDer, encode, parseDer, positiveInteger, rsaAlgorithm, toArrayBuffer } from './der.ts';
import { OID } from './oids.ts';

/** A distinguished name, written in this order: C, O, OU…, CN, serialNumber. */
export interface NameParts {
  C?: string;
  O?: string;
  OU?: string[];
  CN: string;
  serialNumber?: string;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

function nameValue(value: string, printable: boolean): pkijs.AttributeValueType {
  return printable && PRINTABLE.test(value)
    ? new asn1js.PrintableString({ value })
    : new asn1js.Utf8String({ value });
}

export function buildName(parts: NameParts): pkijs.RelativeDistinguishedNames {
  const entries: [string, string, boolean][] = [];
  if (parts.C) entries.push([OID.countryName, parts.C, true]);
  if (parts.O) entries.push([OID.organizationName, parts.O, false]);
  for (const ou of parts.OU ?? []) entries.push([OID.organizationalUnitName, ou, false]);
  entries.push([OID.commonName, parts.CN, false]);
  if (parts.serialNumber) entries.push([OID.serialNumber, parts.serialNumber, true]);
  // One attribute per RDN (pkijs would put them all in one multi-valued RDN).
  const sequence = new asn1js.Sequence({
    value: entries.map(
      ([type, value, printable]) =>
        new asn1js.Set({
          value: [new pkijs.AttributeTypeAndValue({ type, value: nameValue(value, printable) }).toSchema()],
        }),
    ),
  });
  return new pkijs.RelativeDistinguishedNames({ schema: parseDer(encode(sequence)) });
}

export type CertificateProfile = 'root' | 'intermediate' | 'tsa' | 'signer';

export interface CertificateSpec {
  profile: CertificateProfile;
  serial: bigint;
  subject: NameParts;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** The issuing CA; absent for a self-signed root. */
  issuer?: { certificate: Uint8Array; privateKey: KeyObject };
  /** The root signs itself with this key. */
  selfKey?: KeyObject;
}

function time(at: Date): pkijs.Time {
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after; whole seconds.
  const value = wholeSeconds(at);
  return new pkijs.Time({ type: value.getUTCFullYear() < 2050 ? 0 : 1, value });
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER() });
}

/** KeyUsage bits (RFC 5280 §4.2.1.3) as a DER BIT STRING: trailing zero bits dropped. */
function keyUsage(bits: number[]): asn1js.BitString {
  let value = 0;
  for (const bit of bits) value |= 0x80 >> bit;
  const unusedBits = Math.min(...bits.map((bit) => 7 - bit));
  return new asn1js.BitString({ valueHex: new Uint8Array([value]).buffer, unusedBits });
}

const DIGITAL_SIGNATURE = 0;
const NON_REPUDIATION = 1;
const KEY_CERT_SIGN = 5;
const CRL_SIGN = 6;

/** Method 1 of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: pkijs.PublicKeyInfo): ArrayBuffer {
  const bits = spki.subjectPublicKey.valueBlock.valueHexView;
  return toArrayBuffer(new Uint8Array(crypto.createHash('sha1').update(bits).digest()));
}

function profileExtensions(profile: CertificateProfile): pkijs.Extension[] {
  const ca = profile === 'root' || profile === 'intermediate';
  const constraints = new pkijs.BasicConstraints({
    cA: ca,
    ...(profile === 'intermediate' ? { pathLenConstraint: 0 } : {}),
  });
  const out = [
    extension(OID.basicConstraints, true, constraints.toSchema()),
    extension(
      OID.keyUsage,
      true,
      keyUsage(ca ? [KEY_CERT_SIGN, CRL_SIGN] : [DIGITAL_SIGNATURE, NON_REPUDIATION]),
    ),
  ];
  if (profile === 'tsa') {
    // RFC 3161 §2.3: a TSA certificate has exactly one, critical, extended key usage.
    const eku = new pkijs.ExtKeyUsage({ keyPurposes: [OID.timeStamping] });
    out.push(extension(OID.extKeyUsage, true, eku.toSchema()));
  }
  return out;
}

/** An X.509 v3 certificate, signed sha256WithRSAEncryption by node:crypto; DER. */
export function issueCertificate(spec: CertificateSpec): Uint8Array {
  const signingKey = spec.issuer?.privateKey ?? spec.selfKey;
  if (!signingKey) throw new Error('a certificate needs an issuer key');
  const issuerCert = spec.issuer ? certificateFromDer(spec.issuer.certificate) : undefined;
  const spki = new pkijs.PublicKeyInfo({
    schema: parseDer(new Uint8Array(spec.publicKey.export({ type: 'spki', format: 'der' }))),
  });
  const subject = buildName(spec.subject);
  const ski = keyIdentifier(spki);
  const aki = issuerCert ? keyIdentifier(issuerCert.subjectPublicKeyInfo) : ski;
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: positiveInteger(spec.serial),
    signature: rsaAlgorithm(OID.sha256WithRsa),
    issuer: issuerCert ? issuerCert.subject : subject,
    notBefore: time(spec.notBefore),
    notAfter: time(spec.notAfter),
    subject,
    subjectPublicKeyInfo: spki,
    signatureAlgorithm: rsaAlgorithm(OID.sha256WithRsa),
    extensions: [
      ...profileExtensions(spec.profile),
      extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: ski })),
      extension(
        OID.authorityKeyIdentifier,
        false,
        new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1js.OctetString({ valueHex: aki }),
        }).toSchema(),
      ),
    ],
  });
  const tbs = encode(cert.encodeTBS());
  cert.tbs = toArrayBuffer(tbs);
  const signature = crypto.sign('sha256', tbs, signingKey);
  cert.signatureValue = new asn1js.BitString({ valueHex: toArrayBuffer(new Uint8Array(signature)) });
  return encode(cert.toSchema());
}
