// esign's signed PDFs carry real PAdES signatures (issue 10): one per placed seal, each valid for
// pdfsig against the vendor's test root served at GET /__sim/esign/ca.pem, with the signer's CN and
// the virtual clock's signing time; earlier signatures stay valid after later ones; tampering shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeName, pemDecodeAll } from '../../simulators/core/pki/index.ts';
import { trustStore } from '../core/pdf/sign/verify.ts';
import {
  inProcessSim,
  MIN,
  newDoc,
  newPerson,
  newProject,
  signerAction,
  startTwoSignerFlow,
  type SimHandle,
} from './helpers.ts';

/** pdfsig's time ("Jan 02 2024 02:10:00") in the local zone of the test process. */
function pdfsigTime(ms: number): string {
  const [, mon, day, year, time] = new Date(ms).toString().split(' ');
  return `${mon} ${day} ${year} ${time}`;
}

let h: SimHandle;
let chainPem: string;
let store: ReturnType<typeof trustStore>;

beforeAll(async () => {
  // The wall clock's now: pdfsig checks certificate validity at the real time, not the virtual one.
  h = inProcessSim({ now: Math.floor(Date.now() / 1000) * 1000 });
  const res = await h.sim.fetch(new Request(`${h.sim.origin('control')}/__sim/esign/ca.pem`));
  expect(res.status).toBe(200);
  chainPem = await res.text();
  const [, root] = pemDecodeAll(chainPem);
  store = trustStore(
    `-----BEGIN CERTIFICATE-----\n${Buffer.from(root!).toString('base64')}\n-----END CERTIFICATE-----\n`,
  );
});

afterAll(async () => {
  store?.cleanup();
  await h?.close();
});

async function download(client: ReturnType<SimHandle['client']>, flowId: string): Promise<Uint8Array> {
  const [doc] = await client.call('/sign/download', { flowId });
  const res = await h.sim.fetch(new Request(doc!.docUrl));
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

describe('esign signatures', () => {
  it('a two-signer ordered flow: every seal a valid signature, signer CN and signing time', async () => {
    const project = await newProject(h.control);
    const client = h.client(project);
    const a = await newPerson(client);
    const b = await newPerson(client);
    const { docId } = await newDoc(client, h.fetch);
    const flow = await startTwoSignerFlow(client, a, b, docId);
    await h.control.advance(10 * MIN);
    const atA = h.sim.clock.now();
    expect((await signerAction(h.control, flow.flowId, a.accountId)).status).toBe(200);
    await h.control.advance(5 * MIN);
    const atB = h.sim.clock.now();
    expect((await signerAction(h.control, flow.flowId, b.accountId)).body).toMatchObject({ flowStatus: 2 });

    const signed = await download(client, flow.flowId);
    const { entries, out } = store.pdfsig(signed);
    expect(entries.length, out).toBeGreaterThanOrEqual(2);
    for (const e of entries) {
      expect(e.validation, out).toBe('Signature is Valid.');
      expect(e.certificate, out).toBe('Certificate is Trusted.');
      expect(e.type).toBe('ETSI.CAdES.detached');
    }
    expect(entries.map((e) => e.commonName)).toEqual([
      ...entries.filter((e) => e.field.startsWith(`esign_${a.accountId}`)).map(() => a.name),
      ...entries.filter((e) => e.field.startsWith(`esign_${b.accountId}`)).map(() => b.name),
    ]);
    expect(entries.some((e) => e.commonName === a.name)).toBe(true);
    expect(entries.some((e) => e.commonName === b.name)).toBe(true);
    for (const e of entries) expect(e.signingTime).toBe(pdfsigTime(e.commonName === a.name ? atA : atB));

    // One byte flipped inside the first signature's signed range (the original document).
    const tampered = signed.slice();
    tampered[200] = tampered[200]! ^ 0x01;
    const bad = store.pdfsig(tampered).entries;
    expect(bad.length).toBe(entries.length);
    expect(bad.every((e) => !e.valid)).toBe(true);
  });

  it('the certificate is issued once per account, in the signer’s name, under the served chain', async () => {
    const project = await newProject(h.control);
    const client = h.client(project);
    const a = await newPerson(client);
    const b = await newPerson(client);
    const storedCert = () => {
      const snap = h.sim.vendor('esign').snapshot() as {
        tenants: Array<{ id: string; accounts: Record<string, { cert?: { chainPem: string } }> }>;
      };
      return snap.tenants.find((t) => t.id === project.projectId)!.accounts[a.accountId]!.cert;
    };
    expect(storedCert()).toBeUndefined();
    const kept: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { docId } = await newDoc(client, h.fetch);
      const flow = await startTwoSignerFlow(client, a, b, docId);
      await signerAction(h.control, flow.flowId, a.accountId);
      await signerAction(h.control, flow.flowId, b.accountId);
      const { entries, out } = store.pdfsig(await download(client, flow.flowId));
      expect(
        entries.every((e) => e.valid),
        out,
      ).toBe(true);
      kept.push(storedCert()!.chainPem);
    }
    expect(kept[1]).toBe(kept[0]);
    const stored = storedCert()!;
    const [ee, inter, root] = pemDecodeAll(stored.chainPem);
    expect(describeName(ee!, 'subject')).toMatch(new RegExp(`^C=CN, CN=${a.name}, serialNumber=\\w{18}$`));
    expect(describeName(ee!, 'issuer')).toBe(
      'C=CN, O=sealsim, CN=sealsim esign TEST Signing CA - not trusted',
    );
    const [sInter, sRoot] = pemDecodeAll(chainPem);
    expect(Buffer.from(inter!).equals(Buffer.from(sInter!))).toBe(true);
    expect(Buffer.from(root!).equals(Buffer.from(sRoot!))).toBe(true);
  });
});
