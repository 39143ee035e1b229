/**
 * Token slots of the 云合同 摘要签署 client: one for the platform's own token (a login without
 * signerId) and one per signerId (a login with it). A client bound to a slot sends that slot's
 * token in request header `token` and stores every token a response carries in header `token`
 * back into the same slot (login, and the renewal late in a token's 15 minutes).
 */

export type YunhetongTokenSlot = 'platform' | `user:${string}`;

export function tokenSlotOf(signerId?: string | number): YunhetongTokenSlot {
  return signerId === undefined ? 'platform' : `user:${String(signerId)}`;
}

export class YunhetongTokenStore {
  private readonly slots = new Map<YunhetongTokenSlot, string>();

  /** Called whenever a slot receives a token (login or renewal); e.g. to persist it. */
  constructor(private readonly onToken?: (slot: YunhetongTokenSlot, token: string) => void) {}

  get(signerId?: string | number): string | undefined {
    return this.slots.get(tokenSlotOf(signerId));
  }

  set(signerId: string | number | undefined, token: string | undefined): void {
    const slot = tokenSlotOf(signerId);
    if (token === undefined || token === '') {
      this.slots.delete(slot);
      return;
    }
    this.slots.set(slot, token);
    this.onToken?.(slot, token);
  }

  clear(): void {
    this.slots.clear();
  }

  /** Every slot and its token. */
  entries(): Array<[YunhetongTokenSlot, string]> {
    return [...this.slots.entries()];
  }
}
