/**
 * Who calls: the client certificate, then the tokenid (decision: wosign.check-order).
 *
 * The certificate reaches the app as the `x-sealsim-client-cert` header (URL-encoded PEM): over
 * HTTPS the transport sets it from the TLS peer certificate and drops any a client sent
 * (core/adapters/node-server.ts); in-process callers set it themselves; with --wosign-plain-http
 * it is trusted as from a TLS-terminating proxy (decision: wosign.plain-http). It is authorised by
 * the SHA-256 registered on the tenant (decision: wosign.client-certificate).
 */
import { wosignCatalogue as catalogue } from '../../contracts/wosign/errors.ts';
import { pemDecodeAll } from '../core/pki/index.ts';
import { presentedFingerprints, type WosignRuntime } from './runtime.ts';
import type { WosignTenant } from './state.ts';

export interface WosignCaller {
  tenant: WosignTenant;
  /** The presented certificate (DER). */
  certificate: Uint8Array;
}

/** The certificate (DER) in the header's URL-encoded PEM, or undefined. */
export function presentedCertificate(header: string | undefined): Uint8Array | undefined {
  if (!header) return undefined;
  let pem: string;
  try {
    pem = decodeURIComponent(header);
  } catch {
    return undefined;
  }
  const [der] = pemDecodeAll(pem);
  return der && der.length > 0 ? der : undefined;
}

/** -80 unless the certificate is registered on some tenant (checked before the body). */
export function checkCertificate(rt: WosignRuntime, der: Uint8Array | undefined): Uint8Array {
  if (!der) return catalogue.fail('CERT_INVALID', 'no client certificate');
  let known: boolean;
  try {
    known = rt.knownCertificate(der);
  } catch {
    known = false; // not a certificate at all
  }
  if (!known) catalogue.fail('CERT_INVALID', 'client certificate not registered');
  return der;
}

/** The tenant named by tokenid: -100 absent, -65 unknown, -80 not its certificate, -67 disabled. */
export function authenticateToken(rt: WosignRuntime, tokenid: unknown, der: Uint8Array): WosignCaller {
  if (tokenid === undefined || tokenid === null || tokenid === '') catalogue.fail('INCOMPLETE', 'tokenid');
  if (typeof tokenid !== 'string') return catalogue.fail('PARAM_INVALID', 'tokenid');
  const tenant = rt.tenants.get(tokenid.trim());
  if (!tenant) return catalogue.fail('TOKEN_UNKNOWN');
  if (!rt.hasCertificate(tenant, der)) catalogue.fail('CERT_INVALID', "not the tokenid's certificate");
  if (tenant.settings.disabled) catalogue.fail('TOKEN_DISABLED');
  return { tenant, certificate: der };
}

/**
 * Why the certificate or tokenid did not authenticate, for the request journal: none presented,
 * not registered (its fingerprints; other tenants' registrations by count only), registered on
 * another tenant, tokenid unknown or disabled.
 */
export function certificateNearMiss(
  rt: WosignRuntime,
  header: string | undefined,
  tokenid: unknown,
): { kind: string; summary: string; details: Record<string, string> } | undefined {
  const kind = 'client-certificate';
  const der = presentedCertificate(header);
  if (!der)
    return {
      kind,
      summary: header
        ? 'the client certificate does not decode as PEM'
        : 'no client certificate presented (connect with the tenant’s certificate over mTLS)',
      details: {},
    };
  let fingerprints: { certificate: string; publicKey: string };
  try {
    fingerprints = presentedFingerprints(der);
  } catch {
    return {
      kind,
      summary: 'the presented client certificate is not a readable X.509 certificate',
      details: {},
    };
  }
  const ids = rt.tenants.ids();
  const owners = ids.filter((id) => {
    const t = rt.tenants.untracked(id);
    return t !== undefined && rt.hasCertificate(t, der);
  });
  const registered = ids.reduce(
    (n, id) => n + Object.keys(rt.tenants.untracked(id)?.certificates ?? {}).length,
    0,
  );
  const details: Record<string, string> = {
    certificateSha256: fingerprints.certificate,
    publicKeySha256: fingerprints.publicKey,
    tenants: String(ids.length),
    registeredFingerprints: String(registered),
  };
  if (owners.length === 0)
    return {
      kind,
      summary:
        `client certificate SHA-256 ${fingerprints.certificate} is registered on no tenant ` +
        `(${registered} fingerprints on ${ids.length} tenants)`,
      details,
    };
  const id = typeof tokenid === 'string' ? tokenid.trim() : '';
  const tenant = id ? rt.tenants.untracked(id) : undefined;
  if (id) details.tokenid = id;
  if (!id) return undefined;
  if (!tenant) return { kind: 'token', summary: `tokenid ${id} is unknown (${ids.length} tenants)`, details };
  if (!owners.includes(id)) {
    const count = Object.keys(tenant.certificates).length;
    return {
      kind,
      summary:
        `the certificate is registered on ${owners.length} other tenant(s), not on tokenid ${id} ` +
        `(${count} fingerprint(s) registered there)`,
      details,
    };
  }
  if (tenant.settings.disabled) return { kind: 'token', summary: `tokenid ${id} is disabled`, details };
  return undefined;
}
