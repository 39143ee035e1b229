/**
 * Robustness of the 云合同 摘要签署 surface against malformed requests (contracts errors.ts: every
 * answer is HTTP 200 with the envelope `{code, msg, data?}`; a failure's code is in the catalogue).
 *
 * A seeded generator sends about forty requests to every API of `yunhetongDigestRoutes`, with the
 * platform's token, none, an unknown one or a user's: JSON bodies mutated from a valid one
 * (dropped fields, wrong types, garbage values, huge strings, unicode, prototype-named keys),
 * malformed JSON and non-JSON bytes, wrong Content-Types; for the three *Stream APIs multipart
 * bodies with junk, duplicate, missing and misplaced parts, odd files and broken framing; and
 * local paths that try to leave the sandbox ('../', absolute paths of the host, a temp directory
 * outside, Windows paths, a symlink out). Every answer must be HTTP 200 JSON with exactly
 * `{code, msg}` (`data` only on success), a success must match the route's documented response,
 * a failure's code must be in the catalogue for that route (never 500, which means the simulator
 * broke, and nothing logged), a call without a valid token must be 401; a failure must leave the
 * app unchanged (control counts, the vendor snapshot, outbox, blobs, the sandbox's files); and
 * nothing outside the sandbox is ever written or read.
 */
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { yunhetongDigestErrors, yunhetongDigestErrorName } from '../../contracts/yunhetong-digest/errors.ts';
import {
  YHT_API_PATHS,
  YHT_MULTIPART_FILE_PART,
  YHT_PATCH_PATHS,
  YHT_TOKEN_SCOPE,
  type YhtPath,
} from '../../contracts/yunhetong-digest/paths.ts';
import { yunhetongDigestRoutes } from '../../contracts/yunhetong-digest/routes.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { garbageGenerator, mulberry32, mutateTemplate, type Rnd } from '../helpers/fuzz.ts';
import { encodePng } from '../helpers/png.ts';
import { BASE, COMPANY, PERSON, yht, type YhtHandle } from './helpers.ts';

const APP = YUNHETONG_DIGEST_DEFAULT_APP;
const VENDOR = 'yunhetong-digest';

// ── a seeded generator ───────────────────────────────────────────────────────────────────────

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;
const STRINGS = [
  '',
  ' ',
  '\t\r\n',
  'a',
  '0',
  '-1',
  '1',
  '2',
  '1.5',
  '1e400',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '[1,2]',
  '["x"]',
  '-1',
  '1,0,0',
  '1,-5,1e3',
  '0,0,0',
  'B1',
  'F4',
  'C3',
  'a',
  'b',
  '3',
  '13000000000',
  '12345678',
  '1234',
  '0000',
  '1234567890123',
  '🙂👨‍👩‍👧',
  '签署😀\u200b\u202e',
  '\u0000',
  '\ud800',
  'Ａ１２３',
  '<script>alert(1)</script>',
  "'; DROP TABLE user;--",
  '${7*7}',
  '%00%ff',
  'data:image/png;base64,',
  'iVBORw0KGgo=',
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
  2 ** 31,
  2 ** 53 + 2,
  1e308,
  -1e308,
  5e-324,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];

/**
 * Local paths that try to leave the sandbox, or are odd
 * ('' , a directory, too long, NUL). Filled in beforeAll.
 */
let PATH_ATTACKS: string[] = [];
const PATH_KEYS = new Set(['contractPath', 'contractSavePath', 'filePath', 'fileSavePath']);

const garbage = garbageGenerator({
  strings: STRINGS,
  numbers: NUMBERS,
  special: () => PATH_ATTACKS,
  wide: '签',
});

function wrongType(v: unknown, rnd: Rnd): unknown {
  if (typeof v === 'string') return rnd.pick([Number(v) || 1, [v], { v }, true, null, `${v}${v}`]);
  if (typeof v === 'number') return rnd.pick([String(v), [v], { v }, `${v}px`, -v, v + 0.5]);
  if (Array.isArray(v)) return rnd.pick([{ ...v }, v[0] ?? null, JSON.stringify(v), 'x', []]);
  if (v && typeof v === 'object') return rnd.pick([[v], Object.values(v), JSON.stringify(v), 7]);
  return rnd.pick([{}, [], 'x', 0]);
}

const mutate = (template: unknown, rnd: Rnd) =>
  mutateTemplate(template, rnd, { garbage, wrongType, keys: STRINGS });

