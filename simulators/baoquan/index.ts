/**
 * 保全网 baoquan simulator (doc: baoquan-attestation-api.rst; docs/vendor-notes.md "保全网 baoquan").
 *
 * Default tenant: access key `fsBswNzfECKZH9aWyh47fc` (the vendor's SDK tests' key) with the
 * committed TEST key pair in keys/ (public on purpose, see keys/README.md), the doc's and SDK
 * tests' templates, CAs, example attestations and contract signers (runtime.ts).
 *
 * createTenant / patchTenant settings: publicKey (RSA PEM, SPKI or PKCS#1; required to create),
 * organizationName, productName (the certificate's common fields), creatorPhone (the
 * organisation's 创建者, first contract signer), anchorDelayMs (completion → blockchain
 * anchoring, virtual ms), accessLinkTtlMs (0 = access links never expire), callbackUrl (kept for
 * uniformity; no documented API calls back). Credentials: `{accessKey}`.
 */
import { readCallbackUrl } from '../core/runtime.ts';
import { BAOQUAN_BASE_PATH } from '../../contracts/baoquan/validation.ts';
import { isValidMobile } from '../core/checkdigits.ts';
import { base62 } from '../core/ids.ts';
import type { VendorContext, VendorService } from '../core/vendor.ts';
import { defineVendor } from '../core/define.ts';
import { baoquan as baoquanFacts } from './descriptor.ts';
import { baoquanContract } from '../../contracts/baoquan/index.ts';
import { baoquanControlRoutes } from '../../contracts/baoquan/control.ts';
import { BaoquanTenantSettings } from '../../contracts/baoquan/tenant-settings.ts';
import { createBaoquanApp } from './app.ts';
import { parsePublicKey } from './auth.ts';
import { ANCHOR_JOB, anchor } from './certificate.ts';
import { createBaoquanControl } from './control.ts';
import { baoquanEntities } from './entities.ts';
import { CONTRACT_EXPIRE_JOB, expireContract } from './handlers/contract.ts';
import {
  BaoquanRuntime,
  DEFAULT_ACCESS_KEY,
  DEFAULT_PRIVATE_KEY_PATH,
  emptyTenant,
  type TenantSettings,
} from './runtime.ts';
import type { BaoquanTenant } from './state.ts';

type Settings = Partial<TenantSettings>;

function nonEmpty(v: string, name: string, max = 100): string {
  if (!v.trim()) throw new Error(`${name} must be a non-empty string`);
  if (v.trim().length > max) throw new Error(`${name} must be at most ${max} characters`);
  return v.trim();
}

/** The settings to apply; the schema (contracts/baoquan/tenant-settings.ts) has checked the types. */
export function readSettings(s: BaoquanTenantSettings): Settings {
  const out: Settings = {};
  if (s.publicKey != null) {
    parsePublicKey(s.publicKey); // throws a readable error
    out.publicKey = s.publicKey.trim();
  }
  if (s.callbackUrl != null) out.callbackUrl = readCallbackUrl(s.callbackUrl);
  if (s.organizationName != null) out.organizationName = nonEmpty(s.organizationName, 'organizationName');
  if (s.productName != null) out.productName = nonEmpty(s.productName, 'productName');
  if (s.creatorPhone != null) {
    if (!isValidMobile(s.creatorPhone.trim()))
      throw new Error('creatorPhone must be a mainland mobile number');
    out.creatorPhone = s.creatorPhone.trim();
  }
  if (s.anchorDelayMs != null) out.anchorDelayMs = s.anchorDelayMs;
  if (s.accessLinkTtlMs != null) out.accessLinkTtlMs = s.accessLinkTtlMs;
  if (s.clientClock != null) out.clientClock = s.clientClock;
  return out;
}

function credentials(t: BaoquanTenant) {
  return { id: t.id, credentials: { accessKey: t.id } };
}

export function createBaoquan(ctx: VendorContext): VendorService<BaoquanTenantSettings> {
  const rt = new BaoquanRuntime(ctx);
  ctx.clock.on(ANCHOR_JOB, (p: { tenant: string; no: string }) => anchor(rt, p));
  ctx.clock.on(CONTRACT_EXPIRE_JOB, (p: { tenant: string; contractId: string }) => expireContract(rt, p));

  return {
    id: 'baoquan',
    name: '保全网 API v2',
    basePath: BAOQUAN_BASE_PATH,
    app: createBaoquanApp(rt),
    control: createBaoquanControl(rt),
    defaultCredentials: () => ({ accessKey: DEFAULT_ACCESS_KEY, privateKeyPath: DEFAULT_PRIVATE_KEY_PATH }),
    createTenant(settings) {
      const s = readSettings(settings);
      if (!s.publicKey)
        throw new Error('publicKey (the RSA public key PEM that verifies your signatures) is required');
      const id = rt.tenants.freshId(() => base62(22));
      const t = rt.tenants.add(emptyTenant(id, rt.now(), { ...s, publicKey: s.publicKey }));
      rt.changed();
      return credentials(t);
    },
    patchTenant: (id, settings) =>
      rt.patchTenant(id, (t) => Object.assign(t, readSettings(settings)), credentials),
    entities: () => baoquanEntities(rt),
    ...rt.lifecycle('baoquan'),
  };
}

export const baoquan = defineVendor({
  ...baoquanFacts,
  contract: baoquanContract,
  controlRoutes: baoquanControlRoutes,
  settings: BaoquanTenantSettings,
  create: createBaoquan,
});
