/**
 * Shared setup for the baoquan tests.
 *
 * - `setup()`: an in-process simulator with baoquan only, the default tenant's typed client, and
 *   fixtures.
 * - `inProcessBq()` / `httpBq()`: the handle of the cross-cutting tests (sdk-compat, fuzz,
 *   concurrency, access-link browser, isolation, restart, signed-attachment): a simulator
 *   in-process or bound to real ports in 40000–49990, the typed baoquan and control clients wired
 *   to it, tenants made through the control API with fresh RSA keys.
 * - `conformance`: the adapter the shared vendor conformance suite runs (test/conformance).
 * - Hand-built request bodies shaped byte for byte like the vendor's SDKs send them (so a test can
 *   prove the wire format, not just the typed client):
 *   - Java (Apache HttpClient MultipartEntityBuilder, HttpMultipartMode.RFC6532, charset UTF-8):
 *     `Content-Type: multipart/form-data; boundary=…; charset=UTF-8`; every part has
 *     Content-Disposition, Content-Type and Content-Transfer-Encoding; text parts are
 *     `text/plain; charset=ISO-8859-1` except payload (`text/plain; charset=UTF-8`); files are
 *     `application/octet-stream` with raw UTF-8 file names.
 *   - python (requests): `application/x-www-form-urlencoded` (quote_plus) when there is no file;
 *     otherwise urllib3's multipart: 32-hex boundary, text parts with Content-Disposition only,
 *     files with Content-Disposition and Content-Type.
 *   - PHP (Guzzle MultipartStream): 40-hex boundary, every part with Content-Disposition and
 *     Content-Length, the SDK's stray `charset: utf-8` header, files with a guessed Content-Type.
 */
import { createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createSimulator, type SealSim, type SimulatorOptions } from '../../index.ts';
import type { RouteConfig } from '@hono/zod-openapi';
import {
  BaoquanApiError,
  createBaoquanClient,
  type BaoquanApiName,
  type BaoquanCallName,
  type BaoquanCallOptions,
  type BaoquanClient,
  type BaoquanClientOptions,
  type BaoquanPayload,
  type BaoquanResult,
} from '../../clients/baoquan/index.ts';
import { createControlClient, type ControlClient } from '../../clients/control/index.ts';
import { baoquanContract } from '../../contracts/baoquan/index.ts';
import type { SealsimContract } from '../../contracts/shared/contract.ts';
import {
  baoquanErrorMessage,
  baoquanErrors,
  type BaoquanErrorName,
  type BaoquanErrorParams,
} from '../../contracts/baoquan/errors.ts';
import type { RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY_PATH } from '../../simulators/baoquan/runtime.ts';
import { encodePng } from '../helpers/png.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import { slowRequest, type SlowAnswer } from '../helpers/slow-http.ts';
import type {
  Answer as ConformanceAnswer,
  Credentials,
  Target,
  VendorConformance,
} from '../conformance/adapter.ts';
import type { ParsedJson } from '../helpers/parsed-json.ts';

/** 2024-01-02 10:00:00 Asia/Shanghai. */
export const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);

export const DEFAULT_PRIVATE_KEY = readFileSync(DEFAULT_PRIVATE_KEY_PATH, 'utf8');
export { DEFAULT_ACCESS_KEY };

export interface Ctx {
  sim: SealSim;
  /** The default tenant's client (the committed test key). */
  client: BaoquanClient;
  origin: string;
  /** A client for any key pair / access key on this simulator. */
  clientFor(accessKey: string, privateKey: string, extra?: Partial<BaoquanClientOptions>): BaoquanClient;
  /** Creates an isolated tenant with a fresh key pair; returns its client. */
  newTenant(
    settings?: Record<string, unknown>,
    extra?: Partial<BaoquanClientOptions>,
  ): { client: BaoquanClient; accessKey: string; privateKey: string; publicKey: string };
}

export function setup(opts: { now?: number } = {}): Ctx {
  const sim = createSimulator({ vendors: ['baoquan'], now: opts.now ?? T0 });
  const origin = sim.origin('baoquan');
  const clientFor = (accessKey: string, privateKey: string, extra: Partial<BaoquanClientOptions> = {}) =>
    createBaoquanClient({
      baseUrl: origin,
      accessKey,
      privateKey,
      fetch: (r) => sim.fetch(r),
      clock: () => sim.clock.now(),
      ...extra,
    });
  return {
    sim,
    origin,
    client: clientFor(DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY),
    clientFor,
    newTenant(settings = {}, extra = {}) {
      const { publicKey, privateKey } = keyPair();
      const { credentials } = sim.vendor('baoquan').createTenant({ publicKey, ...settings });
      const accessKey = credentials.accessKey!;
      return { client: clientFor(accessKey, privateKey, extra), accessKey, privateKey, publicKey };
    },
  };
}

