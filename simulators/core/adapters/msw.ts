/**
 * msw handlers that answer every request to a simulator origin in-process, with no port.
 * Public URLs (the origins links carry) are answered too; extra origins (e.g. the vendor's real
 * host) can be routed to a vendor.
 */
import { http, type HttpHandler } from 'msw';
import type { Simulator } from '../simulator.ts';
import type { VendorId } from '../vendor.ts';

export function mswHandlers(
  sim: Simulator,
  extraOrigins: Partial<Record<VendorId, string[]>> = {},
): HttpHandler[] {
  const handlers: HttpHandler[] = [];
  // Each bound origin, and the public URL links carry when one is set (publicUrls, publicHost):
  // sim.fetch re-addresses those to the bound origin, so a link handed out works here too.
  const answer = (id: VendorId | 'control') => {
    for (const origin of new Set([sim.origin(id), sim.publicOrigin(id)]))
      handlers.push(http.all(`${origin}/*`, ({ request }) => sim.fetch(request)));
  };
  answer('control');
  for (const id of sim.vendors.keys()) {
    answer(id);
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
