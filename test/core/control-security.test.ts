/**
 * The control port is safe on a LAN (issue 9 item 5, core/control-guard.ts): a body limit refused
 * before buffering, JSON-only mutations (a cross-site form cannot reset), the Host and Origin
 * checks, the optional control token (header, the dashboard's ?token=, the typed client), the
 * refusal to bind beyond loopback without a token, and the page headers on the dashboard.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../../clients/control/index.ts';
import { listen } from '../../simulators/core/adapters/node-server.ts';
import {
  bindsBeyondLoopback,
  CONTROL_MAX_BODY_BYTES,
  isLoopbackHost,
} from '../../simulators/core/control-guard.ts';
import { createControlApp } from '../../simulators/core/control.ts';
import { Simulator, type SimulatorOptions } from '../../simulators/core/simulator.ts';
import { echoVendor } from '../helpers/echo-vendor.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';

function makeSim(opts: SimulatorOptions = {}) {
  const sim = new Simulator([echoVendor], { now: 1_000_000, ...opts });
  const control = createControlApp(sim);
  sim.controlFetch = async (req) => control.fetch(req);
  return sim;
}
const C = 'http://127.0.0.1:4000';
const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const FAULT = { vendor: 'esign', route: '/default', status: 503 };
const faultCount = async (sim: Simulator) =>
  ((await (await sim.controlFetch(new Request(`${C}/__sim/faults`))).json()) as { faults: unknown[] }).faults
    .length;

/** A body streamed in 64 KiB chunks up to `total` bytes, counting what the server pulled. */
function countingBody(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (pulled >= total) return ctrl.close();
      pulled += chunk.length;
      ctrl.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

/** One raw HTTP/1.1 request, so the Host header is what the test says. */
function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('control API access', () => {
  it('refuses a body over the limit before buffering it (streamed and declared)', async () => {
    const sim = makeSim();
    const big = countingBody(200 * 1024 * 1024);
    const res = await sim.controlFetch(
      new Request(`${C}/__sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big.stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('larger') });
    // Cut off just past the limit, not read to the end of 200 MB.
    expect(big.pulled()).toBeLessThan(CONTROL_MAX_BODY_BYTES + 4 * 64 * 1024);
    expect(await faultCount(sim)).toBe(0);
    // a small JSON body still works
    expect((await sim.controlFetch(new Request(`${C}/__sim/faults`, json(FAULT)))).status).toBe(201);
  });

  it('mutations take JSON only: a cross-site form POST cannot reset or add faults', async () => {
    const sim = makeSim();
    expect((await sim.controlFetch(new Request(`${C}/__sim/faults`, json(FAULT)))).status).toBe(201);
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain',
    ]) {
      const reset = await sim.controlFetch(
        new Request(`${C}/__sim/reset`, { method: 'POST', headers: { 'content-type': type }, body: '' }),
      );
      expect(reset.status, type).toBe(415);
      const add = await sim.controlFetch(
        new Request(`${C}/__sim/faults`, {
          method: 'POST',
          headers: { 'content-type': type },
          body: JSON.stringify(FAULT),
        }),
      );
      expect(add.status, type).toBe(415);
    }
    // a string body without a type is text/plain in fetch: refused too
    const untyped = await sim.controlFetch(
      new Request(`${C}/__sim/faults`, { method: 'POST', body: JSON.stringify(FAULT) }),
    );
    expect(untyped.status).toBe(415);
    expect(await faultCount(sim)).toBe(1);
    // curl -X POST without a body, and JSON variants, still work
    expect((await sim.controlFetch(new Request(`${C}/__sim/faults`, { method: 'DELETE' }))).status).toBe(200);
    const typed = await sim.controlFetch(
      new Request(`${C}/__sim/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"ms":1}',
      }),
    );
    expect(typed.status).toBe(200);
    expect((await sim.controlFetch(new Request(`${C}/__sim/reset`, { method: 'POST' }))).status).toBe(200);
  });

  it('checks Origin: other sites, null and Sec-Fetch-Site cross-site are refused; loopback pages pass', async () => {
    const sim = makeSim({ publicHosts: ['sealsim.lan'] });
    const reset = (headers: Record<string, string>) =>
      sim.controlFetch(new Request(`${C}/__sim/reset`, { method: 'POST', headers }));
    for (const origin of [
      'http://evil.example',
      'null',
      'http://203.0.113.9',
      'https://127.0.0.1.evil.example',
    ])
      expect((await reset({ origin })).status, origin).toBe(403);
    expect((await reset({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    for (const origin of [
      'http://127.0.0.1:4000',
      'http://localhost:3000',
      'http://[::1]:8080',
      'http://sealsim.lan',
    ])
      expect((await reset({ origin })).status, origin).toBe(200);
    expect((await reset({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('checks Host: loopback, IP literals and configured names pass; other names (DNS rebinding) are refused', async () => {
    const sim = makeSim({ publicHosts: ['sealsim.lan'] });
    const health = (host: string) => sim.controlFetch(new Request(`http://${host}:4000/__sim/health`));
    for (const host of ['rebind.evil.example', 'sealsim.lan.evil.example', 'example.com'])
      expect((await health(host)).status, host).toBe(403);
    for (const host of ['127.0.0.1', 'localhost', 'app.localhost', '[::1]', '192.168.1.20', 'sealsim.lan'])
      expect((await health(host)).status, host).toBe(200);
    // --host given as a name is allowed too
    const named = makeSim({ host: 'devbox.internal' });
    expect((await named.controlFetch(new Request('http://devbox.internal:4000/__sim/health'))).status).toBe(
      200,
    );
  });

  it('checks the Host header over real HTTP (the node adapter)', async () => {
    const basePort = await freeBasePortFrom(41000);
    const sim = makeSim({ basePort });
    const running = await listen(sim);
    try {
      const evil = await rawRequest(basePort, '/__sim/vendors', { host: `rebind.evil.example:${basePort}` });
      expect(evil.status).toBe(403);
      expect(evil.body).not.toContain('k0');
      const ok = await rawRequest(basePort, '/__sim/vendors', { host: `localhost:${basePort}` });
      expect(ok.status).toBe(200);
      const form = await rawRequest(
        basePort,
        '/__sim/reset',
        { host: `127.0.0.1:${basePort}`, 'content-type': 'application/x-www-form-urlencoded' },
        'POST',
        'a=1',
      );
      expect(form.status).toBe(415);
      // a declared length over the limit is refused at once
      const declared = await rawRequest(
        basePort,
        '/__sim/faults',
        {
          host: `127.0.0.1:${basePort}`,
          'content-type': 'application/json',
          'content-length': String(CONTROL_MAX_BODY_BYTES + 1),
        },
        'POST',
        '',
      );
      expect(declared.status).toBe(413);
    } finally {
      await running.close();
      sim.close();
    }
  });

  it('with a control token every route needs it (Bearer or X-Sealsim-Token); the dashboard takes ?token=', async () => {
    const token = 'tok-0123456789';
    const sim = makeSim({ controlToken: token });
    const get = (path: string, headers: Record<string, string> = {}) =>
      sim.controlFetch(new Request(`${C}${path}`, { headers }));
    const refused = await get('/__sim/vendors');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await refused.text()).not.toContain('k0');
    expect((await get('/__sim/vendors', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get('/__sim/vendors', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await get('/__sim/vendors', { 'x-sealsim-token': token })).status).toBe(200);
    expect((await get('/__sim/esign/tenants')).status).toBe(401);
    expect((await get('/')).status).toBe(401);
    expect((await get(`/?token=${token}`)).status).toBe(200);
    expect((await get(`/__sim/vendors?token=${token}`)).status).toBe(401);
    const reset = await sim.controlFetch(new Request(`${C}/__sim/reset`, { method: 'POST' }));
    expect(reset.status).toBe(401);
    // the typed client sends it
    const client = createControlClient({ baseUrl: C, fetch: (r) => sim.controlFetch(r), token });
    expect(await client.now()).toBe(1_000_000);
    await expect(
      createControlClient({ baseUrl: C, fetch: (r) => sim.controlFetch(r) }).now(),
    ).rejects.toThrow(/401/);
  });

  it('listen() refuses to bind beyond loopback without a token, and binds with one', async () => {
    expect(bindsBeyondLoopback('0.0.0.0')).toBe(true);
    expect(bindsBeyondLoopback('::')).toBe(true);
    expect(bindsBeyondLoopback('192.168.1.20')).toBe(true);
    expect(bindsBeyondLoopback('devbox.lan')).toBe(true);
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(h), h).toBe(true);
    const basePort = await freeBasePortFrom(42000);
    const open = makeSim({ basePort, host: '0.0.0.0' });
    await expect(listen(open, { host: '0.0.0.0' })).rejects.toThrow(/control token/);
    open.close();
    const guarded = makeSim({ basePort, host: '0.0.0.0', controlToken: 'lan-token' });
    const running = await listen(guarded, { host: '0.0.0.0' });
    try {
      const anon = await rawRequest(basePort, '/__sim/health', { host: `127.0.0.1:${basePort}` });
      expect(anon.status).toBe(401);
      const ok = await rawRequest(basePort, '/__sim/health', {
        host: `127.0.0.1:${basePort}`,
        authorization: 'Bearer lan-token',
      });
      expect(ok.status).toBe(200);
    } finally {
      await running.close();
      guarded.close();
    }
  });

  it('the dashboard carries a strict CSP that allows exactly its own styles, nosniff and no framing', async () => {
    const sim = makeSim();
    sim.outbox.send({
      vendor: 'esign',
      tenant: 'default',
      channel: 'sms',
      to: '1',
      text: '<script>alert(1)</script>',
    });
    const res = await sim.controlFetch(new Request(`${C}/`));
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain("'unsafe-eval'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toMatch(/\sstyle="/);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles.length).toBeGreaterThan(0);
    for (const css of styles)
      expect(csp).toContain(`'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
    // JSON answers get nosniff too
    const health = await sim.controlFetch(new Request(`${C}/__sim/health`));
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
