/**
 * Seeded fake identities for mainland-China e-signature flows: natural persons (name, 居民身份证号,
 * mobile) and enterprises (统一社会信用代码, 组织机构代码, 工商注册号, 税务登记号), every code
 * carrying a valid check character, plus the matching validators.
 *
 * Check algorithms:
 * - 居民身份证号, GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits.
 * - 统一社会信用代码, GB 32100-2015: weighted sum mod 31 over a 31-character alphabet.
 * - 组织机构代码, GB 11714-1997: weighted sum mod 11, chars 9–17 of a USCC.
 * - 工商注册号 (15 digits), GS 15-2006: ISO 7064 MOD 11,10.
 *
 * Everything that `createFaker(seed)` returns is a pure function of the seed and the call order;
 * no wall clock, no host time zone.
 */
import { Faker, base, en, zh_CN } from '@faker-js/faker';

// ---------------------------------------------------------------------------------------------
// Check characters and validators
// ---------------------------------------------------------------------------------------------

import {
  idCardCheckDigit,
  orgCodeCheckChar,
  regNoCheckDigit,
  usccCheckChar,
  USCC_CHARSET,
} from './checkdigits.ts';

// The validators live in checkdigits.ts (no faker import); re-exported for existing callers.
export * from './checkdigits.ts';

export type Gender = 'male' | 'female';

export interface FakePerson {
  /** 2–3 Chinese characters, surname first. */
  name: string;
  /** 18-digit 居民身份证号; the 17th digit's parity matches `gender`. */
  idNo: string;
  /** 11-digit mainland mobile number. */
  mobile: string;
  email: string;
  gender: Gender;
}

export interface FakeCompany {
  /** e.g. 杭州云汇信息技术有限公司 */
  name: string;
  /** 18-character 统一社会信用代码. */
  uscc: string;
  /** 9-character 组织机构代码 = `uscc.slice(8, 17)`. */
  orgCode: string;
  /** 15-digit 工商注册号 (pre-2015 business licence number). */
  regNo: string;
  /** 15-character legacy 税务登记证号: registration 行政区划代码 + `orgCode`. */
  taxCode: string;
  legalPerson: FakePerson;
}

export interface SealsimFaker {
  person(): FakePerson;
  company(): FakeCompany;
  /** Seeded uniform float in [0, 1): hand it to `createIds()` for seeded IDs. */
  random(): number;
  /** The underlying seeded Faker (zh_CN locale), for anything not covered above. */
  readonly faker: Faker;
}

/**
 * Real district-level 行政区划代码 with their city, so that a person's ID prefix and a company's
 * registration authority look like places that exist.
 */
const DISTRICTS: ReadonlyArray<readonly [code: string, city: string]> = [
  ['110101', '北京'],
  ['110105', '北京'],
  ['110108', '北京'],
  ['120101', '天津'],
  ['120104', '天津'],
  ['130102', '石家庄'],
  ['140105', '太原'],
  ['150102', '呼和浩特'],
  ['210102', '沈阳'],
  ['210202', '大连'],
  ['220102', '长春'],
  ['230102', '哈尔滨'],
  ['310101', '上海'],
  ['310104', '上海'],
  ['310115', '上海'],
  ['320102', '南京'],
  ['320505', '苏州'],
  ['320211', '无锡'],
  ['330102', '杭州'],
  ['330106', '杭州'],
  ['330108', '杭州'],
  ['330203', '宁波'],
  ['330302', '温州'],
  ['340104', '合肥'],
  ['350102', '福州'],
  ['350203', '厦门'],
  ['360102', '南昌'],
  ['370102', '济南'],
  ['370202', '青岛'],
  ['410105', '郑州'],
  ['420106', '武汉'],
  ['420111', '武汉'],
  ['430104', '长沙'],
  ['440106', '广州'],
  ['440104', '广州'],
  ['440305', '深圳'],
  ['440304', '深圳'],
  ['441900', '东莞'],
  ['450103', '南宁'],
  ['460106', '海口'],
  ['500103', '重庆'],
  ['500112', '重庆'],
  ['510104', '成都'],
  ['510107', '成都'],
  ['520102', '贵阳'],
  ['530102', '昆明'],
  ['610113', '西安'],
  ['620102', '兰州'],
  ['650102', '乌鲁木齐'],
];

/** Allocated mobile number segments (first three digits). */
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '145',
  '147',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '193',
  '195',
  '196',
  '197',
  '198',
  '199',
];

const EMAIL_DOMAINS = [
  'qq.com',
  '163.com',
  '126.com',
  'sina.com',
  'foxmail.com',
  'aliyun.com',
  'outlook.com',
  'gmail.com',
];

