/**
 * Outgoing callbacks. A vendor registers its delivery policy (schedule, timeout, success rule)
 * once, signs each body itself, and enqueues deliveries here. Every attempt, with its status or
 * error, goes into the journal; retries are jobs on the virtual clock, so they survive restarts
 * and move when a test advances time.
 */
import type { VirtualClock } from './clock.ts';

export interface WebhookPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Virtual-time delay before attempt n+1, given the 1-based number n of the failed attempt. */
  retryDelayMs: (failedAttempt: number) => number;
  /** Real time the receiver gets to answer (the receiver is a real HTTP server). */
  timeoutMs: number;
  /** Whether a response counts as received. */
  isSuccess: (status: number, body: string) => boolean;
}

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

  constructor(
    private readonly clock: VirtualClock,
    private readonly fetchImpl: () => FetchLike,
    private readonly onChange: () => void = () => {},
  ) {
    clock.on(ATTEMPT_JOB, (p: { id: string }) => this.attempt(p.id));
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

  private async attempt(id: string): Promise<void> {
    const d = this.get(id);
    if (!d || d.state !== 'pending') return;
    const policy = this.policy(d.vendor);
    const at = this.clock.now();
    const started = performance.now();
    const attempt: WebhookAttempt = { at, durationMs: 0 };
    try {
      const res = await this.fetchImpl()(
        new Request(d.url, {
          method: d.method,
          headers: d.headers,
          body: d.body,
          // A 3xx is the receiver's answer (esign counts 200–399 as received), not a hop to follow.
          redirect: 'manual',
          signal: AbortSignal.timeout(policy.timeoutMs),
        }),
      );
      attempt.status = res.status;
      const text = await readWithin(res, policy.timeoutMs - (performance.now() - started));
      attempt.responseBody = text.slice(0, RESPONSE_KEEP);
      if (!policy.isSuccess(res.status, text)) attempt.error = `not accepted (HTTP ${res.status})`;
    } catch (err) {
      attempt.error = describeFetchError(err, policy.timeoutMs);
    }
    attempt.durationMs = Math.round(performance.now() - started);
    d.attempts.push(attempt);
    if (!attempt.error) {
      d.state = 'delivered';
      d.nextAttemptAt = undefined;
    } else if (d.attempts.length >= policy.maxAttempts) {
      d.state = 'failed';
      d.nextAttemptAt = undefined;
    } else {
      d.nextAttemptAt = at + policy.retryDelayMs(d.attempts.length);
      this.clock.schedule(ATTEMPT_JOB, d.nextAttemptAt, { id: d.id });
    }
    this.onChange();
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