/** The template with each local path replaced by each attack in turn (every pair: none is left to chance). */
function pathAttacks(
  template: Record<string, unknown>,
): Array<{ label: string; value: Record<string, unknown> }> {
  const keys = Object.keys(template).filter((k) => PATH_KEYS.has(k));
  return keys.flatMap((k) =>
    PATH_ATTACKS.map((attack) => ({
      label: `${k} = ${JSON.stringify(attack).slice(0, 60)}`,
      value: { ...structuredClone(template), [k]: attack },
    })),
  );
}

const enc = (s: string) => new TextEncoder().encode(s);

// ── multipart ────────────────────────────────────────────────────────────────────────────────

interface Part {
  name: string;
  value: string | Uint8Array;
  filename?: string;
  contentType?: string;
}

function multipart(
  parts: Part[],
  boundary = '----sealsimYhtFuzz7MA4YWxkTrZu0gW',
): { bytes: Uint8Array; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const fileName = p.filename !== undefined ? `; filename="${p.filename}"` : '';
    const disposition = `Content-Disposition: form-data; name="${p.name}"${fileName}`;
    const type = p.contentType ?? (p.filename !== undefined ? 'application/octet-stream' : undefined);
    chunks.push(
      Buffer.from(
        `--${boundary}\r\n${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`,
        'utf8',
      ),
    );
    chunks.push(typeof p.value === 'string' ? Buffer.from(p.value, 'utf8') : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    bytes: new Uint8Array(Buffer.concat(chunks)),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A form field's text for a garbage value (what a client library would write). */
const fieldText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

// ── the simulator and its valid starting points ───────────────────────────────────────────────

let h: YhtHandle;
let c: YunhetongDigestClient;
let root: string;
let sandbox: string;
let outside: string;
let pdf: Uint8Array;
let secretSha: string;
let platformToken: string;
let userToken: string;
let templates: Record<string, Record<string, unknown>>;
let outsideBefore: string;
const logged: string[] = [];

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every entry under `dir` (symlinks not followed): type, size, mtime, link target. */
function listing(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.push(`${prefix}${name} -> ${readlinkSync(p)}`);
    else if (st.isDirectory()) out.push(`${prefix}${name}/`, ...listing(p, `${prefix}${name}/`));
    else out.push(`${prefix}${name} ${st.size} ${st.mtimeMs}`);
  }
  return out;
}

/** Everything a failed call must leave as it was. */
async function snapshot(): Promise<string> {
  const view = await h.control('GET', `/__sim/yunhetong-digest/apps/${APP.appId}`);
  return JSON.stringify({
    counts: view.json.counts,
    vendor: h.sim.vendor(VENDOR).snapshot(),
    outbox: h.sim.outbox.list({ vendor: VENDOR }).map((m) => m.id),
    blobs: h.sim.blobs.snapshot().blobs.map((b) => b.id),
    sandbox: listing(sandbox),
  });
}

type TokenMode = 'platform' | 'none' | 'unknown' | 'user';

interface Sent {
  status: number;
  contentType: string | null;
  text: string;
  token: string | null;
}

async function send(
  path: string,
  body: { bytes: Uint8Array; contentType: string | null } | undefined,
  token: TokenMode,
  rnd: Rnd,
): Promise<Sent> {
  const headers: Record<string, string> = {};
  if (body?.contentType) headers['content-type'] = body.contentType;
  if (token === 'platform') headers.token = platformToken;
  else if (token === 'user') headers.token = userToken;
  else if (token === 'unknown')
    headers.token = rnd.pick([
      'not-a-token',
      ' ',
      'x'.repeat(4000),
      platformToken.slice(0, -1),
      `${platformToken}x`,
      'constructor',
      '__proto__',
    ]);
  const method = (YHT_PATCH_PATHS as readonly string[]).includes(path) ? 'PATCH' : 'POST';
  const res = await h.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers,
      ...(body ? { body: body.bytes as unknown as BodyInit } : {}),
    }),
  );
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    text: await res.text(),
    token: res.headers.get('token'),
  };
}

type AnyRoute = {
  path: string;
  responses: Record<
    number,
    { content?: Record<string, { schema: { safeParse(v: unknown): { success: boolean } } }> }
  >;
};
const ROUTES = (Object.values(yunhetongDigestRoutes) as unknown as AnyRoute[]).filter(
  (r) => r.path !== '/index.html',
);

/** The catalogue's codes each route may answer (the `routes` of its entries). */
const ROUTE_CODES = new Map<string, Set<number>>();
for (const e of Object.values(yunhetongDigestErrors))
  for (const r of e.routes) (ROUTE_CODES.get(r) ?? ROUTE_CODES.set(r, new Set()).get(r)!).add(e.errCode);

