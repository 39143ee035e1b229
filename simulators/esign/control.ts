/**
 * esign's control app, mounted by core at /__sim/esign (contracts/esign/control.ts): a human
 * signer's sign / refuse, and debug views of projects and flows.
 */
import { createConsoleApp } from '../core/console.ts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { esignError, type EsignErrorName } from '../../contracts/esign/errors.ts';
import { esignControlRoutes as r } from '../../contracts/esign/control.ts';
import {
  findSigner,
  FLOW_STATUS_TEXT,
  flowLockKey,
  SIGN_STATUS_TEXT,
  signerRefuses,
  signerSigns,
} from './flow.ts';
import { freeQuota, type EsignRuntime } from './runtime.ts';
import { own, type EsignTenant, type Flow } from './state.ts';
import { formatBeijingTime, MINUTE } from '../core/time.ts';
import { downloadUrl, signUrl } from './urls.ts';

export function quotaView(t: EsignTenant) {
  return { ...t.quota, free: freeQuota(t.quota) };
}

export function tenantView(t: EsignTenant) {
  return {
    projectId: t.id,
    name: t.name,
    callbackUrl: t.callbackUrl,
    quota: quotaView(t),
    ...(t.quotaExpiresAt !== undefined ? { quotaExpiresAt: t.quotaExpiresAt } : {}),
    counts: {
      accounts: Object.keys(t.accounts).length,
      files: Object.keys(t.files).length,
      templates: Object.keys(t.templates).length,
      docs: Object.keys(t.docs).length,
      flows: Object.keys(t.flows).length,
    },
  };
}

function findFlow(
  rt: EsignRuntime,
  flowId: string,
  projectId?: string,
): { t: EsignTenant; flow: Flow } | undefined {
  for (const t of rt.tenants.all()) {
    if (projectId && t.id !== projectId) continue;
    if (Object.prototype.hasOwnProperty.call(t.flows, flowId)) return { t, flow: own(t.flows, flowId)! };
  }
  return undefined;
}

function flowView(rt: EsignRuntime, t: EsignTenant, flow: Flow) {
  return {
    projectId: t.id,
    flowId: flow.flowId,
    businessScene: flow.businessScene,
    flowStatus: flow.flowStatus,
    flowStatusText: FLOW_STATUS_TEXT[flow.flowStatus],
    ...(flow.statusDescription ? { statusDescription: flow.statusDescription } : {}),
    createTime: formatBeijingTime(flow.createTime),
    ...(flow.endTime !== undefined ? { endTime: formatBeijingTime(flow.endTime) } : {}),
    ...(flow.signValidity !== undefined ? { signValidity: formatBeijingTime(flow.signValidity) } : {}),
    noticeType: flow.noticeType,
    ...(flow.redirectUrl ? { redirectUrl: flow.redirectUrl } : {}),
    quotaFrozen: flow.quotaFrozen,
    quotaDeducted: flow.quotaDeducted,
    docs: flow.docs.map((d) => ({
      docId: d.docId,
      name: d.name,
      pageCount: d.pageCount,
      currentUrl: downloadUrl(rt, d.currentBlobId, 30 * MINUTE),
    })),
    signers: flow.signers.map((s) => ({
      accountId: s.accountId,
      ...(s.authorizationOrgId ? { authorizationOrgId: s.authorizationOrgId } : {}),
      kind: s.kind,
      name: s.sealName,
      signOrder: s.signOrder,
      autoSign: s.autoSign,
      signStatus: s.signStatus,
      signStatusText: SIGN_STATUS_TEXT[s.signStatus]!,
      ...(s.recieveTime !== undefined ? { recieveTime: formatBeijingTime(s.recieveTime) } : {}),
      ...(s.signTime !== undefined ? { signTime: formatBeijingTime(s.signTime) } : {}),
      ...(s.signExplain ? { signExplain: s.signExplain } : {}),
      signUrl: signUrl(rt, flow, s),
      positions: s.plans.map((p) => ({ docId: p.docId, describe: p.stamps.map((x) => x.describe) })),
    })),
    quota: quotaView(t),
  };
}

