/**
 * How a 保全网 request is read, authenticated and validated, step by step, each step answering a
 * catalogue error (errors.ts). `checkBaoquanRequest` runs them all in the vendor's order:
 *
 *   1. path      /api/v1|v2/<name>; not an API → API_NOT_FOUND (404)
 *   2. method    only POST → METHOD_NOT_ALLOWED (405)
 *   3. body      multipart/form-data or application/x-www-form-urlencoded → CONTENT_TYPE_UNSUPPORTED
 *   4. parts     request_id, access_key, tonce, payload, signature → PART_MISSING,
 *                REQUEST_ID_TOO_LONG, PART_INVALID (tonce not an integer)
 *   5. key       access_key registered → ACCESS_KEY_UNKNOWN
 *   6. tonce     within ±300 s of the clock → TONCE_OUT_OF_RANGE
 *   7. signature SHA256withRSA over "POST" + path + request_id + access_key + tonce + payload, the
 *                raw payload string as sent → SIGNATURE_INVALID (500)
 *   8. payload   JSON → PAYLOAD_NOT_JSON; the API's schema → PARAM_MISSING / PARAM_INVALID /
 *                SHA256_INVALID
 *   9. files     the API's file parts (checkBaoquanFiles) → HASH_ATTACHMENTS_NOT_ALLOWED,
 *                ATTACHMENT_FACTOID_INDEX, CHECKSUM_MISMATCH, SIGN_ATTACHMENT_NOT_PDF, SEAL_REQUIRED,
 *                SEAL_EXTENSION_INVALID, SIGNATURE_IMAGE_COUNT / _NOT_PNG, CONTRACT_PDF_COUNT / _NOT_PDF
 *
 * The simulator runs each step as a stage of the core pipeline (simulators/baoquan/stages.ts:
 * 1–2 route, 3–7 authenticate, 8 parse and validate, 9 check). What needs state (templates,
 * attestations, CAs, keywords in the PDF, contracts, users, codes) is the simulator's;
 * `validateFactoidData` (templates.ts) gives the factoid messages.
 *
 * Body size (413) is the server's, before any of this. Do not register the routes' zod
 * validators for the form: @hono/zod-openapi refuses the Java SDK's Content-Type
 * (`multipart/form-data; boundary=…; charset=UTF-8`) with 415 — `readBaoquanForm` accepts it.
 */
