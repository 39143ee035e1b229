/**
 * Builds a simulator with the registered vendors and the control API wired, without msw, so the
 * CLI starts without loading test tooling. `index.ts` adds the msw handlers on top.
 */
import { createControlApp } from './core/control.ts';
import type { VendorDefinition } from './core/define.ts';
import { Simulator, type SimulatorOptions } from './core/simulator.ts';
import { vendors } from './registry.ts';

export class ServedSimulator extends Simulator {
  /** `definitions`: the registry's vendors, or a list with more (e.g. a vendor under development). */
  constructor(opts: SimulatorOptions = {}, definitions: readonly VendorDefinition[] = vendors) {
    super(definitions, opts);
    const control = createControlApp(this);
    this.controlFetch = async (req) => control.fetch(req);
  }
}
