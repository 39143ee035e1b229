/**
 * e签宝 电子合同开放服务 v3 simulator (doc: esign-open-contract-service-v3.txt; docs/vendor-notes.md "esign").
 *
 * Default project: the doc's example application, id 1111563657, secret
 * cf65f987315b12a21b983ca320196d7d, 应用名称 这是一个测试, empty callbackUrl, quota 2000 份.
 * createTenant / patchTenant settings: callbackUrl (string; '' = none), quota (integer >= 0),
 * quotaExpiresAt (epoch ms when the package ends, §2.3 套餐到期; null = never), name (应用名称:
 * the platform's seal for signerAppAuto).
 */
import { readCallbackUrl } from '../core/runtime.ts';
import { ESIGN_BASE_PATH, esignContract } from '../../contracts/esign/index.ts';
import { esignControlRoutes } from '../../contracts/esign/control.ts';
import { defineVendor } from '../core/define.ts';
import { esign as esignFacts } from './descriptor.ts';
import type { VendorContext, VendorService } from '../core/vendor.ts';
import { EsignTenantSettings } from '../../contracts/esign/tenant-settings.ts';
import { createEsignApp } from './app.ts';
import { registerCallbackPolicy } from './callbacks.ts';
import { createEsignControl } from './control.ts';
import { esignEntities } from './entities.ts';
import { EXPIRE_JOB, expireIfDue, flowLockKey } from './flow.ts';
import { hex32, newProjectId } from './ids.ts';
import { DEFAULT_PROJECT_ID, DEFAULT_SECRET, EsignRuntime, emptyTenant } from './runtime.ts';
import type { EsignTenant } from './state.ts';

interface Settings {
  callbackUrl?: string;
  quota?: number;
  /** null clears it. */
  quotaExpiresAt?: number | null;
  name?: string;
}

/** The settings to apply; the schema (contracts/esign/tenant-settings.ts) has checked the types. */
function readSettings(settings: EsignTenantSettings): Settings {
  const out: Settings = {};
  if (settings.callbackUrl != null) out.callbackUrl = readCallbackUrl(settings.callbackUrl);
  if (settings.quota != null) out.quota = settings.quota;
  if (settings.quotaExpiresAt !== undefined) out.quotaExpiresAt = settings.quotaExpiresAt;
  if (settings.name != null) {
    if (!settings.name.trim()) throw new Error('name must be a non-empty string');
    out.name = settings.name.trim().slice(0, 40);
  }
  return out;
}

function credentials(t: EsignTenant) {
  return { id: t.id, credentials: { projectId: t.id, projectSecret: t.secret } };
}

export function createEsign(ctx: VendorContext): VendorService<EsignTenantSettings> {
  const rt = new EsignRuntime(ctx);
  registerCallbackPolicy(ctx.webhooks);
  ctx.clock.on(EXPIRE_JOB, async (p: { tenant: string; flowId: string }) => {
    const t = rt.tenants.get(p.tenant);
    const flow = t?.flows[p.flowId];
    if (!t || !flow) return;
    await rt.lock(flowLockKey(t, flow.flowId), () => expireIfDue(rt, t, flow));
  });

  return {
    id: 'esign',
    name: 'e签宝 电子合同开放服务 v3',
    basePath: ESIGN_BASE_PATH,
    app: createEsignApp(rt),
    control: createEsignControl(rt),
    defaultCredentials: () => ({ projectId: DEFAULT_PROJECT_ID, projectSecret: DEFAULT_SECRET }),
    createTenant(settings) {
      const s = readSettings(settings);
      const id = rt.tenants.freshId(newProjectId);
      const t = rt.tenants.add(
        emptyTenant(id, hex32(), s.name ?? `项目${id}`, rt.now(), s.quota, s.callbackUrl ?? ''),
      );
      if (typeof s.quotaExpiresAt === 'number') t.quotaExpiresAt = s.quotaExpiresAt;
      rt.changed();
      return credentials(t);
    },
    patchTenant(id, settings) {
      return rt.patchTenant(
        id,
        (t) => {
          const s = readSettings(settings);
          if (s.callbackUrl !== undefined) t.callbackUrl = s.callbackUrl;
          if (s.quota !== undefined) t.quota.total = s.quota;
          if (s.name !== undefined) t.name = s.name;
          if (s.quotaExpiresAt === null) delete t.quotaExpiresAt;
          else if (s.quotaExpiresAt !== undefined) t.quotaExpiresAt = s.quotaExpiresAt;
        },
        credentials,
      );
    },
    entities: () => esignEntities(rt),
    ...rt.lifecycle('esign'),
  };
}

export const esign = defineVendor({
  ...esignFacts,
  contract: esignContract,
  controlRoutes: esignControlRoutes,
  settings: EsignTenantSettings,
  create: createEsign,
});
