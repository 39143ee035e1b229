/**
 * Typed e签宝 v3 client: openapi-fetch over the generated types (schema.d.ts), with the vendor's
 * HMAC auth in one middleware. The same client talks to the real vendor or to sealsim; only
 * `baseUrl` changes.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { hmacSha256Hex, safeEqual } from '../shared/crypto.ts';
import { lateBoundFetch, type FetchFn } from '../shared/fetch.ts';
import { EsignApiError, EsignSignatureError } from './errors.ts';
import type { paths } from './schema.d.ts';

export const ESIGN_BASE_PATH = '/opentreaty/rest/v3.0';

/** Paths of the JSON APIs (everything that takes a POST). */
export type EsignApiPath = {
  [P in keyof paths]: paths[P] extends { post: { requestBody: unknown } } ? P : never;
}[keyof paths];

type PostOp<P extends EsignApiPath> = paths[P] extends { post: infer O } ? O : never;

/** The request body an API takes (numbers may be numeric strings where the doc's example does that). */
export type EsignRequestBody<P extends EsignApiPath> =
  PostOp<P> extends {
    requestBody: { content: { 'application/json': infer B } };
  }
    ? B
    : never;

/** The envelope `{errCode, msg, data}` an API answers. */
export type EsignEnvelope<P extends EsignApiPath> =
  PostOp<P> extends {
    responses: { 200: { content: { 'application/json': infer R } } };
  }
    ? R
    : never;

/** The `data` of an envelope; `undefined` for APIs without business data (/sign/execute, /sign/revoke). */
export type EnvelopeData<E> = 'data' extends keyof E ? Exclude<E['data' & keyof E], undefined> : undefined;

/** What `client.call(path, body)` resolves to. */
export type EsignData<P extends EsignApiPath> = EnvelopeData<EsignEnvelope<P>>;

export interface EsignClientOptions {
  /** e.g. http://127.0.0.1:4002/opentreaty/rest/v3.0 or https://smlgateway.tsign.cn/opentreaty/rest/v3.0 */
  baseUrl: string;
  projectId: string;
  /** ProjectSecret: the HMAC-SHA256 key. */
  secret: string;
  /** Defaults to globalThis.fetch, looked up on every call (so msw installed later intercepts). */
  fetch?: FetchFn;
  /** Check X-timevale-signature of every response against its body; throws EsignSignatureError. */
  verifyResponses?: boolean;
}

export type EsignClient = Client<paths> & {
  /** POST `path` with `body` and unwrap: resolves to `data`, throws EsignApiError when errCode != 0. */
  call<P extends EsignApiPath>(
    path: P,
    body: EsignRequestBody<P>,
    init?: { signal?: AbortSignal },
  ): Promise<EsignData<P>>;
  readonly projectId: string;
};

/**
 * Signs each request (§4.3.1): X-timevale-signature = lowercase hex HMAC-SHA256 of the exact body
 * bytes, keyed with the secret; mode `package`. With `verifyResponses`, checks each response's
 * signature over its body (§4.3.2).
 */
export function esignAuthMiddleware(opts: {
  projectId: string;
  secret: string;
  verifyResponses?: boolean;
}): Middleware {
  return {
    async onRequest({ request }) {
      const body = new Uint8Array(await request.clone().arrayBuffer());
      request.headers.set('X-timevale-project-id', opts.projectId);
      request.headers.set('X-timevale-signature', hmacSha256Hex(opts.secret, body));
      request.headers.set('X-timevale-mode', 'package');
      request.headers.set('X-timevale-signature-algorithm', 'hmac-sha256');
      return request;
    },
    async onResponse({ response }) {
      if (!opts.verifyResponses) return undefined;
      await verifyEsignResponse(response, opts.secret);
      return undefined;
    },
  };
}

/** Throws EsignSignatureError unless the response's X-timevale-signature matches its body. */
export async function verifyEsignResponse(response: Response, secret: string): Promise<void> {
  const body = new Uint8Array(await response.clone().arrayBuffer());
  const expected = hmacSha256Hex(secret, body);
  const received = response.headers.get('X-timevale-signature') ?? undefined;
  if (!received || !safeEqual(received.toLowerCase(), expected)) {
    throw new EsignSignatureError(
      received
        ? 'e签宝 response signature does not match its body'
        : 'e签宝 response has no X-timevale-signature',
      { expected, received },
    );
  }
}

type FetchResult<E> = { data?: E; error?: unknown; response: Response };

/**
 * Turns an openapi-fetch result into the envelope's `data`: returns it when errCode is 0, else
 * throws EsignApiError (errCode, msg, httpStatus). An HTTP failure without an envelope throws
 * with errCode -1.
 */
export function unwrap<E extends { errCode: number; msg?: string }>(result: FetchResult<E>): EnvelopeData<E> {
  const httpStatus = result.response.status;
  const envelope = (result.data ?? result.error) as
    { errCode?: unknown; msg?: unknown; data?: unknown } | undefined;
  if (envelope && typeof envelope === 'object' && typeof envelope.errCode === 'number') {
    if (envelope.errCode === 0 && result.data !== undefined) return envelope.data as EnvelopeData<E>;
    throw new EsignApiError({
      errCode: envelope.errCode,
      msg: typeof envelope.msg === 'string' ? envelope.msg : '',
      httpStatus,
      body: envelope,
    });
  }
  const text = typeof result.error === 'string' ? result.error : '';
  throw new EsignApiError({
    errCode: -1,
    msg: text || `HTTP ${httpStatus} without an e签宝 envelope`,
    httpStatus,
    body: result.error ?? result.data,
  });
}

export function createEsignClient(opts: EsignClientOptions): EsignClient {
  const client = createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/$/, ''),
    fetch: lateBoundFetch(opts.fetch),
  });
  client.use(esignAuthMiddleware(opts));
  const call = async (path: EsignApiPath, body: unknown, init?: { signal?: AbortSignal }) => {
    const result = await (
      client.POST as (p: string, i: unknown) => Promise<FetchResult<{ errCode: number }>>
    )(path, {
      body,
      ...(init?.signal ? { signal: init.signal } : {}),
    });
    return unwrap(result);
  };
  return Object.assign(client, { call, projectId: opts.projectId }) as unknown as EsignClient;
}
