/**
 * Robustness of the 保全网 surface against malformed requests (docs/vendor-notes.md "Errors (sdk)": every
 * failure is `{request_id, message, timestamp}` with a documented status; the SDKs crash on
 * anything else, and treat any non-200 as an error).
 *
 * A seeded generator sends a few hundred requests to every route of `baoquanRoutes`, under
 * /api/v2 and /api/v1: correctly signed requests whose payload is mutated (dropped fields, wrong
 * types, garbage values, deep nesting, huge values), signed garbage payloads (non-JSON, JSON of
 * the wrong kind), random / duplicate / missing parts and file parts, binary payloads, broken
 * multipart boundaries, urlencoded and raw bodies, and unsigned garbage. Every answer must be a
 * success or the vendor's JSON error body, never a non-JSON body, never a 5xx except the
 * documented 500 `数字签名校验失败`; a failure must leave the tenant unchanged (control view
 * counts, the open attestation's factoids, the open contract's signers). Over real HTTP, a body
 * whose declared Content-Length is over the limit is refused with 413 before it is sent.
 */
import { garbageGenerator, mulberry32, mutateTemplate, paths, setAt, type Rnd } from '../helpers/fuzz.ts';
import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../../clients/baoquan/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baoquanErrors,
  baoquanRoutes,
  type BaoquanApiName,
  type BaoquanErrorName,
} from '../../contracts/baoquan/index.ts';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PRIVATE_KEY,
  DOC_TEMPLATE,
  envelope,
  envelopeParts,
  httpBq,
  IDENTITIES,
  inProcessBq,
  javaMultipart,
  PERSONAL_CA,
  phpMultipart,
  postBody,
  pythonMultipart,
  pythonUrlencoded,
  SEED_ANO,
  slowPost,
  solidPng,
  T0,
  tenantView,
  textPdf,
  USER,
  type Answer,
  type BqHandle,
  type Body,
  type Part,
} from './helpers.ts';

// ── a seeded generator ───────────────────────────────────────────────────────────────────────

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;
const STRINGS = [
  '',
  ' ',
  '\t\r\n',
  'a',
  '0',
  '-1',
  '1.5',
  '1e400',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  'PERSONAL',
  'ENTERPRISE',
  'DONE',
  'CANCEL',
  '🙂👨‍👩‍👧',
  '保全😀\u200b\u202e',
  '\u0000',
  '\ud800',
  'Ａ１２３',
  '<script>alert(1)</script>',
  "'; DROP TABLE x;--",
  '../../etc/passwd',
  '%00%ff',
  '${7*7}',
  '2hSWTZ4oqVEJKAmK2RiyT4',
  'DB0C8DB14E3C44C7B9FBBE30EB179241',
  'F98F99A554E944B6996882E8A68C60B2',
  '15861111111',
  '42012319800127691X',
  'Tue Aug 14 18:08:29 CST 2018',
  '654c71176b207401445fdd471f5e023f65af50d7361bf828e5b1c19c89b977b0',
  ...PROTO_KEYS,
];
const NUMBERS = [
  0,
  -0,
  -1,
  1,
  2,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  1e308,
  -1e308,
  5e-324,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];

const garbage = garbageGenerator({ strings: STRINGS, numbers: NUMBERS, wide: '保' });

function wrongType(v: unknown, rnd: Rnd): unknown {
  if (typeof v === 'string') return rnd.pick([Number(v) || 1, [v], { v }, true, null]);
  if (typeof v === 'number') return rnd.pick([String(v), [v], { v }, `${v}px`]);
  if (typeof v === 'boolean') return rnd.pick(['true', 1, [v], null]);
  if (Array.isArray(v)) return rnd.pick([{ ...v }, v[0] ?? null, JSON.stringify(v), 'x']);
  if (v && typeof v === 'object') return rnd.pick([[v], Object.values(v), JSON.stringify(v), 7]);
  return rnd.pick([{}, [], 'x', 0]);
}

const mutate = (template: unknown, rnd: Rnd) =>
  mutateTemplate(template, rnd, { garbage, wrongType, keys: STRINGS });

