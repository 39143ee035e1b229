/**
 * Builds a simulator with every registered vendor (simulators/all.ts) and the control API wired,
 * without msw. `index.ts` adds the msw handlers on top; the CLI uses ControlledSimulator
 * (controlled.ts) with only the vendors it runs.
 */
import type { VendorDefinition } from './core/define.ts';
import type { SimulatorOptions } from './core/simulator.ts';
// controlled.ts first: modules evaluate in import order, and so the CSP's style hashes are listed
import { ControlledSimulator } from './controlled.ts';
import { definitions as all } from './all.ts';

export class ServedSimulator extends ControlledSimulator {
  /** `definitions`: the registry's vendors, or a list with more (e.g. a vendor under development). */
  constructor(opts: SimulatorOptions = {}, definitions: readonly VendorDefinition[] = all) {
    super(opts, definitions);
  }
}