import { validationHook } from '../shared/validation-hook.ts';
import { parseLenientJson } from '../shared/lenient-json.ts';
import { createHash, createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { fieldMetaAt, valueAt } from '../shared/zod-paths.ts';
import {
  BAOQUAN_JSON_CONTENT_TYPE,
  baoquanErrorBody,
  baoquanErrorMessage,
  baoquanErrors,
  type BaoquanErrorBody,
  type BaoquanErrorName,
  type BaoquanErrorParams,
} from './errors.ts';
import { baoquanRoutes } from './routes.ts';
import * as s from './schemas.ts';
import type { BaoquanFileParts } from './schemas.ts';

export { parseBaoquanEndAt } from './schemas.ts';

export const BAOQUAN_BASE_PATH = '/api/v2';
/** Both versions are served with the same behaviour (the SDKs default to v1). */
export const BAOQUAN_BASE_PATHS = ['/api/v2', '/api/v1'] as const;
export type BaoquanVersion = 'v1' | 'v2';

/** Every API name, as after `/api/v2/`. */
export const BAOQUAN_API_NAMES = [
  'attestations',
  'factoids',
  'attestations/hash',
  'attestation/hash',
  'attestation',
  'users/kyc',
  'attestation/download',
  'cas',
  'contract/signature',
  'contract/signature/default',
  'contract/signature/list',
  'contract/uploadPdf',
  'contract/setDetail',
  'contract/verifyCode',
  'contract/sign',
  'contract/detail',
  'contract/list',
  'contract/signature/delete',
  'contract/download',
] as const;
export type BaoquanApiName = (typeof BAOQUAN_API_NAMES)[number];

/** The route of each API name. */
export const BAOQUAN_API_ROUTES = Object.fromEntries(
  Object.values(baoquanRoutes).map((r) => [r.path.slice(1), r]),
) as { [N in BaoquanApiName]: (typeof baoquanRoutes)[keyof typeof baoquanRoutes] };

/** The payload schema of each API. */
export const baoquanPayloadSchemas = {
  attestations: s.CreateAttestationPayload,
  factoids: s.AddFactoidsPayload,
  'attestations/hash': s.HashAttestationPayload,
  'attestation/hash': s.HashAttestationPayload,
  attestation: s.GetAttestationPayload,
  'users/kyc': s.UserKycPayload,
  'attestation/download': s.DownloadAttestationPayload,
  cas: s.ApplyCaPayload,
  'contract/signature': s.EmptyPayload,
  'contract/signature/default': s.SetDefaultSignaturePayload,
  'contract/signature/list': s.EmptyPayload,
  'contract/uploadPdf': s.EmptyPayload,
  'contract/setDetail': s.SetContractDetailPayload,
  'contract/verifyCode': s.VerifyCodePayload,
  'contract/sign': s.SignContractPayload,
  'contract/detail': s.ContractDetailPayload,
  'contract/list': s.ContractListPayload,
  'contract/signature/delete': s.DeleteSignaturePayload,
  'contract/download': s.ContractDownloadPayload,
} as const satisfies Record<BaoquanApiName, z.ZodType>;

/** The validated payload of an API. */
export type BaoquanPayloadOf<N extends BaoquanApiName> = z.output<(typeof baoquanPayloadSchemas)[N]>;

/** The file parts each API takes. */
export const BAOQUAN_API_FILES: Record<BaoquanApiName, BaoquanFileParts> = {
  attestations: 'attachments',
  factoids: 'attachments',
  'attestations/hash': 'none',
  'attestation/hash': 'none',
  attestation: 'none',
  'users/kyc': 'none',
  'attestation/download': 'none',
  cas: 'seal',
  'contract/signature': 'single',
  'contract/signature/default': 'none',
  'contract/signature/list': 'none',
  'contract/uploadPdf': 'single',
  'contract/setDetail': 'none',
  'contract/verifyCode': 'none',
  'contract/sign': 'none',
  'contract/detail': 'none',
  'contract/list': 'none',
  'contract/signature/delete': 'none',
  'contract/download': 'none',
};

/**
 * How each API answers success: `wrapped` = `{request_id, data}`; `flat` = the contract APIs'
 * bare JSON; `file` = the zip of /attestation/download; `pdf` = the contract of /contract/download.
 */
export type BaoquanResponseKind = 'wrapped' | 'flat' | 'file' | 'pdf';
export const BAOQUAN_API_RESPONSE: Record<BaoquanApiName, BaoquanResponseKind> = Object.fromEntries(
  BAOQUAN_API_NAMES.map((n) => [
    n,
    n === 'attestation/download'
      ? 'file'
      : n === 'contract/download'
        ? 'pdf'
        : n.startsWith('contract/')
          ? 'flat'
          : 'wrapped',
  ]),
) as Record<BaoquanApiName, BaoquanResponseKind>;

const API_SET = new Set<string>(BAOQUAN_API_NAMES);

export interface BaoquanPath {
  version: BaoquanVersion;
  /** The base path actually used, /api/v1 or /api/v2. */
  basePath: string;
  /** What follows the base path, without the leading slash (e.g. `contract/sign`). */
  rel: string;
  /** The API, or undefined when `rel` names none (→ API_NOT_FOUND). */
  name?: BaoquanApiName;
}

/** Splits `/api/v2/contract/sign`; undefined when the path is not under /api/v1 or /api/v2. */
export function parseBaoquanPath(pathname: string): BaoquanPath | undefined {
  const m = /^\/api\/(v1|v2)(?:\/(.*))?$/.exec(pathname);
  if (!m) return undefined;
  const rel = (m[2] ?? '').replace(/\/+$/, '');
  return {
    version: m[1] as BaoquanVersion,
    basePath: `/api/${m[1]}`,
    rel,
    ...(API_SET.has(rel) ? { name: rel as BaoquanApiName } : {}),
  };
}

// ── results ───────────────────────────────────────────────────────────────────────────────────

export interface BaoquanFailure {
  ok: false;
  error: BaoquanErrorName;
  params: BaoquanErrorParams;
  /** The exact message to answer. */
  message: string;
  status: number;
  /** The request's request_id part, once read. */
  requestId?: string;
}
export type BaoquanCheck<T> = { ok: true; value: T } | BaoquanFailure;

export function baoquanFailure(
  error: BaoquanErrorName,
  params: BaoquanErrorParams = {},
  requestId?: string,
): BaoquanFailure {
  return {
    ok: false,
    error,
    params,
    message: baoquanErrorMessage(error, params),
    status: baoquanErrors[error].httpStatus,
    ...(requestId === undefined ? {} : { requestId }),
  };
}

/** The error body of a failure (`now` in epoch ms). */
export function baoquanFailureBody(f: BaoquanFailure, now: number): BaoquanErrorBody {
  return baoquanErrorBody(f.requestId, f.message, now);
}

/** A ready Response for a failure. */
export function baoquanFailureResponse(f: BaoquanFailure, now: number): Response {
  return new Response(JSON.stringify(baoquanFailureBody(f, now)), {
    status: f.status,
    headers: { 'content-type': BAOQUAN_JSON_CONTENT_TYPE },
  });
}

// ── 3–4: the form ─────────────────────────────────────────────────────────────────────────────

/** The five text parts, in the order they are checked. */
export const BAOQUAN_PARTS = ['request_id', 'access_key', 'tonce', 'payload', 'signature'] as const;
/** Longest request_id accepted: the doc says 32, the SDKs send 36 (guess: 64, configurable). */
// decision: baoquan.request-id-length
export const BAOQUAN_REQUEST_ID_MAX = 64;
/** Allowed distance between tonce and the clock (request.rst: 正负300秒). */
export const BAOQUAN_TONCE_WINDOW_SECONDS = 300;

export interface BaoquanUploadedFile {
  /** The part name, e.g. `attachments[0][]` or `seal`. */
  part: string;
  /** i of `attachments[i][]`. */
  index?: number;
  filename: string;
  /** As sent; the Java SDK sends application/octet-stream for everything. */
  contentType: string;
  bytes: Uint8Array;
}

export interface BaoquanForm {
  /** Text parts (the first one when a name repeats). */
  fields: Record<string, string>;
  /** File parts in arrival order. */
  files: BaoquanUploadedFile[];
}

const ATTACHMENT_PART = /^attachments\[(\d+)\]\[\]$/;

/** Whether the Content-Type is one a baoquan call may have. */
export function isBaoquanFormContentType(contentType: string | null | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return media === 'multipart/form-data' || media === 'application/x-www-form-urlencoded';
}

/**
 * Reads the form of a call (multipart or urlencoded; any Content-Type parameters, UTF-8 file
 * names). A body that does not parse reads as an empty form (→ PART_MISSING).
 */
export async function readBaoquanForm(request: Request): Promise<BaoquanCheck<BaoquanForm>> {
  if (!isBaoquanFormContentType(request.headers.get('content-type')))
    return baoquanFailure('CONTENT_TYPE_UNSUPPORTED');
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return { ok: true, value: { fields: {}, files: [] } };
  }
  const fields: Record<string, string> = Object.create(null);
  const files: BaoquanUploadedFile[] = [];
  for (const [part, value] of data.entries()) {
    if (typeof value === 'string') {
      if (!Object.hasOwn(fields, part)) fields[part] = value;
      continue;
    }
    const m = ATTACHMENT_PART.exec(part);
    files.push({
      part,
      ...(m ? { index: Number(m[1]) } : {}),
      filename: value.name,
      contentType: value.type,
      bytes: new Uint8Array(await value.arrayBuffer()),
    });
  }
  return { ok: true, value: { fields, files } };
}

