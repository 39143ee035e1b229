/**
 * Request validation for 云合同 摘要签署: zod failures → vendor envelopes, and the helpers a server
 * needs around them (context path, lenient JSON, coordinates, sandbox paths, seal images).
 *
 * The first zod issue decides. Its code comes from, in order: the issue (`params['x-vendor-code']`,
 * set by cross-field refinements), the field's `x-vendor-code-missing` (when the value is absent or
 * "") or `x-vendor-code` meta, else 201. The msg:
 * - a refinement's message verbatim ("印章 id 为空", "文件保存类型非法");
 * - for a code of its own: the field's `x-vendor-msg`, else the catalogue msg ("验证码为空");
 * - for 201: "<label> 为空" / "<label> 长度不能超过 N" / "<label> 格式不正确", where the label is the
 *   field's `x-label` or its path (the doc's examples: "印章 id 为空", "signerId 格式不正确").
 *   decision: yunhetong-digest.param-error-texts
 */
import { validationHook } from '../shared/validation-hook.ts';
import { parseLenientJson } from '../shared/lenient-json.ts';
import { posix } from 'node:path';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { fieldMetaAt, formatIssuePath, valueAt } from '../shared/zod-paths.ts';
import {
  yunhetongDigestErrorName,
  yunhetongDigestErrors,
  type YunhetongDigestErrorEnvelope,
  type YunhetongDigestErrorName,
} from './errors.ts';
import { yunhetongDigestRoutes } from './routes.ts';

type AnyZod = z.ZodType;
type Issue = z.core.$ZodIssue;

// ── context path ──────────────────────────────────────────────────────────────────────────────

/** The default context path: `/` (docs/interface.md), i.e. the API paths are absolute. */
export const YUNHETONG_DIGEST_DEFAULT_CONTEXT_PATH = '/';

/** A context path as a prefix: '' for '/' or '', else '/name' without a trailing slash. */
export function normaliseContextPath(contextPath: string | undefined): string {
  const p = (contextPath ?? '').trim().replace(/\/+$/, '');
  if (p === '') return '';
  return p.startsWith('/') ? p : `/${p}`;
}

/** The API path (relative to the context path) of a request path, or undefined outside it. */
export function relativeToContextPath(pathname: string, contextPath: string | undefined): string | undefined {
  const prefix = normaliseContextPath(contextPath);
  if (prefix === '') return pathname;
  if (pathname === prefix) return '/';
  return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : undefined;
}

// ── zod issues → envelopes ────────────────────────────────────────────────────────────────────

/** `certifyNumList[0]` for ['certifyNumList', 0]. */
export { formatIssuePath };

export { fieldMetaAt };

function isMissing(issue: Issue, input: unknown, hasInput: boolean): boolean {
  if (hasInput) {
    const v = valueAt(input, issue.path);
    if (v === undefined || v === null || v === '') return true;
  } else if (issue.code === 'invalid_type' && /received (undefined|null)/.test(issue.message)) {
    return true;
  }
  if (
    issue.code === 'too_small' &&
    issue.minimum === 1 &&
    (issue.origin === 'string' || issue.origin === 'array')
  )
    return true;
  return false;
}

function describe(issue: Issue, label: string, missing: boolean): string {
  if (missing) return `${label} 为空`;
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `${label} 长度不能超过 ${String(issue.maximum)}`;
  if (issue.code === 'too_small' && issue.origin === 'string')
    return `${label} 长度不能少于 ${String(issue.minimum)}`;
  return `${label} 格式不正确`;
}

export interface YunhetongDigestValidationError {
  name: YunhetongDigestErrorName;
  envelope: YunhetongDigestErrorEnvelope;
  httpStatus: number;
  /** `certifyNumList[0]`, or '' for the body itself. */
  field: string;
}

/**
 * The envelope to answer a zod failure with. `schema` is the route's body schema (for field meta);
 * `input` is the parsed body (tells "absent" from "invalid").
 */
