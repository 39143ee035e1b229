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
