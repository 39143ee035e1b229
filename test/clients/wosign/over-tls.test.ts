/**
 * The typed WoSignDoc client over real mutual TLS (listen()): the server verified against
 * `GET /__sim/wosign/ca.pem`, the certificate from the committed .pfx, PEM, or an issued tenant's
 * Base64 .pfx; connections kept alive; every code the API answers; a whole order (CreateSignOrder,
 * the console's sign, PushSignedDoc to a real receiver answering `1`, its hash checked).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWosignClient,
  type WosignClient,
  type WosignClientOptions,
} from '../../../clients/wosign/index.ts';
import { createSimulator, type SealSim } from '../../../index.ts';
import { listen, type RunningServers } from '../../../simulators/core/adapters/node-server.ts';
import { freeBasePortFrom } from '../../helpers/ports.ts';
import { DEFAULT_CLIENT, T0 } from '../../wosign/helpers.ts';
import {
  answeredWith,
  DEFAULT_PFX,
  errorCases,
  orderParams,
  pfxOf,
  recording,
  type ClientWorld,
  type IssuedTenant,
} from './helpers.ts';

let sim: SealSim;
let running: RunningServers;
let origin: string;
let control: string;
let ca: string;
const clients: WosignClient[] = [];

const overTls = (over: Partial<WosignClientOptions> = {}) => {
  const c = createWosignClient({
    baseUrl: origin,
    tokenid: DEFAULT_CLIENT.tokenid,
    certificate: DEFAULT_PFX,
    tls: { ca },
    ...over,
  });
  clients.push(c);
  return c;
};

async function ctl(method: string, path: string, body?: unknown) {
  const res = await fetch(`${control}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
}

const world: ClientWorld = {
  client: (over) => overTls(over),
  async newTenant(settings = {}) {
    const r = await ctl('POST', '/__sim/wosign/tenants', settings);
    expect(r.status).toBe(201);
    return r.json.credentials as IssuedTenant;
  },
  async signerAction(signid, index, action) {
    const r = await ctl('POST', `/__sim/wosign/orders/${signid}/signers/${index}`, { action });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  },
};

beforeAll(async () => {
  sim = createSimulator({
    vendors: ['wosign'],
    basePort: await freeBasePortFrom(53500),
    now: T0,
    clock: 'manual',
  });
  running = await listen(sim);
  origin = running.urls.wosign!;
  control = running.urls.control!;
  ca = await (await fetch(`${control}/__sim/wosign/ca.pem`)).text();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await running?.close();
  sim?.close();
});

describe('the wosign client over mutual TLS', () => {
  it('is an https origin; the committed .pfx makes an order over one kept-alive connection', async () => {
    // covers: CreateSignOrder
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const c = overTls({ tls: { ca, connections: 1 } });
    let connections = 0;
    c.dispatcher!.on('connect', () => connections++);
    const first = await c.createSignOrder(await orderParams());
    const second = await c.createSignOrder(await orderParams());
    expect(first.signid).not.toBe(second.signid);
    answeredWith(await c.send({ actiontype: 'Nope' }), 'ACTION_UNSUPPORTED');
    expect(connections).toBe(1);
  });

  it('PEM certificate and key, and an issued tenant’s Base64 .pfx, work alike', async () => {
    const pem = overTls({
      certificate: {
        certificatePem: DEFAULT_CLIENT.certificatePem,
        privateKeyPem: DEFAULT_CLIENT.privateKeyPem,
      },
    });
    await pem.createSignOrder(await orderParams());
    const t = await world.newTenant();
    const mine = overTls({ tokenid: t.tokenid, certificate: pfxOf(t) });
    expect((await mine.createSignOrder(await orderParams())).signid).toBeTruthy();
  });

  it("the header is the transport's: a forged x-sealsim-client-cert without a TLS certificate is -80", async () => {
    const forged = recording((req, init) => {
      const headers = new Headers(req.headers);
      headers.set('x-sealsim-client-cert', encodeURIComponent(DEFAULT_CLIENT.certificatePem));
      return fetch(new Request(req, { headers }), init);
    });
    const c = overTls({ certificate: undefined, fetch: forged.fetch });
    answeredWith(await c.send({ actiontype: 'CreateSignOrder' }), 'CERT_INVALID');
    expect(forged.seen).toHaveLength(1);
  });

  it("verifies the server: without ca.pem the fetch fails; rejectUnauthorized false (the Java client's) works", async () => {
    // PEM: Node's TLS also trusts the CA certificates inside a .pfx, and the committed one carries sealsim's
    const pem = {
      certificatePem: DEFAULT_CLIENT.certificatePem,
      privateKeyPem: DEFAULT_CLIENT.privateKeyPem,
    };
    const untrusted = overTls({ certificate: pem, tls: {} });
    await expect(untrusted.createSignOrder(await orderParams())).rejects.toThrow(/fetch failed/);
    const lax = overTls({ certificate: pem, tls: { rejectUnauthorized: false } });
    expect((await lax.createSignOrder(await orderParams())).ordernumber).toBeTruthy();
  });

  it('a whole order: CreateSignOrder, the console signs, PushSignedDoc reaches a receiver answering 1', async () => {
    const pushes: Array<{ contentType: string | undefined; body: string }> = [];
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        pushes.push({
          contentType: req.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.end('1');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const t = await world.newTenant({ notifyUrl: `http://127.0.0.1:${port}/push` });
      const c = overTls({ tokenid: t.tokenid, certificate: pfxOf(t) });
      const params = await orderParams();
      const { signid, ordernumber } = await c.createSignOrder(params);
      await world.signerAction(signid, 0, 'sign');
      await ctl('POST', '/__sim/clock/settle');
      expect(pushes).toHaveLength(1);
      expect(pushes[0]!.contentType).toBe('application/json');
      const push = JSON.parse(pushes[0]!.body) as {
        actiontype: string;
        status: number;
        errorcode: string;
        extendData: { signid: string; ordernumber: string; content: string; hash: string };
      };
      expect(push).toMatchObject({ actiontype: 'PushSignedDoc', status: 1, errorcode: '0' });
      expect(push.extendData).toMatchObject({ signid, ordernumber });
      const pdf = Buffer.from(push.extendData.content, 'base64');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(push.extendData.hash).toBe(createHash('sha256').update(pdf).digest('hex'));
      // the order is signed now: the same orderNumber is -46
      await expect(c.createSignOrder(params)).rejects.toMatchObject({ errorcode: -46 });
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});

describe('every error through the client over mutual TLS', () => {
  it.each(errorCases(world))('%s', async (_name, run) => {
    // covers: TEMPID_NOT_FOUND ORDER_SIGNED ORDER_SIGNING SIGNER_COUNT SIGNER_TYPE COMPANY_MISMATCH
    // covers: ORG_NAME_EMPTY ORG_NO_EMPTY USER_NAME_EMPTY USER_NO_EMPTY ORDER_NUMBER_EMPTY
    // covers: FILE_FORMAT_EMPTY MATERIALS_EMPTY DANGEROUS_CONTENT JSON_INVALID ACTION_UNSUPPORTED
    // covers: TOKEN_UNKNOWN TOKEN_DISABLED BALANCE_LOW INTERNAL PARAM_INVALID CERT_INVALID INCOMPLETE
    await run();
  });
});
