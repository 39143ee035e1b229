// esign's signed PDFs carry real PAdES signatures (issue 10): one per placed seal, each valid for
// pdfsig against the vendor's test root served at GET /__sim/esign/ca.pem, with the signer's CN and
// the virtual clock's signing time; earlier signatures stay valid after later ones; tampering shows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaker } from '../../simulators/core/fake.ts';
import { describeName, pemDecodeAll, pemEncode } from '../../simulators/core/pki/index.ts';
import { expectCertificatesTrusted, trustStore } from '../core/pdf/sign/verify.ts';
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
  store = trustStore(pemEncode('CERTIFICATE', root!));
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
      expect(e.type).toBe('ETSI.CAdES.detached');
    }
    expectCertificatesTrusted(entries, out);
    expect(entries.map((e) => e.commonName)).toEqual([
      ...entries.filter((e) => e.field.startsWith(`esign_${a.accountId}`)).map(() => a.name),
      ...entries.filter((e) => e.field.startsWith(`esign_${b.accountId}`)).map(() => b.name),
    ]);
    expect(entries.some((e) => e.commonName === a.name)).toBe(true);
    expect(entries.some((e) => e.commonName === b.name)).toBe(true);
    for (const e of entries) expect(e.signingTime).toBe(pdfsigTime(e.commonName === a.name ? atA : atB));

    // The H5 page shows each signer's certificate once it signed: the one in the PDF.
    const pageA = await (await h.sim.fetch(new Request(flow.urlA))).text();
    const cell = (id: string) => new RegExp(`id="${id}">([^<]*)<`).exec(pageA)?.[1];
    expect(cell('cert-subject')).toMatch(new RegExp(`^C=CN, CN=${a.name}, serialNumber=\\w{18}$`));
    expect(cell('cert-issuer')).toBe('C=CN, O=sealsim, CN=sealsim esign TEST Signing CA - not trusted');
    expect(cell('cert-serial')).toMatch(/^[0-9A-F]{16,}$/);
    expect(cell('cert-validity')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 至 \d{4}-/);
    expect(out).toContain(
      `serialNumber=${cell('cert-subject')!.split('serialNumber=')[1]},CN=${a.name},C=CN`,
    );

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

  it('an organisation, an event certificate (certType 2) and the platform seal: each its own signer', async () => {
    const project = await newProject(h.control, { name: '签章测试应用' });
    const client = h.client(project);
    const agent = await newPerson(client);
    const b = await newPerson(client);
    const org = { name: '杭州测试科技有限公司', organCode: createFaker(3).company().uscc };
    const { accountId: orgId } = await client.call('/account/create/organize/private', {
      agentAccountId: agent.accountId,
      ...org,
      organType: 11,
    });
    const { docId } = await newDoc(client, h.fetch);
    const started = await client.call('/sign/start', {
      businessScene: '三方',
      docList: [{ docId }],
      recipientList: {
        signerList: [
          { accountId: agent.accountId, authorizationOrgId: orgId, autoSign: 1, signOrder: 1 },
          { accountId: b.accountId, autoSign: 1, signOrder: 2, certType: 2 },
        ],
        signerAppAuto: { autoSign: 1, signOrder: 3 },
      },
    } as never);
    const signed = await download(client, started.flowId);
    const { entries, out } = store.pdfsig(signed);
    expect(
      entries.map((e) => [e.field, e.commonName, e.valid]),
      out,
    ).toEqual([
      [`esign_${orgId}`, org.name, true],
      [`esign_${b.accountId}`, b.name, true],
      [`esign_${project.projectId}`, '签章测试应用', true],
    ]);
    expect(out).toContain(`serialNumber=${org.organCode},CN=${org.name},O=${org.name},C=CN`);
    const snap = h.sim.vendor('esign').snapshot() as {
      tenants: Array<{
        id: string;
        platformCert?: { chainPem: string };
        accounts: Record<string, { cert?: { chainPem: string } }>;
      }>;
    };
    const t = snap.tenants.find((x) => x.id === project.projectId)!;
    expect(t.accounts[orgId]!.cert).toBeDefined();
    expect(t.accounts[agent.accountId]!.cert).toBeUndefined(); // signed for the organisation only
    expect(t.accounts[b.accountId]!.cert).toBeUndefined(); // 事件证书: kept nowhere
    expect(t.platformCert).toBeDefined();
  });

  it('--state keeps the CAs and the signers’ certificates: signatures across a restart all verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-esign-pki-'));
    const stateFile = join(dir, 'state.json');
    const now = Math.floor(Date.now() / 1000) * 1000;
    try {
      const h1 = inProcessSim({ now, stateFile, seed: 11 });
      const project = await newProject(h1.control);
      const c1 = h1.client(project);
      const a = await newPerson(c1);
      const b = await newPerson(c1);
      const { docId } = await newDoc(c1, h1.fetch);
      const flow = await startTwoSignerFlow(c1, a, b, docId);
      await signerAction(h1.control, flow.flowId, a.accountId);
      const chain1 = await (
        await h1.sim.fetch(new Request(`${h1.sim.origin('control')}/__sim/esign/ca.pem`))
      ).text();
      await h1.close();
      // Another seed: only the stored CAs can make the first signature verify against the served root.
      const h2 = inProcessSim({ now, stateFile, seed: 12 });
      try {
        const chain2 = await (
          await h2.sim.fetch(new Request(`${h2.sim.origin('control')}/__sim/esign/ca.pem`))
        ).text();
        expect(chain2).toBe(chain1);
        const snap = h2.sim.vendor('esign').snapshot() as {
          tenants: Array<{ id: string; accounts: Record<string, { cert?: { chainPem: string } }> }>;
        };
        const kept = snap.tenants.find((t) => t.id === project.projectId)!.accounts[a.accountId]!.cert;
        expect(kept?.chainPem).toContain('-----BEGIN CERTIFICATE-----');
        await signerAction(h2.control, flow.flowId, b.accountId);
        const [doc] = await h2.client(project).call('/sign/download', { flowId: flow.flowId });
        const pdf = new Uint8Array(await (await h2.sim.fetch(new Request(doc!.docUrl))).arrayBuffer());
        const [, root] = pemDecodeAll(chain2);
        const local = trustStore(pemEncode('CERTIFICATE', root!));
        try {
          const { entries, out } = local.pdfsig(pdf);
          expect(entries.length, out).toBeGreaterThanOrEqual(2);
          expect(
            entries.every((e) => e.valid),
            out,
          ).toBe(true);
          expectCertificatesTrusted(entries, out);
        } finally {
          local.cleanup();
        }
      } finally {
        await h2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
