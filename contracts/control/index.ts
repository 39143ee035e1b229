/**
 * The control API contract (openapi/control.json): the core `/__sim` routes, each registered
 * vendor's tenant routes typed with that vendor's settings schema, and every vendor's console and
 * human-signer routes, which vendors define relative to `/__sim/<vendor>`. Built from the vendor
 * registry (simulators/registry.ts), so a new vendor appears here without an edit.
 */
import type { RouteConfig, z } from '@hono/zod-openapi';
import type { SealsimContract } from '../shared/contract.ts';
import { controlRoutes, vendorTenantRoutes } from './routes.ts';

/** What the control contract needs of a vendor. */
export interface ControlledVendor {
  id: string;
  controlRoutes: Record<string, RouteConfig>;
  settings: z.ZodType;
}

function prefixed(prefix: string, routes: Record<string, RouteConfig>): Record<string, RouteConfig> {
  const out: Record<string, RouteConfig> = {};
  for (const [name, route] of Object.entries(routes))
    out[`${prefix}:${name}`] = { ...route, path: `${prefix}${route.path}` };
  return out;
}

export function buildControlContract(vendors: readonly ControlledVendor[]): SealsimContract {
  const routes: Record<string, RouteConfig> = { ...controlRoutes };
  for (const v of vendors) {
    const prefix = `/__sim/${v.id}`;
    const idParam = Object.values(v.controlRoutes)
      .map((r) => /^\/tenants\/\{(\w+)\}$/.exec(r.path)?.[1])
      .find((name) => name !== undefined);
    Object.assign(routes, prefixed(prefix, vendorTenantRoutes(v.id, v.settings, idParam)));
    Object.assign(routes, prefixed(prefix, v.controlRoutes));
  }
  return {
    id: 'control',
    title: 'sealsim control API',
    description:
      'The control port (default 4000): health, vendors, reset, the virtual clock, the outbox, the ' +
      "callback journal, tenants and fault rules, plus each vendor's console and human-signer actions " +
      'under /__sim/<vendor>. See docs/interface.md.',
    basePath: '',
    servers: [{ url: 'http://127.0.0.1:4000', description: 'sealsim (default control port)' }],
    routes,
  };
}
