import { describe, expect, it } from 'vitest';
import {
  appendChunks,
  createTextPdf,
  findKeyword,
  InvalidPdfError,
  pageCount,
  UnsupportedChunkTypeError,
} from '../../../simulators/core/pdf/index.ts';
import { countDarkPixels, renderPdfPage } from '../../helpers/png.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const para = '本合同由甲乙双方在平等、自愿的基础上，经友好协商达成如下条款，双方应共同遵守。';

describe('appendChunks', () => {
  it('lays HTML out as new pages with CJK text, wrapping long paragraphs', async () => {
    const base = await createTextPdf([{ lines: ['正文'] }]);
    const html =
      `<!doctype html><html><head><title>t</title><style>p { color: red }</style>` +
      `<script>alert('x')</script></head><body>
      <h1>补充协议</h1>
      <p>${para.repeat(40)}</p>
      <ul><li>第一项 &amp; 说明</li><li>Second item</li></ul>
      <p>甲方：<b>杭州天谷信息科技有限公司</b><br>乙方：张三</p>
      ${'<p>This agreement is made between Party A and Party B on a voluntary basis.</p>'.repeat(30)}
    </body></html>`;
    const out = await appendChunks(base, [{ contentType: 'TEXT/HTML; charset=UTF-8', data: enc(html) }]);
    const n = await pageCount(out);
    expect(n).toBeGreaterThanOrEqual(3); // 1 + at least two pages of HTML
    for (let p = 2; p <= n; p++)
      expect(countDarkPixels(await renderPdfPage(out, p, 50))).toBeGreaterThan(500);
    // Text is real text: headings, list items, bold runs, after the break
    expect((await findKeyword(out, '补充协议'))[0].page).toBe(2);
    expect(await findKeyword(out, '第一项&说明')).toHaveLength(1);
    expect(await findKeyword(out, '乙方：张三')).toHaveLength(1);
    expect(await findKeyword(out, 'alert')).toEqual([]); // scripts are not text
    // CJK wraps per character: the long paragraph's lines fill the width
    const hits = await findKeyword(out, '友好协商');
    expect(hits.length).toBeGreaterThan(30);
    expect(new Set(hits.map((h) => Math.round(h.x))).size).toBeGreaterThan(5);
  });

  it('appends the pages of a PDF chunk', async () => {
    const base = await createTextPdf([{ lines: ['正文'] }, { lines: ['第二页'] }]);
    const annex = await createTextPdf([{ lines: ['附件一'] }, { lines: ['附件二'] }, { lines: ['附件三'] }]);
    const out = await appendChunks(base, [{ contentType: 'Application/PDF', data: annex }]);
    expect(await pageCount(out)).toBe(5);
    expect((await findKeyword(out, '附件三'))[0].page).toBe(5);
  });

  it('throws typed errors for other content types and unparsable PDF chunks', async () => {
    const base = await createTextPdf([{ lines: ['正文'] }]);
    await expect(
      appendChunks(base, [{ contentType: 'image/png', data: new Uint8Array(4) }]),
    ).rejects.toBeInstanceOf(UnsupportedChunkTypeError);
    await expect(
      appendChunks(base, [{ contentType: 'application/pdf', data: enc('not a pdf') }]),
    ).rejects.toBeInstanceOf(InvalidPdfError);
  });
});
