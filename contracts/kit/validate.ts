/**
 * Contract checks a consumer can run on any answer, from sealsim or the real vendor: does this
 * body match the documented response of that route, and is an error code one the catalogue
 * knows?
 */
import type { RouteConfig, z } from '@hono/zod-openapi';
import { contracts, type SealsimContract } from '../registry.ts';

export interface ValidationResult {
  ok: boolean;
  route?: string;
  issues: string[];
}

function findRoute(contract: SealsimContract, method: string, pathname: string): RouteConfig | undefined {
  const all = [...Object.values(contract.routes), ...Object.values(contract.hostRoutes ?? {})];
  const apiBases = [contract.basePath, ...(contract.basePathAliases ?? [])];
  return all.find((r) => {
    if (r.method.toUpperCase() !== method.toUpperCase()) return false;
    const bases = Object.values(contract.routes).includes(r) ? apiBases : [''];
    return bases.some((base) => pathPattern(base + r.path).test(pathname));
  });
}

/** `/a/{id}/b` → /^\/a\/[^/]+\/b$/ */
function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

export function validateResponse(
  vendor: string,
  req: { method: string; url: string },
  res: { status: number; body: unknown },
): ValidationResult {
  const contract = contracts.find((c) => c.id === vendor);
  if (!contract) return { ok: false, issues: [`unknown vendor ${vendor}`] };
  const pathname = new URL(req.url).pathname;
  const route = findRoute(contract, req.method, pathname);
  if (!route) return { ok: false, issues: [`${req.method} ${pathname} is not a documented ${vendor} route`] };
  const name = `${route.method.toUpperCase()} ${route.path}`;
  const documented = (route.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>)[String(res.status)];
  if (!documented) return { ok: false, route: name, issues: [`HTTP ${res.status} is not documented for ${name}`] };
  const schema = documented.content?.['application/json']?.schema as z.ZodType | undefined;
  if (!schema || typeof (schema as { safeParse?: unknown }).safeParse !== 'function') return { ok: true, route: name, issues: [] };
  const body = res.body as { errCode?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body.errCode === 'number' && body.errCode !== 0 && contract.errors) {
    const known = Object.values(contract.errors).some((e) => e.errCode === body.errCode);
    return known ? { ok: true, route: name, issues: [] } : { ok: false, route: name, issues: [`errCode ${body.errCode} is not in the ${vendor} catalogue`] };
  }
  // A success envelope must carry the documented `data` (the shared schema marks it optional
  // only because failures omit it).
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType & { unwrap?: () => z.ZodType }> }).shape;
  const strict =
    body && typeof body === 'object' && body.errCode === 0 && shape?.data?.unwrap
      ? (schema as unknown as z.ZodObject).extend({ data: shape.data.unwrap() })
      : schema;
  const parsed = strict.safeParse(res.body);
  return parsed.success
    ? { ok: true, route: name, issues: [] }
    : { ok: false, route: name, issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) };
}