export function yunhetongDigestErrorFromZod(
  error: z.ZodError,
  opts: { schema?: AnyZod; input?: unknown } = {},
): YunhetongDigestValidationError {
  const issue = error.issues[0];
  const p = yunhetongDigestErrors.PARAM_INVALID;
  if (!issue)
    return {
      name: 'PARAM_INVALID',
      envelope: { code: p.errCode, msg: p.msg },
      httpStatus: p.httpStatus,
      field: '',
    };
  const field = formatIssuePath(issue.path);
  const missing = isMissing(issue, opts.input, 'input' in opts);
  const meta = opts.schema ? fieldMetaAt(opts.schema, issue.path) : {};
  const fromIssue =
    issue.code === 'custom'
      ? (issue.params as Record<string, unknown> | undefined)?.['x-vendor-code']
      : undefined;
  const fromMeta = missing ? (meta['x-vendor-code-missing'] ?? meta['x-vendor-code']) : meta['x-vendor-code'];
  const code =
    typeof fromIssue === 'number' ? fromIssue : typeof fromMeta === 'number' ? fromMeta : p.errCode;
  const name = yunhetongDigestErrorName(code) ?? 'PARAM_INVALID';
  const entry = yunhetongDigestErrors[name];
  const label = typeof meta['x-label'] === 'string' ? meta['x-label'] : field || '请求参数';
  let msg: string;
  if (issue.code === 'custom' && issue.message && !/^Invalid input/.test(issue.message)) msg = issue.message;
  else if (name !== 'PARAM_INVALID')
    msg = !missing && typeof meta['x-vendor-msg'] === 'string' ? meta['x-vendor-msg'] : entry.msg;
  else msg = describe(issue, label, missing);
  return { name, envelope: { code: entry.errCode, msg }, httpStatus: entry.httpStatus, field };
}

type AnyRoute = { path: string; request?: { body?: { content: Record<string, { schema?: unknown }> } } };
const allRoutes = Object.values(yunhetongDigestRoutes) as AnyRoute[];

/** The body schema (JSON or multipart) of the API at `path`, relative to the context path. */
export function yunhetongDigestBodySchema(path: string): AnyZod | undefined {
  const route = allRoutes.find((r) => r.path === path);
  const content = route?.request?.body?.content ?? {};
  const schema = content['application/json']?.schema ?? content['multipart/form-data']?.schema;
  return schema && typeof schema === 'object' && '_zod' in (schema as object)
    ? (schema as AnyZod)
    : undefined;
}

/**
 * A `defaultHook` for `new OpenAPIHono({ defaultHook })`: a validation failure answers the
 * catalogue's envelope (HTTP 200). `contextPath` strips the deployment's prefix to find the route;
 * `render` may add headers (e.g. a renewed token).
 */
export function createYunhetongDigestValidationHook(
  opts: {
    contextPath?: string;
    render?: (
      c: Context,
      body: YunhetongDigestErrorEnvelope,
      httpStatus: number,
      error: YunhetongDigestValidationError,
    ) => Response | Promise<Response>;
  } = {},
) {
  return validationHook((result, c) => {
    const rel = relativeToContextPath(new URL(c.req.url).pathname, opts.contextPath);
    const schema =
      (result.target === 'json' || result.target === 'form') && rel
        ? yunhetongDigestBodySchema(rel)
        : undefined;
    const mapped = yunhetongDigestErrorFromZod(result.error, {
      schema,
      ...('data' in result ? { input: result.data } : {}),
    });
    if (opts.render) return opts.render(c, mapped.envelope, mapped.httpStatus, mapped);
    return c.json(mapped.envelope, mapped.httpStatus as 200);
  });
}

// ── JSON bodies ───────────────────────────────────────────────────────────────────────────────

/**
 * Parses a request body as JSON, accepting the trailing commas the doc's examples have (§5.4.6,
 * §5.6.1 …). Returns `{ ok: false }` for anything else that is not JSON (answer 201).
 */
