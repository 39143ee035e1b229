/**
 * The sign-flow state machine (doc §4.9, §2.2).
 *
 * flowStatus: 0 草稿 → (execute) → 1 签署中 → 2 已完成 | 3 已撤销 | 4 已终止 | 5 已过期.
 * signStatus (simulator's reading of the doc's list): 0 待签署 = not yet this signer's turn
 * (or the flow is a draft); 1 签署中 = active, recieveTime set, may sign; 2 已完成; 3 签署失败
 * (stamping failed); 4 已拒签. 5 待确认 is never produced.
 * decision: esign.sign-status-values
 *
 * Order: signers with the lowest signOrder among the unfinished are active together; the
 * next order becomes active when all of them signed (signOrder absent = 1, so a flow without
 * orders is unordered: everyone at once). autoSign signers sign silently the moment they
 * become active.
 * decision: esign.sign-order-default
 *
 * Quota (§2.2): /sign/start freezes one unit per document (drafts too); completion deducts;
 * revoke, refusal, failure and expiry release.
 *
 * Every function here expects the caller to hold the flow's lock (runtime.lock).
 */
import { signFlowFinish, signFlowUpdate } from './callbacks.ts';
import { notifyActive } from './notices.ts';
import type { EsignRuntime } from './runtime.ts';
import { signerCertificate } from './certificates.ts';
import { signDoc } from './signing.ts';
import type { CertificateView, EsignTenant, Flow, FlowStatus, Signer } from './state.ts';
import { flowViewUrl } from './urls.ts';

export const EXPIRE_JOB = 'esign.flowExpire';

export const FLOW_STATUS_TEXT: Record<FlowStatus, string> = {
  0: '草稿',
  1: '签署中',
  2: '已完成',
  3: '已撤销',
  4: '已终止',
  5: '已过期',
};

export const SIGN_STATUS_TEXT: Record<number, string> = {
  0: '待签署',
  1: '签署中',
  2: '已完成',
  3: '签署失败',
  4: '已拒签',
  5: '待确认',
};

export function flowLockKey(t: EsignTenant, flowId: string): string {
  return `${t.id}/${flowId}`;
}

export function scheduleExpiry(rt: EsignRuntime, t: EsignTenant, flow: Flow): void {
  if (flow.signValidity === undefined) return;
  rt.ctx.clock.schedule(EXPIRE_JOB, flow.signValidity, { tenant: t.id, flowId: flow.flowId });
}

function cancelExpiry(rt: EsignRuntime, t: EsignTenant, flow: Flow): void {
  rt.ctx.clock.cancelWhere((j) => {
    if (j.kind !== EXPIRE_JOB) return false;
    const p = j.payload as { tenant?: string; flowId?: string };
    return p.tenant === t.id && p.flowId === flow.flowId;
  });
}

function releaseQuota(t: EsignTenant, flow: Flow): void {
  t.quota.frozen = Math.max(0, t.quota.frozen - flow.quotaFrozen);
  flow.quotaFrozen = 0;
}

function deductQuota(t: EsignTenant, flow: Flow): void {
  const n = flow.quotaFrozen;
  t.quota.frozen = Math.max(0, t.quota.frozen - n);
  t.quota.used += n;
  flow.quotaDeducted = n;
  flow.quotaFrozen = 0;
}

/** Ends a running or draft flow with 3/4/5: release quota, stop the expiry job, FINISH. */
export function terminate(
  rt: EsignRuntime,
  t: EsignTenant,
  flow: Flow,
  status: 3 | 4 | 5,
  description?: string,
): void {
  flow.flowStatus = status;
  flow.endTime = rt.now();
  if (description) flow.statusDescription = description;
  releaseQuota(t, flow);
  cancelExpiry(rt, t, flow);
  signFlowFinish(rt, t, flow);
  rt.changed();
}

function complete(rt: EsignRuntime, t: EsignTenant, flow: Flow): void {
  flow.flowStatus = 2;
  flow.endTime = rt.now();
  deductQuota(t, flow);
  cancelExpiry(rt, t, flow);
  signFlowFinish(rt, t, flow);
  rt.changed();
}

/** true when signValidity has passed: the flow is expired on the spot (the job may lag). */
export function expireIfDue(rt: EsignRuntime, t: EsignTenant, flow: Flow): boolean {
  if (
    (flow.flowStatus === 0 || flow.flowStatus === 1) &&
    flow.signValidity !== undefined &&
    rt.now() >= flow.signValidity
  ) {
    terminate(rt, t, flow, 5, '签署截止时间已过，签署任务已过期');
    return true;
  }
  return false;
}

export function participatingDocIds(signer: Signer): string[] {
  return signer.plans.map((p) => p.docId);
}

/**
 * Stamps every planned position of this signer on the flow's current documents and commits
 * them at once. On a stamping failure the signer gets 3 签署失败 and the flow 4 已终止.
 * Returns whether the signature went through.
 */
