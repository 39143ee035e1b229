/**
 * Tokens (§5.1 4, §5.3.1): /auth/login issues an opaque long-lived token — the platform's own, or
 * a user's with signerId — living `tokenLifetimeMs` (15 min) of virtual time. A call made
 * `tokenRenewAfterMs` (minute 11) or later after the token was issued answers a fresh token in
 * response header `token`; the old one stays valid until its own expiry (guess).
 *
 * Scope (contracts paths.ts YHT_TOKEN_SCOPE): absent / unknown / expired token → 401; the app gone
 * (appState missing) → 20301; a user's token on a platform-only API → 403 无访问权限; a user's
 * token on a platform-or-user API naming another user (or a user of the wrong type) → 20001 用户无权限.
 */
import { randomBytes } from 'node:crypto';
import type { YhtTokenScope } from '../../contracts/yunhetong-digest/paths.ts';
import { yunhetongDigestCatalogue as catalogue } from '../../contracts/yunhetong-digest/errors.ts';
import type { Diagnostic } from '../core/journal.ts';
import { issuedTokenNearMiss, unknownTokenNearMiss } from '../core/token-near-miss.ts';
import type { YunhetongDigestRuntime } from './runtime.ts';
import { own, setOwn, type YhtTenant, type YhtToken } from './state.ts';

export interface Caller {
  tenant: YhtTenant;
  token: YhtToken;
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Drops the app's expired tokens (keeps the snapshot small). */
function sweep(t: YhtTenant, now: number): void {
  for (const [k, v] of Object.entries(t.tokens)) if (v.expiresAt <= now) delete t.tokens[k];
}

export function issueToken(rt: YunhetongDigestRuntime, t: YhtTenant, signerId?: number): YhtToken {
  const now = rt.now();
  sweep(t, now);
  let token = newToken();
  while (own(t.tokens, token)) token = newToken();
  const rec: YhtToken = {
    token,
    ...(signerId !== undefined ? { signerId } : {}),
    issuedAt: now,
    expiresAt: now + t.settings.tokenLifetimeMs,
  };
  setOwn(t.tokens, token, rec);
  rt.changed();
  return rec;
}

/**
 * The caller of a token, or 401 (令牌已过期 when expired, else 令牌无效) / 20301.
 * decision: yunhetong-digest.token-401-variant
 */
export function authenticate(rt: YunhetongDigestRuntime, header: string | undefined): Caller {
  const value = header?.trim();
  if (!value) catalogue.fail('TOKEN_INVALID', '令牌无效');
  const now = rt.now();
  const found = rt.tenants.findEntry((t) => t.tokens, value);
  if (!found) catalogue.fail('TOKEN_INVALID', '令牌无效');
  const { tenant, entry: token } = found;
  if (token.expiresAt <= now) catalogue.fail('TOKEN_INVALID', '令牌已过期');
  if (tenant.settings.appState === 'missing') catalogue.fail('APP_NOT_FOUND');
  if (token.signerId !== undefined && !rt.user(tenant, token.signerId))
    catalogue.fail('TOKEN_INVALID', '令牌无效');
  return { tenant, token };
}

/** 403 for a user's token on a platform-only API (checked before the body). */
export function checkPlatformOnly(caller: Caller, scope: YhtTokenScope): void {
  if (scope === 'platform' && caller.token.signerId !== undefined) catalogue.fail('NO_ACCESS');
}

/**
 * For platform-or-user scopes, once the body names its user: a user's token may only act on that
 * user, of the scope's type (20001 用户无权限). The platform's token passes.
 */
export function checkActsOn(
  rt: YunhetongDigestRuntime,
  caller: Caller,
  scope: YhtTokenScope,
  signerId: string,
): void {
  if (caller.token.signerId === undefined) return;
  if (String(caller.token.signerId) !== String(signerId)) catalogue.fail('NO_PERMISSION');
  const u = rt.user(caller.tenant, signerId);
  if (!u) catalogue.fail('NO_PERMISSION');
  if (scope === 'platform-or-person' && u.type !== 'person') catalogue.fail('NO_PERMISSION');
  if (scope === 'platform-or-company' && u.type !== 'company') catalogue.fail('NO_PERMISSION');
}

/** A fresh token when the call is late in its token's life, else undefined. */
export function renewal(rt: YunhetongDigestRuntime, caller: Caller): string | undefined {
  const age = rt.now() - caller.token.issuedAt;
  if (age < caller.tenant.settings.tokenRenewAfterMs) return undefined;
  return issueToken(rt, caller.tenant, caller.token.signerId).token;
}

/**
 * Why a token did not authenticate, for the request journal (core/journal.ts): none sent, never
 * issued (or swept after expiry, or a reset), expired at when, issued for which app and user.
 */
export function tokenNearMiss(
  rt: YunhetongDigestRuntime,
  header: string | undefined,
  scope: YhtTokenScope,
): Diagnostic {
  const value = header?.trim();
  if (!value)
    return { kind: 'token', summary: 'no token: send the /auth/login token in header "token"', details: {} };
  const details: Record<string, string> = { token: value };
  for (const tenant of rt.tenants.all()) {
    const token = own(tenant.tokens, value);
    if (!token) continue;
    const who = token.signerId !== undefined ? `user ${token.signerId}` : 'the platform';
    const issued = `issued to app ${tenant.id} for ${who}`;
    return issuedTokenNearMiss({
      details,
      facts: { appId: tenant.id, issuedFor: who },
      token,
      issued,
      now: rt.now(),
      stillWrong: () => {
        if (tenant.settings.appState === 'missing')
          return `token ${issued}, but the app is gone (appState missing)`;
        if (token.signerId !== undefined && !rt.user(tenant, token.signerId))
          return `token ${issued}, but that user no longer exists`;
        if (scope === 'platform' && token.signerId !== undefined)
          return `a user's token (${issued}) on a platform-only API`;
        return undefined;
      },
    });
  }
  return unknownTokenNearMiss(details);
}
