/**
 * Record and replay (sealsim/kit): `recordingFetch` records exchanges with a simulator as a
 * `sealsim-recording/1` (bodies byte for byte: a signed PDF and an upload as Base64); saved as
 * JSON, it is later answered by msw (`replayHandlers` + `setupServer`) with no simulator at all,
 * matched on method, path, query and body (exact, JSON subset, ignoring volatile fields), and a
 * request nothing matches fails with the closest exchange's differences.
 */
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createEsignClient, EsignApiError } from '../../clients/esign/index.ts';
import { esignErrors, ESIGN_BASE_PATH } from '../../contracts/esign/index.ts';
import { createSimulator } from '../../index.ts';
import {
  emptyRecording,
  loadRecording,
  RECORDING_FORMAT,
  recordingFetch,
  recordingJsonSchema,
  replayHandlers,
  requestBytes,
  responseBytes,
  saveRecording,
  type RecordedExchange,
  type Recording,
  type ReplayOptions,
} from '../../kit/index.ts';
import { contractPdf, esignFlow, FLOW_T0 } from '../../kit/flows.ts';
import { freeBasePort } from '../esign/helpers.ts';

let server: ReturnType<typeof setupServer> | undefined;

afterEach(() => {
  server?.close();
  server = undefined;
});

function replay(recording: Recording, opts?: ReplayOptions) {
  server = setupServer(...replayHandlers(loadRecording(saveRecording(recording)), opts));
  server.listen({ onUnhandledRequest: 'error' });
}

