/**
 * The SMS and e-mail e签宝 would send, written to the core outbox (doc §4.9.1 noticeType:
 * 1 e签宝短信, 2 邮箱通知, 3 支付宝生活号). When a signer becomes active, each requested channel
 * it has an address for gets a message carrying its signUrl. Channel 3 (支付宝) has no
 * simulated counterpart and is accepted but ignored (guess, documented). An org signer is
 * notified at its agent's (the person's) mobile / e-mail, falling back to the org e-mail.
 * The platform itself (signerAppAuto) has no address and is never notified.
 * decision: esign.notice-types
 */
import { VENDOR, type EsignRuntime } from './runtime.ts';
import { own, type EsignTenant, type Flow, type Signer } from './state.ts';
import { signUrl } from './urls.ts';

export function contactOf(t: EsignTenant, signer: Signer): { mobile?: string; email?: string } {
  if (signer.kind === 'platform') return {};
  const person = own(t.accounts, signer.accountId);
  const org = signer.authorizationOrgId ? own(t.accounts, signer.authorizationOrgId) : undefined;
  const mobile = person?.kind === 'person' ? person.mobile : undefined;
  const email = person?.email ?? org?.email;
  return { ...(mobile ? { mobile } : {}), ...(email ? { email } : {}) };
}

export function noticeChannels(noticeType: string): string[] {
  return noticeType
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function notifyActive(rt: EsignRuntime, t: EsignTenant, flow: Flow, signer: Signer): void {
  const channels = noticeChannels(flow.noticeType);
  if (!channels.length) return;
  const { mobile, email } = contactOf(t, signer);
  const link = signUrl(rt, flow, signer);
  const docNames = flow.docs.map((d) => `《${d.name}》`).join('、');
  const initiator = flow.initiatorAccountId ? own(t.accounts, flow.initiatorAccountId)?.name : undefined;
  const from = initiator ?? t.name;
  const text = `【e签宝】${from}邀请您签署${docNames}（${flow.businessScene}），请点击链接完成签署：${link}`;
  if (channels.includes('1') && mobile) {
    rt.ctx.outbox.send({ vendor: VENDOR, tenant: t.id, channel: 'sms', to: mobile, text, link });
  }
  if (channels.includes('2') && email) {
    rt.ctx.outbox.send({ vendor: VENDOR, tenant: t.id, channel: 'email', to: email, text, link });
  }
}
