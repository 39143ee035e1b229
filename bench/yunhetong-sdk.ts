/**
 * yunhetong-sdk figures against a spawned sealsim (bench/run.ts's, or one of its own when run
 * alone: `npx tsx bench/yunhetong-sdk.ts`):
 *   - token/getToken (urlencoded appId + password + appUserId, a new token each) and
 *     token/checkToken (GET ?token=), each loaded over 32 keep-alive connections, next to a bare
 *     Hono server in its own process doing the same unavoidable work (parse the form or query, look
 *     the app, user or token up in a Map, make a token from random bytes, answer the JSON envelope):
 *     what the pipeline, the state scope and the vendor's checks cost on top;
 *   - one signing over HTTP through the typed client: fileContract (a 10-page PDF) → addPartner
 *     (keyWord) → signContract by the platform user, median of `runs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createYunhetongSdkClient } from '../clients/yunhetong-sdk/index.ts';
import { YUNHETONG_SDK_DEFAULT_APP as APP } from '../contracts/yunhetong-sdk/control.ts';
import { createTextPdf } from '../simulators/core/pdf/index.ts';
import { load, type LoadResult } from './loopback.ts';

const FORM = 'application/x-www-form-urlencoded; charset=UTF-8';

export interface YunhetongSdkBenchResult {
  getToken: LoadResult;
  getTokenBaseline: LoadResult;
  checkToken: LoadResult;
  checkTokenBaseline: LoadResult;
  signing: { runs: number; medianMs: number; minMs: number; maxMs: number };
}

/** The bare Hono server: the work any server of these two APIs must do, and nothing else. */
function baselineServer(port: number): void {
  const users = new Set(['bench-user']);
  const tokens = new Map<string, number>();
  let n = 0;
  const envelope = (value: unknown) => ({ subCode: 200, message: 'true', value, code: 200 });
  const app = new Hono().basePath('/sdk');
  app.post('/token/getToken', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (form.get('appId') !== APP.appId || form.get('password') !== APP.password)
      return c.json({ subCode: 10805, message: 'appId或者密码错误，请重新登录！', value: null, code: 520 });
    if (!users.has(form.get('appUserId') ?? ''))
      return c.json({ subCode: 10004, message: '用户不存在', value: null, code: 520 });
    const token = `TGT-${++n}-${randomBytes(36).toString('base64url')}-cas01.example.org`;
    tokens.set(token, Date.now() + 30 * 60_000);
    if (tokens.size > 100_000) tokens.clear();
    return c.json(envelope({ token }));
  });
  app.get('/token/checkToken', (c) => {
    const until = tokens.get(c.req.query('token') ?? '');
    return until !== undefined && until > Date.now()
      ? c.json({ subCode: 0, message: '校验成功', value: null, code: 200 })
      : c.json({ subCode: 0, message: 'token错误', value: null, code: 400 });
  });
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}

async function waitFor200(url: string, init?: RequestInit): Promise<void> {
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(url, init)).status === 200) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`${url} never answered 200`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const self = fileURLToPath(import.meta.url);

/** The baseline in a process of its own (as sealsim is), so the load generator does not share it. */
async function startBaseline(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--baseline', String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor200(`http://127.0.0.1:${port}/sdk/token/checkToken?token=x`);
  return child;
}

async function loadTokens(base: string, seconds: number, appUserId: string) {
  const body = new URLSearchParams({ appId: APP.appId, password: APP.password, appUserId }).toString();
  const getToken = await load({
    url: `${base}/token/getToken`,
    headers: { 'content-type': FORM, 'content-length': String(Buffer.byteLength(body)) },
    body,
    concurrency: 32,
    seconds,
    check: (status, text) => status === 200 && text.startsWith('{"subCode":200'),
  });
  const got = (await (
    await fetch(`${base}/token/getToken`, { method: 'POST', headers: { 'content-type': FORM }, body })
  ).json()) as { value: { token: string } };
  const checkToken = await load({
    url: `${base}/token/checkToken?token=${encodeURIComponent(got.value.token)}`,
    method: 'GET',
    headers: {},
    body: '',
    concurrency: 32,
    seconds,
    check: (status, text) => status === 200 && text.includes('"code":200'),
  });
  return { getToken, checkToken };
}

