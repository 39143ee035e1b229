/**
 * Typed 云合同 摘要签署 V2.4.1 client: openapi-fetch over the generated types (schema.d.ts), with
 * the vendor's token auth in one middleware. The same client talks to the customer's deployed war
 * or to sealsim; only `baseUrl` (origin + context path) changes.
 *
 * Tokens (§5.1 4, §5.3.1): `login()` stores the platform's token, `login(signerId)` (or
 * `asUser(signerId).login()`) that user's. Every call sends its slot's token in request header
 * `token`, and whenever a response carries header `token` (a login, or a renewal late in the
 * token's 15 minutes) the slot takes the new one.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { lateBoundFetch, type FetchFn } from '../shared/fetch.ts';
import { YunhetongApiError } from './errors.ts';
import type { paths } from './schema.d.ts';
import { YunhetongTokenStore, type YunhetongTokenSlot } from './tokens.ts';

const LOGIN_PATH = '/auth/login';
/** The two updates are PATCH (§5.4.3, §5.4.4); every other API is POST. */
const PATCH_PATHS: ReadonlySet<string> = new Set(['/user/personNameAndPhone', '/user/companyNameAndPhone']);
/** The file part of each multipart API (the doc names it like the path parameter it replaces). */
export const YHT_FILE_PARTS = {
  '/sign/fileStream': 'contractPath',
  '/sign/verifyCodeFileStream': 'contractPath',
  '/tsa/streamSign': 'filePath',
} as const;
/** What §5.1 asks for: `content-type=application/json;charset=UTF-8`. */
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

// ── types from the generated spec ─────────────────────────────────────────────────────────────

type OpOf<P extends keyof paths> = paths[P] extends { post: infer O }
  ? O
  : paths[P] extends { patch: infer O }
    ? O
    : never;
type JsonBodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type FormBodyOf<O> = O extends { requestBody: { content: { 'multipart/form-data': infer B } } } ? B : never;

/** Paths of the JSON APIs (POST, or PATCH for the two updates). */
export type YhtJsonPath = {
  [P in keyof paths]: [JsonBodyOf<OpOf<P>>] extends [never] ? never : P;
}[keyof paths];
/** Paths of the multipart APIs (/sign/fileStream, /sign/verifyCodeFileStream, /tsa/streamSign). */
export type YhtMultipartPath = {
  [P in keyof paths]: [FormBodyOf<OpOf<P>>] extends [never] ? never : P;
}[keyof paths];

/** The JSON body an API takes. */
export type YhtRequestBody<P extends YhtJsonPath> = JsonBodyOf<OpOf<P>>;

/** A file: a Blob/File, bytes, or bytes with a name and type. */
export type YhtFile =
  | Blob
  | Uint8Array
  | ArrayBuffer
  | { bytes: Blob | Uint8Array | ArrayBuffer | string; filename?: string; contentType?: string };

type FilePartOf<P extends YhtMultipartPath> = P extends keyof typeof YHT_FILE_PARTS
  ? (typeof YHT_FILE_PARTS)[P]
  : never;

/** The multipart fields an API takes; its file part (contractPath / filePath) is a YhtFile. */
export type YhtMultipartFields<P extends YhtMultipartPath> = Omit<FormBodyOf<OpOf<P>>, FilePartOf<P>> & {
  [K in FilePartOf<P>]: YhtFile;
};

/** The envelope `{code, msg, data}` an API answers. */
export type YhtEnvelope<P extends keyof paths> =
  OpOf<P> extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;

/** The `data` of an envelope; `undefined` for APIs without business data. */
export type YhtEnvelopeData<E> = 'data' extends keyof E ? Exclude<E['data' & keyof E], undefined> : undefined;

/** What `call(path, …)` resolves to. */
export type YhtData<P extends keyof paths> = YhtEnvelopeData<YhtEnvelope<P>>;

// ── client ────────────────────────────────────────────────────────────────────────────────────

