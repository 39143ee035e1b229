/**
 * The yunhetong-digest service's live state: apps (tenants keyed by appId, the default app seeded
 * with the doc's credentials) and the deployment's configuration: context path and sandbox
 * directory (vendor options `contextPath`, `sandboxDir`; default `/` and a fresh temp dir).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  YUNHETONG_DIGEST_DEFAULT_APP,
  YunhetongDigestTenantSettings,
} from '../../contracts/yunhetong-digest/control.ts';
import { normaliseContextPath } from '../../contracts/yunhetong-digest/validation.ts';
import { VendorRuntime } from '../core/runtime.ts';
import type { VendorContext } from '../core/vendor.ts';
import { own, type YhtTenant, type YhtUser } from './state.ts';

export const VENDOR = 'yunhetong-digest';

/** First signerId of an app (guess: the doc's examples count from 1). */
export const FIRST_SIGNER_ID = 1;

/** First moulageId of an app (guess: the doc's examples answer 1, 2, 3 in turn). */
export const FIRST_MOULAGE_ID = 1;

/** First summaryId of an app (guess: the doc's example answers 1000). */
export const FIRST_SUMMARY_ID = 1000;

export function defaultSettings(): YunhetongDigestTenantSettings {
  return YunhetongDigestTenantSettings.parse({});
}

export function emptyTenant(
  appId: string,
  appKey: string,
  now: number,
  settings = defaultSettings(),
): YhtTenant {
  return {
    id: appId,
    appKey,
    settings,
    nextSignerId: FIRST_SIGNER_ID,
    users: {},
    certifyNums: {},
    tokens: {},
    nextMoulageId: FIRST_MOULAGE_ID,
    moulages: {},
    nextSummaryId: FIRST_SUMMARY_ID,
    summaries: {},
    verifyCodes: {},
    nextTimeStampSignId: FIRST_SUMMARY_ID,
    timeStamps: {},
    cz: {},
    createdAt: now,
  };
}

export class YunhetongDigestRuntime extends VendorRuntime<YhtTenant> {
  /** '' for the root context path, else `/name`. */
  readonly contextPath: string;
  private sandbox: string | undefined;
  private sandboxReady = false;

  constructor(ctx: VendorContext) {
    super(ctx, () => [
      emptyTenant(YUNHETONG_DIGEST_DEFAULT_APP.appId, YUNHETONG_DIGEST_DEFAULT_APP.appKey, ctx.clock.now()),
    ]);
    const o = ctx.options ?? {};
    this.contextPath = normaliseContextPath(typeof o.contextPath === 'string' ? o.contextPath : '/');
    this.sandbox = typeof o.sandboxDir === 'string' && o.sandboxDir.trim() ? o.sandboxDir.trim() : undefined;
  }

  /** The sandbox directory: the configured one (made when absent), else a temp dir made on first use. */
  get sandboxDir(): string {
    if (this.sandbox === undefined) this.sandbox = mkdtempSync(join(tmpdir(), 'sealsim-yht-'));
    else if (!this.sandboxReady) {
      this.sandbox = resolve(this.sandbox);
      mkdirSync(this.sandbox, { recursive: true });
    }
    this.sandboxReady = true;
    return this.sandbox;
  }

  user(t: YhtTenant, signerId: string | number): YhtUser | undefined {
    return own(t.users, String(signerId));
  }
}
