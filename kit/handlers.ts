/**
 * sealsim's msw handlers for an app's own `setupServer`: every sealsim origin answered by the
 * in-process simulator, and every vendor's real host refused, so a request that was meant for
 * sealsim never reaches the real vendor, whatever the app's `onUnhandledRequest`.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createSimulator, type SealSim } from '../index.ts';
import { contracts } from '../simulators/all.ts';
import type { VendorId } from '../simulators/registry.ts';

/**
 * The vendors' real origins: the contracts' servers that are not sealsim's, and yunhetong-sdk's
 * documented host (docs/yunhetong-sdk.md), which its contract leaves out.
 */
export const VENDOR_REAL_ORIGINS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  contracts.map((c) => [
    c.id,
    [
      ...(c.servers ?? [])
        .map((s) => new URL(s.url).origin)
        .filter((o) => !/^https?:\/\/(127\.|localhost|\[::1\])/.test(o)),
      ...(c.id === 'yunhetong-sdk' ? ['https://sdk.yunhetong.com'] : []),
    ],
  ]),
);

export interface SealsimHandlersOptions {
  /** Real origins to answer with a vendor's simulator instead of refusing them (e.g. `{ esign: ['https://smlgateway.tsign.cn'] }`). */
  extraOrigins?: Partial<Record<VendorId, string[]>>;
  /** Called for each refused request to a real vendor host (useSealsim fails the test with it). */
  onRefused?: (message: string, request: Request) => void;
}

/** The message printed (and handed to `onRefused`) when a request to a real vendor host is refused. */
export function refusedMessage(request: Request, vendor: string): string {
  return (
    `sealsim: refused ${request.method} ${request.url}: it is ${vendor}'s real host and no handler ` +
    `answered it (never sent to the real vendor). Point the client at sealsim's origin, or route ` +
    `the host to the simulator with extraOrigins: { '${vendor}': ['${new URL(request.url).origin}'] }.`
  );
}

/**
 * Handlers refusing every request to a vendor's real host (both schemes) not in `routed`: the
 * request fails as a network error (fetch rejects) and the reason is printed.
 */
export function vendorHostGuards(
  routed: Partial<Record<VendorId, string[]>> = {},
  onRefused?: (message: string, request: Request) => void,
): HttpHandler[] {
  const taken = new Set(Object.values(routed).flatMap((list) => (list ?? []).map((o) => new URL(o).origin)));
  const guards: HttpHandler[] = [];
  for (const [vendor, origins] of Object.entries(VENDOR_REAL_ORIGINS)) {
    for (const origin of origins) {
      const host = new URL(origin).host;
      for (const scheme of ['https', 'http']) {
        if (taken.has(`${scheme}://${host}`)) continue;
        guards.push(
          http.all(`${scheme}://${host}/*`, ({ request }) => {
            const message = refusedMessage(request, vendor);
            console.error(message);
            onRefused?.(message, request);
            return HttpResponse.error();
          }),
        );
      }
    }
  }
  return guards;
}

/**
 * msw handlers for the app's own `setupServer(...)`: the simulator's (a new one when none is
 * given) on every sealsim origin and `extraOrigins`, then the guards refusing the vendors' real
 * hosts. Put the app's own handlers before or after them; `server.use()` ones come first.
 */
export function sealsimHandlers(
  sim: SealSim = createSimulator(),
  opts: SealsimHandlersOptions = {},
): HttpHandler[] {
  return [...sim.mswHandlers(opts.extraOrigins), ...vendorHostGuards(opts.extraOrigins, opts.onRefused)];
}
