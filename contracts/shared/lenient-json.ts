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
