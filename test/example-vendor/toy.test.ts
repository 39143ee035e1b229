/**
 * Adding a vendor is a folder plus one line: the toy vendor (./toy) is added to the registry's
 * list here, served, answers its route, and passes the shared conformance suite.
 */
import { describe, expect, it } from 'vitest';
import { SealSim } from '../../index.ts';
import { definitions as vendors } from '../../simulators/all.ts';
import type { SimulatorOptions } from '../../simulators/core/simulator.ts';
import type { Answer, Credentials, Target, VendorConformance } from '../conformance/adapter.ts';
import { runVendorConformance } from '../conformance/suite.ts';
import { toyCatalogue, toyContract } from './toy/contract.ts';
import { toy } from './toy/index.ts';

const definitions = [...vendors, toy];

const start = (opts: SimulatorOptions = {}) => new SealSim(opts, definitions);

const notes = (t: Target, app: Credentials, body: unknown) =>
  t.fetch(
    new Request(`${t.baseUrl}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-toy-app': app.appId!, 'x-toy-key': app.appKey! },
      body: JSON.stringify(body),
    }),
  );

const conformance: VendorConformance = {
  vendor: 'toy',
  contract: toyContract,
  simulator: (opts) => start({ vendors: ['toy'], ...opts }),
  async create(t, app) {
    const res = (await (await notes(t, app, { text: 'hello' })).json()) as {
      code: number;
      data?: { noteId: string };
    };
    if (res.code !== 0) throw new Error(`toy: ${JSON.stringify(res)}`);
    return res.data!.noteId;
  },
  async read(t, app, noteId) {
    const res = (await (await notes(t, app, { noteId })).json()) as { code: number; data?: unknown };
    if (res.code === toyCatalogue.entries.NOTE_NOT_FOUND.errCode) return { found: false };
    if (res.code !== 0) throw new Error(`toy: ${JSON.stringify(res)}`);
    return { found: true, view: res.data };
  },
  oversized: async (t, app, bytes) =>
    new Request(`${t.baseUrl}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-toy-app': app.appId!, 'x-toy-key': app.appKey! },
      body: JSON.stringify({ text: 'x'.repeat(bytes) }),
    }),
  forged: (t, route) =>
    new Request(t.baseUrl + route.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-toy-app': 'toy-default', 'x-toy-key': 'wrong' },
      body: '{}',
    }),
  faultError: 'RATE_LIMITED',
  unknownPath(a: Answer) {
    expect(a.status).toBe(404);
    expect(a.body).toEqual({ code: 404, msg: 'no such API' });
  },
  wrongMethod(a: Answer) {
    expect(a.status).toBe(405);
    expect(a.body).toEqual({ code: 405, msg: 'POST only' });
  },
};

describe('a toy vendor added with one line', () => {
  it('is served next to the registered vendors and answers its route', async () => {
    const sim = start();
    try {
      expect([...sim.vendors.keys()]).toEqual([...vendors.map((v) => v.id), 'toy']);
      const t: Target = {
        sim,
        fetch: (r) => sim.fetch(r),
        origin: sim.origin('toy'),
        baseUrl: sim.origin('toy') + toyContract.basePath,
        controlOrigin: sim.origin('control'),
      };
      const app = sim.vendor('toy').defaultCredentials();
      const made = (await (await notes(t, app, { text: '你好' })).json()) as unknown;
      expect(made).toEqual({ code: 0, msg: 'ok', data: { noteId: 'note-1', text: '你好' } });
      expect(await (await notes(t, app, { noteId: 'note-1' })).json()).toEqual(made);
    } finally {
      sim.close();
    }
  });
});

runVendorConformance(conformance);
