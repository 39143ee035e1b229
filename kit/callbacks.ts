/**
 * `checkCallbackReceiver`: does the app's callback receiver answer what the vendor needs to stop
 * retrying? It runs a real flow in an in-process simulator whose tenant's callback URL is the
 * receiver, so the callbacks are the vendor's own (bodies, headers, esign's HMAC signature from
 * simulators/esign/callbacks.ts), and judges each first attempt by the vendor's own delivery policy.
 */
import { createHash } from 'node:crypto';
import { createSimulator, type SealSim } from '../index.ts';
import type { WebhookDelivery } from '../simulators/core/webhooks.ts';
import { controlCall, esignFlow, FLOW_T0, newTenant, wosignFlow, yunhetongSdkFlow } from './flows.ts';
import type { CheckResult } from './validate.ts';

export type CallbackVendor = 'esign' | 'yunhetong-sdk' | 'wosign';

/** The receiver: its URL (a real HTTP server), or an in-process handler (no port needed). */
export type CallbackReceiver = string | URL | ((request: Request) => Response | Promise<Response>);

export interface CallbackCheckOptions {
  /** Virtual start time of the flow (epoch ms); default 2024-01-02 10:00 Beijing time. */
  now?: number;
}

export interface CallbackAttempt {
  /** The vendor's event: SIGN_FLOW_UPDATE, SIGN_FLOW_FINISH, noticeType1, noticeType2, PushSignedDoc. */
  event: string;
  /** What was sent. */
  request: { url: string; headers: Record<string, string>; body: string };
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Its answer's body (the first 2,000 characters). */
  responseBody?: string;
  /** Why the vendor does not count it as received (a timeout, a refused connection, the answer). */
  error?: string;
  durationMs: number;
  /** Whether the vendor counts the answer as received (and so stops retrying). */
  received: boolean;
  /** Whether it should be: false for a deliberately broken callback (a WoSign push with a wrong hash). */
  shouldBeReceived: boolean;
}

export interface CallbackCheckResult extends CheckResult {
  attempts: CallbackAttempt[];
}

/** What each vendor needs to stop retrying (the simulators' delivery policies). */
export const CALLBACK_REQUIREMENTS: Readonly<Record<CallbackVendor, string>> = {
  esign: 'HTTP 200–399 within 2 s (else e签宝 sends it again every 30 minutes, 6 attempts in all)',
  'yunhetong-sdk':
    'HTTP 2xx with a JSON body whose "response" is true, within 5 s ' +
    "(else 云合同 retries on the app's schedule)",
  wosign:
    "HTTP 2xx with a body of exactly 1, within 10 s (else WoSign pushes again on the tenant's schedule)",
};

const EVENTS: Record<CallbackVendor, string[]> = {
  esign: ['SIGN_FLOW_UPDATE', 'SIGN_FLOW_FINISH'],
  'yunhetong-sdk': ['noticeType1', 'noticeType2'],
  wosign: ['PushSignedDoc'],
};

/** Where an in-process handler's callbacks are addressed (never resolved: the handler answers). */
const HANDLER_URL = 'http://receiver.sealsim.invalid/callback';

/** An in-process handler as a fetch that honours the request's timeout signal. */
function handlerFetch(handler: (request: Request) => Response | Promise<Response>) {
  return (req: Request): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const abort = () => reject(req.signal.reason);
      if (req.signal.aborted) return abort();
      req.signal.addEventListener('abort', abort, { once: true });
      Promise.resolve()
        .then(() => handler(req))
        .then(resolve, reject)
        .finally(() => req.signal.removeEventListener('abort', abort));
    });
}

async function drive(vendor: CallbackVendor, sim: SealSim, url: string): Promise<void> {
  const inner = (r: Request) => sim.fetch(r);
  if (vendor === 'esign') {
    // The default project (the doc's example credentials), so a receiver verifying the signature
    // with the secret the app is configured with passes.
    const creds = sim.vendor('esign').defaultCredentials() as { projectId: string; projectSecret: string };
    await controlCall(sim, 'PATCH', `/__sim/esign/tenants/${creds.projectId}`, { callbackUrl: url });
    await esignFlow(sim, inner, creds);
  } else if (vendor === 'yunhetong-sdk') {
    const app = await newTenant(sim, 'yunhetong-sdk', { noticeUrl: url });
    await yunhetongSdkFlow(sim, inner, { appId: app.appId!, password: app.password! });
  } else {
    const t = await newTenant(sim, 'wosign', { notifyUrl: url });
    await wosignFlow(sim, inner, { tokenid: t.tokenid!, certificatePem: t.certificatePem! });
  }
}

