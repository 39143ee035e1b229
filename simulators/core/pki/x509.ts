import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import net from 'node:net';
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

/**
 * root / intermediate: CAs; tsa: a time-stamping authority; signer: document signing; server: a TLS
 * server (serverAuth, its SANs); client: a TLS client or code-signing certificate (its EKUs).
 */
export type CertificateProfile = 'root' | 'intermediate' | 'tsa' | 'signer' | 'server' | 'client';

/** subjectAltName entries: DNS names and IP addresses (v4 or v6). */
export interface AltNames {
  dns?: string[];
  ip?: string[];
}

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
  /** server: the names it answers for. */
  altNames?: AltNames;
  /** client: its extended key usages (OIDs), e.g. codeSigning; default clientAuth. */
  extKeyUsages?: string[];
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
const KEY_ENCIPHERMENT = 2;
const KEY_CERT_SIGN = 5;
const CRL_SIGN = 6;

/** Method 1 of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: pkijs.PublicKeyInfo): ArrayBuffer {
  const bits = spki.subjectPublicKey.valueBlock.valueHexView;
  return toArrayBuffer(new Uint8Array(crypto.createHash('sha1').update(bits).digest()));
}

/** An IP address's bytes (4 or 16), for a subjectAltName iPAddress. */
function ipBytes(ip: string): Uint8Array {
  if (net.isIPv4(ip)) return new Uint8Array(ip.split('.').map(Number));
  if (!net.isIPv6(ip)) throw new Error(`not an IP address: ${ip}`);
  const [head = '', tail = ''] = ip.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const h = groups(head);
  const t = ip.includes('::') ? groups(tail) : [];
  const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

function subjectAltName(names: AltNames): pkijs.Extension {
  const general = [
    ...(names.dns ?? []).map((value) => new pkijs.GeneralName({ type: 2, value })),
    ...(names.ip ?? []).map(
      (ip) =>
        new pkijs.GeneralName({
          type: 7,
          value: new asn1js.OctetString({ valueHex: toArrayBuffer(ipBytes(ip)) }),
        }),
    ),
  ];
  return extension(OID.subjectAltName, false, new pkijs.GeneralNames({ names: general }).toSchema());
}

function profileExtensions(spec: CertificateSpec): pkijs.Extension[] {
  const { profile } = spec;
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
      keyUsage(
        ca
          ? [KEY_CERT_SIGN, CRL_SIGN]
          : profile === 'server'
            ? [DIGITAL_SIGNATURE, KEY_ENCIPHERMENT]
            : profile === 'client'
              ? [DIGITAL_SIGNATURE]
              : [DIGITAL_SIGNATURE, NON_REPUDIATION],
      ),
    ),
  ];
  if (profile === 'tsa') {
    // RFC 3161 §2.3: a TSA certificate has exactly one, critical, extended key usage.
    const eku = new pkijs.ExtKeyUsage({ keyPurposes: [OID.timeStamping] });
    out.push(extension(OID.extKeyUsage, true, eku.toSchema()));
  }
  if (profile === 'server') {
    out.push(
      extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: [OID.serverAuth] }).toSchema()),
    );
    out.push(subjectAltName(spec.altNames ?? {}));
  }
  if (profile === 'client') {
    const keyPurposes = spec.extKeyUsages?.length ? spec.extKeyUsages : [OID.clientAuth];
    out.push(extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes }).toSchema()));
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
      ...profileExtensions(spec),
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
