/**
 * §4.9 sign flows. /sign/start validates everything (accounts, documents, positions, quota)
 * before it creates anything; then it freezes quota and, with autoInitiate 1, starts the flow
 * (silent signers sign before the answer is sent).
 *
 * Decisions (guesses, documented):
 * - signValidity must lie in the future on the virtual clock; when it passes, the flow (draft
 *   or running) becomes 5 已过期 via a clock job.
 *   decision: esign.sign-validity-future
 * - initiatorAccountId and payer, when given, must be accounts of the project (payer may also
 *   be the project id itself). Quota is always the project's own package (the simulator has
 *   no per-user packages); payer is only recorded.
 *   decision: esign.quota-project-package
 * - A signer's accountId must be a person; an organisation signs through its agent with
 *   authorizationOrgId (the org's 经办人 must be that person). The same (accountId,
 *   authorizationOrgId) pair may not appear twice; the same person may sign for itself and
 *   for its org in one flow.
 *   decision: esign.signer-is-person
 * - signUrlList lists every signer that is not silent (autoSign 0), grouped by accountId;
 *   `signUrl` holds one URL per role of that account. The platform (signerAppAuto) appears
 *   under the project id when it is not silent.
 *   decision: esign.sign-url-list
 * - /sign/download answers only a finished flow (flowStatus 2, 已完成) with the fully signed
 *   documents; in any other status it is FLOW_NOT_FINISHED (doc §3 第七步: "当所有人签署完毕后，
 *   可通过接口下载签署后的合同"). The PDF as signed so far is visible on the signer's page and in
 *   the control view (GET /__sim/esign/flows/{flowId}, docs[].currentUrl).
 *   decision: esign.download-finished-only
 * - The project's package may carry an expiry (tenant setting quotaExpiresAt, epoch ms): from
 *   then on /sign/start answers QUOTA_EXPIRED (§2.3 套餐到期).
 *   decision: esign.quota-expiry
 */
import type { FlowIdBody, SignStartBody } from '../../../contracts/esign/schemas.ts';
import { esignCatalogue } from '../../../contracts/esign/errors.ts';
import { begin, expireIfDue, flowLockKey, scheduleExpiry, terminate } from '../flow.ts';
import { hex32, newHexId } from '../ids.ts';
import { freeQuota, type EsignRuntime } from '../runtime.ts';
import { loadPlanDoc, planSigner, type DocPosIn, type PlanDoc } from '../signing.ts';
import { own, type EsignTenant, type Flow, type FlowDoc, type Signer } from '../state.ts';
import { formatBeijingTime, MINUTE } from '../../core/time.ts';
import { isHttpUrl } from '../../core/security.ts';
import { downloadUrl, signUrl } from '../urls.ts';

export const SIGNED_DOC_URL_TTL_MS = 30 * MINUTE;

type SignerIn = NonNullable<SignStartBody['recipientList']['signerList']>[number];
type AppAutoIn = NonNullable<SignStartBody['recipientList']['signerAppAuto']>;

function docPos(list: SignerIn['docPosList']): DocPosIn[] | undefined {
  return list?.map((p) => ({
    docId: p.docId,
    signType: p.signType,
    qrcodeSign: p.qrcodeSign,
    posBeanList: p.posBeanList?.map((b) => ({
      posPage: b.posPage,
      posX: b.posX,
      posY: b.posY,
      key: b.key,
      scale: b.scale,
    })),
  }));
}

function checkNumber(v: number | undefined, field: string): void {
  if (v !== undefined && !Number.isFinite(v)) esignCatalogue.fail('PARAM_INVALID', field);
}

