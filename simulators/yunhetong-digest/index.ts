/**
 * 云合同 摘要签署 yunhetong-digest simulator (doc: yunhetong-digest-sign-api-v2.4.1.md; FIDELITY.md
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
import type { Hono } from 'hono';
import {
  YUNHETONG_DIGEST_DEFAULT_APP,
  YunhetongDigestTenantSettings,
} from '../../contracts/yunhetong-digest/control.ts';
import { base62, digits } from '../core/ids.ts';
import type { VendorFactory, VendorService } from '../core/vendor.ts';
import { createYunhetongDigestApp, faultResponse } from './app.ts';
import { createYunhetongDigestControl } from './control.ts';
import { VENDOR, YunhetongDigestRuntime, defaultSettings, emptyTenant } from './runtime.ts';
import type { YhtTenant } from './state.ts';

type Settings = YhtTenant['settings'];

/** The settings after applying `input` over `current`; throws a readable error (control API 400). */
export function readSettings(
  input: Record<string, unknown>,
  current: Settings = defaultSettings(),
): Settings {
  const s = input ?? {};
  const merged: Record<string, unknown> = { ...current };
  for (const k of [
    'appState',
    'signQuota',
    'tokenLifetimeMs',
    'tokenRenewAfterMs',
    'duplicateCertifyNumCode',
  ] as const) {
    if (s[k] !== undefined) merged[k] = s[k];
  }
  if (s.services !== undefined) {
    if (!s.services || typeof s.services !== 'object' || Array.isArray(s.services))
      throw new Error('services must be an object {cz, sms, cert}');
    merged.services = { ...current.services, ...(s.services as object) };
  }
  const r = YunhetongDigestTenantSettings.safeParse(merged);
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

function readAppKey(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !/^[A-Za-z0-9]{6,64}$/.test(v))
    throw new Error('appKey must be 6–64 letters or digits');
  return v;
}

const credentials = (t: YhtTenant) => ({ id: t.id, credentials: { appId: t.id, appKey: t.appKey } });

export const createYunhetongDigest: VendorFactory = (ctx): VendorService => {
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
      const s = settings ?? {};
      let appId: string;
      if (s.appId !== undefined && s.appId !== null) {
        if (typeof s.appId !== 'string' || !/^\d{16}$/.test(s.appId))
          throw new Error('appId must be 16 digits');
        if (rt.tenants.get(s.appId)) throw new Error(`app ${s.appId} exists`);
        appId = s.appId;
      } else {
        appId = rt.tenants.freshId(() => `2${digits(15)}`);
      }
      const appKey = readAppKey(s.appKey) ?? base62(16);
      const t = rt.tenants.add(emptyTenant(appId, appKey, rt.now(), readSettings(s)));
      rt.changed();
      return credentials(t);
    },
    patchTenant(id, settings) {
      const t = rt.tenants.get(id);
      if (!t) return undefined;
      const s = settings ?? {};
      if (s.appId !== undefined && s.appId !== id) throw new Error('appId cannot change');
      const appKey = readAppKey(s.appKey);
      const next = readSettings(s, t.settings);
      if (appKey) t.appKey = appKey;
      t.settings = next;
      rt.changed();
      return credentials(t);
    },
    reset: () => rt.reset(VENDOR),
    snapshot: () => rt.snapshot(),
    restore: (state) => rt.restore(state, VENDOR),
    faultResponse: (rule) => faultResponse(rule),
  };
};