/** JSON text with a `depth`-deep array at a random place of the template (JSON.stringify cannot write it). */
function deepJson(template: unknown, rnd: Rnd, depth: number): { label: string; text: string } {
  const body = structuredClone(template) as Record<string, unknown>;
  const all = paths(body).filter((p) => typeof p[p.length - 1] === 'string');
  const p = all.length ? rnd.pick(all) : ['deep'];
  setAt(body, p, '__DEEP__');
  return {
    label: `${depth}-deep array at ${p.join('.')}`,
    text: JSON.stringify(body).replace('"__DEEP__"', '['.repeat(depth) + '1' + ']'.repeat(depth)),
  };
}

const enc = (s: string) => new TextEncoder().encode(s);

// ── the simulator, its valid starting points and its state ────────────────────────────────────

let h: BqHandle;
let openAno: string;
let contractId: string;
let signatureId: string;
let pdf: Uint8Array;
let png: Uint8Array;
let templates: Record<BaoquanApiName, unknown>;
let validFiles: Record<BaoquanApiName, Part[]>;

const NAMES = Object.values(baoquanRoutes).map((r) => r.path.slice(1) as BaoquanApiName);

async function snapshot(): Promise<string> {
  const view = await tenantView(h, DEFAULT_ACCESS_KEY);
  const open = await h.control.api.GET('/__sim/baoquan/attestations/{ano}', {
    params: { path: { ano: openAno }, query: {} },
  });
  const contract = await h.control.api.GET('/__sim/baoquan/contracts/{contractId}', {
    params: { path: { contractId }, query: {} },
  });
  return JSON.stringify({
    counts: view.counts,
    defaultSignatureId: view.defaultSignatureId,
    open: {
      factoids: open.data!.factoids.length,
      completed: open.data!.completed,
      attachments: open.data!.attachments.length,
    },
    contract: {
      status: contract.data!.status,
      signers: contract.data!.signers.map((s) => [s.phone, s.status, s.codeSentAt ?? null]),
    },
  });
}

const tonce = () => Math.floor(h.sim.clock.now() / 1000);

function signedParts(path: string, payload: string): Part[] {
  return envelopeParts(
    envelope({
      privateKey: DEFAULT_PRIVATE_KEY,
      accessKey: DEFAULT_ACCESS_KEY,
      path,
      payload,
      tonce: tonce(),
    }),
  );
}

const BUILDERS = [javaMultipart, pythonMultipart, phpMultipart] as const;

/** Random file parts: right and wrong names, random bytes, random file names. */
function randomFiles(rnd: Rnd): Part[] {
  return Array.from({ length: rnd.int(1, 4) }, () => {
    const name = rnd.pick([
      'attachments[0][]',
      'attachments[1][]',
      'attachments[99][]',
      'attachments[-1][]',
      'attachments[x][]',
      'attachments[0]',
      'seal',
      'payload',
      'signature',
      '文件',
    ]);
    const value = rnd.pick([
      rnd.bytes(rnd.int(0, 512)),
      pdf,
      png,
      enc('%PDF-1.7 not really'),
      new Uint8Array(0),
    ]);
    return {
      name,
      value,
      filename: rnd.pick(['a.pdf', 'seal.png', 'seal.gif', '', '../../x.png', '印章.jpg', 'x'.repeat(300)]),
      contentType: rnd.pick(['application/octet-stream', 'image/png', 'application/pdf', 'text/plain']),
    };
  });
}

interface Case {
  label: string;
  body: Body | { bytes: Uint8Array; contentType: string | null };
}

const LABELLED_KINDS = [
  'mutated payload',
  'mutated payload',
  'mutated payload, random files',
  'deep nesting',
  'signed garbage payload',
  'huge values',
  'duplicate parts',
  'missing parts',
  'binary payload',
  'broken multipart',
  'unsigned garbage',
  'envelope garbage',
  'valid, another SDK style',
] as const;