async function performSign(
  rt: EsignRuntime,
  t: EsignTenant,
  flow: Flow,
  signer: Signer,
  explain?: string,
): Promise<boolean> {
  const updates: Array<{ docId: string; blobId: string }> = [];
  let certificate: CertificateView | undefined;
  try {
    const who = { kind: signer.sealKind, name: signer.sealName };
    const qr = flowViewUrl(rt, t, flow);
    const identity = await signerCertificate(rt, t, signer);
    certificate = {
      subject: identity.subject,
      issuer: identity.issuer,
      serialNumber: identity.serialNumber,
      notBefore: identity.notBefore.getTime(),
      notAfter: identity.notAfter.getTime(),
    };
    const docSigner = {
      identity,
      name: signer.sealName,
      fieldName: `esign_${signer.authorizationOrgId ?? signer.accountId}`,
      signingTime: new Date(rt.now()),
      tsa: rt.pki.tsa,
    };
    for (const plan of signer.plans) {
      const doc = flow.docs.find((d) => d.docId === plan.docId);
      const current = doc && rt.ctx.blobs.get(doc.currentBlobId);
      if (!doc || !current) throw new Error(`document ${plan.docId} is missing`);
      const signed = await signDoc(current.bytes, plan, who, qr, docSigner);
      const blob = rt.ctx.blobs.put(signed, {
        tenant: t.id,
        vendor: 'esign',
        contentType: 'application/pdf',
        name: doc.name,
      });
      updates.push({ docId: doc.docId, blobId: blob.id });
    }
  } catch (err) {
    for (const u of updates) rt.ctx.blobs.delete(u.blobId);
    signer.signStatus = 3;
    signer.signTime = rt.now();
    signer.signExplain = `签署失败：${(err as Error).message}`;
    signFlowUpdate(rt, t, flow, signer, participatingDocIds(signer), 3, signer.signExplain);
    terminate(rt, t, flow, 4, '签署失败，签署任务已终止');
    return false;
  }
  for (const u of updates) flow.docs.find((d) => d.docId === u.docId)!.currentBlobId = u.blobId;
  signer.signStatus = 2;
  signer.signTime = rt.now();
  signer.certificate = certificate;
  if (explain) signer.signExplain = explain;
  signer.verify = undefined;
  signFlowUpdate(rt, t, flow, signer, participatingDocIds(signer), 2);
  rt.changed();
  return true;
}

/**
 * Activates the next group of signers, auto-signs the silent ones, and completes the flow
 * when nobody is left. Loops because a group of silent signers hands over at once.
 */
export async function advance(rt: EsignRuntime, t: EsignTenant, flow: Flow): Promise<void> {
  for (;;) {
    if (flow.flowStatus !== 1) return;
    const pending = flow.signers.filter((s) => s.signStatus === 0 || s.signStatus === 1);
    if (pending.length === 0) {
      complete(rt, t, flow);
      return;
    }
    const order = Math.min(...pending.map((s) => s.signOrder));
    const group = pending.filter((s) => s.signOrder === order);
    for (const s of group) {
      if (s.signStatus !== 0) continue;
      s.signStatus = 1;
      s.recieveTime = rt.now();
      if (!s.autoSign) notifyActive(rt, t, flow, s);
    }
    rt.changed();
    const silent = group.filter((s) => s.signStatus === 1 && s.autoSign);
    if (silent.length === 0) return;
    for (const s of silent) {
      if (!(await performSign(rt, t, flow, s))) return;
    }
  }
}

/** 0 → 1 (autoInitiate 1 at start, or /sign/execute). */
export async function begin(rt: EsignRuntime, t: EsignTenant, flow: Flow): Promise<void> {
  flow.flowStatus = 1;
  rt.changed();
  await advance(rt, t, flow);
}

export type SignerActionResult =
  { ok: true } | { ok: false; reason: 'not-running' | 'not-your-turn' | 'already-done' | 'failed' };

function actionable(rt: EsignRuntime, t: EsignTenant, flow: Flow, signer: Signer): SignerActionResult {
  if (signer.signStatus !== 0 && signer.signStatus !== 1) return { ok: false, reason: 'already-done' };
  if (expireIfDue(rt, t, flow)) return { ok: false, reason: 'not-running' };
  if (flow.flowStatus !== 1) return { ok: false, reason: 'not-running' };
  if (signer.signStatus === 0) return { ok: false, reason: 'not-your-turn' };
  return { ok: true };
}

/** A human signer signs (page or control call). */
export async function signerSigns(
  rt: EsignRuntime,
  t: EsignTenant,
  flow: Flow,
  signer: Signer,
  explain?: string,
): Promise<SignerActionResult> {
  const ok = actionable(rt, t, flow, signer);
  if (!ok.ok) return ok;
  if (!(await performSign(rt, t, flow, signer, explain))) return { ok: false, reason: 'failed' };
  await advance(rt, t, flow);
  return { ok: true };
}

/** A human signer refuses: SIGN_FLOW_UPDATE 4 per document, then the flow ends 4 已终止. */
export function signerRefuses(
  rt: EsignRuntime,
  t: EsignTenant,
  flow: Flow,
  signer: Signer,
  reason?: string,
): SignerActionResult {
  const ok = actionable(rt, t, flow, signer);
  if (!ok.ok) return ok;
  signer.signStatus = 4;
  signer.signTime = rt.now();
  signer.signExplain = reason?.trim() || undefined;
  signer.verify = undefined;
  signFlowUpdate(rt, t, flow, signer, participatingDocIds(signer), 4, signer.signExplain);
  terminate(rt, t, flow, 4, signer.signExplain ? `签署人拒签：${signer.signExplain}` : '签署人拒签');
  return { ok: true };
}

/** Finds the signer a path or page names: its authorizationOrgId, else its accountId. */
export function findSigner(flow: Flow, id: string): Signer | undefined {
  const byRole = flow.signers.filter(
    (s) => s.authorizationOrgId === id || (s.accountId === id && !s.authorizationOrgId),
  );
  const list = byRole.length ? byRole : flow.signers.filter((s) => s.accountId === id);
  return list.find((s) => s.signStatus === 1) ?? list[0];
}
