/**
 * Contract checks a consumer can run on any answer, from sealsim or the real vendor: does this
 * body match the documented response of that route, and is an error code one the catalogue
 * knows?
 */
import type { RouteConfig, z } from '@hono/zod-openapi';
import type { SealsimContract } from '../contracts/shared/contract.ts';
import { contracts } from '../simulators/all.ts';
import { responseBytes, type RecordedExchange, type Recording } from './recording.ts';

/** The one result shape of the kit's checks: `ok` exactly when `problems` is empty. */
export interface CheckResult {
  ok: boolean;
  /** One readable line per problem found. */
  problems: string[];
}

export interface ValidationResult extends CheckResult {
  /** The documented route the request matched (`POST /sign/start`), when one did. */
  route?: string;
}

function findRoute(
  contract: SealsimContract,
  method: string,
  pathname: string,
  basePath?: string,
): RouteConfig | undefined {
  const all = [...Object.values(contract.routes), ...Object.values(contract.hostRoutes ?? {})];
  const apiBases =
    basePath !== undefined
      ? [basePath.replace(/\/+$/, '')]
      : [contract.basePath, ...(contract.basePathAliases ?? [])];
  const anyPrefix = basePath === undefined && contract.anyContextPath === true;
  return all.find((r) => {
    if (r.method.toUpperCase() !== method.toUpperCase()) return false;
    const bases = Object.values(contract.routes).includes(r) ? apiBases : [''];
    return bases.some((base) => pathPattern(base + r.path, anyPrefix).test(pathname));
  });
}

/** `/a/{id}/b` → /^\/a\/[^/]+\/b$/; with `anyPrefix`, under any leading path too. */
function pathPattern(path: string, anyPrefix = false): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${anyPrefix ? '(?:/[^/]+)*' : ''}${escaped}$`);
}

export interface ValidateOptions {
  /** The deployment's base/context path (e.g. yunhetong-digest's `/服务名`), instead of the contract's. */
  basePath?: string;
  /** Validate against this contract instead of the registry's (a vendor under development). */
  contract?: SealsimContract;
}

export function validateResponse(
  vendor: string,
  req: { method: string; url: string },
  res: { status: number; body: unknown },
  opts: ValidateOptions = {},
): ValidationResult {
  const contract = opts.contract ?? contracts.find((c) => c.id === vendor);
  if (!contract) return { ok: false, problems: [`unknown vendor ${vendor}`] };
  const raw = new URL(req.url).pathname;
  let pathname = raw;
  try {
    pathname = decodeURIComponent(raw); // a context path may be Chinese (§5.1 "/服务名")
  } catch {
    /* keep it encoded */
  }
  const route = findRoute(contract, req.method, pathname, opts.basePath);
  if (!route)
    return { ok: false, problems: [`${req.method} ${pathname} is not a documented ${vendor} route`] };
  const name = `${route.method.toUpperCase()} ${route.path}`;
  const documented = (route.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>)[
    String(res.status)
  ];
  if (!documented)
    return { ok: false, route: name, problems: [`HTTP ${res.status} is not documented for ${name}`] };
  const schema = documented.content?.['application/json']?.schema as z.ZodType | undefined;
  if (!schema || typeof (schema as { safeParse?: unknown }).safeParse !== 'function')
    return { ok: true, route: name, problems: [] };
  // A body that is not JSON where the route also documents a file (yunhetong-sdk's download: the
  // PDF, or the JSON envelope on failure).
  const media = Object.keys(documented.content ?? {});
  if (typeof res.body === 'string' && media.some((m) => !/json/i.test(m)))
    return { ok: true, route: name, problems: [] };
  const { codeField, successCode } = contract.envelope ?? { codeField: 'errCode', successCode: 0 };
  const body = res.body as Record<string, unknown> | undefined;
  const code = body && typeof body === 'object' ? body[codeField] : undefined;
  if (typeof code === 'number' && code !== successCode && contract.errors) {
    const known = Object.values(contract.errors).some((e) => e.errCode === code);
    if (!known)
      return { ok: false, route: name, problems: [`${codeField} ${code} is not in the ${vendor} catalogue`] };
  }
  // A success envelope must carry the documented `data` (the shared schema marks it optional
  // only because failures omit it).
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType & { unwrap?: () => z.ZodType }> })
    .shape;
  const strict =
    code === successCode && shape?.data?.unwrap
      ? (schema as unknown as z.ZodObject).extend({ data: shape.data.unwrap() })
      : schema;
  const parsed = strict.safeParse(res.body);
  if (!parsed.success)
    return {
      ok: false,
      route: name,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
    };
  const ruled = contract.answerRules?.({ method: route.method, path: route.path }, res.body) ?? [];
  return { ok: ruled.length === 0, route: name, problems: ruled };
}

/** validateRecording's result: also the documented routes the recording reached, in first-seen order. */
export interface RecordingValidation extends CheckResult {
  routes: string[];
}

/**
 * Checks every exchange of a recording (`recordingFetch`, `loadRecording`) against the vendor's
 * contract: one problem line per bad answer, and the documented routes the recording reached.
 * Takes the recording itself, or a list of its exchanges.
 */
export function validateRecording(
  vendor: string,
  recording: Recording | readonly RecordedExchange[],
  opts: ValidateOptions = {},
): RecordingValidation {
  const exchanges = 'exchanges' in recording ? recording.exchanges : recording;
  const problems: string[] = [];
  const routes: string[] = [];
  for (const x of exchanges) {
    let body: unknown;
    if (x.encoding === 'base64') body = Buffer.from(responseBytes(x)).toString('latin1');
    else {
      try {
        body = JSON.parse(x.body);
      } catch {
        body = x.body; // not JSON: checked as text
      }
    }
    const v = validateResponse(vendor, { method: x.method, url: x.url }, { status: x.status, body }, opts);
    if (!v.ok) problems.push(`${x.method} ${new URL(x.url).pathname} ${x.status}: ${v.problems.join('; ')}`);
    if (v.route && !routes.includes(v.route)) routes.push(v.route);
  }
  return { ok: problems.length === 0, problems, routes };
}
