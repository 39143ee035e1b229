/**
 * Replay refusal: request_id is unique per access key (request.rst: 由接入客户创建唯一字符串).
 * A signed request whose request_id the access key already used is refused while the earlier
 * request's tonce is still fresh on the clock the tonce check uses (the tenant's clientClock):
 * past that, the tonce check refuses the replay anyway, so the id is forgotten.
 * decision: baoquan.request-id-replay
 *
 * Memory is bounded: expired ids are dropped from the oldest end as new ones arrive, and at most
 * `max` are kept per access key (the oldest dropped first). They are kept with the tenant's stored
 * object, so a reset or restore (which replaces it) forgets them; not persisted.
 */

export const MAX_REMEMBERED = 100_000;

export class RequestIdMemory {
  /** The tenant's stored object → request_id → its request's tonce (Unix seconds), in arrival order. */
  private readonly byTenant = new WeakMap<object, Map<string, number>>();

  constructor(readonly max = MAX_REMEMBERED) {}

  /**
   * Records `requestId`; false when it is a replay. `fresh(tonce)` says whether a request with
   * that tonce would still pass the tonce check now.
   */
  remember(tenant: object, requestId: string, tonce: number, fresh: (tonce: number) => boolean): boolean {
    let seen = this.byTenant.get(tenant);
    if (!seen) this.byTenant.set(tenant, (seen = new Map()));
    const earlier = seen.get(requestId);
    if (earlier !== undefined && fresh(earlier)) return false;
    seen.delete(requestId);
    // Expired ids leave from the oldest end (amortised O(1) per request).
    for (const [id, t] of seen) {
      if (fresh(t)) break;
      seen.delete(id);
    }
    while (seen.size >= this.max) seen.delete(seen.keys().next().value!);
    seen.set(requestId, tonce);
    return true;
  }

  /** How many request_ids are remembered for an access key. */
  count(tenant: object): number {
    return this.byTenant.get(tenant)?.size ?? 0;
  }
}

/** The request_ids of every tenant (kept per stored tenant object, see above). */
export const requestIds = new RequestIdMemory();
