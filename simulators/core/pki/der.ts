import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids.ts';

/** A fresh ArrayBuffer holding exactly these bytes (pkijs and asn1js take ArrayBuffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

export function parseDer(bytes: Uint8Array): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(bytes));
  if (parsed.offset === -1) throw new Error(`not DER: ${parsed.result.error}`);
  return parsed.result;
}

export function encode(schema: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(schema.toBER());
}

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(crypto.createHash('sha256').update(bytes).digest());
}

// Parsed certificates by their DER bytes: a signature parses the same chain every time.
const parsed = new WeakMap<Uint8Array, pkijs.Certificate>();

export function certificateFromDer(der: Uint8Array): pkijs.Certificate {
  let cert = parsed.get(der);
  if (!cert) {
    cert = new pkijs.Certificate({ schema: parseDer(der) });
    parsed.set(der, cert);
  }
  return cert;
}

/**
 * A block asn1js has already written (or parsed): it writes the same bytes again where it is
 * embedded. A signature must carry a certificate's own bytes (its signature covers them), and
 * asn1js re-encoding a parsed certificate tree costs about 0.2 ms each (issue 17); the structures
 * around it are still asn1js's to write, each once.
 */
export class EncodedBlock extends asn1js.BaseBlock {
  private constructor(readonly der: Uint8Array) {
    super();
  }
  /** The bytes asn1js writes for this block, written once. */
  static of(block: asn1js.BaseBlock): EncodedBlock {
    return new EncodedBlock(new Uint8Array(block.toBER()));
  }
  /** The bytes a parsed block was decoded from. */
  static decoded(parsed: asn1js.BaseBlock): EncodedBlock {
    if (!parsed.valueBeforeDecodeView.length) throw new Error('a block that was not parsed');
    return new EncodedBlock(parsed.valueBeforeDecodeView);
  }
  override toBER(sizeOnly?: boolean, writer?: asn1js.ViewWriter): ArrayBuffer {
    const bytes = sizeOnly ? new ArrayBuffer(this.der.length) : toArrayBuffer(this.der);
    if (!writer) return bytes;
    writer.write(bytes);
    return new ArrayBuffer(0);
  }
}

/** What a signature quotes of a certificate: the certificate, its issuer, serial and subject. */
export interface CertificateBlocks {
  certificate: EncodedBlock;
  issuer: EncodedBlock;
  serial: EncodedBlock;
  subject: EncodedBlock;
  sha256: Uint8Array;
}

// Parsed once per certificate (by its bytes' object, then by their hash; bounded): a signature quotes
// the same chain every time.
const blocksByObject = new WeakMap<Uint8Array, CertificateBlocks>();
const blocksByHash = new Map<string, CertificateBlocks>();
const MAX_CACHED_CERTIFICATES = 512;

export function certificateBlocks(der: Uint8Array): CertificateBlocks {
  let blocks = blocksByObject.get(der);
  if (blocks) return blocks;
  const hash = sha256(der);
  const key = Buffer.from(hash).toString('hex');
  blocks = blocksByHash.get(key);
  if (!blocks) {
    blocks = parseCertificateBlocks(der, hash);
    if (blocksByHash.size >= MAX_CACHED_CERTIFICATES) {
      const oldest = blocksByHash.keys().next().value;
      if (oldest !== undefined) blocksByHash.delete(oldest);
    }
    blocksByHash.set(key, blocks);
  }
  blocksByObject.set(der, blocks);
  return blocks;
}

let parses = 0;
/** The number of certificates parsed so far (tests count parses instead of timing them). */
export const certificateParses = () => parses;

function parseCertificateBlocks(der: Uint8Array, hash: Uint8Array): CertificateBlocks {
  parses++;
  const parsed = asn1js.fromBER(toArrayBuffer(der), { parseEmbedded: false });
  const certificate = parsed.result;
  if (parsed.offset !== der.length || !(certificate instanceof asn1js.Sequence))
    throw new Error('not a DER certificate');
  const tbs = certificate.valueBlock.value[0];
  if (!(tbs instanceof asn1js.Sequence)) throw new Error('a certificate without its TBSCertificate');
  // TBSCertificate: [0] version (absent for v1), serialNumber, signature, issuer, validity, subject, …
  const fields = tbs.valueBlock.value;
  const first = fields[0]?.idBlock.tagClass === 3 ? 1 : 0;
  const [serial, , issuer, , subject] = fields.slice(first, first + 5);
  if (
    !(serial instanceof asn1js.Integer) ||
    !(issuer instanceof asn1js.Sequence) ||
    !(subject instanceof asn1js.Sequence)
  )
    throw new Error('a TBSCertificate without its serial, issuer or subject');
  return {
    certificate: EncodedBlock.decoded(certificate),
    issuer: EncodedBlock.decoded(issuer),
    serial: EncodedBlock.decoded(serial),
    subject: EncodedBlock.decoded(subject),
    sha256: hash,
  };
}

export function sha256Algorithm(): pkijs.AlgorithmIdentifier {
  // RFC 5754: the parameters of SHA-2 identifiers are absent.
  return new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
}

export function rsaAlgorithm(oid: string): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() });
}

/** A positive INTEGER (serial numbers): DER with a leading zero byte where the top bit is set. */
export function positiveInteger(value: bigint): asn1js.Integer {
  if (value <= 0n) throw new Error('serial numbers are positive');
  return asn1js.Integer.fromBigInt(value);
}

export function pemEncode(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every `label` block of a PEM text, as DER, in order. */
export function pemDecodeAll(pem: string, label = 'CERTIFICATE'): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`, 'g');
  return [...pem.matchAll(re)].map((m) => new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')));
}
