/**
 * What every vendor's live state has in common: the tenant map, the clock, the vendor's origin,
 * dirty-marking for `--state`, promise locks (so concurrent requests for the same flow, unique
 * id or contract never interleave their awaits), and snapshot/restore of the plain-JSON tenants.
 */
import { createVendorPki, type VendorPki, type VendorPkiSnapshot } from './pki/index.ts';
import { TenantMap } from './tenancy.ts';
import type { TenantCredentials, VendorContext, VendorService } from './vendor.ts';

export interface TenantsSnapshot<T> {
  version: 1;
  tenants: T[];
  /** The vendor's test CAs, once made (`--state` keeps them: docs/architecture.md "Test PKI"). */
  pki?: VendorPkiSnapshot;
}

export class VendorRuntime<T extends { id: string }> {
  readonly tenants: TenantMap<T>;
  private locks = new Map<string, Promise<unknown>>();
  private vendorPki: VendorPki | undefined;
  /** The id the PKI's names carry (`sealsim <vendor> TEST Root CA - not trusted`): lifecycle()'s. */
  private vendorId = 'vendor';

  constructor(
    readonly ctx: VendorContext,
    seed: () => T[],
  ) {
    this.tenants = new TenantMap<T>(seed);
    ctx.track?.(this.tenants);
  }

  /**
   * The vendor's test PKI, made on first use (start-up costs nothing): deterministic from the seed
   * and the virtual clock's year until a snapshot restores stored CAs.
   */
  get pki(): VendorPki {
    if (!this.vendorPki) {
      this.vendorPki = this.makePki();
      this.vendorPki.snapshot(); // generates the CAs now, so the store journals them with this change
      this.changed();
    }
    return this.vendorPki;
  }

  private makePki(snapshot?: VendorPkiSnapshot): VendorPki {
    return createVendorPki({
      vendor: this.vendorId,
      seed: this.ctx.seed,
      now: () => new Date(this.ctx.clock.now()),
      ...(snapshot ? { snapshot } : {}),
    });
  }

  /** What `--state` keeps beside the tenants (state-store.ts `records`): the PKI once made. */
  records(): { pki: VendorPkiSnapshot } | undefined {
    return this.vendorPki && { pki: this.vendorPki.snapshot() };
  }

  now(): number {
    return this.ctx.clock.now();
  }

  origin(): string {
    return this.ctx.origin().replace(/\/$/, '');
  }

  changed(): void {
    this.ctx.changed();
  }

  /** Runs fn after every earlier fn with the same key has settled. */
  async lock<R>(key: string, fn: () => Promise<R> | R): Promise<R> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }

  snapshot(): TenantsSnapshot<T> {
    return { version: 1, tenants: this.tenants.snapshot(), ...this.records() };
  }

  /** Restores a snapshot written by snapshot(); refuses anything else with a readable error. */
  restore(state: unknown, vendor = 'vendor'): void {
    const s = state as TenantsSnapshot<T> | undefined;
    if (!s || s.version !== 1 || !Array.isArray(s.tenants)) throw new Error(`${vendor}: unreadable snapshot`);
    // A snapshot without CAs (older, or none made yet) leaves them to be made again on first use.
    const pki = s.pki ? this.makePki(s.pki) : undefined;
    this.tenants.restore(s.tenants);
    this.vendorPki = pki;
  }

  /**
   * `patchTenant` as every vendor answers it: undefined for an unknown tenant, else the change
   * applied, state marked dirty and the tenant's credentials.
   */
  patchTenant(
    id: string,
    apply: (tenant: T) => void,
    credentials: (tenant: T) => TenantCredentials,
  ): TenantCredentials | undefined {
    const t = this.tenants.get(id);
    if (!t) return undefined;
    apply(t);
    this.changed();
    return credentials(t);
  }

  /** The service's reset / snapshot / restore, on this runtime (clock jobs `<vendor>.*` are the vendor's). */
  lifecycle(vendor: string): Pick<VendorService, 'reset' | 'snapshot' | 'restore' | 'records' | 'pki'> {
    this.vendorId = vendor;
    return {
      reset: () => this.reset(vendor),
      snapshot: () => this.snapshot(),
      restore: (state) => this.restore(state, vendor),
      records: () => this.records(),
      pki: () => this.pki,
    };
  }

  /**
   * Back to the seeded tenants, dropping the vendor's pending clock jobs (kinds `<jobPrefix>.*`).
   * The CAs stay: they are the vendor's, not a tenant's.
   */
  reset(jobPrefix: string): void {
    this.tenants.reset();
    this.ctx.clock.cancelWhere((j) => j.kind.startsWith(`${jobPrefix}.`));
    this.changed();
  }
}

/**
 * A tenant's `callbackUrl` setting from the control API: '' (none) or an http(s) URL.
 * Throws a readable error the control API answers with 400.
 */
export function readCallbackUrl(value: unknown): string {
  if (typeof value !== 'string') throw new Error('callbackUrl must be a string');
  const url = value.trim();
  if (!url) return '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`callbackUrl is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error('callbackUrl must be http(s)');
  return url;
}
