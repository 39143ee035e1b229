/**
 * contract/list's order kept between calls: an app's 已完成 and 已作废 contracts, the latest change
 * first (gmtModify, then contractId, both descending), so a page reads only its own contracts
 * instead of sorting every contract of the app at every call (issue 17 goal 5).
 *
 * Kept in memory beside the state, never in it: made from the app's contracts on the first list
 * call, then told of each contract that ends or changes after ending (`contractChanged`). It is
 * keyed by the app's contracts object as stored, so a reset, a restore, a `--state` reload or an
 * app made again starts a new one. A page whose contracts do not match the order (a change it was
 * not told of) makes it again.
 */
import type { SdkContract, SdkTenant } from './state.ts';

interface Placed {
  at: number;
  id: string;
}

/** True when `a` lists before `b`: later gmtModify first, then the larger contractId. */
function before(a: Placed, b: Placed): boolean {
  return a.at !== b.at ? a.at > b.at : a.id > b.id;
}

const isDone = (c: SdkContract) => c.status === 'finished' || c.status === 'invalid';

export class DoneContracts {
  private order: Placed[] = [];
  private placed = new Map<string, number>();

  constructor(contracts: Iterable<SdkContract>) {
    for (const c of contracts) if (isDone(c)) this.placed.set(c.contractId, c.gmtModify);
    this.order = [...this.placed].map(([id, at]) => ({ id, at }));
    this.order.sort((a, b) => (before(a, b) ? -1 : 1));
  }

  get size(): number {
    return this.order.length;
  }

  /** The ids of a page (`pageSize` 0: all), in list order. */
  page(pageNum: number, pageSize: number): string[] {
    const slice =
      pageSize === 0 ? this.order : this.order.slice((pageNum - 1) * pageSize, pageNum * pageSize);
    return slice.map((p) => p.id);
  }

  /** Whether the contract is where the order has it (done, at the same gmtModify). */
  holds(c: SdkContract | undefined, id: string): c is SdkContract {
    return c !== undefined && isDone(c) && this.placed.get(id) === c.gmtModify;
  }

  /** A contract's status or gmtModify changed: placed, moved or taken out. */
  update(c: SdkContract): void {
    const at = this.placed.get(c.contractId);
    if (at !== undefined) {
      this.order.splice(this.indexOf({ at, id: c.contractId }), 1);
      this.placed.delete(c.contractId);
    }
    if (!isDone(c)) return;
    const p = { at: c.gmtModify, id: c.contractId };
    this.order.splice(this.indexOf(p), 0, p);
    this.placed.set(p.id, p.at);
  }

  /** Where `p` is, or would go (binary search). */
  private indexOf(p: Placed): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.order[mid]!, p)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** One order per app, by the app's contracts object as stored (not the `--state` proxy). */
export class DoneContractIndex {
  private byContracts = new WeakMap<object, DoneContracts>();
  /** How many orders were made from a whole app's contracts, in this process (tests count them). */
  static builds = 0;

  constructor(private readonly stored: (appId: string) => SdkTenant | undefined) {}

  /** The app's order, made now if there is none. */
  of(t: SdkTenant): DoneContracts {
    const raw = this.stored(t.id)?.contracts ?? t.contracts;
    let done = this.byContracts.get(raw);
    if (!done) {
      done = new DoneContracts(Object.values(raw));
      DoneContractIndex.builds++;
      this.byContracts.set(raw, done);
    }
    return done;
  }

  /** Made again from the app's contracts (after a page found it out of step). */
  rebuild(t: SdkTenant): DoneContracts {
    const raw = this.stored(t.id)?.contracts ?? t.contracts;
    this.byContracts.delete(raw);
    return this.of(t);
  }

  /** A contract of `t` changed status or gmtModify: its app's order follows, if there is one yet. */
  contractChanged(t: SdkTenant, c: SdkContract): void {
    const raw = this.stored(t.id)?.contracts ?? t.contracts;
    this.byContracts.get(raw)?.update(c);
  }
}
