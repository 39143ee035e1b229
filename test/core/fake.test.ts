import { describe, expect, it } from 'vitest';
import {
  createFaker,
  idCardCheckDigit,
  isValidIdCardNo,
  isValidMobile,
  isValidOrgCode,
  isValidRegNo,
  isValidTaxCode,
  isValidUscc,
  orgCodeCheckChar,
  regNoCheckDigit,
  usccCheckChar,
  type FakePerson,
} from '../../simulators/core/fake.ts';

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Every string equal to `s` except at index `i`, where `alphabet` supplies the other chars. */
function substitutions(s: string, i: number, alphabet: string): string[] {
  return [...alphabet].filter((c) => c !== s[i]).map((c) => s.slice(0, i) + c + s.slice(i + 1));
}

// Published codes, used as fixed points for the check algorithms.
const KNOWN_IDS = ['11010519491231002X', '440524188001010014']; // both examples from GB 11643-1999
const KNOWN_USCCS = [
  '91350100M000100Y43',
  '914403001922038216',
  '91110108551385082Q',
  '9144030071526726XG',
  '91330100716105852F',
  '91110000802100433B',
];
const KNOWN_REG_NOS = ['440301103097413', '110108012660422'];

describe('居民身份证号 (GB 11643-1999)', () => {
  it('computes the check character of known numbers', () => {
    expect(idCardCheckDigit('11010519491231002')).toBe('X');
    expect(idCardCheckDigit('44052418800101001')).toBe('4');
    expect(() => idCardCheckDigit('1101051949123100')).toThrow(TypeError);
  });

  it('accepts known valid numbers', () => {
    for (const id of KNOWN_IDS) expect(isValidIdCardNo(id), id).toBe(true);
  });

  it('rejects every wrong check character and every single-digit substitution', () => {
    for (const id of KNOWN_IDS) {
      for (const bad of substitutions(id, 17, '0123456789X')) expect(isValidIdCardNo(bad), bad).toBe(false);
      for (let i = 0; i < 17; i++) {
        for (const bad of substitutions(id, i, '0123456789')) {
          // Some substitutions also break the date or province; all must fail.
          expect(isValidIdCardNo(bad), bad).toBe(false);
        }
      }
    }
  });

  it('rejects malformed numbers, impossible dates and unknown provinces', () => {
    const withCheck = (first17: string) => first17 + idCardCheckDigit(first17);
    expect(isValidIdCardNo(withCheck('11010519490229002'))).toBe(false); // 1949 is not a leap year
    expect(isValidIdCardNo(withCheck('11010520000229002'))).toBe(true); // 2000 is
    expect(isValidIdCardNo(withCheck('11010519491331002'))).toBe(false); // month 13
    expect(isValidIdCardNo(withCheck('00010519491231002'))).toBe(false); // province 00
    expect(isValidIdCardNo(withCheck('91010519491231002'))).toBe(false); // province 91
    expect(isValidIdCardNo('11010519491231002x')).toBe(false); // lower-case x
    expect(isValidIdCardNo('1101051949123100X')).toBe(false); // 17 chars
    expect(isValidIdCardNo('110105491231002')).toBe(false); // old 15-digit form
    expect(isValidIdCardNo(' 11010519491231002X')).toBe(false);
    expect(isValidIdCardNo(undefined as unknown as string)).toBe(false);
  });
});