function makeCase(kind: (typeof LABELLED_KINDS)[number], name: BaoquanApiName, path: string, rnd: Rnd): Case {
  const build = rnd.pick(BUILDERS);
  const files = validFiles[name];
  const sign = (payload: string) => signedParts(path, payload);
  switch (kind) {
    case 'mutated payload':
    case 'mutated payload, random files': {
      const m = mutate(templates[name], rnd);
      const extra =
        kind === 'mutated payload' ? files : [...(rnd.chance(0.5) ? files : []), ...randomFiles(rnd)];
      return {
        label: `${kind}: ${m.label}`,
        body: build([...sign(JSON.stringify(m.value) ?? 'null'), ...extra]),
      };
    }
    case 'deep nesting': {
      const d = deepJson(templates[name], rnd, rnd.int(5_000, 30_000));
      return { label: d.label, body: build([...sign(d.text), ...files]) };
    }
    case 'signed garbage payload': {
      const payload = rnd.pick([
        '',
        ' ',
        'not json',
        '{',
        '{"a":',
        '[1,2',
        'null',
        'true',
        '0',
        '"x"',
        '[]',
        '{}',
        '{"ano":"x",}',
        '\u0000',
        '保全',
        JSON.stringify(garbage(rnd)) ?? 'null',
      ]);
      return {
        label: `signed garbage payload ${JSON.stringify(payload).slice(0, 30)}`,
        body: build([...sign(payload), ...files]),
      };
    }
    case 'huge values': {
      const body = structuredClone(templates[name]) as Record<string, unknown>;
      const all = paths(body);
      const p = all.length ? rnd.pick(all) : ['huge'];
      setAt(
        body,
        p,
        rnd.chance(0.5) ? 'x'.repeat(rnd.int(200_000, 1_000_000)) : '保'.repeat(rnd.int(50_000, 200_000)),
      );
      const big = rnd.chance(0.3)
        ? [{ name: 'attachments[0][]', value: rnd.bytes(2_000_000), filename: 'big.bin' }]
        : [];
      return {
        label: `huge value at ${p.join('.')}${big.length ? ' + 2 MB file' : ''}`,
        body: build([...sign(JSON.stringify(body)), ...files, ...big]),
      };
    }
    case 'duplicate parts': {
      const parts = sign(JSON.stringify(templates[name]));
      const which = rnd.pick(['request_id', 'access_key', 'tonce', 'payload', 'signature'] as const);
      const dup = {
        name: which,
        value:
          which === 'payload'
            ? (JSON.stringify(garbage(rnd)) ?? '{}')
            : rnd.pick(['', 'x', '0', randomUUID()]),
      };
      const ordered = rnd.chance(0.5) ? [...parts, dup] : [dup, ...parts];
      return {
        label: `duplicate ${which} (${ordered[0] === dup ? 'first' : 'last'})`,
        body: build([...ordered, ...files, ...files]),
      };
    }
    case 'missing parts': {
      const parts = sign(JSON.stringify(templates[name]));
      const keep = parts.filter(() => rnd.chance(0.6));
      const dropFiles = rnd.chance(0.5);
      return {
        label: `kept ${keep.map((p) => p.name).join(',') || 'nothing'}${dropFiles ? ', no files' : ''}`,
        body: build([...keep, ...(dropFiles ? [] : files)]),
      };
    }
    case 'binary payload': {
      const parts = sign(JSON.stringify(templates[name]));
      const bin = rnd.pick([
        rnd.bytes(rnd.int(1, 256)),
        new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0xc3, 0x7d]),
        new Uint8Array([0xef, 0xbb, 0xbf, ...enc(JSON.stringify(templates[name]))]),
      ]);
      return {
        label: 'binary payload part',
        body: build([...parts.map((p) => (p.name === 'payload' ? { ...p, value: bin } : p)), ...files]),
      };
    }
    case 'broken multipart': {
      const good = build([...sign(JSON.stringify(templates[name])), ...files]);
      const text = Buffer.from(good.bytes);
      const boundary = /boundary=([^;]+)/.exec(good.contentType)![1]!;
      const variants: Array<[string, Uint8Array, string | null]> = [
        ['other boundary in the type', good.bytes, 'multipart/form-data; boundary=not-the-boundary'],
        ['no boundary in the type', good.bytes, 'multipart/form-data'],
        ['truncated', good.bytes.subarray(0, rnd.int(1, good.bytes.length - 1)), good.contentType],
        [
          'no closing boundary',
          enc(text.toString('latin1').replace(`--${boundary}--`, '')),
          good.contentType,
        ],
        ['CR only line ends', enc(text.toString('latin1').replace(/\r\n/g, '\r')), good.contentType],
        ['part without headers', enc(`--${boundary}\r\n\r\nvalue\r\n--${boundary}--\r\n`), good.contentType],
        ['random bytes', rnd.bytes(rnd.int(1, 2048)), good.contentType],
        ['empty body', new Uint8Array(0), good.contentType],
        [
          'boundary of 200 characters',
          enc(`--${'b'.repeat(200)}\r\n`),
          `multipart/form-data; boundary=${'b'.repeat(200)}`,
        ],
        ['quoted boundary with spaces', good.bytes, `multipart/form-data; boundary="${boundary} x"`],
      ];
      const [label, bytes, contentType] = rnd.pick(variants);
      return { label: `broken multipart: ${label}`, body: { bytes, contentType } };
    }
    case 'unsigned garbage': {
      const payload = JSON.stringify(templates[name]);
      const variants: Array<[string, Uint8Array, string | null]> = [
        ['JSON body', enc(payload), 'application/json'],
        ['text/plain', enc(payload), 'text/plain'],
        ['no Content-Type', enc(payload), null],
        [
          'urlencoded garbage',
          enc('a=1&&=&%ZZ=%&payload=%7B&' + 'x='.repeat(rnd.int(1, 50))),
          'application/x-www-form-urlencoded',
        ],
        [
          'urlencoded without signature',
          pythonUrlencoded(sign(payload).filter((p) => p.name !== 'signature')).bytes,
          'application/x-www-form-urlencoded',
        ],
        ['XML', enc('<?xml version="1.0"?><a/>'), 'application/xml'],
        ['random bytes as a form', rnd.bytes(rnd.int(1, 1024)), 'application/x-www-form-urlencoded'],
        ['media type in capitals', build(sign(payload)).bytes, 'MULTIPART/FORM-DATA'],
      ];
      const [label, bytes, contentType] = rnd.pick(variants);
      return { label: `unsigned: ${label}`, body: { bytes, contentType } };
    }
    case 'envelope garbage': {
      const payload = JSON.stringify(templates[name]);
      const parts = sign(payload);
      const which = rnd.pick(['request_id', 'access_key', 'tonce', 'signature'] as const);
      const bad = {
        request_id: rnd.pick(['r'.repeat(65), 'r'.repeat(10_000), '\u0000', '保全请求号']),
        access_key: rnd.pick(['nosuchkey', '__proto__', 'constructor', ' ', 'x'.repeat(5000)]),
        tonce: rnd.pick(['1.5', '-1', '1e9', 'NaN', '9'.repeat(40), String(tonce() + 10_000), ' 1 ', '0x10']),
        signature: rnd.pick([
          'AAAA',
          '***',
          'x'.repeat(100_000),
          Buffer.from(rnd.bytes(256)).toString('base64'),
          '',
        ]),
      }[which];
      return {
        label: `envelope ${which}=${JSON.stringify(bad).slice(0, 20)}`,
        body: build([...parts.map((p) => (p.name === which ? { ...p, value: bad } : p)), ...files]),
      };
    }
    case 'valid, another SDK style': {
      const style = rnd.pick(['java', 'python', 'php'] as const);
      const parts = [...sign(JSON.stringify(templates[name])), ...files];
      const body =
        style === 'python' && files.length === 0
          ? pythonUrlencoded(parts)
          : { java: javaMultipart, python: pythonMultipart, php: phpMultipart }[style](parts);
      return { label: `valid (${style})`, body };
    }
  }
}

