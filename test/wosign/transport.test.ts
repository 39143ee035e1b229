/**
 * wosign over real mutual TLS (listen()): the server certificate verifies against
 * `GET /__sim/wosign/ca.pem` for 127.0.0.1 and localhost; the client certificate is requested, never
 * refused by TLS, and authorised by the app (decision: wosign.client-certificate): none -80, an
 * unregistered one -80, the committed code-signing one accepted, an expired registered one
 * accepted; a client's own x-sealsim-client-cert header is dropped; curl and openssl work with the
 * committed files; --wosign-plain-http trusts the header.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import { listen, type RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { OID, pemEncode } from '../../simulators/core/pki/index.ts';
import type { Simulator } from '../../simulators/core/simulator.ts';
import { openPfx } from '../../simulators/wosign/tls.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import { createBody, DEFAULT_CLIENT, formEncoded, jsonOrText, T0 } from './helpers.ts';

/** curl runs beside the server in this process: asynchronously. */
const run = promisify(execFile);

interface Client {
  cert?: string;
  key?: string;
  pfx?: Uint8Array;
  passphrase?: string;
  headers?: Record<string, string>;
  agent?: https.Agent;
}

const HOUR = 3_600_000;

describe('wosign over mutual TLS', () => {
  let sim: Simulator;
  let running: RunningServers;
  let origin: URL;
  let control: string;
  let ca: string;
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-wosign-tls-'));

  /** POST / over HTTPS, the server verified against ca.pem. */
  function post(
    body: string,
    client: Client = {},
    servername = '127.0.0.1',
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: origin.port,
          path: '/',
          method: 'POST',
          servername: servername === '127.0.0.1' ? undefined : servername,
          ca,
          ...(client.cert ? { cert: client.cert, key: client.key } : {}),
          ...(client.pfx ? { pfx: Buffer.from(client.pfx), passphrase: client.passphrase } : {}),
          agent: client.agent ?? false,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            ...client.headers,
          },
          checkServerIdentity: (_host, cert) => tls.checkServerIdentity(servername, cert),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const ctl = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${control}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return { status: res.status, json: jsonOrText(await res.text()) };
  };

  const unknownAction = formEncoded({ tokenid: DEFAULT_CLIENT.tokenid, actiontype: 'NoSuchAction' });

  beforeAll(async () => {
    sim = createSimulator({
      vendors: ['wosign'],
      basePort: await freeBasePortFrom(51000),
      now: T0,
      clock: 'manual',
    });
    running = await listen(sim);
    origin = new URL(running.urls.wosign!);
    control = running.urls.control!;
    ca = await (await fetch(`${control}/__sim/wosign/ca.pem`)).text();
  });
  afterAll(async () => {
    await running?.close();
    sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is served on https at the vendor port', () => {
    expect(origin.protocol).toBe('https:');
    expect(sim.origin('wosign')).toBe(origin.origin);
  });

  it('the server certificate verifies against ca.pem for 127.0.0.1 and localhost, chain served with the leaf', async () => {
    for (const servername of ['127.0.0.1', 'localhost']) {
      const socket = tls.connect({
        host: '127.0.0.1',
        port: Number(origin.port),
        ca,
        ...(servername === 'localhost' ? { servername } : {}),
        checkServerIdentity: (_h, cert) => tls.checkServerIdentity(servername, cert),
      });
      const peer = await new Promise<tls.DetailedPeerCertificate>((resolve, reject) => {
        socket.once('secureConnect', () => resolve(socket.getPeerCertificate(true)));
        socket.once('error', reject);
      });
      expect(socket.authorized, servername).toBe(true);
      expect(peer.subjectaltname).toContain('IP Address:127.0.0.1');
      expect(peer.subjectaltname).toContain('DNS:localhost');
      expect(peer.issuerCertificate.subject.CN).toBe('sealsim wosign TEST Signing CA - not trusted');
      socket.destroy();
    }
    // another name is refused by the client's hostname check
    await expect(
      post(
        unknownAction,
        { cert: DEFAULT_CLIENT.certificatePem, key: DEFAULT_CLIENT.privateKeyPem },
        'example.com',
      ),
    ).rejects.toThrow();
  });

  it('no client certificate: HTTP 200 {"status":0,"errorcode":-80}', async () => {
    const r = await post(unknownAction);
    expect(r).toEqual({ status: 200, text: '{"status":0,"errorcode":-80}' });
  });

  it("a client's own x-sealsim-client-cert header is dropped: -80", async () => {
    const r = await post(unknownAction, {
      headers: { 'x-sealsim-client-cert': encodeURIComponent(DEFAULT_CLIENT.certificatePem) },
    });
    expect(r.text).toBe('{"status":0,"errorcode":-80}');
  });

  it('the committed code-signing certificate (PEM or its .pfx) is accepted; keep-alive reuses the connection', async () => {
    expect(
      await post(unknownAction, { cert: DEFAULT_CLIENT.certificatePem, key: DEFAULT_CLIENT.privateKeyPem }),
    ).toEqual({
      status: 200,
      text: '{"status":0,"errorcode":-64}',
    });
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const client = { pfx: DEFAULT_CLIENT.pfx, passphrase: DEFAULT_CLIENT.pfxPassword, agent };
    const sockets = new Set<unknown>();
    agent.on('free', (s) => sockets.add(s));
    const made = await post(formEncoded(await createBody(DEFAULT_CLIENT.tokenid)), client);
    expect(made.status).toBe(200);
    expect(JSON.parse(made.text)).toMatchObject({ status: 1, errorcode: 0 });
    expect(made.text).toMatch(/^[\x20-\x7e]*$/);
    expect((await post(unknownAction, client)).text).toBe('{"status":0,"errorcode":-64}');
    expect(sockets.size).toBe(1);
    agent.destroy();
  });

  it("an issued tenant's certificate works for its tokenid only; unregistered it is -80", async () => {
    const created = await ctl('POST', '/__sim/wosign/tenants', {});
    expect(created.status).toBe(201);
    const t = created.json.credentials as {
      tokenid: string;
      certificatePem: string;
      privateKeyPem: string;
      pfxBase64: string;
      pfxPassword: string;
    };
    const mine = { cert: t.certificatePem, key: t.privateKeyPem };
    const own = formEncoded({ tokenid: t.tokenid, actiontype: 'NoSuchAction' });
    expect((await post(own, mine)).text).toBe('{"status":0,"errorcode":-64}');
    // the default tenant's tokenid with this certificate: not its certificate
    expect((await post(unknownAction, mine)).text).toBe('{"status":0,"errorcode":-80}');
    // its PKCS#12 opens with the one password (store and key) and works the same
    expect(
      (await post(own, { pfx: Buffer.from(t.pfxBase64, 'base64'), passphrase: t.pfxPassword })).text,
    ).toBe('{"status":0,"errorcode":-64}');
    const view = await ctl('GET', `/__sim/wosign/tenants/${t.tokenid}`);
    const [reg] = view.json.certificates as Array<{ fingerprint: string }>;
    expect(
      (await ctl('DELETE', `/__sim/wosign/tenants/${t.tokenid}/certificates/${reg!.fingerprint}`)).status,
    ).toBe(200);
    expect((await post(own, mine)).text).toBe('{"status":0,"errorcode":-80}');
  });

  it('an expired certificate that is registered is accepted (the registry decides, not its validity)', async () => {
    const pki = sim.vendor('wosign').pki!();
    const expired = pki.issueClientCertificate({
      name: 'expired client',
      extKeyUsages: [OID.codeSigning],
      notBefore: new Date(T0 - 400 * 24 * HOUR),
      notAfter: new Date(T0 - 24 * HOUR),
    });
    const cert = pemEncode('CERTIFICATE', expired.certificate);
    const key = String(expired.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const created = await ctl('POST', '/__sim/wosign/tenants', {
      issueCertificate: false,
      certificates: [cert],
    });
    const tokenid = (created.json.credentials as { tokenid: string }).tokenid;
    const body = formEncoded({ tokenid, actiontype: 'NoSuchAction' });
    expect((await post(body, { cert, key })).text).toBe('{"status":0,"errorcode":-64}');
    // registered by its public key instead: any certificate with that key
    const other = await ctl('POST', '/__sim/wosign/tenants', { issueCertificate: false });
    const otherId = (other.json.credentials as { tokenid: string }).tokenid;
    const publicKeyPem = String(expired.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const pub = (await import('node:crypto'))
      .createPublicKey(publicKeyPem)
      .export({ type: 'spki', format: 'pem' });
    const otherBody = formEncoded({ tokenid: otherId, actiontype: 'NoSuchAction' });
    expect((await post(otherBody, { cert, key })).text).toBe('{"status":0,"errorcode":-80}');
    expect(
      (await ctl('POST', `/__sim/wosign/tenants/${otherId}/certificates`, { publicKeyPem: String(pub) }))
        .status,
    ).toBe(201);
    expect((await post(otherBody, { cert, key })).text).toBe('{"status":0,"errorcode":-64}');
  });

  it('curl --cacert ca.pem --cert --key reaches the API', async () => {
    const caFile = join(dir, 'ca.pem');
    const certFile = join(dir, 'client.pem');
    const keyFile = join(dir, 'client-key.pem');
    writeFileSync(caFile, ca);
    writeFileSync(certFile, DEFAULT_CLIENT.certificatePem);
    writeFileSync(keyFile, DEFAULT_CLIENT.privateKeyPem);
    const { stdout: out } = await run(
      'curl',
      [
        '-sS',
        '--cacert',
        caFile,
        '--cert',
        certFile,
        '--key',
        keyFile,
        '-H',
        'Content-Type: application/x-www-form-urlencoded',
        '--data-binary',
        unknownAction,
        `https://localhost:${origin.port}/`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(out).toBe('{"status":0,"errorcode":-64}');
    const { stdout: none } = await run(
      'curl',
      ['-sS', '--cacert', caFile, '--data-binary', unknownAction, `https://127.0.0.1:${origin.port}/`],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(none).toBe('{"status":0,"errorcode":-80}');
  });
});

describe('the committed default client certificate', () => {
  it('openssl pkcs12 opens the .pfx with the one password (store and key), as does node-forge', () => {
    {
      const out = execFileSync(
        'openssl',
        [
          'pkcs12',
          '-in',
          'simulators/wosign/keys/default-client.pfx',
          '-passin',
          `pass:${DEFAULT_CLIENT.pfxPassword}`,
          '-nodes',
        ],
        { encoding: 'utf8' },
      );
      expect(out).toContain('-----BEGIN PRIVATE KEY-----');
      expect(out).toContain('subject=C = CN, O = sealsim, CN = sealsim wosign client');
      const text = execFileSync(
        'openssl',
        ['x509', '-noout', '-text', '-in', 'simulators/wosign/keys/default-client.pem'],
        { encoding: 'utf8' },
      );
      expect(text).toMatch(/Extended Key Usage:\s*\n\s*Code Signing/);
    }
    const opened = openPfx(DEFAULT_CLIENT.pfx, DEFAULT_CLIENT.pfxPassword);
    expect(opened.certificatePems[0]!.replace(/\r/g, '')).toBe(DEFAULT_CLIENT.certificatePem);
    expect(() => openPfx(DEFAULT_CLIENT.pfx, 'wrong')).toThrow();
  });
});

describe('--wosign-plain-http', () => {
  it('serves plain HTTP and trusts x-sealsim-client-cert (a debugging mode)', async () => {
    const sim = createSimulator({
      vendors: ['wosign'],
      basePort: await freeBasePortFrom(52000),
      vendorOptions: { wosign: { plainHttp: true } },
    });
    const running = await listen(sim);
    try {
      const url = running.urls.wosign!;
      expect(url).toMatch(/^http:\/\//);
      const unknown = formEncoded({ tokenid: DEFAULT_CLIENT.tokenid, actiontype: 'NoSuchAction' });
      const send = (headers: Record<string, string>) =>
        fetch(url + '/', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: unknown,
        }).then((r) => r.text());
      expect(await send({})).toBe('{"status":0,"errorcode":-80}');
      expect(await send({ 'x-sealsim-client-cert': encodeURIComponent(DEFAULT_CLIENT.certificatePem) })).toBe(
        '{"status":0,"errorcode":-64}',
      );
    } finally {
      await running.close();
      sim.close();
    }
  });
});
