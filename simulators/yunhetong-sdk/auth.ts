/**
 * Who calls: addUser and getToken name their app with appId and password; every other API takes a
 * token from token/getToken (用户相关接口 2: "其他所有的接口地址后都要跟token参数，该token的有效时间为30分钟").
 *
 * - App credentials (decision: yunhetong-sdk.credential-check-order): password empty 10803, appId
 *   empty or not 19 digits 10804, an unknown appId 10000 (addUser) or 10805 (getToken), a wrong
 *   password 10805.
 * - Tokens: absent, unknown or expired 10801 (checkToken: its own `token错误`, code 400).
 */
import { randomInt } from 'node:crypto';
import { yunhetongSdkCatalogue as catalogue } from '../../contracts/yunhetong-sdk/errors.ts';
import { APP_ID_PATTERN } from '../../contracts/yunhetong-sdk/validation.ts';
import type { Diagnostic } from '../core/journal.ts';
import { issuedTokenNearMiss, unknownTokenNearMiss } from '../core/token-near-miss.ts';
import type { YunhetongSdkRuntime } from './runtime.ts';
import { own, setOwn, type SdkTenant, type SdkToken, type SdkUser } from './state.ts';

/** The caller of addUser / getToken: its app. */
export interface AppCaller {
  kind: 'app';
  tenant: SdkTenant;
}

/** The caller of a token API: the app, the token and its user (absent once deleted by the console). */
export interface TokenCaller {
  kind: 'token';
  tenant: SdkTenant;
  token: SdkToken;
  user: SdkUser | undefined;
}

export type Caller = AppCaller | TokenCaller;

/** A token API's caller whose user exists. */
export type UserCaller = TokenCaller & { user: SdkUser };

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `TGT-<n>-<50 characters>-cas01.example.org` (decision: yunhetong-sdk.token-format). */
function tokenText(n: number): string {
  let random = '';
  for (let i = 0; i < 50; i++) random += TOKEN_CHARS[randomInt(TOKEN_CHARS.length)];
  return `TGT-${n}-${random}-cas01.example.org`;
}

/**
 * The app named by appId and password.
 * decision: yunhetong-sdk.credential-check-order, yunhetong-sdk.unknown-app-id
 */
export function authenticateApp(
  rt: YunhetongSdkRuntime,
  appId: string | undefined,
  password: string | undefined,
  unknownApp: 'ILLEGAL_APP_ID' | 'APP_LOGIN_FAILED',
): AppCaller {
  if (!password) catalogue.fail('PASSWORD_EMPTY');
  const id = appId?.trim() ?? '';
  if (!APP_ID_PATTERN.test(id)) catalogue.fail('APP_ID_INVALID');
  const tenant = rt.tenants.get(id);
  if (!tenant) return catalogue.fail(unknownApp);
  if (tenant.password !== password) catalogue.fail('APP_LOGIN_FAILED');
  return { kind: 'app', tenant };
}

/** When each app's tokens were last swept (in memory: after a restart the first issue sweeps). */
const lastSweep = new WeakMap<SdkTenant, number>();
const SWEEP_EVERY_MS = 60_000;

/**
 * Drops the app's expired tokens (keeps the state small), at most once a virtual minute: a sweep
 * walks every token, and getToken is the hot path. An expired token left a little longer still
 * answers 10801 (liveToken checks expiresAt).
 */
function sweep(t: SdkTenant, now: number): void {
  const last = lastSweep.get(t);
  if (last !== undefined && now >= last && now - last < SWEEP_EVERY_MS) return;
  lastSweep.set(t, now);
  for (const [k, v] of Object.entries(t.tokens)) if (v.expiresAt <= now) delete t.tokens[k];
}

/**
 * A new token for the user, living the app's tokenLifetimeMs from now.
 * decision: yunhetong-sdk.token-per-call
 */
export function issueToken(rt: YunhetongSdkRuntime, t: SdkTenant, appUserId: string): SdkToken {
  const now = rt.now();
  sweep(t, now);
  let token = tokenText(t.nextTokenSeq);
  while (own(t.tokens, token)) token = tokenText(t.nextTokenSeq);
  t.nextTokenSeq += 1;
  const rec: SdkToken = { token, appUserId, issuedAt: now, expiresAt: now + t.settings.tokenLifetimeMs };
  setOwn(t.tokens, token, rec);
  rt.changed();
  return rec;
}

/** A live token and its app, or undefined (absent, unknown or expired: now ≥ expiresAt). */
export function liveToken(
  rt: YunhetongSdkRuntime,
  value: string | undefined,
): { tenant: SdkTenant; token: SdkToken } | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const found = rt.tenants.findEntry((t) => t.tokens, text);
  if (!found) return undefined;
  return found.entry.expiresAt > rt.now() ? { tenant: found.tenant, token: found.entry } : undefined;
}

/** The caller of a token API, or 10801 (checkToken: `token错误`). */
export function authenticateToken(
  rt: YunhetongSdkRuntime,
  value: string | undefined,
  failure: 'TOKEN_EXPIRED' | 'TOKEN_CHECK_FAILED',
): TokenCaller {
  const found = liveToken(rt, value);
  if (!found) return catalogue.fail(failure);
  return { kind: 'token', ...found, user: rt.user(found.tenant, found.token.appUserId) };
}

/** The platform user of the caller's app is the caller. */
export function isPlatform(caller: UserCaller): boolean {
  return caller.user.userType === 4;
}

/**
 * 10802 unless the caller may act for `appUserId`: itself, or anyone when it is the platform user.
 * decision: yunhetong-sdk.no-permission
 */
export function checkMayActFor(caller: UserCaller, appUserId: string): void {
  if (appUserId !== caller.user.appUserId && !isPlatform(caller)) catalogue.fail('NO_PERMISSION');
}

/** Why appId + password did not authenticate: which check failed, never the stored password. */
export function appNearMiss(
  rt: YunhetongSdkRuntime,
  appId: string | undefined,
  password: string | undefined,
): Diagnostic {
  const kind = 'app-credentials';
  const id = appId?.trim() ?? '';
  const details: Record<string, string> = { appId: id };
  if (!password) return { kind, summary: 'no password parameter', details };
  if (!APP_ID_PATTERN.test(id))
    return { kind, summary: `appId "${id}" is not of the documented form`, details };
  const tenant = rt.tenants.untracked(id);
  if (!tenant)
    return { kind, summary: `app ${id} is unknown (${rt.tenants.ids().length} registered)`, details };
  if (tenant.password !== password)
    return { kind, summary: `the password is not app ${id}'s (${password.length} characters sent)`, details };
  return { kind, summary: `app ${id} and its password match`, details };
}

/** Why a token did not authenticate: none, unknown (or swept), expired at when, for which app and user. */
export function tokenNearMiss(rt: YunhetongSdkRuntime, value: string | undefined): Diagnostic {
  const kind = 'token';
  const text = value?.trim();
  if (!text) return { kind, summary: 'no token parameter: send the getToken token as "token"', details: {} };
  const details: Record<string, string> = { token: text };
  for (const id of rt.tenants.ids()) {
    const token = own(rt.tenants.untracked(id)?.tokens ?? {}, text);
    if (!token) continue;
    return issuedTokenNearMiss({
      details,
      facts: { appId: id, appUserId: token.appUserId },
      token,
      issued: `issued to app ${id} for user ${token.appUserId}`,
      now: rt.now(),
    });
  }
  return unknownTokenNearMiss(details);
}
