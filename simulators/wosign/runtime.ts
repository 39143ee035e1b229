/**
 * The wosign service's live state: tenants keyed by tokenid (the default tenant seeded with its
 * committed client certificate), and what the handlers share: a tenant by client certificate, an
 * order by signid, the balance, templates and the company registry.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { WOSIGN_DEFAULT_TENANT, WosignTenantSettings } from '../../contracts/wosign/control.ts';
import { wosignCatalogue as catalogue } from '../../contracts/wosign/errors.ts';
import { certificateFacts, pemDecodeAll } from '../core/pki/index.ts';
import { VendorRuntime } from '../core/runtime.ts';
import type { VendorContext } from '../core/vendor.ts';
import {
  own,
  type WosignClientCert,
  type WosignCompany,
  type WosignOrder,
  type WosignTemplate,
  type WosignTenant,
} from './state.ts';

export const VENDOR = 'wosign';

export function defaultSettings(): WosignTenantSettings {
  return WosignTenantSettings.parse({});
}

export function emptyTenant(tokenid: string, now: number, settings = defaultSettings()): WosignTenant {
  return {
    id: tokenid,
    settings,
    certificates: {},
    templates: {},
    nextTemplateSeq: 1001,
    companies: {},
    orders: {},
    orderNumbers: {},
    createdAt: now,
  };
}

/** The registration of a certificate (DER): by the SHA-256 of the certificate. */
export function certificateRecord(der: Uint8Array, now: number): WosignClientCert {
  const facts = certificateFacts(der);
  return {
    fingerprint: facts.sha256,
    kind: 'certificate',
    subject: facts.subject,
    notAfter: facts.notAfter.getTime(),
    addedAt: now,
  };
}

/** The committed default client certificate (simulators/wosign/keys), read once. */
let defaultCertDer: Uint8Array | undefined;
export function defaultClientCertificateDer(): Uint8Array {
  if (!defaultCertDer) {
    const pem = readFileSync(new URL('./keys/default-client.pem', import.meta.url), 'utf8');
    const [der] = pemDecodeAll(pem);
    if (!der) throw new Error('wosign: keys/default-client.pem holds no certificate');
    defaultCertDer = der;
  }
  return defaultCertDer;
}

/** The fingerprints a presented certificate is matched by: of the DER, and of its public key. */
export function presentedFingerprints(der: Uint8Array): { certificate: string; publicKey: string } {
  const facts = certificateFacts(der);
  return { certificate: facts.sha256, publicKey: facts.spkiSha256 };
}

export class WosignRuntime extends VendorRuntime<WosignTenant> {
  constructor(ctx: VendorContext) {
    super(ctx, () => {
      const now = ctx.clock.now();
      // decision: wosign.default-tenant
      const t = emptyTenant(WOSIGN_DEFAULT_TENANT.tokenid, now);
      const rec = certificateRecord(defaultClientCertificateDer(), now);
      t.certificates[rec.fingerprint] = rec;
      return [t];
    });
  }

  /** Whether the tenant registered this certificate (by the DER's or the public key's SHA-256). */
  hasCertificate(t: WosignTenant, der: Uint8Array): boolean {
    const f = presentedFingerprints(der);
    const byCert = own(t.certificates, f.certificate);
    const byKey = own(t.certificates, f.publicKey);
    if (byCert?.kind === 'certificate' || byKey?.kind === 'publicKey') return true;
    return byCert?.kind === 'fingerprint' || byKey?.kind === 'fingerprint';
  }

  /**
   * Whether any tenant registered this certificate: its fingerprints computed once, each looked up
   * where a registration keeps it (not the certificate parsed again for every tenant).
   */
  knownCertificate(der: Uint8Array): boolean {
    const f = presentedFingerprints(der);
    const byCert = this.tenants.findEntry((t) => t.certificates, f.certificate)?.entry;
    const byKey = this.tenants.findEntry((t) => t.certificates, f.publicKey)?.entry;
    if (byCert?.kind === 'certificate' || byKey?.kind === 'publicKey') return true;
    return byCert?.kind === 'fingerprint' || byKey?.kind === 'fingerprint';
  }

  /**
   * Uses one of the tenant's signing orders, or -68 when none is left (CreateSignOrder, once every
   * other check passed).
   */
  consumeOrder(t: WosignTenant): void {
    if (t.settings.balance <= 0) catalogue.fail('BALANCE_LOW');
    t.settings = { ...t.settings, balance: t.settings.balance - 1 };
    this.changed();
  }

  /** An order of any tenant (signids are unique across tenants), with its tenant. */
  findOrder(signid: string): { tenant: WosignTenant; order: WosignOrder } | undefined {
    const found = this.tenants.findEntry((t) => t.orders, signid);
    return found && { tenant: found.tenant, order: found.entry };
  }

  /** The tenant's latest order with this orderNumber. */
  orderByNumber(t: WosignTenant, orderNumber: string): WosignOrder | undefined {
    const signid = own(t.orderNumbers, orderNumber);
    return signid === undefined ? undefined : own(t.orders, signid);
  }

  /** A fresh signid (UUID) no tenant has. */
  newSignid(): string {
    let id = randomUUID();
    while (this.findOrder(id)) id = randomUUID();
    return id;
  }

  template(t: WosignTenant, tempid: string): WosignTemplate | undefined {
    return own(t.templates, tempid);
  }

  /** The registered company with this licence number (case-insensitive), if any. */
  company(t: WosignTenant, orgNo: string): WosignCompany | undefined {
    return own(t.companies, orgNo.trim().toUpperCase());
  }
}