const ENVELOPE_ERRORS: BaoquanErrorName[] = [
  'CONTENT_TYPE_UNSUPPORTED',
  'PART_MISSING',
  'PART_INVALID',
  'REQUEST_ID_TOO_LONG',
  'ACCESS_KEY_UNKNOWN',
  'TONCE_OUT_OF_RANGE',
  'SIGNATURE_INVALID',
  'REQUEST_TOO_LARGE',
];
const envelopeMessage = (m: string) =>
  ENVELOPE_ERRORS.some(
    (n) =>
      m === baoquanErrors[n].msg || new RegExp(`^${baoquanErrors[n].msg.replace(/\{\w+\}/g, '.*')}$`).test(m),
  );

/** Everything wrong with one answer. */
function problemsOf(name: BaoquanApiName, a: Answer): string[] {
  const out: string[] = [];
  if (a.status === 200) {
    if (name === 'attestation/download') {
      if (
        a.contentType !== 'application/zip' ||
        Buffer.from(a.bytes.subarray(0, 2)).toString('latin1') !== 'PK'
      )
        out.push(`download 200 is not a zip: ${a.contentType}`);
      return out;
    }
    if (name === 'contract/download') {
      if (
        a.contentType !== 'application/pdf' ||
        Buffer.from(a.bytes.subarray(0, 5)).toString('latin1') !== '%PDF-'
      )
        out.push(`contract download 200 is not a PDF: ${a.contentType}`);
      return out;
    }
    if (a.json === undefined || a.json === null || typeof a.json !== 'object')
      return [`200 with a non-JSON body: ${a.text.slice(0, 80)}`];
    if (!name.startsWith('contract/') && (typeof a.json.request_id !== 'string' || !('data' in a.json)))
      out.push(`200 without {request_id, data}: ${a.text.slice(0, 80)}`);
    return out;
  }
  if (![400, 413, 429, 500].includes(a.status)) out.push(`HTTP ${a.status}`);
  if (!/^application\/json/.test(a.contentType ?? '')) out.push(`content-type ${a.contentType}`);
  if (a.json === undefined) return [...out, `not JSON: ${a.text.slice(0, 80)}`];
  const keys = a.json && typeof a.json === 'object' ? Object.keys(a.json).sort().join(',') : String(a.json);
  if (keys !== 'message,request_id,timestamp') out.push(`error body keys ${keys}`);
  if (typeof a.json.request_id !== 'string') out.push('request_id not a string');
  if (typeof a.json.message !== 'string' || !a.json.message) out.push('no message');
  if (a.json.timestamp !== h.sim.clock.now()) out.push(`timestamp ${a.json.timestamp}`);
  if (a.status >= 500 && a.json.message !== '数字签名校验失败') out.push(`${a.status} ${a.json.message}`);
  return out;
}

