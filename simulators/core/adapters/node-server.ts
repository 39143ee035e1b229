/** Binds the control app and each vendor app to its own TCP port (docs/interface.md, "Start"). */
import type { IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { getRequestListener, serve, type ServerType } from '@hono/node-server';
import { bindsBeyondLoopback } from '../control-guard.ts';
import type { Simulator } from '../simulator.ts';
import { CLIENT_CERT_HEADER, clientCertHeaderValue } from './client-cert.ts';

export interface RunningServers {
  urls: Record<string, string>;
  close(): Promise<void>;
}

/**
 * On a TLS port: drops any `x-sealsim-client-cert` the client sent and sets it from the TLS peer
 * certificate (URL-encoded PEM), before the app reads the headers.
 */
export function withPeerCertificate(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i]!.toLowerCase() === CLIENT_CERT_HEADER) raw.splice(i, 2);
  }
  delete req.headers[CLIENT_CERT_HEADER];
  const socket = req.socket as Partial<TLSSocket>;
  // read once per connection: getPeerCertificate builds the whole chain's objects at every call
  let value = peerHeaders.get(req.socket);
  if (value === undefined) {
    const peer = socket.getPeerCertificate?.(true);
    value = peer?.raw?.length ? clientCertHeaderValue(new Uint8Array(peer.raw)) : '';
    peerHeaders.set(req.socket, value);
  }
  if (value) {
    raw.push(CLIENT_CERT_HEADER, value);
    req.headers[CLIENT_CERT_HEADER] = value;
  }
}

/** The header value of each TLS connection's peer certificate ('' for none). */
const peerHeaders = new WeakMap<object, string>();

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
  const bind = (
    origin: string,
    fetch: (req: Request) => Promise<Response> | Response,
    role: string,
    tls?: { key: string; cert: string },
  ) =>
    new Promise<void>((resolve, reject) => {
      const u = new URL(origin);
      const port = Number(u.port);
      const hostname = opts.host ?? u.hostname.replace(/^\[|\]$/g, '');
      let server: ServerType;
      if (tls) {
        // The client certificate is requested, never verified by TLS: the vendor authorises it
        // (a code-signing certificate would be dropped mid-request by rejectUnauthorized: true).
        const listener = getRequestListener(fetch);
        const https = createHttpsServer(
          { key: tls.key, cert: tls.cert, requestCert: true, rejectUnauthorized: false },
          (req, res) => {
            withPeerCertificate(req);
            void listener(req, res);
          },
        );
        https.listen(port, hostname, () => resolve());
        server = https;
      } else {
        server = serve({ fetch, port, hostname }, () => resolve());
      }
      server.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE' || err.code === 'EACCES')
          reject(
            new Error(
              `port ${port} (${role}) on ${hostname} is ` +
                (err.code === 'EADDRINUSE' ? 'already in use' : 'not allowed') +
                ` (another sealsim?); start on other ports with --port N (the control port; the ` +
                `vendors follow at N+1…), e.g. --port ${port + 1000 - (port % 1000)}`,
            ),
          );
        else reject(err);
      });
      servers.push(server);
    });
  const close = async () => {
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
  };
  try {
    await bind(sim.origin('control'), (req) => sim.controlFetch(req), 'control + dashboard');
    urls.control = sim.origin('control');
    const hosts = [...sim.publicHosts(), new URL(sim.origin('control')).hostname];
    for (const [id, v] of sim.vendors) {
      const tls = new URL(sim.origin(id)).protocol === 'https:' ? v.tls?.(hosts) : undefined;
      await bind(sim.origin(id), (req) => sim.vendorFetch(v, req), id, tls);
      urls[id] = sim.origin(id) + v.basePath;
    }
  } catch (err) {
    // The ports bound so far are let go, so a caller may try again elsewhere.
    await close();
    throw err;
  }
  return { urls, close };
}
