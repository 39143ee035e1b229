/**
 * The vendor registry (simulators/registry.ts) is the one list a vendor is added to. Every
 * registered vendor must have every piece that list promises: its contract, spec and client, a
 * control-API tenant route typed by its settings, a package export, its own port, its CLI flags,
 * a simulator folder with a README, a docs page and the shared conformance suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, vendorOptionsOf } from '../bin/cli.ts';
import { createSimulator } from '../index.ts';
import { DEFAULT_CONTROL_PORT } from '../simulators/core/simulator.ts';
import { contracts, definitions as vendors } from '../simulators/all.ts';

const ROOT = join(import.meta.dirname, '..');
/** The files every vendor has (docs/architecture.md, "Add a vendor"). */
const VENDOR_FOLDER = [
  'index.ts',
  'descriptor.ts',
  'app.ts',
  'stages.ts',
  'render.ts',
  'locals.ts',
  'runtime.ts',
  'control.ts',
  'handlers/index.ts',
  'README.md',
];
const CONTRACT_FOLDER = [
  'index.ts',
  'routes.ts',
  'operations.ts',
  'errors.ts',
  'tenant-settings.ts',
  'decisions.ts',
];

const read = (rel: string) => readFileSync(join(ROOT, rel), 'utf8');

describe('vendor registry', () => {
  it('has unique ids and ports, none of them the control port', () => {
    const ids = vendors.map((v) => v.id);
    const ports = vendors.map((v) => v.defaultPort);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set([...ports, DEFAULT_CONTROL_PORT]).size).toBe(ports.length + 1);
  });

  describe.each(vendors.map((v) => [v.id, v] as const))('%s', (id, v) => {
    it('has its contract in the list, a generated spec and a typed client exported by the package', () => {
      expect(v.contract.id).toBe(id);
      expect(contracts).toContain(v.contract);
      expect(Object.keys(v.contract.routes).length).toBeGreaterThan(0);
      expect(JSON.parse(read(`openapi/${id}.json`)).openapi).toMatch(/^3\./);
      expect(existsSync(join(ROOT, `clients/${id}/index.ts`))).toBe(true);
      const dist = `./dist/clients/${id}/index`;
      expect(JSON.parse(read('package.json')).exports[`./clients/${id}`]).toEqual({
        import: { types: `${dist}.d.ts`, default: `${dist}.js` },
        require: { types: `${dist}.d.cts`, default: `${dist}.js` },
      });
    });

    it('has tenant routes typed by its settings schema, and its console routes, in the control API', () => {
      const control = contracts.find((c) => c.id === 'control')!;
      const paths = Object.values(control.routes).map((r) => `${r.method.toUpperCase()} ${r.path}`);
      expect(paths).toContain(`POST /__sim/${id}/tenants`);
      expect(paths.some((p) => p.startsWith(`PATCH /__sim/${id}/tenants/{`))).toBe(true);
      for (const r of Object.values(v.controlRoutes))
        expect(paths).toContain(`${r.method.toUpperCase()} /__sim/${id}${r.path}`);
      const spec = JSON.parse(read('openapi/control.json'));
      const body = spec.paths[`/__sim/${id}/tenants`].post.requestBody.content['application/json'].schema;
      expect(body.$ref ?? body.type).toBeTruthy();
    });

    it('is served on its own port, and its CLI flags reach its options', () => {
      const sim = createSimulator({ vendors: [id] });
      try {
        expect(sim.vendor(id).id).toBe(id);
        expect(new URL(sim.origin(id)).port).toBe(String(v.defaultPort));
      } finally {
        sim.close();
      }
      for (const o of v.cliOptions ?? []) {
        if (o.switch) {
          // a switch takes no value (wosign's --wosign-plain-http)
          const { args } = parseArgs(['start', `--${id}-${o.flag}`, '--port', '4100']);
          expect(vendorOptionsOf(args)[id]?.[o.option]).toBe('true');
          expect(args.port).toBe(4100);
          continue;
        }
        const { args } = parseArgs(['start', `--${id}-${o.flag}`, 'value-1']);
        expect(vendorOptionsOf(args)[id]?.[o.option]).toMatch(/value-1$/);
      }
    });

    it('has a simulator folder of the one shape, a docs page and the shared conformance suite', () => {
      for (const file of VENDOR_FOLDER)
        expect(existsSync(join(ROOT, `simulators/${id}/${file}`)), file).toBe(true);
      for (const file of CONTRACT_FOLDER)
        expect(existsSync(join(ROOT, `contracts/${id}/${file}`)), file).toBe(true);
      expect(existsSync(join(ROOT, `docs/${id}.md`))).toBe(true);
      expect(read(`test/${id}/conformance.test.ts`)).toMatch(/runVendorConformance\(/);
    });
  });
});