beforeAll(async () => {
  h = inProcessBq({ now: T0, seed: 7 });
  const c = h.defaultClient();
  pdf = await textPdf([['合同正文', '甲方（签章）']]);
  png = solidPng(16, 16);
  ({ no: openAno } = await c.call('attestations', {
    unique_id: randomUUID(),
    template_id: DOC_TEMPLATE,
    identities: IDENTITIES,
    factoids: [{ type: 'user', data: USER }],
    completed: false,
  }));
  ({ signatureId } = await c.call(
    'contract/signature',
    {},
    { attachments: { 0: [{ bytes: png, filename: 's.png' }] } },
  ));
  ({ contractId } = await c.call(
    'contract/uploadPdf',
    {},
    { attachments: { 0: [{ bytes: pdf, filename: 'c.pdf' }] } },
  ));
  await c.call('contract/setDetail', {
    contract_id: contractId,
    title: '合同',
    end_at: T0 + 86_400_000,
    remark: '',
    userPhones: ['15811111111'],
  });
  const hashPayload = {
    unique_id: 'fuzz-hash',
    template_id: DOC_TEMPLATE,
    identities: IDENTITIES,
    factoids: [{ type: 'file', data: { owner_name: '李三', owner_id: '330124199501017791' } }],
    sha256: '654c71176b207401445fdd471f5e023f65af50d7361bf828e5b1c19c89b977b0',
  };
  templates = {
    attestations: {
      unique_id: 'fuzz-1',
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ unique_id: 'f-1', type: 'user', data: USER }],
      completed: true,
      attachments: {
        '0': [{ checksum: sha256Hex(pdf), sign: { F98F99A554E944B6996882E8A68C60B2: ['甲方（签章）'] } }],
      },
    },
    factoids: { ano: openAno, factoids: [{ unique_id: 'f-2', type: 'user', data: USER }], completed: false },
    'attestations/hash': hashPayload,
    'attestation/hash': { ...hashPayload, unique_id: 'fuzz-hash-2' },
    attestation: { ano: SEED_ANO, fields: ['identities'] },
    'users/kyc': { name: '用户', phone: '15822222226', idCard: '42012319800127691X' },
    'attestation/download': { ano: SEED_ANO },
    cas: PERSONAL_CA,
    'contract/signature': {},
    'contract/signature/default': { signature_id: signatureId },
    'contract/signature/list': {},
    'contract/uploadPdf': {},
    'contract/setDetail': {
      contract_id: contractId,
      title: '合同',
      end_at: T0 + 86_400_000,
      remark: '备注',
      userPhones: ['15811111111'],
    },
    'contract/verifyCode': { contract_id: contractId, phone: '15861111111' },
    'contract/detail': { contract_id: contractId },
    'contract/list': { start: null, end: null, status: 'SIGNING', keyWord: null },
    'contract/signature/delete': { signature_id: signatureId },
    'contract/download': { contract_id: contractId },
    'contract/sign': {
      contract_id: contractId,
      phone: '15861111111',
      verify_code: '0000',
      ecs_status: 'DONE',
      page: '1',
      posX: '100',
      posY: '100',
    },
  };
  const none: Part[] = [];
  validFiles = Object.fromEntries(NAMES.map((n) => [n, none])) as Record<BaoquanApiName, Part[]>;
  validFiles.attestations = [{ name: 'attachments[0][]', value: pdf, filename: '合同.pdf' }];
  validFiles['contract/signature'] = [{ name: 'attachments[0][]', value: png, filename: 's.png' }];
  validFiles['contract/uploadPdf'] = [{ name: 'attachments[0][]', value: pdf, filename: 'c.pdf' }];
});

