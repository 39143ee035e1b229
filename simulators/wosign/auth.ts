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
import type { WosignRuntime } from './runtime.ts';
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
