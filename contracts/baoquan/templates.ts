/**
 * 保全网 templates: the factoid schemas a customer edits on the website (docs/interface.md: baoquan
 * control = templates and their factoid schemas), the seed templates of the vendor document and
 * the vendor's SDK tests, and `validateFactoidData`, which answers the SDK-asserted messages.
 *
 * Model (reconciles the doc's examples with the SDK tests — see contradictions.ts):
 * - a template has factoid schemas keyed by `type`; each has fields with a type and `required`;
 * - a factoid schema may itself be `required`: once `completed` is true it must have been
 *   uploaded at least once (doc: "没有上传type为user的data" is an error when user.name is
 *   required). A missing required factoid is reported by its first required field:
 *   `invalid data : user.phone_number required` (python/java SDK tests on 5Yhus2mVSMnQRXobRJCYgt);
 * - a factoid whose type the template lacks is refused on every upload;
 * - field formats are checked on every upload, required fields once completed;
 * - fields the schema does not name are kept and not checked (guess);
 *   decision: baoquan.unnamed-fields-kept
 * - `common` (attestation_no, attestation_at, product_name, organization_name) is filled by
 *   baoquan when rendering and is never uploaded.
 *
 * A template is a file-hash template when it is the system file-hash template or derived from it
 * (`parentId`); only those are accepted by /attestations/hash (doc note).
 */
import { baoquanErrorMessage, type BaoquanErrorName } from './errors.ts';

/** Field types a template field can have (the website's template editor). */
export const BAOQUAN_FIELD_TYPES = ['string', 'int', 'number', 'boolean', 'date', 'datetime'] as const;
export type BaoquanFieldType = (typeof BAOQUAN_FIELD_TYPES)[number];

export interface BaoquanFieldSchema {
  name: string;
  type: BaoquanFieldType;
  /** Must be present and non-empty once the attestation is completed. */
  required: boolean;
  /** Display label on the rendered attestation. */
  label?: string;
}

export interface BaoquanFactoidSchema {
  /** The factoid `type` customers send. */
  type: string;
  label?: string;
  /** Must be uploaded at least once before (or when) completed is true. */
  required: boolean;
  fields: BaoquanFieldSchema[];
}

export interface BaoquanTemplate {
  /** 22-character base62 id, e.g. 2hSWTZ4oqVEJKAmK2RiyT4 (some SDK-test ids are shorter). */
  id: string;
  name: string;
  /** Provided by baoquan to every customer (the file-hash template). */
  system?: boolean;
  /**
   * The template it was derived from (子模板); a file-hash template derives from BAOQUAN_FILE_HASH_TEMPLATE_ID.
   */
  parentId?: string;
  factoids: BaoquanFactoidSchema[];
  /** Where this seed comes from. */
  source?: string;
}

/** Rendered by baoquan itself into every template; never uploaded. */
export const BAOQUAN_COMMON_FIELDS = [
  'attestation_no',
  'attestation_at',
  'product_name',
  'organization_name',
] as const;

/** Identity kinds of `identities` (java-sdk IdentityType; /users/kyc adds USERID). */
export const BAOQUAN_IDENTITY_TYPES = ['MO', 'ID', 'USCID', 'ORGCODE', 'USERID'] as const;

const f = (name: string, type: BaoquanFieldType, required = false, label?: string): BaoquanFieldSchema => ({
  name,
  type,
  required,
  ...(label ? { label } : {}),
});

/** user factoid as the SDK tests send it: phone_number required (sdk). */
const userFactoid = (required: boolean): BaoquanFactoidSchema => ({
  type: 'user',
  label: '用户',
  required,
  fields: [
    f('name', 'string', false, '姓名'),
    f('phone_number', 'string', true, '手机号'),
    f('registered_at', 'string', false, '注册时间'),
    f('username', 'string', false, '用户名'),
  ],
});

/** The `file` factoid of the system file-hash template (doc /attestation/hash). */
const fileFactoid = (required: boolean): BaoquanFactoidSchema => ({
  type: 'file',
  label: '文件',
  required,
  fields: [f('owner_name', 'string', required, '文件所有人'), f('owner_id', 'string', false, '所有人证件号')],
});

/**
 * The system file-hash template's id. GUESS: the real id is not published; this is a
 * realistic 22-character base62 id. Customers derive their own (子模板) from it.
 * decision: baoquan.filehash-template-id
 */
export const BAOQUAN_FILE_HASH_TEMPLATE_ID = 'R7ktG2nHxq3VjWmC8sYbPd';

