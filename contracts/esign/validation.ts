/**
 * Maps request-validation failures to e签宝 error envelopes.
 *
 * - The first zod issue decides. Its code comes from, in order: the issue itself
 *   (`params['x-vendor-code']`, set by cross-field refinements), the `x-vendor-code` meta of the
 *   field the issue's path points at, else PARAM_MISSING (value absent or empty) / PARAM_INVALID.
 * - The msg names the field: `参数错误: docList[0].docId 不能为空`.
 * - Body problems that never reach zod (wrong Content-Type, unparsable JSON) are mapped by
 *   `esignBodyPrecheck` / `esignErrorForHttpException`.
 */
import { validationHook } from '../shared/validation-hook.ts';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { fieldMetaAt, formatIssuePath, valueAt } from '../shared/zod-paths.ts';
import { esignErrorName, esignErrors, type EsignErrorEnvelope, type EsignErrorName } from './errors.ts';
import { esignHostRoutes, esignRoutes } from './routes.ts';

export const ESIGN_BASE_PATH = '/opentreaty/rest/v3.0';

type AnyZod = z.ZodType;
type Issue = z.core.$ZodIssue;

export { formatIssuePath };

/** The `x-vendor-code` meta of the field at `path` in `schema` (the field itself, not its parents). */
export function vendorCodeAt(schema: AnyZod, path: readonly PropertyKey[]): number | undefined {
  const c = fieldMetaAt(schema, path)['x-vendor-code'];
  return typeof c === 'number' ? c : undefined;
}

function isMissing(issue: Issue, input: unknown, hasInput: boolean): boolean {
  if (hasInput) {
    const v = valueAt(input, issue.path);
    if (v === undefined || v === null) return true;
    if (v === '' && (issue.code === 'too_small' || issue.code === 'invalid_type')) return true;
  } else if (issue.code === 'invalid_type' && /received (undefined|null)/.test(issue.message)) {
    return true;
  }
  // A required string or list sent empty is "missing" too.
  if (issue.code === 'too_small' && issue.minimum === 1)
    return issue.origin === 'string' || issue.origin === 'array';
  return false;
}

/** The vendor's words for an expected type; other types are named as zod names them. */
const TYPE_NAMES = new Map<string, string>([
  ['number', '数字'],
  ['int', '数字'],
  ['string', '字符串'],
  ['array', '数组'],
  ['object', '对象'],
]);

function describe(issue: Issue, missing: boolean): string {
  if (issue.code === 'custom' && issue.message && !/^Invalid input/.test(issue.message)) return issue.message;
  if (missing) return '不能为空';
  switch (issue.code) {
    case 'custom':
      return '格式不正确';
    case 'invalid_type':
      return `类型错误，应为 ${TYPE_NAMES.get(issue.expected) ?? issue.expected}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `最多 ${String(issue.maximum)} 项`
        : issue.origin === 'string'
          ? `长度不能超过 ${String(issue.maximum)}`
          : `不能大于 ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `至少 ${String(issue.minimum)} 项`
        : issue.origin === 'string'
          ? `长度不能少于 ${String(issue.minimum)}`
          : `不能小于 ${String(issue.minimum)}`;
    case 'invalid_value':
      return '取值不合法';
    default:
      return '格式不正确';
  }
}

export interface EsignValidationError {
  name: EsignErrorName;
  envelope: EsignErrorEnvelope;
  httpStatus: number;
  /** `docList[0].docId`, or '' for the body itself. */
  field: string;
  /** What the msg adds to the catalogue message: `docList[0].docId 不能为空` (none without an issue). */
  detail?: string;
}

/**
 * The catalogue entry to answer a zod failure with. `schema` is the route's body schema (needed to
 * read field-level `x-vendor-code`); `input` is the parsed body (tells "absent" from "invalid").
 */
