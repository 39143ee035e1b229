/**
 * Issue 14 item 7 (last bullet): `sealsim.config.json` / `--config FILE` (core/config-file.ts).
 * The schema names every problem by its place; tenants, callbacks, templates and faults go through
 * the control API (so a misspelt setting is refused as there); flags win over the file; and a demo
 * environment starts the same every time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseArgs, withConfig } from '../../bin/cli.ts';
import { applyConfig, parseConfig, type SealsimConfig } from '../../simulators/core/config-file.ts';
import { ServedSimulator } from '../../simulators/create.ts';
import { vendors } from '../../simulators/registry.ts';
import { cli, killCliChildren, waitHealthy } from '../helpers/cli.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';

const IDS = vendors.map((v) => v.id);
const dir = mkdtempSync(join(tmpdir(), 'sealsim-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => killCliChildren());

const DEMO = {
  clock: 'manual',
  now: '2024-01-02T10:00:00+08:00',
  seed: 7,
  tenants: {
    esign: [{ id: 'default', settings: { quota: 50 } }],
    'yunhetong-sdk': [{ settings: { appId: '2017040517120800002', password: 'demo1234' } }],
  },
  callbacks: { esign: 'http://127.0.0.1:9/esign-cb', wosign: 'http://127.0.0.1:9/push' },
  templates: {
    baoquan: [{ templateId: 'demoTemplate01', name: '演示模板', parentId: 'R7ktG2nHxq3VjWmC8sYbPd' }],
  },
  faults: [{ vendor: 'esign', route: '/sign/start', status: 503, times: 1 }],
};

const get = async (sim: ServedSimulator, path: string) =>
  (await sim.controlFetch(new Request(`${sim.origin('control')}${path}`))).json() as Promise<
    Record<string, unknown>
  >;

describe('the config file', () => {
  it('names each problem by its place', () => {
    expect(() => parseConfig('{"tenant": {}}', 'a.json', IDS)).toThrow(
      /a\.json:\n {2}\(top\): Unrecognized key: "tenant"/,
    );
    expect(() => parseConfig('{"port": "4000", "clock": "manaul"}', 'a.json', IDS)).toThrow(
      /port: .*number[\s\S]*clock: /,
    );
    expect(() => parseConfig('{"tenants": {"esgin": []}}', 'a.json', IDS)).toThrow(
      /tenants\.esgin: unknown vendor esgin \(known: baoquan, esign/,
    );
    expect(() => parseConfig('{"port": 4000,}', 'a.json', IDS)).toThrow(/^a\.json: not JSON: /);
    expect(parseConfig(JSON.stringify(DEMO), 'demo.json', IDS).faults).toHaveLength(1);
  });

  it('a demo environment starts the same every time', async () => {
    const config = parseConfig(JSON.stringify(DEMO), 'demo.json', IDS);
    const start = async () => {
      const sim = new ServedSimulator({ clock: 'manual', now: Date.parse(DEMO.now), seed: DEMO.seed });
      const lines = await applyConfig(sim, config);
      return { sim, lines };
    };
    const [a, b] = [await start(), await start()];
    expect(a.lines).toEqual(b.lines);
    expect(a.lines).toEqual([
      'yunhetong-sdk tenant (tenants.yunhetong-sdk.0): appId=2017040517120800002  password=demo1234',
    ]);
    // everything but the snapshot's wall time and the blob-URL signing secret (random per process)
    const state = (sim: ServedSimulator) => {
      const { clock, blobs, ...rest } = sim.snapshot();
      return JSON.stringify({ ...rest, clock: { ...clock, wall: 0 }, blobs: { ...blobs, secret: '' } });
    };
    expect(state(a.sim)).toBe(state(b.sim));
    expect(await get(a.sim, '/__sim/faults')).toEqual(await get(b.sim, '/__sim/faults'));
    // what the file asked for is there
    expect(await get(a.sim, '/__sim/baoquan/templates/demoTemplate01')).toMatchObject({ name: '演示模板' });
    expect(await get(a.sim, '/__sim/faults')).toMatchObject({ faults: [{ vendor: 'esign', status: 503 }] });
    const snap = JSON.stringify(a.sim.snapshot());
    expect(snap).toContain('http://127.0.0.1:9/esign-cb');
    expect(snap).toContain('http://127.0.0.1:9/push');
    a.sim.close();
    b.sim.close();
  });

  it('a refused entry is named, with the control API reason', async () => {
    const sim = new ServedSimulator({});
    const bad = (c: SealsimConfig) => applyConfig(sim, c);
    await expect(
      bad({ tenants: { esign: [{ settings: { callbackURL: 'http://x.test/' } }] } }),
    ).rejects.toThrow(/^config tenants\.esign\.0: unknown setting callbackURL \(known: callbackUrl/);
    await expect(bad({ faults: [{ vendor: 'esign', status: 'x' }] })).rejects.toThrow(
      /^config faults\.0: status/,
    );
    await expect(bad({ templates: { esign: [{ name: 'x' }] } })).rejects.toThrow(
      /^config templates\.esign\.0: /,
    );
    sim.close();
  });

  it('flags win over the file; --state is relative to the file; ./sealsim.config.json is found', () => {
    writeFileSync(
      join(dir, 'sealsim.config.json'),
      JSON.stringify({ port: 4100, clock: 'manual', state: 'st.json' }),
    );
    const found = withConfig(parseArgs(['start', '--port', '4200'], {}).args, dir).args;
    expect({ port: found.port, clock: found.clock, state: found.state }).toEqual({
      port: 4200,
      clock: 'manual',
      state: join(dir, 'st.json'),
    });
    expect(() => withConfig(parseArgs(['start', '--config', 'nope.json'], {}).args, dir)).toThrow(
      /nope\.json: no such file/,
    );
  });

  it('sealsim start --config: a bad file exits 2 naming the problem; a good one is applied', async () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ tenants: { esign: [{ settings: { quotta: 1 } }] } }),
    );
    const bad = cli([
      'start',
      '--config',
      join(dir, 'bad.json'),
      '--port',
      String(await freeBasePortFrom(44000)),
    ]);
    expect((await bad.exited).code).toBe(2);
    expect(bad.err()).toContain('sealsim: config tenants.esign.0: unknown setting quotta');
    const port = await freeBasePortFrom(44000);
    writeFileSync(join(dir, 'demo.json'), JSON.stringify({ ...DEMO, port }));
    const good = cli(['start', '--config', join(dir, 'demo.json')]);
    await waitHealthy(good, port);
    const res = await fetch(`http://127.0.0.1:${port}/__sim/baoquan/templates/demoTemplate01`);
    expect(res.status).toBe(200);
    expect(
      ((await (await fetch(`http://127.0.0.1:${port}/__sim/clock`)).json()) as { now: number }).now,
    ).toBe(Date.parse(DEMO.now));
    expect(good.out()).toContain('appId=2017040517120800002');
  });
});
