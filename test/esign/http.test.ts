/**
 * Over real HTTP: the simulator on its ports, the typed client with its default fetch, and a
 * node:http callback receiver — delivery policy (§4.10.1): 2 s timeout, 200–399 = success,
 * at most 6 attempts 30 minutes apart, each signed (§4.10.2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEsignClient,
  uploadFile,
  verifyCallback,
  type EsignClient,
} from '../../clients/esign/index.ts';
import { ESIGN_BASE_PATH } from '../../contracts/esign/index.ts';
import { createSimulator, type SealSim } from '../../index.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { md5b64, T0 } from './helpers.ts';

const MIN = 60_000;

describe('esign over HTTP', () => {
  let sim: SealSim;
  let running: Awaited<ReturnType<SealSim['listen']>>;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    const basePort = 45000 + Math.floor(Math.random() * 2000) * 10;
    sim = createSimulator({ vendors: ['esign'], now: T0, basePort });
    running = await sim.listen();
  });
  afterAll(async () => {
    await sim.clock.settle();
    await running.close();
    sim.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function tenantWith(
    respond: Receiver['respond'],
  ): Promise<{ client: EsignClient; secret: string; receiver: Receiver; projectId: string }> {
    const receiver = await startReceiver(respond);
    receivers.push(receiver);
    const t = sim.vendor('esign').createTenant({ callbackUrl: receiver.url });
    const client = createEsignClient({
      baseUrl: running.urls.esign!,
      projectId: t.credentials.projectId!,
      secret: t.credentials.projectSecret!,
      verifyResponses: true,
    });
    return { client, secret: t.credentials.projectSecret!, receiver, projectId: t.id };
  }

  async function silentFlow(client: EsignClient): Promise<string> {
    const pdf = await createTextPdf([{ lines: ['协议', '签字：'] }]);
    const { fileKey, uploadUrl } = await client.call('/file/uploadurl', {
      fileName: '协议.pdf',
      fileSize: pdf.length,
      contentType: 'application/pdf',
      contentMd5: md5b64(pdf),
    });
    expect(uploadUrl.startsWith(running.urls.esign!.replace(ESIGN_BASE_PATH, ''))).toBe(true);
    await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf' });
    const { docId } = await client.call('/doc/createbyfilekey', { fileKey });
    const { accountId } = await client.call('/account/create/person/private', {
      name: '李四',
      idNo: '110108196710262291',
      idType: 19,
    });
    const { flowId } = await client.call('/sign/start', {
      businessScene: 'HTTP',
      docList: [{ docId }],
      recipientList: {
        signerList: [
          { accountId, autoSign: 1, docPosList: [{ docId, signType: 1, posBeanList: [{ key: '签字' }] }] },
        ],
      },
    });
    return flowId;
  }

  it('delivers signed callbacks, retrying a failed one 30 minutes later', async () => {
    const { client, secret, receiver, projectId } = await tenantWith((_req, n) =>
      n <= 2 ? { status: 500 } : { status: 200, body: 'ok' },
    );
    const flowId = await silentFlow(client);
    expect((await client.call('/sign/docdetail', { flowId })).flowStatus).toBe(2);
    await sim.clock.settle();
    expect(receiver.received).toHaveLength(2); // UPDATE and FINISH, both answered 500
    await sim.clock.advance(29 * MIN);
    expect(receiver.received).toHaveLength(2);
    await sim.clock.advance(MIN);
    expect(receiver.received).toHaveLength(4);
    for (const r of receiver.received) {
      expect(verifyCallback(r.headers as never, r.body, secret, { projectId })).toBe(true);
      expect(r.headers['content-type']).toContain('application/json');
    }
    const actions = receiver.received.map((r) => JSON.parse(r.body).action);
    expect(actions.sort()).toEqual([
      'SIGN_FLOW_FINISH',
      'SIGN_FLOW_FINISH',
      'SIGN_FLOW_UPDATE',
      'SIGN_FLOW_UPDATE',
    ]);
    const mine = sim.webhooks.list({ vendor: 'esign', tenant: projectId });
    expect(
      mine.map((d) => [d.state, d.attempts.map((a) => a.status), d.attempts[1]!.at - d.attempts[0]!.at]),
    ).toEqual([
      ['delivered', [500, 200], 30 * MIN],
      ['delivered', [500, 200], 30 * MIN],
    ]);
  });

  it('gives up after 6 attempts; a 3xx answer counts as received; a slow receiver times out after 2 s', async () => {
    const failing = await tenantWith(() => ({ status: 503 }));
    await silentFlow(failing.client);
    await sim.clock.settle();
    for (let i = 0; i < 6; i++) await sim.clock.advance(30 * MIN);
    const dead = sim.webhooks.list({ vendor: 'esign', tenant: failing.projectId });
    expect(dead.map((d) => [d.state, d.attempts.length])).toEqual([
      ['failed', 6],
      ['failed', 6],
    ]);
    expect(failing.receiver.received).toHaveLength(12);

    const redirecting = await tenantWith(() => ({ status: 302 }));
    await silentFlow(redirecting.client);
    await sim.clock.settle();
    expect(sim.webhooks.list({ vendor: 'esign', tenant: redirecting.projectId }).map((d) => d.state)).toEqual(
      ['delivered', 'delivered'],
    );

    const slow = await tenantWith((_r, n) => (n === 1 ? { status: 200, delayMs: 2600 } : { status: 200 }));
    await silentFlow(slow.client);
    await sim.clock.settle();
    // The two notices go out together: whichever reaches the receiver first is the slow one.
    const slowOnes = sim.webhooks.list({ vendor: 'esign', tenant: slow.projectId });
    expect(slowOnes.map((d) => [d.state, d.attempts.map((a) => a.status ?? a.error)]).sort()).toEqual([
      ['delivered', [200]],
      ['pending', [expect.stringMatching(/timeout/)]],
    ]);
  });

  it('answers the doc’s default project over HTTP with verified response signatures', async () => {
    const def = sim.vendor('esign').defaultCredentials();
    const client = createEsignClient({
      baseUrl: running.urls.esign!,
      projectId: def.projectId!,
      secret: def.projectSecret!,
      verifyResponses: true,
    });
    await expect(client.call('/account/idexchange', { thirdId: 'nobody' })).rejects.toMatchObject({
      errCode: expect.any(Number),
    });
    const bad = createEsignClient({
      baseUrl: running.urls.esign!,
      projectId: def.projectId!,
      secret: 'wrong-secret',
      verifyResponses: false,
    });
    await expect(bad.call('/account/idexchange', { thirdId: 'nobody' })).rejects.toMatchObject({
      msg: '签名校验失败',
    });
  });
});
