/**
 * Issue 14 item 8 (core/hints.ts): another vendor's path on a vendor port keeps that vendor's own
 * answer byte for byte and gains an `X-Sealsim-Hint` header (and a journal diagnostic) naming the
 * right port; the control port's 404 says the same in its free-text error. `GET /` on a vendor
 * port the vendor's API does not answer shows which vendor lives there, with its docs and the
 * dashboard.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import { ControlledSimulator } from '../../simulators/controlled.ts';
import { loadVendors } from '../../simulators/registry.ts';

const bodyOf = async (res: Response) => ({ status: res.status, body: await res.text() });

describe('wrong-port hints', () => {
  const sim = createSimulator({ now: Date.UTC(2024, 0, 2, 2, 0, 0) });
  const at = (id: Parameters<typeof sim.origin>[0], path: string, init?: RequestInit) =>
    sim.fetch(new Request(sim.origin(id) + path, init));

  it("an esign path on the baoquan port: baoquan's own 404, plus the header naming esign's port", async () => {
    const path = '/opentreaty/rest/v3.0/sign/start';
    const res = await at('baoquan', path, { method: 'POST', body: '{}' });
    expect(res.headers.get('x-sealsim-hint')).toBe(
      `sealsim: ${path} is esign's API, on ${sim.origin('esign')}, not this port`,
    );
    const plain = await at('baoquan', '/no/such/path', { method: 'POST', body: '{}' });
    expect(plain.headers.get('x-sealsim-hint')).toBeNull();
    const [hinted, bare] = [await bodyOf(res), await bodyOf(plain)];
    expect(hinted.status).toBe(404);
    expect(JSON.parse(hinted.body)).toMatchObject({ message: '请求路径不存在' });
    expect(hinted.status).toBe(bare.status);
    const entry = sim.journal.list({ vendor: 'baoquan', path }).at(-1);
    expect(entry?.diagnostic).toMatchObject({
      kind: 'wrong-port',
      summary: expect.stringContaining(':4002'),
    });
  });

  it("a baoquan path on the esign port and a yunhetong-digest path on wosign's: the vendor's answer, hinted", async () => {
    const res = await at('esign', '/api/v2/attestations', { method: 'POST' });
    expect(res.headers.get('x-sealsim-hint')).toContain(`baoquan's API, on ${sim.origin('baoquan')}`);
    expect(await res.json()).toMatchObject({ errCode: 1000006 });
    const ws = await at('wosign', '/auth/login', { method: 'POST' });
    expect(ws.headers.get('x-sealsim-hint')).toContain("yunhetong-digest's API");
    expect(await ws.json()).toEqual({ status: 0, errorcode: -80 });
  });

  it("a vendor's own paths get no hint", async () => {
    const own = await at('esign', '/opentreaty/rest/v3.0/sign/start', { method: 'GET' });
    expect(own.headers.get('x-sealsim-hint')).toBeNull();
    const v1 = await at('baoquan', '/api/v1/attestations', { method: 'GET' });
    expect(v1.headers.get('x-sealsim-hint')).toBeNull();
  });

  it("the control port's 404 names the vendor's port in its error", async () => {
    const res = await at('control', '/opentreaty/rest/v3.0/sign/start', { method: 'GET' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error:
        'no control route GET /opentreaty/rest/v3.0/sign/start ' +
        `(/opentreaty/rest/v3.0/sign/start is esign's API, on ${sim.origin('esign')}, not this port)`,
    });
  });

  it('a vendor that is not running is named as such', async () => {
    const one = createSimulator({ vendors: ['baoquan'] });
    const res = await one.fetch(
      new Request(`${one.origin('baoquan')}/opentreaty/rest/v3.0/x`, { method: 'POST' }),
    );
    expect(res.headers.get('x-sealsim-hint')).toContain('esign is not running (see --vendors)');
    one.close();
  });

  it('as `sealsim start --vendors esign` runs it (other vendors never loaded): still named', async () => {
    const cli = new ControlledSimulator({}, await loadVendors(['esign']));
    expect(cli.definitions.map((d) => d.id)).toEqual(['esign']);
    const hintFor = async (path: string) =>
      (await cli.fetch(new Request(`${cli.origin('esign')}${path}`, { method: 'POST' }))).headers.get(
        'x-sealsim-hint',
      );
    expect(await hintFor('/api/v2/attestation')).toBe(
      "sealsim: /api/v2/attestation is baoquan's API; baoquan is not running (see --vendors)",
    );
    // yunhetong-digest's war answers under any context path: its routes are matched at the end
    expect(await hintFor('/yht-war/sign/filePath')).toContain('yunhetong-digest is not running');
    expect(await hintFor('/opentreaty/rest/v3.0/nothing/here')).toBeNull();
    cli.close();
  });
});

describe('GET / on a vendor port', () => {
  const sim = createSimulator({});
  const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  it.each(['esign', 'baoquan', 'yunhetong-sdk', 'wosign'] as const)(
    '%s: which vendor lives here, its docs and the dashboard',
    async (id) => {
      const res = await sim.fetch(new Request(`${sim.origin(id)}/`, { headers: { accept: BROWSER } }));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toBeTruthy();
      const html = await res.text();
      expect(html).toContain(`<code>${id}</code>`);
      expect(html).toContain(`href="${sim.origin('control')}/__sim/docs/${id}"`);
      expect(html).toContain(`href="${sim.origin('control')}/"`);
    },
  );

  it("leaves the vendor's own / alone: yunhetong-digest's 302, wosign's POST /", async () => {
    const y = await sim.fetch(
      new Request(`${sim.origin('yunhetong-digest')}/`, { redirect: 'manual', headers: { accept: BROWSER } }),
    );
    expect(y.status).toBe(302);
    const w = await sim.fetch(
      new Request(`${sim.origin('wosign')}/`, { method: 'POST', headers: { accept: BROWSER } }),
    );
    expect(await w.json()).toEqual({ status: 0, errorcode: -80 });
    // an API client's GET / (no text/html) keeps the vendor's answer
    expect(await (await sim.fetch(new Request(`${sim.origin('wosign')}/`))).json()).toEqual({
      status: 0,
      errorcode: -80,
    });
    expect((await sim.fetch(new Request(`${sim.origin('esign')}/`))).status).toBe(404);
  });
});
