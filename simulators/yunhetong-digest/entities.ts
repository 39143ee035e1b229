/**
 * The dashboard's view of yunhetong-digest (core/vendor.ts `entities`): apps, their users and
 * summary signings (摘要签署流水), each with a button opening the signed PDF it wrote in the sandbox
 * (control.ts: while the file is unchanged).
 */
import type { TenantView } from '../core/vendor.ts';
import type { YunhetongDigestRuntime } from './runtime.ts';

export function yunhetongDigestEntities(rt: YunhetongDigestRuntime): TenantView[] {
  return rt.tenants.all().map((t) => ({
    id: t.id,
    entities: [
      ...Object.values(t.users)
        .sort((a, b) => a.signerId - b.signerId)
        .map((u) => ({
          kind: `user (${u.type})`,
          id: String(u.signerId),
          title: u.userName,
          status: u.certRevokedAt !== undefined ? 'certificate revoked' : 'active',
          at: u.createdAt,
        })),
      ...Object.values(t.summaries)
        .sort((a, b) => a.summaryId - b.summaryId)
        .map((s) => ({
          kind: 'summary',
          id: String(s.summaryId),
          title: s.contractTitle ?? s.contractPath,
          status: `signed by ${s.signerId}`,
          at: s.signedAt,
          actions: [
            {
              label: 'signed PDF',
              method: 'GET' as const,
              path: `/__sim/yunhetong-digest/apps/${encodeURIComponent(t.id)}/summaries/${s.summaryId}/file`,
              body: {},
            },
          ],
        })),
    ],
  }));
}