export function parseYunhetongJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const parsed = parseLenientJson(text);
  return parsed ? { ok: true, value: parsed.value } : { ok: false };
}

// ── signing positions ─────────────────────────────────────────────────────────────────────────

export interface YhtCoordinate {
  /** 1-based page. */
  page: number;
  /** PDF points from the page's left edge. */
  x: number;
  /** PDF points from the page's BOTTOM edge (the doc: 坐标原点为页面左下角). */
  y: number;
}

/** "1,0,0;2,200,200" → coordinates (full-width ，； accepted); undefined when malformed. */
export function parseCoordinates(positionContent: string): YhtCoordinate[] | undefined {
  const parts = positionContent
    .replace(/，/g, ',')
    .replace(/；/g, ';')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  const out: YhtCoordinate[] = [];
  for (const part of parts) {
    const m = /^(\d+)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(part);
    if (!m) return undefined;
    out.push({ page: Number(m[1]), x: Number(m[2]), y: Number(m[3]) });
  }
  return out;
}

// ── local paths ───────────────────────────────────────────────────────────────────────────────

/**
 * Where a path the client sent lives inside the sandbox directory (guess: the real war reads and
 * writes anywhere on its host). Backslashes become slashes, a drive letter (`C:`) is dropped, the
 * path is rooted and normalised (so `..` cannot climb out), then joined to the sandbox:
 * `/yunhetong/contract/a.pdf` → `<sandbox>/yunhetong/contract/a.pdf`.
 * decision: yunhetong-digest.sandbox
 */
export function resolveSandboxPath(sandboxDir: string, requested: string): string {
  const cleaned = requested
    .trim()
    .replace(/\\/g, '/')
    .replace(/^[A-Za-z]:(?=\/|$)/, '');
  const rooted = posix.normalize(`/${cleaned}`);
  const base = sandboxDir.replace(/[\\/]+$/, '');
  return rooted === '/' ? base : `${base}${rooted}`;
}

// ── files and seal images ─────────────────────────────────────────────────────────────────────

/** Whether the bytes start like a PDF (`%PDF-`, leading whitespace allowed). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  let i = 0;
  while (
    i < bytes.length &&
    i < 1024 &&
    (bytes[i] === 0x20 ||
      bytes[i] === 0x0a ||
      bytes[i] === 0x0d ||
      bytes[i] === 0x09 ||
      bytes[i] === 0xef ||
      bytes[i] === 0xbb ||
      bytes[i] === 0xbf)
  )
    i++;
  return (
    bytes[i] === 0x25 &&
    bytes[i + 1] === 0x50 &&
    bytes[i + 2] === 0x44 &&
    bytes[i + 3] === 0x46 &&
    bytes[i + 4] === 0x2d
  );
}

export type SealImageInspection =
  | { ok: false; reason: 'base64' }
  | { ok: true; bytes: Uint8Array; format: 'png' | 'jpeg' | 'other'; width?: number; height?: number };

/** Decodes an imgBase (a `data:image/...;base64,` prefix allowed) and reads a PNG's size from IHDR. */
export function inspectSealImage(imgBase: string): SealImageInspection {
  const b64 = imgBase.replace(/^data:image\/[a-z]+;base64,/i, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 === 1) return { ok: false, reason: 'base64' };
  const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
  if (bytes.length === 0) return { ok: false, reason: 'base64' };
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b);
  if (png && bytes.length >= 24) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { ok: true, bytes, format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { ok: true, bytes, format: 'jpeg' };
  return { ok: true, bytes, format: 'other' };
}

/**
 * Whether w×h is one of `sizes` in either orientation (the
 * doc's "110X200px" does not say which is the width).
 */
export function fitsSealSize(
  width: number,
  height: number,
  sizes: ReadonlyArray<readonly [number, number]>,
): boolean {
  return sizes.some(([a, b]) => (width === a && height === b) || (width === b && height === a));
}