describe('统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714)', () => {
  it('computes the check character of a known code', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(TypeError);
    expect(() => usccCheckChar('91350100M000100I4')).toThrow(TypeError); // I is not in the alphabet
  });

  it('accepts known valid codes, and their embedded organisation codes', () => {
    for (const u of KNOWN_USCCS) {
      expect(isValidUscc(u), u).toBe(true);
      expect(isValidOrgCode(u.slice(8, 17)), u).toBe(true);
    }
    expect(isValidOrgCode('M000100Y4')).toBe(true);
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    expect(orgCodeCheckChar('71526726')).toBe('X'); // remainder 1 → 10 → X
  });

  it('rejects every wrong check character and every single-character substitution', () => {
    for (const u of KNOWN_USCCS) {
      for (const bad of substitutions(u, 17, USCC_CHARSET)) expect(isValidUscc(bad), bad).toBe(false);
      for (let i = 0; i < 17; i++) {
        for (const bad of substitutions(u, i, USCC_CHARSET)) expect(isValidUscc(bad), bad).toBe(false);
      }
      const org = u.slice(8, 17);
      for (const bad of substitutions(org, 8, '0123456789X')) expect(isValidOrgCode(bad), bad).toBe(false);
    }
  });

  it('maps a USCC remainder of 0 to check character 0', () => {
    // Vary the last body character until the check comes out as '0' (31 → 0).
    const hits = [...USCC_CHARSET].map((c) => '91350100M000100Y' + c).filter((p) => usccCheckChar(p) === '0');
    expect(hits.length).toBe(1);
    expect(isValidUscc(hits[0] + '0')).toBe(true);
  });

  it('maps an organisation-code remainder of 0 to check character 0', () => {
    expect(orgCodeCheckChar('00000000')).toBe('0'); // 11 - 0 = 11 → '0'
    expect(isValidOrgCode('000000000')).toBe(true);
    expect(isValidOrgCode('000000001')).toBe(false);
  });

  it('rejects malformed codes', () => {
    expect(isValidUscc('91350100m000100y43')).toBe(false); // lower case
    expect(isValidUscc('91350100M000100Y4')).toBe(false); // 17 chars
    expect(isValidUscc('913501O0M000100Y43')).toBe(false); // letter O in the area code
    // letter in area code
    expect(isValidUscc('9135A100M000100Y43'.slice(0, 17) + usccCheckChar('9135A100M000100Y4'))).toBe(false);
    expect(isValidOrgCode('M000100Y-4')).toBe(true); // printed form
    expect(isValidOrgCode('M000100Y--4')).toBe(false);
    expect(isValidOrgCode('m000100y4')).toBe(false);
    expect(isValidOrgCode('M000100Y')).toBe(false);
  });

  it('has exactly one valid check character for any body', () => {
    const bodies = ['91110000000000000', '12100000MB0000000', 'Y1440300MA5DXXXXX'];
    for (const b of bodies) {
      const valid = [...USCC_CHARSET].filter((c) => isValidUscc(b + c));
      expect(valid, b).toEqual([usccCheckChar(b)]);
    }
  });
});

describe('工商注册号 (ISO 7064 MOD 11,10)', () => {
  it('accepts known numbers and rejects every other check digit and every single-digit substitution', () => {
    for (const r of KNOWN_REG_NOS) {
      expect(isValidRegNo(r), r).toBe(true);
      expect(regNoCheckDigit(r.slice(0, 14))).toBe(r[14]);
      for (let i = 0; i < 15; i++) {
        for (const bad of substitutions(r, i, '0123456789')) expect(isValidRegNo(bad), bad).toBe(false);
      }
    }
  });

  it('rejects malformed numbers', () => {
    expect(isValidRegNo('44030110309741')).toBe(false);
    expect(isValidRegNo('4403011030974130')).toBe(false);
    expect(isValidRegNo('44030110309741X')).toBe(false);
    expect(() => regNoCheckDigit('4403011030974')).toThrow(TypeError);
  });
});

describe('check characters agree with the modular definitions', () => {
  // Restated from the standards in a different form than the implementation, over bodies that
  // reach every remainder.
  const rand = (() => {
    let x = 2463534242;
    return (n: number) => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) % n;
    };
  })();
  const body = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[rand(alphabet.length)]).join('');

  it('居民身份证号: Σ aᵢ·2^(18−i) over all 18 positions ≡ 1 (mod 11), X = 10', () => {
    const remainders = new Set<number>();
    for (let k = 0; k < 2000; k++) {
      const b = body('0123456789', 17);
      const check = idCardCheckDigit(b);
      const values = [...b].map(Number).concat(check === 'X' ? 10 : Number(check));
      const total = values.reduce((acc, v, i) => acc + v * (2 ** (17 - i) % 11), 0);
      expect(total % 11).toBe(1);
      remainders.add(values[17]);
    }
    expect(remainders.size).toBe(11);
  });

  it('统一社会信用代码: Σ vᵢ·3^(i−1) + v₁₈ ≡ 0 (mod 31)', () => {
    const checks = new Set<string>();
    for (let k = 0; k < 3000; k++) {
      const b = body(USCC_CHARSET, 17);
      const check = usccCheckChar(b);
      let total = USCC_CHARSET.indexOf(check);
      for (let i = 0; i < 17; i++) total += USCC_CHARSET.indexOf(b[i]) * (3 ** i % 31);
      expect(total % 31).toBe(0);
      checks.add(check);
    }
    expect(checks.size).toBe(31);
  });

  it('组织机构代码: Σ vᵢ·wᵢ + c ≡ 0 (mod 11), X = 10, A = 10 … Z = 35', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const weights = [3, 7, 9, 10, 5, 8, 4, 2];
    const checks = new Set<string>();
    for (let k = 0; k < 2000; k++) {
      const b = body(alphabet, 8);
      const check = orgCodeCheckChar(b);
      const total =
        [...b].reduce((acc, ch, i) => acc + parseInt(ch, 36) * weights[i], 0) +
        (check === 'X' ? 10 : Number(check));
      expect(total % 11).toBe(0);
      checks.add(check);
    }
    expect(checks.size).toBe(11);
  });
});

