/**
 * Notices (doc: 消息相关说明): after each signature noticeType 1, and noticeType 2 once the contract
 * is complete, POSTed to the app's noticeUrl as `application/x-www-form-urlencoded` with the one
 * field `notice` holding the JSON (receivers decode the whole raw body). No noticeUrl, no notice.
 *
 * - noticeType 1: `{"content", "noticeType": 1, "noticeParams"?, "map": {"contractId", "contractTitle",
 *   "<appUserId>": 0|1 …}}`; noticeType 2: `{"content", "noticeType": 2, "noticeParams"?, "map":
 *   {"contractId", "contractTitle", "czId"?}}`. contractId and czId are numbers, noticeParams the
 *   acting token's checkToken string (left out when it has none).
 * - A delivery succeeds on HTTP 2xx with a JSON body whose `response` is true (消息返回); anything
 *   else is retried after the app's noticeRetryDelaysMs (virtual time), each attempt journalled
 *   (`/__sim/webhooks`); one contract's notices go out in order.
 * decision: yunhetong-sdk.notice-content, yunhetong-sdk.notice-success, yunhetong-sdk.notice-retry-schedule
 * decision: yunhetong-sdk.notice-params-source
 */
import type { WebhookDispatcher } from '../core/webhooks.ts';
import type { YunhetongSdkRuntime } from './runtime.ts';
import type { SdkContract, SdkTenant } from './state.ts';
import { VENDOR } from './runtime.ts';

/** Real time a receiver gets to answer (guess). */
export const NOTICE_TIMEOUT_MS = 5000;

/** The most attempts any schedule allows (the setting takes at most 20 delays). */
const MAX_ATTEMPTS = 21;

export const NOTICE_CONTENT_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

/** A receiver's answer counts when it is `{"response": true, …}` with a 2xx status. */
export function isNoticeAccepted(status: number, body: string): boolean {
  if (status < 200 || status >= 300) return false;
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null && (v as { response?: unknown }).response === true;
  } catch {
    return false;
  }
}

/** The contract a delivery's body is about (the order key), or undefined. */
function contractOf(body: string): string | undefined {
  try {
    const notice = new URLSearchParams(body).get('notice');
    if (notice === null) return undefined;
    const id: unknown = (JSON.parse(notice) as { map?: { contractId?: unknown } }).map?.contractId;
    return typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

/** The policy: the app's own retry delays, read when an attempt failed. */
export function registerNoticePolicy(rt: YunhetongSdkRuntime, webhooks: WebhookDispatcher): void {
  webhooks.registerPolicy(VENDOR, {
    maxAttempts: MAX_ATTEMPTS,
    retryDelayMs: (failed, d) => rt.tenants.get(d.tenant)?.settings.noticeRetryDelaysMs[failed - 1],
    timeoutMs: NOTICE_TIMEOUT_MS,
    isSuccess: isNoticeAccepted,
    orderKey: (d) => contractOf(d.body),
  });
}

/** The notice JSON of a signature (noticeType 1), keys in the doc's order. */
export function signedNotice(
  contract: SdkContract,
  noticeParams: string | undefined,
): Record<string, unknown> {
  const signed = contract.partners.filter((p) => p.signedAt !== undefined);
  const map: Record<string, unknown> = {
    contractId: Number(contract.contractId),
    contractTitle: contract.title,
  };
  for (const p of contract.partners) map[p.appUserId] = p.signedAt === undefined ? 0 : 1;
  return {
    content: `合同"${contract.title}",${signed.map((p) => `用户${p.appUserId}已签署`).join(',')}!`,
    noticeType: 1,
    ...(noticeParams !== undefined ? { noticeParams } : {}),
    map,
  };
}

/** The notice JSON of a completed contract (noticeType 2). */
export function finishedNotice(
  contract: SdkContract,
  noticeParams: string | undefined,
): Record<string, unknown> {
  return {
    content: `合同"${contract.title}"已签署完成！`,
    noticeType: 2,
    ...(noticeParams !== undefined ? { noticeParams } : {}),
    map: {
      contractId: Number(contract.contractId),
      contractTitle: contract.title,
      ...(contract.czId !== undefined ? { czId: Number(contract.czId) } : {}),
    },
  };
}

function send(rt: YunhetongSdkRuntime, t: SdkTenant, event: string, notice: Record<string, unknown>): void {
  const url = t.settings.noticeUrl.trim();
  if (!url) return;
  rt.ctx.webhooks.enqueue({
    vendor: VENDOR,
    tenant: t.id,
    url,
    body: new URLSearchParams({ notice: JSON.stringify(notice) }).toString(),
    headers: { 'Content-Type': NOTICE_CONTENT_TYPE },
    event,
  });
}

/** After a partner signed: noticeType 1, then 2 when that signature completed the contract. */
export function queueSignNotices(
  rt: YunhetongSdkRuntime,
  t: SdkTenant,
  contract: SdkContract,
  finished: boolean,
  noticeParams: string | undefined,
): void {
  send(rt, t, 'noticeType1', signedNotice(contract, noticeParams));
  if (finished) send(rt, t, 'noticeType2', finishedNotice(contract, noticeParams));
}
