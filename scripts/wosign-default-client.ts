/**
 * Writes the wosign default tenant's client certificate, committed as public test files
 * (simulators/wosign/keys: default-client.pfx, default-client.pem, default-client-key.pem), from the
 * vendor's "sealsim wosign TEST Client CA" (the default seed), code-signing EKU like the real
 * client's. Run once: `npx tsx scripts/wosign-default-client.ts` (it overwrites the files, and the
 * default tenant then registers the new certificate).
 */
import { writeFileSync } from 'node:fs';
import { WOSIGN_DEFAULT_TENANT } from '../contracts/wosign/control.ts';
import { createVendorPki } from '../simulators/core/pki/index.ts';
import { issueClient } from '../simulators/wosign/tls.ts';

const dir = new URL('../simulators/wosign/keys/', import.meta.url);
const pki = createVendorPki({ vendor: 'wosign', seed: 20180511, now: () => new Date() });
const client = issueClient(pki, WOSIGN_DEFAULT_TENANT.tokenid, WOSIGN_DEFAULT_TENANT.pfxPassword, {
  notBefore: new Date(Date.UTC(2025, 0, 1)),
  notAfter: new Date(Date.UTC(2044, 11, 31)),
});
writeFileSync(new URL('default-client.pfx', dir), client.pfx);
writeFileSync(new URL('default-client.pem', dir), client.certificatePem);
writeFileSync(new URL('default-client-key.pem', dir), client.privateKeyPem);
console.log(`wrote ${dir.pathname}default-client.{pfx,pem} and default-client-key.pem`);