/** Everything wrong with one answer. */
function problemsOf(route: AnyRoute, sent: Sent, token: TokenMode): { problems: string[]; code?: number } {
  const out: string[] = [];
  if (sent.status !== 200) out.push(`HTTP ${sent.status}`);
  if (!/^application\/json/i.test(sent.contentType ?? '')) out.push(`content-type ${sent.contentType}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(sent.text);
  } catch {
    return { problems: [...out, `not JSON: ${sent.text.slice(0, 100)}`] };
  }
  const isEnvelope = (v: unknown): v is { code: number; msg?: unknown } =>
    !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { code?: unknown }).code === 'number';
  if (!isEnvelope(parsed)) return { problems: [...out, `no envelope: ${sent.text.slice(0, 100)}`] };
  const json = parsed;
  const code = json.code;
  const keys = Object.keys(json).sort().join(',');
  const needsToken = YHT_TOKEN_SCOPE[route.path as YhtPath] !== 'none';
  if ((token === 'none' || token === 'unknown') && needsToken && code !== 401)
    out.push(`code ${code} without a valid token, not 401`);
  if (code === 200) {
    if (keys !== 'code,msg' && keys !== 'code,data,msg') out.push(`success keys ${keys}`);
    if (!route.responses[200]!.content!['application/json']!.schema.safeParse(json).success)
      out.push(`code 200 but the body breaks the documented response: ${sent.text.slice(0, 160)}`);
    if (route.path === '/auth/login' ? json.msg !== '成功' || !sent.token : json.msg !== true)
      out.push(`success msg ${JSON.stringify(json.msg)}, token header ${sent.token}`);
    return { problems: out, code };
  }
  if (keys !== 'code,msg') out.push(`failure keys ${keys}`);
  if (typeof json.msg !== 'string' || !json.msg) out.push('failure without msg');
  if (!yunhetongDigestErrorName(code)) out.push(`code ${code} is not in the catalogue`);
  else if (!ROUTE_CODES.get(route.path)?.has(code))
    out.push(`code ${code} is not documented for ${route.path}`);
  if (code === 500) out.push(`500 (the simulator broke): ${json.msg}`);
  if (/\n\s+at |Error:|TypeError|node:internal/.test(String(json.msg)))
    out.push(`a stack trace or exception in msg: ${String(json.msg).slice(0, 100)}`);
  return { problems: out, code };
}

const png = (w: number, hgt: number) =>
  Buffer.from(encodePng(w, hgt, new Uint8Array(w * hgt * 4).fill(200))).toString('base64');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'yht-fuzz-'));
  sandbox = join(root, 'sandbox');
  outside = join(root, 'outside');
  mkdirSync(join(sandbox, 'c'), { recursive: true });
  mkdirSync(outside);
  pdf = await createTextPdf([{ lines: ['借款合同', '甲方：', '乙方：'] }]);
  writeFileSync(join(sandbox, 'c/in.pdf'), pdf);
  // a readable PDF just outside the sandbox: no call may ever read it (its hash would show up in a record)
  const secret = await createTextPdf([{ lines: ['机密文件', '甲方：'] }]);
  secretSha = sha256(secret);
  writeFileSync(join(outside, 'secret.pdf'), secret);
  writeFileSync(join(outside, 'notes.txt'), 'outside the sandbox');
  // the outside directory's absolute path, re-rooted inside the sandbox: absolute host paths land here
  mkdirSync(join(sandbox, outside), { recursive: true });
  // a symlink out of the sandbox (to an existing directory: the simulator must refuse it)
  symlinkSync(outside, join(sandbox, 'escape'));
  // and a dangling one, to a file outside that does not exist yet (a write must not create it)
  symlinkSync(join(outside, 'created-through-link.pdf'), join(sandbox, 'c/dangling.pdf'));
  PATH_ATTACKS = [
    '../x.pdf',
    '../../x.pdf',
    '../outside/secret.pdf',
    '/../outside/secret.pdf',
    '../outside/new.pdf',
    'c/../../outside/secret.pdf',
    '/c/../../outside/new.pdf',
    '/etc/passwd',
    '/etc/hosts',
    '/dev/null',
    '/proc/self/environ',
    '~/x.pdf',
    'file:///etc/passwd',
    '%2e%2e/outside/secret.pdf',
    join(outside, 'secret.pdf'),
    join(outside, 'written.pdf'),
    `${sandbox}/../outside/secret.pdf`,
    `${sandbox}/../outside/new.pdf`,
    '..\\outside\\secret.pdf',
    '..\\..\\outside\\new.pdf',
    'C:\\..\\outside\\new.pdf',
    'C:/Windows/win.ini',
    '\\\\server\\share\\x.pdf',
    '/escape/secret.pdf',
    '/escape/new.pdf',
    '/escape',
    'escape/../escape/secret.pdf',
    '/c/dangling.pdf',
    'c\\dangling.pdf',
    '',
    ' ',
    '/',
    '.',
    '..',
    '/c',
    '/c/',
    '/c/in.pdf\u0000.txt',
    `/c/${'x'.repeat(300)}.pdf`,
    '/c/新建 文件 🙂.pdf',
    '/c/out.pdf',
    '/c/in.pdf',
  ];

  h = yht({ vendorOptions: { sandboxDir: sandbox } });
  c = h.client();
  platformToken = await c.login();
  const person = String((await c.call('/user/person', PERSON)).signerId);
  const company = String((await c.call('/user/company', COMPANY)).signerId);
  const personSeal = String((await c.call('/moulage/person', { signerId: person })).moulageId);
  await c.call('/moulage/company', { signerId: company });
  await c.call('/cz/in', { sid: 'fuzz-0001', filePath: '/c/in.pdf' });
  userToken = await c.login(person);
  const seal = {
    signerId: person,
    moulageId: personSeal,
    sealClass: '0',
    signPositionType: '1',
    positionContent: '1,100,100',
  };
  templates = {
    '/auth/login': { appId: APP.appId, appKey: APP.appKey, signerId: person },
    '/user/person': {
      userName: '李四',
      identityRegion: '0',
      certifyType: 'a',
      certifyNum: '110101199003074477',
      phoneRegion: '0',
      phoneNo: '13000000002',
    },
    '/user/company': {
      userName: '杭州某某科技有限公司',
      certifyType: '3',
      certifyNum: '123456789',
      phoneRegion: '1',
      phoneNo: '12345678',
    },
    '/user/personNameAndPhone': {
      signerId: person,
      userName: '张三丰',
      phoneRegion: '0',
      phoneNo: '13100000000',
    },
    '/user/companyNameAndPhone': {
      signerId: company,
      userName: '浙江某某有限公司',
      phoneRegion: '2',
      phoneNo: '0912345678',
    },
    '/user/signerId/certifyNums': { certifyNumList: [PERSON.certifyNum, COMPANY.certifyNum] },
    '/user/userInfo/signerIds': { signerIdList: [person, company], pageNum: 1, pageSize: 10 },
    '/moulage/person': { signerId: person, borderType: 'B1', fontFamily: 'F2', color: 'C2', mode: '2' },
    '/moulage/company': {
      signerId: company,
      styleType: '2',
      textContent: '合同专用章',
      keyContent: '1234567890123',
      color: 'C1',
      mode: '0',
    },
    '/moulage/upload': { signerId: person, imgBase: png(110, 200) },
    '/sign/filePath': { ...seal, contractPath: '/c/in.pdf', contractSavePath: '/c/out.pdf' },
    '/sign/fileStream': { ...seal, contractTitle: '借款合同', contractSavePath: '/c/stream.pdf' },
    '/send/verifyCode': { signerId: person, phoneNo: '13000000000' },
    '/sign/verifyCodeFilePath': {
      code: '1234',
      ...seal,
      contractPath: '/c/in.pdf',
      contractSavePath: '/c/sms.pdf',
    },
    '/sign/verifyCodeFileStream': {
      code: '1234',
      ...seal,
      contractTitle: '借款合同',
      contractSavePath: '/c/sms-stream.pdf',
    },
    '/tsa/pathSign': { filePath: '/c/in.pdf', fileSavePath: '/c/tsa.pdf' },
    '/tsa/streamSign': { title: '借款合同', fileSavePath: '/c/tsa-stream.pdf' },
    '/cz/in': { sid: 'fuzz-cz-0001', filePath: '/c/in.pdf' },
    '/cz/queryCzId': { sid: 'fuzz-0001' },
  };
  outsideBefore = JSON.stringify(listing(outside));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' ').slice(0, 300));
  });
});

afterAll(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

afterEach(() => {
  // nothing outside the sandbox was written, and the simulator logged no unexpected error
  expect(JSON.stringify(listing(outside))).toBe(outsideBefore);
  expect(logged.splice(0)).toEqual([]);
});

// ── the cases ────────────────────────────────────────────────────────────────────────────────

interface Case {
  label: string;
  body?: { bytes: Uint8Array; contentType: string | null };
  token: TokenMode;
}

/** A few exact bodies per route that reach answers random mutation rarely does. */
const HANDPICKED: Record<string, Array<[string, unknown]>> = {
  '/auth/login': [
    ['wrong appKey', { appId: APP.appId, appKey: 'wrongKey123' }],
    ['unknown appId', { appId: '2999999999999999', appKey: APP.appKey }],
    ['unknown signerId', { appId: APP.appId, appKey: APP.appKey, signerId: '99999' }],
    ['prototype-named appId', { appId: '__proto__', appKey: 'constructor' }],
  ],
  '/cz/queryCzId': [['unknown sid', { sid: 'constructor' }]],
  '/cz/in': [['sid taken', { sid: 'fuzz-0001', filePath: '/c/in.pdf' }]],
};

const jsonBody = (v: unknown, contentType: string | null = 'application/json;charset=UTF-8') => ({
  bytes: enc(JSON.stringify(v) ?? 'null'),
  contentType,
});

function tokenFor(rnd: Rnd): TokenMode {
  const r = rnd.next();
  return r < 0.75 ? 'platform' : r < 0.85 ? 'none' : r < 0.95 ? 'unknown' : 'user';
}

function jsonCases(path: string, rnd: Rnd): Case[] {
  const t = templates[path]!;
  const json = JSON.stringify(t);
  const cases: Case[] = [
    { label: 'no body', token: 'platform' },
    { label: 'empty object', body: jsonBody({}), token: 'platform' },
    { label: 'the valid body, no token', body: jsonBody(t), token: 'none' },
    { label: 'the valid body, an unknown token', body: jsonBody(t), token: 'unknown' },
    { label: 'the valid body, a user token', body: jsonBody(t), token: 'user' },
  ];
  for (let i = 0; i < 16; i++) {
    const m = mutate(t, rnd);
    cases.push({ label: `mutated: ${m.label}`, body: jsonBody(m.value), token: tokenFor(rnd) });
  }
  for (const a of pathAttacks(t))
    cases.push({ label: `path attack: ${a.label}`, body: jsonBody(a.value), token: 'platform' });
  for (const [label, body] of HANDPICKED[path] ?? [])
    cases.push({ label, body: jsonBody(body), token: 'platform' });
  const firstKey = Object.keys(t)[0]!;
  const raw: Array<[string, Uint8Array, string | null]> = [
    ['empty body', new Uint8Array(0), 'application/json'],
    ['random bytes', rnd.bytes(rnd.int(1, 300)), 'application/json'],
    [
      'invalid UTF-8 in a string',
      new Uint8Array([...enc(`{"${firstKey}":"`), 0xff, 0xfe, 0xc3, ...enc('"}')]),
      'application/json',
    ],
    ['truncated JSON', enc(json.slice(0, Math.max(1, json.length >> 1))), 'application/json'],
    ['unclosed object', enc('{'), 'application/json'],
    ['BOM + JSON', new Uint8Array([0xef, 0xbb, 0xbf, ...enc(json)]), 'application/json'],
    ["trailing comma (the doc's examples)", enc(json.replace(/}$/, ',}')), 'application/json'],
    ['JSON null', enc('null'), 'application/json'],
    ['JSON array', enc('[]'), 'application/json'],
    ['JSON string', enc('"签署"'), 'application/json'],
    ['JSON number', enc('1e999'), 'application/json'],
    [
      'duplicate key, the last one wrong',
      enc(json.replace(/}$/, `,${JSON.stringify(firstKey)}:[[{}]]}`)),
      'application/json',
    ],
    ['50 000-deep array body', enc('['.repeat(50_000) + ']'.repeat(50_000)), 'application/json'],
    [
      '50 000-deep array in a field',
      enc(`{"${firstKey}":${'['.repeat(50_000)}${']'.repeat(50_000)}}`),
      'application/json',
    ],
    [
      'keys with spaces and prototype names',
      enc(`{" ${firstKey} ":1,"__proto__":{"${firstKey}":"x"},"constructor":{"prototype":{}}}`),
      'application/json',
    ],
    ['valid JSON as text/plain', enc(json), 'text/plain'],
    ['valid JSON as a form', enc(json), 'application/x-www-form-urlencoded'],
    ['valid JSON as multipart without a boundary', enc(json), 'multipart/form-data'],
    ['valid JSON without Content-Type', enc(json), null],
    [
      'a form body',
      enc(new URLSearchParams(Object.entries(t).map(([k, v]) => [k, fieldText(v)])).toString()),
      'application/x-www-form-urlencoded',
    ],
    [
      'a multipart body',
      multipart(Object.entries(t).map(([k, v]) => ({ name: k, value: fieldText(v) }))).bytes,
      multipart([]).contentType,
    ],
  ];
  for (const [label, bytes, contentType] of raw)
    cases.push({ label, body: { bytes, contentType }, token: rnd.chance(0.8) ? 'platform' : 'none' });
  return cases;
}

