/**
 * Typed 沃通 WoSignDoc API client: openapi-fetch over the generated types (schema.d.ts), sending
 * what the real Java client sends (doc 1.5 数据交互, 2. API 功能接口): `POST /` over HTTPS with the
 * tenant's client certificate, the whole JSON body percent-encoded as Java's `URLEncoder` does
 * (`+` for a space) under `Content-Type: application/x-www-form-urlencoded` (no charset, no `key=`),
 * or plain JSON with `encoding: 'json'`. `status 0` answers throw WosignApiError.
 *
 * The certificate goes to TLS through an undici Agent passed to the global fetch as `dispatcher`
 * (so msw, which replaces the global fetch, still intercepts in-process). It also goes in the
 * header `x-sealsim-client-cert`, which is how sealsim's in-process app (msw, `sim.fetch`) sees a
 * client certificate; over TLS sealsim's transport replaces that header with the certificate the
 * TLS peer presented, and the vendor ignores it. `certificateHeader: false` leaves it out.
 *
 * The same client talks to the vendor (`https://docapi.wosign.com`) or to sealsim
 * (`https://127.0.0.1:4005`, trusting `GET /__sim/wosign/ca.pem`); only `baseUrl` and `tls.ca` change.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { Agent } from 'undici';
import { WosignApiError } from './errors.ts';
import type { components, paths } from './schema.d.ts';
import {
  mtlsAgent,
  resolveClientCertificate,
  type ResolvedClientCertificate,
  type WosignClientCertificate,
  type WosignTlsOptions,
} from './tls.ts';

/** The header sealsim's app reads the client certificate from (URL-encoded PEM). */
export const CLIENT_CERT_HEADER = 'x-sealsim-client-cert';
/** The real client's Content-Type: no charset (the body is ASCII after percent-encoding). */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

type Schemas = components['schemas'];
export type WosignRequestBody = Schemas['WosignRequest'];
export type CreateSignOrderRequest = Schemas['WosignCreateSignOrderRequest'];
export type WosignSigner = Schemas['WosignSigner'];
export type WosignSignPosition = Schemas['WosignSignPosition'];
export type CreateSignOrderAnswer = Schemas['WosignCreateSignOrderAnswer'];
export type WosignFailureAnswer = Schemas['WosignFailure'];
export type PushSignedDoc = Schemas['WosignPushSignedDoc'];

/** CreateSignOrder's parameters, without what the client adds (tokenid, actiontype). */
export type CreateSignOrderParams = Omit<CreateSignOrderRequest, 'tokenid' | 'actiontype'>;

export type FetchWithInit = (input: Request, init?: RequestInit) => Promise<Response>;

export interface WosignClientOptions {
  /** `https://docapi.wosign.com`, sealsim `https://127.0.0.1:4005`. */
  baseUrl: string;
  /** 申请 API 成功后 WoSignDoc 返回的令牌. */
  tokenid: string;
  /** The tenant's client certificate: a `.pfx` and its password, or PEM certificate and key. */
  certificate?: WosignClientCertificate;
  /** The server's trust (sealsim's ca.pem) and the connection pool. */
  tls?: WosignTlsOptions;
  /** 'form' (default): the JSON percent-encoded as the real client sends it; 'json': plain JSON. */
  encoding?: 'form' | 'json';
  /** Send the certificate in `x-sealsim-client-cert` too (default true when there is one). */
  certificateHeader?: boolean;
  /** Defaults to globalThis.fetch, looked up on every call (so msw installed later intercepts). */
  fetch?: FetchWithInit;
}

export interface WosignCallInit {
  signal?: AbortSignal;
  /** This call's encoding instead of the client's. */
  encoding?: 'form' | 'json';
}

export interface WosignClient {
  readonly tokenid: string;
  /** The certificate presented (PEM), when one is configured. */
  readonly certificatePem: string | undefined;
  /** The raw openapi-fetch client (add `dispatcher` yourself for TLS). */
  readonly api: Client<paths>;
  /** The keep-alive undici Agent presenting the certificate (https base URLs only). */
  readonly dispatcher: Agent | undefined;
  /** 3.1 创建签署: `{signid, ordernumber}`; throws WosignApiError on status 0. */
  createSignOrder(
    params: CreateSignOrderParams,
    init?: WosignCallInit,
  ): Promise<{ signid: string; ordernumber: string }>;
  /**
   * Any body as is (tokenid added when absent): the parsed answer, never thrown on status 0.
   * A string body is sent unchanged (malformed JSON, other actiontypes).
   */
  send(
    body: Record<string, unknown> | string,
    init?: WosignCallInit,
  ): Promise<{ status: number; body: unknown }>;
  /** Closes the kept-alive connections. */
  close(): Promise<void>;
}

