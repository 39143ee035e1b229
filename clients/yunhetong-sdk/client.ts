/**
 * Typed 云合同 SDK API client: openapi-fetch over the generated types (schema.d.ts), sending what
 * real clients send (FIDELITY "Encoding"): `application/x-www-form-urlencoded` bodies, `fileContract`
 * as multipart with the file in part `file`, `param` / `partners` / `signer` as JSON strings in
 * their fields, and `?token=` in the query string of every API but addUser and getToken.
 *
 * Tokens (用户相关接口 2): `asUser(appUserId)` is a client for one user; its first call gets a
 * token with token/getToken (appId + password + appUserId), and a call answered 10801 (token expired
 * or unknown: it lives 30 minutes) gets a new token once and is sent again.
 *
 * The same client talks to the vendor (`https://sdk.yunhetong.com/sdk`) or to sealsim
 * (`http://127.0.0.1:4004/sdk`); only `baseUrl` changes.
 */
import createClient, { type Client } from 'openapi-fetch';
import { lateBoundFetch, type FetchFn } from '../shared/fetch.ts';
import { YunhetongSdkApiError } from './errors.ts';
import type { operations, paths } from './schema.d.ts';
import { YunhetongSdkTokenStore } from './tokens.ts';

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=UTF-8';
/** 用户相关接口 4, 5 and every contract table: the token expired or is unknown. */
export const TOKEN_EXPIRED_SUBCODE = 10801;

// ── types from the generated spec ─────────────────────────────────────────────────────────────

type JsonAnswerOf<O> = O extends { responses: { 200: { content: { 'application/json': infer E } } } }
  ? E
  : never;
type FormOf<O> = O extends {
  requestBody?: { content: { 'application/x-www-form-urlencoded': infer B } };
}
  ? B
  : O extends { requestBody?: { content: { 'multipart/form-data': infer B } } }
    ? B
    : O extends { parameters: { query?: infer Q } }
      ? Q
      : never;

/** An operation of the spec (addUser, fileContract, listPost …). */
export type SdkOperation = keyof operations;
/** The envelope `{subCode, message, value, code}` an operation answers. */
export type SdkEnvelope<K extends SdkOperation> = JsonAnswerOf<operations[K]>;
/** The `value` of an operation's success envelope. */
export type SdkValue<K extends SdkOperation> =
  SdkEnvelope<K> extends { value: infer V } ? Exclude<V, null | undefined> : never;

/** A JSON parameter: an object or array (sent as JSON), or the JSON text as is. */
type JsonParam<T> = T | string;

/** The parameters an operation takes, without the credentials the client adds (token, appId, password). */
export type SdkParams<K extends SdkOperation> = Omit<
  NonNullable<FormOf<operations[K]>>,
  'token' | 'appId' | 'password'
>;

/** A file: a Blob/File, bytes, or bytes with a name and type (default `contract.pdf`, application/pdf). */
export type SdkFile =
  | Blob
  | Uint8Array
  | ArrayBuffer
  | { bytes: Blob | Uint8Array | ArrayBuffer; filename?: string; contentType?: string };

/** A contract id as answered (a number) or as a string. */
export type ContractId = number | string;

/** One partner of contract/addPartner (合同接口 3). */
export interface SdkPartner {
  appUserId: string;
  /** A template's signature placeholder (模板签名占位符名称). */
  locationName?: string;
  /** A keyword located in the PDF (≤ 10 characters); wins over locationName. */
  keyWord?: string;
}

/** contract/templateContract's `param` (合同接口 1). */
export interface TemplateParam {
  [placeholder: `\${${string}}`]: string;
  imags?: Array<
    Record<string, { width: number | string; height: number | string; imgType: string; content: string }>
  >;
  tables?: Array<{ index: number | string; table: Array<Record<string, string | number>> }>;
}

export interface AddUserParams {
  appUserId: string;
  cellNum: string;
  /** 1 个人, 2 企业, 4 平台. */
  userType: 1 | 2 | 4 | '1' | '2' | '4';
  userName: string;
  certifyType: number | string;
  certifyNumber: string;
  createSignature?: 0 | 1 | '0' | '1';
}

