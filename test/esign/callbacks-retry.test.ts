/**
 * The esign callback policy end to end (doc §4.10.1; docs/vendor-notes.md "Callbacks"): callbacks go to the
 * project's callbackUrl; the receiver has 2 s to answer; `200 <= status < 400` counts as
 * success; at most 6 attempts, 30 minutes apart. Retries run on the virtual clock, so the test
 * advances time instead of waiting; only the slow-receiver case waits (≈2 s) in real time.
 * Every body matches the documented notice (§4.10.3 / §4.10.4) and is signed like an API
 * response (§4.10.2), checked with the consumer-side `verifyCallback`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallback, type EsignClient } from '../../clients/esign/index.ts';
import { DATETIME_RE, esignCallbacks } from '../../contracts/esign/index.ts';
import {
  inProcessSim,
  MIN,
  newDoc,
  newPerson,
  newProject,
  scriptedReceiver,
  signerAction,
  startTwoSignerFlow,
  T0,
  type Answer,
  type Person,
  type Project,
  type ScriptedReceiver,
  type SimHandle,
} from './helpers.ts';

const HALF_HOUR = 30 * MIN;

let h: SimHandle;
let project: Project;
let client: EsignClient;
let a: Person;
let b: Person;
let docId: string;
const receivers: ScriptedReceiver[] = [];

async function receiver(respond: (n: number) => Answer): Promise<ScriptedReceiver> {
  const r = await scriptedReceiver((_hit, n) => respond(n));
  receivers.push(r);
  await h.control.patchTenant('esign', project.projectId, { callbackUrl: r.url });
  return r;
}

/** A draft flow, revoked: exactly one callback (SIGN_FLOW_FINISH, flowStatus 3). */
async function oneCallback(): Promise<string> {
  const { flowId } = await client.call('/sign/start', {
    businessScene: '回调测试',
    autoInitiate: 0,
    docList: [{ docId }],
    recipientList: { signerList: [{ accountId: a.accountId }] },
  });
  await client.call('/sign/revoke', { flowId });
  return flowId;
}

async function deliveryOf(flowId: string) {
  const all = (await h.control.webhooks('esign')).filter((d) => JSON.parse(d.body).flowId === flowId);
  expect(all, `deliveries for ${flowId}`).toHaveLength(1);
  return all[0]!;
}

beforeAll(async () => {
  // Outgoing callbacks use the global fetch: real HTTP to the scripted receivers.
  h = inProcessSim({ now: T0 });
  project = await newProject(h.control);
  client = h.client(project);
  a = await newPerson(client);
  b = await newPerson(client);
  ({ docId } = await newDoc(client, h.fetch));
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await h?.close();
});

describe('esign callback retry policy (§4.10.1)', () => {
  it('a receiver answering 500 gets exactly 6 attempts, 30 virtual minutes apart, then the delivery is failed', async () => {
    const r = await receiver(() => ({ status: 500, body: 'boom' }));
    const flowId = await oneCallback();
    await h.control.settle();
    let d = await deliveryOf(flowId);
    expect(d.state).toBe('pending');
    expect(d.attempts).toHaveLength(1);
    expect(d.nextAttemptAt).toBe(d.attempts[0]!.at + HALF_HOUR);
    for (let n = 2; n <= 6; n++) {
      await h.control.advance(HALF_HOUR - 1, { wait: true });
      expect((await deliveryOf(flowId)).attempts, `no attempt ${n} a millisecond early`).toHaveLength(n - 1);
      await h.control.advance(1, { wait: true });
      d = await deliveryOf(flowId);
      expect(d.attempts, `attempt ${n}`).toHaveLength(n);
    }
    expect(d.state).toBe('failed');
    expect(d.nextAttemptAt).toBeUndefined();
    expect(d.attempts.map((x) => x.status)).toEqual([500, 500, 500, 500, 500, 500]);
    expect(d.attempts.every((x) => typeof x.error === 'string' && x.error.length > 0)).toBe(true);
    const gaps = d.attempts.slice(1).map((x, i) => x.at - d.attempts[i]!.at);
    expect(gaps).toEqual([HALF_HOUR, HALF_HOUR, HALF_HOUR, HALF_HOUR, HALF_HOUR]);
    // nothing more, however long we wait
    await h.control.advance(48 * 60 * MIN, { wait: true });
    expect((await deliveryOf(flowId)).attempts).toHaveLength(6);
    const hits = r.callbacks();
    expect(hits).toHaveLength(6);
    // every attempt carries the same signed body
    expect(new Set(hits.map((x) => x.body)).size).toBe(1);
    for (const x of hits) {
      expect(x.method).toBe('POST');
      expect(verifyCallback(x.headers, x.body, project.secret, { projectId: project.projectId })).toBe(true);
    }
  });

  it('a receiver slower than 2 s counts as failed and is retried 30 minutes later', async () => {
    const r = await receiver((n) =>
      n === 1 ? { status: 200, body: 'too late', delayMs: 2500 } : { status: 200, body: 'ok' },
    );
    const flowId = await oneCallback();
    const started = Date.now();
    await h.control.settle();
    let d = await deliveryOf(flowId);
    const waited = Date.now() - started;
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]!.status).toBeUndefined();
    expect(d.attempts[0]!.error).toMatch(/timeout/i);
    expect(waited).toBeGreaterThanOrEqual(1900); // it did wait the 2 s it owes the receiver
    expect(d.state).toBe('pending');
    await h.control.advance(HALF_HOUR, { wait: true });
    d = await deliveryOf(flowId);
    expect(d.state).toBe('delivered');
    expect(d.attempts.map((x) => x.status)).toEqual([undefined, 200]);
    expect(r.callbacks()).toHaveLength(2);
  });

  it.each([
    ['200', 'delivered', { status: 200 }],
    ['204', 'delivered', { status: 204 }],
    ['302 without Location', 'delivered', { status: 302 }],
    ['302 with a Location that would fail', 'delivered', { status: 302, headers: { location: '/login' } }],
    ['399', 'delivered', { status: 399 }],
    ['400', 'pending', { status: 400 }],
    ['404', 'pending', { status: 404 }],
  ] as Array<[string, 'delivered' | 'pending', Answer]>)('status %s → %s', async (_label, state, answer) => {
    const r = await receiver(() => answer);
    const flowId = await oneCallback();
    await h.control.settle();
    const d = await deliveryOf(flowId);
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]!.status).toBe(answer.status);
    expect(d.state).toBe(state);
    if (state === 'delivered') expect(d.nextAttemptAt).toBeUndefined();
    else expect(d.nextAttemptAt).toBe(d.attempts[0]!.at + HALF_HOUR);
    // the answer is judged as it is: a redirect is not followed
    expect(r.hits.map((x) => `${x.method} ${x.path}`)).toEqual(['POST /callback']);
  });
});

