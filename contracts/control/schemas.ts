import { z } from '@hono/zod-openapi';

export const Ok = z.object({ ok: z.literal(true) }).openapi('Ok');

export const VendorInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    baseUrl: z.string().describe('Origin plus base path a consumer points its client at'),
    origin: z.string(),
    credentials: z.record(z.string(), z.string()).describe('The default tenant'),
  })
  .openapi('VendorInfo');

export const ClockNow = z
  .object({ now: z.number().int().describe('Virtual time, epoch ms') })
  .openapi('ClockNow');
export const ClockAdvance = z.object({ ms: z.number().int().min(0) }).openapi('ClockAdvance');
export const ClockSet = z
  .object({
    now: z
      .union([z.number().int().min(0), z.iso.datetime({ offset: true })])
      .describe('The new virtual time: epoch ms, or ISO 8601 with a zone (2024-01-02T10:00:00+08:00)'),
  })
  .openapi('ClockSet');

export const OutboxMessage = z
  .object({
    vendor: z.string(),
    channel: z.enum(['sms', 'email']),
    to: z.string(),
    text: z.string(),
    code: z.string().optional(),
    link: z.string().optional(),
    at: z.number().int(),
  })
  .openapi('OutboxMessage');

export const WebhookAttempt = z
  .object({
    at: z.number().int(),
    status: z.number().int().optional(),
    error: z.string().optional(),
    durationMs: z.number().optional(),
  })
  .openapi('WebhookAttempt');

export const WebhookDelivery = z
  .object({
    id: z.string(),
    vendor: z.string(),
    event: z.string().optional(),
    url: z.string(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string(),
    attempts: z.array(WebhookAttempt),
    state: z.enum(['pending', 'delivered', 'failed']),
    nextAttemptAt: z.number().int().optional(),
  })
  .openapi('WebhookDelivery');

export const TenantSettings = z
  .record(z.string(), z.unknown())
  .describe('callbackUrl and vendor-specific settings, e.g. esign quota, baoquan publicKey PEM')
  .openapi('TenantSettings');

export const TenantCreated = z
  .object({ id: z.string(), credentials: z.record(z.string(), z.string()) })
  .openapi('TenantCreated');

export const FaultInput = z
  .object({
    vendor: z.string(),
    route: z
      .string()
      .optional()
      .describe('Path relative to the vendor base path; a trailing * matches a prefix'),
    probability: z.number().min(0).max(1).optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    status: z.number().int().min(100).max(599).optional(),
    vendorError: z
      .union([z.string(), z.number()])
      .optional()
      .describe("A name or code from the vendor's error catalogue"),
    times: z.number().int().min(1).optional(),
  })
  .openapi('FaultInput');

export const FaultRule = FaultInput.extend({ id: z.string(), hits: z.number().int() }).openapi('FaultRule');

export const ControlError = z.object({ error: z.string() }).openapi('ControlError');

/** A request or response body as the request journal keeps it (simulators/core/journal.ts). */
export const JournalBody = z
  .object({
    size: z.number().int().describe('Bytes'),
    contentType: z.string().optional(),
    text: z.string().optional().describe('UTF-8 text, cut at the journal body limit (4 KB)'),
    truncated: z.literal(true).optional(),
    sha256: z.string().optional().describe('Hex SHA-256 of a binary body (no text kept)'),
  })
  .openapi('JournalBody');

/** Why authentication failed or no route matched, in words a developer can act on. */
export const Diagnostic = z
  .object({
    kind: z
      .string()
      .describe('hmac-signature, rsa-signature, token, client-certificate, no-route, app-credentials…'),
    summary: z.string().describe('One line: what differs'),
    details: z
      .record(z.string(), z.string())
      .describe('String to sign, expected and received values, the closest route…; never a private key'),
  })
  .openapi('Diagnostic');

export const JournalEntry = z
  .object({
    id: z.number().int().describe('Sequence number, rising; `after` pages on it'),
    at: z.number().int().describe('Wall-clock time the request arrived, epoch ms'),
    virtualAt: z.number().int().describe('The virtual clock then, epoch ms'),
    vendor: z.string().describe("A vendor id, or 'control' for the control port"),
    tenant: z.string().optional().describe('The authenticated tenant, when authentication passed'),
    method: z.string(),
    path: z.string().describe('Path and query'),
    status: z.number().int(),
    durationMs: z.number().describe('Until the answer was ready (not sent)'),
    code: z
      .union([z.string(), z.number()])
      .optional()
      .describe("The vendor's code from the answer's envelope (errCode, code, subCode, errorcode)"),
    request: JournalBody.optional(),
    response: JournalBody.optional(),
    diagnostic: Diagnostic.optional(),
  })
  .openapi('JournalEntry');

export type JournalEntry = z.infer<typeof JournalEntry>;
export type Diagnostic = z.infer<typeof Diagnostic>;
export type JournalBody = z.infer<typeof JournalBody>;
