/**
 * A callback's timeout holds through garbage collection (simulators/core/webhooks.ts attempt()).
 * undici follows a Request's signal through a controller it holds weakly: when nothing kept the
 * Request, a collection during a slow delivery dropped the timeout and the attempt counted as
 * delivered once the receiver answered (seen in CI as the esign 2 s timeout test passing 200).
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.ts';
import { WebhookDispatcher } from '../../simulators/core/webhooks.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('callback timeout', () => {
  let receiver: Receiver | undefined;
  afterEach(() => receiver?.close());

  it('fires when the heap is collected while the receiver is still thinking', async () => {
    receiver = await startReceiver(() => ({ status: 200, delayMs: 900 }));
    const clock = new VirtualClock({ start: 0 });
    const hooks = new WebhookDispatcher(clock, () => fetch);
    hooks.registerPolicy('v', {
      maxAttempts: 2,
      retryDelayMs: () => 60_000,
      timeoutMs: 300,
      isSuccess: (status) => status >= 200 && status < 400,
    });
    hooks.enqueue({ vendor: 'v', tenant: 't', url: receiver.url, body: '{}', headers: {} });
    const settled = clock.settle();
    for (let i = 0; i < 4; i++) {
      await sleep(50);
      gc();
    }
    await settled;
    const [delivery] = hooks.list();
    expect(delivery!.state).toBe('pending');
    expect(delivery!.attempts).toHaveLength(1);
    expect(delivery!.attempts[0]!.error).toBe('timeout after 300 ms');
    expect(delivery!.attempts[0]!.durationMs).toBeLessThan(800);
  });
});
