/**
 * The dashboard's view of baoquan (core/vendor.ts `entities`): access keys, their attestations
 * (certificate PDF, attachments, the access page for the test key's tenants) and contracts (the
 * PDF as signed so far, signers in order), with sign and refuse buttons for the signer whose turn
 * it is (control.ts: /contract/sign without SMS).
 */
import type { EntityView, TenantView } from '../core/vendor.ts';
import { fileUrl, PAGE_LINK_TTL_MS } from './files.ts';
import { currentSigner } from './handlers/contract.ts';
import { defaultPublicKeyPem, type BaoquanRuntime } from './runtime.ts';
import { own, type BaoquanTenant } from './state.ts';

function attestations(rt: BaoquanRuntime, t: BaoquanTenant): EntityView[] {
  // The access page's link needs the tenant's private key: only the committed test key's is known.
  const testKey = t.publicKey.trim() === defaultPublicKeyPem().trim();
  return Object.values(t.attestations)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((a) => ({
      kind: 'attestation',
      id: a.no,
      title: a.template_id,
      status: a.blockchainHash ? 'anchored' : a.completed ? 'completed' : 'open',
      at: a.createdAt,
      links: [
        { label: 'certificate PDF', href: fileUrl(rt, 'certificates', a.no, PAGE_LINK_TTL_MS) },
        ...Object.values(a.attachments)
          .flat()
          .map((id) => own(t.attachments, id))
          .filter((x) => x !== undefined)
          .map((x) => ({ label: x.fileName, href: fileUrl(rt, 'attachments', x.id, PAGE_LINK_TTL_MS) })),
      ],
      actions: testKey
        ? [
            {
              label: 'access page',
              path: `/__sim/baoquan/attestations/${encodeURIComponent(a.no)}/access-link`,
              body: { accessKey: t.id },
            },
          ]
        : [],
    }));
}

function contracts(rt: BaoquanRuntime, t: BaoquanTenant): EntityView[] {
  return Object.values(t.contracts)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((k) => ({
      kind: 'contract',
      id: k.contractId,
      title: k.title ?? k.fileName,
      status: k.status,
      at: k.createdAt,
      links: [
        {
          label: k.status === 'DONE' ? 'signed PDF' : 'PDF',
          href: fileUrl(rt, 'contracts', k.contractId, PAGE_LINK_TTL_MS),
        },
      ],
      children: k.signers.map((s) => {
        const path = `/__sim/baoquan/contracts/${k.contractId}/signers/${encodeURIComponent(s.phone)}`;
        const turn = k.status === 'SIGNING' && s === currentSigner(k);
        return {
          kind: s.role,
          id: s.phone,
          status: s.status,
          ...(s.signedAt !== undefined ? { at: s.signedAt } : {}),
          actions: turn
            ? [
                { label: 'sign', path, body: { accessKey: t.id, action: 'sign' } },
                { label: 'refuse', path, body: { accessKey: t.id, action: 'refuse' }, danger: true },
              ]
            : [],
        };
      }),
    }));
}

export function baoquanEntities(rt: BaoquanRuntime): TenantView[] {
  return rt.tenants.all().map((t) => ({
    id: t.id,
    name: t.organizationName,
    entities: [...attestations(rt, t), ...contracts(rt, t)],
  }));
}
