/**
 * 保全网 authentication glue. The request pipeline itself (parts, tonce ±300 s, SHA256withRSA
 * over "POST" + path + request_id + access_key + tonce + payload as sent, payload schema, file
 * parts) is the contract's `checkBaoquanRequest` (contracts/baoquan/validation.ts); this file
 * adds what needs tenants:
 * - registering a tenant's public key: SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY` PEM (or an
 *   X.509 certificate, as the vendor console asks for cert.pem), RSA only, ≥ 1024 bits; parsed
 *   once and cached, so requests never re-parse PEM;
 * - the access link (`/attestations/{ano}?accessKey&signature&tonce`): the v2 and v3 forms of the
 *   contract, and, leniently (guess), the same JSON with the keys in the other order or with
 *   Python's `json.dumps` spacing (`{"tonce": 1, "attestationId": "…"}`), since the signed text
 *   is a serialised map whose key order and spacing the SDK's language decides.
 *   decision: baoquan.access-link-lenient
 */
import type { KeyObject } from 'node:crypto';
import {
  baoquanPublicKey,
  verifyBaoquanAccessLink,
  verifyRsaSha256,
  type BaoquanAccessLinkQuery,
} from '../../contracts/baoquan/validation.ts';

export class PublicKeyError extends Error {}

const keyCache = new Map<string, KeyObject>();

/** The tenant's KeyObject from its PEM; throws PublicKeyError when it is no usable RSA public key. */
export function parsePublicKey(pem: unknown): KeyObject {
  if (typeof pem !== 'string' || !pem.trim())
    throw new PublicKeyError('publicKey must be an RSA public key in PEM');
  const cached = keyCache.get(pem);
  if (cached) return cached;
  const key = baoquanPublicKey(pem.trim());
  if (!key)
    throw new PublicKeyError(
      'publicKey is not a readable PEM public key (SPKI "PUBLIC KEY" or PKCS#1 "RSA PUBLIC KEY")',
    );
  if (key.asymmetricKeyType !== 'rsa')
    throw new PublicKeyError(`publicKey must be RSA, got ${key.asymmetricKeyType}`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024) throw new PublicKeyError(`publicKey must be at least 1024 bits, got ${bits}`);
  if (keyCache.size >= 1024) keyCache.clear();
  keyCache.set(pem, key);
  return key;
}

/** The key for a stored PEM, or undefined if it no longer parses (never thrown at request time). */
export function tenantKey(pem: string): KeyObject | undefined {
  try {
    return parsePublicKey(pem);
  } catch {
    return undefined;
  }
}

/** Extra texts a correct client may have signed for an access link (see the file comment). */
function lenientAccessLinkTexts(link: { ano: string; accessKey: string; tonce: number }): string[] {
  const a = JSON.stringify(link.ano);
  const k = JSON.stringify(link.accessKey);
  const t = String(link.tonce);
  return [
    `{"attestationId":${a},"tonce":${t}}`,
    `{"tonce": ${t}, "attestationId": ${a}}`,
    `{"attestationId": ${a}, "tonce": ${t}}`,
    `{"access_key": ${k}, "no": ${a}, "tonce": ${t}}`,
  ];
}

export function accessLinkVerifies(key: KeyObject, link: { ano: string } & BaoquanAccessLinkQuery): boolean {
  if (verifyBaoquanAccessLink(link, key)) return true;
  return lenientAccessLinkTexts(link).some((data) => verifyRsaSha256(key, data, link.signature));
}