export interface BaoquanEnvelope {
  requestId: string;
  accessKey: string;
  /** Unix seconds. */
  tonce: number;
  /** The payload part exactly as sent (what the signature covers). */
  payload: string;
  /** Base64, with spaces turned back into + (a urlencoded + decodes to a space). */
  signature: string;
}

/** Step 4: the five text parts. */
export function checkBaoquanParts(
  fields: Record<string, string | undefined>,
  opts: { requestIdMax?: number } = {},
): BaoquanCheck<BaoquanEnvelope> {
  const requestId = typeof fields.request_id === 'string' ? fields.request_id : undefined;
  for (const part of BAOQUAN_PARTS) {
    const v = fields[part];
    if (typeof v !== 'string' || v.trim() === '') return baoquanFailure('PART_MISSING', { part }, requestId);
  }
  const max = opts.requestIdMax ?? BAOQUAN_REQUEST_ID_MAX;
  if (requestId!.length > max) return baoquanFailure('REQUEST_ID_TOO_LONG', { max }, requestId);
  const tonce = fields.tonce!.trim();
  if (!/^-?\d{1,15}$/.test(tonce)) return baoquanFailure('PART_INVALID', { part: 'tonce' }, requestId);
  return {
    ok: true,
    value: {
      requestId: requestId!,
      accessKey: fields.access_key!.trim(),
      tonce: Number(tonce),
      payload: fields.payload!,
      signature: normaliseBase64(fields.signature!),
    },
  };
}

/** Step 6: tonce (Unix seconds) against the clock (epoch ms). */
export function checkBaoquanTonce(
  tonceSeconds: number,
  nowMs: number,
  windowSeconds = BAOQUAN_TONCE_WINDOW_SECONDS,
): boolean {
  // Whole seconds on both sides (tonce is Unix seconds), so the window is symmetric: ±300 s of the
  // clock's current second, wherever in that second the clock stands.
  return Math.abs(tonceSeconds - Math.floor(nowMs / 1000)) <= windowSeconds;
}

