/**
 * Outgoing callbacks. A vendor registers its delivery policy (schedule, timeout, success rule)
 * once, signs each body itself, and enqueues deliveries here. Every attempt, with its status or
 * error, goes into the journal; retries are jobs on the virtual clock, so they survive restarts
 * and move when a test advances time.
 *
 * An attempt's job only hands the request to a bounded pool and returns: requests run
 * concurrently in the background (clock.track), at most `concurrency` at once and `perReceiver`
 * to one host, so a slow receiver holds up neither the clock nor anyone else's callbacks.
 * Deliveries that share an order key (the policy's `orderKey`) go out one at a time, in order.
 */
import type { VirtualClock } from './clock.ts';

export interface WebhookPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /**
   * Virtual-time delay before attempt n+1, given the 1-based number n of the failed attempt and the
   * delivery (a tenant's own schedule); undefined: no more attempts.
   */
  retryDelayMs: (failedAttempt: number, d: WebhookDelivery) => number | undefined;
  /** Real time the receiver gets to answer (the receiver is a real HTTP server). */
  timeoutMs: number;
  /** Whether a response counts as received. */
  isSuccess: (status: number, body: string) => boolean;
  /**
   * Deliveries of one tenant to one URL with the same key are sent one at a time, in the order
   * their attempts fell due (a later one waits for an earlier one's attempt, not its retries).
   * None: no order is kept.
   */
  orderKey?: (d: Pick<WebhookDelivery, 'event' | 'body'>) => string | undefined;
}

export interface DeliveryLimits {
  /** Requests in flight at once, over all receivers. */
  concurrency: number;
  /** Requests in flight at once to one receiver (scheme, host and port). */
  perReceiver: number;
}

export const DEFAULT_DELIVERY_LIMITS: DeliveryLimits = { concurrency: 16, perReceiver: 4 };

export interface WebhookAttempt {
  at: number;
  status?: number;
  error?: string;
  responseBody?: string;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  vendor: string;
  tenant: string;
  event?: string;
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  attempts: WebhookAttempt[];
  state: 'pending' | 'delivered' | 'failed';
  createdAt: number;
  nextAttemptAt?: number;
}

export type FetchLike = (input: Request) => Promise<Response>;

const ATTEMPT_JOB = 'webhook.attempt';
const RESPONSE_KEEP = 2000;

export class WebhookDispatcher {
  private deliveries: WebhookDelivery[] = [];
  private policies = new Map<string, WebhookPolicy>();
  private seq = 0;
  private readonly pool: DeliveryPool;

  constructor(
    private readonly clock: VirtualClock,
    private readonly fetchImpl: () => FetchLike,
    private readonly onChange: () => void = () => {},
    limits: Partial<DeliveryLimits> = {},
  ) {
    this.pool = new DeliveryPool({ ...DEFAULT_DELIVERY_LIMITS, ...limits });
    clock.on(ATTEMPT_JOB, (p: { id: string }) => this.start(p.id));
  }

  registerPolicy(vendor: string, policy: WebhookPolicy): void {
    this.policies.set(vendor, policy);
  }

  policy(vendor: string): WebhookPolicy {
    const p = this.policies.get(vendor);
    if (!p) throw new Error(`no webhook policy for ${vendor}`);
    return p;
  }

  /** Queues a delivery; its first attempt is due now. */
  enqueue(d: {
    vendor: string;
    tenant: string;
    url: string;
    body: string;
    headers: Record<string, string>;
    event?: string;
  }): WebhookDelivery {
    this.policy(d.vendor);
    const delivery: WebhookDelivery = {
      id: `whk_${++this.seq}`,
      vendor: d.vendor,
      tenant: d.tenant,
      event: d.event,
      url: d.url,
      method: 'POST',
      headers: d.headers,
      body: d.body,
      attempts: [],
      state: 'pending',
      createdAt: this.clock.now(),
      nextAttemptAt: this.clock.now(),
    };
    this.deliveries.push(delivery);
    this.clock.schedule(ATTEMPT_JOB, this.clock.now(), { id: delivery.id });
    this.onChange();
    return delivery;
  }

  list(q: { vendor?: string; tenant?: string; event?: string } = {}): WebhookDelivery[] {
    return this.deliveries.filter(
      (d) =>
        (q.vendor === undefined || d.vendor === q.vendor) &&
        (q.tenant === undefined || d.tenant === q.tenant) &&
        (q.event === undefined || d.event === q.event),
    );
  }

  get(id: string): WebhookDelivery | undefined {
    return this.deliveries.find((d) => d.id === id);
  }

  /**
   * Sends a delivery again (the dashboard's "redeliver"): a new delivery with the same URL, headers
   * and body, its first attempt due now and its own retries; the original is kept as it was.
   */
  redeliver(id: string): WebhookDelivery | undefined {
    const d = this.get(id);
    if (!d) return undefined;
    const { vendor, tenant, url, body, headers, event } = d;
    return this.enqueue({ vendor, tenant, url, body, headers: { ...headers }, ...(event ? { event } : {}) });
  }

  clear(vendor?: string): void {
    const dropped = new Set(this.deliveries.filter((d) => !vendor || d.vendor === vendor).map((d) => d.id));
    this.deliveries = this.deliveries.filter((d) => !dropped.has(d.id));
    this.clock.cancelWhere((j) => j.kind === ATTEMPT_JOB && dropped.has((j.payload as { id: string }).id));
    this.onChange();
  }

