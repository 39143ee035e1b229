/**
 * 保全网 client: builds each call as the vendor's SDKs do — a form with request_id (a UUID),
 * access_key, tonce (Unix seconds), payload (JSON in the chosen SDK's style) and signature
 * (Base64 SHA256withRSA over "POST" + "/api/<v>/<name>" + request_id + access_key + tonce +
 * payload), plus the file parts — and unwraps the answer. The same client talks to the real
 * vendor or to sealsim; only `baseUrl` changes.
 */
import { encodeMultipart } from '../shared/multipart.ts';
import { randomUUID } from 'node:crypto';
import { rsaSha256SignBase64, sha256Hex as sha256HexOf } from '../shared/crypto.ts';
import { lateBoundFetch, type FetchFn } from '../shared/fetch.ts';
import { BaoquanApiError } from './errors.ts';
import type { paths } from './schema.d.ts';
import { serialiseBaoquanPayload, type BaoquanJsonStyle } from './serialise.ts';

type PostPaths = {
  [P in keyof paths]: paths[P] extends { post: { requestBody: unknown } } ? P : never;
}[keyof paths];

/** Every API name, as after `/api/v2/` (e.g. `contract/sign`). */
export type BaoquanApiName = PostPaths extends `/${infer N}` ? N : never;

type PostOp<N extends BaoquanApiName> = paths[`/${N}` & keyof paths] extends { post: infer O } ? O : never;

/** The payload object an API takes (generated from the contract). */
export type BaoquanPayload<N extends BaoquanApiName> =
  PostOp<N> extends {
    requestBody: { content: { 'multipart/form-data': { payload: infer P } } };
  }
    ? P
    : never;

/** The JSON body an API answers on success. */
export type BaoquanResponseBody<N extends BaoquanApiName> =
  PostOp<N> extends {
    responses: { 200: { content: { 'application/json': infer R } } };
  }
    ? R
    : never;

/** What `call` resolves to: `data` of the wrapped APIs, the flat body of /contract/*. */
export type BaoquanResult<N extends BaoquanApiName> = N extends `contract/${string}`
  ? BaoquanResponseBody<N>
  : BaoquanResponseBody<N> extends { data: infer D }
    ? D
    : BaoquanResponseBody<N>;

/** APIs `call` serves (the downloads answer a file: use `download` and `downloadContract`). */
export type BaoquanCallName = Exclude<BaoquanApiName, 'attestation/download' | 'contract/download'>;

export interface BaoquanFile {
  bytes: Uint8Array | ArrayBuffer | string;
  filename: string;
  /** Default application/octet-stream (what the Java SDK sends for every file). */
  contentType?: string;
  /** caId → keywords: the file's payload entry becomes {checksum, sign} (PDF only). */
  sign?: Record<string, string[]>;
}

export interface BaoquanCallOptions {
  /**
   * Factoid index → files, sent as parts attachments[i][]. For /attestations and /factoids the
   * payload's `attachments` (checksums, with `sign`) is filled in as the SDKs do, unless given.
   * /contract/signature and /contract/uploadPdf take one file at index 0.
   */
  attachments?: Record<number, BaoquanFile[]>;
  /** The /cas seal image (part `seal`). */
  seal?: BaoquanFile;
  /** Replace what the client would send (tests: tampering, replays, stale tonces). */
  overrides?: {
    requestId?: string;
    accessKey?: string;
    /** Unix seconds. */
    tonce?: number | string;
    /** The payload part as sent (the signature is computed over it unless `signature` is given). */
    payload?: string;
    signature?: string;
  };
  signal?: AbortSignal;
}

export interface BaoquanClientOptions {
  /** The vendor's origin, e.g. http://127.0.0.1:4001 or https://baoquan.com (no /api path). */
  baseUrl: string;
  accessKey: string;
  /** RSA private key, PEM: PKCS#1 (BEGIN RSA PRIVATE KEY) or PKCS#8 (BEGIN PRIVATE KEY). */
  privateKey: string;
  /** API version in the path; default v2. The vendor's SDKs default to v1. */
  version?: 'v1' | 'v2';
  /** Defaults to globalThis.fetch, looked up on every call (so msw installed later intercepts). */
  fetch?: FetchFn;
  /** Epoch ms; default Date.now. tonce is its seconds, the access link's tonce its milliseconds. */
  clock?: () => number;
  /**
   * Which SDK to imitate: the payload JSON style, and for python a call without files is sent
   * application/x-www-form-urlencoded (requests does that). Default java.
   */
  serialise?: BaoquanJsonStyle;
  /** request_id generator; default randomUUID (36 characters, as the SDKs). */
  requestId?: () => string;
}

/** A call ready to send, with what was signed. */
export interface BaoquanPreparedCall {
  request: Request;
  requestId: string;
  /** The signed path, /api/<v>/<name>. */
  path: string;
  tonce: string;
  /** The payload part exactly as sent. */
  payload: string;
  signature: string;
  stringToSign: string;
}

