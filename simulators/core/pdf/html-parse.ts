/**
 * A forgiving HTML-to-blocks reader for laying out contract chunks without a browser:
 * headings, paragraphs, line breaks, lists (nested, ordered or not), table rows,
 * preformatted text, rules, and bold runs. Scripts, styles and the head are dropped.
 */
import type { Run } from './text-wrap.ts';

export type Block =
  | { kind: 'heading'; level: number; runs: Run[] }
  | { kind: 'para'; runs: Run[]; indent: number; marker?: string; pre?: boolean; align?: 'center' | 'right' }
  | { kind: 'rule' };

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  middot: '·',
  times: '×',
  divide: '÷',
  yen: '¥',
  rmb: '¥',
  deg: '°',
  plusmn: '±',
  sect: '§',
  bull: '•',
  laquo: '«',
  raquo: '»',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi, (m, body: string) => {
    if (body[0] === '#') {
      const cp =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[body.toLowerCase()] ?? m;
  });
}

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'blockquote',
  'address',
  'figure',
  'figcaption',
  'form',
  'fieldset',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'dl',
  'dt',
  'dd',
  'center',
  'caption',
  'body',
  'html',
]);
const SKIP_TAGS = new Set(['script', 'style', 'head', 'template', 'noscript', 'svg', 'object', 'iframe']);
const VOID_TAGS = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'link',
  'col',
  'area',
  'base',
  'wbr',
  'source',
]);

interface ListState {
  ordered: boolean;
  n: number;
}

export function parseHtml(html: string): Block[] {
  const blocks: Block[] = [];
  let runs: Run[] = [];
  let bold = 0;
  let pre = 0;
  let heading = 0;
  let align: 'center' | 'right' | undefined;
  const lists: ListState[] = [];
  let marker: string | undefined;
  let cellIndex = 0;

  const flush = () => {
    // collapse whitespace (outside <pre>) and trim the block
    const cleaned: Run[] = [];
    for (const r of runs) {
      // A source line break between two CJK characters is not a space.
      const joined = pre
        ? r.text
        : r.text.replace(
            /([\u3000-\u9fff\uff00-\uffef])[ \t]*\r?\n\s*(?=[\u3000-\u9fff\uff00-\uffef])/gu,
            '$1',
          );
      const text = pre ? joined : joined.replace(/[\s\u200b]+/g, ' ');
      const last = cleaned[cleaned.length - 1];
      if (last && last.bold === r.bold) last.text += text;
      else cleaned.push({ text, bold: r.bold });
    }
    if (!pre) {
      if (cleaned.length) cleaned[0].text = cleaned[0].text.replace(/^ +/, '');
      if (cleaned.length)
        cleaned[cleaned.length - 1].text = cleaned[cleaned.length - 1].text.replace(/ +$/, '');
    }
    const nonEmpty = cleaned.filter((r) => r.text.length);
    const text = nonEmpty.map((r) => r.text).join('');
    if (text.replace(/\u00a0/g, ' ').trim() || (pre && text.length)) {
      for (const r of nonEmpty) r.text = r.text.replace(/\u00a0/g, ' ');
      if (heading) blocks.push({ kind: 'heading', level: heading, runs: nonEmpty });
      else
        blocks.push({
          kind: 'para',
          runs: nonEmpty,
          indent: lists.length,
          marker,
          pre: pre > 0 || undefined,
          align,
        });
      marker = undefined;
    }
    runs = [];
  };
  const text = (t: string) => {
    if (t) runs.push({ text: t, bold: bold > 0 || heading > 0 });
  };

  const re =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\?[\s\S]*?\?>|<\/?([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</;
  const tokenizer = new RegExp(re.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = tokenizer.exec(html))) {
    const tok = m[0];
    const tag = m[1]?.toLowerCase();
    if (!tag) {
      if (tok.startsWith('<![CDATA[')) text(tok.slice(9, -3));
      else if (tok.startsWith('<')) {
        if (tok === '<') text('<');
      } else text(decodeEntities(tok));
      continue;
    }
    const closing = tok[1] === '/';
    const attrs = m[2] ?? '';
    if (SKIP_TAGS.has(tag) && !closing) {
      if (attrs.trim().endsWith('/')) continue;
      const end = new RegExp(`</${tag}\\s*>`, 'ig');
      end.lastIndex = tokenizer.lastIndex;
      const found = end.exec(html);
      tokenizer.lastIndex = found ? found.index + found[0].length : html.length;
      continue;
    }
    if (tag === 'br') {
      flush();
      continue;
    }
    if (tag === 'hr') {
      flush();
      blocks.push({ kind: 'rule' });
      continue;
    }
    if (tag === 'img') {
      const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attrs);
      if (alt) text(decodeEntities(alt[2] ?? alt[3] ?? ''));
      continue;
    }
    if (/^h[1-6]$/.test(tag)) {
      flush();
      heading = closing ? 0 : Number(tag[1]);
      continue;
    }
    if (tag === 'b' || tag === 'strong' || tag === 'th') {
      if (tag === 'th' && !closing && cellIndex++ > 0) text('  ');
      bold = Math.max(0, bold + (closing ? -1 : 1));
      continue;
    }
    if (tag === 'td') {
      if (!closing && cellIndex++ > 0) text('  ');
      continue;
    }
    if (tag === 'pre') {
      flush();
      pre = Math.max(0, pre + (closing ? -1 : 1));
      continue;
    }
    if (tag === 'ul' || tag === 'ol') {
      flush();
      if (closing) lists.pop();
      else {
        const start = /\bstart\s*=\s*["']?(\d+)/i.exec(attrs);
        lists.push({ ordered: tag === 'ol', n: start ? Number(start[1]) - 1 : 0 });
      }
      continue;
    }
    if (tag === 'li') {
      flush();
      if (!closing) {
        const list = lists[lists.length - 1];
        if (list) {
          list.n++;
          marker = list.ordered ? `${list.n}.` : lists.length > 1 ? '◦' : '•';
        } else marker = '•'; // a stray <li>
      }
      continue;
    }
    if (BLOCK_TAGS.has(tag)) {
      flush();
      if (tag === 'tr') cellIndex = 0;
      if (!closing) {
        const a = /text-align\s*:\s*(center|right)|\balign\s*=\s*["']?(center|right)/i.exec(attrs);
        if (tag === 'center') align = 'center';
        else if (a) align = (a[1] ?? a[2]).toLowerCase() as 'center' | 'right';
      } else align = undefined;
      continue;
    }
    if (VOID_TAGS.has(tag)) continue;
    // other inline tags (span, a, em, i, u, font, …) only carry text
  }
  flush();
  return blocks;
}