/** The doc's /attestations example template (and the SDK tests' "no product" template). */
export const BAOQUAN_DOC_TEMPLATE_ID = '2hSWTZ4oqVEJKAmK2RiyT4';
/** The doc's /attestation example template (and the SDK tests' product + required user template). */
export const BAOQUAN_PRODUCT_TEMPLATE_ID = '5Yhus2mVSMnQRXobRJCYgt';

/** The system file-hash template (文件HASH上传). */
export const BAOQUAN_FILE_HASH_TEMPLATE: BaoquanTemplate = {
  id: BAOQUAN_FILE_HASH_TEMPLATE_ID,
  name: '文件HASH上传',
  system: true,
  factoids: [fileFactoid(true)],
  source: 'doc: 保全（sha256） - /attestation/hash (系统提供的文件HASH模板, factoid type file)',
};

/**
 * The seed templates: the two of the vendor document (with the schemas its examples and the SDK
 * tests imply) and the system file-hash template.
 */
export const BAOQUAN_SEED_TEMPLATES: readonly BaoquanTemplate[] = [
  {
    id: BAOQUAN_DOC_TEMPLATE_ID,
    name: '理财产品购买保全',
    // Derived from the file-hash template: the doc's /attestation/hash example posts this id
    // with a `file` factoid and a sha256, while its /attestations example posts a `hash` factoid.
    parentId: BAOQUAN_FILE_HASH_TEMPLATE_ID,
    factoids: [
      {
        type: 'hash',
        label: '购买信息',
        required: false,
        fields: [
          f('userName', 'string', false, '用户姓名'),
          f('idCard', 'string', false, '身份证号'),
          f('buyAmount', 'number', false, '购买份额'),
          f('incomeStartTime', 'date', false, '起息日'),
          f('incomeEndTime', 'date', false, '到期日'),
          f('createTime', 'datetime', false, '下单时间'),
          f('payTime', 'datetime', false, '支付时间'),
          f('payAmount', 'int', false, '支付金额'),
        ],
      },
      userFactoid(false),
      fileFactoid(false),
    ],
    source:
      'doc /attestations example (hash) and /attestation/hash example (file); SDK tests: ' +
      'user.phone_number required, product unknown',
  },
  {
    id: BAOQUAN_PRODUCT_TEMPLATE_ID,
    name: '平台用户注册保全',
    factoids: [
      {
        type: 'product',
        label: '产品',
        required: false,
        fields: [f('name', 'string', false, '产品名称'), f('description', 'string', false, '产品描述')],
      },
      userFactoid(true),
    ],
    source:
      'doc /attestation example (product + user); SDK tests: product alone with completed true → ' +
      'invalid data : user.phone_number required',
  },
  BAOQUAN_FILE_HASH_TEMPLATE,
];

/**
 * Template ids the vendor's SDK tests use besides the doc's two (seed them so those tests run
 * unchanged). The php-sdk's fdg1YXWmgHTT8W9LGTLfhP is left out: its tests expect it both to
 * refuse and to accept a `product` factoid.
 */
export const BAOQUAN_SDK_TEST_TEMPLATES: readonly BaoquanTemplate[] = [
  {
    id: 'filehash',
    name: '文件HASH上传 (java-sdk test)',
    parentId: BAOQUAN_FILE_HASH_TEMPLATE_ID,
    factoids: [fileFactoid(true)],
    source: 'java-sdk BaoquanClientTest.testCreateAttestationWithSha256 (templateId "filehash")',
  },
  {
    id: '5e4G1Kdr8ThS71HBdW64A',
    name: '合同保全 (java-sdk test)',
    factoids: [userFactoid(false)],
    source:
      'java-sdk BaoquanClientTest.testCreateAttestation11 (user factoid with a contract.pdf attachment)',
  },
  {
    id: 'gNPNetTs2maGVotukz7dJU',
    name: '用户保全 (php-sdk test)',
    factoids: [userFactoid(false)],
    source: 'php-sdk BaoquanClientTest.testCreateAttestation5 (user.phone_number required)',
  },
];

/** True when the template is the system file-hash template or derived (at any depth) from it. */
export function isFileHashTemplate(
  template: BaoquanTemplate,
  lookup: (id: string) => BaoquanTemplate | undefined,
): boolean {
  const seen = new Set<string>();
  for (
    let t: BaoquanTemplate | undefined = template;
    t && !seen.has(t.id);
    t = t.parentId ? lookup(t.parentId) : undefined
  ) {
    if (t.id === BAOQUAN_FILE_HASH_TEMPLATE_ID) return true;
    seen.add(t.id);
  }
  return false;
}

// ── seed attestations and CA certificates ──────────────────────────────────────────────────────

export interface BaoquanSeedFactoid {
  unique_id?: string;
  type: string;
  data: Record<string, unknown>;
}

