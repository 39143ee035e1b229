/** Shared setup for the baoquan tests: an in-process simulator, typed clients, fixtures. */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSimulator, type SealSim } from '../../index.ts';
import { expect } from 'vitest';
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
import {
  baoquanErrorMessage,
  baoquanErrors,
  type BaoquanErrorName,
  type BaoquanErrorParams,
} from '../../contracts/baoquan/errors.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { encodePng } from '../helpers/png.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY_PATH } from '../../simulators/baoquan/runtime.ts';

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

export function keyPair(
  format: 'spki' | 'pkcs1' = 'spki',
  bits = 2048,
): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: format, format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey, privateKey };
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
export const uid = () => crypto.randomUUID();

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
    status: baoquanErrors[name].status,
    message: baoquanErrorMessage(name, params),
  });
  return e;
}

/** A control API call on the control origin. */
export async function control<T = any>(
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
