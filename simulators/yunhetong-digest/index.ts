/**
 * 云合同 摘要签署 yunhetong-digest simulator (doc: yunhetong-digest-sign-api-v2.4.1.md; docs/vendor-notes.md
 * "云合同 digest signing").
 *
 * Tenants are apps, keyed by appId. Default app: appId `2018051800000000`, appKey `ABCdef123`
 * (the doc's example). createTenant / patchTenant settings: `appId` (16 digits, create only;
 * default generated), `appKey` (default generated), and YunhetongDigestTenantSettings: appState,
 * signQuota, services {cz, sms, cert}, tokenLifetimeMs, tokenRenewAfterMs, duplicateCertifyNumCode.
 * Credentials: `{appId, appKey}`.
 *
 * Vendor options (createSimulator({ vendorOptions: { 'yunhetong-digest': … } })): `contextPath`
 * (default '/'), `sandboxDir` (default a fresh temp dir), `authErrorsAsHttpStatus` (default false).
 */
import {
  YUNHETONG_DIGEST_DEFAULT_APP,
  YunhetongDigestTenantSettings,
} from '../../contracts/yunhetong-digest/control.ts';
import { base62, digits } from '../core/ids.ts';
import type { VendorContext, VendorService } from '../core/vendor.ts';
import { defineVendor } from '../core/define.ts';
import { yunhetongDigest as yunhetongDigestFacts } from './descriptor.ts';
import { yunhetongDigestContract } from '../../contracts/yunhetong-digest/index.ts';
import { yunhetongDigestControlRoutes } from '../../contracts/yunhetong-digest/control-routes.ts';
import { YunhetongDigestTenantSettingsInput } from '../../contracts/yunhetong-digest/tenant-settings.ts';
import { createYunhetongDigestApp } from './app.ts';
import { createYunhetongDigestControl } from './control.ts';
import { yunhetongDigestEntities } from './entities.ts';
import { VENDOR, YunhetongDigestRuntime, defaultSettings, emptyTenant } from './runtime.ts';
import type { YhtTenant } from './state.ts';

type Settings = YhtTenant['settings'];

/** The settings after applying `input` over `current`; throws a readable error (control API 400). */
export function readSettings(
  input: YunhetongDigestTenantSettingsInput,
  current: Settings = defaultSettings(),
): Settings {
  const { appId: _appId, appKey: _appKey, services, ...fields } = input;
  const changed = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const merged = { ...current, ...changed, services: { ...current.services, ...services } };
  const r = YunhetongDigestTenantSettings.safeParse(merged);
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

function readAppKey(v: string | null | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (!/^[A-Za-z0-9]{6,64}$/.test(v)) throw new Error('appKey must be 6–64 letters or digits');
  return v;
}

const credentials = (t: YhtTenant) => ({ id: t.id, credentials: { appId: t.id, appKey: t.appKey } });

export function createYunhetongDigest(ctx: VendorContext): VendorService<YunhetongDigestTenantSettingsInput> {
  const rt = new YunhetongDigestRuntime(ctx);
  return {
    id: 'yunhetong-digest',
    name: '云合同 摘要签署 API V2.4.1',
    basePath: rt.contextPath,
    app: createYunhetongDigestApp(rt, {
      authErrorsAsHttpStatus: ctx.options?.authErrorsAsHttpStatus === true,
    }),
    control: createYunhetongDigestControl(rt),
    defaultCredentials: () => ({ ...YUNHETONG_DIGEST_DEFAULT_APP }),
    describe: () => ({ sandbox: rt.sandboxDir }),
    createTenant(settings) {
      const s = settings;
      const appId = rt.tenants.newId(s.appId, () => `2${digits(15)}`, /^\d{16}$/, 'appId must be 16 digits');
      const appKey = readAppKey(s.appKey) ?? base62(16);
      const t = rt.tenants.add(emptyTenant(appId, appKey, rt.now(), readSettings(s)));
      rt.changed();
      return credentials(t);
    },
    patchTenant(id, s) {
      return rt.patchTenant(
        id,
        (t) => {
          if (s.appId !== undefined && s.appId !== id) throw new Error('appId cannot change');
          const appKey = readAppKey(s.appKey);
          const next = readSettings(s, t.settings);
          if (appKey) t.appKey = appKey;
          t.settings = next;
        },
        credentials,
      );
    },
    entities: () => yunhetongDigestEntities(rt),
    ...rt.lifecycle(VENDOR),
  };
}

export const yunhetongDigest = defineVendor({
  ...yunhetongDigestFacts,
  contract: yunhetongDigestContract,
  controlRoutes: yunhetongDigestControlRoutes,
  settings: YunhetongDigestTenantSettingsInput,
  create: createYunhetongDigest,
});
