/**
 * Robustness of the WoSignDoc API against malformed requests: every answer is HTTP 200 with
 * compact ASCII-only JSON, `{"status":0,"errorcode":<a catalogue code>}` or CreateSignOrder's
 * success `{"status":1,"errorcode":0,"signid","ordernumber"}` (the kit's validateResponse clean),
 * never a 5xx, a stack, -69 (内部服务器错误) for a body under the limit, or an internal error logged.
 *
 * A seeded generator sends requests of these kinds: a valid CreateSignOrder body mutated (dropped,
 * wrong-typed, garbage and extra values) sent as the real client does (the whole JSON
 * percent-encoded) or as plain JSON; percent-encoding junk (bad and truncated escapes, invalid
 * UTF-8, `key=` prefixes, double encoding, raw UTF-8, NUL bytes); raw random bytes under random
 * content types; deep JSON (to 100,000 levels); other methods. Each goes with a certificate header
 * that is the tenant's, none, an unregistered one or junk, and a tokenid that is the tenant's, unknown
 * or of the wrong type. Then 10 MB bodies: valid, junk, and deep JSON, percent-encoded.
 * FUZZ_SEED replays a run; FUZZ_DEBUG prints the codes seen per kind.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { wosignErrors } from '../../contracts/wosign/errors.ts';
import { validateResponse } from '../../kit/index.ts';
import { CLIENT_CERT_HEADER, clientCertHeaderValue } from '../../simulators/core/adapters/client-cert.ts';
import { garbageGenerator, mulberry32, mutateTemplate, type Rnd } from '../helpers/fuzz.ts';
import {
  createBody,
  DEFAULT_CLIENT,
  formEncoded,
  pngBase64,
  UNREGISTERED_CERT_PEM,
  ws,
  type WosignHandle,
} from './helpers.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20260105);
const PER_KIND = 40;
const MB = 1024 * 1024;
const CODES = new Set(Object.values(wosignErrors).map((e) => e.errCode));
const TOKEN = DEFAULT_CLIENT.tokenid;

const STRINGS = [
  '',
  ' ',
  '\t\r\n',
  '0',
  '-1',
  '1',
  '2',
  '3',
  'null',
  'true',
  '[]',
  '{}',
  'pdf',
  'PDF',
  'docx',
  '0.1,0.1,0.2,0.2',
  '1,1,0,0',
  ' 0.3 , 0.5 ,0.4,0.6 ',
  'NaN,NaN,NaN,NaN',
  '440301103308619',
  '91440300MA5DC1234X',
  '11010519491231002X',
  '沃通电子认证服务有限公司',
  '%',
  '%ZZ',
  '+',
  '\u0000',
  '\ud800',
  '😀',
  '<script>alert(1)</script>',
  "'; DROP TABLE orders; --",
  '../../etc/passwd',
  'data:image/png;base64,AAAA',
  'JVBERi0xLjcK',
  'iVBORw0KGgo=',
];
const NUMBERS = [0, 1, 2, 3, -1, 0.5, 1e21, -0, 2 ** 53, Number.MAX_VALUE, NaN, Infinity];
const KEYS = [
  'tokenid',
  'actiontype',
  'tempid',
  'filebase',
  'signerlist',
  'Signlist',
  '__proto__',
  'constructor',
];

const garbage = garbageGenerator({
  strings: STRINGS,
  numbers: NUMBERS,
  special: () => [TOKEN, 'CreateSignOrder', pngBase64()],
  wide: '签',
});
const wrongType = (v: unknown, rnd: Rnd): unknown => {
  if (typeof v === 'string') return rnd.pick([1, true, null, [v], { v }]);
  if (typeof v === 'number') return rnd.pick([String(v), [v], null, { v }]);
  if (Array.isArray(v)) return rnd.pick([JSON.stringify(v), {}, 'x', 0]);
  if (v && typeof v === 'object') return rnd.pick([[v], JSON.stringify(v), 'x']);
  return rnd.pick(['x', 0, [], {}]);
};

const PERCENT_JUNK = [
  '%',
  '%2',
  '%G1',
  '%E4%B8',
  '%FF%FE%FD',
  '%C0%AF',
  '%ED%A0%80',
  '%00',
  '+++',
  'a=b&c=d',
  '&',
  '=',
  '%25%37%42',
  '%%7B',
];

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=GBK',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
];

type Kind = 'mutated' | 'percent-junk' | 'raw-bytes' | 'deep-json' | 'methods';
const KINDS: Kind[] = ['mutated', 'percent-junk', 'raw-bytes', 'deep-json', 'methods'];

let h: WosignHandle;
let template: Record<string, unknown>;
const logged: unknown[][] = [];
const seen = new Map<string, Set<number>>();

function certHeader(rnd: Rnd): Record<string, string> {
  switch (rnd.int(0, 7)) {
    case 0:
      return {};
    case 1:
      return { [CLIENT_CERT_HEADER]: clientCertHeaderValue(UNREGISTERED_CERT_PEM) };
    case 2:
      return { [CLIENT_CERT_HEADER]: rnd.pick(['%ZZ', 'x', '', '-----BEGIN CERTIFICATE-----%0Axx']) };
    case 3:
      return {
        [CLIENT_CERT_HEADER]: encodeURIComponent(DEFAULT_CLIENT.certificatePem.replace(/[A-Z]/, 'z')),
      };
    default:
      return { [CLIENT_CERT_HEADER]: clientCertHeaderValue(DEFAULT_CLIENT.certificatePem) };
  }
}

function tokenOf(rnd: Rnd): unknown {
  return rnd.chance(0.7) ? TOKEN : rnd.pick(['no-such-token-0000', '', 1, null, [TOKEN], { TOKEN }]);
}

function deep(rnd: Rnd): string {
  const depth = rnd.pick([64, 1_000, 10_000, 100_000]);
  const open = rnd.chance(0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  const inner = `{"tokenid":"${TOKEN}","actiontype":"CreateSignOrder","signerlist":`;
  return rnd.chance(0.5)
    ? `${open.repeat(depth)}1${close.repeat(depth)}`
    : `${inner}${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

function fuzzed(kind: Kind, rnd: Rnd): { label: string; req: Request } {
  const origin = h.sim.origin('wosign');
  const headers = certHeader(rnd);
  const post = (body: BodyInit, type: string, label: string, method = 'POST', path = '/') => ({
    label,
    req: new Request(`${origin}${path}`, {
      method,
      headers: { ...headers, ...(type ? { 'content-type': type } : {}) },
      ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
    }),
  });
  switch (kind) {
    case 'mutated': {
      const { label, value } = mutateTemplate({ ...template, tokenid: tokenOf(rnd) }, rnd, {
        garbage,
        wrongType,
        keys: KEYS,
      });
      const json = JSON.stringify(value) ?? 'null';
      return rnd.chance(0.6)
        ? post(formEncoded(value), 'application/x-www-form-urlencoded', `form: ${label}`)
        : post(json, rnd.pick(CONTENT_TYPES), `json: ${label}`);
    }
    case 'percent-junk': {
      const valid = formEncoded({ ...template, tokenid: tokenOf(rnd) });
      const junk = rnd.pick(PERCENT_JUNK);
      const at = rnd.int(0, valid.length);
      const variants = [
        valid.slice(0, at) + junk + valid.slice(at),
        `json=${valid}`,
        encodeURIComponent(valid),
        JSON.stringify(template),
        valid.slice(0, at),
        valid.replace(/%22/g, '"').replace(/\+/g, ' '),
        junk.repeat(rnd.int(1, 1000)),
      ];
      const i = rnd.int(0, variants.length - 1);
      return post(variants[i]!, rnd.pick(CONTENT_TYPES), `percent junk #${i} ${JSON.stringify(junk)}`);
    }
    case 'raw-bytes': {
      const bytes = rnd.bytes(rnd.int(0, 4096));
      if (rnd.chance(0.3)) bytes.set([0x25, 0x7b], 0);
      return post(bytes, rnd.pick(CONTENT_TYPES), `raw ${bytes.length} bytes`);
    }
    case 'deep-json': {
      const text = deep(rnd);
      return rnd.chance(0.5)
        ? post(encodeURIComponent(text), 'application/x-www-form-urlencoded', `deep form ${text.length}`)
        : post(text, 'application/json', `deep json ${text.length}`);
    }
    case 'methods': {
      const method = rnd.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
      const path = rnd.pick(['/', '/?actiontype=CreateSignOrder', '//', '/index.html', '/%ZZ', '/api']);
      return post(
        formEncoded(template),
        'application/x-www-form-urlencoded',
        `${method} ${path}`,
        method,
        path,
      );
    }
  }
}

/** Every answer: 200, compact ASCII JSON, a catalogue code; -69 never under the limit. */
async function check(
  label: string,
  req: Request,
  codes: Set<number>,
  mayBeInternal = false,
): Promise<Record<string, unknown>> {
  const res = await h.sim.fetch(req);
  const text = await res.text();
  expect(res.status, label).toBe(200);
  if (req.method === 'HEAD') return {};
  expect(res.headers.get('content-type') ?? '', label).toMatch(/^application\/json/);
  expect(text, label).toMatch(/^[\x20-\x7e]*$/);
  expect(text, label).not.toMatch(/\bat \S+ \(|Error:|TypeError|undefined/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(JSON.stringify(body), label).toBe(text);
  if (body.status === 1) {
    expect(Object.keys(body), label).toEqual(['status', 'errorcode', 'signid', 'ordernumber']);
  } else {
    expect(Object.keys(body), `${label}: ${text}`).toEqual(['status', 'errorcode']);
    expect(body.status, label).toBe(0);
    expect(CODES.has(body.errorcode as number), `${label}: ${text}`).toBe(true);
    if (!mayBeInternal) expect(body.errorcode, `${label}: -69 under the limit`).not.toBe(-69);
  }
  if (req.method === 'POST' && new URL(req.url).pathname === '/') {
    const v = validateResponse('wosign', { method: 'POST', url: req.url }, { status: 200, body });
    expect(v.problems, `${label}: ${text}`).toEqual([]);
  }
  codes.add(body.status === 1 ? 0 : (body.errorcode as number));
  return body;
}

beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
  h = ws();
  const { tokenid: _t, ...rest } = await createBody(TOKEN);
  template = rest;
});