describe('kit record and replay', () => {
  it('replays a recorded idexchange without a simulator, matched by body', async () => {
    // ── record against an in-process simulator (its origin: ports nobody listens on) ──
    const basePort = await freeBasePort();
    const sim = createSimulator({ vendors: ['esign'], basePort });
    const { projectId, projectSecret } = sim.vendor('esign').defaultCredentials() as {
      projectId: string;
      projectSecret: string;
    };
    const baseUrl = sim.origin('esign') + ESIGN_BASE_PATH;
    const rec = recordingFetch((r) => sim.fetch(r));
    const recClient = createEsignClient({ baseUrl, projectId, secret: projectSecret, fetch: rec.fetch });
    const miss = await recClient
      .call('/account/idexchange', { thirdId: 'replay-1' })
      .catch((e: EsignApiError) => e.errCode);
    expect(miss).toBe(esignErrors.THIRD_ID_NOT_FOUND.errCode);
    const { accountId } = await recClient.call('/account/create/person/private', {
      thirdId: 'replay-1',
      name: '张三',
      idNo: '110108196710262291',
      idType: 19,
    });
    expect((await recClient.call('/account/idexchange', { thirdId: 'replay-1' })).accountId).toBe(accountId);
    await recClient.call('/account/idexchange', { thirdId: 'other' }).catch(() => undefined);
    sim.close();
    expect(rec.recording.format).toBe(RECORDING_FORMAT);

    // ── replay: msw answers from the JSON, nothing else runs ──
    replay(rec.recording);
    // the typed client with its default fetch, created after msw started, checking signatures
    const client = createEsignClient({ baseUrl, projectId, secret: projectSecret, verifyResponses: true });
    // in order among equal matches: the recorded miss first, then the hit, then the hit repeats
    const first = await client.call('/account/idexchange', { thirdId: 'replay-1' }).catch((e: unknown) => e);
    expect((first as EsignApiError).errCode).toBe(esignErrors.THIRD_ID_NOT_FOUND.errCode);
    expect((await client.call('/account/idexchange', { thirdId: 'replay-1' })).accountId).toBe(accountId);
    expect((await client.call('/account/idexchange', { thirdId: 'replay-1' })).accountId).toBe(accountId);
    // another body is another exchange, whatever the order
    const other = await client.call('/account/idexchange', { thirdId: 'other' }).catch((e: unknown) => e);
    expect((other as EsignApiError).errCode).toBe(esignErrors.THIRD_ID_NOT_FOUND.errCode);
    // a recorded answer keeps its signature: a client with another secret rejects it
    const wrong = createEsignClient({ baseUrl, projectId, secret: 'x'.repeat(32), verifyResponses: true });
    await expect(wrong.call('/account/idexchange', { thirdId: 'replay-1' })).rejects.toThrow(/signature/);
    // a body nothing matches, and a route never recorded: refused with a readable answer
    const unmatched = await fetch(`${baseUrl}/account/idexchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ thirdId: 'replay-2' }),
    });
    expect(unmatched.status).toBe(500);
    const { message } = (await unmatched.json()) as { message: string };
    expect(message).toContain('no recorded exchange matches POST /opentreaty/rest/v3.0/account/idexchange');
    expect(message).toMatch(/closest: exchange #\d \(POST .*\/account\/idexchange\)/);
    expect(message).toContain('$.thirdId: recorded "replay-1", got "replay-2"');
    // (the verifying client sees an answer no e签宝 would send: unsigned)
    await expect(client.call('/sign/docdetail', { flowId: 'f' })).rejects.toThrow(/X-timevale-signature/);
  });

  it('records a signed-PDF download and the upload byte for byte; the download replays byte-identical', async () => {
    const sim = createSimulator({ vendors: ['esign'], now: FLOW_T0 });
    const rec = recordingFetch((r) => sim.fetch(r));
    const creds = sim.vendor('esign').defaultCredentials() as { projectId: string; projectSecret: string };
    const { signedPdf } = await esignFlow(sim, rec.fetch, creds);
    sim.close();
    expect(Buffer.from(signedPdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const upload = rec.recording.exchanges.find((x) => x.method === 'PUT')!;
    const download = rec.recording.exchanges.at(-1)!;
    // the upload: the PDF as sent, Base64 with its Content-Type kept
    expect(upload.requestEncoding).toBe('base64');
    expect(upload.requestContentType).toBe('application/pdf');
    expect(Buffer.from(requestBytes(upload)!).equals(Buffer.from(await contractPdf()))).toBe(true);
    // the download: Base64, the PDF's Content-Type, the bytes as answered
    expect([download.method, download.encoding, download.headers['content-type']]).toEqual([
      'GET',
      'base64',
      'application/pdf',
    ]);
    expect(Buffer.from(responseBytes(download)).equals(Buffer.from(signedPdf))).toBe(true);
    // JSON answers stay readable text
    expect(rec.recording.exchanges[0]!.encoding).toBeUndefined();
    expect(JSON.parse(rec.recording.exchanges[0]!.body)).toMatchObject({ errCode: 0 });

    replay(rec.recording);
    const replayed = new Uint8Array(await (await fetch(download.url)).arrayBuffer());
    expect(replayed.length).toBe(signedPdf.length);
    expect(Buffer.from(replayed).equals(Buffer.from(signedPdf))).toBe(true);
  });

  it('keeps text that is not valid UTF-8, and a BOM, exactly', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0xff]);
    const rec = recordingFetch(
      async (req) => new Response(await req.arrayBuffer(), { headers: { 'content-type': 'text/plain' } }),
    );
    await rec.fetch('http://echo.test/a', {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'text/plain' },
    });
    await rec.fetch('http://echo.test/b', { method: 'POST', body: bytes.subarray(0, 5) });
    const [bad, bom] = rec.recording.exchanges as [RecordedExchange, RecordedExchange];
    expect([bad.encoding, bad.requestEncoding, bom.encoding, bom.requestEncoding]).toEqual([
      'base64',
      'base64',
      undefined,
      undefined,
    ]);
    expect([...responseBytes(bad)]).toEqual([...bytes]);
    expect([...requestBytes(bom)!]).toEqual([...bytes.subarray(0, 5)]);
  });
});

describe('replay body matchers', () => {
  const origin = 'http://vendor.test';
  const recording: Recording = {
    format: RECORDING_FORMAT,
    exchanges: [
      {
        method: 'POST',
        url: `${origin}/api/sign`,
        requestContentType: 'application/json',
        requestBody: JSON.stringify({ flowId: 'f1', timestamp: 1, meta: { signature: 'aa', by: 'x' } }),
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"answer":1}',
      },
      {
        method: 'POST',
        url: `${origin}/api/sign`,
        requestContentType: 'application/json',
        requestBody: JSON.stringify({ flowId: 'f2', timestamp: 1, meta: { signature: 'aa', by: 'x' } }),
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"answer":2}',
      },
      {
        method: 'POST',
        url: `${origin}/form?b=2&a=1`,
        requestContentType: 'application/x-www-form-urlencoded',
        requestBody: 'tonce=1&payload=%7B%22no%22%3A%22A1%22%7D',
        status: 200,
        headers: {},
        body: 'form',
      },
    ],
  };
  const sign = (body: unknown) =>
    fetch(`${origin}/api/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const answer = async (res: Response) => (res.status === 200 ? res.text() : res.status);

  it('by default: the same JSON value in any key order, not the same bytes', async () => {
    replay(recording);
    expect(await answer(await sign({ meta: { by: 'x', signature: 'aa' }, timestamp: 1, flowId: 'f2' }))).toBe(
      '{"answer":2}',
    );
    expect(await answer(await sign({ flowId: 'f1', timestamp: 2, meta: { signature: 'aa', by: 'x' } }))).toBe(
      500,
    );
  });

  it("'exact': the same bytes only", async () => {
    replay(recording, { body: 'exact' });
    expect(await answer(await sign(recording.exchanges[0]!.requestBody!))).toBe('{"answer":1}');
    expect(await answer(await sign({ meta: { by: 'x', signature: 'aa' }, timestamp: 1, flowId: 'f1' }))).toBe(
      500,
    );
  });

  it("'jsonSubset': every recorded field, the request may carry more", async () => {
    replay(recording, { body: 'jsonSubset' });
    const more = { flowId: 'f2', timestamp: 1, meta: { signature: 'aa', by: 'x', extra: 1 }, added: true };
    expect(await answer(await sign(more))).toBe('{"answer":2}');
    expect(await answer(await sign({ flowId: 'f2', timestamp: 1 }))).toBe(500);
  });

  it('{ ignore }: names at any depth and paths from the root; query names too', async () => {
    replay(recording, { body: { ignore: ['timestamp', '$.meta.signature'] } });
    expect(
      await answer(await sign({ flowId: 'f1', timestamp: 99, meta: { signature: 'zz', by: 'x' } })),
    ).toBe('{"answer":1}');
    expect(
      await answer(await sign({ flowId: 'f1', timestamp: 99, meta: { signature: 'zz', by: 'y' } })),
    ).toBe(500);
    server?.close();
    replay(recording, { body: { ignore: ['tonce', 'b'] } });
    // form fields are fields (a field holding JSON compared as JSON); the query in any order, `b` ignored
    const form = (query: string, body: string) =>
      fetch(`${origin}/form?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect(await answer(await form('a=1&b=7', 'payload=%7B+%22no%22%3A+%22A1%22+%7D&tonce=5'))).toBe('form');
    expect(await answer(await form('a=2', 'payload=%7B%22no%22%3A%22A1%22%7D&tonce=5'))).toBe(500);
  });

  it("query 'ignore' and a function matcher", async () => {
    replay(recording, { query: 'ignore', body: (actual) => actual.contentType?.includes('form') === true });
    expect(
      await answer(await fetch(`${origin}/form?zzz=1`, { method: 'POST', body: new URLSearchParams() })),
    ).toBe('form');
  });

  it('an unmatched request names the closest exchange and each difference; onMismatch and next', async () => {
    const seen: string[] = [];
    replay(recording, { onMismatch: (m) => void seen.push(m) });
    const res = await sign({ flowId: 'f2', timestamp: 1, meta: { signature: 'ab', by: 'x' }, more: [1] });
    expect(res.status).toBe(500);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(
      [
        'sealsim replay: no recorded exchange matches POST /api/sign',
        'closest: exchange #1 (POST /api/sign); recorded → got:',
        '  $.meta.signature: recorded "aa", got "ab"',
        '  $.more: not recorded, got [1]',
      ].join('\n'),
    );
    expect(((await res.json()) as { message: string }).message).toBe(seen[0]);
    const wrongRoute = await fetch(`${origin}/api/other`);
    expect(wrongRoute.status).toBe(500);
    expect(seen[1]).toContain('the recording has no GET /api/other; it has:\n  POST /api/sign\n  POST /form');
    server?.close();
    // 'next': the next handler (here none: msw's onUnhandledRequest 'error' makes fetch fail)
    replay(recording, { onUnmatched: 'next' });
    await expect(fetch(`${origin}/api/other`)).rejects.toThrow();
  });
});

describe('the recording format', () => {
  it('is checked on load, with every problem named; the JSON Schema pins the format', () => {
    expect(() => loadRecording({ exchanges: [] })).toThrow(
      /not a sealsim-recording\/1 recording:\n {2}format/,
    );
    expect(() =>
      loadRecording({ format: RECORDING_FORMAT, exchanges: [{ method: 'GET', url: 'nope', status: 200 }] }),
    ).toThrow(/exchanges\.0\.url[\s\S]*exchanges\.0\.headers[\s\S]*exchanges\.0\.body/);
    expect(loadRecording(saveRecording(emptyRecording()))).toEqual(emptyRecording());
    const schema = recordingJsonSchema() as { properties: { format: { const: string } } };
    expect(schema.properties.format.const).toBe(RECORDING_FORMAT);
  });
});
