/**
 * Issue 9 item 6, baoquan: an uploaded attachment is never rendered on the baoquan origin. An
 * HTML upload is served as a download (`Content-Disposition: attachment`) with nosniff and the
 * strict CSP (decision: baoquan.attachment-download); the access page carries the CSP, which allows
 * exactly its own inline styles, and escapes what the uploader named.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attest, setup } from './helpers.ts';

const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

describe('baoquan: no XSS through attachments or the access page', () => {
  it('serves an uploaded text/html attachment as a download with nosniff and a strict CSP', async () => {
    const ctx = setup();
    const payload = new TextEncoder().encode('<html><script>alert(document.domain)</script></html>');
    const ano = await attest(
      ctx.client,
      {},
      {
        attachments: {
          0: [{ bytes: payload, filename: '<img src=x onerror=alert(1)>.html', contentType: 'text/html' }],
        },
      },
    );
    const pageRes = await ctx.sim.fetch(new Request(ctx.client.accessUrl(ano)));
    expect(pageRes.status).toBe(200);
    const html = await pageRes.text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.html');

    const link = hrefs(html).find((h) => h.includes('/files/attachments/'))!;
    const file = await ctx.sim.fetch(new Request(link));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = file.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self'(?! 'unsafe-inline')/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(payload);

    // sealsim's own certificate stays inline, with the same headers
    const cert = await ctx.sim.fetch(
      new Request(hrefs(html).find((h) => h.includes('/files/certificates/'))!),
    );
    expect(cert.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(cert.headers.get('content-security-policy')).toBe(csp);
  });

  it('the access page and its refusals carry the CSP, which allows exactly the inline styles they hold', async () => {
    const ctx = setup();
    const ano = await attest(ctx.client);
    const good = await ctx.sim.fetch(new Request(ctx.client.accessUrl(ano)));
    const refused = await ctx.sim.fetch(new Request(`${ctx.origin}/attestations/${ano}`));
    expect(refused.status).toBe(400);
    for (const res of [good, refused]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await res.text();
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(styles.length).toBeGreaterThan(0);
      for (const css of styles) expect(csp).toContain(hashOf(css));
    }
  });
});
