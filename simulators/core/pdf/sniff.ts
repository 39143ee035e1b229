/** Cheap, dependency-free structural checks on PDF bytes (no parser loaded). */
export function hasPdfMagic(bytes: Uint8Array): boolean {
  // The header may follow a little junk (the spec allows up to 1024 bytes of it).
  const limit = Math.min(bytes.length - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (
      bytes[i] === 0x25 &&
      bytes[i + 1] === 0x50 &&
      bytes[i + 2] === 0x44 &&
      bytes[i + 3] === 0x46 &&
      bytes[i + 4] === 0x2d
    ) {
      return true;
    }
  }
  return false;
}

/**
 * %PDF- magic, an %%EOF marker, and a cross-reference table or trailer: a light structural
 * check, synchronous, without loading a parser.
 */
export function isPdf(bytes: Uint8Array): boolean {
  if (!(bytes instanceof Uint8Array) || bytes.length < 32 || !hasPdfMagic(bytes)) return false;
  const tail = latin1(bytes.subarray(Math.max(0, bytes.length - 2048)));
  if (!tail.includes('%%EOF')) return false;
  const m = /startxref\s+(\d+)/.exec(tail);
  if (!m) return false;
  const offset = Number(m[1]);
  if (offset > 0 && offset < bytes.length) {
    const at = latin1(bytes.subarray(offset, Math.min(bytes.length, offset + 64)));
    // A classic xref table, or an xref stream object ("12 0 obj").
    if (/^\s*xref\b/.test(at) || /^\s*\d+\s+\d+\s+obj\b/.test(at)) return true;
  }
  // A wrong startxref offset is common and readers repair it: accept a trailer instead.
  return (
    /trailer\s*<</.test(tail) ||
    /\/Type\s*\/XRef/.test(latin1(bytes.subarray(Math.max(0, bytes.length - 65536))))
  );
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}
