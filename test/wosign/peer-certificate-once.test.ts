/**
 * The TLS port reads a connection's peer certificate once (core/adapters/node-server.ts
 * `withPeerCertificate`): getPeerCertificate builds the chain's objects at every call, and wosign's
 * every request needs the certificate. Work counted, not timed; each request still gets the header,
 * and a header the client sent itself is still dropped.
 */
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CLIENT_CERT_HEADER, clientCertHeaderValue } from '../../simulators/core/adapters/client-cert.ts';
import { withPeerCertificate } from '../../simulators/core/adapters/node-server.ts';
import { createVendorPki } from '../../simulators/core/pki/index.ts';

/** A request on `socket` (a stand-in TLS socket) carrying a forged certificate header. */
function request(socket: object): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  Object.defineProperty(req, 'socket', { value: socket });
  req.rawHeaders = [CLIENT_CERT_HEADER, 'forged'];
  req.headers = { [CLIENT_CERT_HEADER]: 'forged' };
  return req;
}

describe('peer certificate per connection', () => {
  it('is read once for all the requests of a connection, and anew for another connection', () => {
    const pki = createVendorPki({
      vendor: 'wosign',
      seed: 'peer-once',
      now: () => new Date('2026-05-20T08:00:00Z'),
    });
    const der = pki.issueClientCertificate({ name: 'client' }).certificate;
    let reads = 0;
    const connection = () => ({
      getPeerCertificate: () => {
        reads++;
        return { raw: Buffer.from(der) };
      },
    });
    const first = connection();
    const expected = clientCertHeaderValue(new Uint8Array(der));
    for (let i = 0; i < 3; i++) {
      const req = request(first);
      withPeerCertificate(req);
      expect(req.headers[CLIENT_CERT_HEADER]).toBe(expected);
      expect(req.rawHeaders).toEqual([CLIENT_CERT_HEADER, expected]);
    }
    expect(reads).toBe(1);
    withPeerCertificate(request(connection()));
    expect(reads).toBe(2);
  });

  it('a connection without a certificate: no header, the forged one dropped, read once', () => {
    let reads = 0;
    const socket = { getPeerCertificate: () => (reads++, {}) };
    for (let i = 0; i < 2; i++) {
      const req = request(socket);
      withPeerCertificate(req);
      expect(req.headers[CLIENT_CERT_HEADER]).toBeUndefined();
      expect(req.rawHeaders).toEqual([]);
    }
    expect(reads).toBe(1);
  });
});