export interface YunhetongSdkClientOptions {
  /** Origin and base path: `https://sdk.yunhetong.com/sdk`, sealsim `http://127.0.0.1:4004/sdk`. */
  baseUrl: string;
  /** 应用id, 19 digits. */
  appId: string;
  /** 应用密码. */
  password: string;
  /** Defaults to globalThis.fetch, looked up on every call (so msw installed later intercepts). */
  fetch?: FetchFn;
  /** Get a new token and send the call again (once) when it answers 10801. Default true. */
  refreshOnExpiry?: boolean;
  /** Share token slots between clients; default a new store. */
  tokens?: YunhetongSdkTokenStore;
  /** Called whenever a user's slot receives a token (when no `tokens` store is given). */
  onToken?: (appUserId: string, token: string) => void;
}

export interface SdkCallInit {
  signal?: AbortSignal;
  /** Send this token instead of the slot's, and never re-get it (tests: expired or foreign tokens). */
  token?: string;
}

/** A client acting as one imported user (its token in `?token=`). */
export interface YunhetongSdkUserClient {
  readonly appUserId: string;
  /** The raw openapi-fetch client (no token handling). */
  readonly api: Client<paths>;
  /** The token this user's slot holds. */
  token(): string | undefined;
  /** Replace (or with undefined, forget) this user's token. */
  setToken(token: string | undefined): void;
  /** token/getToken for this user; stores and answers the token. */
  getToken(init?: { signal?: AbortSignal }): Promise<string>;
  /**
   * token/checkToken (用户相关接口 3): true for code 200 (校验成功), false for code 400 (token错误).
   * backURL and noticeParams are kept with the token (the signing page returns to backURL; notices
   * echo noticeParams). Without a token in the slot one is got first.
   */
  checkToken(params?: { backURL?: string; noticeParams?: string }, init?: SdkCallInit): Promise<boolean>;
  modifyCellNum(params: { cellNum: string }, init?: SdkCallInit): Promise<SdkValue<'modifyCellNum'>>;
  modifyUserName(
    params: { userName: string; createSignature?: 0 | 1 | '0' | '1' },
    init?: SdkCallInit,
  ): Promise<SdkValue<'modifyUserName'>>;
  templateContract(
    params: {
      title: string;
      templateId: string | number;
      param?: JsonParam<TemplateParam>;
      defContractNo?: string;
      useCer?: 0 | 1 | '0' | '1' | '';
    },
    init?: SdkCallInit,
  ): Promise<SdkValue<'templateContract'>>;
  fileContract(
    params: { title: string; file: SdkFile; defContractNo?: string; useCer?: 0 | 1 | '0' | '1' | '' },
    init?: SdkCallInit,
  ): Promise<SdkValue<'fileContract'>>;
  addPartner(
    params: { contractId: ContractId; partners: JsonParam<SdkPartner[]> },
    init?: SdkCallInit,
  ): Promise<SdkValue<'addPartner'>>;
  signContract(
    params: { contractId: ContractId; signer: JsonParam<string[]> },
    init?: SdkCallInit,
  ): Promise<SdkValue<'signContract'>>;
  invalid(params: { contractId: ContractId }, init?: SdkCallInit): Promise<SdkValue<'invalid'>>;
  /** contract/list (GET in the doc; `method: 'POST'` as many real clients send it). */
  list(
    params?: { pageNum?: number | string; pageSize?: number | string; method?: 'GET' | 'POST' },
    init?: SdkCallInit,
  ): Promise<SdkValue<'list'>>;
  /** contract/detail (GET in the doc; `method: 'POST'` as many real clients send it). */
  detail(
    params: { contractId: ContractId; method?: 'GET' | 'POST' },
    init?: SdkCallInit,
  ): Promise<SdkValue<'detail'>>;
  /** contract/download: the PDF's bytes (合同pdf流). */
  download(params: { contractId: ContractId }, init?: SdkCallInit): Promise<Uint8Array>;
  /** The signing page's endpoints (合同接口 4, the JS SDK's page). */
  view(params: { contractId: ContractId }, init?: SdkCallInit): Promise<SdkValue<'view'>>;
  sign(
    params: { contractId: ContractId; signId: number | string },
    init?: SdkCallInit,
  ): Promise<SdkValue<'sign'>>;
  allSign(
    params: { contractId: ContractId; signId: number | string },
    init?: SdkCallInit,
  ): Promise<SdkValue<'allSign'>>;
  getSign(init?: SdkCallInit): Promise<SdkValue<'getSign'>>;
  /** `sign`: a Base64 PNG or JPEG (or its bytes). */
  createSign(params: { sign: string | Uint8Array }, init?: SdkCallInit): Promise<SdkValue<'createSign'>>;
  delSign(params: { signId: number | string }, init?: SdkCallInit): Promise<SdkValue<'delSign'>>;
  /** The client of the app (addUser, getToken, other users). */
  app(): YunhetongSdkClient;
}