/** The rejection of `p` as a BaoquanApiError (fails the test when it resolves). */
export async function apiError(p: Promise<unknown>): Promise<BaoquanApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof BaoquanApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

export async function textPdf(pages: string[][]): Promise<Uint8Array> {
  return createTextPdf(pages.map((lines) => ({ lines })));
}

/** A solid w×h PNG of one colour (rgba). */
export function solidPng(
  w = 40,
  h = 40,
  rgba: [number, number, number, number] = [0, 0, 255, 255],
): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) px.set(rgba, i * 4);
  return encodePng(w, h, px);
}

export const USER = {
  name: '张三',
  phone_number: '13234568732',
  registered_at: '1466674609',
  username: 'tom',
};
export const IDENTITIES = { ID: '42012319800127691X', MO: '15857112383' };
export const uid = () => randomUUID();

/** `client.call` by the API's path ('/attestations'), as the vendor doc heads each API. */
export function call<N extends BaoquanCallName>(
  c: BaoquanClient,
  path: `/${N}`,
  payload: BaoquanPayload<N> | Record<string, unknown> | unknown[],
  opts?: BaoquanCallOptions,
): Promise<BaoquanResult<N>> {
  return c.call(path.slice(1) as N, payload as BaoquanPayload<N>, opts);
}

/** Sends an API by path and answers the raw Response (headers, status, body). */
export function raw(
  ctx: Ctx,
  c: BaoquanClient,
  path: `/${BaoquanApiName}`,
  payload: unknown,
  opts?: BaoquanCallOptions,
): Promise<Response> {
  return ctx.sim.fetch(c.prepare(path.slice(1) as BaoquanApiName, payload, opts).request);
}

/** Asserts a failure is the catalogue entry `name` (status and exact message). */
export async function expectError(
  p: Promise<unknown>,
  name: BaoquanErrorName,
  params?: BaoquanErrorParams,
): Promise<BaoquanApiError> {
  const e = await apiError(p);
  expect({ status: e.status, message: e.message }).toEqual({
    status: baoquanErrors[name].httpStatus,
    message: baoquanErrorMessage(name, params),
  });
  return e;
}