export interface BaoquanDownload {
  /** From Content-Disposition with the SDKs' regex .*filename="(.*)".* ; undefined when it does not match. */
  fileName: string | undefined;
  bytes: Uint8Array;
  contentType: string | null;
}

export interface BaoquanClient {
  /**
   * POST an API and unwrap: `data` (wrapped APIs) or the flat body
   * (/contract/*); throws BaoquanApiError on any status but 200.
   */
  call<N extends BaoquanCallName>(
    name: N,
    payload: BaoquanPayload<N>,
    opts?: BaoquanCallOptions,
  ): Promise<BaoquanResult<N>>;
  /** /attestation/download: the zip and its file name. */
  download(ano: string, opts?: Pick<BaoquanCallOptions, 'overrides' | 'signal'>): Promise<BaoquanDownload>;
  /** /contract/download (java-sdk 2.0.17 downloadContract): the contract PDF as signed so far. */
  downloadContract(
    contractId: string,
    opts?: Pick<BaoquanCallOptions, 'overrides' | 'signal'>,
  ): Promise<BaoquanDownload>;
  /**
   * The attestation access link, built without calling any API: `{baseUrl}/attestations/{ano}?
   * accessKey=&signature=&tonce=<ms>`, signature NOT URL-encoded (as the SDKs). v2 signs
   * {"tonce":<ms>,"attestationId":"<ano>"}, v3 the key-sorted {"access_key","no","tonce"}.
   */
  accessUrl(ano: string, opts?: { variant?: 'v2' | 'v3'; tonce?: number }): string;
  /** Builds a call without sending it. */
  prepare(name: BaoquanApiName, payload: unknown, opts?: BaoquanCallOptions): BaoquanPreparedCall;
  /** Sends a prepared (or any) request and unwraps it as `call` does. */
  send(name: BaoquanApiName, prepared: BaoquanPreparedCall): Promise<unknown>;
  readonly accessKey: string;
  readonly version: 'v1' | 'v2';
}

/** Lowercase hex SHA-256 (the attachments' checksum). */
export function sha256Hex(bytes: Uint8Array | ArrayBuffer | string): string {
  return sha256HexOf(bytes);
}

/** The SDKs' file-name regex (Java `.*filename="(.*)".*`, full match, no DOTALL). */
export function parseDownloadFileName(header: string | null | undefined): string | undefined {
  const m = /^.*filename="(.*)".*$/.exec(header ?? '');
  return m ? m[1] : undefined;
}

/** What the access link's signature covers (compact JSON, as Jackson writes it). */
export function accessLinkSignedData(
  variant: 'v2' | 'v3',
  ano: string,
  accessKey: string,
  tonceMs: number,
): string {
  return variant === 'v2'
    ? `{"tonce":${tonceMs},"attestationId":${JSON.stringify(ano)}}`
    : `{"access_key":${JSON.stringify(accessKey)},"no":${JSON.stringify(ano)},"tonce":${tonceMs}}`;
}

const toBytes = (b: Uint8Array | ArrayBuffer | string): Uint8Array =>
  typeof b === 'string' ? new TextEncoder().encode(b) : b instanceof ArrayBuffer ? new Uint8Array(b) : b;

/** payload.attachments as the SDKs build it: index → [checksum | {checksum, sign}]. */
function checksums(
  files: Record<number, BaoquanFile[]>,
): Record<string, Array<string | { checksum: string; sign: Record<string, string[]> }>> {
  const out: Record<string, Array<string | { checksum: string; sign: Record<string, string[]> }>> = {};
  for (const [i, list] of Object.entries(files)) {
    if (!list?.length) continue;
    out[i] = list.map((f) => {
      const checksum = sha256Hex(toBytes(f.bytes));
      return f.sign ? { checksum, sign: f.sign } : checksum;
    });
  }
  return out;
}

const WRAPPED_NOT = (name: string) => name.startsWith('contract/');

