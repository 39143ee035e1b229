/**
 * The control API contract (openapi/control.json): the core `/__sim` routes plus every vendor's
 * console and human-signer routes, which vendors define relative to `/__sim/<vendor>`.
 */
import type { RouteConfig } from '@hono/zod-openapi';
import { BAOQUAN_CONTROL_PREFIX, baoquanControlRoutes } from '../baoquan/control.ts';
import { ESIGN_CONTROL_PREFIX, esignControlRoutes } from '../esign/control.ts';
import type { SealsimContract } from '../shared/contract.ts';
import { yunhetongDigestControlRoutes } from '../yunhetong-digest/control-routes.ts';
import { YUNHETONG_DIGEST_CONTROL_PREFIX } from '../yunhetong-digest/control.ts';
import { controlRoutes } from './routes.ts';

function prefixed(prefix: string, routes: Record<string, RouteConfig>): Record<string, RouteConfig> {
  const out: Record<string, RouteConfig> = {};
  for (const [name, route] of Object.entries(routes))
    out[`${prefix}:${name}`] = { ...route, path: `${prefix}${route.path}` };
  return out;
}

export const controlContract: SealsimContract = {
  id: 'control',
  title: 'sealsim control API',
  description:
    "The control port (default 4000): health, vendors, reset, the virtual clock, the outbox, the callback journal, tenants and fault rules, plus each vendor's console and human-signer actions under /__sim/<vendor>. See INTERFACE.md.",
  basePath: '',
  servers: [{ url: 'http://127.0.0.1:4000', description: 'sealsim (default control port)' }],
  routes: {
    ...controlRoutes,
    ...prefixed(BAOQUAN_CONTROL_PREFIX, baoquanControlRoutes),
    ...prefixed(ESIGN_CONTROL_PREFIX, esignControlRoutes),
    ...prefixed(YUNHETONG_DIGEST_CONTROL_PREFIX, yunhetongDigestControlRoutes),
  },
};
