/**
 * Verification codes of the H5 signing page (doc §1.2.3: "e签宝给企业盖章人员发送短信验证码确认签署
 * 意愿"). Guesses, all on the virtual clock:
 * - 6 digits, sent by SMS to the signer's mobile, else by e-mail; neither → no code;
 * - valid 5 minutes, single use; a new code replaces the previous one;
 * - a new code at most every 60 seconds;
 * - 5 wrong entries burn the code.
 * decision: esign.verify-codes
 */
import { sixDigits } from './ids.ts';
import { contactOf } from './notices.ts';
import { VENDOR, type EsignRuntime } from './runtime.ts';
import type { EsignTenant, Flow, Signer } from './state.ts';
import { MINUTE } from '../core/time.ts';

export const CODE_TTL_MS = 5 * MINUTE;
export const CODE_RESEND_MS = 60_000;
export const CODE_MAX_ATTEMPTS = 5;

export type SendResult =
  { ok: true; channel: 'sms' | 'email'; to: string } | { ok: false; reason: 'no-contact' | 'throttled' };

export function sendCode(rt: EsignRuntime, t: EsignTenant, flow: Flow, signer: Signer): SendResult {
  const now = rt.now();
  if (signer.verify && now - signer.verify.sentAt < CODE_RESEND_MS) return { ok: false, reason: 'throttled' };
  const { mobile, email } = contactOf(t, signer);
  const channel = mobile ? 'sms' : email ? 'email' : undefined;
  const to = mobile ?? email;
  if (!channel || !to) return { ok: false, reason: 'no-contact' };
  const code = sixDigits();
  signer.verify = { code, channel, to, sentAt: now, expiresAt: now + CODE_TTL_MS, attempts: 0 };
  const docNames = flow.docs.map((d) => `《${d.name}》`).join('、');
  rt.ctx.outbox.send({
    vendor: VENDOR,
    tenant: t.id,
    channel,
    to,
    text: `【e签宝】您正在签署${docNames}，验证码：${code}，5分钟内有效。如非本人操作，请忽略本短信。`,
    code,
  });
  rt.changed();
  return { ok: true, channel, to };
}

export type CheckResult = 'ok' | 'missing' | 'none' | 'expired' | 'wrong' | 'locked';

/** Checks and, when right, consumes the signer's code. */
export function checkCode(rt: EsignRuntime, signer: Signer, input: string): CheckResult {
  const code = input.trim();
  if (!code) return 'missing';
  const v = signer.verify;
  if (!v) return 'none';
  if (rt.now() > v.expiresAt) {
    signer.verify = undefined;
    return 'expired';
  }
  if (code !== v.code) {
    v.attempts++;
    if (v.attempts >= CODE_MAX_ATTEMPTS) {
      signer.verify = undefined;
      rt.changed();
      return 'locked';
    }
    rt.changed();
    return 'wrong';
  }
  signer.verify = undefined;
  rt.changed();
  return 'ok';
}

export function mask(to: string): string {
  if (/^\+?\d{11,}$/.test(to)) return `${to.slice(0, -8)}****${to.slice(-4)}`;
  const at = to.indexOf('@');
  if (at > 0) return `${to[0]}***${to.slice(at)}`;
  return to;
}
