/**
 * Token slots of the 云合同 SDK API client: one per appUserId. A token comes from
 * token/getToken (appId + password + appUserId) and lives 30 minutes (用户相关接口 2); every
 * other API takes it as `?token=`.
 */

export class YunhetongSdkTokenStore {
  private readonly slots = new Map<string, string>();

  /** Called whenever a user's slot receives a token (getToken, or the re-get after 10801). */
  constructor(private readonly onToken?: (appUserId: string, token: string) => void) {}

  get(appUserId: string): string | undefined {
    return this.slots.get(appUserId);
  }

  /** Stores a user's token; undefined or '' forgets it. */
  set(appUserId: string, token: string | undefined): void {
    if (token === undefined || token === '') {
      this.slots.delete(appUserId);
      return;
    }
    this.slots.set(appUserId, token);
    this.onToken?.(appUserId, token);
  }

  clear(): void {
    this.slots.clear();
  }

  /** Every appUserId and its token. */
  entries(): Array<[string, string]> {
    return [...this.slots.entries()];
  }
}
