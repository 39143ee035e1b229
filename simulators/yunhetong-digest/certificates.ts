/**
 * Users' CA certificates (the doc's 证书模块 and §1 用户注册 "为对应用户申请 CA 证书"): each user gets
 * one at registration, kept with the user (a person: CN = userName, serialNumber = certifyNum; a
 * company: O and CN = userName, serialNumber = certifyNum). A change of userName issues a new one
 * (doc: 信息修改 "自动更新证书信息"). A user without one (state from before) or whose certificate is
 * past its end gets a new one at the next signing.
 * decision: yunhetong-digest.signer-certificates
 */
import { usableSigner, type IssuedSigner, type SignerRequest } from '../core/pki/index.ts';
import type { YunhetongDigestRuntime } from './runtime.ts';
import type { YhtUser } from './state.ts';

type Subject = Pick<YhtUser, 'type' | 'userName' | 'certifyNum'>;

/** What the certificate's subject says of this user. */
export function certificateRequest(u: Subject): SignerRequest {
  return u.type === 'person'
    ? { kind: 'person', name: u.userName, idNumber: u.certifyNum }
    : { kind: 'org', name: u.userName, uscc: u.certifyNum };
}

/** A new certificate for this subject, issued now (not yet kept anywhere). */
export function issueCertificate(rt: YunhetongDigestRuntime, u: Subject): Promise<IssuedSigner> {
  return rt.pki.issueSigner({ ...certificateRequest(u), at: new Date(rt.now()) });
}

/** The certificate this user signs with now: the kept one, or a new one (then kept). */
export async function userCertificate(rt: YunhetongDigestRuntime, user: YhtUser): Promise<IssuedSigner> {
  const kept = usableSigner(user.cert, rt.now());
  if (kept) return kept;
  const issued = await issueCertificate(rt, user);
  user.cert = issued.stored;
  rt.changed();
  return issued;
}
