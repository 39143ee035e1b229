/**
 * 云合同 SDK API (yunhetong-sdk) simulator (doc: yunhetong-sdk-api.md; issue 11).
 *
 * Tenants are apps, keyed by appId (19 digits). Default app: appId `2017040517120800001`, password
 * `sealsim123` (decision: yunhetong-sdk.default-app). createTenant / patchTenant settings: `appId`
 * (create only; default generated), `password` (default generated), and YunhetongSdkAppSettings:
 * appName, noticeUrl, fileReadyDelayMs, tokenLifetimeMs, noticeRetryDelaysMs. Credentials:
 * `{appId, password}`.
 */
import { YUNHETONG_SDK_DEFAULT_APP, YunhetongSdkAppSettings } from '../../contracts/yunhetong-sdk/control.ts';
import { yunhetongSdkControlRoutes } from '../../contracts/yunhetong-sdk/control-routes.ts';
import { yunhetongSdkContract } from '../../contracts/yunhetong-sdk/index.ts';
import { YunhetongSdkTenantSettingsInput } from '../../contracts/yunhetong-sdk/tenant-settings.ts';
import { defineVendor } from '../core/define.ts';
import { yunhetongSdk as yunhetongSdkFacts } from './descriptor.ts';
import { base62, digits } from '../core/ids.ts';
import { readCallbackUrl } from '../core/runtime.ts';
import type { VendorContext, VendorService } from '../core/vendor.ts';
import { createYunhetongSdkApp } from './app.ts';
import { createYunhetongSdkControl } from './control.ts';
import { yunhetongSdkEntities } from './entities.ts';
import { registerNoticePolicy } from './notices.ts';
import { VENDOR, YunhetongSdkRuntime, defaultSettings, emptyTenant } from './runtime.ts';
import type { SdkTenant } from './state.ts';

/** The settings after applying `input` over `current`; throws a readable error (control API 400). */
export function readSettings(
  input: YunhetongSdkTenantSettingsInput,
  current: YunhetongSdkAppSettings = defaultSettings(),
): YunhetongSdkAppSettings {
  const { appId: _appId, password: _password, ...fields } = input;
  const changed = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
  if (typeof changed.noticeUrl === 'string') changed.noticeUrl = readCallbackUrl(changed.noticeUrl);
  const r = YunhetongSdkAppSettings.safeParse({ ...current, ...changed });
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

function readPassword(v: string | null | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (!/^\S{1,64}$/.test(v)) throw new Error('password must be 1–64 characters without spaces');
  return v;
}

const credentials = (t: SdkTenant) => ({ id: t.id, credentials: { appId: t.id, password: t.password } });

export function createYunhetongSdk(ctx: VendorContext): VendorService<YunhetongSdkTenantSettingsInput> {
  const rt = new YunhetongSdkRuntime(ctx);
  registerNoticePolicy(rt, ctx.webhooks);
  return {
    id: VENDOR,
    name: yunhetongSdkFacts.name,
    basePath: '/sdk',
    app: createYunhetongSdkApp(rt),
    control: createYunhetongSdkControl(rt),
    defaultCredentials: () => ({ ...YUNHETONG_SDK_DEFAULT_APP }),
    createTenant(s) {
      // decision: yunhetong-sdk.default-app
      const appId = rt.tenants.newId(s.appId, () => `2${digits(18)}`, /^\d{19}$/, 'appId must be 19 digits');
      const password = readPassword(s.password) ?? base62(16);
      const t = rt.tenants.add(emptyTenant(appId, password, rt.now(), readSettings(s)));
      rt.changed();
      return credentials(t);
    },
    patchTenant(id, s) {
      return rt.patchTenant(
        id,
        (t) => {
          if (s.appId !== undefined && s.appId !== null && s.appId !== id)
            throw new Error('appId cannot change');
          const password = readPassword(s.password);
          const next = readSettings(s, t.settings);
          if (password) t.password = password;
          t.settings = next;
        },
        credentials,
      );
    },
    entities: () => yunhetongSdkEntities(rt),
    ...rt.lifecycle(VENDOR),
  };
}

export const yunhetongSdk = defineVendor({
  ...yunhetongSdkFacts,
  contract: yunhetongSdkContract,
  controlRoutes: yunhetongSdkControlRoutes,
  settings: YunhetongSdkTenantSettingsInput,
  create: createYunhetongSdk,
});