function multipartCases(path: keyof typeof YHT_MULTIPART_FILE_PART, rnd: Rnd): Case[] {
  const t = templates[path]!;
  const filePart = YHT_MULTIPART_FILE_PART[path];
  const file = (): Part => ({
    name: filePart,
    value: pdf,
    filename: '借款合同.pdf',
    contentType: 'application/pdf',
  });
  const fields = (o: Record<string, unknown>): Part[] =>
    Object.entries(o).map(([k, v]) => ({ name: k, value: fieldText(v) }));
  const form = (parts: Part[], boundary?: string) => {
    const m = multipart(parts, boundary);
    return { bytes: m.bytes, contentType: m.contentType };
  };
  const cases: Case[] = [
    { label: 'no body', token: 'platform' },
    { label: 'the valid form, no token', body: form([...fields(t), file()]), token: 'none' },
    { label: 'the valid form, an unknown token', body: form([...fields(t), file()]), token: 'unknown' },
    { label: 'the valid form, a user token', body: form([...fields(t), file()]), token: 'user' },
    { label: 'only the file', body: form([file()]), token: 'platform' },
    { label: 'no file', body: form(fields(t)), token: 'platform' },
    {
      label: 'the file as a text field (a path)',
      body: form([...fields(t), { name: filePart, value: '/c/in.pdf' }]),
      token: 'platform',
    },
    {
      label: 'a text field as a file',
      body: form([
        ...fields(t).filter((p) => p.name !== 'contractSavePath' && p.name !== 'fileSavePath'),
        {
          name: t.contractSavePath ? 'contractSavePath' : 'fileSavePath',
          value: enc('/c/x.pdf'),
          filename: 'x.txt',
        },
        file(),
      ]),
      token: 'platform',
    },
    { label: 'the fields as JSON', body: jsonBody(t), token: 'platform' },
    {
      label: 'the fields urlencoded',
      body: {
        bytes: enc(new URLSearchParams(fields(t).map((p) => [p.name, String(p.value)])).toString()),
        contentType: 'application/x-www-form-urlencoded',
      },
      token: 'platform',
    },
  ];
  for (let i = 0; i < 10; i++) {
    const m = mutate(t, rnd);
    const parts =
      m.value && typeof m.value === 'object' && !Array.isArray(m.value)
        ? fields(m.value as Record<string, unknown>)
        : [{ name: 'payload', value: fieldText(m.value) }];
    cases.push({ label: `mutated fields: ${m.label}`, body: form([...parts, file()]), token: tokenFor(rnd) });
  }
  for (const a of pathAttacks(t))
    cases.push({
      label: `path attack: ${a.label}`,
      body: form([...fields(a.value), file()]),
      token: 'platform',
    });
  const oddFiles: Array<[string, Uint8Array, string]> = [
    ['random bytes', rnd.bytes(rnd.int(1, 2048)), 'a.pdf'],
    ['an empty file', new Uint8Array(0), 'empty.pdf'],
    ['%PDF- and junk', enc('%PDF-1.7\n' + 'junk '.repeat(100)), 'junk.pdf'],
    ['half a PDF', pdf.subarray(0, pdf.length >> 1), 'half.pdf'],
    ['a PNG', Buffer.from(png(20, 20), 'base64'), 'seal.png'],
  ];
  for (const [label, bytes, filename] of oddFiles) {
    cases.push({
      label: `file: ${label}`,
      body: form([
        ...fields(t),
        {
          name: filePart,
          value: bytes,
          filename: rnd.pick([filename, '../../escape.pdf', '', '合同 🙂.pdf', 'x'.repeat(300)]),
        },
      ]),
      token: 'platform',
    });
  }
  const junk = (): Part => {
    const name = rnd.pick([
      ...PROTO_KEYS,
      'extra',
      '',
      '文件',
      'contractPath[]',
      'file',
      filePart.toUpperCase(),
      'x'.repeat(500),
    ]);
    return rnd.chance(0.5)
      ? { name, value: fieldText(garbage(rnd)) }
      : {
          name,
          value: rnd.bytes(rnd.int(0, 256)),
          filename: rnd.pick(['a.pdf', '../../x.pdf', '/etc/passwd', '']),
        };
  };
  cases.push({
    label: 'junk extra parts',
    body: form([...fields(t), file(), junk(), junk(), junk()]),
    token: 'platform',
  });
  const dupName = rnd.pick(Object.keys(t));
  cases.push({
    label: `duplicate ${dupName}, garbage first`,
    body: form([{ name: dupName, value: fieldText(garbage(rnd)) }, ...fields(t), file()]),
    token: 'platform',
  });
  cases.push({
    label: `duplicate ${dupName}, garbage last`,
    body: form([...fields(t), file(), { name: dupName, value: fieldText(garbage(rnd)) }]),
    token: 'platform',
  });
  cases.push({
    label: 'two files',
    body: form([...fields(t), file(), { ...file(), value: rnd.bytes(64) }]),
    token: 'platform',
  });
  cases.push({
    label: 'kept some parts',
    body: form([...fields(t), file()].filter(() => rnd.chance(0.6))),
    token: 'platform',
  });
  const good = form([...fields(t), file()]);
  const text = Buffer.from(good.bytes).toString('latin1');
  const boundary = /boundary=(.+)$/.exec(good.contentType!)![1]!;
  const broken: Array<[string, Uint8Array, string | null]> = [
    ['other boundary in the type', good.bytes, 'multipart/form-data; boundary=not-the-boundary'],
    ['no boundary in the type', good.bytes, 'multipart/form-data'],
    ['truncated', good.bytes.subarray(0, rnd.int(1, good.bytes.length - 1)), good.contentType],
    [
      'no closing boundary',
      new Uint8Array(Buffer.from(text.replace(`--${boundary}--`, ''), 'latin1')),
      good.contentType,
    ],
    [
      'CR-only line ends',
      new Uint8Array(Buffer.from(text.replace(/\r\n/g, '\r'), 'latin1')),
      good.contentType,
    ],
    ['a part without headers', enc(`--${boundary}\r\n\r\nvalue\r\n--${boundary}--\r\n`), good.contentType],
    ['random bytes', rnd.bytes(rnd.int(1, 2048)), good.contentType],
    ['an empty body', new Uint8Array(0), good.contentType],
    [
      'a boundary of 200 characters',
      enc(`--${'b'.repeat(200)}\r\n`),
      `multipart/form-data; boundary=${'b'.repeat(200)}`,
    ],
    ['the form without a Content-Type', good.bytes, null],
    ['the form as application/json', good.bytes, 'application/json'],
  ];
  for (const [label, bytes, contentType] of broken)
    cases.push({ label: `broken multipart: ${label}`, body: { bytes, contentType }, token: 'platform' });
  return cases;
}