type ControlCode =
  'unknown-flow' | 'unknown-signer' | 'not-running' | 'not-your-turn' | 'already-done' | 'failed';

const CATALOGUE: Record<ControlCode, EsignErrorName> = {
  'unknown-flow': 'FLOW_NOT_FOUND',
  'unknown-signer': 'SIGNER_NOT_IN_FLOW',
  'not-running': 'FLOW_STATUS_INVALID',
  'not-your-turn': 'FLOW_STATUS_INVALID',
  'already-done': 'SIGNER_ALREADY_DONE',
  failed: 'FLOW_STATUS_INVALID',
};

/** A control error: a readable text, a stable code, and the catalogue's errCode/msg for it. */
function controlError(code: ControlCode, error: string) {
  return { error, code, ...esignError(CATALOGUE[code], error) };
}

export function createEsignControl(rt: EsignRuntime): OpenAPIHono {
  const app = createConsoleApp();

  app.openapi(r.tenantView, (c) => {
    const t = rt.tenants.get(c.req.valid('param').projectId);
    if (!t) return c.json({ error: 'unknown project', code: 'unknown-tenant' as const }, 404);
    return c.json(tenantView(t), 200);
  });

  app.openapi(r.flowList, (c) => {
    const { projectId } = c.req.valid('query');
    const flows = rt.tenants
      .all()
      .filter((t) => !projectId || t.id === projectId)
      .flatMap((t) =>
        Object.values(t.flows).map((f) => ({
          projectId: t.id,
          flowId: f.flowId,
          businessScene: f.businessScene,
          flowStatus: f.flowStatus,
          createTime: formatBeijingTime(f.createTime),
          at: f.createTime,
        })),
      )
      .sort((a, b) => a.at - b.at)
      .map(({ at: _at, ...f }) => f);
    return c.json({ flows }, 200);
  });

  app.openapi(r.flowView, (c) => {
    const found = findFlow(rt, c.req.valid('param').flowId, c.req.valid('query').projectId);
    if (!found) return c.json(controlError('unknown-flow', 'unknown flow'), 404);
    return c.json(flowView(rt, found.t, found.flow), 200);
  });

  app.openapi(r.signerAction, async (c) => {
    const { flowId, accountId } = c.req.valid('param');
    const found = findFlow(rt, flowId, c.req.valid('query').projectId);
    if (!found) return c.json(controlError('unknown-flow', 'unknown flow'), 404);
    const { t, flow } = found;
    const signer = findSigner(flow, accountId);
    if (!signer)
      return c.json(controlError('unknown-signer', `${accountId} is not a signer of this flow`), 404);
    const { action, reason } = c.req.valid('json');
    const result = await rt.lock(flowLockKey(t, flow.flowId), () =>
      action === 'sign'
        ? signerSigns(rt, t, flow, signer, reason)
        : signerRefuses(rt, t, flow, signer, reason),
    );
    if (!result.ok) {
      const text = {
        'not-running': `flow is ${FLOW_STATUS_TEXT[flow.flowStatus]} (flowStatus ${flow.flowStatus})`,
        'not-your-turn': 'not this signer’s turn yet',
        'already-done': `signer is already ${SIGN_STATUS_TEXT[signer.signStatus]}`,
        failed: 'stamping failed; the flow is terminated',
      }[result.reason];
      return c.json(controlError(result.reason, text), 409);
    }
    return c.json(
      {
        flowId: flow.flowId,
        accountId: signer.accountId,
        ...(signer.authorizationOrgId ? { authorizationOrgId: signer.authorizationOrgId } : {}),
        signStatus: signer.signStatus,
        flowStatus: flow.flowStatus,
      },
      200,
    );
  });

  return app;
}
