/** Small crypto helpers shared by vendor clients (Node: node:crypto). */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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