  snapshot(): { deliveries: WebhookDelivery[]; seq: number } {
    return { deliveries: structuredClone(this.deliveries), seq: this.seq };
  }

  restore(s: { deliveries: WebhookDelivery[]; seq: number }): void {
    this.deliveries = structuredClone(s.deliveries);
    this.seq = s.seq;
  }

  /**
   * After a restore (clock included): a delivery whose attempt was under way when the snapshot was
   * taken has no job left; it gets one at its due time, so it is sent again rather than lost.
   */
  resume(): void {
    const queued = new Set(
      this.clock
        .pending()
        .filter((j) => j.kind === ATTEMPT_JOB)
        .map((j) => (j.payload as { id: string }).id),
    );
    for (const d of this.deliveries) {
      if (d.state !== 'pending' || queued.has(d.id)) continue;
      d.nextAttemptAt ??= this.clock.now();
      this.clock.schedule(ATTEMPT_JOB, d.nextAttemptAt, { id: d.id });
    }
  }

  /** Requests (queued or running) not yet answered. */
  inFlight(): number {
    return this.pool.size();
  }

  /** The attempt's job: queue the request, keep its due time, let the clock run on. */
  private start(id: string): void {
    const d = this.get(id);
    if (!d || d.state !== 'pending') return;
    const policy = this.policy(d.vendor);
    const at = this.clock.now();
    const key = policy.orderKey?.(d);
    const group = key === undefined ? undefined : JSON.stringify([d.vendor, d.tenant, d.url, key]);
    this.clock.track(
      ATTEMPT_JOB,
      this.pool.run(receiverOf(d.url), group, () => this.attempt(d, policy, at)),
    );
  }

  private async attempt(d: WebhookDelivery, policy: WebhookPolicy, at: number): Promise<void> {
    // Dropped (reset, restore) or settled while it waited for a slot: nothing to send.
    if (this.get(d.id) !== d || d.state !== 'pending') return;
    const started = performance.now();
    const attempt: WebhookAttempt = { at, durationMs: 0 };
    // Kept in scope until the attempt ends: undici's fetch follows a Request's signal through a
    // controller it holds weakly, so a Request nobody holds can be collected mid-flight and its
    // timeout then never fires (a receiver slower than the timeout counted as delivered).
    const request = new Request(d.url, {
      method: d.method,
      headers: d.headers,
      body: d.body,
      // A 3xx is the receiver's answer (esign counts 200–399 as received), not a hop to follow.
      redirect: 'manual',
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
    try {
      const res = await this.fetchImpl()(request);
      attempt.status = res.status;
      const text = await readWithin(res, policy.timeoutMs - (performance.now() - started));
      attempt.responseBody = text.slice(0, RESPONSE_KEEP);
      if (!policy.isSuccess(res.status, text)) attempt.error = `not accepted (HTTP ${res.status})`;
    } catch (err) {
      attempt.error = describeFetchError(err, policy.timeoutMs);
    }
    attempt.durationMs = Math.round(performance.now() - started);
    if (this.get(d.id) !== d) return;
    d.attempts.push(attempt);
    if (!attempt.error) {
      d.state = 'delivered';
      d.nextAttemptAt = undefined;
    } else {
      const delay =
        d.attempts.length >= policy.maxAttempts ? undefined : policy.retryDelayMs(d.attempts.length, d);
      if (delay === undefined) {
        d.state = 'failed';
        d.nextAttemptAt = undefined;
      } else {
        d.nextAttemptAt = at + delay;
        this.clock.schedule(ATTEMPT_JOB, d.nextAttemptAt, { id: d.id });
      }
    }
    this.onChange();
  }
}

/**
 * Runs tasks at most `concurrency` at once and `perReceiver` per receiver, first come first
 * served; tasks of one group run one at a time in the order they came.
 */
export class DeliveryPool {
  private queue: Array<{ receiver: string; group?: string; run: () => void }> = [];
  private active = 0;
  private perReceiver = new Map<string, number>();
  private busyGroups = new Set<string>();

  constructor(private readonly limits: DeliveryLimits) {}

  run(receiver: string, group: string | undefined, task: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        receiver,
        group,
        run: () => {
          this.active++;
          this.perReceiver.set(receiver, (this.perReceiver.get(receiver) ?? 0) + 1);
          if (group !== undefined) this.busyGroups.add(group);
          task()
            .then(resolve, reject)
            .finally(() => {
              this.active--;
              const n = (this.perReceiver.get(receiver) ?? 1) - 1;
              if (n > 0) this.perReceiver.set(receiver, n);
              else this.perReceiver.delete(receiver);
              if (group !== undefined) this.busyGroups.delete(group);
              this.pump();
            });
        },
      });
      this.pump();
    });
  }

  /** Tasks queued or running. */
  size(): number {
    return this.queue.length + this.active;
  }

  private pump(): void {
    // A group whose first queued task cannot start yet holds back its later tasks.
    const held = new Set<string>();
    for (let i = 0; i < this.queue.length && this.active < this.limits.concurrency;) {
      const t = this.queue[i]!;
      const free =
        (this.perReceiver.get(t.receiver) ?? 0) < this.limits.perReceiver &&
        (t.group === undefined || (!this.busyGroups.has(t.group) && !held.has(t.group)));
      if (!free) {
        if (t.group !== undefined) held.add(t.group);
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      t.run();
    }
  }
}

function receiverOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

async function readWithin(res: Response, ms: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), Math.max(0, ms));
  });
  try {
    return await Promise.race([res.text(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.message === 'timeout')
    return `timeout after ${timeoutMs} ms`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