export async function signStart(rt: EsignRuntime, t: EsignTenant, body: SignStartBody) {
  const now = rt.now();
  // ── validate ────────────────────────────────────────────────────────────────────────────
  if (body.signValidity !== undefined && body.signValidity <= now)
    esignCatalogue.fail('SIGN_VALIDITY_INVALID', '签署截止时间已过');
  // The signer's browser is sent there after signing: absolute http(s) only (no javascript:).
  // decision: esign.redirect-url-http
  if (body.redirectUrl && !isHttpUrl(body.redirectUrl))
    esignCatalogue.fail('PARAM_INVALID', 'redirectUrl 必须为 http 或 https 地址');
  if (body.initiatorAccountId && !own(t.accounts, body.initiatorAccountId))
    esignCatalogue.fail('ACCOUNT_NOT_FOUND', `initiatorAccountId ${body.initiatorAccountId}`);
  if (body.payer && body.payer !== t.id && !own(t.accounts, body.payer))
    esignCatalogue.fail('ACCOUNT_NOT_FOUND', `payer ${body.payer}`);

  const seenDocs = new Set<string>();
  for (const d of body.docList) {
    if (!own(t.docs, d.docId)) esignCatalogue.fail('DOC_NOT_FOUND', d.docId);
    if (seenDocs.has(d.docId)) esignCatalogue.fail('PARAM_INVALID', `docList 中合同重复: ${d.docId}`);
    seenDocs.add(d.docId);
  }

  const signersIn = body.recipientList.signerList ?? [];
  const appAuto: AppAutoIn | undefined = body.recipientList.signerAppAuto;
  if (signersIn.length === 0 && !appAuto) esignCatalogue.fail('RECIPIENT_EMPTY');
  const roles = new Set<string>();
  for (const [i, s] of signersIn.entries()) {
    const acct = own(t.accounts, s.accountId);
    if (!acct) esignCatalogue.fail('ACCOUNT_NOT_FOUND', `signerList[${i}].accountId ${s.accountId}`);
    if (acct.kind !== 'person')
      esignCatalogue.fail(
        'PARAM_INVALID',
        `signerList[${i}].accountId 必须为个人账户，企业签署请由经办人以 authorizationOrgId 代理签署`,
      );
    if (s.authorizationOrgId) {
      const org = own(t.accounts, s.authorizationOrgId);
      if (!org || org.kind !== 'organize')
        esignCatalogue.fail('AUTHORIZATION_ORG_NOT_FOUND', s.authorizationOrgId);
      if (org.agentAccountId !== s.accountId)
        esignCatalogue.fail('AUTHORIZATION_ORG_NOT_AUTHORISED', `signerList[${i}]`);
    }
    const role = `${s.accountId}/${s.authorizationOrgId ?? ''}`;
    if (roles.has(role)) esignCatalogue.fail('PARAM_INVALID', `signerList[${i}] 签署人重复`);
    roles.add(role);
    for (const p of s.docPosList ?? [])
      for (const b of p.posBeanList ?? [])
        [b.posX, b.posY, b.scale].forEach((v) => checkNumber(v, `signerList[${i}].docPosList`));
  }

  if (t.quotaExpiresAt !== undefined && now >= t.quotaExpiresAt) esignCatalogue.fail('QUOTA_EXPIRED');
  const units = body.docList.length;
  if (freeQuota(t.quota) < units)
    esignCatalogue.fail('QUOTA_INSUFFICIENT', `需要 ${units} 份，剩余 ${freeQuota(t.quota)} 份`);

  const planDocs: PlanDoc[] = [];
  // every keyword of the request found with one text extraction per document
  const positions = [...signersIn, ...(appAuto ? [appAuto] : [])].map((s) => docPos(s.docPosList));
  for (const d of body.docList) {
    const doc = own(t.docs, d.docId)!;
    const blob = rt.ctx.blobs.get(doc.blobId);
    if (!blob) esignCatalogue.fail('DOC_NOT_FOUND', d.docId);
    planDocs.push(await loadPlanDoc(d.docId, blob.bytes, positions));
  }

  const signers: Signer[] = [];
  for (const [i, s] of signersIn.entries()) {
    const person = own(t.accounts, s.accountId)!;
    const org = s.authorizationOrgId ? own(t.accounts, s.authorizationOrgId)! : undefined;
    signers.push({
      index: i,
      kind: 'person',
      accountId: s.accountId,
      ...(org ? { authorizationOrgId: org.accountId } : {}),
      signOrder: s.signOrder ?? 1,
      autoSign: s.autoSign === 1,
      ...(s.sealType ? { sealType: s.sealType } : {}),
      ...(s.certType !== undefined ? { certType: s.certType } : {}),
      sealName: org ? org.name : person.name,
      sealKind: org ? 'company' : 'personal',
      plans: await planSigner(planDocs, docPos(s.docPosList), i),
      signStatus: 0,
      token: hex32(),
    });
  }
  if (appAuto) {
    const i = signers.length;
    signers.push({
      index: i,
      kind: 'platform',
      accountId: t.id,
      signOrder: appAuto.signOrder ?? 1,
      autoSign: appAuto.autoSign === 1,
      ...(appAuto.sealType ? { sealType: appAuto.sealType } : {}),
      ...(appAuto.certType !== undefined ? { certType: appAuto.certType } : {}),
      sealName: t.name,
      sealKind: 'company',
      plans: await planSigner(planDocs, docPos(appAuto.docPosList), i),
      signStatus: 0,
      token: hex32(),
    });
  }

  // ── create ──────────────────────────────────────────────────────────────────────────────
  // Planning awaited: a concurrent start may have taken the quota meanwhile.
  if (freeQuota(t.quota) < units)
    esignCatalogue.fail('QUOTA_INSUFFICIENT', `需要 ${units} 份，剩余 ${freeQuota(t.quota)} 份`);
  const flowId = newHexId(t.flows);
  const docs: FlowDoc[] = body.docList.map((d) => {
    const doc = own(t.docs, d.docId)!;
    return {
      docId: doc.docId,
      name: d.name?.trim() || doc.name,
      originalBlobId: doc.blobId,
      currentBlobId: doc.blobId,
      pageCount: doc.pageCount,
    };
  });
  const flow: Flow = {
    flowId,
    businessScene: body.businessScene,
    ...(body.initiatorAccountId ? { initiatorAccountId: body.initiatorAccountId } : {}),
    ...(body.signValidity !== undefined ? { signValidity: body.signValidity } : {}),
    ...(body.contractValidity !== undefined ? { contractValidity: body.contractValidity } : {}),
    ...(body.payer ? { payer: body.payer } : {}),
    autoInitiate: body.autoInitiate === 0 ? 0 : 1,
    ...(body.signPlatform ? { signPlatform: body.signPlatform } : {}),
    noticeType: body.noticeType ?? '',
    ...(body.redirectUrl ? { redirectUrl: body.redirectUrl } : {}),
    docs,
    signers,
    flowStatus: 0,
    createTime: now,
    quotaFrozen: units,
    quotaDeducted: 0,
  };
  t.flows[flowId] = flow;
  t.quota.frozen += units;
  scheduleExpiry(rt, t, flow);
  rt.changed();
  if (flow.autoInitiate === 1) await rt.lock(flowLockKey(t, flowId), () => begin(rt, t, flow));

  const byAccount = new Map<string, string[]>();
  for (const s of signers) {
    if (s.autoSign) continue;
    const list = byAccount.get(s.accountId) ?? [];
    list.push(signUrl(rt, flow, s));
    byAccount.set(s.accountId, list);
  }
  return { flowId, signUrlList: [...byAccount].map(([accountId, urls]) => ({ accountId, signUrl: urls })) };
}

