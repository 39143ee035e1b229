/** The access link: {host}/attestations/{ano}?accessKey&signature&tonce, verified, shown without a login. */
import { createSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attest, call, DEFAULT_PRIVATE_KEY, setup, textPdf } from './helpers.ts';

const sign = (key: string, data: string) => createSign('RSA-SHA256').update(data, 'utf8').sign(key, 'base64');

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

describe('baoquan access page (accessPage, /attestations/{ano})', () => {
  it('opens with the SDK-built link (v2 and v3), turning a + that arrived as a space back, and shows the attestation', async () => {
    const ctx = setup();
    const pdf = await textPdf([['附件正文']]);
    const ano = await attest(ctx.client, {}, { attachments: { 0: [{ bytes: pdf, filename: '合同.pdf' }] } });
    // Find a tonce whose signature holds a '+': the SDKs put it into the URL unencoded.
    let tonce = ctx.sim.clock.now();
    let url = ctx.client.accessUrl(ano, { tonce });
    while (!new URL(url).search.includes('+')) url = ctx.client.accessUrl(ano, { tonce: ++tonce });
    expect(new URL(url).searchParams.get('signature')).toContain(' ');
    const res = await ctx.sim.fetch(new Request(url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const s of [
      ano,
      '理财产品购买保全',
      '2024-01-02 10:00:00',
      '15857112383',
      'user.phone_number',
      '13234568732',
      '合同.pdf',
      '待上链',
    ])
      expect(html).toContain(s);
    // The same link with the + percent-encoded, and the v3 form.
    expect((await ctx.sim.fetch(new Request(url.replace(/\+/g, '%2B')))).status).toBe(200);
    expect((await ctx.sim.fetch(new Request(ctx.client.accessUrl(ano, { variant: 'v3' })))).status).toBe(200);
    // Python's json.dumps spacing is accepted too (guess: the signed text is a serialised map).
    const t = ctx.sim.clock.now();
    const spaced = sign(DEFAULT_PRIVATE_KEY, `{"tonce": ${t}, "attestationId": "${ano}"}`);
    const q = new URLSearchParams({ accessKey: ctx.client.accessKey, signature: spaced, tonce: String(t) });
    expect((await ctx.sim.fetch(new Request(`${ctx.origin}/attestations/${ano}?${q}`))).status).toBe(200);

    // The page's links are signed, work for 30 minutes, and are refused when tampered with.
    const links = hrefs(html).filter((h) => h.includes('/files/'));
    expect(links.some((h) => h.includes('/files/certificates/'))).toBe(true);
    const attachment = links.find((h) => h.includes('/files/attachments/'))!;
    const file = await ctx.sim.fetch(new Request(attachment));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    const cert = await ctx.sim.fetch(new Request(links.find((h) => h.includes('/files/certificates/'))!));
    expect(cert.headers.get('content-type')).toBe('application/pdf');
    expect((await ctx.sim.fetch(new Request(attachment.split('?')[0]!))).status).toBe(403);
    await ctx.sim.clock.advance(30 * 60_000 + 1000);
    expect((await ctx.sim.fetch(new Request(attachment))).status).toBe(403);
    // Anchored by now: the hash replaces 待上链.
    const later = await (await ctx.sim.fetch(new Request(ctx.client.accessUrl(ano)))).text();
    const { blockchain_hash } = await call(ctx.client, '/attestation', { ano, fields: [] });
    expect(later).toContain(blockchain_hash!);
  });

  it("refuses absent parameters (400 LINK_PARAMS_MISSING), a bad signature or key (403 LINK_SIGNATURE_INVALID), another key's ano (404 LINK_ATTESTATION_NOT_FOUND)", async () => {
    const ctx = setup();
    const ano = await attest(ctx.client);
    const good = new URL(ctx.client.accessUrl(ano));
    const page = async (u: string) => {
      const r = await ctx.sim.fetch(new Request(u));
      return { status: r.status, html: await r.text() };
    };
    for (const drop of ['accessKey', 'signature', 'tonce']) {
      const u = new URL(good);
      u.searchParams.delete(drop);
      const r = await page(u.toString());
      expect(r.status).toBe(400);
      expect(r.html).toContain('链接参数不完整'); // LINK_PARAMS_MISSING
    }
    const forged = new URL(good);
    forged.searchParams.set('signature', sign(DEFAULT_PRIVATE_KEY, `{"tonce":1,"attestationId":"${ano}"}`));
    const r1 = await page(forged.toString());
    expect(r1.status).toBe(403);
    expect(r1.html).toContain('链接签名无效'); // LINK_SIGNATURE_INVALID
    const otherTonce = new URL(good);
    otherTonce.searchParams.set('tonce', String(Number(good.searchParams.get('tonce')) + 1));
    expect((await page(otherTonce.toString())).status).toBe(403);
    const unknownKey = new URL(good);
    unknownKey.searchParams.set('accessKey', 'nosuchkey0000000000000');
    expect((await page(unknownKey.toString())).status).toBe(403);
    // Another tenant's valid link for an ano it does not own.
    const other = ctx.newTenant();
    const r2 = await page(other.client.accessUrl(ano));
    expect(r2.status).toBe(404);
    expect(r2.html).toContain('保全不存在'); // LINK_ATTESTATION_NOT_FOUND
  });

  it("refuses links older than the tenant's accessLinkTtlMs (403 LINK_EXPIRED); by default links do not expire", async () => {
    const ctx = setup();
    const ano = await attest(ctx.client);
    const old = ctx.client.accessUrl(ano);
    await ctx.sim.clock.advance(30 * 24 * 3_600_000);
    expect((await ctx.sim.fetch(new Request(old))).status).toBe(200);
    ctx.sim.vendor('baoquan').patchTenant(ctx.client.accessKey, { accessLinkTtlMs: 3_600_000 });
    const r = await ctx.sim.fetch(new Request(old));
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('链接已过期'); // LINK_EXPIRED
    expect((await ctx.sim.fetch(new Request(ctx.client.accessUrl(ano)))).status).toBe(200);
  });
});