export function createBaoquanClient(opts: BaoquanClientOptions): BaoquanClient {
  const version = opts.version ?? 'v2';
  const style = opts.serialise ?? 'java';
  const clock = opts.clock ?? Date.now;
  const nextId = opts.requestId ?? randomUUID;
  const doFetch = lateBoundFetch(opts.fetch);
  const host = opts.baseUrl.replace(/\/+$/, '');

  function prepare(
    name: BaoquanApiName,
    payload: unknown,
    callOpts: BaoquanCallOptions = {},
  ): BaoquanPreparedCall {
    const o = callOpts.overrides ?? {};
    const path = `/api/${version}/${name}`;
    const requestId = o.requestId ?? nextId();
    const accessKey = o.accessKey ?? opts.accessKey;
    const tonce = String(o.tonce ?? Math.floor(clock() / 1000));
    let body = payload;
    const files = callOpts.attachments;
    const hasAttachments = !!files && Object.values(files).some((l) => l?.length);
    // Only the attestation APIs list checksums (the SDKs' buildChecksum); /contract/* send {}.
    const listsChecksums = name === 'attestations' || name === 'factoids';
    if (
      listsChecksums &&
      hasAttachments &&
      body &&
      typeof body === 'object' &&
      !Array.isArray(body) &&
      !('attachments' in body)
    ) {
      body = { ...(body as Record<string, unknown>), attachments: checksums(files!) };
    }
    const payloadString = o.payload ?? serialiseBaoquanPayload(body, style);
    const stringToSign = `POST${path}${requestId}${accessKey}${tonce}${payloadString}`;
    const signature = o.signature ?? rsaSha256SignBase64(opts.privateKey, stringToSign);

    const fileParts: Array<[string, BaoquanFile]> = [];
    for (const [i, list] of Object.entries(files ?? {}))
      for (const f of list ?? []) fileParts.push([`attachments[${i}][]`, f]);
    if (callOpts.seal) fileParts.push(['seal', callOpts.seal]);

    const text: Array<[string, string]> = [
      ['request_id', requestId],
      ['access_key', accessKey],
      ['tonce', tonce],
      ['payload', payloadString],
      ['signature', signature],
    ];
    let request: Request;
    const init = callOpts.signal ? { signal: callOpts.signal } : {};
    if (style === 'python' && fileParts.length === 0) {
      request = new Request(`${host}${path}`, { method: 'POST', body: new URLSearchParams(text), ...init });
    } else {
      // Encoded byte for byte: FormData would turn LF into CRLF inside the signed payload.
      const { body, contentType } = encodeMultipart([
        ...text.map(([name, value]) => ({ name, value })),
        ...fileParts.map(([name, f]) => ({
          name,
          filename: f.filename,
          contentType: f.contentType,
          bytes: toBytes(f.bytes),
        })),
      ]);
      request = new Request(`${host}${path}`, {
        method: 'POST',
        body,
        headers: { 'content-type': contentType },
        ...init,
      });
    }
    return { request, requestId, path, tonce, payload: payloadString, signature, stringToSign };
  }

  async function fail(res: Response, requestId: string): Promise<never> {
    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      /* not JSON */
    }
    const b = body as { request_id?: unknown; message?: unknown; timestamp?: unknown } | undefined;
    const ok =
      !!b && typeof b === 'object' && typeof b.message === 'string' && typeof b.timestamp === 'number';
    throw new BaoquanApiError({
      status: res.status,
      message: ok ? (b!.message as string) : 'Unknown error',
      requestId:
        ok && typeof b!.request_id === 'string' && b!.request_id ? (b!.request_id as string) : requestId,
      timestamp: ok ? (b!.timestamp as number) : clock(),
      body,
    });
  }

  /** A file answer (attestation/download, contract/download): its name, bytes and type. */
  async function downloadFile(prepared: BaoquanPreparedCall) {
    const res = await doFetch(prepared.request);
    if (res.status !== 200) return fail(res, prepared.requestId);
    return {
      fileName: parseDownloadFileName(res.headers.get('content-disposition')),
      bytes: new Uint8Array(await res.arrayBuffer()),
      contentType: res.headers.get('content-type'),
    };
  }

  async function send(name: BaoquanApiName, prepared: BaoquanPreparedCall): Promise<unknown> {
    const res = await doFetch(prepared.request);
    if (res.status !== 200) return fail(res, prepared.requestId);
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      throw new BaoquanApiError({
        status: 200,
        message: 'Unknown error',
        requestId: prepared.requestId,
        timestamp: clock(),
        body: text,
      });
    }
    if (WRAPPED_NOT(name)) return body;
    return (body as { data?: unknown } | null)?.data;
  }

  return {
    accessKey: opts.accessKey,
    version,
    prepare,
    send,
    async call(name, payload, callOpts) {
      if ((name as string) === 'attestation/download')
        throw new TypeError('use download(ano) for attestation/download');
      if ((name as string) === 'contract/download')
        throw new TypeError('use downloadContract(contractId) for contract/download');
      return (await send(name, prepare(name, payload, callOpts))) as never;
    },
    downloadContract: (contractId, callOpts = {}) =>
      downloadFile(prepare('contract/download', { contract_id: contractId }, callOpts)),
    download: (ano, callOpts = {}) => downloadFile(prepare('attestation/download', { ano }, callOpts)),
    accessUrl(ano, o = {}) {
      const tonce = o.tonce ?? clock();
      const signature = rsaSha256SignBase64(
        opts.privateKey,
        accessLinkSignedData(o.variant ?? 'v2', ano, opts.accessKey, tonce),
      );
      return `${host}/attestations/${ano}?accessKey=${opts.accessKey}&signature=${signature}&tonce=${tonce}`;
    },
  };
}
