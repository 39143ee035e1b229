/**
 * The dashboard's entity buttons that are new control routes, in process: baoquan's console
 * sign/refuse for the signer whose turn it is (simulators/baoquan/control.ts, entities.ts), and the
 * yunhetong links (entities.ts). The browser test (dashboard.test.ts) clicks them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import { renderLive } from '../../simulators/core/dashboard.ts';
import { DEFAULT_ACCESS_KEY, keyPair } from '../baoquan/helpers.ts';
import type { EntityView } from '../../simulators/core/vendor.ts';
import {
  BQ_CREATOR,
  BQ_SIGNER,
  baoquanClient,
  baoquanContract,
  digestSummary,
  sdkContract,
} from './dashboard-helpers.ts';

const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);

function contractView(sim: ReturnType<typeof createSimulator>, contractId: string): EntityView {
  const tenant = sim.vendor('baoquan').entities!()[0]!;
  return tenant.entities.find((x) => x.kind === 'contract' && x.id === contractId)!;
}

async function act(sim: ReturnType<typeof createSimulator>, path: string, body: unknown) {
  const res = await sim.fetch(
    new Request(`${sim.origin('control')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('baoquan console sign and refuse (the dashboard buttons)', () => {
  it('offers the buttons to the signer whose turn it is; sign stamps the PDF, refuse ends it; no SMS', async () => {
    const sim = createSimulator({ vendors: ['baoquan'], now: T0 });
    const contractId = await baoquanContract(
      baoquanClient(sim.origin('baoquan'), (r) => sim.fetch(r)),
      T0,
    );
    const signers = () => contractView(sim, contractId).children!;
    expect(signers().map((s) => [s.id, s.actions!.map((a) => a.label)])).toEqual([
      [BQ_CREATOR, ['sign', 'refuse']],
      [BQ_SIGNER, []],
    ]);
    const [sign, refuse] = signers()[0]!.actions!;
    expect(sign!.path).toBe(`/__sim/baoquan/contracts/${contractId}/signers/${BQ_CREATOR}`);
    expect(renderLive(sim)).toContain(`data-path="${sign!.path}"`);

    // Not the signer's turn: refused, nothing changes.
    const early = await act(sim, `/__sim/baoquan/contracts/${contractId}/signers/${BQ_SIGNER}`, {
      action: 'sign',
    });
    expect(early.status).toBe(409);
    expect(early.body.error).toContain(`not ${BQ_SIGNER}'s turn`);

    const signed = await act(sim, sign!.path, sign!.body);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'SIGNING' });
    expect((signed.body.signers as Array<Record<string, unknown>>)[0]).toMatchObject({
      phone: BQ_CREATOR,
      status: 'DONE',
      stamp: { page: 2 },
    });
    // The PDF now carries a signature.
    const pdf = await sim.fetch(new Request(String(signed.body.currentUrl)));
    expect(Buffer.from(await pdf.arrayBuffer()).toString('latin1')).toContain('/ByteRange');
    expect(signers().map((s) => s.actions!.length)).toEqual([0, 2]);
    expect(sim.outbox.list({ vendor: 'baoquan' })).toEqual([]);

    const refused = await act(sim, signers()[1]!.actions![1]!.path, refuse!.body);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'REJECT', endedBy: BQ_SIGNER });
    expect(signers().map((s) => s.actions!.length)).toEqual([0, 0]);
    const late = await act(sim, sign!.path, { action: 'refuse' });
    expect(late.status).toBe(409);
    sim.close();
  });

  it('answers 404 for an unknown tenant or contract', async () => {
    const sim = createSimulator({ vendors: ['baoquan'], now: T0 });
    const c = baoquanClient(sim.origin('baoquan'), (r) => sim.fetch(r));
    const contractId = await baoquanContract(c, T0);
    const unknown = await act(sim, `/__sim/baoquan/contracts/${contractId}/signers/${BQ_CREATOR}`, {
      action: 'sign',
      accessKey: 'nope',
    });
    expect(unknown.status).toBe(404);
    expect(
      (await act(sim, `/__sim/baoquan/contracts/nope/signers/${BQ_CREATOR}`, { action: 'sign' })).status,
    ).toBe(404);
    sim.close();
  });
});

describe('baoquan access page (the dashboard button)', () => {
  it("opens a test-key tenant's attestation page; a tenant with its own key gets no button and a 409", async () => {
    const sim = createSimulator({ vendors: ['baoquan'], now: T0 });
    const seeded = sim.vendor('baoquan').entities!()[0]!.entities.find((x) => x.kind === 'attestation')!;
    const [access] = seeded.actions!;
    expect(access).toMatchObject({ label: 'access page', body: { accessKey: DEFAULT_ACCESS_KEY } });
    const link = await act(sim, access!.path, access!.body);
    expect(link.status).toBe(200);
    const page = await sim.fetch(new Request(String(link.body.open)));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(seeded.id);
    const forged = await sim.fetch(new Request(String(link.body.open).replace(/tonce=\d+/, 'tonce=1')));
    expect(forged.status).toBe(403);

    // The default tenant given a key pair of its own: sealsim cannot sign its links any more.
    sim.vendor('baoquan').patchTenant(DEFAULT_ACCESS_KEY, { publicKey: keyPair().publicKey });
    const after = sim.vendor('baoquan').entities!()[0]!.entities.find((x) => x.id === seeded.id)!;
    expect(after.actions).toEqual([]);
    const refused = await act(sim, access!.path, access!.body);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('attestationAccessUrl');
    sim.close();
  });
});

describe('yunhetong links (the dashboard buttons that open pages and files)', () => {
  it("yunhetong-sdk: a partner's signing page and the PDF, with a token the console issues", async () => {
    const sim = createSimulator({ vendors: ['yunhetong-sdk'], now: T0 });
    const fetch = (r: Request) => sim.fetch(r);
    const { contractId, creator, partner } = await sdkContract(sim.origin('yunhetong-sdk'), fetch);
    const k = sim.vendor('yunhetong-sdk').entities!()[0]!.entities.find((x) => x.id === contractId)!;
    const labels = k.children!.map((p) => [p.id, p.actions!.map((a) => a.label)]);
    expect(labels).toEqual([
      [creator, ['signing page', 'PDF', 'sign', 'invalid (作废)']],
      [partner, ['signing page', 'PDF', 'sign', 'invalid (作废)']],
    ]);
    const [pageAction, pdfAction] = k.children![1]!.actions!;
    const page = await act(sim, pageAction!.path, pageAction!.body);
    expect(page.status).toBe(200);
    expect(String(page.body.open)).toMatch(
      new RegExp(`^${sim.origin('yunhetong-sdk')}/sdk/contract/hView\\?contractId=${contractId}&token=`),
    );
    const html = await sim.fetch(new Request(String(page.body.open)));
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('仪表盘合同');
    const pdf = await act(sim, pdfAction!.path, pdfAction!.body);
    const file = await sim.fetch(new Request(String(pdf.body.open)));
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(
      (await act(sim, `/__sim/yunhetong-sdk/contracts/${contractId}/partners/nobody/open`, { view: 'page' }))
        .status,
    ).toBe(404);
    sim.close();
  });

  it('yunhetong-digest: the signed PDF a signing wrote, refused once the file changed', async () => {
    const sandboxDir = mkdtempSync(join(tmpdir(), 'dash-digest-'));
    const sim = createSimulator({
      vendors: ['yunhetong-digest'],
      now: T0,
      vendorOptions: { 'yunhetong-digest': { sandboxDir } },
    });
    const fetch = (r: Request) => sim.fetch(r);
    const { summaryId, signedPath } = await digestSummary(sim.origin('yunhetong-digest'), fetch, sandboxDir);
    const x = sim.vendor('yunhetong-digest').entities!()[0]!.entities.find(
      (e) => e.kind === 'summary' && e.id === String(summaryId),
    )!;
    const [open] = x.actions!;
    expect(open).toMatchObject({ label: 'signed PDF', method: 'GET' });
    expect(renderLive(sim)).toContain(`data-method="GET" data-path="${open!.path}"`);
    const res = await sim.fetch(new Request(`${sim.origin('control')}${open!.path}`));
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(signedPath))).toBe(true);
    writeFileSync(signedPath, 'changed');
    const changed = await sim.fetch(new Request(`${sim.origin('control')}${open!.path}`));
    expect(changed.status).toBe(409);
    sim.close();
    rmSync(sandboxDir, { recursive: true, force: true });
  });
});