export interface BaoquanSeedAttestation {
  no: string;
  unique_id?: string;
  template_id: string;
  identities: Record<string, string>;
  factoids: BaoquanSeedFactoid[];
  completed: boolean;
  /** Factoid index → attachment ids. */
  attachments: Record<string, string[]>;
  blockchain_hash: string | null;
  source: string;
}

const docProduct: BaoquanSeedFactoid = {
  unique_id: '28fcdf56-bff3-4ed9-9f87-c8d35ad49e0c',
  type: 'product',
  data: { name: '浙金网', description: 'p2g理财平台' },
};
const docUser: BaoquanSeedFactoid = {
  unique_id: 'e68eb8bc-3d7a-4e22-be47-d7999fb40c9a',
  type: 'user',
  data: { name: '张三', phone_number: '13234568732', registered_at: '1466674609', username: 'tom' },
};
const docIdentities = { ID: '42012319800127691X', MO: '15857112383' };

/**
 * Attestations the doc's examples and the SDK tests read by a fixed ano. They belong to the
 * default tenant. (ano format: 32 uppercase hex, as these examples; see contradictions.ts.)
 */
export const BAOQUAN_SEED_ATTESTATIONS: readonly BaoquanSeedAttestation[] = [
  {
    no: 'DB0C8DB14E3C44C7B9FBBE30EB179241',
    unique_id: 'acafa00d-5579-4fe5-93c1-de89ec82006e',
    template_id: BAOQUAN_PRODUCT_TEMPLATE_ID,
    identities: docIdentities,
    factoids: [docProduct, docUser],
    completed: true,
    attachments: { '1': ['2EHJQPs5j4SZpEKQXQ7r6C', '2F81ZJXosNjzrPJsXKywAu'] },
    blockchain_hash: 's5j4SZpEKQXQ7r6C2F81ZJXosNjzrPJsXKywAu',
    source: 'doc: 获取保全数据 - /attestation example',
  },
  {
    no: '4E6457A5A9B94FBFB64E0D08BDFA2BD4',
    unique_id: '5b1d5b37-4b1f-4a57-9d0e-0c4f7a2f3b10',
    template_id: BAOQUAN_PRODUCT_TEMPLATE_ID,
    identities: docIdentities,
    factoids: [docProduct, docUser],
    completed: true,
    attachments: {},
    blockchain_hash: null,
    source: 'SDK tests: addFactoids on a completed attestation → 保全已完成,不能继续追加陈述',
  },
  {
    no: '0E9A26E72C51453BB8F8A0C4FEE9BE3F',
    unique_id: '9a0c2f4e-1d3b-4c5a-8e7f-6b2d1c0a9f8e',
    template_id: BAOQUAN_DOC_TEMPLATE_ID,
    identities: docIdentities,
    factoids: [docUser],
    completed: true,
    attachments: {},
    blockchain_hash: '7c3e0b9a5d2f4e6a8b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f0a2b4c6d8e0f1a',
    source: 'java-sdk tests: getAttestation with fields null / [] / ["factoids"]',
  },
  {
    no: '220271AF2CB94E67AB36E6D9341AB053',
    unique_id: 'c4e8a2b6-3f1d-4e5c-9a7b-2d6f8e0c1a3b',
    template_id: BAOQUAN_DOC_TEMPLATE_ID,
    identities: docIdentities,
    factoids: [docUser],
    completed: true,
    attachments: {},
    blockchain_hash: '2b4d6f8a0c1e3a5c7e9b1d3f5a7c9e0b2d4f6a8c0e1b3d5f7a9c0e2b4d6f8a0c',
    source: 'java-sdk tests: downloadAttestation',
  },
  {
    no: '8F1FA636F7AA44A58DD86845315C99F9',
    unique_id: 'e1f3a5c7-9b0d-4f2e-8a6c-4e2a0c8b6d4f',
    template_id: BAOQUAN_DOC_TEMPLATE_ID,
    identities: docIdentities,
    factoids: [docUser],
    completed: true,
    attachments: {},
    blockchain_hash: '9e7c5a3f1d0b8e6c4a2f0d9b7e5c3a1f0e8d6c4b2a0f9e7d5c3b1a0f8e6d4c2b',
    source: 'php-sdk tests: downloadAttestation',
  },
];

export interface BaoquanSeedCa {
  caId: string;
  type: 'PERSONAL' | 'ENTERPRISE';
  link_name: string;
  source: string;
}

/** The caIds of the doc's `sign` example, which every SDK test signs with. */
export const BAOQUAN_SEED_CAS: readonly BaoquanSeedCa[] = [
  {
    caId: 'F98F99A554E944B6996882E8A68C60B2',
    type: 'PERSONAL',
    link_name: '张三',
    source: 'doc /attestations 附件 sign example; SDK sign tests',
  },
  {
    caId: '0A68783469E04CAC95ADEAE995A92E65',
    type: 'PERSONAL',
    link_name: '李四',
    source: 'doc /attestations 附件 sign example; SDK sign tests',
  },
];

