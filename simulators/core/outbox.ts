/**
 * The SMS and e-mail a vendor would have sent (LocalStack's `/_aws/ses` idea): every message,
 * verification codes included, is kept here so tests and people can read it.
 */
import type { VirtualClock } from './clock.ts';

export type OutboxChannel = 'sms' | 'email';

export interface OutboxMessage {
  id: string;
  vendor: string;
  tenant: string;
  channel: OutboxChannel;
  to: string;
  text: string;
  code?: string;
  link?: string;
  at: number;
}

export interface OutboxQuery {
  vendor?: string;
  to?: string;
  tenant?: string;
  channel?: OutboxChannel;
}

export class Outbox {
  private messages: OutboxMessage[] = [];
  private seq = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly onChange: () => void = () => {},
  ) {}

  send(msg: Omit<OutboxMessage, 'id' | 'at'>): OutboxMessage {
    const full: OutboxMessage = { ...msg, id: `msg_${++this.seq}`, at: this.clock.now() };
    this.messages.push(full);
    this.onChange();
    return full;
  }

  list(q: OutboxQuery = {}): OutboxMessage[] {
    return this.messages.filter(
      (m) =>
        (q.vendor === undefined || m.vendor === q.vendor) &&
        (q.to === undefined || m.to === q.to) &&
        (q.tenant === undefined || m.tenant === q.tenant) &&
        (q.channel === undefined || m.channel === q.channel),
    );
  }

  /** The newest message to `to` that carries a code, if any. */
  latestCode(q: OutboxQuery): string | undefined {
    const withCode = this.list(q).filter((m) => m.code !== undefined);
    return withCode.at(-1)?.code;
  }

  clear(vendor?: string): void {
    this.messages = vendor ? this.messages.filter((m) => m.vendor !== vendor) : [];
    this.onChange();
  }

  snapshot(): { messages: OutboxMessage[]; seq: number } {
    return { messages: this.messages.map((m) => ({ ...m })), seq: this.seq };
  }

  restore(s: { messages: OutboxMessage[]; seq: number }): void {
    this.messages = s.messages.map((m) => ({ ...m }));
    this.seq = s.seq;
  }
}
