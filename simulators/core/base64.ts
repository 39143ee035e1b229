/**
 * Strict Base64: the standard alphabet with `=` padding to a multiple of four, whitespace anywhere
 * ignored (as Java's MIME decoder and .NET read it); undefined when the text is not Base64 (Node's
 * own decoder would silently skip junk). Empty text is zero bytes: callers that need content say so.
 */
export function decodeStrictBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}
