/**
 * Robustness of the esign surface against malformed input (doc §4.2: every API answers the JSON
 * envelope `{errCode, msg, data}`; §4.3.2: every answer is signed; docs/vendor-notes.md "Upload": the object
 * store answers XML errors).
 *
 * A seeded generator sends a few hundred correctly signed but wrong requests to every route of
 * `esignRoutes`: wrong types, missing fields, nested garbage, huge strings, unicode, arrays
 * where objects belong, non-JSON bytes, empty bodies, wrong Content-Types, deep nesting. Every
 * answer must be HTTP 200 with a signed catalogue envelope (never a 5xx, never a non-JSON body,
 * never the catalogue's INTERNAL_ERROR, which means the simulator itself broke), a success must
 * match the route's documented response schema, and a failure must leave the project unchanged.
 * The OSS PUT/GET URLs must answer OSS XML errors (400/403/404) to garbage. Oversized bodies are
 * refused before they are read, over real HTTP.
 */
import { garbageGenerator, mulberry32, mutateTemplate, type Rnd } from '../helpers/fuzz.ts';
import { slowRequest } from '../helpers/slow-http.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsignClient, contentMd5, uploadFile, type EsignClient } from '../../clients/esign/index.ts';
import { hmacSha256Hex } from '../../clients/shared/crypto.ts';
import {
  esignErrorName,
  esignErrors,
  esignRoutes,
  parseOssErrorXml,
  type EsignErrorName,
} from '../../contracts/esign/index.ts';
import {
  faker,
  httpSim,
  inProcessSim,
  newDoc,
  newPerson,
  newProject,
  projectView,
  T0,
  textPdf,
  type Project,
  type SimHandle,
} from './helpers.ts';
import type { z } from '@hono/zod-openapi';

const E = (name: EsignErrorName) => esignErrors[name].errCode;
/**
 * The esign app's body limit: SimulatorOptions.maxBodyBytes, default 20 MiB (simulators/core/simulator.ts).
 */
const DEFAULT_LIMIT = 20 * 1024 * 1024;

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
  'undefined',
  '1-3,5',
  '3-1',
  '0',
  '1,,2',
  '🙂🙃👨‍👩‍👧',
  '签署流程😀\u200b\u202e',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  'Ａ１２３',
  '\u00e9\u0301',
  '<script>alert(1)</script>',
  "'; DROP TABLE accounts;--",
  '../../etc/passwd',
  '%00%ff%',
  '${7*7}',
  '{{7*7}}',
  '$333e7706-3277-4e67-88d4-7f9183a7cde9$3868138092',
  'eB5eJF1ptWaXm4bijSPyxw==',
  'application/pdf',
  'text/html',
  ...PROTO_KEYS,
];
const NUMBERS = [
  0,
  -0,
  -1,
  1,
  2,
  3,
  1.5,
  19,
  11,
  2 ** 31,
  2 ** 53 + 2,
  1e308,
  -1e308,
  5e-324,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];

/** A random JSON value, the known ids among its leaves. */
const garbage = (rnd: Rnd, ids: string[]) =>
  garbageGenerator({ strings: STRINGS, numbers: NUMBERS, special: () => ids, wide: '签' })(rnd);

function wrongType(v: unknown, rnd: Rnd): unknown {
  if (typeof v === 'string') return rnd.pick([Number(v) || 1, [v], { v }, true]);
  if (typeof v === 'number') return rnd.pick([String(v), [v], { v }, `${v}px`]);
  if (Array.isArray(v)) return rnd.pick([{ ...v }, v[0] ?? null, JSON.stringify(v)]);
  if (v && typeof v === 'object') return rnd.pick([[v], Object.values(v), JSON.stringify(v)]);
  return rnd.pick([{}, [], 'x']);
}

/** One mutated body (or a fully random one) from a route's valid template. */
const mutate = (template: unknown, rnd: Rnd, ids: string[]) =>
  mutateTemplate(template, rnd, { garbage: (r) => garbage(r, ids), wrongType, keys: STRINGS });