describe('税务登记号', () => {
  it('accepts the legacy 15-character form and the USCC that replaced it', () => {
    expect(isValidTaxCode('350100M000100Y4')).toBe(true);
    expect(isValidTaxCode('350100M000100Y5')).toBe(false);
    expect(isValidTaxCode('91350100M000100Y43')).toBe(true);
    expect(isValidTaxCode('91350100M000100Y44')).toBe(false);
  });
});

describe('mobile numbers', () => {
  it('accepts mainland 1[3-9]x numbers, optionally with a +86 prefix', () => {
    for (const m of [
      '13812345678',
      '19912345678',
      '16600000000',
      '+8613812345678',
      '8613812345678',
      '008613812345678',
    ]) {
      expect(isValidMobile(m), m).toBe(true);
    }
    for (const m of [
      '12812345678',
      '11012345678',
      '1381234567',
      '138123456789',
      '23812345678',
      '138-1234-5678',
      '+85291234567',
      '',
    ]) {
      expect(isValidMobile(m), m).toBe(false);
    }
  });
});

function expectValidPerson(p: FakePerson): void {
  expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
  expect(isValidIdCardNo(p.idNo), p.idNo).toBe(true);
  const year = Number(p.idNo.slice(6, 10));
  expect(year).toBeGreaterThanOrEqual(1950);
  expect(year).toBeLessThanOrEqual(2005);
  expect(Number(p.idNo[16]) % 2).toBe(p.gender === 'male' ? 1 : 0);
  expect(['male', 'female']).toContain(p.gender);
  expect(p.mobile).toMatch(/^1[3-9]\d{9}$/);
  expect(isValidMobile(p.mobile)).toBe(true);
  expect(p.email).toMatch(/^[a-z0-9][a-z0-9._-]*@[a-z0-9-]+(\.[a-z0-9-]+)+$/);
}

describe('createFaker', () => {
  it('generates 1000 people whose every field validates', () => {
    const f = createFaker(20240601);
    const genders = new Set<string>();
    let xChecks = 0;
    for (let i = 0; i < 1000; i++) {
      const p = f.person();
      expectValidPerson(p);
      genders.add(p.gender);
      if (p.idNo.endsWith('X')) xChecks++;
    }
    expect(genders).toEqual(new Set(['male', 'female']));
    expect(xChecks).toBeGreaterThan(0); // the X check path is exercised (~1 in 11)
  });

  it('generates 1000 companies whose every code validates and agrees with the others', () => {
    const f = createFaker(7);
    const orgStyles = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const c = f.company();
      expect(c.name).toMatch(/^[\u4e00-\u9fff]+(股份)?有限公司$/);
      expect(isValidUscc(c.uscc), c.uscc).toBe(true);
      expect(c.uscc.startsWith('91')).toBe(true);
      expect(c.orgCode).toBe(c.uscc.slice(8, 17));
      expect(isValidOrgCode(c.orgCode), c.orgCode).toBe(true);
      expect(isValidRegNo(c.regNo), c.regNo).toBe(true);
      expect(isValidTaxCode(c.taxCode), c.taxCode).toBe(true);
      expect(c.taxCode).toBe(c.uscc.slice(2, 17));
      expect(c.regNo.slice(0, 6)).toBe(c.uscc.slice(2, 8));
      expectValidPerson(c.legalPerson);
      orgStyles.add(c.orgCode.startsWith('MA') ? 'MA' : /^\d{8}/.test(c.orgCode) ? 'numeric' : 'other');
    }
    expect(orgStyles).toEqual(new Set(['MA', 'numeric']));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const run = (seed: number) => {
      const f = createFaker(seed);
      return Array.from({ length: 50 }, () => ({ p: f.person(), c: f.company(), r: f.random() }));
    };
    expect(run(123)).toEqual(run(123));
    expect(run(123)).not.toEqual(run(124));
  });

  it('keeps instances independent of each other', () => {
    const a = createFaker(99);
    const expected = [a.person(), a.company()];
    const b = createFaker(99);
    const noise = createFaker(99);
    noise.person();
    noise.company();
    expect([b.person(), b.company()]).toEqual(expected);
  });

  it('exposes a seeded random() in [0, 1)', () => {
    const f = createFaker(5);
    for (let i = 0; i < 1000; i++) {
      const r = f.random();
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
    }
  });
});