function attemptOf(d: WebhookDelivery): CallbackAttempt {
  const a = d.attempts[0]!;
  return {
    event: d.event ?? '(none)',
    request: { url: d.url, headers: d.headers, body: d.body },
    ...(a.status !== undefined ? { status: a.status } : {}),
    ...(a.responseBody !== undefined ? { responseBody: a.responseBody } : {}),
    ...(a.error !== undefined ? { error: a.error } : {}),
    durationMs: a.durationMs,
    received: a.error === undefined,
    shouldBeReceived: true,
  };
}

/** Sends the push again with a wrong `hash`: a receiver that checks it must not answer `1`. */
async function wrongHashAttempt(
  sim: SealSim,
  send: (req: Request) => Promise<Response>,
  d: WebhookDelivery,
): Promise<CallbackAttempt> {
  const policy = sim.webhooks.policy('wosign');
  const body = JSON.parse(d.body) as { extendData: { hash: string } };
  body.extendData.hash = createHash('sha256').update('not the pushed file').digest('hex');
  const text = JSON.stringify(body);
  const started = performance.now();
  const attempt: CallbackAttempt = {
    event: 'PushSignedDoc (wrong hash)',
    request: { url: d.url, headers: d.headers, body: text },
    durationMs: 0,
    received: false,
    shouldBeReceived: false,
  };
  // Held until the attempt ends, as in simulators/core/webhooks.ts: a Request nobody holds can be
  // collected mid-flight and its timeout then never fires.
  const request = new Request(d.url, {
    method: 'POST',
    headers: d.headers,
    body: text,
    redirect: 'manual',
    signal: AbortSignal.timeout(policy.timeoutMs),
  });
  try {
    const res = await send(request);
    const answer = await res.text();
    attempt.status = res.status;
    attempt.responseBody = answer.slice(0, 2000);
    attempt.received = policy.isSuccess(res.status, answer);
  } catch (err) {
    attempt.error = request.signal.aborted
      ? `timeout after ${policy.timeoutMs} ms`
      : err instanceof Error
        ? err.message
        : String(err);
  }
  attempt.durationMs = Math.round(performance.now() - started);
  return attempt;
}

/**
 * Sends `vendor`'s real callbacks to the receiver and reports whether it answers what the vendor
 * needs (CALLBACK_REQUIREMENTS): esign SIGN_FLOW_UPDATE and SIGN_FLOW_FINISH (signed with the
 * default project's secret, `cf65f987315b12a21b983ca320196d7d`), yunhetong-sdk notices
 * (noticeType 1 and 2), WoSign PushSignedDoc (plus one
 * with a wrong hash, which must NOT be answered `1`). Each callback is sent once; retries are not
 * waited for.
 */
export async function checkCallbackReceiver(
  vendor: CallbackVendor,
  receiver: CallbackReceiver,
  options: CallbackCheckOptions = {},
): Promise<CallbackCheckResult> {
  if (!(vendor in EVENTS)) throw new Error(`no callbacks to check for vendor ${String(vendor)}`);
  const handler = typeof receiver === 'function' ? receiver : undefined;
  const url = handler ? HANDLER_URL : String(receiver);
  const send = handler ? handlerFetch(handler) : (req: Request) => globalThis.fetch(req);
  const sim = createSimulator({ vendors: [vendor], now: options.now ?? FLOW_T0, fetch: send });
  const problems: string[] = [];
  const attempts: CallbackAttempt[] = [];
  try {
    await drive(vendor, sim, url);
    await sim.clock.settle();
    const deliveries = sim.webhooks.list({ vendor }).filter((d) => d.attempts.length > 0);
    for (const d of deliveries) attempts.push(attemptOf(d));
    const push = deliveries.find((d) => d.event === 'PushSignedDoc');
    if (vendor === 'wosign' && push) attempts.push(await wrongHashAttempt(sim, send, push));
  } finally {
    sim.close();
  }
  for (const event of EVENTS[vendor])
    if (!attempts.some((a) => a.event === event)) problems.push(`${event}: the simulator sent none`);
  for (const a of attempts) {
    if (a.received === a.shouldBeReceived) continue;
    const answer =
      a.status !== undefined
        ? `HTTP ${a.status} ${JSON.stringify((a.responseBody ?? '').slice(0, 100))}`
        : (a.error ?? 'no answer');
    problems.push(
      a.shouldBeReceived
        ? `${a.event}: answered ${answer} in ${a.durationMs} ms; ` +
            `${vendor} needs ${CALLBACK_REQUIREMENTS[vendor]}`
        : `${a.event}: answered ${answer}, accepting a push whose hash does not match its content`,
    );
  }
  return { ok: problems.length === 0, problems, attempts };
}
