/**
 * Contract checks a consumer can run on any answer, from sealsim or the real vendor: does this
 * body match the documented response of that route, and is an error code one the catalogue
 * knows?
 */
import type { RouteConfig, z } from '@hono/zod-openapi';
import type { SealsimContract } from '../contracts/shared/contract.ts';
import { contracts } from '../simulators/registry.ts';

export interface ValidationResult {
  ok: boolean;
  route?: string;
  issues: string[];
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
  if (!contract) return { ok: false, issues: [`unknown vendor ${vendor}`] };
  const raw = new URL(req.url).pathname;
  let pathname = raw;
  try {
    pathname = decodeURIComponent(raw); // a context path may be Chinese (§5.1 "/服务名")
  } catch {
    /* keep it encoded */
  }
  const route = findRoute(contract, req.method, pathname, opts.basePath);
  if (!route) return { ok: false, issues: [`${req.method} ${pathname} is not a documented ${vendor} route`] };
  const name = `${route.method.toUpperCase()} ${route.path}`;
  const documented = (route.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>)[
    String(res.status)
  ];
  if (!documented)
    return { ok: false, route: name, issues: [`HTTP ${res.status} is not documented for ${name}`] };
  const schema = documented.content?.['application/json']?.schema as z.ZodType | undefined;
  if (!schema || typeof (schema as { safeParse?: unknown }).safeParse !== 'function')
    return { ok: true, route: name, issues: [] };
  // A body that is not JSON where the route also documents a file (yunhetong-sdk's download: the
  // PDF, or the JSON envelope on failure).
  const media = Object.keys(documented.content ?? {});
  if (typeof res.body === 'string' && media.some((m) => !/json/i.test(m)))
    return { ok: true, route: name, issues: [] };
  const { codeField, successCode } = contract.envelope ?? { codeField: 'errCode', successCode: 0 };
  const body = res.body as Record<string, unknown> | undefined;
  const code = body && typeof body === 'object' ? body[codeField] : undefined;
  if (typeof code === 'number' && code !== successCode && contract.errors) {
    const known = Object.values(contract.errors).some((e) => e.errCode === code);
    if (!known)
      return { ok: false, route: name, issues: [`${codeField} ${code} is not in the ${vendor} catalogue`] };
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
      issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
    };
  const ruled = contract.answerRules?.({ method: route.method, path: route.path }, res.body) ?? [];
  return { ok: ruled.length === 0, route: name, issues: ruled };
}

/**
 * Checks every exchange of a recording (`recordingFetch`) against the vendor's contract: the
 * problems found, one line per bad answer, and the documented routes the recording reached.
 */
export function validateRecording(
  vendor: string,
  exchanges: ReadonlyArray<{ method: string; url: string; status: number; body: string }>,
  opts: ValidateOptions = {},
): { problems: string[]; routes: Set<string> } {
  const problems: string[] = [];
  const routes = new Set<string>();
  for (const x of exchanges) {
    let body: unknown = x.body;
    try {
      body = JSON.parse(x.body);
    } catch {
      /* not JSON: checked as text */
    }
    const v = validateResponse(vendor, { method: x.method, url: x.url }, { status: x.status, body }, opts);
    if (!v.ok) problems.push(`${x.method} ${new URL(x.url).pathname} ${x.status}: ${v.issues.join('; ')}`);
    if (v.route) routes.add(v.route);
  }
  return { problems, routes };
}