const enc = (s: string) => new TextEncoder().encode(s);

/** Byte-level cases: [label, bytes, content-type (null = none)]. All but the BOM case must be refused. */
function rawCases(valid: unknown, rnd: Rnd): Array<[string, Uint8Array, string | null]> {
  const json = JSON.stringify(valid);
  const firstKey = Object.keys(valid as object)[0]!;
  const randomBytes = new Uint8Array(rnd.int(1, 64)).map(() => rnd.int(0, 255));
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  return [
    ['empty body', new Uint8Array(0), 'application/json'],
    ['random bytes', randomBytes, 'application/json'],
    [
      'invalid UTF-8 in a string',
      new Uint8Array([...enc('{"x":"'), 0xff, 0xfe, 0xc3, ...enc('"}')]),
      'application/json',
    ],
    ['truncated JSON', enc(json.slice(0, Math.max(1, json.length >> 1))), 'application/json'],
    ['BOM + JSON', new Uint8Array([0xef, 0xbb, 0xbf, ...enc(json)]), 'application/json'],
    ['trailing comma', enc(json.replace(/}$/, ',}')), 'application/json'],
    ['JSON null', enc('null'), 'application/json'],
    ['JSON array', enc('[]'), 'application/json'],
    ['JSON string', enc('"签署"'), 'application/json'],
    ['JSON number', enc('1e999'), 'application/json'],
    [
      'duplicate key, the last one wrong',
      enc(json.replace(/}$/, `,${JSON.stringify(firstKey)}:[[{}]]}`)),
      'application/json',
    ],
    ['50 000-deep array body', enc(deep(50_000)), 'application/json'],
    ['50 000-deep array in a field', enc(`{"x":${deep(50_000)}}`), 'application/json'],
    ['valid JSON as text/plain', enc(json), 'text/plain'],
    ['valid JSON as a form', enc(json), 'application/x-www-form-urlencoded'],
    ['valid JSON as multipart', enc(json), 'multipart/form-data; boundary=xyz'],
    ['valid JSON as application/jsonp', enc(json), 'application/jsonp'],
    ['valid JSON without Content-Type', enc(json), null],
    ['form body as a form', enc('a=1&b=2'), 'application/x-www-form-urlencoded'],
  ];
}

// ── the simulator and its valid starting points ───────────────────────────────────────────────

interface Sent {
  status: number;
  contentType: string | null;
  signature: string | null;
  text: string;
}

let h: SimHandle;
let project: Project;
let client: EsignClient;
let last: Response | undefined;
let templates: Record<string, unknown>;
let ids: string[];

async function snapshot() {
  const v = await projectView(h.control, project.projectId);
  return { counts: v.counts, quota: v.quota };
}

/** Sends through the typed client (signed by its middleware); returns the raw answer. */
async function send(
  path: string,
  opts: { body?: unknown; bytes?: Uint8Array; contentType?: string | null },
): Promise<Sent> {
  last = undefined;
  const init: Record<string, unknown> = { parseAs: 'text' };
  if (opts.bytes) {
    init.body = opts.bytes;
    init.bodySerializer = (b: unknown) => b;
    init.headers = { 'Content-Type': opts.contentType ?? null };
  } else if (opts.body !== undefined) init.body = opts.body;
  await (client.POST as (p: string, i: unknown) => Promise<unknown>)(path, init);
  const res = last as Response | undefined;
  if (!res) throw new Error('no response captured');
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    signature: res.headers.get('X-timevale-signature'),
    text: await res.text(),
  };
}

const NO_DATA = new Set(['/sign/execute', '/sign/revoke']);

/** The route's success schema (every esign route documents a JSON answer for 200). */
const successSchema = (route: (typeof esignRoutes)[keyof typeof esignRoutes]) =>
  (route.responses[200] as { content: Record<string, { schema: z.ZodType }> }).content['application/json']
    .schema;

