/**
 * Tenant-keyed state. Each vendor keeps one plain-JSON record per tenant (project id, app id,
 * access key…), so parallel test suites sharing one server never see each other's data, and
 * the whole thing serialises for `--state`.
 *
 * With a tracker (`--state`), tenants are handed out behind proxies that report what a request
 * read or wrote, at the grain the durable store journals: a tenant's head (its plain fields) and
 * each entry of its collections (fields holding a plain object, e.g. `flows[flowId]`). Entries
 * themselves are handed out as they are, so a request that read an entry may change it freely
 * until it ends: the store journals every entry the request touched (state-store.ts).
 */
import { keyed } from './keyed.ts';

export interface TenantTracker {
  /** The tenant's head, or with field and key one entry of a collection. */
  touch(tenant: string, field?: string, key?: string): void;
  /** Everything of one tenant (added, or a collection replaced). */
  touchTenant(tenant: string): void;
  /** Every tenant (reset, restore). */
  touchAll(): void;
}

/** A collection: a field holding a plain object (arrays and class instances are head values). */
export function isCollection(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Tenant lists built for restore() alone (the `--state` store's), adopted as they are. */
const handedOver = new WeakSet<object>();

/** Marks `list` as made for one TenantMap.restore(), which then takes it without a copy. */
export function handOver<L extends object>(list: L): L {
  handedOver.add(list);
  return list;
}

export class TenantMap<T extends { id: string }> {
  private tenants = new Map<string, T>();
  private tracker: TenantTracker | undefined;
  private proxies = new WeakMap<object, object>();
  private raws = new WeakMap<object, object>();

  constructor(private readonly seed: () => T[]) {
    this.reset();
  }

  /** Reports every later read and write to `tracker` (the `--state` store). */
  track(tracker: TenantTracker): void {
    this.tracker = tracker;
  }

  get(id: string): T | undefined {
    const t = this.tenants.get(id);
    return t && this.tracked(t);
  }

  /** The tenant as stored, unobserved (the store reads it to serialise). */
  untracked(id: string): T | undefined {
    return this.tenants.get(id);
  }

  ids(): string[] {
    return [...this.tenants.keys()];
  }

  /** A new id from `make` that no tenant has yet. */
  freshId(make: () => string): string {
    let id = make();
    while (this.tenants.has(id)) id = make();
    return id;
  }

  /**
   * A new tenant's id: the caller's `given` one (in the vendor's format, `rule` the error otherwise,
   * and free), or a fresh one from `make` when none is given.
   */
  newId(given: string | null | undefined, make: () => string, format: RegExp, rule: string): string {
    if (given === undefined || given === null) return this.freshId(make);
    if (!format.test(given)) throw new Error(rule);
    if (this.tenants.has(given)) throw new Error(`tenant ${given} exists`);
    return given;
  }

  find(pred: (t: T) => boolean): T | undefined {
    for (const t of this.tenants.values()) if (pred(t)) return this.tracked(t);
    return undefined;
  }

  /**
   * The first tenant whose collection `pick(tenant)` holds `key`, with that entry: for ids unique
   * across tenants (tokens, orders, flows). The tenants are read as stored, one own-property check
   * each, so only the tenant found is reported (`tracked`); `all()` with a check through each proxy
   * would report every tenant, and `--state` would compare each at the request's commit.
   */
  findEntry<V>(
    pick: (t: T) => Record<string, V> | undefined,
    key: string,
  ): { tenant: T; entry: V } | undefined {
    for (const raw of this.tenants.values()) {
      const col = pick(raw);
      if (!col || !Object.prototype.hasOwnProperty.call(col, key)) continue;
      const tenant = this.tracked(raw);
      return { tenant, entry: pick(tenant)![key]! };
    }
    return undefined;
  }

  add(t: T): T {
    if (this.tenants.has(t.id)) throw new Error(`tenant ${t.id} exists`);
    const raw = this.unwrap(t);
    this.tenants.set(raw.id, raw);
    this.tracker?.touchTenant(raw.id);
    return this.tracked(raw);
  }

  all(): T[] {
    return [...this.tenants.values()].map((t) => this.tracked(t));
  }

  reset(): void {
    this.tenants = new Map(this.seed().map((t) => [t.id, t]));
    this.tracker?.touchAll();
  }

  snapshot(): T[] {
    return structuredClone([...this.tenants.values()]);
  }

  restore(list: T[]): void {
    // A caller's snapshot is copied so it stays the caller's; a handed-over list is nobody else's.
    const own = handedOver.delete(list) ? list : structuredClone(list);
    this.tenants = new Map(own.map((t) => [t.id, t]));
    this.tracker?.touchAll();
  }

  private unwrap<V>(v: V): V {
    return v && typeof v === 'object' ? ((this.raws.get(v) as V | undefined) ?? v) : v;
  }

  private tracked(t: T): T {
    const tracker = this.tracker;
    if (!tracker) return t;
    tracker.touch(t.id);
    return this.proxyOf(t) ?? this.wrap(t, this.tenantHandler(t.id, tracker));
  }

  /** The proxy made for `raw` before, if any (looked up before a handler is made for a new one). */
  private proxyOf<O extends object>(raw: O): O | undefined {
    return this.proxies.get(raw) as O | undefined;
  }

  private wrap<O extends object>(raw: O, handler: ProxyHandler<O>): O {
    const p = new Proxy(raw, handler);
    this.proxies.set(raw, p);
    this.raws.set(p, raw);
    return p;
  }

  private tenantHandler(id: string, tracker: TenantTracker): ProxyHandler<T> {
    const touchFor = (target: T, prop: string | symbol, value?: unknown) => {
      const old = keyed(target)[prop];
      if (typeof prop === 'string' && (isCollection(old) || isCollection(value))) tracker.touchTenant(id);
      else tracker.touch(id);
    };
    return {
      get: (target, prop) => {
        const v = keyed(target)[prop];
        // A collection's entries report themselves; its field in the head only changes through set.
        if (typeof prop === 'string' && isCollection(v))
          return this.proxyOf(v) ?? this.wrap(v, this.collectionHandler(id, prop, tracker));
        tracker.touch(id);
        return v;
      },
      set: (target, prop, value) => {
        const raw: unknown = this.unwrap(value);
        touchFor(target, prop, raw);
        keyed(target)[prop] = raw;
        return true;
      },
      defineProperty: (target, prop, desc) => {
        const raw: unknown = this.unwrap(desc.value);
        touchFor(target, prop, raw);
        return Reflect.defineProperty(target, prop, 'value' in desc ? { ...desc, value: raw } : desc);
      },
      deleteProperty: (target, prop) => {
        touchFor(target, prop);
        return Reflect.deleteProperty(target, prop);
      },
    };
  }

  private collectionHandler(
    id: string,
    field: string,
    tracker: TenantTracker,
  ): ProxyHandler<Record<string, unknown>> {
    return {
      get: (target, prop) => {
        if (typeof prop === 'string' && Object.prototype.hasOwnProperty.call(target, prop))
          tracker.touch(id, field, prop);
        return keyed(target)[prop];
      },
      set: (target, prop, value) => {
        if (typeof prop === 'string') tracker.touch(id, field, prop);
        keyed(target)[prop] = this.unwrap(value);
        return true;
      },
      defineProperty: (target, prop, desc) => {
        if (typeof prop === 'string') tracker.touch(id, field, prop);
        const value: unknown = this.unwrap(desc.value);
        return Reflect.defineProperty(target, prop, 'value' in desc ? { ...desc, value } : desc);
      },
      deleteProperty: (target, prop) => {
        if (typeof prop === 'string') tracker.touch(id, field, prop);
        return Reflect.deleteProperty(target, prop);
      },
      // A lookup that finds no entry (hasOwnProperty) depends on its deletion being on disk.
      getOwnPropertyDescriptor: (target, prop) => {
        const d = Reflect.getOwnPropertyDescriptor(target, prop);
        if (!d && typeof prop === 'string') tracker.touch(id, field, prop);
        return d;
      },
    };
  }
}
