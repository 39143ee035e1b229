/**
 * The node server's TLS ports (simulators/core/adapters/node-server.ts), generic: a vendor whose
 * definition's scheme is https and whose service supplies `tls()` is served over TLS with a
 * requested-but-not-verified client certificate, handed to the app as x-sealsim-client-cert
 * (URL-encoded PEM, any such header from the client dropped); other vendors stay plain HTTP, and
 * `--port` offsets keep each vendor's port.
 */
import https from 'node:https';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_CERT_HEADER } from '../../simulators/core/adapters/client-cert.ts';
import { listen, type RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { defineVendor } from '../../simulators/core/define.ts';
import { OID, pemEncode } from '../../simulators/core/pki/index.ts';
import { VendorRuntime } from '../../simulators/core/runtime.ts';
import { Simulator } from '../../simulators/core/simulator.ts';
import { z } from '@hono/zod-openapi';
import { echoVendor } from '../helpers/echo-vendor.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';

/** A vendor on https echoing the client certificate header it sees. */
const tlsVendor = defineVendor({
  id: 'tlsecho',
  name: 'TLS echo',
  defaultPort: 4007,
  contract: { id: 'tlsecho', basePath: '', routes: {} },
  controlRoutes: {},
  settings: z.object({}),
  scheme: (options) => (options.plain ? 'http' : 'https'),
  create(ctx) {
    const rt = new VendorRuntime<{ id: string }>(ctx, () => [{ id: 'default' }]);
    const app = new Hono();
    app.all('*', (c) => c.text(decodeURIComponent(c.req.header(CLIENT_CERT_HEADER) ?? 'none')));
    return {
      id: 'tlsecho',
      name: 'TLS echo',
      basePath: '',
      app,
      control: new Hono(),
      defaultCredentials: () => ({}),
      createTenant: () => ({ id: 'x', credentials: {} }),
      patchTenant: () => undefined,
      tls: (hosts) => {
        const creds = rt.pki.serverCertificate({ dns: ['localhost', ...hosts], ip: ['127.0.0.1'] });
        return { key: creds.keyPem, cert: creds.certPem };
      },
      ...rt.lifecycle('tlsecho'),
    };
  },
});

const open: Array<{ sim: Simulator; running: RunningServers }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.running.close();
    o.sim.close();
  }
});

async function serve(options: Record<string, unknown> = {}) {
  const sim = new Simulator([echoVendor, tlsVendor], {
    basePort: await freeBasePortFrom(53000),
    vendorOptions: { tlsecho: options },
  });
  const running = await listen(sim);
  open.push({ sim, running });
  return { sim, running };
}

function get(url: string, opts: https.RequestOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { agent: false, ...opts }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('core node server: TLS ports', () => {
  it('serves an https vendor over TLS and hands its app the client certificate; others stay http', async () => {
    const { sim, running } = await serve();
    const base = new URL(sim.origin('control')).port;
    const url = new URL(running.urls.tlsecho!);
    expect(url.protocol).toBe('https:');
    expect(Number(url.port)).toBe(Number(base) + 7);
    expect(running.urls.esign).toMatch(/^http:\/\//);
    const ca = sim.vendor('tlsecho').pki!().caChainPem();
    // no client certificate; a forged header is dropped
    expect(await get(`${url.origin}/`, { ca, headers: { [CLIENT_CERT_HEADER]: 'forged' } })).toBe('none');
    // a client certificate no CA trusts (code-signing EKU) is not refused by TLS, and reaches the app
    const client = sim.vendor('tlsecho').pki!().issueClientCertificate({
      name: 'c1',
      extKeyUsages: [OID.codeSigning],
    });
    const cert = pemEncode('CERTIFICATE', client.certificate);
    const key = String(client.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const seen = await get(`${url.origin}/`, { ca, cert, key, servername: 'localhost' });
    expect(seen.replace(/\r/g, '')).toBe(cert);
  });

  it('a vendor whose scheme is http for its options is served plain, the header untouched', async () => {
    const { running } = await serve({ plain: true });
    const url = running.urls.tlsecho!;
    expect(url).toMatch(/^http:\/\//);
    const res = await fetch(url + '/', { headers: { [CLIENT_CERT_HEADER]: 'from-proxy' } });
    expect(await res.text()).toBe('from-proxy');
  });
});
