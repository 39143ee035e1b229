/**
 * One slow callback receiver delays nobody else (issue 9): over real HTTP, tenant A's receiver
 * takes 1.5 s per callback (within esign's 2 s, §4.10.1) for 20 callbacks; tenant B's callback
 * still arrives at once, `POST /__sim/clock/advance` answers at once, and
 * `POST /__sim/clock/settle` returns only when A's callbacks are all answered. One receiver gets
 * at most 4 requests at a time; one flow's callbacks arrive one at a time, in order
 * (decision: esign.callback-order).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EsignClient } from '../../clients/esign/index.ts';
import { DEFAULT_DELIVERY_LIMITS } from '../../simulators/core/webhooks.ts';
import {
  httpSim,
  newDoc,
  newPerson,
  newProject,
  scriptedReceiver,
  signerAction,
  startTwoSignerFlow,
  T0,
  type Answer,
  type Project,
  type ScriptedReceiver,
  type SimHandle,
} from './helpers.ts';

const SLOW_MS = 1_500;
const SLOW_COUNT = 20;
/** Coarse: a prompt answer on a loaded machine, far below one slow answer. */
const PROMPT_MS = 1_000;

let h: SimHandle;
const receivers: ScriptedReceiver[] = [];

async function tenant(respond: (n: number) => Answer) {
  const r = await scriptedReceiver((_hit, n) => respond(n));
  receivers.push(r);
  const project = await newProject(h.control, { callbackUrl: r.url });
  const client = h.client(project);
  const a = await newPerson(client);
  const { docId } = await newDoc(client);
  return { r, project, client, a, docId };
}

/** A draft flow, revoked: one SIGN_FLOW_FINISH callback. */
async function revokedFlow(t: { client: EsignClient; a: { accountId: string }; docId: string }) {
  const { flowId } = await t.client.call('/sign/start', {
    businessScene: '并发回调',
    autoInitiate: 0,
    docList: [{ docId: t.docId }],
    recipientList: { signerList: [{ accountId: t.a.accountId }] },
  });
  await t.client.call('/sign/revoke', { flowId });
  return flowId;
}

async function deliveriesOf(p: Project) {
  const all = await h.control.webhooks('esign');
  return all.filter((d) => d.headers?.['X-timevale-project-id'] === p.projectId);
}

beforeAll(async () => {
  h = await httpSim({ now: T0 });
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await h?.close();
});

describe('esign callbacks: a slow receiver delays nobody else', () => {
  it('tenant B is called at once and the clock answers at once while A’s receiver is slow; settle waits for A', async () => {
    const A = await tenant(() => ({ status: 200, body: 'ok', delayMs: SLOW_MS }));
    const B = await tenant(() => ({ status: 200, body: 'ok' }));
    for (let i = 0; i < SLOW_COUNT; i++) await revokedFlow(A);
    await A.r.waitFor(1);

    const before = Date.now();
    const bFlow = await revokedFlow(B);
    const [hit] = await B.r.waitFor(1, 10_000);
    expect(JSON.parse(hit!.body).flowId).toBe(bFlow);
    expect(hit!.at - before, 'B’s callback arrives without waiting for A’s').toBeLessThan(PROMPT_MS);

    const t0 = Date.now();
    await h.control.advance(60_000);
    expect(Date.now() - t0, 'clock/advance answers while A’s callbacks run').toBeLessThan(PROMPT_MS);
    expect((await deliveriesOf(A.project)).some((d) => d.state === 'pending')).toBe(true);

    await h.control.settle();
    const done = await deliveriesOf(A.project);
    expect(done).toHaveLength(SLOW_COUNT);
    expect(done.every((d) => d.state === 'delivered' && d.attempts.length === 1)).toBe(true);
    expect(A.r.callbacks()).toHaveLength(SLOW_COUNT);
    expect((await deliveriesOf(B.project)).map((d) => d.state)).toEqual(['delivered']);

    // At most `perReceiver` open at once: of any perReceiver + 1 arrivals, one came after an
    // earlier one was answered. And they did overlap: the first perReceiver came together.
    const cap = DEFAULT_DELIVERY_LIMITS.perReceiver;
    const arrivals = A.r
      .callbacks()
      .map((x) => x.at)
      .sort((x, y) => x - y);
    for (let i = 0; i + cap < arrivals.length; i++)
      expect(arrivals[i + cap]! - arrivals[i]!).toBeGreaterThanOrEqual(SLOW_MS - 50);
    expect(arrivals[cap - 1]! - arrivals[0]!).toBeLessThan(SLOW_MS);
  });

  it('one flow’s callbacks arrive one at a time, in order, even when the first is slow', async () => {
    const t = await tenant((n) => ({ status: 200, body: 'ok', delayMs: n === 1 ? 800 : 0 }));
    const b = await newPerson(t.client);
    const flow = await startTwoSignerFlow(t.client, t.a, b, t.docId);
    expect((await signerAction(h.control, flow.flowId, t.a.accountId)).status).toBe(200);
    expect((await signerAction(h.control, flow.flowId, b.accountId)).status).toBe(200);
    await h.control.settle();
    const hits = t.r.callbacks();
    const bodies = hits.map((x) => JSON.parse(x.body) as { action: string; accountId?: string });
    expect(
      bodies.map((x) =>
        x.action === 'SIGN_FLOW_UPDATE' ? `U:${x.accountId === b.accountId ? 'b' : 'a'}` : 'F',
      ),
    ).toEqual(['U:a', 'U:b', 'F']);
    // the second waited for the first's answer
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(750);
  });
});
