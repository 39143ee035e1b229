/**
 * A minimal DER writer and certificate reader for the signing path (cms.ts, tsa.ts): a signature is
 * a handful of fixed structures around the certificates' own bytes, so writing them directly costs
 * a few µs where building pkijs objects cost milliseconds (pkijs re-parses every certificate's TBS
 * to encode it). The bytes are the same as pkijs wrote (test/core/pki/cms-der.test.ts compares them).
 */
import crypto from 'node:crypto';

function lengthOf(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One TLV: `tag` (one byte) around the concatenated contents. */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const size = content.reduce((n, c) => n + c.length, 0);
  const len = lengthOf(size);
  const out = new Uint8Array(1 + len.length + size);
  out[0] = tag;
  out.set(len, 1);
  let at = 1 + len.length;
  for (const c of content) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const seq = (...content: Uint8Array[]) => tlv(0x30, ...content);
export const set = (...content: Uint8Array[]) => tlv(0x31, ...content);
export const octets = (bytes: Uint8Array) => tlv(0x04, bytes);
/** `[n]` constructed, context-specific (EXPLICIT, or IMPLICIT over a SET/SEQUENCE). */
export const context = (n: number, ...content: Uint8Array[]) => tlv(0xa0 | n, ...content);
export const NULL = Uint8Array.of(0x05, 0x00);

const oids = new Map<string, Uint8Array>();

export function oid(dotted: string): Uint8Array {
  let der = oids.get(dotted);
  if (!der) {
    const arcs = dotted.split('.').map(BigInt);
    const body: number[] = [];
    const push = (v: bigint) => {
      const groups = [Number(v & 0x7fn)];
      for (v >>= 7n; v > 0n; v >>= 7n) groups.unshift(Number(v & 0x7fn) | 0x80);
      body.push(...groups);
    };
    push(arcs[0]! * 40n + arcs[1]!);
    for (const arc of arcs.slice(2)) push(arc);
    der = tlv(0x06, Uint8Array.from(body));
    oids.set(dotted, der);
  }
  return der;
}

/** INTEGER, minimal two's complement (a non-negative value). */
export function integer(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) throw new RangeError('only non-negative integers');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

const two = (n: number) => String(n).padStart(2, '0');

/** UTCTime `YYMMDDHHMMSSZ` (seconds, as asn1js writes it). */
export function utcTime(d: Date): Uint8Array {
  const s =
    two(d.getUTCFullYear() % 100) +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds()) +
    'Z';
  return tlv(0x17, Buffer.from(s, 'latin1'));
}

/** GeneralizedTime `YYYYMMDDHHMMSS[.fff]Z`, milliseconds without trailing zeros (as asn1js). */
export function generalizedTime(d: Date): Uint8Array {
  const ms = d.getUTCMilliseconds();
  const s =
    String(d.getUTCFullYear()).padStart(4, '0') +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds()) +
    (ms ? '.' + String(ms).padStart(3, '0').replace(/0+$/, '') : '') +
    'Z';
  return tlv(0x18, Buffer.from(s, 'latin1'));
}

/** A TLV of `bytes` at `at`: where its contents start and where it ends. */
export function readTlv(bytes: Uint8Array, at: number): { tag: number; contents: number; end: number } {
  const tag = bytes[at]!;
  let len = bytes[at + 1]!;
  let contents = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[contents + i]!;
    contents += n;
  }
  const end = contents + len;
  if (end > bytes.length) throw new Error('DER runs past its end');
  return { tag, contents, end };
}

/** What a signature quotes of a certificate: its issuer, serial and subject as their DER. */
export interface CertificateParts {
  issuer: Uint8Array;
  serial: Uint8Array;
  subject: Uint8Array;
  sha256: Uint8Array;
}

const parts = new WeakMap<Uint8Array, CertificateParts>();

export function certificateParts(der: Uint8Array): CertificateParts {
  let p = parts.get(der);
  if (!p) {
    const cert = readTlv(der, 0);
    const tbs = readTlv(der, cert.contents);
    let at = tbs.contents;
    let field = readTlv(der, at);
    if (field.tag === 0xa0) field = readTlv(der, (at = field.end)); // [0] version
    const serial = der.subarray(at, field.end);
    const algorithm = readTlv(der, field.end);
    const issuer = readTlv(der, algorithm.end);
    const validity = readTlv(der, issuer.end);
    const subject = readTlv(der, validity.end);
    p = {
      serial,
      issuer: der.subarray(algorithm.end, issuer.end),
      subject: der.subarray(validity.end, subject.end),
      sha256: new Uint8Array(crypto.createHash('sha256').update(der).digest()),
    };
    parts.set(der, p);
  }
  return p;
}