/** `baseUrl`: sealsim's yunhetong-sdk API (`http://127.0.0.1:<port>/sdk`); `baselinePort`: a free port. */
export async function yunhetongSdkBench(
  baseUrl: string,
  baselinePort: number,
  seconds: number,
  runs = 15,
): Promise<YunhetongSdkBenchResult> {
  const c = createYunhetongSdkClient({ baseUrl, ...APP });
  const suffix = String(Date.now()).slice(-6);
  await c.addUser({
    appUserId: 'bench-platform',
    cellNum: `139${suffix}01`,
    userType: 4,
    userName: '杭州基准测试平台有限公司',
    certifyType: 6,
    certifyNumber: '91330106MA2B000000',
  });
  await c.addUser({
    appUserId: 'bench-user',
    cellNum: `139${suffix}02`,
    userType: 1,
    userName: '张三',
    certifyType: 2,
    certifyNumber: `E${suffix}`,
    createSignature: 1,
  });
  const sim = await loadTokens(baseUrl, seconds, 'bench-user');
  const baseline = await startBaseline(baselinePort);
  let bare: Awaited<ReturnType<typeof loadTokens>>;
  try {
    bare = await loadTokens(`http://127.0.0.1:${baselinePort}/sdk`, seconds, 'bench-user');
  } finally {
    baseline.kill();
  }

  const pages = Array.from({ length: 10 }, (_, i) => ({
    lines:
      i === 9
        ? ['第十页', '甲方签字：']
        : [`第${i + 1}页`, ...Array.from({ length: 30 }, (_, j) => `第${j + 1}条 合同条款内容，双方确认。`)],
  }));
  const pdf = await createTextPdf(pages);
  const user = c.asUser('bench-user');
  const platform = c.asUser('bench-platform');
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const { contractId } = await user.fileContract({ title: `基准合同${i}`, file: pdf });
    await user.addPartner({ contractId, partners: [{ appUserId: 'bench-user', keyWord: '甲方签字' }] });
    await platform.signContract({ contractId, signer: ['bench-user'] });
    if (i >= 2) times.push(performance.now() - t0); // the first two warm the PDF workers
  }
  times.sort((a, b) => a - b);
  return {
    getToken: sim.getToken,
    getTokenBaseline: bare.getToken,
    checkToken: sim.checkToken,
    checkTokenBaseline: bare.checkToken,
    signing: { runs, medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]!, maxMs: times.at(-1)! },
  };
}

const rate = (r: LoadResult) =>
  `${r.perSecond.toFixed(0)} req/s (p50 ${r.p50ms.toFixed(2)} ms, p99 ${r.p99ms.toFixed(2)} ms, ` +
  `${r.errors} errors of ${r.requests})`;

/** The rows bench/run.ts writes into docs/performance.md. */
export function yunhetongSdkRows(r: YunhetongSdkBenchResult, seconds: number): string[] {
  const pct = (a: LoadResult, b: LoadResult) => `${((100 * a.perSecond) / b.perSecond).toFixed(0)} %`;
  return [
    `| yunhetong-sdk token/getToken (urlencoded form, a new token each), 32 keep-alive connections, ` +
      `${seconds} s | ${rate(r.getToken)}; bare Hono doing the same work ${rate(r.getTokenBaseline)}; ` +
      `ratio ${pct(r.getToken, r.getTokenBaseline)} | — |`,
    `| yunhetong-sdk token/checkToken (GET ?token=), 32 keep-alive connections, ${seconds} s | ` +
      `${rate(r.checkToken)}; bare Hono doing the same work ${rate(r.checkTokenBaseline)}; ratio ` +
      `${pct(r.checkToken, r.checkTokenBaseline)} | — |`,
    `| yunhetong-sdk signing over HTTP through the typed client: fileContract (10-page PDF) → addPartner ` +
      `(keyWord) → signContract, median of ${r.signing.runs} | ${r.signing.medianMs.toFixed(0)} ms (min ` +
      `${r.signing.minMs.toFixed(0)}, max ${r.signing.maxMs.toFixed(0)}) | — |`,
  ];
}

// ── alone: `npx tsx bench/yunhetong-sdk.ts` (BENCH_PORT, BENCH_SECONDS) ─────────────────────

if (process.argv[1] === self) {
  const i = process.argv.indexOf('--baseline');
  if (i > 0) {
    baselineServer(Number(process.argv[i + 1]));
  } else {
    const basePort = Number(process.env.BENCH_PORT ?? 27100);
    const seconds = Number(process.env.BENCH_SECONDS ?? 10);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bin/cli.ts', 'start', '--port', String(basePort), '--clock', 'manual'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    try {
      const api = `http://127.0.0.1:${basePort + 4}/sdk`;
      await waitFor200(`http://127.0.0.1:${basePort}/__sim/health`);
      const r = await yunhetongSdkBench(api, basePort + 9, seconds);
      console.log(yunhetongSdkRows(r, seconds).join('\n'));
    } finally {
      child.kill('SIGINT');
    }
  }
}