/** A control API call on the control origin. */
export async function control<T = ParsedJson>(
  ctx: Ctx,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await ctx.sim.fetch(
    new Request(`${ctx.sim.origin('control')}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    }),
  );
  return { status: res.status, body: (await res.json()) as T };
}

/** A fresh attestation on the default tenant's 2hSW… template; answers its no. */
export async function attest(
  c: BaoquanClient,
  extra: Record<string, unknown> = {},
  opts?: BaoquanCallOptions,
): Promise<string> {
  const { no } = await call(
    c,
    '/attestations',
    {
      unique_id: uid(),
      template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
      identities: IDENTITIES,
      factoids: [{ unique_id: uid(), type: 'user', data: USER }],
      ...extra,
    },
    opts,
  );
  return no;
}

/** A real (decodable) JPEG: a tiny blank page rendered by pdftoppm. */
export async function tinyJpeg(): Promise<Uint8Array> {
  const { execFile } = await import('node:child_process');
  const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'bq-jpeg-'));
  try {
    await writeFile(join(dir, 'a.pdf'), await createTextPdf([{ lines: [], size: [24, 24] }]));
    await new Promise<void>((resolve, reject) =>
      execFile('pdftoppm', ['-r', '72', '-jpeg', '-singlefile', join(dir, 'a.pdf'), join(dir, 'a')], (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    return new Uint8Array(await readFile(join(dir, 'a.jpg')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ── end-to-end handles ─────────────────────────────────────────────────────────────────────

type FetchFn = (req: Request) => Promise<Response>;

export const MIN = 60_000;

/** The default tenant's seeded templates and CAs (doc examples). */
export const DOC_TEMPLATE = '2hSWTZ4oqVEJKAmK2RiyT4';
export const PRODUCT_TEMPLATE = '5Yhus2mVSMnQRXobRJCYgt';
export const SEED_ANO = 'DB0C8DB14E3C44C7B9FBBE30EB179241';
export const ZHANG_CA = 'F98F99A554E944B6996882E8A68C60B2';

export const PERSONAL_CA = {
  type: 'PERSONAL',
  link_name: '张三',
  link_id_card: '330184198501184115',
  link_phone: '13378784545',
  link_email: '123@qq.com',
} as const;
export const ENTERPRISE_CA = {
  type: 'ENTERPRISE',
  name: '杭州示例科技有限公司',
  ic_code: '91330105311263043J',
  link_name: '李四',
  link_id_card: '42012319800127691X',
  link_phone: '13378784546',
  link_email: 'lisi@example.com',
} as const;

// ── ports ──────────────────────────────────────────────────────────────────────────────────

/** A free base port in 40000–49990 (see ports.ts). */
export const freeBasePort = (): Promise<number> => freeBasePortFrom(40000);

// ── simulators ─────────────────────────────────────────────────────────────────────────────

export interface BqHandle {
  sim: SealSim;
  control: ControlClient;
  /** The baoquan origin (no /api path): what a consumer sets as the SDK host. */
  origin: string;
  /** The control origin. */
  controlOrigin: string;
  /** `sim.fetch` in-process; the global fetch over HTTP. */
  fetch: FetchFn;
  running?: RunningServers;
  /** A typed client for any access key and private key on this simulator (virtual clock). */
  client(accessKey: string, privateKey: string, extra?: Partial<BaoquanClientOptions>): BaoquanClient;
  /** The default tenant's client (the committed test key). */
  defaultClient(extra?: Partial<BaoquanClientOptions>): BaoquanClient;
  close(): Promise<void>;
}

function handle(
  sim: SealSim,
  fetch: FetchFn,
  origin: string,
  controlOrigin: string,
  running?: RunningServers,
): BqHandle {
  const client = (accessKey: string, privateKey: string, extra: Partial<BaoquanClientOptions> = {}) =>
    createBaoquanClient({
      baseUrl: origin,
      accessKey,
      privateKey,
      fetch,
      clock: () => sim.clock.now(),
      ...extra,
    });
  return {
    sim,
    control: createControlClient({ baseUrl: controlOrigin, fetch }),
    origin,
    controlOrigin,
    fetch,
    ...(running ? { running } : {}),
    client,
    defaultClient: (extra = {}) => client(DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, extra),
    close: async () => {
      await running?.close();
      sim.close();
    },
  };
}

/** A baoquan simulator answering in-process (no port). */
export function inProcessBq(opts: SimulatorOptions = {}): BqHandle {
  const sim = createSimulator({ vendors: ['baoquan'], now: T0, ...opts });
  return handle(sim, (r) => sim.fetch(r), sim.origin('baoquan'), sim.origin('control'));
}

/** A baoquan simulator bound to real loopback ports; clients use the global fetch. */
export async function httpBq(opts: SimulatorOptions = {}): Promise<BqHandle & { running: RunningServers }> {
  const basePort = await freeBasePort();
  const sim = createSimulator({ vendors: ['baoquan'], now: T0, basePort, ...opts });
  const running = await sim.listen();
  const origin = new URL(running.urls.baoquan!).origin;
  return handle(sim, (r) => globalThis.fetch(r), origin, running.urls.control!, running) as BqHandle & {
    running: RunningServers;
  };
}

// ── tenants and keys ───────────────────────────────────────────────────────────────────────

export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

/** A fresh RSA key pair; the public key as SPKI (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`). */
export function keyPair(format: 'spki' | 'pkcs1' = 'spki', bits = 2048): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: format, format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey, privateKey };
}

export interface Tenant extends KeyPair {
  accessKey: string;
  client: BaoquanClient;
}

/** A new isolated tenant through the control API (`POST /__sim/baoquan/tenants` with `publicKey`). */
export async function newTenant(
  h: BqHandle,
  settings: Record<string, unknown> = {},
  format: 'spki' | 'pkcs1' = 'spki',
  extra: Partial<BaoquanClientOptions> = {},
): Promise<Tenant> {
  const keys = keyPair(format);
  const created = await h.control.createTenant('baoquan', { publicKey: keys.publicKey, ...settings });
  const accessKey = (created.credentials as { accessKey?: string }).accessKey;
  if (!accessKey) throw new Error(`unexpected tenant credentials ${JSON.stringify(created)}`);
  return { ...keys, accessKey, client: h.client(accessKey, keys.privateKey, extra) };
}

