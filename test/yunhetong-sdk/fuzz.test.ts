/**
 * Robustness of the 云合同 SDK API surface against malformed requests: every answer is HTTP 200
 * with the envelope `{subCode, message, value, code}` (download's success: the PDF), a failure's
 * subCode is in the catalogue with its entry's code and message (the kit's validateResponse and
 * the contract's answerRules), never a 5xx, a stack or an internal error logged.
 *
 * A seeded generator sends forty requests to every API of `yunhetongSdkRoutes`: servlet
 * parameters mutated from a valid set (dropped, garbage strings, JSON garbage in param / partners
 * / signer, huge and odd Unicode values, extra and duplicated keys), split between the query and
 * the body, bodies that are raw bytes, JSON, multipart or start with `&`; tokens valid, another
 * user's, another app's, expired, unknown or absent; and for fileContract odd file parts (none,
 * empty, random bytes, a truncated PDF, a fake DOCX, two files, the file under another name).
 * FUZZ_SEED replays a run; FUZZ_DEBUG prints the subCodes seen per route.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { yunhetongSdkRoutes } from '../../contracts/yunhetong-sdk/routes.ts';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { validateResponse } from '../../kit/index.ts';
import { docx, p, pdfTemplate, solidPng } from '../core/template/fixtures.ts';
import { garbageGenerator, mulberry32, type Rnd } from '../helpers/fuzz.ts';
import {
  BASE,
  call,
  company,
  DEFAULT_APP,
  fileContractOf,
  MIN,
  person,
  sdk,
  success,
  tokenFor,
  uploadTemplate,
  userWithToken,
  type App,
  type Params,
  type SdkHandle,
} from './helpers.ts';

const VENDOR = 'yunhetong-sdk';
const SEED = Number(process.env.FUZZ_SEED ?? 20260105);
const PER_ROUTE = 40;

const STRINGS = [
  '',
  ' ',
  '\t\r\n',
  '0',
  '-1',
  '1',
  '2',
  '4',
  '1.5',
  '1e400',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '[{}]',
  "['a']",
  '[{"appUserId":""}]',
  "[{'appUserId':'x','keyWord':'甲方签字甲方签字甲方签字'}]",
  '{"${x}":1,"imags":[{"${i}":{"width":"a","imgType":"bmp","content":"%%"}}],"tables":[{"index":-1}]}',
  '{"tables":[{"index":99,"table":[{"1":"a"}]}]}',
  '9999999999999999',
  '1704241653115006',
  '17042416531150061',
  '13800000000',
  '110101199003070970',
  '2017040517120800001',
  'TGT-1-x-cas01.example.org',
  '🙂👨‍👩‍👧',
  '签署😀\u200b\u202e',
  '\u0000',
  'Ａ１２３',
  '<script>alert(1)</script>',
  "'; DROP TABLE user;--",
  '${7*7}',
  '%00%ff',
  '&a=b',
  'data:image/png;base64,',
  'iVBORw0KGgo=',
  '__proto__',
  'constructor',
];
const garbageJson = garbageGenerator({
  strings: STRINGS,
  numbers: [0, -1, 1, 1.5, 2 ** 53 + 2, 1e308, Number.NaN],
  wide: '签',
});

function garbageString(rnd: Rnd): string {
  switch (rnd.int(0, 5)) {
    case 0:
    case 1:
      return rnd.pick(STRINGS);
    case 2:
      return String(rnd.int(-5, 10 ** 6));
    case 3:
      return rnd.chance(0.5) ? 'x'.repeat(rnd.int(50, 200_000)) : '签'.repeat(rnd.int(15, 40_000));
    default: {
      const v = JSON.stringify(garbageJson(rnd));
      return v === undefined ? 'undefined' : v;
    }
  }
}

let h: SdkHandle;
let pdf: Uint8Array;
let tokens: { own: string; other: string; platform: string; foreign: string; expired: string };
let ids: { a: string; b: string; contractId: string; signId: string; templateId: string };
let other: App;
const logged: unknown[][] = [];
const seenCodes = new Map<string, Set<number | string>>();

beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
  h = sdk();
  pdf = await pdfTemplate([['借款合同', '甲方签字：', '乙方盖章：']]);
  // a token that expires: got before the clock moves 30 minutes
  const late = await userWithToken(h, person());
  await h.advance(30 * MIN);
  const platform = await userWithToken(h, company({ userType: '4' }));
  const a = await userWithToken(h, person({ userName: '李四' }));
  const b = await userWithToken(h, company());
  other = await h.newApp();
  const foreign = await userWithToken(h, person(), other);
  const contractId = await fileContractOf(h, a.token, pdf, { title: '借款合同' });
  const partners = JSON.stringify([
    { appUserId: a.user.appUserId, keyWord: '甲方签字' },
    { appUserId: b.user.appUserId, keyWord: '乙方盖章' },
  ]);
  expect((await call(h, P.addPartner, a.token, { contractId, partners })).json).toEqual(success());
  const signs = (await call(h, P.getSign, a.token)).json.value.signs as Array<{ signId: number }>;
  const templateId = await uploadTemplate(h, docx(p('编号 ${no}') + p('甲方 ${sign:SA}')), 'docx');
  tokens = {
    own: a.token,
    other: b.token,
    platform: platform.token,
    foreign: foreign.token,
    expired: late.token,
  };
  ids = {
    a: a.user.appUserId!,
    b: b.user.appUserId!,
    contractId,
    signId: String(signs[0]!.signId),
    templateId,
  };
  expect(await tokenFor(h, ids.a)).toMatch(/^TGT-/);
});

afterAll(() => {
  vi.restoreAllMocks();
  if (process.env.FUZZ_DEBUG)
    for (const [route, codes] of seenCodes) console.log(route, [...codes].sort().join(' '));
});

/** A valid parameter set for each API (the token is chosen separately). */
function validParams(path: string): Params {
  const png = Buffer.from(solidPng(20, 10, [0, 0, 0])).toString('base64');
  switch (path) {
    case P.addUser:
      return { appId: DEFAULT_APP.appId, password: DEFAULT_APP.password, ...person() };
    case P.getToken:
      return { appId: DEFAULT_APP.appId, password: DEFAULT_APP.password, appUserId: ids.a };
    case P.checkToken:
      return { backURL: 'https://shop.example/back', noticeParams: '{"order":1}' };
    case P.modifyCellNum:
      return { cellNum: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` };
    case P.modifyUserName:
      return { userName: '王五', createSignature: '1' };
    case P.templateContract:
      return { title: '模板合同', templateId: ids.templateId, param: '{"${no}":"F-1"}', useCer: '0' };
    case P.fileContract:
      return { title: '上传合同', defContractNo: 'F-1', useCer: '1' };
    case P.addPartner:
      return {
        contractId: ids.contractId,
        partners: JSON.stringify([{ appUserId: ids.a, keyWord: '甲方签字' }]),
      };
    case P.signContract:
      return { contractId: ids.contractId, signer: JSON.stringify([ids.a, ids.b]) };
    case P.list:
      return { pageNum: '1', pageSize: '10' };
    case P.sign:
    case P.allSign:
      return { contractId: ids.contractId, signId: ids.signId };
    case P.getSign:
      return {};
    case P.createSign:
      return { sign: png };
    case P.delSign:
      return { signId: ids.signId };
    default:
      return { contractId: ids.contractId };
  }
}

function pickToken(rnd: Rnd): string | undefined {
  const r = rnd.next();
  if (r < 0.45) return tokens.own;
  if (r < 0.55) return tokens.other;
  if (r < 0.65) return tokens.platform;
  if (r < 0.72) return tokens.foreign;
  if (r < 0.8) return tokens.expired;
  if (r < 0.9) return rnd.pick(['TGT-1-forged-cas01.example.org', '', 'x', garbageString(rnd)]);
  return undefined;
}

function mutateParams(valid: Params, rnd: Rnd): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(valid)) {
    const r = rnd.next();
    if (r < 0.15) continue;
    out.push([k, r < 0.45 ? garbageString(rnd) : v]);
    if (rnd.chance(0.05)) out.push([k, garbageString(rnd)]); // duplicated: the first wins
  }
  for (let i = rnd.int(0, 2); i > 0; i--) out.push([rnd.pick(STRINGS) || 'k', garbageString(rnd)]);
  return out;
}

const enc = (pairs: Array<[string, string]>) => new URLSearchParams(pairs).toString();

function fileVariant(rnd: Rnd): Array<{ name: string; bytes: Uint8Array; filename: string; type: string }> {
  const file = (bytes: Uint8Array, filename = 'contract.pdf', name = 'file', type = 'application/pdf') => ({
    name,
    bytes,
    filename,
    type,
  });
  switch (rnd.int(0, 8)) {
    case 0:
      return [];
    case 1:
      return [file(new Uint8Array(0))];
    case 2:
      return [file(rnd.bytes(rnd.int(1, 5000)))];
    case 3:
      return [file(pdf.subarray(0, rnd.int(1, pdf.length - 1)))];
    case 4:
      return [
        file(
          Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...rnd.bytes(200)]),
          'a.docx',
          'file',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ),
      ];
    case 5:
      return [file(pdf), file(rnd.bytes(50), 'b.pdf')];
    case 6:
      return [file(pdf, 'contract.pdf', 'upload')];
    case 7:
      return [file(pdf, `${'签'.repeat(rnd.int(1, 3000))}.pdf`)];
    default:
      return [file(pdf)];
  }
}

/** One fuzzed request to `route`. */
function fuzzedRequest(route: { method: string; path: string }, rnd: Rnd): Request {
  const method = route.method.toUpperCase();
  const params = mutateParams(validParams(route.path), rnd);
  const token = route.path === P.addUser || route.path === P.getToken ? undefined : pickToken(rnd);
  const query: Array<[string, string]> = token !== undefined ? [['token', token]] : [];
  const url = (q: Array<[string, string]>) => `${BASE}${route.path}${q.length ? `?${enc(q)}` : ''}`;

  if (method === 'GET') {
    const headers: Record<string, string> = rnd.chance(0.2)
      ? { 'content-type': rnd.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded']) }
      : {};
    return new Request(url([...query, ...params]), { method, headers });
  }
  if (route.path === P.fileContract || rnd.chance(0.08)) {
    const form = new FormData();
    for (const [k, v] of params) form.append(k, v);
    if (route.path === P.fileContract)
      for (const f of fileVariant(rnd))
        form.append(f.name, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.filename);
    if (rnd.chance(0.1) && token !== undefined)
      return new Request(url([]), { method, body: withToken(form, token) });
    return new Request(url(query), { method, body: form });
  }
  const where = rnd.next();
  if (where < 0.1) return new Request(url([...query, ...params]), { method }); // query only, empty body
  if (where < 0.16)
    return new Request(url(query), {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: rnd.bytes(rnd.int(0, 3000)),
    });
  if (where < 0.22)
    return new Request(url(query), {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(params)),
    });
  if (where < 0.3) {
    // a leading & with raw UTF-8 and unescaped JSON, as some integrators send
    const raw = `&${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
    return new Request(url(query), {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: raw,
    });
  }
  const split = rnd.int(0, params.length);
  return new Request(url([...query, ...params.slice(0, split)]), {
    method,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: enc(params.slice(split)),
  });
}

function withToken(form: FormData, token: string): FormData {
  form.append('token', token);
  return form;
}

const routes = Object.values(yunhetongSdkRoutes).map((r) => ({ method: r.method, path: r.path }));

describe('yunhetong-sdk: fuzzed requests never give an undocumented failure', () => {
  it.each(routes.map((r, i) => [`${r.method.toUpperCase()} ${r.path}`, r, i] as const))(
    '%s',
    async (name, route, i) => {
      const rnd = mulberry32(SEED + i * 7919);
      const codes = seenCodes.get(name) ?? new Set<number | string>();
      seenCodes.set(name, codes);
      for (let n = 0; n < PER_ROUTE; n++) {
        const req = fuzzedRequest(route, rnd);
        const label = `${name} #${n} (seed ${SEED})`;
        const res = await h.fetch(req.clone());
        const type = res.headers.get('content-type') ?? '';
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(res.status, label).toBe(200);
        if (route.path === P.download && type === 'application/pdf') {
          expect(Buffer.from(bytes.subarray(0, 5)).toString(), label).toBe('%PDF-');
          codes.add('pdf');
          continue;
        }
        expect(type, label).toMatch(/^application\/json/);
        const text = new TextDecoder().decode(bytes);
        const body = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(body), `${label}: ${text}`).toEqual(['subCode', 'message', 'value', 'code']);
        const v = validateResponse(VENDOR, { method: req.method, url: req.url }, { status: 200, body });
        expect(v.problems, `${label}: ${text.slice(0, 300)}`).toEqual([]);
        expect(text, label).not.toMatch(/\bat \S+ \(|Error:|TypeError|undefined/);
        codes.add(route.path === P.checkToken ? `0/${String(body.code)}` : (body.subCode as number));
      }
      expect(logged, 'nothing logged as an internal error').toEqual([]);
    },
    120_000,
  );

  it('saw successes and documented failures, not only one answer per route', () => {
    for (const [route, codes] of seenCodes) expect(codes.size, route).toBeGreaterThan(1);
    const all = new Set([...seenCodes.values()].flatMap((s) => [...s]));
    for (const c of [200, 520, 10801, 10529, 10805, 10602, '0/200', '0/400'])
      expect(all.has(c), String(c)).toBe(true);
  });
});