export interface YunhetongDigestClientOptions {
  /**
   * Origin and context path of the service, e.g. http://127.0.0.1:4003 (sealsim's default context
   * path is /) or https://host:8080/yht-digest.
   */
  baseUrl: string;
  appId: string;
  appKey: string;
  /** Defaults to globalThis.fetch, looked up on every call (so msw installed later intercepts). */
  fetch?: FetchFn;
  /**
   * Log in when the slot has no token yet, and log in again (once) and retry when a call answers
   * 401 (expired or unknown token). Default false: 401 throws.
   */
  autoLogin?: boolean;
  /** Share token slots between clients; default a new store. */
  tokens?: YunhetongTokenStore;
  /** Called whenever a slot receives a token (when no `tokens` store is given). */
  onToken?: (slot: YunhetongTokenSlot, token: string) => void;
}

export interface YunhetongCallInit {
  signal?: AbortSignal;
  /**
   * Send this token instead of the slot's (tests: expired
   * or foreign tokens). A renewal still lands in the slot.
   */
  token?: string;
}

export interface YunhetongDigestClient {
  readonly appId: string;
  /** The user this client acts as; undefined for the platform. */
  readonly signerId: string | undefined;
  /** The token slots (shared by every client derived with asUser / asPlatform). */
  readonly tokens: YunhetongTokenStore;
  /** The raw openapi-fetch client, with this slot's token middleware. */
  readonly api: Client<paths>;
  /** This slot's current token. */
  token(): string | undefined;
  /** Replace (or with undefined, forget) this slot's token. */
  setToken(token: string | undefined): void;
  /**
   * POST /auth/login: without signerId the platform's token, with it that user's (its own slot).
   * Resolves to the token from response header `token`; throws YunhetongApiError (402, 201 …).
   */
  login(signerId?: string | number): Promise<string>;
  /** A client bound to this user's token slot (same store, fetch and options). */
  asUser(signerId: string | number): YunhetongDigestClient;
  /** A client bound to the platform's slot. */
  asPlatform(): YunhetongDigestClient;
  /**
   * Call a JSON API (PATCH for the two updates, else POST) and
   * unwrap: `data`, or YunhetongApiError when code != 200.
   */
  call<P extends YhtJsonPath>(
    path: P,
    body: YhtRequestBody<P>,
    init?: YunhetongCallInit,
  ): Promise<YhtData<P>>;
  /** Call a multipart API and unwrap; the file goes in the part the doc names (contractPath / filePath). */
  callMultipart<P extends YhtMultipartPath>(
    path: P,
    fields: YhtMultipartFields<P>,
    init?: YunhetongCallInit,
  ): Promise<YhtData<P>>;
  /** §5.6.2 文件流签署. */
  signFileStream(
    fields: YhtMultipartFields<'/sign/fileStream'>,
    init?: YunhetongCallInit,
  ): Promise<YhtData<'/sign/fileStream'>>;
  /** §5.6.5 文件流签署（短信认证）. */
  signVerifyCodeFileStream(
    fields: YhtMultipartFields<'/sign/verifyCodeFileStream'>,
    init?: YunhetongCallInit,
  ): Promise<YhtData<'/sign/verifyCodeFileStream'>>;
  /** §5.6.7 时间戳数据固化 (文件流). */
  tsaStreamSign(
    fields: YhtMultipartFields<'/tsa/streamSign'>,
    init?: YunhetongCallInit,
  ): Promise<YhtData<'/tsa/streamSign'>>;
  /** GET /index.html (§5.1 "测试服务是否启动成功"): true when it answers 200. */
  isUp(init?: { signal?: AbortSignal }): Promise<boolean>;
}

type FetchResult = { data?: unknown; error?: unknown; response: Response };

/**
 * The token middleware of one slot: sends the slot's token in request header `token` (not on
 * /auth/login, and not when the caller set one), and stores any response header `token` in the slot.
 */
