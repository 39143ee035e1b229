/**
 * A small, bounded XML reader for WordprocessingML parts: elements with their raw attributes, and
 * text only where the caller keeps it (`w:t`). No DTDs or entity declarations are read (only the
 * five predefined entities and character references), so there is no entity expansion; tags cannot
 * span a `<`, so no input makes the tokenizer scan one stretch twice; nodes and depth are capped.
 */
import { decodeEntities } from '../pdf/html-parse.ts';
import { TemplateError } from './errors.ts';

export interface XmlElement {
  name: string;
  /** Raw attribute text; read with `attr()`. */
  attrs: string;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export const XML_BOUNDS = { maxElements: 1_500_000, maxDepth: 256 } as const;

const TOKEN =
  /<!--[\s\S]*?-->|<\?[^>]*\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<![^<>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:[^<>"']|"[^"<]*"|'[^'<]*')*?)(\/?)>|([^<]+)|</g;

/** The document's root element (a synthetic `#document` holding the top-level nodes). */
export function parseXml(xml: string, keepTextIn: (element: string) => boolean): XmlElement {
  const root: XmlElement = { name: '#document', attrs: '', children: [] };
  const stack: XmlElement[] = [root];
  let elements = 0;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(xml))) {
    const top = stack[stack.length - 1];
    const name = m[3];
    if (name === undefined) {
      const text = m[6] ?? m[1];
      if (text !== undefined && keepTextIn(top.name)) top.children.push(m[1] ?? decodeEntities(text));
      continue;
    }
    if (m[2]) {
      // closing tag: close up to its element; a stray one is ignored
      const at = stack.findLastIndex((e) => e.name === name);
      if (at > 0) stack.length = at;
      continue;
    }
    if (++elements > XML_BOUNDS.maxElements)
      throw new TemplateError('invalid-template', `DOCX over ${XML_BOUNDS.maxElements} XML elements`);
    const element: XmlElement = { name, attrs: m[4], children: [] };
    top.children.push(element);
    if (!m[5]) {
      if (stack.length > XML_BOUNDS.maxDepth)
        throw new TemplateError('invalid-template', `DOCX XML nested over ${XML_BOUNDS.maxDepth} deep`);
      stack.push(element);
    }
  }
  return root;
}

/** An attribute's decoded value (`w:val`, `r:embed`…), or undefined. */
export function attr(element: XmlElement, name: string): string | undefined {
  const re = new RegExp(`(?:^|\\s)${name.replace(/[.]/g, '\\.')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
  const m = re.exec(element.attrs);
  return m ? decodeEntities(m[1] ?? m[2]) : undefined;
}

export const elements = (node: XmlElement): XmlElement[] =>
  node.children.filter((c): c is XmlElement => typeof c !== 'string');

export const child = (node: XmlElement, name: string): XmlElement | undefined =>
  elements(node).find((c) => c.name === name);

/** The first descendant named `name` (depth-first), or undefined. */
export function descendant(node: XmlElement, name: string): XmlElement | undefined {
  for (const c of elements(node)) {
    if (c.name === name) return c;
    const d = descendant(c, name);
    if (d) return d;
  }
  return undefined;
}