/** Everything wrong with one answer; `before` is the project before the call. */
async function problemsOf(
  route: (typeof esignRoutes)[keyof typeof esignRoutes],
  sent: Sent,
  before: Awaited<ReturnType<typeof snapshot>>,
): Promise<string[]> {
  const out: string[] = [];
  if (sent.status !== 200) out.push(`HTTP ${sent.status}`);
  if (!/^application\/json/i.test(sent.contentType ?? '')) out.push(`content-type ${sent.contentType}`);
  if (sent.signature !== hmacSha256Hex(project.secret, sent.text))
    out.push('response signature does not match its body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(sent.text);
  } catch {
    return [...out, `not JSON: ${sent.text.slice(0, 80)}`];
  }
  const isEnvelope = (v: unknown): v is { errCode: number; msg?: unknown; data?: unknown } =>
    !!v && typeof v === 'object' && typeof (v as { errCode?: unknown }).errCode === 'number';
  if (!isEnvelope(parsed)) return [...out, `no envelope: ${sent.text.slice(0, 80)}`];
  const json = parsed;
  if (json.errCode === 0) {
    const parsed = successSchema(route).safeParse(json);
    if (!parsed.success)
      out.push(`errCode 0 but the body breaks the documented response: ${sent.text.slice(0, 160)}`);
    // every API but /sign/execute and /sign/revoke (§4.9.2, §4.9.3) documents required data
    if (!NO_DATA.has(route.path) && json.data === undefined) out.push('errCode 0 without data');
    return out;
  }
  if (typeof json.msg !== 'string' || !json.msg) out.push('failure without msg');
  if (!esignErrorName(json.errCode)) out.push(`errCode ${json.errCode} is not in the catalogue`);
  if (json.errCode === E('INTERNAL_ERROR')) out.push(`INTERNAL_ERROR (the simulator broke): ${json.msg}`);
  const after = await snapshot();
  if (JSON.stringify(after) !== JSON.stringify(before))
    out.push(`state changed by a failed call: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  return out;
}

beforeAll(async () => {
  h = inProcessSim({ now: T0, seed: 7 });
  project = await newProject(h.control, { callbackUrl: 'http://127.0.0.1:9/never' });
  client = createEsignClient({
    baseUrl: h.esignBase,
    projectId: project.projectId,
    secret: project.secret,
    fetch: async (r) => {
      const res = await h.sim.fetch(r);
      last = res.clone();
      return res;
    },
  });
  const plain = h.client(project);
  const a = await newPerson(plain);
  const b = await newPerson(plain);
  const { docId, fileKey } = await newDoc(plain, h.fetch);
  const { templateId } = await plain.call('/template/createbyfilekey', { fileKey, templateName: '模板' });
  const { flowId } = await plain.call('/sign/start', {
    businessScene: '草稿',
    autoInitiate: 0,
    docList: [{ docId }],
    recipientList: { signerList: [{ accountId: a.accountId }] },
  });
  const org = faker.company();
  ids = [a.accountId, b.accountId, a.thirdId, docId, fileKey, templateId, flowId, project.projectId];
  templates = {
    '/file/uploadurl': {
      fileName: '合同.pdf',
      fileSize: 1024,
      contentType: 'application/pdf',
      contentMd5: 'eB5eJF1ptWaXm4bijSPyxw==',
    },
    '/account/create/person/private': {
      thirdId: 'fz',
      name: '张三',
      idNo: '371500198101175693',
      idType: 19,
      mobile: '13516134875',
      email: 'a@b.cn',
    },
    '/account/create/organize/private': {
      agentAccountId: a.accountId,
      name: org.name,
      organCode: org.uscc,
      organType: 11,
      legalName: '童瑶',
      legalIdNo: '33012219921122281X',
      legalIdType: 19,
    },
    '/account/idexchange': { thirdId: a.thirdId },
    '/template/createbyfilekey': { fileKey, templateName: 'T', templateTypeId: '0', templateFormKeys: ['a'] },
    '/doc/createbyfilekey': { fileKey },
    '/doc/createbytemplate': {
      templateId,
      name: '借款合同',
      simpleFormFields: { a: '1', b: 2 },
      chunkedFields: [
        { contentType: 'text/html', chunkedData: Buffer.from('<p>附件</p>').toString('base64'), sequence: 0 },
      ],
    },
    '/doc/downloadurl': { docId },
    '/sign/start': {
      businessScene: '买房子',
      autoInitiate: '0',
      signValidity: String(T0 + 86_400_000),
      noticeType: '1,2',
      docList: [{ docId, name: '合同' }],
      recipientList: {
        signerList: [
          {
            accountId: a.accountId,
            signOrder: '1',
            autoSign: '0',
            docPosList: [
              { docId, signType: '2', posBeanList: [{ posPage: '1', posX: '100', posY: '100', scale: '' }] },
            ],
          },
          {
            accountId: b.accountId,
            signOrder: 2,
            docPosList: [{ docId, signType: 1, posBeanList: [{ key: '甲方（盖章）' }] }],
          },
        ],
      },
    },
    '/sign/execute': { flowId },
    '/sign/revoke': { flowId },
    '/sign/download': { flowId },
    '/sign/docdetail': { flowId },
  };
});

afterAll(async () => {
  await h?.close();
});

// ── the tests ───────────────────────────────────────────────────────────────────────────────

describe('esign fuzz: every API answers a signed catalogue envelope and keeps state on failure', () => {
  const routes = Object.entries(esignRoutes);

  it.each(routes)('%s: random and malformed JSON bodies', async (name, route) => {
    const rnd = mulberry32(0x5ea1 + name.length * 7919 + name.charCodeAt(0));
    const template = templates[route.path];
    expect(template, `a template for ${route.path}`).toBeDefined();
    const problems: string[] = [];
    const cases: Array<{ label: string; value: unknown }> = [
      { label: 'no body', value: undefined },
      { label: 'empty object', value: {} },
      ...Array.from({ length: 20 }, () => mutate(template, rnd, ids)),
    ];
    const codes = new Set<number>();
    for (const [i, c] of cases.entries()) {
      const before = await snapshot();
      const sent = await send(route.path, { body: c.value });
      codes.add((JSON.parse(sent.text || '{}') as { errCode?: number }).errCode ?? -1);
      for (const p of await problemsOf(route, sent, before)) {
        problems.push(`#${i} ${c.label}: ${p} — body ${JSON.stringify(c.value)?.slice(0, 120)}`);
      }
    }
    // The generator must get past the first check: several distinct answers per route.
    expect(codes.size, `errCodes seen: ${[...codes].join(', ')}`).toBeGreaterThanOrEqual(3);
    if (process.env.FUZZ_DEBUG) console.log(route.path, [...codes].join(' '));
    expect(problems).toEqual([]);
  });

  it.each(routes)('%s: non-JSON bytes, wrong Content-Types, deep nesting', async (name, route) => {
    const rnd = mulberry32(0xb17e + name.length);
    const problems: string[] = [];
    for (const [label, bytes, ct] of rawCases(templates[route.path], rnd)) {
      const before = await snapshot();
      const sent = await send(route.path, { bytes, contentType: ct });
      const found = await problemsOf(route, sent, before);
      const json = JSON.parse(sent.text || 'null') as { errCode?: number } | null;
      // None of these is a valid request: each must be refused.
      if (json?.errCode === 0 && label !== 'BOM + JSON') found.push('accepted');
      if (ct !== 'application/json' && json && json.errCode !== E('CONTENT_TYPE_UNSUPPORTED'))
        found.push(`errCode ${json.errCode}, not CONTENT_TYPE_UNSUPPORTED`);
      for (const p of found) problems.push(`${label} (${ct}): ${p}`);
    }
    expect(problems).toEqual([]);
  });

  it('Content-Type is matched as a media type: case and parameters do not matter (§4.2)', async () => {
    const body = enc(JSON.stringify({ thirdId: 'nobody-has-this' }));
    for (const ct of [
      'application/json',
      'APPLICATION/JSON',
      'Application/Json; charset=UTF-8',
      'application/json;charset=utf-8',
    ]) {
      const sent = await send('/account/idexchange', { bytes: body, contentType: ct });
      expect(JSON.parse(sent.text).errCode, ct).toBe(E('THIRD_ID_NOT_FOUND'));
    }
  });

  it('a deep body in sort-parameters mode with a wrong signature is a signature mismatch, not a crash', async () => {
    const url = `${h.esignBase}/account/idexchange`;
    for (const body of [
      `{"thirdId":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      `{"thirdId":"x","z":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
    ]) {
      const before = await snapshot();
      const res = await h.sim.fetch(
        new Request(url, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            'X-timevale-project-id': project.projectId,
            'X-timevale-mode': 'sort-parameters',
            'X-timevale-signature': 'ab'.repeat(32),
          },
        }),
      );
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(JSON.parse(text).errCode).toBe(E('SIGNATURE_MISMATCH'));
      expect(await snapshot()).toEqual(before);
    }
  });

  it('prototype-named ids (__proto__, constructor, toString…) are unknown ids like any other', async () => {
    const plain = h.client(project);
    const { docId } = JSON.parse(JSON.stringify(templates['/doc/downloadurl'])) as { docId: string };
    const { accountId } = await plain.call('/account/idexchange', {
      thirdId: (templates['/account/idexchange'] as { thirdId: string }).thirdId,
    });
    const expectations: Array<[string, (id: string) => unknown, EsignErrorName]> = [
      ['/account/idexchange', (id) => ({ thirdId: id }), 'THIRD_ID_NOT_FOUND'],
      ['/doc/createbyfilekey', (id) => ({ fileKey: id }), 'FILE_KEY_NOT_FOUND'],
      ['/template/createbyfilekey', (id) => ({ fileKey: id }), 'FILE_KEY_NOT_FOUND'],
      ['/doc/createbytemplate', (id) => ({ templateId: id, name: 'x' }), 'TEMPLATE_NOT_FOUND'],
      ['/doc/downloadurl', (id) => ({ docId: id }), 'DOC_NOT_FOUND'],
      [
        '/account/create/organize/private',
        (id) => ({ agentAccountId: id, name: '某公司', organCode: '913301087458306077', organType: 11 }),
        'AGENT_ACCOUNT_NOT_FOUND',
      ],
      [
        '/sign/start',
        (id) => ({
          businessScene: 'x',
          docList: [{ docId: id }],
          recipientList: { signerList: [{ accountId }] },
        }),
        'DOC_NOT_FOUND',
      ],
      [
        '/sign/start',
        (id) => ({
          businessScene: 'x',
          docList: [{ docId }],
          recipientList: { signerList: [{ accountId: id }] },
        }),
        'ACCOUNT_NOT_FOUND',
      ],
      ['/sign/execute', (id) => ({ flowId: id }), 'FLOW_NOT_FOUND'],
      ['/sign/revoke', (id) => ({ flowId: id }), 'FLOW_NOT_FOUND'],
      ['/sign/download', (id) => ({ flowId: id }), 'FLOW_NOT_FOUND'],
      ['/sign/docdetail', (id) => ({ flowId: id }), 'FLOW_NOT_FOUND'],
    ];
    const wrong: string[] = [];
    for (const [path, body, want] of expectations) {
      for (const id of PROTO_KEYS) {
        const before = await snapshot();
        const sent = await send(path, { body: body(id) });
        const got = JSON.parse(sent.text) as { errCode: number; data?: unknown };
        if (got.errCode !== E(want))
          wrong.push(`${path} ${id}: want ${want} (${E(want)}), got ${sent.text.slice(0, 140)}`);
        if (JSON.stringify(await snapshot()) !== JSON.stringify(before))
          wrong.push(`${path} ${id}: state changed`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a thirdId named like an Object.prototype member is stored and found like any other', async () => {
    const plain = h.client(project);
    const wrong: string[] = [];
    for (const thirdId of PROTO_KEYS) {
      const created = await plain
        .call('/account/create/person/private', {
          thirdId,
          name: '王五',
          idNo: '110108196710262291',
          idType: 19,
        })
        .then(
          (d) => d.accountId,
          (e: { errCode: number; msg: string }) => `error ${e.errCode} ${e.msg}`,
        );
      const found = await plain.call('/account/idexchange', { thirdId }).then(
        (d) => JSON.stringify(d.accountId),
        (e: { errCode: number }) => `error ${e.errCode}`,
      );
      if (!/^[0-9a-f]{32}$/.test(created) || found !== JSON.stringify(created))
        wrong.push(`${thirdId}: created ${created}, idexchange ${found}`);
    }
    expect(wrong).toEqual([]);
  });
});

// ── the object store: PUT uploadUrl and GET docUrl ─────────────────────────────────────────

describe('esign fuzz: OSS upload and download URLs answer OSS XML errors to garbage', () => {
  const KNOWN = ['AccessDenied', 'SignatureDoesNotMatch', 'InvalidDigest', 'NoSuchKey', 'EntityTooLarge'];

  async function expectXmlError(label: string, res: Response, problems: string[]) {
    const text = await res.text();
    if (![400, 403, 404].includes(res.status))
      problems.push(`${label}: HTTP ${res.status} ${text.slice(0, 100)}`);
    if (!/xml/.test(res.headers.get('content-type') ?? ''))
      problems.push(`${label}: content-type ${res.headers.get('content-type')}`);
    const parsed = parseOssErrorXml(text);
    if (!parsed || !KNOWN.includes(parsed.Code))
      problems.push(`${label}: not an OSS error document: ${text.slice(0, 100)}`);
  }

  function tamper(url: string, key: string, value: string | null): string {
    const u = new URL(url);
    if (value === null) u.searchParams.delete(key);
    else u.searchParams.set(key, value);
    return u.toString();
  }

  it('GET docUrl: missing, bad, tampered or expired signatures, unknown objects', async () => {
    const plain = h.client(project);
    const { docUrl } = await plain.call(
      '/doc/downloadurl',
      templates['/doc/downloadurl'] as { docId: string },
    );
    const origin = new URL(docUrl).origin;
    const sig = new URL(docUrl).searchParams.get('Signature')!;
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    const cases: Array<[string, string, Record<string, string>?]> = [
      ['no query', docUrl.split('?')[0]!],
      ['Expires not a number', tamper(docUrl, 'Expires', 'soon')],
      ['Expires empty', tamper(docUrl, 'Expires', '')],
      ['Expires huge', tamper(docUrl, 'Expires', '9'.repeat(400))],
      ['no Signature', tamper(docUrl, 'Signature', null)],
      ['flipped Signature', tamper(docUrl, 'Signature', flipped)],
      ['unicode Signature', tamper(docUrl, 'Signature', '签名🙂')],
      ['huge Signature', tamper(docUrl, 'Signature', 'A'.repeat(100_000))],
      [
        'later Expires',
        tamper(docUrl, 'Expires', String(Number(new URL(docUrl).searchParams.get('Expires')) + 1)),
      ],
      [
        'other object, same query',
        docUrl.replace(/\/oss\/download\/[^?]+/, '/oss/download/00000000-0000-0000-0000-000000000000.pdf'),
      ],
      [
        'malformed percent-encoding',
        `${origin}/oss/download/%E0%A4%A.pdf?${new URL(docUrl).search.slice(1)}`,
      ],
      [
        'unicode object name',
        `${origin}/oss/download/${encodeURIComponent('合同🙂')}.pdf?Expires=1&Signature=x`,
      ],
      [
        'garbage headers',
        docUrl.replace('Signature=', 'Signature=x'),
        { Range: 'bytes=abc', 'If-None-Match': '"\u00e9"', Authorization: 'OSS ' + 'x'.repeat(5000) },
      ],
      [
        'signed URL of an object that does not exist',
        h.sim.blobs.signedUrl(origin, '/oss/download/no-such-object.pdf', 60_000, 'GET'),
      ],
      [
        'signed URL of a malformed object name',
        h.sim.blobs.signedUrl(origin, '/oss/download/%E0%A4%A.pdf', 60_000, 'GET'),
      ],
    ];
    const problems: string[] = [];
    for (const [label, url, headers] of cases)
      await expectXmlError(label, await h.sim.fetch(new Request(url, { headers })), problems);
    expect(problems).toEqual([]);
    // the real URL still works
    const ok = await h.sim.fetch(new Request(docUrl));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
  });

  it('PUT uploadUrl: bad signatures and headers, wrong bytes, too many bytes; a failed PUT changes nothing', async () => {
    const plain = h.client(project);
    const pdf = await textPdf([['上传测试']]);
    const md5 = contentMd5(pdf);
    const { fileKey, uploadUrl } = await plain.call('/file/uploadurl', {
      fileName: 'u.pdf',
      fileSize: pdf.length,
      contentType: 'application/pdf',
      contentMd5: md5,
    });
    const good = { 'Content-Type': 'application/pdf', 'Content-MD5': md5 };
    const other = new Uint8Array(pdf.length).fill(0x41);
    const cases: Array<[string, string, Record<string, string>, Uint8Array]> = [
      ['no query', uploadUrl.split('?')[0]!, good, pdf],
      [
        'flipped Signature',
        tamper(uploadUrl, 'Signature', 'AAAA' + new URL(uploadUrl).searchParams.get('Signature')!.slice(4)),
        good,
        pdf,
      ],
      ['Expires garbage', tamper(uploadUrl, 'Expires', '-1e9'), good, pdf],
      ['no Content-MD5', uploadUrl, { 'Content-Type': 'application/pdf' }, pdf],
      ['garbage Content-MD5', uploadUrl, { ...good, 'Content-MD5': '!!!' }, pdf],
      ['huge Content-MD5', uploadUrl, { ...good, 'Content-MD5': 'A'.repeat(8000) }, pdf],
      ['latin-1 Content-Type', uploadUrl, { ...good, 'Content-Type': 'application/pdf; n=\u00e9' }, pdf],
      ['no Content-Type', uploadUrl, { 'Content-MD5': md5 }, pdf],
      ['other bytes, declared MD5', uploadUrl, good, other],
      ['empty body', uploadUrl, good, new Uint8Array(0)],
      ['more bytes than declared', uploadUrl, good, new Uint8Array([...pdf, ...pdf])],
      [
        'unsigned URL of another object',
        `${new URL(uploadUrl).origin}/oss/open/${encodeURIComponent('../../x')}?Expires=1&Signature=2`,
        good,
        pdf,
      ],
    ];
    const problems: string[] = [];
    for (const [label, url, headers, body] of cases) {
      await expectXmlError(
        label,
        await h.sim.fetch(new Request(url, { method: 'PUT', headers, body: body as unknown as BodyInit })),
        problems,
      );
    }
    expect(problems).toEqual([]);
    // nothing was stored: the file is still "not uploaded"
    await expect(plain.call('/doc/createbyfilekey', { fileKey })).rejects.toMatchObject({
      errCode: E('FILE_NOT_UPLOADED'),
    });
    // and the real upload still works
    const put = await h.sim.fetch(
      new Request(uploadUrl, { method: 'PUT', headers: good, body: pdf as unknown as BodyInit }),
    );
    expect(put.status).toBe(200);
    expect((await plain.call('/doc/createbyfilekey', { fileKey })).docId).toMatch(/^\d{19}$/);
  });
});

// ── oversized bodies over real HTTP ────────────────────────────────────────────────────────

describe('esign fuzz: oversized bodies are refused before they are read (real HTTP)', () => {
  let http: Awaited<ReturnType<typeof httpSim>>;
  let p: Project;
  beforeAll(async () => {
    http = await httpSim({ now: T0 });
    p = await newProject(http.control);
  });
  afterAll(async () => {
    await http?.close();
  });

  const signedHeaders = (secret: string, projectId: string) => ({
    'content-type': 'application/json',
    'X-timevale-project-id': projectId,
    // The signature cannot be right for a body that is never sent; the size check comes first.
    'X-timevale-signature': hmacSha256Hex(secret, 'never sent'),
  });

  it('a declared Content-Length over the limit is answered REQUEST_TOO_LARGE while the body is still arriving', async () => {
    const before = await projectView(http.control, p.projectId);
    const answer = await slowRequest(`${http.esignBase}/account/create/person/private`, {
      method: 'POST',
      headers: signedHeaders(p.secret, p.projectId),
      declaredLength: DEFAULT_LIMIT + 1,
      chunk: Buffer.from(`{"name":"${'x'.repeat(64 * 1024)}`),
      total: DEFAULT_LIMIT + 1,
      everyMs: 2000,
    });
    expect(answer.bodyFinished).toBe(false);
    expect(answer.bytesSent).toBeLessThan(DEFAULT_LIMIT);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ errCode: E('REQUEST_TOO_LARGE'), msg: expect.any(String) });
    expect(answer.headers['x-timevale-signature']).toBe(hmacSha256Hex(p.secret, answer.body));
    expect((await projectView(http.control, p.projectId)).counts).toEqual(before.counts);
  });

  it('a chunked body is cut off once it passes the limit, not read to its end', async () => {
    const answer = await slowRequest(`${http.esignBase}/account/create/person/private`, {
      method: 'POST',
      headers: signedHeaders(p.secret, p.projectId),
      chunk: Buffer.alloc(1024 * 1024, 0x61),
      total: 3 * DEFAULT_LIMIT,
      everyMs: 3,
    });
    expect(answer.bodyFinished).toBe(false);
    expect(answer.bytesSent).toBeLessThan(2 * DEFAULT_LIMIT);
    expect(JSON.parse(answer.body).errCode).toBe(E('REQUEST_TOO_LARGE'));
    expect(answer.headers['x-timevale-signature']).toBe(hmacSha256Hex(p.secret, answer.body));
  });

  it('an upload PUT declaring more bytes than the declared fileSize is refused EntityTooLarge before the body arrives', async () => {
    const c = http.client(p);
    const small = await textPdf([['小文件']]);
    const { fileKey, uploadUrl } = await c.call('/file/uploadurl', {
      fileName: 's.pdf',
      fileSize: small.length,
      contentType: 'application/pdf',
      contentMd5: contentMd5(small),
    });
    const answer = await slowRequest(uploadUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/pdf', 'Content-MD5': contentMd5(small) },
      declaredLength: 8 * 1024 * 1024,
      chunk: Buffer.alloc(64 * 1024, 0x25),
      total: 8 * 1024 * 1024,
      everyMs: 2000,
    });
    expect(answer.bodyFinished).toBe(false);
    expect(answer.status).toBe(400);
    expect(parseOssErrorXml(answer.body)?.Code).toBe('EntityTooLarge');
    await expect(c.call('/doc/createbyfilekey', { fileKey })).rejects.toMatchObject({
      errCode: E('FILE_NOT_UPLOADED'),
    });
    // the same URL still takes the right bytes
    expect((await uploadFile(uploadUrl, small, { contentType: 'application/pdf' })).httpStatus).toBe(200);
    expect((await c.call('/doc/createbyfilekey', { fileKey })).docId).toMatch(/^\d{19}$/);
  });
});
