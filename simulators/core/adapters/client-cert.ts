/**
 * The TLS client certificate as a vendor app sees it: a request header the transport sets.
 * Over HTTPS the node server drops any such header a client sent and sets it from the TLS peer
 * certificate (node-server.ts); in-process callers (tests, msw, the kit) set it themselves.
 */
import { pemEncode } from '../pki/index.ts';

export const CLIENT_CERT_HEADER = 'x-sealsim-client-cert';

/** The header's value for a certificate: its PEM, URL-encoded (one line, header-safe). */
export function clientCertHeaderValue(cert: Uint8Array | string): string {
  const pem = typeof cert === 'string' ? cert : pemEncode('CERTIFICATE', cert);
  return encodeURIComponent(pem);
}