/** The app's client: the two APIs that take appId + password, and a client per user. */
export interface YunhetongSdkClient {
  readonly appId: string;
  readonly tokens: YunhetongSdkTokenStore;
  /** The raw openapi-fetch client. */
  readonly api: Client<paths>;
  /** userInfo/addUser (用户相关接口 1). */
  addUser(params: AddUserParams, init?: { signal?: AbortSignal }): Promise<SdkValue<'addUser'>>;
  /** token/getToken (用户相关接口 2): the user's token, also stored in its slot. */
  getToken(appUserId: string, init?: { signal?: AbortSignal }): Promise<string>;
  /** The client of one user (same store, fetch and options); the same object for the same id. */
  asUser(appUserId: string): YunhetongSdkUserClient;
}

// ── wire ──────────────────────────────────────────────────────────────────────────────────────

type Result = { data?: unknown; error?: unknown; response: Response };
type Fields = Record<string, string>;

/** The fields as strings (JSON for objects and arrays); undefined and null left out. */
export function sdkFields(params: Record<string, unknown>): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

const toBlobPart = (b: Blob | Uint8Array | ArrayBuffer): BlobPart =>
  b instanceof Uint8Array ? new Uint8Array(b) : b;

/** The multipart body of contract/fileContract: the fields, then the file in part `file`. */
export function fileContractForm(fields: Fields, file: SdkFile): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file instanceof Blob) {
    form.set('file', file, file instanceof File ? file.name : 'contract.pdf');
  } else if (file instanceof Uint8Array || file instanceof ArrayBuffer) {
    form.set('file', new Blob([toBlobPart(file)], { type: 'application/pdf' }), 'contract.pdf');
  } else {
    const blob =
      file.bytes instanceof Blob
        ? file.bytes
        : new Blob([toBlobPart(file.bytes)], { type: file.contentType ?? 'application/pdf' });
    form.set('file', blob, file.filename ?? 'contract.pdf');
  }
  return form;
}

function envelopeOf(
  body: unknown,
): { subCode: number; message: string; value: unknown; code: number } | null {
  if (!body || typeof body !== 'object') return null;
  const e = body as Record<string, unknown>;
  return typeof e.subCode === 'number' && typeof e.code === 'number'
    ? { subCode: e.subCode, message: String(e.message ?? ''), value: e.value, code: e.code }
    : null;
}