/** The tenant's control view (`GET /__sim/baoquan/tenants/{accessKey}`): settings and counts. */
export async function tenantView(h: BqHandle, accessKey: string) {
  const r = await h.control.api.GET('/__sim/baoquan/tenants/{accessKey}', {
    params: { path: { accessKey } },
  });
  if (!r.data) throw new Error(`tenant view ${r.response.status}: ${JSON.stringify(r.error)}`);
  return r.data;
}

export type TemplateFactoid = {
  type: string;
  label?: string;
  required?: boolean;
  fields: Array<{
    name: string;
    type: 'string' | 'int' | 'number' | 'boolean' | 'date' | 'datetime';
    required?: boolean;
    label?: string;
  }>;
};

/** A console template through the control API (`POST /__sim/baoquan/templates`); answers its id. */
export async function createTemplate(
  h: BqHandle,
  accessKey: string,
  name: string,
  factoids: TemplateFactoid[],
  templateId?: string,
): Promise<string> {
  const r = await h.control.api.POST('/__sim/baoquan/templates', {
    body: {
      accessKey,
      name,
      ...(templateId ? { templateId } : {}),
      factoids: factoids.map((f) => ({
        ...f,
        required: f.required ?? false,
        fields: f.fields.map((x) => ({ ...x, required: x.required ?? false })),
      })),
    },
  });
  if (!r.data) throw new Error(`template create ${r.response.status}: ${JSON.stringify(r.error)}`);
  return r.data.templateId;
}

/**
 * The tenant's attestation view (`GET /__sim/baoquan/attestations/{ano}`), or undefined when unknown to it.
 */
export async function attestationView(h: BqHandle, accessKey: string, ano: string) {
  const r = await h.control.api.GET('/__sim/baoquan/attestations/{ano}', {
    params: { path: { ano }, query: { accessKey } },
  });
  return r.data;
}

// ── signing and hand-built bodies ──────────────────────────────────────────────────────────

/** Base64 SHA256withRSA (PKCS#1 v1.5) over the UTF-8 bytes of `data`. */
export function rsaSign(privateKey: string, data: string): string {
  return createSign('RSA-SHA256').update(Buffer.from(data, 'utf8')).sign(privateKey, 'base64');
}

export interface Envelope {
  request_id: string;
  access_key: string;
  tonce: string;
  payload: string;
  signature: string;
}

/**
 * The five text parts of a call, signed over `"POST" + path + request_id + access_key + tonce +
 * payload` with the raw payload string, as every SDK does.
 */
export function envelope(o: {
  privateKey: string;
  accessKey: string;
  path: string;
  payload: string;
  tonce: number | string;
  requestId?: string;
}): Envelope {
  const request_id = o.requestId ?? randomUUID();
  const tonce = String(o.tonce);
  const signature = rsaSign(o.privateKey, `POST${o.path}${request_id}${o.accessKey}${tonce}${o.payload}`);
  return { request_id, access_key: o.accessKey, tonce, payload: o.payload, signature };
}

export const envelopeParts = (e: Envelope): Part[] =>
  (['request_id', 'access_key', 'tonce', 'payload', 'signature'] as const).map((name) => ({
    name,
    value: e[name],
  }));

export interface Part {
  name: string;
  value: string | Uint8Array;
  /** Present: a file part. */
  filename?: string;
  contentType?: string;
}

export interface Body {
  bytes: Uint8Array;
  contentType: string;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const bytesOf = (v: string | Uint8Array) => (typeof v === 'string' ? utf8(v) : Buffer.from(v));

/** Apache HttpClient's boundary: 30–40 characters of [-_0-9a-zA-Z]. */
export function javaBoundary(): string {
  const chars = '-_1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const n = 30 + (randomBytes(1)[0]! % 11);
  return Array.from(randomBytes(n), (b) => chars[b % chars.length]).join('');
}

/** The Java SDK's body (MultipartEntityBuilder, RFC6532 mode, charset UTF-8). */
export function javaMultipart(parts: Part[], boundary = javaBoundary()): Body {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const fileName = p.filename !== undefined ? `; filename="${p.filename}"` : '';
    const disposition = `Content-Disposition: form-data; name="${p.name}"${fileName}`;
    const type =
      p.contentType ??
      (p.filename !== undefined
        ? 'application/octet-stream'
        : p.name === 'payload'
          ? 'text/plain; charset=UTF-8'
          : 'text/plain; charset=ISO-8859-1');
    const cte = p.filename !== undefined ? 'binary' : '8bit';
    chunks.push(
      utf8(
        `--${boundary}\r\n${disposition}\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n`,
      ),
      bytesOf(p.value),
      utf8('\r\n'),
    );
  }
  chunks.push(utf8(`--${boundary}--\r\n`));
  return {
    bytes: new Uint8Array(Buffer.concat(chunks)),
    contentType: `multipart/form-data; boundary=${boundary}; charset=UTF-8`,
  };
}

