/**
 * `checkCallbackReceiver` (sealsim/kit): the vendor's real callbacks sent to good and bad
 * receivers, in-process handlers and a real HTTP server: esign (signed SIGN_FLOW_UPDATE and
 * SIGN_FLOW_FINISH; 200–399 within 2 s), yunhetong-sdk (notice=<json>; only {"response": true}),
 * WoSign PushSignedDoc (only a body of exactly 1, and a push with a wrong hash must not get it).
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkCallbackReceiver } from '../../kit/index.ts';

const ESIGN_SECRET_HEADER = 'x-timevale-signature';
const ESIGN_SECRET = 'cf65f987315b12a21b983ca320196d7d';

describe('checkCallbackReceiver: esign', () => {
  it('a receiver answering 200 passes; it got both events, signed with the project secret', async () => {
    const got: Array<{ body: string; signature: string | null; project: string | null }> = [];
    const r = await checkCallbackReceiver('esign', async (req) => {
      got.push({
        body: await req.text(),
        signature: req.headers.get(ESIGN_SECRET_HEADER),
        project: req.headers.get('x-timevale-project-id'),
      });
      return new Response('ok');
    });
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.attempts.map((a) => [a.event, a.status, a.received])).toEqual([
      ['SIGN_FLOW_UPDATE', 200, true],
      ['SIGN_FLOW_FINISH', 200, true],
    ]);
    expect(got.map((g) => (JSON.parse(g.body) as { action: string }).action)).toEqual([
      'SIGN_FLOW_UPDATE',
      'SIGN_FLOW_FINISH',
    ]);
    // signed as e签宝 signs: HMAC-SHA256 (hex) of the exact body under the default project's secret
    for (const g of got) {
      expect(g.project).toBe('1111563657');
      expect(g.signature).toBe(createHmac('sha256', ESIGN_SECRET).update(g.body, 'utf8').digest('hex'));
    }
  });

  it('a redirect (3xx) counts; 500, 404 and a 2.5 s answer do not', async () => {
    expect((await checkCallbackReceiver('esign', () => new Response(null, { status: 302 }))).ok).toBe(true);
    const failing = await checkCallbackReceiver('esign', () => new Response('no', { status: 500 }));
    expect(failing.ok).toBe(false);
    expect(failing.problems).toEqual([
      expect.stringMatching(
        /^SIGN_FLOW_UPDATE: answered HTTP 500 "no" in \d+ ms; esign needs HTTP 200–399 within 2 s/,
      ),
      expect.stringMatching(/^SIGN_FLOW_FINISH: answered HTTP 500/),
    ]);
    const slow = await checkCallbackReceiver('esign', async (req) => {
      if ((await req.text()).includes('SIGN_FLOW_FINISH')) await new Promise((r) => setTimeout(r, 2500));
      return new Response('ok');
    });
    expect(slow.problems).toEqual([
      expect.stringMatching(/^SIGN_FLOW_FINISH: answered timeout after 2000 ms/),
    ]);
  }, 20_000);

  it('over real HTTP: a server that verifies the signature passes; a closed port fails', async () => {
    // a receiver as an app writes it: 401 unless the signature verifies with its secret
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const expected = createHmac('sha256', ESIGN_SECRET).update(Buffer.concat(chunks)).digest('hex');
        res.statusCode = req.headers[ESIGN_SECRET_HEADER] === expected ? 200 : 401;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const r = await checkCallbackReceiver('esign', `http://127.0.0.1:${port}/esign/callback`);
      expect(r.ok).toBe(true);
      expect(r.attempts.every((a) => a.request.url === `http://127.0.0.1:${port}/esign/callback`)).toBe(true);
    } finally {
      await new Promise((r) => server.close(r));
    }
    const closed = await checkCallbackReceiver('esign', `http://127.0.0.1:${port}/esign/callback`);
    expect(closed.ok).toBe(false);
    expect(closed.attempts.every((x) => x.status === undefined && x.error)).toBe(true);
  });
});

describe('checkCallbackReceiver: yunhetong-sdk', () => {
  it('only {"response": true} stops the retries', async () => {
    const notices: unknown[] = [];
    const good = await checkCallbackReceiver('yunhetong-sdk', async (req) => {
      notices.push(JSON.parse(new URLSearchParams(await req.text()).get('notice')!));
      return Response.json({ response: true });
    });
    expect(good).toMatchObject({ ok: true, problems: [] });
    expect(good.attempts.map((a) => a.event)).toEqual(['noticeType1', 'noticeType2']);
    expect(notices).toMatchObject([{ noticeType: 1 }, { noticeType: 2 }]);
    for (const bad of [
      () => new Response('success'),
      () => Response.json({ response: 'true' }),
      () => Response.json({ response: true }, { status: 500 }),
    ]) {
      const r = await checkCallbackReceiver('yunhetong-sdk', bad);
      expect(r.ok).toBe(false);
      expect(r.problems[0]).toMatch(
        /^noticeType1: answered HTTP \d+ .*yunhetong-sdk needs HTTP 2xx with a JSON body/,
      );
    }
  }, 30_000);
});

describe('checkCallbackReceiver: wosign', () => {
  /** A receiver that checks the hash of the pushed file and answers exactly 1 when it holds. */
  const verifying = async (req: Request) => {
    const push = (await req.json()) as { extendData: { content: string; hash: string } };
    const hash = createHash('sha256').update(Buffer.from(push.extendData.content, 'base64')).digest('hex');
    return new Response(hash === push.extendData.hash ? '1' : '0');
  };

  it('a receiver that verifies the hash and answers 1 passes; the wrong-hash push got no 1', async () => {
    const r = await checkCallbackReceiver('wosign', verifying);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.attempts.map((a) => [a.event, a.responseBody, a.received, a.shouldBeReceived])).toEqual([
      ['PushSignedDoc', '1', true, true],
      ['PushSignedDoc (wrong hash)', '0', false, false],
    ]);
  }, 30_000);

  it('"success", a JSON "1", 1 + newline fail; a receiver answering 1 without checking the hash fails', async () => {
    for (const body of ['success', '"1"', '1\n']) {
      const r = await checkCallbackReceiver('wosign', () => new Response(body));
      expect(r.ok).toBe(false);
      expect(r.problems[0]).toMatch(
        /^PushSignedDoc: answered HTTP 200 .*wosign needs HTTP 2xx with a body of exactly 1/,
      );
    }
    const careless = await checkCallbackReceiver('wosign', () => new Response('1'));
    expect(careless.ok).toBe(false);
    expect(careless.problems).toEqual([
      'PushSignedDoc (wrong hash): answered HTTP 200 "1", accepting a push whose hash does not match its content',
    ]);
  }, 60_000);
});
