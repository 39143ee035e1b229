/**
 * Tenant-keyed state. Each vendor keeps one plain-JSON record per tenant (project id, app id,
 * access key…), so parallel test suites sharing one server never see each other's data, and
 * the whole thing serialises for `--state`.
 */
export class TenantMap<T extends { id: string }> {
  private tenants = new Map<string, T>();

  constructor(private readonly seed: () => T[]) {
    this.reset();
  }

  get(id: string): T | undefined {
    return this.tenants.get(id);
  }

  /** A new id from `make` that no tenant has yet. */
  freshId(make: () => string): string {
    let id = make();
    while (this.tenants.has(id)) id = make();
    return id;
  }

  find(pred: (t: T) => boolean): T | undefined {
    for (const t of this.tenants.values()) if (pred(t)) return t;
    return undefined;
  }

  add(t: T): T {
    if (this.tenants.has(t.id)) throw new Error(`tenant ${t.id} exists`);
    this.tenants.set(t.id, t);
    return t;
  }

  all(): T[] {
    return [...this.tenants.values()];
  }

  reset(): void {
    this.tenants = new Map(this.seed().map((t) => [t.id, t]));
  }

  snapshot(): T[] {
    return structuredClone(this.all());
  }

  restore(list: T[]): void {
    this.tenants = new Map(structuredClone(list).map((t) => [t.id, t]));
  }
}
