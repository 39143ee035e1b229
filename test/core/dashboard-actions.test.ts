/**
 * The dashboard's entity buttons that are new control routes, in process: baoquan's console
 * sign/refuse for the signer whose turn it is (simulators/baoquan/control.ts, entities.ts), and the
 * yunhetong links (entities.ts). The browser test (dashboard.test.ts) clicks them.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import { renderLive } from '../../simulators/core/dashboard.ts';
import type { EntityView } from '../../simulators/core/vendor.ts';
import { BQ_CREATOR, BQ_SIGNER, baoquanClient, baoquanContract } from './dashboard-helpers.ts';

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