const FUZZED = ROUTES.map((r) => r.path);

describe('yunhetong-digest fuzz: every API answers the vendor envelope with a documented code, and failures change nothing', () => {
  it('covers every documented API', () => {
    expect([...FUZZED].sort()).toEqual([...YHT_API_PATHS].sort());
    expect(Object.keys(templates).sort()).toEqual([...YHT_API_PATHS].sort());
  });

  it.each(FUZZED)('%s', async (path) => {
    const route = ROUTES.find((r) => r.path === path)!;
    const rnd = mulberry32(0x7e7 + [...path].reduce((s, ch) => (s * 31 + ch.charCodeAt(0)) % 1_000_003, 11));
    if (path === '/sign/verifyCodeFilePath' || path === '/sign/verifyCodeFileStream') {
      // a fresh code for the template's signer, so that the valid body can succeed (once)
      await c.call('/send/verifyCode', { signerId: String(templates[path]!.signerId) });
      templates[path]!.code = h.sim.outbox.list({ vendor: VENDOR }).at(-1)!.code!;
    }
    const isMultipart = path in YHT_MULTIPART_FILE_PART;
    const cases = isMultipart
      ? multipartCases(path as keyof typeof YHT_MULTIPART_FILE_PART, rnd)
      : jsonCases(path, rnd);
    const problems: string[] = [];
    const codes = new Set<number>();
    let before = await snapshot();
    for (const [i, k] of cases.entries()) {
      const sent = await send(path, k.body, k.token, rnd);
      const { problems: found, code } = problemsOf(route, sent, k.token);
      if (code !== undefined) codes.add(code);
      const after = await snapshot();
      if (code === 200) before = after;
      else if (after !== before) {
        found.push(
          `state changed by a failed call (${code}): ${before.slice(0, 300)} -> ${after.slice(0, 300)}`,
        );
        before = after;
      }
      if (after.includes(secretSha))
        found.push('a record holds the hash of the file outside the sandbox: it was read');
      for (const p of found) problems.push(`#${i} ${k.label} [token ${k.token}]: ${p}`);
    }
    if (process.env.FUZZ_DEBUG) console.log(path, [...codes].sort((a, b) => a - b).join(' '));
    expect(problems).toEqual([]);
    // the generator gets past the first checks: several distinct answers on every route
    expect(codes.size, `codes: ${[...codes].join(', ')}`).toBeGreaterThanOrEqual(4);
    expect(codes.has(401), 'a call without a valid token was refused').toBe(path !== '/auth/login');
  });

  it('absolute host paths are re-rooted in the sandbox: read from and written to its copy, never the real directory', async () => {
    writeFileSync(join(outside, 'only-outside.pdf'), pdf);
    try {
      const before = await snapshot();
      const read = await send(
        '/cz/in',
        jsonBody({ sid: 'fuzz-abs-read', filePath: join(outside, 'only-outside.pdf') }),
        'platform',
        mulberry32(2),
      );
      expect(JSON.parse(read.text)).toEqual({
        code: 20100,
        msg: `合同文件${join(outside, 'only-outside.pdf')} 不存在`,
      });
      expect(await snapshot()).toBe(before);
      const write = await send(
        '/tsa/pathSign',
        jsonBody({ filePath: '/c/in.pdf', fileSavePath: join(outside, 'explicit.pdf') }),
        'platform',
        mulberry32(3),
      );
      expect(JSON.parse(write.text)).toMatchObject({
        code: 200,
        data: { timeStampSignId: expect.any(Number) },
      });
      expect(readdirSync(join(sandbox, outside))).toContain('explicit.pdf');
      expect(readdirSync(outside)).not.toContain('explicit.pdf');
    } finally {
      rmSync(join(outside, 'only-outside.pdf'));
    }
  });

  it('the catalogue lists 20110 (文件保存失败) for the time-stamp APIs, which answer it', () => {
    expect(ROUTE_CODES.get('/tsa/pathSign')?.has(20110)).toBe(true);
    expect(ROUTE_CODES.get('/tsa/streamSign')?.has(20110)).toBe(true);
  });
});

