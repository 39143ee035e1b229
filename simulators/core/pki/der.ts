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
