/**
 * wosign's side of the control API:
 *
 * - the tenant settings the vendor's platform holds (`WosignTenantSettings`), set through the core
 *   routes `POST /__sim/wosign/tenants` and `PATCH /__sim/wosign/tenants/{tokenid}`;
 * - the default tenant, printed at start, and its committed client certificate
 *   (simulators/wosign/keys/default-client.pfx: a public test file);
 * - the console routes under `/__sim/wosign` (control-routes.ts).
 */
import { z } from '@hono/zod-openapi';

export const WOSIGN_CONTROL_PREFIX = '/__sim/wosign';

/**
 * The default tenant (decision: wosign.default-tenant): a fixed tokenid, and the committed client
 * certificate's files and password (store and key under the same password, as Java's KeyStore reads it).
 */
export const WOSIGN_DEFAULT_TENANT = {
  tokenid: '5e1a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  pfxFile: 'simulators/wosign/keys/default-client.pfx',
  certificateFile: 'simulators/wosign/keys/default-client.pem',
  privateKeyFile: 'simulators/wosign/keys/default-client-key.pem',
  pfxPassword: 'sealsim-wosign',
} as const;

export const WOSIGN_TIMINGS = {
  /** Retries of a PushSignedDoc not answered `1` (decision: wosign.push-retry-schedule). */
  pushRetryDelaysMs: [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000],
} as const;

/** A tenant's signing orders when not set (decision: wosign.default-balance). */
export const WOSIGN_DEFAULT_BALANCE = 1000;

export const WosignTenantSettings = z
  .object({
    disabled: z.boolean().default(false).describe('-67 for every request of the tenant while true'),
    balance: z
      .number()
      .int()
      .min(0)
      .default(WOSIGN_DEFAULT_BALANCE)
      .describe('Signing orders left: each CreateSignOrder uses one; at 0 it answers -68'),
    notifyUrl: z
      .string()
      .default('')
      .describe("Where PushSignedDoc goes (raw JSON POST): an http(s) URL, or '' for none"),
    pushRetryDelaysMs: z
      .array(z.number().int().min(0))
      .max(20)
      .default([...WOSIGN_TIMINGS.pushRetryDelaysMs])
      .describe('Virtual delays before each retry of a PushSignedDoc not answered exactly `1`'),
  })
  .openapi('WosignTenantSettings');

export type WosignTenantSettings = z.output<typeof WosignTenantSettings>;

/** A registered client certificate, as the console shows it. */
export const WosignCertificateView = z
  .object({
    fingerprint: z.string().describe('SHA-256 (lower-case hex) the certificate is matched by'),
    kind: z
      .enum(['certificate', 'publicKey', 'fingerprint'])
      .describe(
        'certificate: of the DER certificate; publicKey: of a SubjectPublicKeyInfo (any certificate with ' +
          'that key); fingerprint: a bare SHA-256 given, matched against either',
      ),
    subject: z.string().describe("The certificate's subject, when registered from one"),
    notAfter: z.number().int().nullable().describe('Its notAfter (epoch ms), when registered from one'),
    addedAt: z.number().int(),
  })
  .openapi('WosignCertificateView');

export type WosignCertificateView = z.output<typeof WosignCertificateView>;

/** A template's id: letters, digits, `_` or `-`, 1–64 (decision: wosign.template-id-format). */
export const WOSIGN_TEMPID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