export function yunhetongTokenMiddleware(
  store: YunhetongTokenStore,
  signerId: string | undefined,
): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      if (schemaPath === LOGIN_PATH || request.headers.has('token')) return undefined;
      const token = store.get(signerId);
      if (token) request.headers.set('token', token);
      return request;
    },
    onResponse({ response }) {
      const fresh = response.headers.get('token');
      if (fresh) store.set(signerId, fresh);
      return undefined;
    },
  };
}

/**
 * An openapi-fetch result → the envelope's `data` when code is 200, else YunhetongApiError (with
 * the envelope's code and msg, whatever the HTTP status). An answer without an envelope throws
 * with code -1.
 */
export function unwrap<T = unknown>(result: FetchResult, path: string): T {
  const httpStatus = result.response.status;
  const envelope = (result.data ?? result.error) as
    { code?: unknown; msg?: unknown; data?: unknown } | undefined;
  if (envelope && typeof envelope === 'object' && typeof envelope.code === 'number') {
    if (envelope.code === 200) return envelope.data as T;
    throw new YunhetongApiError({
      code: envelope.code,
      msg: typeof envelope.msg === 'string' ? envelope.msg : String(envelope.msg ?? ''),
      httpStatus,
      path,
      body: envelope,
    });
  }
  const text = typeof result.error === 'string' ? result.error : '';
  throw new YunhetongApiError({
    code: -1,
    msg: text || `HTTP ${httpStatus} without a 云合同 envelope`,
    httpStatus,
    path,
    body: result.error ?? result.data,
  });
}

const toBlobPart = (b: Blob | Uint8Array | ArrayBuffer | string): BlobPart =>
  b instanceof Uint8Array ? new Uint8Array(b) : b;

/**
 * A FormData of the fields, with the file in `filePart` (numbers as strings; undefined and null left out).
 */
export function yunhetongForm(fields: Record<string, unknown>, filePart: string): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    if (k === filePart) {
      const file = v as YhtFile;
      if (file instanceof Blob) {
        form.set(k, file, file instanceof File ? file.name : 'contract.pdf');
      } else if (file instanceof Uint8Array || file instanceof ArrayBuffer) {
        form.set(k, new Blob([toBlobPart(file)], { type: 'application/pdf' }), 'contract.pdf');
      } else {
        const blob =
          file.bytes instanceof Blob
            ? file.bytes
            : new Blob([toBlobPart(file.bytes)], { type: file.contentType ?? 'application/pdf' });
        form.set(k, blob, file.filename ?? 'contract.pdf');
      }
      continue;
    }
    form.set(k, typeof v === 'string' ? v : String(v));
  }
  return form;
}

interface Shared {
  opts: YunhetongDigestClientOptions;
  baseUrl: string;
  fetch: FetchFn;
  tokens: YunhetongTokenStore;
  clients: Map<YunhetongTokenSlot, YunhetongDigestClient>;
}

