// The shared vendor PKI plumbing (issue 10): each vendor's CAs live in its runtime, are made on first
// use, served at GET /__sim/<vendor>/ca.pem, and kept by snapshot/restore and by --state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type SealSim } from '../../index.ts';
import { describeName, pemDecodeAll } from '../../simulators/core/pki/index.ts';

const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);
const open: SealSim[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(opts: Parameters<typeof createSimulator>[0] = {}): SealSim {
  const sim = createSimulator({ now: T0, ...opts });
  open.push(sim);
  return sim;
}

async function caPem(sim: SealSim, vendor: string): Promise<{ status: number; text: string; type: string }> {
  const res = await sim.fetch(new Request(`${sim.origin('control')}/__sim/${vendor}/ca.pem`));
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

describe('vendor PKI', () => {
  it('serves every registered vendor its own chain: intermediate then root', async () => {
    const sim = start();
    expect(sim.vendors.size).toBeGreaterThanOrEqual(3);
    for (const id of sim.vendors.keys()) {
      const r = await caPem(sim, id);
      expect(r.status, id).toBe(200);
      expect(r.type).toContain('application/x-pem-file');
      const [inter, root] = pemDecodeAll(r.text);
      expect(describeName(inter!, 'subject')).toContain(`CN=sealsim ${id} TEST Signing CA - not trusted`);
      expect(describeName(inter!, 'issuer')).toContain(`CN=sealsim ${id} TEST Root CA - not trusted`);
      expect(describeName(root!, 'subject')).toContain(`CN=sealsim ${id} TEST Root CA - not trusted`);
    }
    expect((await caPem(sim, 'nosuch')).status).toBe(404);
  });

  it('makes no CA until asked, and the same chain from the same seed', async () => {
    const a = start({ vendors: ['esign'] });
    expect(a.vendor('esign').records?.()).toBeUndefined();
    const first = (await caPem(a, 'esign')).text;
    expect(a.vendor('esign').records?.()).toHaveProperty('pki');
    expect((await caPem(a, 'esign')).text).toBe(first);
    const b = start({ vendors: ['esign'] });
    expect((await caPem(b, 'esign')).text).toBe(first);
    const c = start({ vendors: ['esign'], seed: 7 });
    expect((await caPem(c, 'esign')).text).not.toBe(first);
  });

  it('snapshot/restore carries the CAs, reset keeps them', async () => {
    const a = start({ vendors: ['esign'], seed: 1 });
    const chain = (await caPem(a, 'esign')).text;
    a.reset('esign');
    expect((await caPem(a, 'esign')).text).toBe(chain);
    const b = start({ vendors: ['esign'], seed: 2 });
    b.restore(a.snapshot());
    expect((await caPem(b, 'esign')).text).toBe(chain);
  });

  it('--state keeps the CAs across a restart, whatever the next seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-pki-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const a = start({ vendors: ['esign', 'baoquan'], seed: 1, stateFile: file });
    const esign = (await caPem(a, 'esign')).text;
    await a.close();
    open.splice(open.indexOf(a), 1);
    // A different seed would make different CAs: the stored ones win.
    const b = start({ vendors: ['esign', 'baoquan'], seed: 2, stateFile: file });
    expect(b.vendor('esign').records?.()).toHaveProperty('pki');
    expect((await caPem(b, 'esign')).text).toBe(esign);
    // baoquan's were never made, so it makes them from the new seed.
    expect(b.vendor('baoquan').records?.()).toBeUndefined();
    const fresh = start({ vendors: ['esign'], seed: 2 });
    expect((await caPem(fresh, 'esign')).text).not.toBe(esign);
  });
});