const BRAND_SYLLABLES = [
  '华',
  '信',
  '联',
  '达',
  '汇',
  '通',
  '创',
  '博',
  '恒',
  '盛',
  '鼎',
  '锐',
  '卓',
  '拓',
  '星',
  '瑞',
  '宏',
  '泰',
  '安',
  '云',
  '智',
  '睿',
  '科',
  '众',
  '新',
  '源',
  '隆',
  '鑫',
  '远',
  '航',
  '正',
  '德',
  '嘉',
  '和',
  '润',
  '宇',
];

const INDUSTRIES = [
  '科技',
  '信息技术',
  '网络科技',
  '软件',
  '电子商务',
  '贸易',
  '供应链管理',
  '文化传媒',
  '建筑工程',
  '物流',
  '企业管理咨询',
  '生物科技',
  '新材料',
  '餐饮管理',
  '医疗器械',
  '教育科技',
  '智能科技',
];

const MAX_ID_BIRTH_MS = Date.UTC(2005, 11, 31);
const MIN_ID_BIRTH_MS = Date.UTC(1950, 0, 1);
const DAY_MS = 86_400_000;

const HAN = /^[\u4e00-\u9fff]+$/;

/** Seeded generator of Chinese people and companies with check-valid identifiers. */
export function createFaker(seed: number): SealsimFaker {
  const faker = new Faker({ locale: [zh_CN, en, base], seed });
  const int = (min: number, max: number) => faker.number.int({ min, max });
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const digitString = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(int(0, 9));
    return s;
  };

  function chineseName(gender: Gender): string {
    // Faker's zh_CN surname and given-name lists are mostly one and one-or-two characters;
    // keep only all-Han results of 2–3 characters.
    for (let i = 0; i < 20; i++) {
      const name = faker.person.lastName() + faker.person.firstName(gender);
      if (name.length >= 2 && name.length <= 3 && HAN.test(name)) return name;
    }
    return gender === 'male' ? '张伟' : '王芳';
  }

  function idNo(gender: Gender): string {
    const [area] = pick(DISTRICTS);
    const day = int(0, Math.floor((MAX_ID_BIRTH_MS - MIN_ID_BIRTH_MS) / DAY_MS));
    const birth = new Date(MIN_ID_BIRTH_MS + day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
    // 顺序码: three digits, odd last digit for men, even for women; never 000.
    let seq: string;
    do {
      const lastDigit = 2 * int(0, 4) + (gender === 'male' ? 1 : 0);
      seq = digitString(2) + String(lastDigit);
    } while (seq === '000');
    const first17 = area + birth + seq;
    return first17 + idCardCheckDigit(first17);
  }

  function email(): string {
    const domain = pick(EMAIL_DOMAINS);
    // QQ mail addresses are often just the QQ number.
    if (domain === 'qq.com' && int(0, 1) === 0) return `${int(1, 9)}${digitString(int(4, 9))}@qq.com`;
    const local =
      faker.string.alpha({ length: 1, casing: 'lower' }) +
      faker.string.alphanumeric({ length: int(4, 9), casing: 'lower' });
    return `${local}${int(0, 3) === 0 ? '' : int(1, 9999)}@${domain}`;
  }

  function person(): FakePerson {
    const gender: Gender = int(0, 1) === 0 ? 'male' : 'female';
    return {
      name: chineseName(gender),
      idNo: idNo(gender),
      mobile: pick(MOBILE_PREFIXES) + digitString(8),
      email: email(),
      gender,
    };
  }

  function orgBody(): string {
    // Codes assigned since 2015 mostly start with "MA"; older ones are 8 digits. Both stay
    // inside the USCC alphabet so they can be embedded in a USCC.
    if (int(0, 1) === 0) {
      let s = 'MA';
      for (let i = 0; i < 6; i++) s += USCC_CHARSET[int(0, USCC_CHARSET.length - 1)];
      return s;
    }
    return String(int(1, 9)) + digitString(7);
  }

  function company(): FakeCompany {
    const [area, city] = pick(DISTRICTS);
    const brand = pick(BRAND_SYLLABLES) + pick(BRAND_SYLLABLES);
    const suffix = int(0, 4) === 0 ? '股份有限公司' : '有限公司';
    const name = `${city}${brand}${pick(INDUSTRIES)}${suffix}`;

    const body = orgBody();
    const orgCode = body + orgCodeCheckChar(body);
    // 9 = 工商 registration authority, 1 = 企业.
    const uscc17 = '91' + area + orgCode;
    const uscc = uscc17 + usccCheckChar(uscc17);

    // 工商注册号: registration authority code, 1 type digit (0–3 = domestic), 7-digit sequence.
    const reg14 = area + String(int(0, 3)) + digitString(7);
    const regNo = reg14 + regNoCheckDigit(reg14);

    return { name, uscc, orgCode, regNo, taxCode: area + orgCode, legalPerson: person() };
  }

  return {
    person,
    company,
    random: () => faker.number.float({ min: 0, max: 1 }), // max is exclusive
    faker,
  };
}
