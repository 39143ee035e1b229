/**
 * baoquan's digital signatures (issue 10): every seal baoquan applies is a PAdES signature made
 * with a certificate from the baoquan test CA (GET /__sim/baoquan/ca.pem), appended as an
 * incremental update so that earlier signatures stay valid.
 * - /cas issues the CA holder's certificate and keeps it with the CA record; attachment seals
 *   (`sign`) are signed with it. A CA without one (the seeded examples) or past its end gets a new
 *   one at its next signing.
 * - /contract/sign DONE: a userPhones signer signs with a certificate issued to its KYC identity
 *   (name + idCard) at its first signing, kept with the user until the identity changes; the
 *   creator signs for the organisation (organizationName), kept with the tenant.
 * - The 保全文件 (attestation certificate) carries one invisible signature by the platform's
 *   certificate (保全网模拟服务, the name on its drawn seal), kept with the tenant.
 * decision: baoquan.signer-certificates
 *
 * The dictionary (SubFilter, Reason, Location, field names) and the absence of a time stamp are
 * guesses: the doc shows no signed file and names no time stamp.
 * decision: baoquan.pades-profile
 */
import type { Stamp } from '../core/pdf/index.ts';
import { signWithSeals } from '../core/pdf/sign/index.ts';
import { usableSigner, type IssuedSigner, type SignerRequest, type StoredSigner } from '../core/pki/index.ts';
import type { BaoquanRuntime } from './runtime.ts';
import type { BaoquanTenant, Ca, KeptCertificate, KycUser } from './state.ts';

export const PADES_PROFILE = {
  subFilter: 'ETSI.CAdES.detached',
  location: '保全网 (sealsim)',
  reasons: {
    attachment: '保全附件电子签名',
    contract: '电子合同签署',
    certificate: '保全文件签发',
  },
} as const;

/** The name on the attestation certificate's drawn seal: the platform certificate's subject. */
export const PLATFORM_NAME = '保全网模拟服务';

/** The subject a CA's certificate carries (person: link_name + ID card; enterprise: name + ic_code). */
export function caCertificateRequest(ca: Ca): SignerRequest {
  if (ca.type === 'PERSONAL') return { kind: 'person', name: ca.link_name, idNumber: ca.link_id_card };
  const orgUnits = [ca.org_code, ca.tax_code].filter((s): s is string => !!s);
  return {
    kind: 'org',
    name: ca.name ?? ca.link_name,
    ...(ca.ic_code ? { uscc: ca.ic_code } : {}),
    // a 工商注册号 (not a USCC) comes with the organisation and tax codes: they go in OU
    ...(ca.ic_code?.length === 15 && orgUnits.length ? { orgUnits } : {}),
  };
}

/** Who a request names, to tell whether a kept certificate still fits it. */
function identityOf(r: SignerRequest): string {
  return JSON.stringify([r.kind, r.name, r.idNumber ?? '', r.uscc ?? '', r.orgUnits ?? []]);
}

function usable(kept: KeptCertificate | undefined, request: SignerRequest, now: number) {
  return kept?.identity === identityOf(request) ? usableSigner(kept, now) : undefined;
}

/**
 * The kept certificate when it still names `request` and has not ended, else a new one, which
 * `keep` stores.
 */
async function keptOrIssued(
  rt: BaoquanRuntime,
  kept: KeptCertificate | undefined,
  request: SignerRequest,
  keep: (k: KeptCertificate) => void,
): Promise<IssuedSigner> {
  const found = usable(kept, request, rt.now());
  if (found) return found;
  const issued = await rt.pki.issueSigner({ ...request, at: new Date(rt.now()) });
  keep(keepable(issued.stored, request));
  rt.changed();
  return issued;
}

export function keepable(stored: StoredSigner, request: SignerRequest): KeptCertificate {
  return { ...stored, identity: identityOf(request) };
}

/** /cas: a new certificate for a new CA record. */
export async function issueCaCertificate(rt: BaoquanRuntime, ca: Ca): Promise<KeptCertificate> {
  const request = caCertificateRequest(ca);
  const issued = await rt.pki.issueSigner({ ...request, at: new Date(rt.now()) });
  return keepable(issued.stored, request);
}

export function caSigner(rt: BaoquanRuntime, ca: Ca): Promise<IssuedSigner> {
  return keptOrIssued(rt, ca.cert, caCertificateRequest(ca), (k) => (ca.cert = k));
}

/** A contract signer: the creator signs for the organisation, a user with its KYC identity. */
export function contractSigner(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  user: KycUser | undefined,
): Promise<IssuedSigner> {
  if (!user) {
    return keptOrIssued(rt, t.organizationCert, { kind: 'org', name: t.organizationName }, (k) => {
      t.organizationCert = k;
    });
  }
  const request: SignerRequest = { kind: 'person', name: user.name, idNumber: user.idCard || undefined };
  return keptOrIssued(rt, user.cert, request, (k) => (user.cert = k));
}

export function platformSigner(rt: BaoquanRuntime, t: BaoquanTenant): Promise<IssuedSigner> {
  return keptOrIssued(rt, t.platformCert, { kind: 'org', name: PLATFORM_NAME }, (k) => {
    t.platformCert = k;
  });
}

export interface SignWith {
  signer: IssuedSigner;
  /** /Name: the seal's name. */
  name: string;
  /** The field's name; further seals get `-2`, `-3`… */
  fieldName: string;
  reason: string;
}

/**
 * Signs `pdf`: each placed seal of `stamps` is one signature whose widget draws it (none: one
 * invisible signature), each in its own incremental update. /M is the virtual clock's now.
 */
export async function signPdf(
  pdf: Uint8Array,
  stamps: Stamp[],
  w: SignWith,
  now: number,
): Promise<Uint8Array> {
  const signed = await signWithSeals(pdf, {
    ...(stamps.length ? { appearance: stamps } : {}),
    fieldName: w.fieldName,
    name: w.name,
    reason: w.reason,
    location: PADES_PROFILE.location,
    signingTime: new Date(now),
    subFilter: PADES_PROFILE.subFilter,
    signer: w.signer,
  });
  return signed.pdf;
}
