import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.ts';
import { WebhookDispatcher, type WebhookPolicy } from '../../simulators/core/webhooks.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

const MIN = 60_000;
const policy: WebhookPolicy = {
  maxAttempts: 3,
  retryDelayMs: () => 30 * MIN,
  timeoutMs: 300,
  isSuccess: (status) => status >= 200 && status < 400,
};

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function setup() {
  const clock = new VirtualClock({ start: 0 });
  const hooks = new WebhookDispatcher(clock, () => (req) => fetch(req));
  hooks.registerPolicy('v', policy);
  return { clock, hooks };
}

describe('WebhookDispatcher', () => {
  it('delivers at once, with the body and headers given, and journals the attempt', async () => {
    receiver = await startReceiver(() => ({ status: 204 }));
    const { clock, hooks } = setup();
    const d = hooks.enqueue({
      vendor: 'v',
      tenant: 't',
      url: receiver.url,
      body: '{"a":1}',
      headers: { 'x-sig': 'abc', 'content-type': 'application/json' },
    });
    await clock.settle();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.body).toBe('{"a":1}');
    expect(receiver.received[0]!.headers['x-sig']).toBe('abc');
    expect(hooks.get(d.id)!.state).toBe('delivered');
    expect(hooks.get(d.id)!.attempts).toMatchObject([{ at: 0, status: 204 }]);
  });

  it('retries a failing receiver on the virtual clock and stops after maxAttempts', async () => {
    receiver = await startReceiver(() => ({ status: 500 }));
    const { clock, hooks } = setup();
    const d = hooks.enqueue({ vendor: 'v', tenant: 't', url: receiver.url, body: 'x', headers: {} });
    await clock.settle();
    expect(receiver.received).toHaveLength(1);
    await clock.advance(29 * MIN);
    expect(receiver.received).toHaveLength(1);
    await clock.advance(1 * MIN);
    expect(receiver.received).toHaveLength(2);
    await clock.advance(10 * 60 * MIN);
    expect(receiver.received).toHaveLength(3);
    const j = hooks.get(d.id)!;
    expect(j.state).toBe('failed');
    expect(j.attempts.map((a) => a.at)).toEqual([0, 30 * MIN, 60 * MIN]);
    expect(j.attempts.every((a) => a.status === 500 && a.error)).toBe(true);
  });

  it('counts a receiver slower than the timeout as failed, then succeeds on retry', async () => {
    receiver = await startReceiver((_r, n) => (n === 1 ? { status: 200, delayMs: 800 } : { status: 200 }));
    const { clock, hooks } = setup();
    const d = hooks.enqueue({ vendor: 'v', tenant: 't', url: receiver.url, body: 'x', headers: {} });
    await clock.settle();
    expect(hooks.get(d.id)!.attempts[0]!.error).toMatch(/timeout/);
    expect(hooks.get(d.id)!.state).toBe('pending');
    await clock.advance(30 * MIN);
    expect(hooks.get(d.id)!.state).toBe('delivered');
    expect(hooks.get(d.id)!.attempts).toHaveLength(2);
  });

  it('records connection errors', async () => {
    const { clock, hooks } = setup();
    const d = hooks.enqueue({
      vendor: 'v',
      tenant: 't',
      url: 'http://127.0.0.1:1/nothing',
      body: 'x',
      headers: {},
    });
    await clock.settle();
    expect(hooks.get(d.id)!.attempts[0]!.error).toBeTruthy();
  });

  it('applies the vendor success rule to the body', async () => {
    receiver = await startReceiver((_r, n) => ({ status: 200, body: n < 2 ? 'success' : '1' }));
    const clock = new VirtualClock({ start: 0 });
    const hooks = new WebhookDispatcher(clock, () => (req) => fetch(req));
    hooks.registerPolicy('w', { ...policy, isSuccess: (s, body) => s === 200 && body.trim() === '1' });
    const d = hooks.enqueue({ vendor: 'w', tenant: 't', url: receiver.url, body: 'x', headers: {} });
    await clock.settle();
    expect(hooks.get(d.id)!.state).toBe('pending');
    await clock.advance(30 * MIN);
    expect(hooks.get(d.id)!.state).toBe('delivered');
  });

  it('refuses a vendor without a policy', () => {
    const { hooks } = setup();
    expect(() =>
      hooks.enqueue({ vendor: 'nope', tenant: 't', url: 'http://x', body: '', headers: {} }),
    ).toThrow(/policy/);
  });
});

describe('WebhookDispatcher redirects', () => {
  it('judges a 3xx answer itself instead of following it', async () => {
    receiver = await startReceiver(() => ({ status: 302, body: '' }));
    const { clock, hooks } = setup();
    const d = hooks.enqueue({ vendor: 'v', tenant: 't', url: receiver.url, body: 'x', headers: {} });
    await clock.settle();
    expect(hooks.get(d.id)!.attempts[0]!.status).toBe(302);
    expect(hooks.get(d.id)!.state).toBe('delivered');
    expect(receiver.received).toHaveLength(1);
  });
});
