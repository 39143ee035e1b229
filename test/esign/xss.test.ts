/**
 * Issue 9 item 6, esign: redirectUrl is the only caller URL the signer's page follows. /sign/start
 * refuses anything but an absolute http(s) URL with PARAM_INVALID before it makes anything; a flow
 * that holds another one (older state) is never shown or followed (decision:
 * esign.redirect-url-http). The H5 pages carry the strict CSP (allowing exactly their own inline
 * styles), and their forms refuse an oversized body before reading it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EsignApiError } from '../../clients/esign/index.ts';
import { esignErrors } from '../../contracts/esign/index.ts';
import { PAGE_MAX_BODY_BYTES } from '../../simulators/core/pipeline/limit.ts';
import {
  inProcessSim,
  newDoc,
  newPerson,
  newProject,
  projectView,
  signerAction,
  startTwoSignerFlow,
  T0,
} from './helpers.ts';

const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

async function fixture() {
  const h = inProcessSim({ now: T0 });
  const project = await newProject(h.control);
  const client = h.client(project);
  const a = await newPerson(client, { name: '张三' });
  const b = await newPerson(client, { name: '李四' });
  const { docId } = await newDoc(client, h.fetch);
  const page = async (url: string, init?: RequestInit) => h.sim.fetch(new Request(url, init));
  return { h, project, client, a, b, docId, page };
}

/** Sets a flow's redirectUrl in the saved state and restores it (a flow from older state). */
function plantRedirect(state: unknown, flowId: string, url: string): boolean {
  if (!state || typeof state !== 'object') return false;
  const o = state as Record<string, unknown>;
  if (o.flowId === flowId && Array.isArray(o.signers)) {
    o.redirectUrl = url;
    return true;
  }
  return Object.values(o).some((v) => plantRedirect(v, flowId, url));
}

describe('esign: redirectUrl and the H5 pages', () => {
  it('/sign/start refuses a redirectUrl that is not http(s) with PARAM_INVALID, making nothing', async () => {
    const { h, project, client, a, b, docId } = await fixture();
    const before = await projectView(h.control, project.projectId);
    for (const bad of [
      'javascript:alert(3)',
      'JavaScript:alert(3)',
      ' javascript:alert(3)',
      'java\tscript:alert(3)',
      'data:text/html,<script>alert(3)</script>',
      'vbscript:msgbox(3)',
      '//evil.example/x',
      '/relative/path',
      'https:evil.example',
      'ftp://files.example/x',
    ]) {
      const err = await startTwoSignerFlow(client, a, b, docId, { redirectUrl: bad }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, bad).toBeInstanceOf(EsignApiError);
      expect((err as EsignApiError).errCode, bad).toBe(esignErrors.PARAM_INVALID.errCode);
      expect((err as EsignApiError).msg, bad).toContain('redirectUrl');
    }
    expect(await projectView(h.control, project.projectId)).toEqual(before);
    // http(s) and the doc's empty string are accepted
    await startTwoSignerFlow(client, a, b, docId, { redirectUrl: 'https://shop.example/back?o=1' });
    await startTwoSignerFlow(client, a, b, docId, { redirectUrl: '' });
  });

  it('after signing, an http(s) redirectUrl is a link and a meta refresh, escaped; any other never appears', async () => {
    const { h, client, a, b, docId, page } = await fixture();
    const good = 'https://shop.example/back?o=1&x="><b>';
    const flow = await startTwoSignerFlow(client, a, b, docId, { redirectUrl: good });
    expect((await signerAction(h.control, flow.flowId, a.accountId)).status).toBe(200);
    const done = await (await page(`${flow.urlA}&done=1`)).text();
    expect(done).toContain('id="redirect"');
    expect(done).toContain('https://shop.example/back?o=1&amp;x=&quot;&gt;&lt;b&gt;');
    expect(done).not.toContain('"><b>');

    // A flow restored from state that holds javascript: (made before the check existed).
    const other = await startTwoSignerFlow(client, a, b, docId, { redirectUrl: 'https://ok.example/' });
    const snap = h.sim.snapshot();
    expect(plantRedirect(snap.vendors.esign, other.flowId, 'javascript:alert(3)')).toBe(true);
    h.sim.restore(snap);
    expect((await signerAction(h.control, other.flowId, a.accountId)).status).toBe(200);
    const res = await page(`${other.urlA}&done=1`);
    const html = await res.text();
    expect(html).toContain('签署成功');
    expect(html).not.toContain('id="redirect"');
    expect(html).not.toMatch(/javascript:|http-equiv="refresh"/i);
  });

  it('the H5 pages carry the strict CSP, which allows exactly their inline styles; no inline scripts or style attributes', async () => {
    const { client, a, b, docId, page } = await fixture();
    const flow = await startTwoSignerFlow(client, a, b, docId, { redirectUrl: 'https://ok.example/' });
    for (const url of [flow.urlA, flow.urlA.replace(/token=[^&]+/, 'token=nope')]) {
      const res = await page(url);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain("'unsafe-eval'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await res.text();
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(styles.length).toBeGreaterThan(0);
      for (const css of styles) expect(csp).toContain(hashOf(css));
    }
  });

  it('a page form with an oversized body is refused (413) before it is read, and does nothing', async () => {
    const { client, a, b, docId, page } = await fixture();
    const flow = await startTwoSignerFlow(client, a, b, docId);
    const q = new URL(flow.urlA).searchParams;
    const fields = `flowId=${q.get('flowId')}&accountId=${q.get('accountId')}&token=${q.get('token')}`;
    const origin = new URL(flow.urlA).origin;
    let pulled = 0;
    const chunk = new TextEncoder().encode(`&reason=${'x'.repeat(16 * 1024)}`);
    const body = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(new TextEncoder().encode(fields));
      },
      pull(ctrl) {
        if (pulled > 50 * 1024 * 1024) return ctrl.close();
        pulled += chunk.length;
        ctrl.enqueue(chunk);
      },
    });
    const res = await page(`${origin}/h5/sign/refuse`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(PAGE_MAX_BODY_BYTES + 8 * chunk.length);
    // the refused request did nothing: refusing now still works (a second refusal would not)
    const sent = await page(`${origin}/h5/sign/refuse`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields,
      redirect: 'manual',
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toContain('done=1');
  });
});
