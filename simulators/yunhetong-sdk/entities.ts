/**
 * The dashboard's view of yunhetong-sdk (core/vendor.ts `entities`): apps, their contracts and each
 * contract's partners, with the console's sign and 作废 buttons. The contract PDF and the signing
 * page need a user's token, which only the integrator's backend holds, so there are no links.
 */
import type { TenantView } from '../core/vendor.ts';
import type { YunhetongSdkRuntime } from './runtime.ts';

export function yunhetongSdkEntities(rt: YunhetongSdkRuntime): TenantView[] {
  return rt.tenants.all().map((t) => ({
    id: t.id,
    entities: Object.values(t.contracts)
      .sort((a, b) => a.gmtCreate - b.gmtCreate)
      .map((k) => ({
        kind: 'contract',
        id: k.contractId,
        title: k.title,
        status: k.status,
        at: k.gmtCreate,
        children: k.partners.map((p) => {
          const who = encodeURIComponent(p.appUserId);
          const path = `/__sim/yunhetong-sdk/contracts/${k.contractId}/partners/${who}`;
          const open = k.status === 'signing' && p.signedAt === undefined;
          return {
            kind: 'partner',
            id: p.appUserId,
            status: p.signedAt !== undefined ? 'signed' : k.status === 'signing' ? 'to sign' : k.status,
            ...(p.signedAt !== undefined ? { at: p.signedAt } : {}),
            actions: open
              ? [
                  { label: 'sign', path, body: { action: 'sign' } },
                  { label: 'invalid (作废)', path, body: { action: 'invalid' }, danger: true },
                ]
              : [],
          };
        }),
      })),
  }));
}
