/**
 * Builds a simulator with every registered vendor and the control API wired, without msw, so
 * the CLI starts without loading test tooling. `index.ts` adds the msw handlers on top.
 */
import { createControlApp } from './core/control.ts';
import { Simulator, type SimulatorOptions } from './core/simulator.ts';
import { vendorFactories } from './registry.ts';

export class ServedSimulator extends Simulator {
  constructor(opts: SimulatorOptions = {}) {
    super(vendorFactories, opts);
    const control = createControlApp(this);
    this.controlFetch = async (req) => control.fetch(req);
  }
}
