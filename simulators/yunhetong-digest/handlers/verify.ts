/**
 * §5.6.3–§5.6.5 意愿认证: /send/verifyCode sends a 4-digit code by SMS (the core outbox, channel
 * sms, to the given phoneNo or the user's own) and the two verifyCode signings check it before
 * signing exactly as /sign/filePath and /sign/fileStream do.
 *
 * Rules (contracts errors.ts notes): SMS service not bought 20304; unknown user 20206; no phone
 * 20201; no code sent to the signer 20107; not the latest code sent 100611; already used by a
 * signing that succeeded 100612; sent more than 15 minutes (virtual) ago 20108. Only a successful
 * signing uses the code up. A new send replaces the signer's previous code.
 * decision: yunhetong-digest.sms-codes, yunhetong-digest.verify-code-no-phone
 */
import type { z } from '@hono/zod-openapi';
import { YUNHETONG_DIGEST_TIMINGS } from '../../../contracts/yunhetong-digest/control.ts';
import type {
  SendVerifyCodeRequest,
  SignVerifyCodeFilePathRequest,
  SignVerifyCodeFileStreamForm,
} from '../../../contracts/yunhetong-digest/schemas.ts';
import { yunhetongDigestCatalogue as catalogue } from '../../../contracts/yunhetong-digest/errors.ts';
import { numericCode } from '../../core/ids.ts';
import { VENDOR, type YunhetongDigestRuntime } from '../runtime.ts';
import { own, setOwn, type YhtTenant, type YhtVerifyCode } from '../state.ts';
import { signFilePath, signFileStream } from './sign.ts';

export function sendVerifyCode(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: z.output<typeof SendVerifyCodeRequest>,
): undefined {
  if (!t.settings.services.sms) catalogue.fail('SMS_NOT_PURCHASED');
  const user = rt.user(t, b.signerId);
  if (!user) catalogue.fail('USER_NOT_FOUND');
  const phoneNo = b.phoneNo ?? user.phoneNo;
  if (!phoneNo) catalogue.fail('PHONE_NOT_FOUND');
  const code = numericCode(4);
  const now = rt.now();
  setOwn(t.verifyCodes, String(user.signerId), { code, phoneNo, sentAt: now });
  rt.ctx.outbox.send({
    vendor: VENDOR,
    tenant: t.id,
    channel: 'sms',
    to: phoneNo,
    text: `【云合同】您的签署验证码为 ${code}，15 分钟内有效，请勿泄露。`,
    code,
  });
  rt.changed();
  return undefined;
}

function checkCode(rt: YunhetongDigestRuntime, t: YhtTenant, signerId: string, code: string): YhtVerifyCode {
  if (!t.settings.services.sms) catalogue.fail('SMS_NOT_PURCHASED');
  if (!rt.user(t, signerId)) catalogue.fail('USER_NOT_FOUND');
  const rec = own(t.verifyCodes, signerId);
  if (!rec) catalogue.fail('VERIFY_CODE_NOT_PASSED');
  if (rec.code !== code) catalogue.fail('VERIFY_CODE_WRONG');
  if (rec.usedAt !== undefined) catalogue.fail('VERIFY_CODE_USED');
  if (rt.now() - rec.sentAt > YUNHETONG_DIGEST_TIMINGS.verifyCodeTtlMs) catalogue.fail('VERIFY_CODE_EXPIRED');
  return rec;
}

/** Checks the code, signs, and uses the code up only when the signing succeeded. */
async function withCode<B extends { signerId: string; code: string }>(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: B,
  sign: (rt: YunhetongDigestRuntime, t: YhtTenant, b: B) => Promise<{ summaryId: number }>,
) {
  const rec = checkCode(rt, t, b.signerId, b.code);
  const r = await sign(rt, t, b);
  rec.usedAt = rt.now();
  rt.changed();
  return r;
}

export const signVerifyCodeFilePath = (
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: z.output<typeof SignVerifyCodeFilePathRequest>,
) => withCode(rt, t, b, signFilePath);

export const signVerifyCodeFileStream = (
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: z.output<typeof SignVerifyCodeFileStreamForm>,
) => withCode(rt, t, b, signFileStream);