export function flowOf(t: EsignTenant, flowId: string): Flow {
  const flow = own(t.flows, flowId);
  if (!flow) esignCatalogue.fail('FLOW_NOT_FOUND', flowId);
  return flow;
}

export async function signExecute(rt: EsignRuntime, t: EsignTenant, body: FlowIdBody) {
  const flow = flowOf(t, body.flowId);
  await rt.lock(flowLockKey(t, flow.flowId), async () => {
    expireIfDue(rt, t, flow);
    if (flow.flowStatus !== 0) esignCatalogue.fail('FLOW_NOT_DRAFT', `当前状态 ${flow.flowStatus}`);
    await begin(rt, t, flow);
  });
}

export async function signRevoke(rt: EsignRuntime, t: EsignTenant, body: FlowIdBody) {
  const flow = flowOf(t, body.flowId);
  await rt.lock(flowLockKey(t, flow.flowId), () => {
    expireIfDue(rt, t, flow);
    if (flow.flowStatus !== 0 && flow.flowStatus !== 1)
      esignCatalogue.fail('FLOW_ALREADY_FINISHED', `当前状态 ${flow.flowStatus}`);
    terminate(rt, t, flow, 3, '发起方撤销签署任务');
  });
}

export function signDownload(rt: EsignRuntime, t: EsignTenant, body: FlowIdBody) {
  const flow = flowOf(t, body.flowId);
  if (flow.flowStatus !== 2) esignCatalogue.fail('FLOW_NOT_FINISHED', `当前状态 ${flow.flowStatus}`);
  return flow.docs.map((d) => ({
    docId: d.docId,
    docUrl: downloadUrl(rt, d.currentBlobId, SIGNED_DOC_URL_TTL_MS),
  }));
}

export function signDocDetail(_rt: EsignRuntime, t: EsignTenant, body: FlowIdBody) {
  const flow = flowOf(t, body.flowId);
  return {
    flowId: flow.flowId,
    businessScene: flow.businessScene,
    ...(flow.initiatorAccountId ? { initiatorAccountId: flow.initiatorAccountId } : {}),
    flowStatus: flow.flowStatus,
    // decision: esign.sign-validity-string, esign.times-utc8
    ...(flow.signValidity !== undefined ? { signValidity: String(flow.signValidity) } : {}),
    startTime: formatBeijingTime(flow.createTime),
    ...(flow.endTime !== undefined ? { endTime: formatBeijingTime(flow.endTime) } : {}),
    signInfo: flow.docs.map((d) => ({
      docId: d.docId,
      docName: d.name,
      signDetail: flow.signers
        .filter((s) => s.plans.some((p) => p.docId === d.docId))
        .map((s) => ({
          accountId: s.accountId,
          ...(s.authorizationOrgId ? { authorizationOrgId: s.authorizationOrgId } : {}),
          signStatus: s.signStatus,
          ...(s.recieveTime !== undefined ? { recieveTime: formatBeijingTime(s.recieveTime) } : {}),
          ...(s.signTime !== undefined ? { signTime: formatBeijingTime(s.signTime) } : {}),
          ...(s.signExplain ? { signExplain: s.signExplain } : {}),
        })),
    })),
  };
}
