/**
 * The payload JSON as each of the vendor's SDKs writes it. The signature covers these exact
 * bytes, so a server must verify over the raw string and never re-serialise (docs/vendor-notes.md).
 *
 * - java   (Jackson ObjectMapper defaults): compact; non-ASCII as is; `/` as is; control
 *          characters as \n, \t… or \u00XX (uppercase hex).
 * - python (json.dumps defaults): `, ` and `: ` separators; ensure_ascii: every non-ASCII
 *          character as \uXXXX (lowercase hex, surrogate pairs beyond the BMP); `/` as is.
 * - php    (json_encode defaults): compact; `/` as `\/`; non-ASCII as \uXXXX (lowercase); an
 *          empty object written as `[]` (a PHP array), so an empty payload is `[]`.
 */

export type BaoquanJsonStyle = 'java' | 'python' | 'php';

interface StyleRules {
  comma: string;
  colon: string;
  /** Escape every UTF-16 unit above this as \uXXXX (Infinity: none). */
  asciiAbove: number;
  escapeSlash: boolean;
  emptyObjectAsArray: boolean;
  upperHex: boolean;
}

const RULES: Record<BaoquanJsonStyle, StyleRules> = {
  java: {
    comma: ',',
    colon: ':',
    asciiAbove: Infinity,
    escapeSlash: false,
    emptyObjectAsArray: false,
    upperHex: true,
  },
  python: {
    comma: ', ',
    colon: ': ',
    asciiAbove: 0x7e,
    escapeSlash: false,
    emptyObjectAsArray: false,
    upperHex: false,
  },
  php: {
    comma: ',',
    colon: ':',
    asciiAbove: 0x7f,
    escapeSlash: true,
    emptyObjectAsArray: true,
    upperHex: false,
  },
};

const SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function hex4(code: number, upper: boolean): string {
  const h = code.toString(16).padStart(4, '0');
  return `\\u${upper ? h.toUpperCase() : h}`;
}

function quote(s: string, r: StyleRules): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (SHORT[ch] !== undefined) out += SHORT[ch];
    else if (ch === '/' && r.escapeSlash) out += '\\/';
    else if (code < 0x20) out += hex4(code, r.upperHex);
    else if (code > r.asciiAbove)
      out += hex4(code, r.upperHex); // UTF-16 units: pairs stay pairs
    else out += ch;
  }
  return `${out}"`;
}

function write(value: unknown, r: StyleRules): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value, r);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => write(v, r) ?? 'null').join(r.comma)}]`;
  }
  const entries: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const w = write(v, r);
    if (w !== undefined) entries.push(`${quote(k, r)}${r.colon}${w}`);
  }
  if (entries.length === 0 && r.emptyObjectAsArray) return '[]';
  return `{${entries.join(r.comma)}}`;
}

/** `value` as JSON in the given SDK's style. */
export function serialiseBaoquanPayload(value: unknown, style: BaoquanJsonStyle = 'java'): string {
  return write(value, RULES[style]) ?? 'null';
}
