/**
 * Signer certificates (issue 10): the account's 长效云证书 (doc §4.9.1 certType 1, the default) is
 * issued at its first signing and kept with the account; the platform's (signerAppAuto) with the
 * tenant. certType 2 事件证书 gets a fresh certificate for each signing, kept nowhere. The other
 * types (指纹, 手机盾, ukey) sign with the long-term one. A kept certificate past its end is
 * replaced at the next signing.
 * decision: esign.signer-certificates
 */
import { usableSigner, type IssuedSigner, type SignerRequest } from '../core/pki/index.ts';
import type { EsignRuntime } from './runtime.ts';
import { own, type EsignTenant, type Signer } from './state.ts';

/** What the certificate's subject says of this signer (person: name + ID number; org: name + code). */
export function certificateRequest(t: EsignTenant, signer: Signer): SignerRequest {
  if (signer.kind === 'platform') return { kind: 'org', name: t.name };
  const account = own(t.accounts, signer.authorizationOrgId ?? signer.accountId);
  if (!account) throw new Error(`account ${signer.authorizationOrgId ?? signer.accountId} is missing`);
  return account.kind === 'person'
    ? { kind: 'person', name: account.name, idNumber: account.idNo }
    : { kind: 'org', name: account.name, uscc: account.organCode };
}

/** The certificate this signer signs with now, issuing (and keeping) one when needed. */
export async function signerCertificate(
  rt: EsignRuntime,
  t: EsignTenant,
  signer: Signer,
): Promise<IssuedSigner> {
  const request = { ...certificateRequest(t, signer), at: new Date(rt.now()) };
  if (signer.certType === 2) return rt.pki.issueSigner(request);
  if (signer.kind === 'platform') {
    const kept = usableSigner(t.platformCert, rt.now());
    if (kept) return kept;
    const issued = await rt.pki.issueSigner(request);
    t.platformCert = issued.stored;
    rt.changed();
    return issued;
  }
  const account = own(t.accounts, signer.authorizationOrgId ?? signer.accountId)!;
  const kept = usableSigner(account.cert, rt.now());
  if (kept) return kept;
  const issued = await rt.pki.issueSigner(request);
  account.cert = issued.stored;
  rt.changed();
  return issued;
}