export function esignErrorFromZod(
  error: z.ZodError,
  opts: { schema?: AnyZod; input?: unknown } = {},
): EsignValidationError {
  const issue = error.issues[0];
  if (!issue) {
    const e = esignErrors.PARAM_INVALID;
    return {
      name: 'PARAM_INVALID',
      envelope: { errCode: e.errCode, msg: e.msg },
      httpStatus: e.httpStatus,
      field: '',
    };
  }
  const hasInput = 'input' in opts;
  const missing = isMissing(issue, opts.input, hasInput);
  const fromIssue =
    issue.code === 'custom'
      ? (issue.params as Record<string, unknown> | undefined)?.['x-vendor-code']
      : undefined;
  const code =
    (typeof fromIssue === 'number' ? fromIssue : undefined) ??
    (opts.schema ? vendorCodeAt(opts.schema, issue.path) : undefined);
  const name: EsignErrorName =
    (code !== undefined && esignErrorName(code)) || (missing ? 'PARAM_MISSING' : 'PARAM_INVALID');
  const field = formatIssuePath(issue.path);
  const entry = esignErrors[name];
  const detail = field ? `${field} ${describe(issue, missing)}` : describe(issue, missing);
  return {
    name,
    envelope: { errCode: entry.errCode, msg: `${entry.msg}: ${detail}` },
    httpStatus: entry.httpStatus,
    field,
    detail,
  };
}

type AnyRoute = { path: string; request?: { body?: { content: Record<string, { schema?: unknown }> } } };
const allRoutes: AnyRoute[] = [
  ...Object.values(esignRoutes),
  ...Object.values(esignHostRoutes),
] as AnyRoute[];

/** The JSON body schema of the API at `path` (absolute, or relative to the base path). */
export function esignBodySchema(path: string): AnyZod | undefined {
  const rel = path.startsWith(ESIGN_BASE_PATH) ? path.slice(ESIGN_BASE_PATH.length) || '/' : path;
  const route = allRoutes.find((r) => r.path === rel);
  const schema = route?.request?.body?.content['application/json']?.schema;
  return schema && typeof schema === 'object' && '_zod' in (schema as object)
    ? (schema as AnyZod)
    : undefined;
}

/**
 * A `defaultHook` for `new OpenAPIHono({ defaultHook })`: on a validation failure it answers the
 * catalogue's envelope (HTTP 200). Pass `render` to add headers (e.g. the response signature).
 */
export function createEsignValidationHook(
  render?: (
    c: Context,
    body: EsignErrorEnvelope,
    httpStatus: number,
    error: EsignValidationError,
  ) => Response | Promise<Response>,
) {
  return validationHook((result, c) => {
    const schema = result.target === 'json' ? esignBodySchema(new URL(c.req.url).pathname) : undefined;
    const mapped = esignErrorFromZod(result.error, {
      schema,
      ...('data' in result ? { input: result.data } : {}),
    });
    if (render) return render(c, mapped.envelope, mapped.httpStatus, mapped);
    return c.json(mapped.envelope, mapped.httpStatus as 200);
  });
}

/**
 * Checks what zod never sees: the Content-Type (only application/json, §4.2) and that the body
 * parses as JSON. Returns the error name, or undefined when the body is acceptable.
 */
export function esignBodyPrecheck(
  contentType: string | null | undefined,
  rawBody: string,
): EsignErrorName | undefined {
  const read = esignReadBody(contentType, rawBody);
  return 'problem' in read ? read.problem : undefined;
}

/** `esignBodyPrecheck` and the parsed body in one pass (the body is parsed once per request). */
export function esignReadBody(
  contentType: string | null | undefined,
  rawBody: string,
): { problem: EsignErrorName } | { value: unknown } {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media !== 'application/json') return { problem: 'CONTENT_TYPE_UNSUPPORTED' };
  try {
    return { value: JSON.parse(rawBody) as unknown };
  } catch {
    return { problem: 'JSON_INVALID' };
  }
}

/**
 * For `app.onError`: @hono/zod-openapi throws HTTPException 415 for a Content-Type other than
 * the declared application/json, and hono's validator throws 400 "Malformed JSON in request body".
 */
export function esignErrorForHttpException(status: number, message = ''): EsignErrorName | undefined {
  if (status === 415) return 'CONTENT_TYPE_UNSUPPORTED';
  if (status === 400 && /json/i.test(message)) return 'JSON_INVALID';
  if (status === 404) return 'API_NOT_FOUND';
  if (status === 405) return 'METHOD_NOT_ALLOWED';
  return undefined;
}