afterAll(async () => {
  await h?.close();
});

describe('baoquan fuzz: every route answers a success or the vendor error body, and failures change nothing', () => {
  it('covers every documented API', () => {
    expect(NAMES).toHaveLength(19);
    expect(Object.keys(templates).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES.flatMap((n) => (['v2', 'v1'] as const).map((v) => [`/api/${v}/${n}`, n, v] as const)))(
    '%s',
    async (path, name) => {
      const rnd = mulberry32(0xba0 + ([...path].reduce((s, ch) => s * 31 + ch.charCodeAt(0), 7) % 100_000));
      const problems: string[] = [];
      const messages = new Set<string>();
      let pastEnvelope = 0;
      let before = await snapshot();
      for (const kind of LABELLED_KINDS) {
        const c = makeCase(kind, name, path, rnd);
        const a = await postBody(h, path, c.body);
        const found = problemsOf(name, a);
        if (a.status !== 200) {
          messages.add(String(a.json?.message));
          if (!envelopeMessage(String(a.json?.message))) pastEnvelope++;
          const after = await snapshot();
          if (after !== before) found.push(`state changed by a failure: ${before} -> ${after}`);
        } else {
          pastEnvelope++;
          messages.add('(success)');
          before = await snapshot();
        }
        if (/^(broken multipart|unsigned)/.test(c.label) && a.status === 200 && !c.label.includes('capitals'))
          found.push('accepted');
        for (const p of found) problems.push(`${c.label}: ${p} — HTTP ${a.status} ${a.text.slice(0, 140)}`);
      }
      if (process.env.FUZZ_DEBUG) console.log(path, [...messages].join(' | '));
      expect(problems).toEqual([]);
      // The generator gets past the envelope: several different
      // answers, some from the payload or the handler.
      expect(messages.size, [...messages].join(' | ')).toBeGreaterThanOrEqual(4);
      expect(pastEnvelope).toBeGreaterThanOrEqual(2);
    },
  );

  it.each(['attestations', 'factoids'] as const)(
    '/%s: a 10 000-deep array in factoid data (an unknown field) is kept or refused with a 4xx, never ' +
      '500 服务器内部错误',
    async (name) => {
      const base =
        name === 'attestations'
          ? { ...(templates.attestations as object), unique_id: randomUUID(), attachments: {} }
          : templates.factoids;
      const d = 10_000;
      const text = JSON.stringify(base).replace(
        /"data":\{/,
        `"data":{"extra":${'['.repeat(d)}1${']'.repeat(d)},`,
      );
      expect(text).toContain('"extra":[[[');
      const before = await snapshot();
      const a = await postBody(h, `/api/v2/${name}`, javaMultipart(signedParts(`/api/v2/${name}`, text)));
      expect(problemsOf(name, a), `HTTP ${a.status} ${a.text.slice(0, 200)}`).toEqual([]);
      if (a.status !== 200) expect(await snapshot()).toBe(before);
    },
  );

  it('object keys named like Object.prototype members (__proto__, constructor) are keys like any other: unknown caId, factoid index, identity kind', async () => {
    const sum = sha256Hex(pdf);
    const base = (identities: string, attachments: string) =>
      `{"unique_id":"${randomUUID()}","template_id":"${DOC_TEMPLATE}","identities":${identities},` +
      `"factoids":[{"type":"user","data":${JSON.stringify(USER)}}],"attachments":${attachments}}`;
    const ids = '{"ID":"42012319800127691X","MO":"15857112383"}';
    const withPdf = (key: string) =>
      base(ids, `{"0":[{"checksum":"${sum}","sign":{"${key}":["甲方（签章）"]}}]}`);
    const cases: Array<[string, string, boolean, string]> = [
      ['sign by caId "constructor"', withPdf('constructor'), true, 'ca证书不存在: constructor'],
      ['sign by caId "__proto__"', withPdf('__proto__'), true, 'ca证书不存在: __proto__'],
      [
        'attachments key "x"',
        base(ids, '{"x":["abc"]}'),
        false,
        'invalid attachments: factoid index x not exist',
      ],
      [
        'attachments key "__proto__"',
        base(ids, '{"__proto__":["abc"]}'),
        false,
        'invalid attachments: factoid index __proto__ not exist',
      ],
      [
        'identity kind "XX"',
        base('{"MO":"15857112383","XX":"1"}', '{}'),
        false,
        'invalid parameter : payload.identities.XX',
      ],
      [
        'identity kind "__proto__"',
        base('{"MO":"15857112383","__proto__":"1"}', '{}'),
        false,
        'invalid parameter : payload.identities.__proto__',
      ],
    ];
    const got: Record<string, string> = {};
    for (const [label, payload, file] of cases) {
      const before = await snapshot();
      const parts = [
        ...signedParts('/api/v2/attestations', payload),
        ...(file ? [{ name: 'attachments[0][]', value: pdf, filename: 'c.pdf' }] : []),
      ];
      const a = await postBody(h, '/api/v2/attestations', javaMultipart(parts));
      got[label] =
        a.status === 200 ? `200 (stored: ${JSON.stringify(a.json.data)})` : `${a.status} ${a.json?.message}`;
      if (a.status !== 200) expect(await snapshot(), label).toBe(before);
    }
    expect(got).toEqual(Object.fromEntries(cases.map(([label, , , message]) => [label, `400 ${message}`])));
  });

  it('state lookups agree: the open attestation still answers with its factoids and the seeded ones are intact', async () => {
    const c = h.defaultClient();
    const open = await c.call('attestation', { ano: openAno });
    expect(open.no).toBe(openAno);
    expect(open.factoids!.length).toBeGreaterThanOrEqual(1);
    expect((await c.call('attestation', { ano: SEED_ANO })).blockchain_hash).toBe(
      's5j4SZpEKQXQ7r6C2F81ZJXosNjzrPJsXKywAu',
    );
  });
});

describe('baoquan fuzz: an oversized body is refused before it is read (real HTTP, keep-alive)', () => {
  const LIMIT = 256 * 1024;
  let http: BqHandle & { running: NonNullable<BqHandle['running']> };
  beforeAll(async () => {
    http = await httpBq({ maxBodyBytes: LIMIT });
  });
  afterAll(async () => {
    await http?.close();
  });

  it.each(['/api/v2/attestations', '/api/v1/contract/uploadPdf'])(
    '%s: Content-Length over the limit → 413 {request_id, message, timestamp} while the body is still ' +
      'arriving',
    async (path) => {
      const before = (await tenantView(http, DEFAULT_ACCESS_KEY)).counts;
      const boundary = 'fuzzboundary0123456789';
      const answer = await slowPost(`${http.origin}${path}`, {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}; charset=UTF-8` },
        declaredLength: 4 * 1024 * 1024,
        chunk: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="attachments[0][]"; ` +
              `filename="big.bin"\r\n\r\n`,
          ),
          Buffer.alloc(16 * 1024, 0x41),
        ]),
        everyMs: 2000,
      });
      expect(answer.bodyFinished).toBe(false);
      expect(answer.bytesSent).toBeLessThan(LIMIT);
      expect(answer.status).toBe(413);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(answer.body)).toEqual({
        request_id: '',
        message: '请求数据过大',
        timestamp: http.sim.clock.now(),
      });
      expect((await tenantView(http, DEFAULT_ACCESS_KEY)).counts).toEqual(before);
      // The server is still serving.
      const ok = await http.defaultClient().call('attestation', { ano: SEED_ANO, fields: [] });
      expect(ok.no).toBe(SEED_ANO);
    },
  );
});
