/** A real HTTP callback receiver on loopback whose answers a test scripts. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Decides each answer: status, body and an optional delay in real ms. */
  respond: (req: Received, n: number) => { status: number; body?: string; delayMs?: number };
  close(): Promise<void>;
}

export async function startReceiver(
  respond: Receiver['respond'] = () => ({ status: 200, body: 'ok' }),
): Promise<Receiver> {
  const received: Received[] = [];
  const receiver = { received, respond } as Receiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(r);
      const answer = receiver.respond(r, received.length);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'text/plain' });
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** A free port range base for a simulator's listen(); each test file uses its own. */
export function freeBasePort(): number {
  return 20000 + Math.floor(Math.random() * 400) * 10;
}
