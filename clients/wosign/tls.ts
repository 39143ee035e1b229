/**
 * The client certificate of a WoSignDoc tenant (doc 1.5 数据交互: HTTPS with a certificate WoSign
 * authorised) and the undici Agent that presents it. The real client loads a `.pfx` with one
 * password for the store and the key (Java's KeyStore); a PEM certificate and key work alike.
 */
import forge from 'node-forge';
import { Agent } from 'undici';

type Bytes = Uint8Array | ArrayBuffer;

/** A `.pfx` (PKCS#12) and its password, or a PEM certificate and key. */
export type WosignClientCertificate =
  { pfx: Bytes | string; password: string } | { certificatePem: string; privateKeyPem: string };

export interface WosignTlsOptions {
  /**
   * PEM certificates to trust for the server, instead of the system's: sealsim's
   * `GET /__sim/wosign/ca.pem` (on the control port). Node's TLS also trusts the CA certificates
   * inside a `.pfx` (the committed one carries sealsim's, so it verifies sealsim without `ca`).
   */
  ca?: string | string[];
  /** false: trust any server certificate (as the real Java client does; hostname still checked). */
  rejectUnauthorized?: boolean;
  /** Kept-alive connections per origin (default 8). */
  connections?: number;
}

const bytesOf = (b: Bytes | string): Buffer =>
  typeof b === 'string'
    ? Buffer.from(b, 'base64')
    : Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b);

/** The leaf certificate and key (PEM) of a `.pfx`; the leaf is the certificate whose key is in the file. */
export function readPfx(
  pfx: Bytes | string,
  password: string,
): { certificatePem: string; privateKeyPem: string; chainPems: string[] } {
  const der = forge.util.createBuffer(bytesOf(pfx).toString('binary'));
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), password);
  const keyBag =
    p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0] ??
    p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag]?.[0];
  if (!keyBag?.key) throw new Error('the .pfx holds no private key');
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).flatMap(
    (b) => (b.cert ? [b.cert] : []),
  );
  const modulus = key.n.toString(16);
  const leaf = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n?.toString(16) === modulus);
  if (!leaf) throw new Error('the .pfx holds no certificate for its key');
  return {
    certificatePem: forge.pki.certificateToPem(leaf),
    privateKeyPem: forge.pki.privateKeyToPem(key),
    chainPems: certs.filter((c) => c !== leaf).map((c) => forge.pki.certificateToPem(c)),
  };
}

/** The certificate (PEM) a client presents, and what TLS needs to present it. */
export interface ResolvedClientCertificate {
  certificatePem: string;
  tls: { pfx: Buffer; passphrase: string } | { cert: string; key: string };
}

export function resolveClientCertificate(c: WosignClientCertificate): ResolvedClientCertificate {
  if ('pfx' in c) {
    return {
      certificatePem: readPfx(c.pfx, c.password).certificatePem,
      tls: { pfx: bytesOf(c.pfx), passphrase: c.password },
    };
  }
  return { certificatePem: c.certificatePem, tls: { cert: c.certificatePem, key: c.privateKeyPem } };
}

/** A keep-alive undici Agent presenting the certificate (passed to fetch as `dispatcher`). */
export function mtlsAgent(cert: ResolvedClientCertificate | undefined, opts: WosignTlsOptions = {}): Agent {
  return new Agent({
    connections: opts.connections ?? 8,
    connect: {
      ...(cert?.tls ?? {}),
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
      ...(opts.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    },
  });
}
