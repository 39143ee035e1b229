/**
 * sealsim's package entry: `createSimulator()` for in-process use (docs/interface.md, "In-process").
 *
 *   const sim = createSimulator();
 *   const server = setupServer(...sim.mswHandlers());   // msw
 *   await sim.fetch(new Request(...));                   // or call it directly
 *   await sim.clock.advance(30 * 60_000);
 */
import type { HttpHandler } from 'msw';
import { mswHandlers } from './simulators/core/adapters/msw.ts';
import { listen, type RunningServers } from './simulators/core/adapters/node-server.ts';
import type { SimulatorOptions } from './simulators/core/simulator.ts';
import { ServedSimulator } from './simulators/create.ts';
import type { VendorId } from './simulators/registry.ts';

export class SealSim extends ServedSimulator {
  /** msw handlers for `setupServer(...)`; `extraOrigins` also routes e.g. the vendor's real host. */
  mswHandlers(extraOrigins: Partial<Record<VendorId, string[]>> = {}): HttpHandler[] {
    return mswHandlers(this, extraOrigins);
  }

  /** Binds every origin to its port (what `npm start` does). */
  listen(opts: { host?: string } = {}): Promise<RunningServers> {
    return listen(this, opts);
  }
}

export function createSimulator(opts: SimulatorOptions = {}): SealSim {
  return new SealSim(opts);
}

export type { SimulatorOptions } from './simulators/core/simulator.ts';
export type { VendorId } from './simulators/registry.ts';
/** Every registered vendor's definition (contract, settings, simulator), loaded. */
export { definitions as vendors } from './simulators/all.ts';
export { VirtualClock } from './simulators/core/clock.ts';
