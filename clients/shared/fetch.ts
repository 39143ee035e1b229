/** Fetch helpers shared by vendor clients. */

export type FetchFn = (input: Request) => Promise<Response>;

/**
 * A fetch that looks up its implementation on every call, so that msw (or a test swapping
 * `globalThis.fetch`) installed after the client was created still intercepts it.
 */
export function lateBoundFetch(custom?: FetchFn): FetchFn {
  return (req) => (custom ?? globalThis.fetch)(req);
}

/** Reads a header from a Fetch `Headers` or a Node-style record, case-insensitively. */
export function headerValue(
  headers: Headers | Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() === want) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}