// ── 7: signatures ─────────────────────────────────────────────────────────────────────────────

/** A `+` sent unencoded in a URL or urlencoded body arrives as a space; line breaks are dropped. */
export function normaliseBase64(sig: string): string {
  return sig
    .trim()
    .replace(/ /g, '+')
    .replace(/[\r\n\t]/g, '');
}

/** What the request signature covers: "POST" + path + request_id + access_key + tonce + payload. */
export function baoquanStringToSign(
  path: string,
  env: Pick<BaoquanEnvelope, 'requestId' | 'accessKey' | 'tonce' | 'payload'>,
): string {
  return `POST${path}${env.requestId}${env.accessKey}${String(env.tonce)}${env.payload}`;
}

/**
 * A public key from PEM: SPKI (`BEGIN PUBLIC KEY`), PKCS#1 (`BEGIN RSA PUBLIC KEY`), an X.509
 * certificate (the vendor's console asks for cert.pem), or a private key (its public half).
 * Undefined when it is none of those.
 */
export function baoquanPublicKey(pem: string | KeyObject): KeyObject | undefined {
  if (typeof pem !== 'string') return pem.type === 'public' ? pem : createPublicKey(pem);
  try {
    return createPublicKey(pem);
  } catch {
    return undefined;
  }
}

/** SHA256withRSA (PKCS#1 v1.5) verification of Base64 `signature` over the UTF-8 bytes of `data`. */
export function verifyRsaSha256(publicKey: string | KeyObject, data: string, signature: string): boolean {
  const key = baoquanPublicKey(publicKey);
  if (!key) return false;
  const sig = normaliseBase64(signature);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sig)) return false;
  try {
    return createVerify('RSA-SHA256')
      .update(Buffer.from(data, 'utf8'))
      .verify(key, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}

/** Step 7: the request signature, over the path actually requested (/api/v1/… or /api/v2/…). */
export function verifyBaoquanRequestSignature(
  publicKey: string | KeyObject,
  path: string,
  env: BaoquanEnvelope,
): boolean {
  return verifyRsaSha256(publicKey, baoquanStringToSign(path, env), env.signature);
}

// ── 8: payload ────────────────────────────────────────────────────────────────────────────────

type AnyZod = z.ZodType;
type Issue = z.core.$ZodIssue;

/** `payload.factoids[0].type` for ['factoids', 0, 'type']. */
export function formatBaoquanField(path: readonly PropertyKey[], prefix = 'payload'): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** The `x-baoquan-error` meta of the field at `path` (the field itself, not its parents). */
export function baoquanErrorAt(schema: AnyZod, path: readonly PropertyKey[]): BaoquanErrorName | undefined {
  const name = fieldMetaAt(schema, path)['x-baoquan-error'];
  return typeof name === 'string' && Object.hasOwn(baoquanErrors, name)
    ? (name as BaoquanErrorName)
    : undefined;
}

function isMissingValue(issue: Issue, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string' && v.trim() === '') return true;
  if (Array.isArray(v) && v.length === 0 && issue.code === 'too_small') return true;
  return false;
}

export interface BaoquanValidationFailure extends BaoquanFailure {
  /** `payload.ano`, or `payload` for the body itself. */
  field: string;
}

/** The catalogue answer to a zod failure of a payload (`input` is the parsed payload). */
export function baoquanErrorFromZod(
  error: z.ZodError,
  opts: { schema?: AnyZod; input?: unknown; prefix?: string; requestId?: string } = {},
): BaoquanValidationFailure {
  const prefix = opts.prefix ?? 'payload';
  const issue = error.issues[0];
  if (!issue) return { ...baoquanFailure('PARAM_INVALID', { field: prefix }, opts.requestId), field: prefix };
  const field = formatBaoquanField(issue.path, prefix);
  const explicit =
    issue.code === 'custom'
      ? (issue.params as Record<string, unknown> | undefined)?.['x-baoquan-error']
      : undefined;
  let name: BaoquanErrorName;
  if (typeof explicit === 'string' && Object.hasOwn(baoquanErrors, explicit))
    name = explicit as BaoquanErrorName;
  else if (isMissingValue(issue, valueAt(opts.input, issue.path))) name = 'PARAM_MISSING';
  else name = (opts.schema ? baoquanErrorAt(opts.schema, issue.path) : undefined) ?? 'PARAM_INVALID';
  return { ...baoquanFailure(name, { field }, opts.requestId), field };
}

/**
 * Step 8a: the payload part parses as JSON. A trailing comma before } or ] is tolerated (guess:
 * the doc's own /contract/sign example has one, and fastjson-style servers accept it).
 * decision: baoquan.payload-trailing-comma
 */
export function parseBaoquanPayloadJson(raw: string, requestId?: string): BaoquanCheck<unknown> {
  const parsed = parseLenientJson(raw);
  if (!parsed) return baoquanFailure('PAYLOAD_NOT_JSON', {}, requestId);
  const { value } = parsed;
  // Guess: the vendor's Java backend (Jackson) refuses documents nested deeper than 1000 levels;
  // a payload that deep is refused here before anything walks it recursively.
  // decision: baoquan.payload-depth
  if (nestingDepth(value, MAX_PAYLOAD_DEPTH) > MAX_PAYLOAD_DEPTH)
    return baoquanFailure('PAYLOAD_NOT_JSON', {}, requestId);
  return { ok: true, value };
}

export const MAX_PAYLOAD_DEPTH = 1000;

/** Depth of nested arrays/objects, counted iteratively and stopping once past `limit`. */
function nestingDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Object.values(v as object)) stack.push([child, depth]);
  }
  return max;
}

