/**
 * esign's sealed answers over HTTP (simulators/esign/render.ts): served by @hono/node-server from a
 * plain header object, they keep the header block the server wrote from a Headers object — names
 * in lower case, sorted, Content-Length last — and the signature over the exact body.
 */
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { ServedSimulator } from '../../simulators/create.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';

const BASE = '/opentreaty/rest/v3.0';
let sim: ServedSimulator;
let servers: RunningServers;
let port: number;
let project: { projectId: string; projectSecret: string };

/** The raw answer to one request written on a socket: its header lines and body. */
function raw(path: string, headers: Record<string, string>, body: string) {
  const head = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)) })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return new Promise<{ lines: string[]; body: string }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = got.toString('latin1', 0, end).split('\r\n');
      const length = Number(
        /^content-length: (\d+)$/i.exec(lines.find((l) => /^content-length:/i.test(l))!)![1],
      );
      if (got.length < end + 4 + length) return;
      socket.destroy();
      resolve({ lines, body: got.toString('utf8', end + 4, end + 4 + length) });
    });
    socket.write(`POST ${BASE}${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${head}\r\n${body}`);
  });
}

const hmac = (text: string) => createHmac('sha256', project.projectSecret).update(text).digest('hex');

beforeAll(async () => {
  const basePort = await freeBasePortFrom(47700);
  sim = new ServedSimulator({ vendors: ['esign'], basePort, journalSize: 10 });
  servers = await listen(sim);
  port = Number(new URL(sim.origin('esign')).port);
  project = sim.vendor('esign').defaultCredentials() as typeof project;
});

afterAll(async () => {
  await servers.close();
  sim.close();
});

describe('esign answers over HTTP', () => {
  it('a signed call: lower-case sorted X-timevale headers, Content-Length last, the signature over the body', async () => {
    const body = JSON.stringify({ thirdId: 'nobody' });
    const res = await raw(
      '/account/idexchange',
      {
        'Content-Type': 'application/json',
        'X-timevale-project-id': project.projectId,
        'X-timevale-signature': hmac(body),
      },
      body,
    );
    const names = res.lines.slice(1).map((l) => l.slice(0, l.indexOf(':')));
    expect(names.slice(0, 6)).toEqual([
      'content-type',
      'x-timevale-mode',
      'x-timevale-project-id',
      'x-timevale-signature',
      'x-timevale-signature-algorithm',
      'Content-Length',
    ]);
    expect(res.lines).toContain(`x-timevale-signature: ${hmac(res.body)}`);
    expect(res.lines).toContain('content-type: application/json;charset=UTF-8');
    expect(res.lines).toContain(`Content-Length: ${Buffer.byteLength(res.body)}`);
    // The journal still has the answer's body and code.
    const entry = sim.journal.list().at(-1)!;
    expect(entry.response?.text).toBe(res.body);
    expect(entry.code).toBe(JSON.parse(res.body).errCode);
  });

  it('no project id: no project header and no signature, the same order', async () => {
    const res = await raw('/account/idexchange', { 'Content-Type': 'application/json' }, '{}');
    const names = res.lines.slice(1).map((l) => l.slice(0, l.indexOf(':')));
    expect(names.slice(0, 4)).toEqual([
      'content-type',
      'x-timevale-mode',
      'x-timevale-signature-algorithm',
      'Content-Length',
    ]);
    expect(JSON.parse(res.body).errCode).not.toBe(0);
  });
});
