/**
 * The yunhetong-sdk service's live state: apps (tenants keyed by appId, the default app seeded),
 * and the lookups the handlers share (a user, a contract by id across apps, the next contractId).
 */
import {
  FIRST_TEMPLATE_SEQ,
  YUNHETONG_SDK_DEFAULT_APP,
  YunhetongSdkAppSettings,
} from '../../contracts/yunhetong-sdk/control.ts';
import { VendorRuntime } from '../core/runtime.ts';
import type { VendorContext } from '../core/vendor.ts';
import { DoneContractIndex } from './done-index.ts';
import { own, type SdkContract, type SdkTenant, type SdkUser } from './state.ts';

export const VENDOR = 'yunhetong-sdk';

export function defaultSettings(): YunhetongSdkAppSettings {
  return YunhetongSdkAppSettings.parse({});
}

export function emptyTenant(
  appId: string,
  password: string,
  now: number,
  settings = defaultSettings(),
): SdkTenant {
  return {
    id: appId,
    password,
    settings,
    users: {},
    cellNums: {},
    certifyNumbers: {},
    companyNames: {},
    tokens: {},
    nextTokenSeq: 1,
    signatures: {},
    nextSignatureId: 1,
    templates: {},
    nextTemplateSeq: FIRST_TEMPLATE_SEQ,
    contracts: {},
    nextContractSeq: 1,
    createdAt: now,
  };
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** yyMMddHHmmss of `ms` in Beijing time. */
function contractIdStamp(ms: number): string {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    p(d.getUTCFullYear() % 100) +
    p(d.getUTCMonth() + 1) +
    p(d.getUTCDate()) +
    p(d.getUTCHours()) +
    p(d.getUTCMinutes()) +
    p(d.getUTCSeconds())
  );
}

export class YunhetongSdkRuntime extends VendorRuntime<SdkTenant> {
  /** contract/list's order of each app's ended contracts (done-index.ts). */
  readonly doneContracts = new DoneContractIndex((appId) => this.tenants.untracked(appId));

  constructor(ctx: VendorContext) {
    super(ctx, () => [
      emptyTenant(YUNHETONG_SDK_DEFAULT_APP.appId, YUNHETONG_SDK_DEFAULT_APP.password, ctx.clock.now()),
    ]);
  }

  user(t: SdkTenant, appUserId: string): SdkUser | undefined {
    return own(t.users, appUserId);
  }

  /** A contract of any app (contract ids are unique across apps), with its app. */
  findContract(contractId: string): { tenant: SdkTenant; contract: SdkContract } | undefined {
    const found = this.tenants.findEntry((t) => t.contracts, contractId);
    return found && { tenant: found.tenant, contract: found.entry };
  }

  /**
   * The next contractId of the app: the clock's yyMMddHHmmss and the app's 4-digit sequence,
   * skipping ids any app has (the sequence is persisted in the tenant head).
   * decision: yunhetong-sdk.contract-id-format
   */
  nextContractId(t: SdkTenant): string {
    const stamp = contractIdStamp(this.now());
    for (let tries = 0; tries < 10_000; tries++) {
      const seq = t.nextContractSeq % 10_000;
      t.nextContractSeq = seq + 1;
      const id = stamp + String(seq).padStart(4, '0');
      if (!this.findContract(id)) return id;
    }
    throw new Error('yunhetong-sdk: no free contractId in this second');
  }
}
