/**
 * Record and replay (sealsim/kit): `recordingFetch` records exchanges with a simulator; the
 * recording, saved as JSON, is later answered by msw (`replayHandlers` + `setupServer`) with
 * no simulator at all — in order, the last answer repeating — and the typed client (default
 * fetch, response signatures checked) cannot tell the difference.
 */
import { setupServer } from 'msw/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createEsignClient, EsignApiError } from '../../clients/esign/index.ts';
import { esignErrors, ESIGN_BASE_PATH } from '../../contracts/esign/index.ts';
import { recordingFetch, replayHandlers, type Recording } from '../../kit/index.ts';
import { createSimulator } from '../../index.ts';
import { freeBasePort } from '../esign/helpers.ts';

let server: ReturnType<typeof setupServer> | undefined;

afterAll(() => server?.close());

describe('kit record and replay', () => {
  it('replays a recorded idexchange without a simulator', async () => {
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
    sim.close();
    expect(rec.recording.exchanges.map((x) => `${x.method} ${new URL(x.url).pathname}`)).toEqual([
      `POST ${ESIGN_BASE_PATH}/account/idexchange`,
      `POST ${ESIGN_BASE_PATH}/account/create/person/private`,
      `POST ${ESIGN_BASE_PATH}/account/idexchange`,
    ]);
    const saved = JSON.stringify(rec.recording);

    // ── replay: msw answers from the JSON, nothing else runs ──
    const recording = JSON.parse(saved) as Recording;
    server = setupServer(...replayHandlers(recording));
    const unhandled: string[] = [];
    server.listen({
      onUnhandledRequest: (req) => void unhandled.push(`${req.method} ${new URL(req.url).pathname}`),
    });
    // the typed client with its default fetch, created after msw started, checking signatures
    const client = createEsignClient({ baseUrl, projectId, secret: projectSecret, verifyResponses: true });
    const first = await client.call('/account/idexchange', { thirdId: 'replay-1' }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(EsignApiError);
    expect((first as EsignApiError).errCode).toBe(esignErrors.THIRD_ID_NOT_FOUND.errCode);
    expect((await client.call('/account/idexchange', { thirdId: 'replay-1' })).accountId).toBe(accountId);
    // the last recorded answer repeats
    expect((await client.call('/account/idexchange', { thirdId: 'replay-1' })).accountId).toBe(accountId);
    // a recorded answer keeps its signature: a client with another secret rejects it
    const other = createEsignClient({ baseUrl, projectId, secret: 'x'.repeat(32), verifyResponses: true });
    await expect(other.call('/account/idexchange', { thirdId: 'replay-1' })).rejects.toThrow(/signature/);
    // and a route that was never recorded is not answered (msw lets it through to a port nobody listens on)
    await expect(client.call('/sign/docdetail', { flowId: 'f' })).rejects.toThrow();
    expect(unhandled).toEqual([`POST ${ESIGN_BASE_PATH}/sign/docdetail`]);
  });
});
