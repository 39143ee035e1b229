/**
 * Fault rules: make a chosen vendor route slow, fail with an HTTP status, or answer a chosen
 * vendor error. The vendor renders its own error envelope for `vendorError`.
 */
export interface FaultRule {
  id: string;
  vendor: string;
  /** Exact path relative to the vendor's base path, or a path ending in `*` as a prefix. */
  route?: string;
  probability?: number;
  latencyMs?: number;
  status?: number;
  vendorError?: string | number;
  /** Stop applying after this many hits. */
  times?: number;
  hits: number;
}

export type FaultInput = Omit<FaultRule, 'id' | 'hits'>;

export class FaultRules {
  private rules: FaultRule[] = [];
  private seq = 0;

  constructor(private readonly random: () => number = Math.random) {}

  add(input: FaultInput): FaultRule {
    const rule: FaultRule = { ...input, id: `fault_${++this.seq}`, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules;
  }

  /** Removes one rule; false when there is none with that id. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(vendor?: string): void {
    this.rules = vendor ? this.rules.filter((r) => r.vendor !== vendor) : [];
  }

  /** The first rule that fires for this request, counting the hit. */
  match(vendor: string, route: string): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.vendor !== vendor) continue;
      if (r.times !== undefined && r.hits >= r.times) continue;
      if (r.route && !routeMatches(r.route, route)) continue;
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      r.hits++;
      return r;
    }
    return undefined;
  }
}

function routeMatches(pattern: string, route: string): boolean {
  if (pattern.endsWith('*')) return route.startsWith(pattern.slice(0, -1));
  return pattern === route;
}
