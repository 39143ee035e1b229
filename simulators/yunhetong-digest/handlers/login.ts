/**
 * §5.3.1 /auth/login: appId + appKey (402 when either is wrong), optional signerId (a user of the
 * app: that user's token; unknown: 20206 用户不存在, guess). The token goes in response header `token`.
 * An app whose appState is `missing` answers 20301 应用不存在; an offline app still logs in (guess:
 * user creation must be able to answer 20207 应用未上线).
 * decision: yunhetong-digest.login-unknown-signer, yunhetong-digest.login-offline-app
 * decision: yunhetong-digest.login-unknown-app
 */
import type { z } from '@hono/zod-openapi';
import type { LoginRequest } from '../../../contracts/yunhetong-digest/schemas.ts';
import { yunhetongDigestCatalogue as catalogue } from '../../../contracts/yunhetong-digest/errors.ts';
import { issueToken } from '../auth.ts';
import type { YunhetongDigestRuntime } from '../runtime.ts';

export function login(rt: YunhetongDigestRuntime, body: z.output<typeof LoginRequest>): string {
  const t = rt.tenants.get(body.appId);
  if (!t || t.appKey !== body.appKey) catalogue.fail('LOGIN_FAILED');
  if (t.settings.appState === 'missing') catalogue.fail('APP_NOT_FOUND');
  let signerId: number | undefined;
  if (body.signerId !== undefined) {
    const u = rt.user(t, body.signerId);
    if (!u) catalogue.fail('USER_NOT_FOUND');
    signerId = u.signerId;
  }
  return issueToken(rt, t, signerId).token;
}
