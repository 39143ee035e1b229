/**
 * The bare baseline for esign's signed call (`/account/idexchange`): a Hono app doing only the
 * work any server of this API must do — read the body, check the project, verify the request's
 * HMAC-SHA256, parse the JSON, look the account up in a Map, answer the envelope and sign the
 * answer with a second HMAC. Used in-process (bench/inprocess.ts) and as a server
 * (`npx tsx bench/baseline-esign.ts PORT`, bench/http-ratios.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

export const BENCH_PROJECT = '1111563657';
export const BENCH_SECRET = 'cf65f987315b12a21b983ca320196d7d';
export const ESIGN_BASE = '/opentreaty/rest/v3.0';

const hmac = (text: string) => createHmac('sha256', BENCH_SECRET).update(text).digest('hex');

/** The signed request headers for `body` (package mode). */
export function esignSignedHeaders(body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'X-timevale-project-id': BENCH_PROJECT,
    'X-timevale-mode': 'package',
    'X-timevale-signature-algorithm': 'hmac-sha256',
    'X-timevale-signature': hmac(body),
  };
}

/** The bare app; `accounts` maps thirdId → accountId. */
export function bareEsignApp(accounts: Map<string, string>): Hono {
  const app = new Hono();
  app.post(`${ESIGN_BASE}/account/idexchange`, async (c) => {
    const text = await c.req.text();
    if (c.req.header('x-timevale-project-id') !== BENCH_PROJECT) return c.json({ errCode: 1, msg: 'x' });
    const given = Buffer.from(c.req.header('x-timevale-signature') ?? '');
    const want = Buffer.from(hmac(text));
    if (given.length !== want.length || !timingSafeEqual(given, want))
      return c.json({ errCode: 1000104, msg: '签名校验失败' });
    const body = JSON.parse(text) as { thirdId?: string };
    const accountId = accounts.get(body.thirdId ?? '');
    const out = JSON.stringify(
      accountId ? { errCode: 0, msg: '成功', data: { accountId } } : { errCode: 1, msg: 'x' },
    );
    return c.body(out, 200, {
      'content-type': 'application/json;charset=UTF-8',
      'X-timevale-project-id': BENCH_PROJECT,
      'X-timevale-mode': 'package',
      'X-timevale-signature-algorithm': 'hmac-sha256',
      'X-timevale-signature': hmac(out),
    });
  });
  return app;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { serve } = await import('@hono/node-server');
  const port = Number(process.argv[2]);
  const app = bareEsignApp(new Map([['bench-third', 'bench-account']]));
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}
