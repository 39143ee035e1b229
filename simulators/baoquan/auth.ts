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
import { createHash, type KeyObject } from 'node:crypto';
import {
  baoquanPublicKey,
  baoquanStringToSign,
  type BaoquanEnvelope,
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

/** What the journal shows when a request fails authentication (core/journal.ts `diagnose`). */
export interface BaoquanNearMiss {
  kind: string;
  summary: string;
  details: Record<string, string>;
}

const cut = (s: string) => (s.length > 4096 ? `${s.slice(0, 4096)}…(${s.length} chars)` : s);

/** The SHA-256 of a public key's SPKI DER, hex: which key verified, never the key itself. */
export function keyFingerprint(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** tonce (Unix seconds) against the wall and virtual clocks. */
export function tonceNearMiss(tonce: number, wallMs: number, virtualMs: number): BaoquanNearMiss {
  const skew = (ms: number) => tonce - Math.floor(ms / 1000);
  const say = (s: number) => `${Math.abs(s)} s ${s < 0 ? 'behind' : 'ahead of'}`;
  const wall = skew(wallMs);
  const virtual = skew(virtualMs);
  return {
    kind: 'tonce',
    summary:
      `tonce ${tonce} is ${say(wall)} the wall clock and ${say(virtual)} the virtual clock ` +
      '(window ±300 s)',
    details: {
      tonce: String(tonce),
      wallClock: String(Math.floor(wallMs / 1000)),
      virtualClock: String(Math.floor(virtualMs / 1000)),
      wallSkewSeconds: String(wall),
      virtualSkewSeconds: String(virtual),
    },
  };
}

/**
 * Why the request signature did not verify: the string to sign, which key verified it (its
 * fingerprint), what arrived, and the first known variant that does verify (the payload
 * re-serialised, another path, lowercase method, tonce as sent), else the likely causes.
 */
export function signatureNearMiss(
  key: KeyObject,
  tenantId: string,
  path: string,
  env: BaoquanEnvelope,
  verify: (data: string) => boolean,
): BaoquanNearMiss {
  const signed = baoquanStringToSign(path, env);
  const details: Record<string, string> = {
    stringToSign: cut(signed),
    verifiedWith: `public key of access key ${tenantId}, SPKI SHA-256 ${keyFingerprint(key)}`,
    receivedSignature: cut(env.signature),
  };
  const variants: Array<[string, () => string]> = [
    [
      'the payload was re-serialised after signing (its compact JSON verifies)',
      () => baoquanStringToSign(path, { ...env, payload: JSON.stringify(JSON.parse(env.payload)) }),
    ],
    [
      'the signature is over the other API version’s path',
      () =>
        baoquanStringToSign(
          path.includes('/api/v1/')
            ? path.replace('/api/v1/', '/api/v2/')
            : path.replace('/api/v2/', '/api/v1/'),
          env,
        ),
    ],
    ['the method was signed in lowercase ("post")', () => `post${signed.slice(4)}`],
    ['the path was left out of the string to sign', () => `POST${signed.slice(4 + path.length)}`],
  ];
  let cause =
    'no known variant verifies: sign exactly POST + path + request_id + access_key + tonce + ' +
    'payload (as sent) with the private key of the public key registered for this access key';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(env.signature)) cause = 'the signature is not Base64';
  else
    for (const [why, variant] of variants) {
      try {
        if (verify(variant())) {
          cause = why;
          break;
        }
      } catch {
        // the payload is not JSON: that variant does not apply
      }
    }
  details.firstDifference = cause;
  return { kind: 'rsa-signature', summary: `signature invalid: ${cause}`, details };
}