function bind(shared: Shared, signerId: string | undefined): YunhetongDigestClient {
  const slot: YunhetongTokenSlot = signerId === undefined ? 'platform' : `user:${signerId}`;
  const existing = shared.clients.get(slot);
  if (existing) return existing;

  const api = createClient<paths>({ baseUrl: shared.baseUrl, fetch: shared.fetch });
  api.use(yunhetongTokenMiddleware(shared.tokens, signerId));

  const loginSelf = async (init?: { signal?: AbortSignal }): Promise<string> => {
    const body = {
      appId: shared.opts.appId,
      appKey: shared.opts.appKey,
      ...(signerId === undefined ? {} : { signerId }),
    };
    const result = (await api.POST(LOGIN_PATH, {
      body,
      headers: { 'Content-Type': JSON_CONTENT_TYPE },
      ...(init?.signal ? { signal: init.signal } : {}),
    })) as FetchResult;
    unwrap(result, LOGIN_PATH);
    const token = result.response.headers.get('token');
    if (!token) {
      throw new YunhetongApiError({
        code: -1,
        msg: '/auth/login answered code 200 without a token header',
        httpStatus: result.response.status,
        path: LOGIN_PATH,
        body: result.data,
      });
    }
    return token;
  };

  const send = async (path: string, attempt: () => Promise<FetchResult>): Promise<unknown> => {
    if (shared.opts.autoLogin && !shared.tokens.get(signerId)) await loginSelf();
    let result = await attempt();
    try {
      return unwrap(result, path);
    } catch (err) {
      if (!(shared.opts.autoLogin && err instanceof YunhetongApiError && err.code === 401)) throw err;
    }
    await loginSelf();
    result = await attempt();
    return unwrap(result, path);
  };

  const headersFor = (init?: YunhetongCallInit, json = true): Record<string, string> => ({
    ...(json ? { 'Content-Type': JSON_CONTENT_TYPE } : {}),
    ...(init?.token !== undefined ? { token: init.token } : {}),
  });

  const call = (path: string, body: unknown, init?: YunhetongCallInit) =>
    send(path, async () => {
      const method = (PATCH_PATHS.has(path) ? api.PATCH : api.POST) as (
        p: string,
        o: unknown,
      ) => Promise<FetchResult>;
      return method(path, {
        body,
        headers: headersFor(init),
        ...(init?.signal ? { signal: init.signal } : {}),
      });
    });

  const callMultipart = (path: string, fields: Record<string, unknown>, init?: YunhetongCallInit) => {
    const filePart = YHT_FILE_PARTS[path as keyof typeof YHT_FILE_PARTS];
    if (!filePart) throw new TypeError(`${path} is not a multipart API of 云合同 摘要签署`);
    return send(path, async () =>
      (api.POST as (p: string, o: unknown) => Promise<FetchResult>)(path, {
        body: yunhetongForm(fields, filePart),
        headers: headersFor(init, false),
        ...(init?.signal ? { signal: init.signal } : {}),
      }),
    );
  };

  const client: YunhetongDigestClient = {
    appId: shared.opts.appId,
    signerId,
    tokens: shared.tokens,
    api,
    token: () => shared.tokens.get(signerId),
    setToken: (token) => shared.tokens.set(signerId, token),
    login: (id) =>
      id === undefined || String(id) === signerId ? loginSelf() : bind(shared, String(id)).login(),
    asUser: (id) => bind(shared, String(id)),
    asPlatform: () => bind(shared, undefined),
    call: ((path: string, body: unknown, init?: YunhetongCallInit) =>
      call(path, body, init)) as unknown as YunhetongDigestClient['call'],
    callMultipart: ((path: string, fields: Record<string, unknown>, init?: YunhetongCallInit) =>
      callMultipart(path, fields, init)) as unknown as YunhetongDigestClient['callMultipart'],
    signFileStream: (fields, init) =>
      callMultipart('/sign/fileStream', fields as Record<string, unknown>, init) as Promise<
        YhtData<'/sign/fileStream'>
      >,
    signVerifyCodeFileStream: (fields, init) =>
      callMultipart('/sign/verifyCodeFileStream', fields as Record<string, unknown>, init) as Promise<
        YhtData<'/sign/verifyCodeFileStream'>
      >,
    tsaStreamSign: (fields, init) =>
      callMultipart('/tsa/streamSign', fields as Record<string, unknown>, init) as Promise<
        YhtData<'/tsa/streamSign'>
      >,
    isUp: async (init) => {
      const res = await shared.fetch(
        new Request(`${shared.baseUrl}/index.html`, {
          method: 'GET',
          ...(init?.signal ? { signal: init.signal } : {}),
        }),
      );
      // Read, not cancelled: cancelling an msw-mocked body never settles (mswjs/interceptors #712).
      await res.arrayBuffer().catch(() => undefined);
      return res.status === 200;
    },
  };
  shared.clients.set(slot, client);
  return client;
}

/** The platform's client; `asUser(signerId)` gives each user's. */
export function createYunhetongDigestClient(opts: YunhetongDigestClientOptions): YunhetongDigestClient {
  const shared: Shared = {
    opts,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    fetch: lateBoundFetch(opts.fetch),
    tokens: opts.tokens ?? new YunhetongTokenStore(opts.onToken),
    clients: new Map(),
  };
  return bind(shared, undefined);
}
