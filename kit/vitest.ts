/**
 * vitest helper: `const sim = useSealsim()` in a test file starts an in-process simulator with
 * msw intercepting every sealsim origin, resets it between tests, and closes it afterwards.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createSimulator, type SealSim, type SimulatorOptions } from '../index.ts';
import type { VendorId } from '../simulators/registry.ts';

export function useSealsim(
  opts: SimulatorOptions & {
    extraOrigins?: Partial<Record<VendorId, string[]>>;
    resetBetweenTests?: boolean;
  } = {},
): SealSim {
  const sim = createSimulator(opts);
  const server = setupServer(...sim.mswHandlers(opts.extraOrigins));
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterEach(() => {
    if (opts.resetBetweenTests !== false) sim.reset();
  });
  afterAll(() => {
    server.close();
    sim.close();
  });
  return sim;
}
