/**
 * Placeholder syntax shared by DOCX and PDF templates: `${name}` is a text or image placeholder
 * (the param key is the whole `${name}`), `${sign:NAME}` a signature position (addPartner's
 * `locationName` NAME). decision: yunhetong-sdk.template-sign-marker
 */

/** `${…}`: one or more characters other than braces, `$` and line breaks, at most 100. */
export const PLACEHOLDER = /\$\{([^{}$\r\n]{1,100})\}/gu;
const SIGN = /^sign:(.+)$/u;

export type Placeholder = { kind: 'value'; key: string } | { kind: 'sign'; name: string };

/** What the text of one `${…}` match means. */
export function placeholderOf(inner: string): Placeholder {
  const sign = SIGN.exec(inner);
  return sign ? { kind: 'sign', name: sign[1].trim() } : { kind: 'value', key: `\${${inner}}` };
}