describe('yunhetong-digest fuzz: a dangling symlink in the sandbox', () => {
  // A save path that is a symlink inside the sandbox to a file that does not exist yet outside it:
  // existsSync follows the link and answers false, so a check on the real location alone would let
  // writeFileSync follow the link out of the sandbox (it did, before 1b86306).
  it('no writer follows it out: /sign/filePath, /sign/fileStream, /tsa/pathSign and /tsa/streamSign answer 20110 and write nothing', async () => {
    const targets = ['sign', 'stream', 'tsa', 'tsa-stream'].map((n) =>
      join(outside, `${n}-through-link.pdf`),
    );
    targets.forEach((t, i) => symlinkSync(t, join(sandbox, `c/link-${i}.pdf`)));
    try {
      const before = await snapshot();
      const seal = {
        signerId: String(templates['/sign/filePath']!.signerId),
        moulageId: String(templates['/sign/filePath']!.moulageId),
        signPositionType: '1',
        positionContent: '1,100,100',
      };
      const file = (name: string) => ({
        name,
        value: pdf,
        filename: 'a.pdf',
        contentType: 'application/pdf',
      });
      const answers = [
        await send(
          '/sign/filePath',
          jsonBody({ ...seal, contractPath: '/c/in.pdf', contractSavePath: '/c/link-0.pdf' }),
          'platform',
          mulberry32(1),
        ),
        await send(
          '/sign/fileStream',
          multipart([
            ...Object.entries({ ...seal, contractTitle: 't', contractSavePath: '/c/link-1.pdf' }).map(
              ([name, value]) => ({ name, value }),
            ),
            file('contractPath'),
          ]),
          'platform',
          mulberry32(1),
        ),
        await send(
          '/tsa/pathSign',
          jsonBody({ filePath: '/c/in.pdf', fileSavePath: '/c/link-2.pdf' }),
          'platform',
          mulberry32(1),
        ),
        await send(
          '/tsa/streamSign',
          multipart([
            { name: 'title', value: 't' },
            { name: 'fileSavePath', value: '/c/link-3.pdf' },
            file('filePath'),
          ]),
          'platform',
          mulberry32(1),
        ),
      ];
      expect(answers.map((a) => JSON.parse(a.text).code)).toEqual([20110, 20110, 20110, 20110]);
      expect(readdirSync(outside).filter((n) => n.includes('through-link'))).toEqual([]);
      expect(await snapshot()).toBe(before);
    } finally {
      targets.forEach((t, i) => {
        rmSync(join(sandbox, `c/link-${i}.pdf`), { force: true });
        rmSync(t, { force: true });
      });
    }
  });
});
