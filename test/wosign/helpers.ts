/**
 * In-process wosign harness (a Simulator with only this vendor and its control app, raw requests
 * carrying the client certificate as the transport's header) and the shared conformance suite's
 * adapter.
 */
import { readFileSync } from 'node:fs';
import type { RouteConfig } from '@hono/zod-openapi';
import { PDFDocument } from 'pdf-lib';
import { expect } from 'vitest';
import { WOSIGN_DEFAULT_TENANT } from '../../contracts/wosign/control.ts';
import { wosignContract } from '../../contracts/wosign/index.ts';
import { createSimulator } from '../../index.ts';
import { CLIENT_CERT_HEADER, clientCertHeaderValue } from '../../simulators/core/adapters/client-cert.ts';
import { createControlApp } from '../../simulators/core/control.ts';
import { Simulator, type SimulatorOptions } from '../../simulators/core/simulator.ts';
import { wosign } from '../../simulators/wosign/index.ts';
import { openPfx } from '../../simulators/wosign/tls.ts';
import type {
  Answer as ConformanceAnswer,
  Credentials,
  Target,
  VendorConformance,
} from '../conformance/adapter.ts';
import type { ParsedJson } from '../helpers/parsed-json.ts';
import { encodePng } from '../helpers/png.ts';

export const ORIGIN = 'https://127.0.0.1:4005';
export const CONTROL = 'http://127.0.0.1:4000';
export const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

const keysDir = new URL('../../simulators/wosign/keys/', import.meta.url);
/** The committed default client certificate, key and PKCS#12 (simulators/wosign/keys). */
export const DEFAULT_CLIENT = {
  tokenid: WOSIGN_DEFAULT_TENANT.tokenid,
  certificatePem: readFileSync(new URL('default-client.pem', keysDir), 'utf8'),
  privateKeyPem: readFileSync(new URL('default-client-key.pem', keysDir), 'utf8'),
  pfx: new Uint8Array(readFileSync(new URL('default-client.pfx', keysDir))),
  pfxPassword: WOSIGN_DEFAULT_TENANT.pfxPassword,
};

/** A certificate no tenant registered: the Client CA's own, from the committed PKCS#12's chain. */
export const UNREGISTERED_CERT_PEM = openPfx(
  DEFAULT_CLIENT.pfx,
  DEFAULT_CLIENT.pfxPassword,
).certificatePems.find(
  (p) => p !== DEFAULT_CLIENT.certificatePem && p.replace(/\r/g, '') !== DEFAULT_CLIENT.certificatePem,
)!;

export interface WosignAnswer {
  status: number;
  contentType: string;
  text: string;
  json: ParsedJson;
}

export function jsonOrText(text: string): ParsedJson {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function answerOf(res: Response): Promise<WosignAnswer> {
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text,
    json: jsonOrText(text),
  };
}

/** The body as real clients send it: the whole JSON percent-encoded form-style. */
export function formEncoded(body: unknown): string {
  return encodeURIComponent(JSON.stringify(body)).replace(/%20/g, '+');
}

/** A wosign API request: `certificatePem` (or none) as the transport's header, the body form-encoded. */
export function apiRequest(
  origin: string,
  body: unknown,
  certificatePem: string | undefined,
  encoding: 'form' | 'json' = 'form',
): Request {
  return new Request(`${origin}/`, {
    method: 'POST',
    headers: {
      'content-type': encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      ...(certificatePem ? { [CLIENT_CERT_HEADER]: clientCertHeaderValue(certificatePem) } : {}),
    },
    body: typeof body === 'string' ? body : encoding === 'form' ? formEncoded(body) : JSON.stringify(body),
  });
}

export interface Tenant {
  tokenid: string;
  certificatePem: string;
  privateKeyPem: string;
  pfxBase64: string;
  pfxPassword: string;
}

export interface WosignHandle {
  sim: Simulator;
  /** POST / with the tenant's certificate (default: the default tenant's). */
  post(body: unknown, certificatePem?: string | null, encoding?: 'form' | 'json'): Promise<WosignAnswer>;
  control(method: string, path: string, body?: unknown): Promise<{ status: number; json: ParsedJson }>;
  newTenant(settings?: Record<string, unknown>): Promise<Tenant>;
}

