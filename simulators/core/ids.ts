/**
 * Vendor-style identifiers: 32-hex object IDs (`fa71cad7423411e8b00f00163e107e9c`), UUIDs,
 * numeric IDs, timestamp serials (`2018041823454409001`), base62 tokens
 * (`2hSWTZ4oqVEJKAmK2RiyT4`) and SMS codes.
 *
 * `createIds(random)` takes a seeded source (any `() => number` in [0, 1), e.g.
 * `createFaker(seed).random`) for reproducible output; without one it draws from node:crypto.
 * The module-level functions use a shared crypto-backed generator.
 */
import { randomBytes } from 'node:crypto';

/** Uniform float in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

export interface IdGenerator {
  /** 32 lowercase hex characters. */
  hex32(): string;
  /** 32 uppercase hex characters. */
  upperHex32(): string;
  /** RFC 9562 version-4 UUID, lowercase, with hyphens. */
  uuid(): string;
  /** `n` decimal digits, first one non-zero (a numeric ID, not a zero-padded code). */
  digits(n: number): string;
  /**
   * `yyyyMMddHHmmss` of `now` in Beijing time (UTC+8, no DST), then `digitsAfter` digits of a
   * per-generator counter that starts at a random value and wraps, so serials from one
   * generator do not repeat within a second.
   */
  dateSerial(now: number, digitsAfter: number): string;
  /** `n` characters of [0-9A-Za-z]. */
  base62(n: number): string;
  /** `n` decimal digits, leading zeros allowed (SMS / verification codes). */
  numericCode(n: number): string;
}

const HEX = '0123456789abcdef';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const MAX_LENGTH = 4096;

function checkLength(what: string, n: number, min: number, max = MAX_LENGTH): void {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${what}: length must be an integer in [${min}, ${max}], got ${n}`);
  }
}

/** Uniform integer in [0, n) for n ≤ 256, from node:crypto, without modulo bias. */
function cryptoIntSource(): (n: number) => number {
  let pool = Buffer.alloc(0);
  let pos = 0;
  const byte = () => {
    if (pos >= pool.length) {
      pool = randomBytes(256);
      pos = 0;
    }
    return pool[pos++];
  };
  return (n) => {
    const limit = 256 - (256 % n); // accept bytes below the largest multiple of n
    for (;;) {
      const b = byte();
      if (b < limit) return b % n;
    }
  };
}

function seededIntSource(random: RandomSource): (n: number) => number {
  return (n) => {
    const r = random();
    if (!(r >= 0 && r < 1)) throw new RangeError(`random source must return a number in [0, 1), got ${r}`);
    return Math.floor(r * n);
  };
}

/** An ID generator drawing from `random`, or from node:crypto when it is omitted. */
export function createIds(random?: RandomSource): IdGenerator {
  const int = random ? seededIntSource(random) : cryptoIntSource();
  const fromAlphabet = (alphabet: string, n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[int(alphabet.length)];
    return s;
  };
  let counter: number | undefined;

  const hex32 = () => fromAlphabet(HEX, 32);

  return {
    hex32,
    upperHex32: () => hex32().toUpperCase(),
    uuid() {
      const h = hex32().split('');
      h[12] = '4'; // version
      h[16] = HEX[8 + int(4)]; // variant 10xx
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
    digits(n) {
      checkLength('digits', n, 1);
      return String(1 + int(9)) + fromAlphabet('0123456789', n - 1);
    },
    dateSerial(now, digitsAfter) {
      if (!Number.isFinite(now))
        throw new RangeError(`dateSerial: now must be a finite epoch-ms number, got ${now}`);
      checkLength('dateSerial', digitsAfter, 0, 15);
      const local = new Date(now + BEIJING_OFFSET_MS);
      const year = local.getUTCFullYear();
      if (year < 1000 || year > 9999) throw new RangeError(`dateSerial: year ${year} does not fit yyyy`);
      const stamp = local.toISOString().replace(/\D/g, '').slice(0, 14);
      if (digitsAfter === 0) return stamp;
      const mod = 10 ** digitsAfter;
      if (counter === undefined) {
        counter = 0;
        for (let i = 0; i < digitsAfter; i++) counter = counter * 10 + int(10);
      }
      counter = (counter + 1) % mod;
      return stamp + String(counter % mod).padStart(digitsAfter, '0');
    },
    base62(n) {
      checkLength('base62', n, 1);
      return fromAlphabet(BASE62, n);
    },
    numericCode(n) {
      checkLength('numericCode', n, 1);
      return fromAlphabet('0123456789', n);
    },
  };
}

const shared = createIds();

export const hex32 = (): string => shared.hex32();
export const upperHex32 = (): string => shared.upperHex32();
export const uuid = (): string => shared.uuid();
export const digits = (n: number): string => shared.digits(n);
export const dateSerial = (now: number, digitsAfter: number): string => shared.dateSerial(now, digitsAfter);
export const base62 = (n: number): string => shared.base62(n);
export const numericCode = (n: number): string => shared.numericCode(n);
