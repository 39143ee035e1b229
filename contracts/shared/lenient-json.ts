/**
 * JSON as the vendors' servers read it: some documents' own examples carry a trailing comma before
 * `}` or `]` (yunhetong-digest §5.4.6, baoquan's /contract/sign), which fastjson-style parsers accept.
 */

/** `text` with the commas before a closing `}` or `]` removed (outside strings). */
export function stripTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    if (ch === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (text[j] === '}' || text[j] === ']') continue;
    }
    out += ch;
  }
  return out;
}

/** JSON.parse, retried without trailing commas; undefined when the text is not JSON either way. */
export function parseLenientJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    try {
      return { value: JSON.parse(stripTrailingCommas(text)) as unknown };
    } catch {
      return undefined;
    }
  }
}

/**
 * JSON as fastjson reads it (云合同 SDK's `partners`, `signer`, `param`): standard JSON, plus
 * single-quoted strings (`['u1']`), unquoted object keys (`{appUserId:'u1'}`) and trailing commas.
 * Undefined when the text is not JSON even so.
 */
export function parseFastjson(text: string): { value: unknown } | undefined {
  const strict = parseLenientJson(text);
  if (strict) return strict;
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`fastjson: unexpected input at ${i}`);
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (quote: string): string => {
    i++;
    let out = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\') {
        const next = text[++i];
        const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
        if (next === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
          i += 4;
        } else out += escapes[next ?? ''] ?? next ?? '';
        i++;
      } else out += text[i++];
    }
    if (text[i] !== quote) fail();
    i++;
    return out;
  };
  const value = (): unknown => {
    ws();
    const ch = text[i];
    if (ch === '"' || ch === "'") return str(ch);
    if (ch === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      for (;;) {
        ws();
        if (text[i] === '}') break;
        let key: string;
        if (text[i] === '"' || text[i] === "'") key = str(text[i]!);
        else {
          const m = /^[A-Za-z_$][\w$]*/.exec(text.slice(i));
          if (!m) return fail();
          key = m[0];
          i += key.length;
        }
        ws();
        if (text[i++] !== ':') fail();
        Object.defineProperty(obj, key, {
          value: value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail();
      }
      i++;
      return obj;
    }
    if (ch === '[') {
      i++;
      const arr: unknown[] = [];
      for (;;) {
        ws();
        if (text[i] === ']') break;
        arr.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail();
      }
      i++;
      return arr;
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!m) return fail();
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };
  try {
    const v = value();
    ws();
    return i === text.length ? { value: v } : undefined;
  } catch {
    return undefined;
  }
}
