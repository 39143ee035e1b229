/**
 * wosign's certificates: the client certificates it issues to tenants (PEM and a PKCS#12 `.pfx`,
 * 3DES, store and key under the same password as Java's KeyStore reads it; node-forge writes the
 * PKCS#12, everything else is core PKI), and the names its HTTPS server certificate is issued for.
 */
import type { KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type Forge from 'node-forge';
import { OID, pemEncode, type AltNames, type VendorPki } from '../core/pki/index.ts';

let forgeModule: typeof Forge | undefined;

/** node-forge, required on first use: only issuing or opening a PKCS#12 needs it, not a start. */
function forgeLib(): typeof Forge {
  return (forgeModule ??= createRequire(import.meta.url)('node-forge') as typeof Forge);
}

/** A client certificate as handed out: PEM certificate (leaf) and key, the PKCS#12 and its password. */
export interface IssuedClient {
  certificate: Uint8Array;
  certificatePem: string;
  privateKeyPem: string;
  pfx: Uint8Array;
  pfxPassword: string;
}

/** A PKCS#12 of the key and its chain (leaf first): 3DES, one password for store and key, SHA-1 MAC. */
export function toPfx(
  privateKey: KeyObject,
  chain: Uint8Array[],
  password: string,
  friendlyName: string,
): Uint8Array {
  const forge = forgeLib();
  const key = forge.pki.privateKeyFromPem(String(privateKey.export({ type: 'pkcs1', format: 'pem' })));
  const certs = chain.map((der) => forge.pki.certificateFromPem(pemEncode('CERTIFICATE', der)));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, {
    algorithm: '3des',
    friendlyName,
    generateLocalKeyId: true,
  });
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}

/** The key and certificates (PEM) of a PKCS#12, opened with its password (tests, the client). */
export function openPfx(
  pfx: Uint8Array,
  password: string,
): { privateKeyPem: string; certificatePems: string[] } {
  const forge = forgeLib();
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(pfx).toString('binary')));
  const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  const keyBags = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
    forge.pki.oids.pkcs8ShroudedKeyBag
  ];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const key = keyBags?.[0]?.key;
  if (!key) throw new Error('no key in the PKCS#12');
  return {
    privateKeyPem: forge.pki.privateKeyToPem(key),
    certificatePems: certBags.flatMap((b) => (b.cert ? [forge.pki.certificateToPem(b.cert)] : [])),
  };
}

/**
 * A client certificate for `tokenid` from the vendor's Client CA, code-signing EKU like the real
 * client's. decision: wosign.issued-client-certificate
 */
export function issueClient(
  pki: VendorPki,
  tokenid: string,
  password: string,
  at?: { notBefore: Date; notAfter: Date },
): IssuedClient {
  const issued = pki.issueClientCertificate({
    name: `sealsim wosign client ${tokenid}`,
    extKeyUsages: [OID.codeSigning],
    ...(at ?? {}),
  });
  return {
    certificate: issued.certificate,
    certificatePem: pemEncode('CERTIFICATE', issued.certificate),
    privateKeyPem: String(issued.privateKey.export({ type: 'pkcs8', format: 'pem' })),
    pfx: toPfx(issued.privateKey, issued.chain, password, `wosign ${tokenid}`),
    pfxPassword: password,
  };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The names the server certificate covers: 127.0.0.1, ::1, localhost, the bound host and the
 * public hosts (the real Java client keeps hostname checking on). decision: wosign.server-certificate
 */
export function serverNames(hosts: readonly string[]): AltNames {
  const dns = new Set<string>(['localhost']);
  const ip = new Set<string>(['127.0.0.1', '::1']);
  for (const raw of hosts) {
    const h = raw
      .replace(/^\[|\]$/g, '')
      .trim()
      .toLowerCase();
    if (!h || h === '0.0.0.0' || h === '::') continue;
    if (IPV4.test(h) || h.includes(':')) ip.add(h);
    else dns.add(h);
  }
  return { dns: [...dns], ip: [...ip] };
}
