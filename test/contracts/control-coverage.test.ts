/**
 * Every route the control port answers is in the control contract (contracts/control/, hence
 * openapi/control.json and the typed control client): the control app's real routes, walked from
 * Hono's route table (vendor console apps mounted under /__sim/<vendor> included), each matched to
 * a contract route by method and path. A route added without its contract entry fails here.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import { createControlApp } from '../../simulators/core/control.ts';
import { buildControlContract } from '../../contracts/control/index.ts';

/** `{name}` and Hono's `:name` and trailing `*` all become one placeholder. */
const shape = (path: string) =>
  path
    .replace(/\{[^}]+\}/g, ':')
    .replace(/:[A-Za-z_][\w]*/g, ':')
    .replace(/\/\*$/, '/:');

describe('the control contract', () => {
  it('lists every route the control app answers (and no route the app lacks)', () => {
    const sim = createSimulator();
    const app = createControlApp(sim);
    // Middleware (app.use) is registered as ALL; no control route is.
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${shape(r.path)}`),
    );
    const control = buildControlContract(sim.definitions);
    const listed = new Set(
      Object.values(control.routes).map((r) => `${r.method.toUpperCase()} ${shape(r.path)}`),
    );
    expect([...served].filter((r) => !listed.has(r)).sort()).toEqual([]);
    // The generic {vendor} routes answer for a vendor not running; the rest must be served.
    const generic = (r: string) => r.includes('/__sim/:/');
    expect([...listed].filter((r) => !served.has(r) && !generic(r)).sort()).toEqual([]);
    sim.close();
  });
});
