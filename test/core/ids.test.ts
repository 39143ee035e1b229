import { describe, expect, it } from 'vitest';
import { createFaker } from '../../simulators/core/fake.ts';
import {
  base62,
  createIds,
  dateSerial,
  digits,
  hex32,
  numericCode,
  upperHex32,
  uuid,
  type IdGenerator,
} from '../../simulators/core/ids.ts';

/** A small seeded PRNG for the tests (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function checkFormats(g: Pick<IdGenerator, keyof IdGenerator>): void {
  for (let i = 0; i < 200; i++) {
    expect(g.hex32()).toMatch(/^[0-9a-f]{32}$/);
    expect(g.upperHex32()).toMatch(/^[0-9A-F]{32}$/);
    expect(g.uuid()).toMatch(UUID_V4);
    expect(g.digits(10)).toMatch(/^[1-9]\d{9}$/);
    expect(g.digits(1)).toMatch(/^[1-9]$/);
    expect(g.base62(22)).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(g.numericCode(6)).toMatch(/^\d{6}$/);
    expect(g.dateSerial(Date.UTC(2018, 3, 18, 15, 45, 44), 5)).toMatch(/^20180418234544\d{5}$/);
  }
}

describe('ids (node:crypto)', () => {
  it('produces the documented formats from the module-level functions', () => {
    checkFormats({ hex32, upperHex32, uuid, digits, dateSerial, base62, numericCode });
  });

  it('produces the documented formats from a fresh crypto-backed generator', () => {
    checkFormats(createIds());
  });

  it('does not repeat 32-hex IDs or UUIDs', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(hex32()).add(uuid());
    expect(seen.size).toBe(10_000);
  });

  it('spreads SMS code digits roughly evenly', () => {
    const counts = new Array(10).fill(0);
    for (const ch of numericCode(4096) + numericCode(4096) + numericCode(1808)) counts[Number(ch)]++;
    for (const c of counts) {
      expect(c).toBeGreaterThan(850);
      expect(c).toBeLessThan(1150);
    }
  });
});

describe('ids (seeded)', () => {
  it('is reproducible for the same source seed', () => {
    const run = (g: IdGenerator) => [
      g.hex32(),
      g.upperHex32(),
      g.uuid(),
      g.digits(12),
      g.base62(22),
      g.numericCode(6),
      g.dateSerial(0, 5),
    ];
    expect(run(createIds(seeded(1)))).toEqual(run(createIds(seeded(1))));
    expect(run(createIds(seeded(1)))).not.toEqual(run(createIds(seeded(2))));
    expect(run(createIds(createFaker(3).random))).toEqual(run(createIds(createFaker(3).random)));
    checkFormats(createIds(seeded(9)));
  });

  it('lets SMS codes start with 0 but not numeric IDs', () => {
    const g = createIds(seeded(4));
    const codes = Array.from({ length: 500 }, () => g.numericCode(6));
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
    const ids = Array.from({ length: 500 }, () => g.digits(6));
    expect(ids.every((c) => !c.startsWith('0'))).toBe(true);
  });

  it('rejects a source that leaves [0, 1)', () => {
    expect(() => createIds(() => 1).hex32()).toThrow(RangeError);
    expect(() => createIds(() => -0.1).hex32()).toThrow(RangeError);
    expect(() => createIds(() => Number.NaN).hex32()).toThrow(RangeError);
  });
});

describe('dateSerial', () => {
  it('stamps Beijing time and appends an incrementing counter', () => {
    const g = createIds(seeded(11));
    const now = Date.UTC(2018, 3, 18, 15, 45, 44, 123); // 2018-04-18 23:45:44.123 +08:00
    const a = g.dateSerial(now, 5);
    const b = g.dateSerial(now, 5);
    expect(a).toHaveLength(19);
    expect(a.slice(0, 14)).toBe('20180418234544');
    expect((Number(a.slice(14)) + 1) % 100_000).toBe(Number(b.slice(14)));
  });

  it('rolls over the Beijing date at 16:00 UTC, independent of the host time zone', () => {
    const g = createIds(seeded(12));
    expect(g.dateSerial(Date.UTC(2023, 11, 31, 15, 59, 59), 0)).toBe('20231231235959');
    expect(g.dateSerial(Date.UTC(2023, 11, 31, 16, 0, 0), 0)).toBe('20240101000000');
  });

  it('wraps the counter within its width', () => {
    const g = createIds(() => 0.999_999); // starts the counter at 9…9
    const serials = Array.from({ length: 3 }, () => g.dateSerial(0, 2));
    expect(serials.map((s) => s.slice(14))).toEqual(['00', '01', '02']);
    expect(serials[0].slice(0, 14)).toBe('19700101080000');
  });

  it('keeps 1000 serials within one second distinct', () => {
    const g = createIds();
    const now = Date.UTC(2024, 0, 1);
    expect(new Set(Array.from({ length: 1000 }, () => g.dateSerial(now, 5))).size).toBe(1000);
  });

  it('rejects bad arguments', () => {
    expect(() => dateSerial(Number.NaN, 5)).toThrow(RangeError);
    expect(() => dateSerial(0, -1)).toThrow(RangeError);
    expect(() => dateSerial(0, 16)).toThrow(RangeError);
    expect(() => dateSerial(Date.UTC(10000, 0, 1), 2)).toThrow(RangeError);
  });
});

describe('length arguments', () => {
  it('rejects non-positive or fractional lengths', () => {
    expect(() => digits(0)).toThrow(RangeError);
    expect(() => numericCode(-1)).toThrow(RangeError);
    expect(() => base62(1.5)).toThrow(RangeError);
  });
});
