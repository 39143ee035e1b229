import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readCached, writeCached } from './disk-cache.ts';

/**
 * RSA-2048 keys.
 *
 * CA keys are a pure function of (seed, label): node:crypto's key generation cannot be seeded, so an
 * HMAC-SHA256 stream from the pair gives 1024-bit candidates (top two bits and low bit set), each
 * advanced by 2 past small-prime multiples (an incremental sieve) until `checkPrimeSync` accepts it;
 * the key is assembled with BigInt and imported as a JWK. About 50 ms a key (bench in the tests);
 * cached per (seed, label) in-process and on disk (disk-cache.ts).
 *
 * Signer keys need not be reproducible: `takeSignerKey()` hands out keys that
 * `crypto.generateKeyPair` made in the libuv thread pool, off the event loop, keeping a few ready.
 */

const E = 65537n;
const cache = new Map<string, KeyObject>();

export function deterministicRsaKey(seed: number | string, label: string): KeyObject {
  const id = `${seed}\u0000${label}`;
  let key = cache.get(id);
  if (!key) {
    key = fromDisk(id) ?? toDisk(id, deriveRsaKey(seed, label));
    cache.set(id, key);
  }
  return key;
}

/** A key kept on disk (disk-cache.ts), if it parses as an RSA key. */
function fromDisk(id: string): KeyObject | undefined {
  const pem = readCached(id);
  if (pem === undefined) return undefined;
  try {
    const key = crypto.createPrivateKey(pem);
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}

function toDisk(id: string, key: KeyObject): KeyObject {
  writeCached(id, String(key.export({ type: 'pkcs8', format: 'pem' })));
  return key;
}

/** The key of (seed, label), derived afresh (deterministicRsaKey caches it). */
export function deriveRsaKey(seed: number | string, label: string): KeyObject {
  return rsaKeyFromStream(byteStream(seed, label));
}

/** Deterministic bytes for (seed, label): HMAC-SHA256(K, counter) blocks, K bound to both. */
export function byteStream(seed: number | string, label: string): (n: number) => Buffer {
  const k = crypto.createHmac('sha256', 'sealsim-pki-v1').update(`${seed}\u0000${label}`).digest();
  let counter = 0;
  return (n) => {
    const blocks: Buffer[] = [];
    for (let have = 0; have < n; have += 32) {
      const c = Buffer.alloc(4);
      c.writeUInt32BE(counter++);
      blocks.push(crypto.createHmac('sha256', k).update(c).digest());
    }
    return Buffer.concat(blocks).subarray(0, n);
  };
}

let smallPrimes: number[] | undefined;

/** The first 2,000 odd primes, made on first use (about 10 ms; keys mostly come from the disk cache). */
function smallPrimeList(): number[] {
  if (smallPrimes) return smallPrimes;
  const out: number[] = [];
  for (let n = 3; out.length < 2000; n += 2) if (out.every((p) => p * p > n || n % p !== 0)) out.push(n);
  return (smallPrimes = out);
}

function prime1024(next: (n: number) => Buffer): bigint {
  const bytes = next(128);
  bytes[0] |= 0xc0; // two top bits: p·q has exactly 2048 bits
  bytes[127] |= 1;
  const start = BigInt(`0x${bytes.toString('hex')}`);
  const primes = smallPrimeList();
  const residues = primes.map((p) => Number(start % BigInt(p)));
  for (let offset = 0n; ; offset += 2n) {
    let sieved = true;
    for (let i = 0; i < primes.length; i++) {
      if (residues[i] === 0) sieved = false;
      residues[i] += 2;
      if (residues[i] >= primes[i]) residues[i] -= primes[i];
    }
    if (!sieved) continue;
    const candidate = start + offset;
    // e must be invertible modulo p - 1.
    if (candidate % E !== 1n && crypto.checkPrimeSync(candidate)) return candidate;
  }
}

function rsaKeyFromStream(next: (n: number) => Buffer): KeyObject {
  const p = prime1024(next);
  let q = prime1024(next);
  while (q === p) q = prime1024(next);
  const n = p * q;
  const lambda = lcm(p - 1n, q - 1n);
  const d = modInverse(E, lambda);
  const jwk = {
    kty: 'RSA',
    n: b64u(n),
    e: b64u(E),
    d: b64u(d),
    p: b64u(p),
    q: b64u(q),
    dp: b64u(d % (p - 1n)),
    dq: b64u(d % (q - 1n)),
    qi: b64u(modInverse(q, p)),
  };
  return crypto.createPrivateKey({ key: jwk, format: 'jwk' });
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1) {
    const quotient = r0 / r1;
    [r0, r1] = [r1, r0 - quotient * r1];
    [s0, s1] = [s1, s0 - quotient * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return ((s0 % m) + m) % m;
}

function b64u(v: bigint): string {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}

const POOL_SIZE = 4;
const ready: KeyObject[] = [];
let pending = 0;

function generateSignerKey(): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    crypto.generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 65537 }, (err, _pub, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

// One generation at a time in the background: it leaves the other core to the server.
function refill(): void {
  if (pending > 0 || ready.length >= POOL_SIZE) return;
  pending++;
  generateSignerKey()
    .then((key) => ready.push(key))
    .catch(() => undefined)
    .finally(() => {
      pending--;
      refill();
    });
}

/**
 * A fresh RSA-2048 key for an end-entity certificate. Keys come from a pool of four kept full in
 * the background; the first call starts the pool, and only a burst beyond it makes its own key.
 */
export async function takeSignerKey(): Promise<KeyObject> {
  const key = ready.shift();
  refill();
  return key ?? generateSignerKey();
}

/**
 * A fresh RSA-2048 key now, for callers that cannot wait (a control call issuing a client
 * certificate): one from the pool when ready, else made synchronously; the pool refills behind.
 */
export function takeSignerKeySync(): KeyObject {
  const key = ready.shift();
  refill();
  return key ?? crypto.generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 }).privateKey;
}

/** How many signer keys are ready and being generated. */
export function signerKeyPool(): { ready: number; pending: number; size: number } {
  return { ready: ready.length, pending, size: POOL_SIZE };
}

/** Start filling the signer key pool now (e.g. at start-up), so the first signing does not wait. */
export function warmSignerKeys(): void {
  refill();
}
