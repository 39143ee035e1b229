/** 用户相关接口 2, 3: getToken and checkToken. */
import type { z } from '@hono/zod-openapi';
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import type { CheckTokenInput, GetTokenInput } from '../../../contracts/yunhetong-sdk/schemas.ts';
import { issueToken, type TokenCaller } from '../auth.ts';
import type { YunhetongSdkRuntime } from '../runtime.ts';
import type { SdkTenant } from '../state.ts';

export function getToken(
  rt: YunhetongSdkRuntime,
  t: SdkTenant,
  b: z.output<typeof GetTokenInput>,
): { token: string } {
  const appUserId = b.appUserId?.trim() ?? '';
  if (!rt.user(t, appUserId)) catalogue.fail('USER_NOT_FOUND');
  return { token: issueToken(rt, t, appUserId).token };
}

/**
 * The token is valid (the authenticate stage checked it); a non-empty backURL and noticeParams are
 * kept with it for the signing page and the notices. decision: yunhetong-sdk.check-token-attachments
 */
export function checkToken(
  rt: YunhetongSdkRuntime,
  caller: TokenCaller,
  b: z.output<typeof CheckTokenInput>,
): null {
  const { token } = caller;
  if (b.backURL) token.backURL = b.backURL;
  if (b.noticeParams) token.noticeParams = b.noticeParams;
  if (b.backURL || b.noticeParams) rt.changed();
  return null;
}
