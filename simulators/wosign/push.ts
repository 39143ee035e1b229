/**
 * PushSignedDoc (doc: 3.2 推送已签署文件): once every signer signed, a POST of raw JSON
 * (`Content-Type: application/json`) to the tenant's notifyUrl:
 * `{"actiontype":"PushSignedDoc","status":1,"errorcode":"0","extendData":{"signid","ordernumber",
 * "content","hash"}}`: content the signed PDF in Base64, hash the SHA-256 (hex) of those bytes,
 * extendData a nested object. A refusal pushes status 0, its codes joined with `&`.
 *
 * "返回1接收表示接收成功且文件校验正确, 返回非1或未返回本平台会定时请求回调地址来推送数据": only
 * an answer whose body is exactly `1` is received; anything else (`success`, `"1"`, an HTTP error,
 * no answer) is retried after the tenant's pushRetryDelaysMs on the virtual clock, every attempt
 * journalled (`/__sim/webhooks`); one order's pushes go out in order. No notifyUrl, no push.
 * decision: wosign.push-success, wosign.push-retry-schedule, wosign.refusal-codes
 */
import { createHash } from 'node:crypto';
import type { WebhookDispatcher } from '../core/webhooks.ts';
import { VENDOR, type WosignRuntime } from './runtime.ts';
import type { WosignOrder, WosignTenant } from './state.ts';

export const PUSH_CONTENT_TYPE = 'application/json';

/** Real time a receiver gets to answer (guess). */
export const PUSH_TIMEOUT_MS = 10_000;

/** The most attempts any schedule allows (the setting takes at most 20 delays). */
const MAX_ATTEMPTS = 21;

/**
 * The codes a refusal pushes, one per signer who did not sign, in signerlist order: the refusing
 * signer's, then one for each signer never reached. Neither is in the doc's tables.
 * decision: wosign.refusal-codes
 */
export const REFUSAL_CODES = { refused: -90, notReached: -91 } as const;

/** Only a 2xx answer whose body is exactly `1` counts as received. */
export function isPushAccepted(status: number, body: string): boolean {
  return status >= 200 && status < 300 && body === '1';
}

/** The order a push is about (its order key), or undefined. */
function signidOf(body: string): string | undefined {
  try {
    const v: unknown = (JSON.parse(body) as { extendData?: { signid?: unknown } }).extendData?.signid;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The policy: the tenant's own retry delays, read when an attempt failed. */
export function registerPushPolicy(rt: WosignRuntime, webhooks: WebhookDispatcher): void {
  webhooks.registerPolicy(VENDOR, {
    maxAttempts: MAX_ATTEMPTS,
    retryDelayMs: (failed, d) => rt.tenants.get(d.tenant)?.settings.pushRetryDelaysMs[failed - 1],
    timeoutMs: PUSH_TIMEOUT_MS,
    isSuccess: isPushAccepted,
    orderKey: (d) => signidOf(d.body),
  });
}

/** The PushSignedDoc body, keys in the doc's order. */
export function pushBody(order: WosignOrder, status: 0 | 1, errorcode: string, content: Uint8Array): string {
  return JSON.stringify({
    actiontype: 'PushSignedDoc',
    status,
    errorcode,
    extendData: {
      signid: order.signid,
      ordernumber: order.orderNumber,
      content: Buffer.from(content).toString('base64'),
      hash: createHash('sha256').update(content).digest('hex'),
    },
  });
}

function send(rt: WosignRuntime, t: WosignTenant, event: string, body: string): void {
  const url = t.settings.notifyUrl.trim();
  if (!url) return;
  rt.ctx.webhooks.enqueue({
    vendor: VENDOR,
    tenant: t.id,
    url,
    body,
    headers: { 'Content-Type': PUSH_CONTENT_TYPE },
    event,
  });
}

/** Every signer signed: status 1, errorcode "0", the signed PDF. */
export function pushSigned(rt: WosignRuntime, t: WosignTenant, order: WosignOrder, pdf: Uint8Array): void {
  send(rt, t, 'PushSignedDoc', pushBody(order, 1, '0', pdf));
}

/**
 * A signer refused: status 0, the codes joined with `&` (kept on the order), no content (hash
 * the SHA-256 of no bytes, so a receiver checking it still can).
 */
export function pushRefused(rt: WosignRuntime, t: WosignTenant, order: WosignOrder): void {
  const codes = order.signers
    .filter((s) => s.status !== 'signed')
    .map((s) => (s.status === 'refused' ? REFUSAL_CODES.refused : REFUSAL_CODES.notReached));
  order.errorcodes = codes;
  rt.changed();
  send(rt, t, 'PushSignedDoc', pushBody(order, 0, codes.join('&'), new Uint8Array()));
}