const own = (o: unknown, key: string) =>
  !!o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, key);

/**
 * zod's record parsing drops keys named `__proto__`, so the simulator would never see them.
 * In the maps whose keys mean something (identity kinds, factoid indexes, caIds) such a key is
 * answered as the unknown key it is, before validation.
 */
export function baoquanReservedKeyFailure(payload: unknown, requestId?: string): BaoquanFailure | undefined {
  const p = payload as { identities?: unknown; attachments?: unknown } | null;
  if (!p || typeof p !== 'object') return undefined;
  if (own(p.identities, '__proto__'))
    return baoquanFailure('PARAM_INVALID', { field: 'payload.identities.__proto__' }, requestId);
  if (own(p.attachments, '__proto__'))
    return baoquanFailure('ATTACHMENT_FACTOID_INDEX', { index: '__proto__' }, requestId);
  if (p.attachments && typeof p.attachments === 'object') {
    for (const list of Object.values(p.attachments as object)) {
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (own((entry as { sign?: unknown } | null)?.sign, '__proto__'))
          return baoquanFailure('CA_NOT_FOUND', { caId: '__proto__' }, requestId);
      }
    }
  }
  return undefined;
}

/** Step 8b: the payload against its API's schema. */
export function validateBaoquanPayload<N extends BaoquanApiName>(
  name: N,
  payload: unknown,
  requestId?: string,
): BaoquanCheck<BaoquanPayloadOf<N>> {
  const reserved = baoquanReservedKeyFailure(payload, requestId);
  if (reserved) return reserved;
  const schema = baoquanPayloadSchemas[name] as AnyZod;
  const r = schema.safeParse(payload);
  if (r.success) return { ok: true, value: r.data as BaoquanPayloadOf<N> };
  return baoquanErrorFromZod(r.error, {
    schema,
    input: payload,
    ...(requestId === undefined ? {} : { requestId }),
  });
}

// ── 9: files ──────────────────────────────────────────────────────────────────────────────────

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const startsWith = (b: Uint8Array, sig: readonly number[]) =>
  b.length >= sig.length && sig.every((x, i) => b[i] === x);
