/**
 * The dashboard's view of WoSign (core/vendor.ts `entities`): tenants (tokenid), their signing
 * orders and signers in order, with each signer's page (the SMS link) and the console's sign and
 * refuse buttons for the signer whose turn it is.
 */
import type { TenantView } from '../core/vendor.ts';
import type { WosignRuntime } from './runtime.ts';
import { signingPageUrl } from './signing.ts';

export function wosignEntities(rt: WosignRuntime): TenantView[] {
  return rt.tenants.all().map((t) => ({
    id: t.id,
    entities: Object.values(t.orders)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((o) => ({
        kind: 'order',
        id: o.signid,
        title: `${o.subject} (${o.orderNumber})`,
        status: o.status,
        at: o.createdAt,
        children: o.signers.map((s) => {
          const path = `/__sim/wosign/orders/${o.signid}/signers/${s.index}`;
          const turn = o.status === 'signing' && (s.status === 'signing' || s.status === 'waiting');
          return {
            kind: s.signType === 2 ? 'company signer' : 'person signer',
            id: String(s.index),
            title: s.orgName ?? s.userName ?? '',
            status: s.status,
            ...(s.signedAt !== undefined ? { at: s.signedAt } : {}),
            links: s.status === 'signing' ? [{ label: 'signing page', href: signingPageUrl(rt, o, s) }] : [],
            actions: turn
              ? [
                  { label: 'sign', path, body: { action: 'sign' } },
                  { label: 'refuse', path, body: { action: 'refuse' }, danger: true },
                ]
              : [],
          };
        }),
      })),
  }));
}
