/**
 * The esign service's live state: the tenant map, a global docId serial, and per-flow locks
 * (signing is async PDF work; two actions on one flow must not interleave). Everything that
 * persists is plain JSON in `tenants`; locks are transient.
 */
import { VendorRuntime } from '../core/runtime.ts';
import type { VendorContext } from '../core/vendor.ts';
import type { EsignTenant, Quota } from './state.ts';

export const VENDOR = 'esign';

/** The doc's example application (快速入门, 第一步). */
export const DEFAULT_PROJECT_ID = '1111563657';
export const DEFAULT_SECRET = 'cf65f987315b12a21b983ca320196d7d';
export const DEFAULT_APP_NAME = '这是一个测试';
/**
 * Default quota: 2000 份, the smallest package in the doc's price list (§2.1 "封顶 2000 份").
 * Guess: the real platform starts at whatever was bought; configurable per tenant.
 * decision: esign.quota-default
 */
export const DEFAULT_QUOTA = 2000;

export function emptyTenant(
  id: string,
  secret: string,
  name: string,
  now: number,
  quota = DEFAULT_QUOTA,
  callbackUrl = '',
): EsignTenant {
  return {
    id,
    secret,
    name,
    callbackUrl,
    quota: { total: quota, frozen: 0, used: 0 },
    createdAt: now,
    accounts: {},
    thirdIds: {},
    files: {},
    templates: {},
    docs: {},
    flows: {},
  };
}

export class EsignRuntime extends VendorRuntime<EsignTenant> {
  constructor(ctx: VendorContext) {
    super(ctx, () => [emptyTenant(DEFAULT_PROJECT_ID, DEFAULT_SECRET, DEFAULT_APP_NAME, ctx.clock.now())]);
  }
}

export function freeQuota(q: Quota): number {
  return q.total - q.frozen - q.used;
}
