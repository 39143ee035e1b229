/**
 * The dashboard's view of yunhetong-sdk (core/vendor.ts `entities`): apps, their contracts and each
 * contract's partners, with the console's sign and 作废 buttons, and buttons opening the partner's
 * signing page and the contract's PDF (they need a user's token: the console issues one, control.ts).
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
            actions: [
              { label: 'signing page', path: `${path}/open`, body: { view: 'page' } },
              { label: 'PDF', path: `${path}/open`, body: { view: 'pdf' } },
              ...(open
                ? [
                    { label: 'sign', path, body: { action: 'sign' } },
                    { label: 'invalid (作废)', path, body: { action: 'invalid' }, danger: true },
                  ]
                : []),
            ],
          };
        }),
      })),
  }));
}
