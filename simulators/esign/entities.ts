/** The dashboard's view of esign (core/vendor.ts `entities`): projects, their flows and signers. */
import type { EntityView, TenantView } from '../core/vendor.ts';
import { MINUTE } from '../core/time.ts';
import { FLOW_STATUS_TEXT, SIGN_STATUS_TEXT } from './flow.ts';
import type { EsignRuntime } from './runtime.ts';
import type { Flow } from './state.ts';
import { downloadUrl, signUrl } from './urls.ts';

function flowEntity(rt: EsignRuntime, projectId: string, flow: Flow): EntityView {
  const running = flow.flowStatus === 1;
  // Only the signers whose turn it is get buttons (the lowest signOrder still to sign).
  const toSign = (s: Flow['signers'][number]) =>
    s.kind === 'person' && (s.signStatus === 0 || s.signStatus === 1);
  const turn = Math.min(...flow.signers.filter(toSign).map((s) => s.signOrder));
  return {
    kind: 'flow',
    id: flow.flowId,
    title: flow.businessScene,
    status: FLOW_STATUS_TEXT[flow.flowStatus],
    at: flow.createTime,
    links: flow.docs.map((d) => ({
      label: `${d.name}${flow.flowStatus === 2 ? ' (signed)' : ''}`,
      href: downloadUrl(rt, d.currentBlobId, 30 * MINUTE),
    })),
    children: flow.signers.map((s) => {
      const who = s.authorizationOrgId ?? s.accountId;
      const path = `/__sim/esign/flows/${flow.flowId}/signers/${who}?projectId=${projectId}`;
      const pending = running && toSign(s) && s.signOrder === turn;
      return {
        kind: s.kind === 'platform' ? 'platform' : 'signer',
        id: who,
        title: s.sealName,
        status: SIGN_STATUS_TEXT[s.signStatus] ?? String(s.signStatus),
        ...(s.signTime !== undefined ? { at: s.signTime } : {}),
        links: s.kind === 'person' ? [{ label: 'signing page', href: signUrl(rt, flow, s) }] : [],
        actions: pending
          ? [
              { label: 'sign', path, body: { action: 'sign' } },
              {
                label: 'refuse',
                path,
                body: { action: 'refuse', reason: 'refused on the dashboard' },
                danger: true,
              },
            ]
          : [],
      };
    }),
  };
}

export function esignEntities(rt: EsignRuntime): TenantView[] {
  return rt.tenants.all().map((t) => ({
    id: t.id,
    name: t.name,
    entities: Object.values(t.flows)
      .sort((a, b) => a.createTime - b.createTime)
      .map((f) => flowEntity(rt, t.id, f)),
  }));
}