// ── factoid validation ───────────────────────────────────────────────────────────────────────

export interface BaoquanFactoidInput {
  type: string;
  data: unknown;
}

export interface BaoquanFactoidIssue {
  error: Extract<
    BaoquanErrorName,
    'FACTOID_TYPE_UNKNOWN' | 'FACTOID_FIELD_REQUIRED' | 'FACTOID_FIELD_FORMAT'
  >;
  /** Placeholder values for the catalogue message. */
  params: Record<string, string>;
  /** The exact message to answer. */
  message: string;
  /** Index of the offending factoid in the list given, when there is one. */
  index?: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})?$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Whether `value` fits a field type. Lenient where the SDKs' languages differ (guess): numbers may
 * come as numeric strings, booleans as "true"/"false", strings as numbers.
 * decision: baoquan.lenient-field-types
 * - date: yyyy-MM-dd (doc: "2015-12-02"); datetime: yyyy-MM-dd HH:mm:ss (doc: "2015-12-01 14:33:44"),
 *   also with a `T`, milliseconds and an offset.
 */
export function fieldValueFits(type: BaoquanFieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    case 'int':
      return (
        (typeof value === 'number' && Number.isSafeInteger(value)) ||
        (typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value.trim()))
      );
    case 'number':
      return (
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim()))
      );
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'date': {
      const m = typeof value === 'string' ? DATE_RE.exec(value.trim()) : null;
      return !!m && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    }
    case 'datetime': {
      const m = typeof value === 'string' ? DATETIME_RE.exec(value.trim()) : null;
      return (
        !!m &&
        validDate(Number(m[1]), Number(m[2]), Number(m[3])) &&
        Number(m[4]) < 24 &&
        Number(m[5]) < 60 &&
        Number(m[6]) < 60
      );
    }
  }
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function issue(
  error: BaoquanFactoidIssue['error'],
  params: Record<string, string>,
  index?: number,
): BaoquanFactoidIssue {
  return {
    error,
    params,
    message: baoquanErrorMessage(error, params),
    ...(index === undefined ? {} : { index }),
  };
}

/**
 * Checks factoids against a template; returns the first problem, or undefined.
 *
 * `factoids` is every factoid of the attestation so far (earlier uploads first, then this one's):
 * types and formats are checked for all of them, and, when `completed` is true, every required
 * factoid type must be present and every required field non-empty in each factoid of its type.
 *
 * Order (first hit wins): factoids in the order given — unknown type, then each present field's
 * format in schema order; then, if completed, schema factoids in template order — required fields
 * in field order.
 */
export function validateFactoidData(
  template: Pick<BaoquanTemplate, 'factoids'>,
  factoids: readonly BaoquanFactoidInput[],
  completed: boolean,
): BaoquanFactoidIssue | undefined {
  const schemas = new Map(template.factoids.map((s) => [s.type, s]));
  for (const [index, factoid] of factoids.entries()) {
    const schema = schemas.get(factoid.type);
    if (!schema) return issue('FACTOID_TYPE_UNKNOWN', { type: String(factoid.type) }, index);
    const data = (factoid.data && typeof factoid.data === 'object' ? factoid.data : {}) as Record<
      string,
      unknown
    >;
    for (const field of schema.fields) {
      const v = data[field.name];
      if (isEmpty(v)) continue;
      if (!fieldValueFits(field.type, v)) {
        return issue(
          'FACTOID_FIELD_FORMAT',
          { type: schema.type, field: field.name, fieldType: field.type },
          index,
        );
      }
    }
  }
  if (!completed) return undefined;
  for (const schema of template.factoids) {
    const required = schema.fields.filter((x) => x.required);
    const present = factoids.map((x, i) => [x, i] as const).filter(([x]) => x.type === schema.type);
    if (present.length === 0) {
      if (schema.required) {
        const field = required[0]?.name ?? schema.fields[0]?.name ?? 'data';
        return issue('FACTOID_FIELD_REQUIRED', { type: schema.type, field });
      }
      continue;
    }
    for (const [factoid, index] of present) {
      const data = (factoid.data && typeof factoid.data === 'object' ? factoid.data : {}) as Record<
        string,
        unknown
      >;
      for (const field of required) {
        if (isEmpty(data[field.name]))
          return issue('FACTOID_FIELD_REQUIRED', { type: schema.type, field: field.name }, index);
      }
    }
  }
  return undefined;
}