const parseText = (text: unknown): unknown => {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * An openapi-fetch result (parsed as text) → the envelope's `value` when `code` and `subCode` are
 * 200, else YunhetongSdkApiError with the envelope's subCode, message and code. An answer without
 * an envelope throws with subCode and code -1.
 */
export function unwrap<T = unknown>(result: Result, path: string): T {
  const body = parseText(result.data ?? result.error);
  const httpStatus = result.response.status;
  const envelope = envelopeOf(body);
  if (envelope) {
    if (envelope.code === 200 && envelope.subCode === 200) return envelope.value as T;
    throw new YunhetongSdkApiError({ ...envelope, httpStatus, path, body });
  }
  throw new YunhetongSdkApiError({
    subCode: -1,
    code: -1,
    message: (typeof body === 'string' && body) || `HTTP ${httpStatus} without a 云合同 SDK envelope`,
    httpStatus,
    path,
    body,
  });
}

interface Shared {
  opts: YunhetongSdkClientOptions;
  api: Client<paths>;
  tokens: YunhetongSdkTokenStore;
  users: Map<string, YunhetongSdkUserClient>;
  app?: YunhetongSdkClient;
}

type Send = (path: string, init: Record<string, unknown>) => Promise<Result>;

/** A form POST (token in the query when given). */
function postForm(shared: Shared, path: string, fields: Fields, token?: string, signal?: AbortSignal) {
  return (shared.api.POST as unknown as Send)(path, {
    params: token !== undefined ? { query: { token } } : {},
    body: fields,
    bodySerializer: (b: Fields) => new URLSearchParams(b).toString(),
    headers: { 'Content-Type': FORM_CONTENT_TYPE },
    parseAs: 'text',
    ...(signal ? { signal } : {}),
  });
}

function getQuery(
  shared: Shared,
  path: string,
  fields: Fields,
  token: string,
  init: { signal?: AbortSignal; parseAs?: 'text' | 'arrayBuffer' } = {},
) {
  return (shared.api.GET as unknown as Send)(path, {
    params: { query: { token, ...fields } },
    parseAs: init.parseAs ?? 'text',
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

async function getTokenOf(shared: Shared, appUserId: string, signal?: AbortSignal): Promise<string> {
  const path = '/token/getToken';
  const result = await postForm(
    shared,
    path,
    { appId: shared.opts.appId, password: shared.opts.password, appUserId },
    undefined,
    signal,
  );
  const value = unwrap<{ token?: unknown }>(result, path);
  if (!value || typeof value.token !== 'string' || !value.token) {
    throw new YunhetongSdkApiError({
      subCode: -1,
      code: -1,
      message: 'token/getToken answered success without a token',
      httpStatus: result.response.status,
      path,
      body: value,
    });
  }
  shared.tokens.set(appUserId, value.token);
  return value.token;
}

function bindUser(shared: Shared, appUserId: string): YunhetongSdkUserClient {
  const existing = shared.users.get(appUserId);
  if (existing) return existing;
  const refresh = shared.opts.refreshOnExpiry !== false;

  /** Runs `attempt` with the slot's token (got first when absent); once more with a new one on 10801. */
  const withToken = async (
    path: string,
    attempt: (token: string) => Promise<Result>,
    init: SdkCallInit = {},
  ): Promise<Result> => {
    if (init.token !== undefined) return attempt(init.token);
    const token = shared.tokens.get(appUserId) ?? (await getTokenOf(shared, appUserId, init.signal));
    const first = await attempt(token);
    if (!refresh || envelopeOf(parseText(first.data ?? first.error))?.subCode !== TOKEN_EXPIRED_SUBCODE)
      return first;
    // 10801: the token expired (30 minutes) or is unknown; get a new one and send the call again.
    return attempt(await getTokenOf(shared, appUserId, init.signal));
  };

  const post = async <T>(path: string, params: Record<string, unknown>, init?: SdkCallInit) =>
    unwrap<T>(
      await withToken(path, (token) => postForm(shared, path, sdkFields(params), token, init?.signal), init),
      path,
    );
  const get = async <T>(path: string, params: Record<string, unknown>, init?: SdkCallInit) =>
    unwrap<T>(
      await withToken(
        path,
        (token) => getQuery(shared, path, sdkFields(params), token, { signal: init?.signal }),
        init,
      ),
      path,
    );
  const listOrDetail = <T>(path: string, params: Record<string, unknown>, init?: SdkCallInit) => {
    const { method, ...rest } = params;
    return method === 'POST' ? post<T>(path, rest, init) : get<T>(path, rest, init);
  };

  const client: YunhetongSdkUserClient = {
    appUserId,
    api: shared.api,
    token: () => shared.tokens.get(appUserId),
    setToken: (token) => shared.tokens.set(appUserId, token),
    getToken: (init) => getTokenOf(shared, appUserId, init?.signal),
    async checkToken(params = {}, init = {}) {
      const path = '/token/checkToken';
      const token = init.token ?? shared.tokens.get(appUserId) ?? (await getTokenOf(shared, appUserId));
      const result = await getQuery(shared, path, sdkFields(params), token, { signal: init.signal });
      const body = parseText(result.data ?? result.error);
      const envelope = envelopeOf(body);
      // doc: 用户相关接口 3 — code 200 校验成功, code 400 token错误 (subCode 0 both).
      if (envelope?.code === 200) return true;
      if (envelope?.code === 400) return false;
      return unwrap(result, path);
    },
    modifyCellNum: (params, init) => post('/userInfo/modifyCellNum', params, init),
    modifyUserName: (params, init) => post('/userInfo/modifyUserName', params, init),
    templateContract: (params, init) => post('/contract/templateContract', params, init),
    async fileContract(params, init) {
      const path = '/contract/fileContract';
      const { file, ...rest } = params;
      const fields = sdkFields(rest);
      const result = await withToken(
        path,
        (token) =>
          (shared.api.POST as unknown as Send)(path, {
            params: { query: { token } },
            body: fileContractForm(fields, file),
            bodySerializer: (b: FormData) => b,
            parseAs: 'text',
            ...(init?.signal ? { signal: init.signal } : {}),
          }),
        init,
      );
      return unwrap(result, path);
    },
    addPartner: (params, init) => post('/contract/addPartner', params, init),
    signContract: (params, init) => post('/contract/signContract', params, init),
    invalid: (params, init) => post('/contract/invalid', params, init),
    list: (params = {}, init) => listOrDetail('/contract/list', params, init),
    detail: (params, init) => listOrDetail('/contract/detail', params, init),
    async download(params, init) {
      const path = '/contract/download';
      const result = await withToken(
        path,
        async (token) => {
          const r = await getQuery(shared, path, sdkFields(params), token, {
            signal: init?.signal,
            parseAs: 'arrayBuffer',
          });
          // Errors come as the JSON envelope (合同接口 9): read them as text for unwrap and the 10801 check.
          const type = r.response.headers.get('content-type') ?? '';
          if (r.data instanceof ArrayBuffer && !/json/i.test(type)) return r;
          const bytes = r.data instanceof ArrayBuffer ? r.data : undefined;
          return { response: r.response, error: bytes ? new TextDecoder().decode(bytes) : r.error };
        },
        init,
      );
      if (result.data instanceof ArrayBuffer) return new Uint8Array(result.data);
      return unwrap(result, path);
    },
    view: (params, init) => post('/contract/view', params, init),
    sign: (params, init) => post('/contract/sign', params, init),
    allSign: (params, init) => post('/contract/allSign', params, init),
    getSign: (init) => post('/sign/getSign', {}, init),
    createSign: (params, init) =>
      post(
        '/sign/createSign',
        { sign: typeof params.sign === 'string' ? params.sign : Buffer.from(params.sign).toString('base64') },
        init,
      ),
    delSign: (params, init) => post('/sign/delSign', params, init),
    app: () => shared.app!,
  };
  shared.users.set(appUserId, client);
  return client;
}

/** The app's client; `asUser(appUserId)` gives each user's, with its token handled. */
export function createYunhetongSdkClient(opts: YunhetongSdkClientOptions): YunhetongSdkClient {
  const api = createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    fetch: lateBoundFetch(opts.fetch),
  });
  const shared: Shared = {
    opts,
    api,
    tokens: opts.tokens ?? new YunhetongSdkTokenStore(opts.onToken),
    users: new Map(),
  };
  const app: YunhetongSdkClient = {
    appId: opts.appId,
    tokens: shared.tokens,
    api,
    async addUser(params, init) {
      const path = '/userInfo/addUser';
      const fields = sdkFields({ appId: opts.appId, password: opts.password, ...params });
      return unwrap(await postForm(shared, path, fields, undefined, init?.signal), path);
    },
    getToken: (appUserId, init) => getTokenOf(shared, appUserId, init?.signal),
    asUser: (appUserId) => bindUser(shared, appUserId),
  };
  shared.app = app;
  return app;
}
