/**
 * 沃通 WoSignDoc API (wosign) simulator (doc: wosign-doc-api.txt; issue 12), HTTPS with client
 * certificates on port 4005 (`--wosign-plain-http`: plain HTTP, for debugging).
 *
 * Tenants are keyed by tokenid. Default tenant: tokenid `5e1a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b`
 * with the committed client certificate keys/default-client.pfx (decision: wosign.default-tenant).
 * createTenant issues a client certificate and answers
 * `{tokenid, certificatePem, privateKeyPem, pfxBase64, pfxPassword}`; settings: disabled, balance,
 * notifyUrl, pushRetryDelaysMs, certificates to register.
 */
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { WOSIGN_DEFAULT_TENANT, WosignTenantSettings } from '../../contracts/wosign/control.ts';
import { wosignControlRoutes } from '../../contracts/wosign/control-routes.ts';
import { wosignContract } from '../../contracts/wosign/index.ts';
import { WosignTenantSettingsInput } from '../../contracts/wosign/tenant-settings.ts';
import { defineVendor } from '../core/define.ts';
import { plainHttp, wosign as wosignFacts } from './descriptor.ts';
import { base62 } from '../core/ids.ts';
import { readCallbackUrl } from '../core/runtime.ts';
import type { VendorContext, VendorService } from '../core/vendor.ts';
import { createWosignApp } from './app.ts';
import { createWosignControl, register, registration } from './control.ts';
import { wosignEntities } from './entities.ts';
import { pageHostRoutes } from './pages/index.ts';
import { registerPushPolicy } from './push.ts';
import { VENDOR, WosignRuntime, defaultSettings, emptyTenant } from './runtime.ts';
import type { WosignTenant } from './state.ts';
import { issueClient, serverNames } from './tls.ts';

/** The vendor options (`--wosign-plain-http`). */
export interface WosignOptions {
  plainHttp?: boolean | string;
}

/** The settings after applying `input` over `current`; throws a readable error (control API 400). */
export function readSettings(
  input: WosignTenantSettingsInput,
  current: WosignTenantSettings = defaultSettings(),
): WosignTenantSettings {
  const { disabled, balance, notifyUrl, pushRetryDelaysMs } = input;
  const changed = Object.fromEntries(
    Object.entries({ disabled, balance, notifyUrl, pushRetryDelaysMs }).filter(
      ([, v]) => v !== undefined && v !== null,
    ),
  );
  if (typeof changed.notifyUrl === 'string') changed.notifyUrl = readCallbackUrl(changed.notifyUrl);
  const r = WosignTenantSettings.safeParse({ ...current, ...changed });
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

const UUID = /^[0-9A-Za-z-]{8,64}$/;

export function createWosign(ctx: VendorContext): VendorService<WosignTenantSettingsInput> {
  const rt = new WosignRuntime(ctx);
  registerPushPolicy(rt, ctx.webhooks);
  const registerAll = (t: WosignTenant, texts: readonly string[] | null | undefined) => {
    for (const text of texts ?? []) register(t, registration(text, rt.now()));
  };
  return {
    id: VENDOR,
    name: wosignFacts.name,
    basePath: '',
    app: createWosignApp(rt, (app) => pageHostRoutes(app, rt)),
    control: createWosignControl(rt),
    defaultCredentials: () => ({
      tokenid: WOSIGN_DEFAULT_TENANT.tokenid,
      // where this install keeps the committed file (a checkout or dist/ in an installed package)
      pfx: fileURLToPath(new URL('./keys/default-client.pfx', import.meta.url)),
      pfxPassword: WOSIGN_DEFAULT_TENANT.pfxPassword,
    }),
    describe: (): Record<string, string> =>
      plainHttp(ctx.options)
        ? { transport: 'plain HTTP (--wosign-plain-http): x-sealsim-client-cert trusted' }
        : { transport: 'HTTPS, client certificate requested', ca: 'GET /__sim/wosign/ca.pem' },
    createTenant(s) {
      // decision: wosign.default-tenant
      const tokenid = rt.tenants.newId(
        s.tokenid,
        () => randomUUID(),
        UUID,
        'tokenid: 8–64 letters, digits or -',
      );
      const t = emptyTenant(tokenid, rt.now(), readSettings(s));
      registerAll(t, s.certificates);
      const issued = s.issueCertificate === false ? undefined : issueClient(rt.pki, tokenid, base62(16));
      if (issued) register(t, registration(issued.certificatePem, rt.now()));
      rt.tenants.add(t);
      rt.changed();
      return {
        id: tokenid,
        credentials: {
          tokenid,
          ...(issued
            ? {
                certificatePem: issued.certificatePem,
                privateKeyPem: issued.privateKeyPem,
                pfxBase64: Buffer.from(issued.pfx).toString('base64'),
                pfxPassword: issued.pfxPassword,
              }
            : {}),
        },
      };
    },
    patchTenant(id, s) {
      return rt.patchTenant(
        id,
        (t) => {
          if (s.tokenid !== undefined && s.tokenid !== null && s.tokenid !== id)
            throw new Error('tokenid cannot change');
          const next = readSettings(s, t.settings);
          const regs = (s.certificates ?? []).map((text) => registration(text, rt.now()));
          t.settings = next;
          for (const rec of regs) register(t, rec);
        },
        (t) => ({ id: t.id, credentials: { tokenid: t.id } }),
      );
    },
    // decision: wosign.server-certificate
    tls: (hosts) => {
      if (plainHttp(ctx.options)) return undefined;
      const creds = rt.pki.serverCertificate(serverNames(hosts));
      rt.changed();
      return { key: creds.keyPem, cert: creds.certPem };
    },
    entities: () => wosignEntities(rt),
    ...rt.lifecycle(VENDOR),
  };
}

export const wosign = defineVendor({
  ...wosignFacts,
  contract: wosignContract,
  controlRoutes: wosignControlRoutes,
  settings: WosignTenantSettingsInput,
  create: createWosign,
});
