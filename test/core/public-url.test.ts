/**
 * Issue 14 item 4: `publicUrls` (`--public-url vendor=URL`) and `publicHost` (`--public-host`) set
 * the origin links carry. A tiny reverse proxy in the test serves esign under a path prefix on
 * another port and host name; every link esign hands out (upload URL, signing page, signed PDF)
 * names the proxy and opens through it.
 */
import { X509Certificate } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../bin/cli.ts';
import { createEsignClient } from '../../clients/esign/index.ts';
import { ESIGN_DEFAULT_PROJECT } from '../../contracts/esign/index.ts';
import { listen, type RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { ServedSimulator } from '../../simulators/create.ts';
import { newDoc, newPerson } from '../esign/helpers.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';

/** Forwards `/esign/*` to the esign port (prefix dropped, Host rewritten); anything else 404. */
function reverseProxy(target: number): Server {
  return createServer((req, res) => {
    if (!req.url?.startsWith('/esign/')) {
      res.writeHead(404).end('proxy: no such prefix');
      return;
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target,
        method: req.method,
        path: req.url.slice('/esign'.length),
        headers: { ...req.headers, host: `127.0.0.1:${target}` },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
}

describe('public URLs behind a reverse proxy', () => {
  let proxy: Server;
  let sim: ServedSimulator;
  let running: RunningServers;
  let publicUrl: string;

  beforeAll(async () => {
    const basePort = await freeBasePortFrom(47000);
    proxy = reverseProxy(basePort + 2);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    publicUrl = `http://localhost:${(proxy.address() as AddressInfo).port}/esign`;
    sim = new ServedSimulator({ basePort, vendors: ['esign'], publicUrls: { esign: publicUrl } });
    running = await listen(sim);
  });

  afterAll(async () => {
    await running?.close();
    sim?.close();
    proxy?.close();
  });

  it('upload, signing and download links name the proxy and open through it', async () => {
    const client = createEsignClient({
      baseUrl: `${publicUrl}/opentreaty/rest/v3.0`,
      projectId: ESIGN_DEFAULT_PROJECT.projectId,
      secret: ESIGN_DEFAULT_PROJECT.secret,
    });
    const person = await newPerson(client);
    const seen: string[] = [];
    const { docId } = await newDoc(client, (req: Request) => {
      seen.push(req.url);
      return fetch(req);
    });
    expect(seen).toEqual([expect.stringMatching(new RegExp(`^${publicUrl}/`))]);
    const started = await client.call('/sign/start', {
      businessScene: '代理后的链接',
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: person.accountId }] },
    });
    const signUrl = started.signUrlList![0]!.signUrl[0]!;
    expect(signUrl.startsWith(`${publicUrl}/h5/sign?`)).toBe(true);
    const page = await fetch(signUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const { docUrl } = await client.call('/doc/downloadurl', { docId });
    expect(docUrl.startsWith(`${publicUrl}/`)).toBe(true);
    const pdf = await fetch(docUrl);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('the control API reports the public base URL; in-process fetch takes the public URL too', async () => {
    const res = await fetch(`${running.urls.control}/__sim/vendors`);
    const { vendors } = (await res.json()) as {
      vendors: Array<{ id: string; origin: string; baseUrl: string }>;
    };
    expect(vendors[0]).toMatchObject({ origin: publicUrl, baseUrl: `${publicUrl}/opentreaty/rest/v3.0` });
    const health = await sim.fetch(
      new Request(`${publicUrl}/opentreaty/rest/v3.0/nothing`, { method: 'POST' }),
    );
    expect(health.status).toBe(200); // esign's own envelope (signature missing), not sealsim's 502
  });
});

describe('publicHost and the flags', () => {
  it('publicHost keeps each port; links never name 0.0.0.0', () => {
    const sim = new ServedSimulator({ host: '0.0.0.0', vendors: ['esign'], publicHost: 'demo.lan' });
    expect(sim.origin('esign')).toBe('http://0.0.0.0:4002');
    expect(sim.publicOrigin('esign')).toBe('http://demo.lan:4002');
    expect(sim.publicHosts()).toContain('demo.lan');
    sim.close();
  });

  it("public hosts are in WoSign's server certificate (the names it is served under)", () => {
    const sim = new ServedSimulator({
      vendors: ['wosign'],
      publicHost: 'demo.lan',
      publicUrls: { control: 'https://sim.demo.example' },
    });
    expect(sim.publicHosts()).toEqual(expect.arrayContaining(['demo.lan', 'sim.demo.example']));
    const tls = sim.vendor('wosign').tls?.(sim.publicHosts());
    const san = new X509Certificate(tls!.cert).subjectAltName ?? '';
    expect(san).toContain('DNS:demo.lan');
    expect(san).toContain('DNS:sim.demo.example');
    sim.close();
  });

  it('parses --public-url and refuses bad ones', () => {
    const { args } = parseArgs(
      ['start', '--public-url', 'esign=https://demo.example/esign', '--public-url', 'control=http://h:1'],
      {},
    );
    expect(args.publicUrls).toEqual({ esign: 'https://demo.example/esign', control: 'http://h:1' });
    expect(() => parseArgs(['start', '--public-url', 'esgin=https://x'], {})).toThrow(/not a vendor id/);
    expect(() => parseArgs(['start', '--public-url', 'esign=ftp://x'], {})).toThrow(/http\(s\)/);
    expect(() => new ServedSimulator({ publicUrls: { esign: 'https://x/?q=1' } })).toThrow(/http\(s\)/);
  });
});
