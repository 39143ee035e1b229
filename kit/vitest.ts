/**
 * vitest helper: `const sim = useSealsim()` in a test file starts an in-process simulator with
 * msw intercepting every sealsim origin, next to the app's own msw handlers; it resets the
 * simulator between tests and closes both afterwards. `sim.server` is the msw server.
 */
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createSimulator, type SealSim, type SimulatorOptions } from '../index.ts';
import type { VendorId } from '../simulators/registry.ts';
import { sealsimHandlers } from './handlers.ts';

/** msw's choices for a request no handler answered (the default is msw's: `'warn'`). */
export type UnhandledRequestStrategy =
  'bypass' | 'warn' | 'error' | ((request: Request, print: { warning(): void; error(): void }) => void);

export interface UseSealsimOptions extends SimulatorOptions {
  /**
   * The app's own msw handlers (and replay handlers), tried before sealsim's: a recording replayed
   * here answers instead of the simulator.
   */
  handlers?: RequestHandler[];
  /**
   * For requests no handler answered, other than to a vendor: msw's option. A request to a
   * vendor's real host is always refused: fetch rejects and the reason is printed (never passed through).
   */
  onUnhandledRequest?: UnhandledRequestStrategy;
  /** Real origins answered by a vendor's simulator, e.g. `{ esign: ['https://smlgateway.tsign.cn'] }`. */
  extraOrigins?: Partial<Record<VendorId, string[]>>;
  /** Reset the simulator after each test (default true). */
  resetBetweenTests?: boolean;
}

/** The simulator, with the msw server that routes to it. */
export type SealsimHandle = SealSim & { server: ReturnType<typeof setupServer> };

export function useSealsim(opts: UseSealsimOptions = {}): SealsimHandle {
  const sim = createSimulator(opts);
  const server = setupServer(
    ...(opts.handlers ?? []),
    ...sealsimHandlers(sim, { extraOrigins: opts.extraOrigins }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: opts.onUnhandledRequest ?? 'warn' }));
  afterEach(() => {
    // Handlers added in a test with server.use() last for that test, as msw's own recipe has it.
    server.resetHandlers();
    if (opts.resetBetweenTests !== false) sim.reset();
  });
  afterAll(() => {
    server.close();
    sim.close();
  });
  return Object.assign(sim, { server });
}