/** The python SDK's multipart body (requests → urllib3 encode_multipart_formdata). */
export function pythonMultipart(parts: Part[], boundary = randomBytes(16).toString('hex')): Body {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      p.filename !== undefined
        ? `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\n` +
          `Content-Type: ${p.contentType ?? 'application/octet-stream'}\r\n`
        : `Content-Disposition: form-data; name="${p.name}"\r\n`;
    chunks.push(utf8(`--${boundary}\r\n${head}\r\n`), bytesOf(p.value), utf8('\r\n'));
  }
  chunks.push(utf8(`--${boundary}--\r\n`));
  return {
    bytes: new Uint8Array(Buffer.concat(chunks)),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const GUESSED_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  txt: 'text/plain',
};

/** The PHP SDK's body (Guzzle MultipartStream), with its stray `charset: utf-8` part header. */
export function phpMultipart(parts: Part[], boundary = randomBytes(20).toString('hex')): Body {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const value = bytesOf(p.value);
    // The SDK's own part headers come first, then what MultipartStream::createElement adds.
    const lines = p.name === 'payload' || p.filename !== undefined ? ['charset: utf-8'] : [];
    const fileName = p.filename !== undefined ? `; filename="${p.filename}"` : '';
    lines.push(
      `Content-Disposition: form-data; name="${p.name}"${fileName}`,
      `Content-Length: ${value.length}`,
    );
    if (p.filename !== undefined) {
      const ext = p.filename.split('.').pop()!.toLowerCase();
      lines.push(`Content-Type: ${p.contentType ?? GUESSED_TYPES[ext] ?? 'application/octet-stream'}`);
    }
    chunks.push(utf8(`--${boundary}\r\n${lines.join('\r\n')}\r\n\r\n`), value, utf8('\r\n'));
  }
  chunks.push(utf8(`--${boundary}--\r\n`));
  return {
    bytes: new Uint8Array(Buffer.concat(chunks)),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Python's urllib.parse.quote_plus (safe ''): unreserved A-Za-z0-9 _ . - ~ kept, space → +. */
export function quotePlus(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9_.\-~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The python SDK's body for a call without files: requests' urlencode of the five fields. */
export function pythonUrlencoded(parts: Part[]): Body {
  const text = parts.map((p) => `${quotePlus(p.name)}=${quotePlus(String(p.value))}`).join('&');
  return { bytes: new Uint8Array(utf8(text)), contentType: 'application/x-www-form-urlencoded' };
}

/** Java's HashMap iteration order for String keys (table of 16; all payload maps are smaller than 13). */
export function javaHashMapOrder(keys: string[]): string[] {
  const hash = (s: string) => {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
    return h ^ (h >>> 16);
  };
  const size = keys.length > 12 ? 32 : 16;
  return keys
    .map((k, i) => ({ k, i, bucket: hash(k) & (size - 1) }))
    .sort((a, b) => a.bucket - b.bucket || a.i - b.i)
    .map((x) => x.k);
}

/** A compact JSON object whose top-level keys are in Java HashMap order; values are raw JSON. */
export function javaMap(entries: Record<string, string>): string {
  return `{${javaHashMapOrder(Object.keys(entries))
    .map((k) => `${JSON.stringify(k)}:${entries[k]}`)
    .join(',')}}`;
}

export interface Answer {
  status: number;
  headers: Headers;
  contentType: string | null;
  text: string;
  bytes: Uint8Array;
  json: ParsedJson;
}

/** POSTs a hand-built body and reads the whole answer. */
export async function postBody(
  h: BqHandle,
  path: string,
  body: Body | { bytes: Uint8Array; contentType: string | null },
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await h.fetch(
    new Request(`${h.origin}${path}`, {
      method: 'POST',
      body: body.bytes as unknown as BodyInit,
      headers: { ...(body.contentType === null ? {} : { 'content-type': body.contentType }), ...headers },
    }),
  );
  return readAnswer(res);
}

export async function readAnswer(res: Response): Promise<Answer> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = Buffer.from(bytes).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: res.status,
    headers: res.headers,
    contentType: res.headers.get('content-type'),
    text,
    bytes,
    json,
  };
}