/** `%PDF-` (a leading BOM or whitespace of up to 1 KiB is tolerated, as PDF readers do). */
export function isPdfBytes(b: Uint8Array): boolean {
  const head = Buffer.from(b.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}
export const isPngBytes = (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const isJpegBytes = (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]);

/** The seal's file name must end in png or jpg (case-insensitive here; the SDKs compare lowercase). */
export function sealFileNameOk(filename: string): boolean {
  return /\.(png|jpg)$/i.test(filename.trim());
}

/** One attachment entry of payload.attachments, matched with its file. */
export interface BaoquanMatchedAttachment {
  /** Factoid index (within this upload's factoids). */
  index: number;
  /** Position within payload.attachments["index"]. */
  position: number;
  checksum: string;
  /** caId → keywords, when the entry asks for electronic signatures. */
  sign?: Record<string, string[]>;
  file: BaoquanUploadedFile;
}

export interface BaoquanFilesResult {
  /** For attestations / factoids: every attachment matched with its payload entry. */
  attachments: BaoquanMatchedAttachment[];
  /** The single file of /contract/signature and /contract/uploadPdf, or the seal of /cas. */
  file?: BaoquanUploadedFile;
}

type AttachmentsPayload =
  Record<string, Array<string | { checksum: string; sign?: Record<string, string[]> }>> | null | undefined;

/**
 * Step 9: an API's file parts against its payload. For attestations and factoids each factoid
 * index must list exactly the checksums (lowercase or uppercase hex SHA-256) of the files sent as
 * attachments[i][], in any order; an entry with `sign` must be a PDF. CA ids and keywords are
 * the simulator's to check (CA_NOT_FOUND, SIGN_KEYWORD_*).
 */
export function checkBaoquanFiles(
  name: BaoquanApiName,
  payload: unknown,
  files: readonly BaoquanUploadedFile[],
  requestId?: string,
): BaoquanCheck<BaoquanFilesResult> {
  const fail = (e: BaoquanErrorName, params: BaoquanErrorParams = {}) => baoquanFailure(e, params, requestId);
  const p = (payload ?? {}) as Record<string, unknown>;
  switch (name) {
    case 'attestations/hash':
    case 'attestation/hash': {
      const listed = p.attachments as AttachmentsPayload;
      const any = listed && Object.values(listed).some((l) => Array.isArray(l) && l.length > 0);
      if (files.length > 0 || any) return fail('HASH_ATTACHMENTS_NOT_ALLOWED');
      return { ok: true, value: { attachments: [] } };
    }
    case 'attestations':
    case 'factoids': {
      const factoidCount = Array.isArray(p.factoids) ? p.factoids.length : 0;
      const listed = (p.attachments ?? {}) as NonNullable<AttachmentsPayload>;
      const byIndex = new Map<number, BaoquanUploadedFile[]>();
      for (const f of files) {
        if (f.index === undefined) continue;
        if (f.index >= factoidCount) return fail('ATTACHMENT_FACTOID_INDEX', { index: f.index });
        byIndex.set(f.index, [...(byIndex.get(f.index) ?? []), f]);
      }
      const matched: BaoquanMatchedAttachment[] = [];
      const keys = new Set<number>(byIndex.keys());
      for (const key of Object.keys(listed)) {
        if (!/^\d+$/.test(key) || Number(key) >= factoidCount)
          return fail('ATTACHMENT_FACTOID_INDEX', { index: key });
        if ((listed[key] ?? []).length > 0) keys.add(Number(key));
      }
      for (const index of [...keys].sort((a, b) => a - b)) {
        const entries = listed[String(index)] ?? [];
        const pool = [...(byIndex.get(index) ?? [])].map((file) => ({ file, hex: sha256Hex(file.bytes) }));
        if (pool.length !== entries.length) return fail('CHECKSUM_MISMATCH', { index });
        for (const [position, entry] of entries.entries()) {
          const checksum = (typeof entry === 'string' ? entry : entry.checksum).trim().toLowerCase();
          const at = pool.findIndex((x) => x.hex === checksum);
          if (at < 0) return fail('CHECKSUM_MISMATCH', { index });
          const { file } = pool.splice(at, 1)[0]!;
          const sign = typeof entry === 'string' ? undefined : entry.sign;
          if (sign && Object.keys(sign).length > 0 && !isPdfBytes(file.bytes))
            return fail('SIGN_ATTACHMENT_NOT_PDF');
          matched.push({
            index,
            position,
            checksum,
            ...(sign && Object.keys(sign).length > 0 ? { sign } : {}),
            file,
          });
        }
      }
      return { ok: true, value: { attachments: matched } };
    }
    case 'cas': {
      const seal = files.find((f) => f.part === 'seal');
      if (!seal && p.type === 'ENTERPRISE') return fail('SEAL_REQUIRED');
      if (seal && !sealFileNameOk(seal.filename)) return fail('SEAL_EXTENSION_INVALID');
      return { ok: true, value: { attachments: [], ...(seal ? { file: seal } : {}) } };
    }
    case 'contract/signature': {
      const list = files.filter((f) => f.index !== undefined);
      if (list.length !== 1) return fail('SIGNATURE_IMAGE_COUNT');
      if (!isPngBytes(list[0]!.bytes)) return fail('SIGNATURE_IMAGE_NOT_PNG');
      return { ok: true, value: { attachments: [], file: list[0]! } };
    }
    case 'contract/uploadPdf': {
      const list = files.filter((f) => f.index !== undefined);
      if (list.length !== 1) return fail('CONTRACT_PDF_COUNT');
      if (!isPdfBytes(list[0]!.bytes)) return fail('CONTRACT_NOT_PDF');
      return { ok: true, value: { attachments: [], file: list[0]! } };
    }
    default:
      return { ok: true, value: { attachments: [] } };
  }
}

// ── the whole pipeline ────────────────────────────────────────────────────────────────────────

export interface BaoquanRequest<N extends BaoquanApiName = BaoquanApiName> {
  name: N;
  version: BaoquanVersion;
  /** The path as requested, e.g. /api/v1/attestations (what was signed). */
  path: string;
  envelope: BaoquanEnvelope;
  /** The validated payload (defaults applied). */
  payload: BaoquanPayloadOf<N>;
  /** The payload as parsed JSON, before validation. */
  rawPayload: unknown;
  files: BaoquanUploadedFile[];
  matched: BaoquanFilesResult;
}

export interface BaoquanCheckOptions {
  /** Epoch ms of the simulator clock. */
  now: number;
  /** The public key (PEM or KeyObject) registered for an access key; undefined = unknown key. */
  publicKeyFor: (accessKey: string) => string | KeyObject | undefined;
  requestIdMax?: number;
  tonceWindowSeconds?: number;
}

/**
 * Steps 1–9 for one request. A failure carries the catalogue name, params, message, status and,
 * once read, the request_id; render it with baoquanFailureResponse(f, now). Undefined when the
 * path is not under /api/v1 or /api/v2 (not a baoquan API at all).
 */
export async function checkBaoquanRequest(
  request: Request,
  opts: BaoquanCheckOptions,
): Promise<BaoquanCheck<BaoquanRequest> | undefined> {
  const url = new URL(request.url);
  const at = parseBaoquanPath(url.pathname);
  if (!at) return undefined;
  if (!at.name) return baoquanFailure('API_NOT_FOUND');
  if (request.method.toUpperCase() !== 'POST') return baoquanFailure('METHOD_NOT_ALLOWED');
  const form = await readBaoquanForm(request);
  if (!form.ok) return form;
  const parts = checkBaoquanParts(
    form.value.fields,
    opts.requestIdMax === undefined ? {} : { requestIdMax: opts.requestIdMax },
  );
  if (!parts.ok) return parts;
  const env = parts.value;
  const key = opts.publicKeyFor(env.accessKey);
  if (!key) return baoquanFailure('ACCESS_KEY_UNKNOWN', {}, env.requestId);
  if (!checkBaoquanTonce(env.tonce, opts.now, opts.tonceWindowSeconds))
    return baoquanFailure('TONCE_OUT_OF_RANGE', {}, env.requestId);
  if (!verifyBaoquanRequestSignature(key, url.pathname, env))
    return baoquanFailure('SIGNATURE_INVALID', {}, env.requestId);
  const json = parseBaoquanPayloadJson(env.payload, env.requestId);
  if (!json.ok) return json;
  const payload = validateBaoquanPayload(at.name, json.value, env.requestId);
  if (!payload.ok) return payload;
  const matched = checkBaoquanFiles(at.name, payload.value, form.value.files, env.requestId);
  if (!matched.ok) return matched;
  return {
    ok: true,
    value: {
      name: at.name,
      version: at.version,
      path: url.pathname,
      envelope: env,
      payload: payload.value,
      rawPayload: json.value,
      files: form.value.files,
      matched: matched.value,
    },
  };
}

// ── success answers ───────────────────────────────────────────────────────────────────────────

/** `{request_id, data}` (attestation APIs, /cas, /users/kyc). */
export function baoquanOk<T>(requestId: string, data: T): { request_id: string; data: T } {
  return { request_id: requestId, data };
}

/** A JSON Response with the vendor's Content-Type (status 200 unless given). */
export function baoquanJsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': BAOQUAN_JSON_CONTENT_TYPE },
  });
}

