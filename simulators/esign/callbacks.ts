/**
 * Callbacks to the tenant's configured callbackUrl (doc §4.10): SIGN_FLOW_UPDATE when a signer
 * signs, fails or refuses (one per document the signer takes part in), SIGN_FLOW_FINISH when
 * the flow ends. Bodies are JSON signed like responses (§4.10.2: X-timevale-* headers, HMAC
 * over the body bytes). Delivery policy (§4.10.1): 2 s to answer, success when
 * 200 <= status < 400, at most 6 attempts 30 minutes apart. No URL, no callback.
 * decision: esign.callback-policy, esign.callback-events
 */
import type { WebhookDispatcher } from '../core/webhooks.ts';
import { signedHeaders } from './auth.ts';
import { VENDOR, type EsignRuntime } from './runtime.ts';
import type { EsignTenant, Flow, Signer } from './state.ts';
import { formatBeijingTime } from '../core/time.ts';

export function registerCallbackPolicy(webhooks: WebhookDispatcher): void {
  webhooks.registerPolicy(VENDOR, {
    maxAttempts: 6,
    retryDelayMs: () => 30 * 60_000,
    timeoutMs: 2000,
    isSuccess: (status) => status >= 200 && status < 400,
    // decision: esign.callback-order
    orderKey: (d) => flowIdOf(d.body),
  });
}

function flowIdOf(body: string): string | undefined {
  try {
    const flowId: unknown = (JSON.parse(body) as { flowId?: unknown }).flowId;
    return typeof flowId === 'string' ? flowId : undefined;
  } catch {
    return undefined;
  }
}

function send(rt: EsignRuntime, t: EsignTenant, event: string, payload: Record<string, unknown>): void {
  const url = t.callbackUrl.trim();
  if (!url) return;
  const body = JSON.stringify(payload);
  const headers = {
    'Content-Type': 'application/json;charset=UTF-8',
    ...signedHeaders(t.id, t.secret, body),
  };
  rt.ctx.webhooks.enqueue({ vendor: VENDOR, tenant: t.id, url, body, headers, event });
}

/** signResult: 2 签署完成, 3 失败, 4 拒签 (§4.10.3). */
export function signFlowUpdate(
  rt: EsignRuntime,
  t: EsignTenant,
  flow: Flow,
  signer: Signer,
  docIds: string[],
  signResult: 2 | 3 | 4,
  resultDescription?: string,
): void {
  for (const docId of docIds) {
    send(rt, t, 'SIGN_FLOW_UPDATE', {
      action: 'SIGN_FLOW_UPDATE',
      accountId: signer.accountId,
      flowId: flow.flowId,
      docId,
      signTime: formatBeijingTime(signer.signTime ?? rt.now()),
      signResult,
      ...(resultDescription ? { resultDescription } : {}),
    });
  }
}

/** flowStatus 2/3/4/5 (§4.10.4; the field is spelled `businessScence` in the doc). */
export function signFlowFinish(rt: EsignRuntime, t: EsignTenant, flow: Flow): void {
  send(rt, t, 'SIGN_FLOW_FINISH', {
    action: 'SIGN_FLOW_FINISH',
    businessScence: flow.businessScene,
    flowId: flow.flowId,
    flowStatus: flow.flowStatus,
    ...(flow.statusDescription ? { statusDescription: flow.statusDescription } : {}),
    createTime: formatBeijingTime(flow.createTime),
    endTime: formatBeijingTime(flow.endTime ?? rt.now()),
  });
}
