/**
 * A simulator with the given vendor definitions and the control API wired, without msw and
 * without importing any vendor: the CLI passes the definitions of the vendors it runs
 * (registry.ts `loadVendors()`), so `--vendors esign` loads no other vendor's code.
 */
import { createControlApp } from './core/control.ts';
import type { VendorDefinition } from './core/define.ts';
import { Simulator, type SimulatorOptions } from './core/simulator.ts';

export class ControlledSimulator extends Simulator {
  constructor(opts: SimulatorOptions, definitions: readonly VendorDefinition[]) {
    super(definitions, opts);
    const control = createControlApp(this);
    this.controlFetch = async (req) => control.fetch(req);
  }
}