/** Bytes as a Response body: a view on the same memory, copied only from a SharedArrayBuffer. */
export function responseBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
}

/** The download's Content-Disposition, quoted as the SDKs' regex needs. */
export function baoquanContentDisposition(ano: string): string {
  return `attachment; filename="${ano}.zip"`;
}

/** The download answer: the zip bytes, application/zip, Content-Disposition with the quotes. */
export function baoquanDownloadResponse(ano: string, zip: Uint8Array): Response {
  return new Response(responseBytes(zip), {
    status: 200,
    headers: { 'content-type': 'application/zip', 'content-disposition': baoquanContentDisposition(ano) },
  });
}

/** /contract/download's answer: the PDF as signed so far, `filename="<contractId>.pdf"` quoted. */
export function baoquanContractPdfResponse(contractId: string, pdf: Uint8Array): Response {
  return new Response(responseBytes(pdf), {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${contractId}.pdf"`,
    },
  });
}

/** The SDKs' file-name regex (Java `.*filename="(.*)".*` with matches(); PHP preg_match the same). */
export function parseBaoquanDownloadFileName(header: string | null | undefined): string | undefined {
  const m = /^.*filename="(.*)".*$/.exec(header ?? '');
  return m ? m[1] : undefined;
}

// ── the access link ───────────────────────────────────────────────────────────────────────────

export type BaoquanAccessLinkVariant = 'v2' | 'v3';

