/**
 * Typed client for sealsim's control API (openapi/control.json), with a few conveniences that
 * tests use everywhere: advance or settle the clock, read the outbox, read the callback journal.
 */
import createClient from 'openapi-fetch';
import { lateBoundFetch, type FetchFn } from '../shared/fetch.ts';
import type { paths } from './schema.d.ts';

export type ControlPaths = paths;

/**
 * `token`: the control token (`--control-token` / SEALSIM_CONTROL_TOKEN), sent as
 * `Authorization: Bearer …` on every call; loopback servers without one need none.
 */
export function createControlClient(opts: { baseUrl: string; fetch?: FetchFn; token?: string }) {
  const api = createClient<paths>({
    baseUrl: opts.baseUrl,
    fetch: lateBoundFetch(opts.fetch),
    ...(opts.token ? { headers: { Authorization: `Bearer ${opts.token}` } } : {}),
  });
  const must = <T>(r: { data?: T; error?: unknown; response: Response }): T => {
    if (r.data === undefined) throw new Error(`control API ${r.response.status}: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  return {
    api,
    /** Moves virtual time; returns once due jobs ran and their callbacks are under way (`wait`: answered). */
    advance: async (ms: number, opts: { wait?: boolean } = {}) =>
      must(
        await api.POST('/__sim/clock/advance', {
          params: { query: opts.wait ? { wait: 'true' } : {} },
          body: { ms },
        }),
      ).now,
    /** Runs what is due and waits until every callback under way has been answered (or timed out). */
    settle: async () => must(await api.POST('/__sim/clock/settle')).now,
    now: async () => must(await api.GET('/__sim/clock')).now,
    outbox: async (q: { vendor?: string; to?: string } = {}) =>
      must(await api.GET('/__sim/outbox', { params: { query: q } })).messages,
    webhooks: async (vendor?: string) =>
      must(await api.GET('/__sim/webhooks', { params: { query: { vendor } } })).deliveries,
    reset: async (vendor?: string) => must(await api.POST('/__sim/reset', { params: { query: { vendor } } })),
    createTenant: async (vendor: string, settings: Record<string, unknown> = {}) =>
      must(await api.POST('/__sim/{vendor}/tenants', { params: { path: { vendor } }, body: settings })),
    patchTenant: async (vendor: string, id: string, settings: Record<string, unknown>) =>
      must(
        await api.PATCH('/__sim/{vendor}/tenants/{id}', { params: { path: { vendor, id } }, body: settings }),
      ),
  };
}

export type ControlClient = ReturnType<typeof createControlClient>;
