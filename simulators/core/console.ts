/**
 * The app a console (the control API's core routes, or a vendor's `/__sim/<vendor>` routes) is
 * built on: an OpenAPIHono whose request validation answers 400 `{error}` listing each issue, the
 * shape every control route answers a bad request with. `body` adds vendor fields (baoquan's code).
 */
import { createHash } from 'node:crypto';
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { BlobStore } from './blobs.ts';

/** The issues of a zod failure as one readable line: `path: message; …`. */
export function issueText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

export function createConsoleApp(body: (error: string) => object = (error) => ({ error })): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(body(issueText(result.error)), 400);
    },
  });
}

/**
 * The id of a record a console call creates (a vendor's template): the caller's `given` one,
 * checked against `format` (400 with `rule`) and refused when `taken` (409), or else the next of
 * the vendor's sequence that is not taken.
 */
export function consoleRecordId(
  given: string | undefined,
  taken: (id: string) => boolean,
  opts: { format: RegExp; rule: string; label: string; next: () => string },
): { id: string } | { status: 400 | 409; error: string } {
  if (given !== undefined) {
    if (!opts.format.test(given)) return { status: 400, error: opts.rule };
    if (taken(given)) return { status: 409, error: `${opts.label} ${given} exists` };
    return { id: given };
  }
  let id = opts.next();
  while (taken(id)) id = opts.next();
  return { id };
}

/** An uploaded file kept as a blob, with what a console shows of it (size, SHA-256). */
export function storeConsoleFile(
  blobs: BlobStore,
  bytes: Uint8Array,
  meta: { tenant: string; vendor: string; contentType: string; name: string },
): { blobId: string; size: number; sha256: string } {
  const blob = blobs.put(bytes, meta);
  return { blobId: blob.id, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