// ── fixtures ───────────────────────────────────────────────────────────────────────────────

/**
 * A round company seal as a transparent PNG: a thick seal-red ring and, in the middle, a solid
 * BLUE square (so a test can tell this image from any seal the simulator draws itself).
 */
export function sealPng(size = 200): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      const o = (y * size + x) * 4;
      if (d <= c - 2 && d >= c * 0.78) px.set([212, 0, 0, 255], o);
      else if (Math.abs(x + 0.5 - c) <= size * 0.15 && Math.abs(y + 0.5 - c) <= size * 0.15)
        px.set([0, 0, 230, 255], o);
    }
  }
  return encodePng(size, size, px);
}

// ── raw HTTP ───────────────────────────────────────────────────────────────────────────────

export type { SlowAnswer } from '../helpers/slow-http.ts';

/** A raw HTTP/1.1 POST over a keep-alive socket declaring `declaredLength` bytes, sent slowly. */
export function slowPost(
  url: string,
  opts: { headers: Record<string, string>; declaredLength: number; chunk: Buffer; everyMs: number },
): Promise<SlowAnswer> {
  return slowRequest(url, {
    method: 'POST',
    headers: { Connection: 'keep-alive', ...opts.headers },
    chunk: opts.chunk,
    total: opts.declaredLength,
    everyMs: opts.everyMs,
    declaredLength: opts.declaredLength,
  });
}

// ── the restart and isolation tests' tenant A ─────────────────────────────────────────────

/** A valid `user` factoid of the restart and isolation tests' templates. */
export const OK_USER = { name: '张三', phone_number: '13234568732' };

export const USER_FIELDS = [
  { name: 'name', type: 'string' as const, required: true, label: '姓名' },
  { name: 'phone_number', type: 'string' as const, required: true, label: '手机号' },
];

/** Tenant A of the restart and isolation tests: one of each kind of thing a tenant owns. */
export interface SideA {
  t: Tenant;
  template: string;
  personalCa: string;
  enterpriseCa: string;
  done: string;
  doneUnique: string;
  open: string;
  userId: string;
  signatureId: string;
  contractId: string;
  pdf: Uint8Array;
}

/**
 * Tenant A with a PKCS#1 key: console templates, a personal and an enterprise CA (with a seal
 * image), a completed attestation with a signed PDF waiting for anchoring, an open one, a KYC
 * user, a signature image and a contract in signing.
 */
export async function buildSideA(h: BqHandle): Promise<SideA> {
  const t = await newTenant(
    h,
    { organizationName: '甲方科技有限公司', productName: '甲方保全', anchorDelayMs: 60 * MIN },
    'pkcs1',
  );
  const c = t.client;
  const template = await createTemplate(h, t.accessKey, '借款合同保全', [
    { type: 'user', label: '用户', required: true, fields: USER_FIELDS },
    { type: 'loan', label: '借款', fields: [{ name: 'amount', type: 'int', label: '金额' }] },
  ]);
  const { no: personalCa } = await c.call('cas', PERSONAL_CA);
  const { no: enterpriseCa } = await c.call('cas', ENTERPRISE_CA, {
    seal: { bytes: sealPng(160), filename: 'seal.png' },
  });
  const pdf = await textPdf([['借款合同', '', '甲方（签章）', '', '', '', '', '', '', '', '乙方（盖章）']]);
  const doneUnique = uid();
  const { no: done } = await c.call(
    'attestations',
    {
      unique_id: doneUnique,
      template_id: template,
      identities: IDENTITIES,
      factoids: [
        { unique_id: uid(), type: 'user', data: { name: '张三', phone_number: '13234568732' } },
        { type: 'loan', data: { amount: 10000 } },
      ],
    },
    {
      attachments: {
        0: [
          {
            bytes: pdf,
            filename: '借款合同.pdf',
            sign: { [personalCa]: ['甲方（签章）'], [enterpriseCa]: ['乙方（盖章）'] },
          },
        ],
      },
    },
  );
  const { no: openNo } = await c.call('attestations', {
    unique_id: uid(),
    template_id: template,
    identities: IDENTITIES,
    factoids: [{ type: 'loan', data: { amount: 5 } }],
    completed: false,
  });
  const { userId } = await c.call('users/kyc', {
    name: '王五',
    phone: '15822222227',
    idCard: '330184198501184115',
  });
  const { signatureId } = await c.call(
    'contract/signature',
    {},
    { attachments: { 0: [{ bytes: solidPng(60, 30, [0, 0, 255, 255]), filename: '甲方签名.png' }] } },
  );
  const { contractId } = await c.call(
    'contract/uploadPdf',
    {},
    { attachments: { 0: [{ bytes: await textPdf([['合同', '签署页']]), filename: 'contract.pdf' }] } },
  );
  await c.call('contract/setDetail', {
    contract_id: contractId,
    title: '借款合同',
    end_at: h.sim.clock.now() + 7 * 24 * 60 * MIN,
    remark: '',
    userPhones: ['15822222227'],
  });
  return {
    t,
    template,
    personalCa,
    enterpriseCa,
    done,
    doneUnique,
    open: openNo,
    userId,
    signatureId,
    contractId,
    pdf,
  };
}

