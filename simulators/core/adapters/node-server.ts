/** Binds the control app and each vendor app to its own TCP port (docs/interface.md, "Start"). */
import { serve, type ServerType } from '@hono/node-server';
import { bindsBeyondLoopback } from '../control-guard.ts';
import type { Simulator } from '../simulator.ts';

export interface RunningServers {
  urls: Record<string, string>;
  close(): Promise<void>;
}

export async function listen(sim: Simulator, opts: { host?: string } = {}): Promise<RunningServers> {
  const servers: ServerType[] = [];
  const urls: Record<string, string> = {};
  // The control API hands out secrets and SMS codes: beyond loopback only behind its token.
  const controlHost = opts.host ?? new URL(sim.origin('control')).hostname;
  if (bindsBeyondLoopback(controlHost) && !sim.controlAccess().token)
    throw new Error(
      `binding the control API to ${controlHost} (beyond loopback) needs a control token ` +
        '(--control-token, SEALSIM_CONTROL_TOKEN or the controlToken option)',
    );
  const bind = (origin: string, fetch: (req: Request) => Promise<Response> | Response) =>
    new Promise<void>((resolve, reject) => {
      const u = new URL(origin);
      const server = serve({ fetch, port: Number(u.port), hostname: opts.host ?? u.hostname }, () =>
        resolve(),
      );
      server.on('error', reject);
      servers.push(server);
    });
  await bind(sim.origin('control'), (req) => sim.controlFetch(req));
  urls.control = sim.origin('control');
  for (const [id, v] of sim.vendors) {
    await bind(sim.origin(id), (req) => sim.vendorFetch(v, req));
    urls[id] = sim.origin(id) + v.basePath;
  }
  return {
    urls,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              // An HTTP/1 server also drops its idle keep-alive sockets, so close() resolves promptly.
              if ('closeAllConnections' in s) s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
