/** The app's callback receiver does what e签宝 needs to stop retrying (checkCallbackReceiver). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EsignCallback } from 'sealsim/clients/esign';
import { checkCallbackReceiver } from 'sealsim/kit';
import { describe, expect, it } from 'vitest';
import { esignCallbackHandler } from '../src/callbacks.js';
import { ESIGN } from './mocks.js';

describe("the app's e签宝 callback receiver", () => {
  it('verifies and acknowledges SIGN_FLOW_UPDATE and SIGN_FLOW_FINISH (in-process)', async () => {
    const seen: EsignCallback[] = [];
    const result = await checkCallbackReceiver(
      'esign',
      esignCallbackHandler(ESIGN.secret, (c) => void seen.push(c)),
    );
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(seen.map((c) => c.action)).toEqual(
      expect.arrayContaining(['SIGN_FLOW_UPDATE', 'SIGN_FLOW_FINISH']),
    );
  });

  it('a receiver keyed with the wrong secret refuses them, and the check says so', async () => {
    const result = await checkCallbackReceiver('esign', esignCallbackHandler('not-the-secret'));
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/SIGN_FLOW_FINISH/);
  });

  it('over real HTTP, on the app server', async () => {
    const handler = esignCallbackHandler(ESIGN.secret);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
        const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
          method: 'POST',
          headers,
          body: Buffer.concat(chunks),
        });
        void handler(request).then(async (r) => {
          res.writeHead(r.status).end(await r.text());
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await checkCallbackReceiver('esign', `http://127.0.0.1:${port}/esign/callback`);
      expect(result.problems).toEqual([]);
    } finally {
      server.close();
    }
  });
});