describe('esign callback bodies and signatures (§4.10.2–§4.10.4)', () => {
  it('SIGN_FLOW_UPDATE and SIGN_FLOW_FINISH of signing, refusing, completing, revoking and expiring all match the contract and verify', async () => {
    const r = await receiver(() => ({ status: 200, body: 'ok' }));
    // 1. A signs, B refuses → UPDATE 2 (A), UPDATE 4 (B, with the reason), FINISH 4
    const refused = await startTwoSignerFlow(client, a, b, docId);
    expect((await signerAction(h.control, refused.flowId, a.accountId)).status).toBe(200);
    expect((await signerAction(h.control, refused.flowId, b.accountId, 'refuse', '金额不对')).status).toBe(
      200,
    );
    // 2. both sign → UPDATE 2, UPDATE 2, FINISH 2
    const done = await startTwoSignerFlow(client, a, b, docId);
    await signerAction(h.control, done.flowId, a.accountId);
    await signerAction(h.control, done.flowId, b.accountId);
    // 3. revoked → FINISH 3
    const revoked = await oneCallback();
    // 4. expired → FINISH 5
    const { flowId: expired } = await client.call('/sign/start', {
      businessScene: '过期',
      signValidity: (await h.control.now()) + 10 * MIN,
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: a.accountId }] },
    });
    await h.control.advance(11 * MIN);
    const hits = await r.waitFor(8);
    expect(hits).toHaveLength(8);

    const bodies = hits.map((x) => JSON.parse(x.body) as Record<string, unknown>);
    for (const [i, x] of hits.entries()) {
      const body = bodies[i]!;
      const schema = esignCallbacks[body.action as keyof typeof esignCallbacks];
      expect(schema, `known action ${body.action}`).toBeDefined();
      const parsed = schema.safeParse(body);
      expect(parsed.success, `${x.body} ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(x.headers['content-type']).toMatch(/^application\/json/);
      expect(
        verifyCallback(x.headers, x.body, project.secret, { projectId: project.projectId }),
        x.body,
      ).toBe(true);
      // the signature covers the exact bytes: any change breaks it
      expect(verifyCallback(x.headers, x.body.replace(/}$/, ' }'), project.secret)).toBe(false);
      expect(verifyCallback(x.headers, x.body, 'not-the-secret')).toBe(false);
    }
    const of = (flowId: string) =>
      bodies
        .filter((x) => x.flowId === flowId)
        .map((x) =>
          x.action === 'SIGN_FLOW_UPDATE'
            ? `U${x.signResult}:${x.accountId === a.accountId ? 'a' : 'b'}`
            : `F${x.flowStatus}`,
        );
    expect(of(refused.flowId)).toEqual(['U2:a', 'U4:b', 'F4']);
    expect(of(done.flowId)).toEqual(['U2:a', 'U2:b', 'F2']);
    expect(of(revoked)).toEqual(['F3']);
    expect(of(expired)).toEqual(['F5']);
    const refusal = bodies.find((x) => x.flowId === refused.flowId && x.signResult === 4)!;
    expect(refusal).toMatchObject({ docId, resultDescription: '金额不对' });
    expect(refusal.signTime).toMatch(DATETIME_RE);
    const finish = bodies.find((x) => x.flowId === done.flowId && x.action === 'SIGN_FLOW_FINISH')!;
    expect(finish).toMatchObject({ businessScence: '个人借款', flowStatus: 2 });
    expect(finish.createTime).toMatch(DATETIME_RE);
    expect(finish.endTime).toMatch(DATETIME_RE);
  });
});
