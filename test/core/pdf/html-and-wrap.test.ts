import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../simulators/core/pdf/html-parse.ts';
import { atomize, wrapAtoms, wrapText } from '../../../simulators/core/pdf/text-wrap.ts';

const text = (b: ReturnType<typeof parseHtml>[number]) =>
  b.kind === 'rule' ? '---' : b.runs.map((r) => r.text).join('');

describe('parseHtml', () => {
  it('reads headings, paragraphs, <br>, lists, entities, and drops scripts and styles', () => {
    const blocks = parseHtml(`<head><title>T</title><style>p{}</style></head><body><h2>第一条
      标的</h2><p>甲方：<strong>某公司</strong><br/>乙方&nbsp;&amp;&#x4E19;方</p><script>var x = '<p>no</p>'</script>
      <ol start="3"><li>一<ul><li>a</li></ul></li><li>二</li></ol><hr><li>stray</li></body>`);
    expect(blocks.map(text)).toEqual([
      '第一条标的',
      '甲方：某公司',
      '乙方 &丙方',
      '一',
      'a',
      '二',
      '---',
      'stray',
    ]);
    expect(blocks[0]).toMatchObject({ kind: 'heading', level: 2 });
    expect(blocks[1].kind === 'para' && blocks[1].runs.find((r) => r.text === '某公司')?.bold).toBe(true);
    const markers = blocks
      .filter((b) => b.kind === 'para')
      .map((b) => (b.kind === 'para' ? [b.marker, b.indent] : []));
    expect(markers.slice(2)).toEqual([
      ['3.', 1],
      ['◦', 2],
      ['4.', 1],
      ['•', 0],
    ]);
  });
});

describe('line wrapping', () => {
  const mono = (t: string) =>
    Array.from(t).reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/u.test(ch) ? 10 : 5), 0);

  it('breaks CJK between characters and Latin only at spaces', () => {
    expect(wrapText('一二三四五六七八九十', mono, 45)).toEqual(['一二三四', '五六七八', '九十']);
    expect(wrapText('alpha beta gamma', mono, 60)).toEqual(['alpha beta', 'gamma']);
    expect(wrapText('supercalifragilistic', mono, 50)).toEqual(['supercalif', 'ragilistic']);
  });

  it('never starts a line with closing punctuation', () => {
    const lines = wrapText('一二三四，五六', mono, 40);
    expect(lines.every((l) => !/^[，。]/.test(l))).toBe(true);
    expect(lines.join('')).toBe('一二三四，五六');
  });

  it('keeps bold runs apart', () => {
    const lines = wrapAtoms(
      atomize([{ text: '甲方：' }, { text: '某公司', bold: true }]),
      (t) => mono(t),
      1000,
    );
    expect(lines[0].map((p) => [p.text, p.bold])).toEqual([
      ['甲方：', false],
      ['某公司', true],
    ]);
  });
});
