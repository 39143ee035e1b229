/**
 * msw handlers that answer every request to a simulator origin in-process, with no port.
 * Extra origins (e.g. the vendor's real host) can be routed to a vendor too.
 */
import { http, type HttpHandler } from 'msw';
import type { Simulator } from '../simulator.ts';
import type { VendorId } from '../vendor.ts';

export function mswHandlers(
  sim: Simulator,
  extraOrigins: Partial<Record<VendorId, string[]>> = {},
): HttpHandler[] {
  const handlers: HttpHandler[] = [
    http.all(`${sim.origin('control')}/*`, ({ request }) => sim.fetch(request)),
  ];
  for (const id of sim.vendors.keys()) {
    handlers.push(http.all(`${sim.origin(id)}/*`, ({ request }) => sim.fetch(request)));
    for (const extra of extraOrigins[id] ?? []) {
      handlers.push(
        http.all(`${extra.replace(/\/$/, '')}/*`, ({ request }) => {
          // Re-address the request to the vendor's own origin, keeping path, query and body.
          const u = new URL(request.url);
          const target = new URL(u.pathname + u.search, sim.origin(id));
          return sim.fetch(new Request(target, request));
        }),
      );
    }
  }
  return handlers;
}
