/** Small crypto helpers shared by vendor clients (Node: node:crypto). */
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';

export type Bytes = Uint8Array | ArrayBuffer | string;

function toBuffer(data: Bytes): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(new Uint8Array(data));
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Lowercase hex HMAC-SHA256 of `data`, keyed with `secret` (UTF-8). */
export function hmacSha256Hex(secret: string, data: Bytes): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(toBuffer(data)).digest('hex');
}

/** Base64 of the binary MD5 digest (the Content-MD5 header's form). */
export function md5Base64(data: Bytes): string {
  return createHash('md5').update(toBuffer(data)).digest('base64');
}

/** Constant-time string comparison (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Lowercase hex SHA-256 of `data`. */
export function sha256Hex(data: Bytes): string {
  return createHash('sha256').update(toBuffer(data)).digest('hex');
}

/**
 * Base64 SHA256withRSA (RSASSA-PKCS1-v1_5) signature over the UTF-8 bytes of `data`. The private
 * key is PEM: PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`), or a KeyObject.
 */
export function rsaSha256SignBase64(privateKey: string | KeyObject, data: Bytes): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return createSign('RSA-SHA256').update(toBuffer(data)).sign(key, 'base64');
}

/** Verifies a Base64 SHA256withRSA signature with a public key (PEM: SPKI, PKCS#1 or a certificate). */
export function rsaSha256VerifyBase64(
  publicKey: string | KeyObject,
  data: Bytes,
  signature: string,
): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    return createVerify('RSA-SHA256').update(toBuffer(data)).verify(key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