/** The harness on a fresh in-process simulator (only wosign), or on `given`. */
export function ws(given?: Simulator, opts: SimulatorOptions = {}): WosignHandle {
  const sim = given ?? new Simulator([wosign], { vendors: ['wosign'], now: T0, ...opts });
  if (!given) {
    const controlApp = createControlApp(sim);
    sim.controlFetch = async (req) => controlApp.fetch(req);
  }
  const post = async (
    body: unknown,
    certificatePem: string | null = DEFAULT_CLIENT.certificatePem,
    encoding: 'form' | 'json' = 'form',
  ) =>
    answerOf(await sim.fetch(apiRequest(sim.origin('wosign'), body, certificatePem ?? undefined, encoding)));
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await sim.fetch(
      new Request(`${sim.origin('control')}${path}`, {
        method,
        ...(body !== undefined
          ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
          : {}),
      }),
    );
    return { status: res.status, json: jsonOrText(await res.text()) };
  };
  const newTenant = async (settings: Record<string, unknown> = {}) => {
    const r = await control('POST', '/__sim/wosign/tenants', settings);
    if (r.status !== 201) throw new Error(`tenant create: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json.credentials as Tenant;
  };
  return { sim, post, control, newTenant };
}

export function failure(errorcode: number) {
  return { status: 0, errorcode };
}

// ── documents and pictures ────────────────────────────────────────────────────────────────────

let pdfCache: string | undefined;

/** A two-page A4 PDF, Base64. */
export async function pdfBase64(): Promise<string> {
  if (!pdfCache) {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    doc.addPage([595, 842]);
    pdfCache = Buffer.from(await doc.save()).toString('base64');
  }
  return pdfCache;
}

/** A small PNG, Base64. */
export function pngBase64(): string {
  const rgba = new Uint8Array(4 * 4 * 4).fill(200);
  return Buffer.from(encodePng(4, 4, rgba)).toString('base64');
}

let seq = 0;

/** A unique orderNumber. */
export const orderNumber = () => `ON-${process.pid}-${++seq}`;

/** A CreateSignOrder body with one personal signer (overrides merged at the top level). */
export async function createBody(
  tokenid: string,
  over: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return {
    tokenid,
    actiontype: 'CreateSignOrder',
    subject: '测试合同',
    filebase: await pdfBase64(),
    fileformat: 'pdf',
    orderNumber: orderNumber(),
    signerlist: [
      {
        signType: '2',
        userName: '张三',
        userNo: '11010519491231002X',
        pic: pngBase64(),
        otherpic: pngBase64(),
        signlist: [{ pagenumber: 1, position: '0.65, 0.47, 0.82, 0.59' }],
      },
    ],
    ...over,
  };
}

// ── the shared conformance suite's adapter ─────────────────────────────────────────────────

/** The certificate the tenant's requests carry (the default tenant's is the committed one). */
const certOf = (tenant: Credentials) => tenant.certificatePem ?? DEFAULT_CLIENT.certificatePem;

async function targetPost(t: Target, body: unknown, certificatePem: string | undefined): Promise<ParsedJson> {
  const res = await t.fetch(apiRequest(t.origin, body, certificatePem));
  return jsonOrText(await res.text());
}

export const conformance: VendorConformance = {
  vendor: 'wosign',
  contract: wosignContract,
  // Over real HTTP the suite uses the global fetch, which presents no client certificate: it runs
  // on --wosign-plain-http (the header trusted); test/wosign/transport.test.ts covers real TLS.
  simulator: (opts) =>
    createSimulator({ vendors: ['wosign'], vendorOptions: { wosign: { plainHttp: true } }, ...opts }),
  async create(t, tenant) {
    const body = await createBody(tenant.tokenid!);
    const r = await targetPost(t, body, certOf(tenant));
    if (r?.status !== 1) throw new Error(`CreateSignOrder refused: ${JSON.stringify(r)}`);
    return body.orderNumber as string;
  },
  async read(t, tenant, id) {
    // The same orderNumber again with no signers: -47 正在签署 when the tenant has it, else -48.
    const r = await targetPost(
      t,
      await createBody(tenant.tokenid!, { orderNumber: id, signerlist: [] }),
      certOf(tenant),
    );
    if (r?.errorcode === -47 || r?.errorcode === -46)
      return { found: true, view: { errorcode: r.errorcode } };
    if (r?.errorcode === -48) return { found: false };
    throw new Error(`read ${id}: ${JSON.stringify(r)}`);
  },
  async oversized(t, tenant, bytes) {
    const body = await createBody(tenant.tokenid!, { padding: 'x'.repeat(bytes) });
    return apiRequest(t.origin, body, certOf(tenant));
  },
  forged(t, _route: RouteConfig) {
    return apiRequest(
      t.origin,
      { tokenid: WOSIGN_DEFAULT_TENANT.tokenid, actiontype: 'CreateSignOrder' },
      UNREGISTERED_CERT_PEM,
    );
  },
  faultError: 'CERT_INVALID',
  // decision: wosign.any-path — without a certificate every path answers -80 in the envelope
  unknownPath(a: ConformanceAnswer) {
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ status: 0, errorcode: -80 });
  },
  wrongMethod(a: ConformanceAnswer) {
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ status: 0, errorcode: -80 });
  },
};