afterAll(() => {
  if (process.env.FUZZ_DEBUG)
    for (const [kind, codes] of seen) console.log(kind, [...codes].sort((a, b) => a - b).join(' '));
  vi.restoreAllMocks();
});

describe('wosign: fuzzed requests never give an undocumented answer', () => {
  it.each(KINDS.map((k, i) => [k, i] as const))(
    '%s',
    async (kind, i) => {
      const rnd = mulberry32(SEED + i * 7919);
      const codes = seen.get(kind) ?? new Set<number>();
      seen.set(kind, codes);
      for (let n = 0; n < PER_KIND; n++) {
        const { label, req } = fuzzed(kind, rnd);
        await check(`${kind} #${n} ${label.slice(0, 120)} (seed ${SEED})`, req, codes);
      }
      expect(logged, 'nothing logged as an internal error').toEqual([]);
    },
    120_000,
  );

  it('10 MB bodies: a valid one made, junk and deep JSON answered with their codes; past 16 MB -69', async () => {
    const codes = new Set<number>();
    const cert = { [CLIENT_CERT_HEADER]: clientCertHeaderValue(DEFAULT_CLIENT.certificatePem) };
    const form = { ...cert, 'content-type': 'application/x-www-form-urlencoded' };
    const origin = h.sim.origin('wosign');
    const big = await createBody(TOKEN, { padding: '签'.repeat((10 * MB) / 9) });
    const bigForm = formEncoded(big);
    expect(bigForm.length).toBeGreaterThan(10 * MB);
    const made = await check(
      '10 MB valid',
      new Request(`${origin}/`, { method: 'POST', headers: form, body: bigForm }),
      codes,
    );
    expect(made.status).toBe(1);
    const junk = await check(
      '10 MB of %',
      new Request(`${origin}/`, { method: 'POST', headers: form, body: '%'.repeat(10 * MB) }),
      codes,
    );
    expect(junk.errorcode).toBe(-63);
    // 1.75 million levels: 10.5 MB percent-encoded
    const levels = 1_750_000;
    const open = '%5B'.repeat(levels);
    const close = '%5D'.repeat(levels);
    const nested = await check(
      '10 MB deep JSON, percent-encoded',
      new Request(`${origin}/`, {
        method: 'POST',
        headers: form,
        body: `%7B%22tokenid%22%3A%22${TOKEN}%22%2C%22a%22%3A${open}${close}%7D`,
      }),
      codes,
    );
    expect([-63, -100, -79]).toContain(nested.errorcode);
    const over = await check(
      '16 MB + 1',
      new Request(`${origin}/`, { method: 'POST', headers: form, body: 'x'.repeat(16 * MB + 1) }),
      codes,
      true,
    );
    expect(over.errorcode).toBe(-69);
    expect(logged).toEqual([]);
  }, 120_000);

  it('saw successes and many documented failures', () => {
    const all = new Set([...seen.values()].flatMap((s) => [...s]));
    for (const c of [0, -63, -65, -79, -80, -100]) expect(all.has(c), String(c)).toBe(true);
    expect(all.size).toBeGreaterThan(8);
  });
});