// ── the shared conformance suite's adapter ─────────────────────────────────────────────────

/** A client for a tenant as the suite hands it: a made tenant's private key, or the default's key file. */
function conformanceClient(t: Target, tenant: Credentials, accessKey = tenant.accessKey!): BaoquanClient {
  return createBaoquanClient({
    baseUrl: t.origin,
    accessKey,
    privateKey: tenant.privateKey ?? readFileSync(tenant.privateKeyPath!, 'utf8'),
    fetch: (r) => t.fetch(r),
    clock: () => t.sim.clock.now(),
  });
}

const signatureImage = () => ({ bytes: solidPng(60, 30), filename: '签名.png' });

/** The catalogue entry as every contract has it (contracts/shared/contract.ts). */
const catalogued = (name: string) => {
  const errors: SealsimContract['errors'] = baoquanContract.errors;
  return errors![name]!;
};

/** baoquan for the shared suite: the object is a signature image (contract/signature). */
export const conformance: VendorConformance = {
  vendor: 'baoquan',
  contract: baoquanContract,
  tenant() {
    const { publicKey, privateKey } = keyPair();
    return { settings: { publicKey }, secrets: { privateKey } };
  },
  async create(t, tenant) {
    const c = conformanceClient(t, tenant);
    const { signatureId } = await c.call(
      'contract/signature',
      {},
      { attachments: { 0: [signatureImage()] } },
    );
    return signatureId;
  },
  async read(t, tenant, id) {
    const list = await conformanceClient(t, tenant).call('contract/signature/list', {});
    return id in list ? { found: true, view: Object.keys(list).sort() } : { found: false };
  },
  async touch(t, tenant, id) {
    try {
      await conformanceClient(t, tenant).call('contract/signature/default', { signature_id: id });
      return true;
    } catch (e) {
      if (e instanceof BaoquanApiError) return false;
      throw e;
    }
  },
  async oversized(t, tenant, bytes) {
    const big = { bytes: new Uint8Array(bytes), filename: '签名.png' };
    return conformanceClient(t, tenant).prepare('contract/signature', {}, { attachments: { 0: [big] } })
      .request;
  },
  forged(t, route: RouteConfig) {
    // an access key no tenant has, signed with the committed test key
    const c = conformanceClient(t, { privateKey: DEFAULT_PRIVATE_KEY }, 'conformanceUnknownKey01');
    return c.prepare(route.path.slice(1) as BaoquanApiName, {}).request;
  },
  faultError: 'RATE_LIMITED',
  unknownPath(a: ConformanceAnswer) {
    const e = catalogued('API_NOT_FOUND');
    expect(a.status).toBe(e.httpStatus);
    expect(a.body).toMatchObject({ message: e.msg });
  },
  wrongMethod(a: ConformanceAnswer) {
    const e = catalogued('METHOD_NOT_ALLOWED');
    expect(a.status).toBe(e.httpStatus);
    expect(a.body).toMatchObject({ message: e.msg });
  },
};