/**
 * The body as Java's `URLEncoder.encode(json, "UTF-8")` writes it: UTF-8 percent-encoding, a
 * space as `+`, only `A-Za-z0-9 . - * _` left as they are.
 */
export function javaUrlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The request body for an encoding. */
export function encodeBody(body: Record<string, unknown> | string, encoding: 'form' | 'json'): string {
  const json = typeof body === 'string' ? body : JSON.stringify(body);
  return encoding === 'form' ? javaUrlEncode(json) : json;
}

type Result = { data?: unknown; error?: unknown; response: Response };

const parseText = (text: unknown): unknown => {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * A result (parsed as text) → the answer when `status` is 1, else WosignApiError with the
 * `errorcode` and the catalogue's message; an answer without `status`/`errorcode` throws with -1.
 */
export function unwrap<T extends Record<string, unknown> = Record<string, unknown>>(
  result: Result,
  actiontype: string,
): T {
  const body = parseText(result.data ?? result.error);
  const httpStatus = result.response.status;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const answer = body as Record<string, unknown>;
    if (answer.status === 1 && answer.errorcode === 0) return answer as T;
    if (answer.status === 0 && typeof answer.errorcode === 'number')
      throw new WosignApiError({ errorcode: answer.errorcode, httpStatus, actiontype, body });
  }
  throw new WosignApiError({
    errorcode: -1,
    httpStatus,
    actiontype,
    body,
    message:
      (typeof body === 'string' && body.slice(0, 200)) || `HTTP ${httpStatus} without a WoSignDoc answer`,
  });
}

type Send = (path: string, init: Record<string, unknown>) => Promise<Result>;

export function createWosignClient(opts: WosignClientOptions): WosignClient {
  const cert: ResolvedClientCertificate | undefined = opts.certificate
    ? resolveClientCertificate(opts.certificate)
    : undefined;
  // Only https needs the Agent; a plain-http base URL (--wosign-plain-http) uses the default.
  const agent: Agent | undefined = /^https:/i.test(opts.baseUrl) ? mtlsAgent(cert, opts.tls) : undefined;
  const fetchFn: FetchWithInit = (req, init) => (opts.fetch ?? globalThis.fetch)(req, init);
  const api = createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    fetch: (req: Request) => fetchFn(req, agent ? ({ dispatcher: agent } as RequestInit) : undefined),
  });
  const headerCert =
    opts.certificateHeader !== false && cert ? encodeURIComponent(cert.certificatePem) : undefined;

  const post = (body: Record<string, unknown> | string, init: WosignCallInit = {}) => {
    const encoding = init.encoding ?? opts.encoding ?? 'form';
    return (api.POST as unknown as Send)('/', {
      body,
      bodySerializer: (b: Record<string, unknown> | string) => encodeBody(b, encoding),
      headers: {
        'Content-Type': encoding === 'form' ? FORM_CONTENT_TYPE : 'application/json',
        ...(headerCert ? { [CLIENT_CERT_HEADER]: headerCert } : {}),
      },
      parseAs: 'text',
      ...(init.signal ? { signal: init.signal } : {}),
    });
  };

  return {
    tokenid: opts.tokenid,
    certificatePem: cert?.certificatePem,
    api,
    dispatcher: agent,
    async createSignOrder(params, init) {
      const body = { tokenid: opts.tokenid, actiontype: 'CreateSignOrder', ...params };
      const answer = unwrap<CreateSignOrderAnswer>(await post(body, init), 'CreateSignOrder');
      return { signid: answer.signid, ordernumber: answer.ordernumber };
    },
    async send(body, init) {
      const full = typeof body === 'string' ? body : { tokenid: opts.tokenid, ...body };
      const r = await post(full, init);
      return { status: r.response.status, body: parseText(r.data ?? r.error) };
    },
    close: async () => {
      await agent?.close();
    },
  };
}
