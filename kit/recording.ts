/**
 * The recording format, `sealsim-recording/1`: what `recordingFetch` writes and `replayHandlers`
 * answers from, as plain JSON a consumer commits as a fixture. Bodies are UTF-8 text, or Base64
 * when they are not UTF-8 text (a PDF, an upload), so a replayed body is byte for byte the
 * recorded one. docs/interface.md ("The kit") has the field table.
 */
import { z } from 'zod';

export const RECORDING_FORMAT = 'sealsim-recording/1';

const encoding = z
  .enum(['utf8', 'base64'])
  .describe('how `body`/`requestBody` is stored: UTF-8 text as is (the default), or Base64 bytes');

export const recordedExchangeSchema = z
  .object({
    method: z.string().min(1).describe('the request method, e.g. POST'),
    url: z.url().describe('the full request URL, query included'),
    requestContentType: z.string().optional().describe("the request's Content-Type, when it had one"),
    requestBody: z.string().optional().describe('the request body; absent when it had none'),
    requestEncoding: encoding.optional(),
    status: z.number().int().min(100).max(599).describe('the HTTP status answered'),
    headers: z
      .record(z.string(), z.string())
      .describe('the response headers, lower-case names (Content-Encoding and Transfer-Encoding dropped)'),
    body: z.string().describe('the response body ("" when empty)'),
    encoding: encoding.optional(),
  })
  .strict();

export const recordingSchema = z
  .object({
    format: z.literal(RECORDING_FORMAT),
    exchanges: z.array(recordedExchangeSchema).describe('every exchange, in the order it happened'),
  })
  .strict();

export type RecordedExchange = z.infer<typeof recordedExchangeSchema>;
export type Recording = z.infer<typeof recordingSchema>;

/** The JSON Schema (draft 2020-12) of a recording file, for editors and other languages. */
export function recordingJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(recordingSchema) as Record<string, unknown>;
}

/** A new, empty recording. */
export function emptyRecording(): Recording {
  return { format: RECORDING_FORMAT, exchanges: [] };
}

/**
 * Reads a recording from its JSON text or parsed value, checked against the schema; throws
 * with every problem named (e.g. a file written before the format was versioned).
 */
export function loadRecording(json: string | unknown): Recording {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  const parsed = recordingSchema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`not a ${RECORDING_FORMAT} recording:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The recording as stable, pretty JSON (two-space indent, trailing newline), ready to commit. */
export function saveRecording(recording: Recording): string {
  return `${JSON.stringify(recordingSchema.parse(recording), null, 2)}\n`;
}

const BINARY_TYPES =
  /^(application\/(pdf|octet-stream|zip|x-zip|gzip|x-pkcs12)|image\/|audio\/|video\/|font\/)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A body as stored: text when it is valid UTF-8 of a non-binary type, else Base64. */
export function encodeBody(
  bytes: Uint8Array,
  contentType: string | undefined,
): { text: string; encoding?: 'base64' } {
  if (!BINARY_TYPES.test(contentType ?? '')) {
    try {
      return { text: utf8.decode(bytes) };
    } catch {
      /* not UTF-8: Base64 below */
    }
  }
  return { text: Buffer.from(bytes).toString('base64'), encoding: 'base64' };
}

function decode(text: string, enc: 'utf8' | 'base64' | undefined): Uint8Array {
  return enc === 'base64' ? new Uint8Array(Buffer.from(text, 'base64')) : new TextEncoder().encode(text);
}

/** The response body's bytes, exactly as answered. */
export function responseBytes(x: RecordedExchange): Uint8Array {
  return decode(x.body, x.encoding);
}

/** The request body's bytes, exactly as sent (undefined when it had none). */
export function requestBytes(x: RecordedExchange): Uint8Array | undefined {
  return x.requestBody === undefined ? undefined : decode(x.requestBody, x.requestEncoding);
}

/** The response body parsed as JSON, else its text (Base64 bodies: undefined). */
export function responseJson(x: RecordedExchange): unknown {
  if (x.encoding === 'base64') return undefined;
  try {
    return JSON.parse(x.body);
  } catch {
    return x.body;
  }
}