/**
 * What the access link's signature covers (compact JSON, as Jackson writes it):
 * - v2 (java/php v1–v2 SDKs): `{"tonce":<ms>,"attestationId":"<ano>"}` — a Java HashMap, whose
 *   iteration order puts tonce first;
 * - v3 (the jsdk): the TreeMap `{"access_key":"<key>","no":"<ano>","tonce":<ms>}`.
 */
export function baoquanAccessLinkData(
  variant: BaoquanAccessLinkVariant,
  link: { ano: string; tonce: number | string; accessKey: string },
): string {
  const tonce = String(link.tonce).trim();
  return variant === 'v2'
    ? `{"tonce":${tonce},"attestationId":${JSON.stringify(link.ano)}}`
    : `{"access_key":${JSON.stringify(link.accessKey)},"no":${JSON.stringify(link.ano)},"tonce":${tonce}}`;
}

export interface BaoquanAccessLinkQuery {
  accessKey: string;
  /** Spaces already turned back into +. */
  signature: string;
  /** Epoch ms. */
  tonce: number;
}

/** The access link's query, or LINK_PARAMS_MISSING. */
export function parseBaoquanAccessLinkQuery(
  query: URLSearchParams,
): BaoquanAccessLinkQuery | 'LINK_PARAMS_MISSING' {
  const accessKey = query.get('accessKey')?.trim();
  const signature = query.get('signature');
  const tonce = query.get('tonce')?.trim();
  if (!accessKey || !signature || !tonce || !/^\d{1,16}$/.test(tonce)) return 'LINK_PARAMS_MISSING';
  return { accessKey, signature: normaliseBase64(signature), tonce: Number(tonce) };
}

/** Which variant the link's signature verifies in, or undefined. */
export function verifyBaoquanAccessLink(
  link: { ano: string } & BaoquanAccessLinkQuery,
  publicKey: string | KeyObject,
): BaoquanAccessLinkVariant | undefined {
  for (const variant of ['v2', 'v3'] as const) {
    if (verifyRsaSha256(publicKey, baoquanAccessLinkData(variant, link), link.signature)) return variant;
  }
  return undefined;
}

// ── for @hono/zod-openapi users ───────────────────────────────────────────────────────────────

/**
 * A `defaultHook` mapping a failed form validation of these routes to the catalogue: a missing
 * part → PART_MISSING, a bad tonce → PART_INVALID, unparsable payload → PAYLOAD_NOT_JSON, payload
 * fields → PARAM_* (zod does no length, key, tonce-window or signature check). Prefer
 * checkBaoquanRequest: the route validators' media-type gate refuses the Java SDK's Content-Type
 * (see the file comment).
 */
export function createBaoquanValidationHook(
  render?: (c: Context, failure: BaoquanFailure) => Response | Promise<Response>,
  now: () => number = Date.now,
) {
  return validationHook((result, c) => {
    const input = ('data' in result ? result.data : undefined) as Record<string, unknown> | undefined;
    const requestId = typeof input?.request_id === 'string' ? input.request_id : undefined;
    const issue = result.error.issues[0];
    let failure: BaoquanFailure;
    const head = issue?.path[0];
    if (
      issue &&
      typeof head === 'string' &&
      (BAOQUAN_PARTS as readonly string[]).includes(head) &&
      issue.path.length === 1
    ) {
      const v = input?.[head];
      if (typeof v !== 'string' || v.trim() === '')
        failure = baoquanFailure('PART_MISSING', { part: head }, requestId);
      else if (head === 'payload') {
        const j = parseBaoquanPayloadJson(v, requestId);
        failure = j.ok ? baoquanFailure('PARAM_INVALID', { field: 'payload' }, requestId) : j;
      } else failure = baoquanFailure('PART_INVALID', { part: head }, requestId);
    } else if (issue && head === 'payload') {
      const at = parseBaoquanPath(new URL(c.req.url).pathname);
      const schema = at?.name ? (baoquanPayloadSchemas[at.name] as AnyZod) : undefined;
      let parsed: unknown;
      try {
        parsed = typeof input?.payload === 'string' ? JSON.parse(input.payload) : input?.payload;
      } catch {
        parsed = undefined;
      }
      const sub = {
        ...result.error,
        issues: [{ ...issue, path: issue.path.slice(1) }],
      } as unknown as z.ZodError;
      failure = baoquanErrorFromZod(sub, {
        ...(schema ? { schema } : {}),
        input: parsed,
        ...(requestId ? { requestId } : {}),
      });
    } else {
      failure = baoquanFailure(
        'PARAM_INVALID',
        { field: issue ? formatBaoquanField(issue.path, '') || 'form' : 'form' },
        requestId,
      );
    }
    if (render) return render(c, failure);
    return baoquanFailureResponse(failure, now());
  });
}
