/**
 * `npm run bench`: starts sealsim as a child process on loopback and measures
 *   1. time from spawn to the first 200 (control health, then an esign signed call),
 *   2. signed-JSON requests per second for esign /account/idexchange,
 *   3. the median time to sign a 10-page PDF with two keyword seals (esign silent signing).
 *   4. signed requests per second for baoquan /api/v2/attestation (RSA verify + multipart),
 *   5. yunhetong-digest token-authenticated requests per second and /sign/filePath of a 10-page
 *      PDF in the sandbox over HTTP (bench/yunhetong-digest.ts).
 *   6. yunhetong-sdk getToken / checkToken requests per second next to a bare Hono server doing
 *      the same work, and one signing (fileContract → addPartner → signContract) over HTTP
 *      (bench/yunhetong-sdk.ts).
 *   7. wosign CreateSignOrder requests per second over mutual TLS with keep-alive next to a bare
 *      Hono HTTPS server doing the TLS and body decoding (bench/wosign.ts).
 * Results go to docs/performance.md (between the BENCH markers) and stdout.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBaoquanClient } from '../clients/baoquan/index.ts';
import { load } from './loopback.ts';
import { bombRow, measureSigningUnderBombs } from './pdf-bombs.ts';
import { measureSigning } from './signing.ts';
import { yunhetongDigestBench } from './yunhetong-digest.ts';
import { wosignBench, wosignRows } from './wosign.ts';
import { yunhetongSdkBench, yunhetongSdkRows } from './yunhetong-sdk.ts';

const PROJECT = '1111563657';
const SECRET = 'cf65f987315b12a21b983ca320196d7d';
const BASE_PORT = Number(process.env.BENCH_PORT ?? 47000);
const ESIGN = `http://127.0.0.1:${BASE_PORT + 2}/opentreaty/rest/v3.0`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BAOQUAN = `http://127.0.0.1:${BASE_PORT + 1}`;
const YHT = `http://127.0.0.1:${BASE_PORT + 3}`;
const YHT_SDK = `http://127.0.0.1:${BASE_PORT + 4}/sdk`;
const BAOQUAN_KEY = 'fsBswNzfECKZH9aWyh47fc';
const SEED_ANO = 'DB0C8DB14E3C44C7B9FBBE30EB179241';

/**
 * One RSA-signed multipart /api/v2/attestation request,
 * prepared once and replayed (tonce stays within ±300 s).
 */
async function baoquanAttestationLoad() {
  const client = createBaoquanClient({
    baseUrl: BAOQUAN,
    accessKey: BAOQUAN_KEY,
    privateKey: readFileSync('simulators/baoquan/keys/test_private_key.pem', 'utf8'),
  });
  const ok = await client.call('attestation', { ano: SEED_ANO, fields: null });
  if (!ok) throw new Error('baoquan /attestation probe failed');
  const prepared = client.prepare('attestation', { ano: SEED_ANO, fields: [] });
  const body = Buffer.from(await prepared.request.arrayBuffer());
  return load({
    url: `${BAOQUAN}/api/v2/attestation`,
    headers: {
      'content-type': prepared.request.headers.get('content-type')!,
      'content-length': String(body.length),
    },
    body,
    concurrency: 32,
    seconds: SECONDS,
    check: (status, text) => status === 200 && text.includes(SEED_ANO),
  });
}

function signedHeaders(body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'X-timevale-project-id': PROJECT,
    'X-timevale-mode': 'package',
    'X-timevale-signature-algorithm': 'hmac-sha256',
    'X-timevale-signature': createHmac('sha256', SECRET).update(body).digest('hex'),
  };
}

async function post(
  path: string,
  payload: unknown,
): Promise<{ errCode: number; data?: unknown; msg?: string }> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${ESIGN}${path}`, { method: 'POST', headers: signedHeaders(body), body });
  return res.json();
}

async function waitFor200(url: string, init?: RequestInit): Promise<void> {
  for (;;) {
    try {
      const r = await fetch(url, init);
      if (r.status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main(): Promise<void> {
  const sandbox = mkdtempSync(join(tmpdir(), 'sealsim-bench-yht-'));
  const t0 = performance.now();
  const args = [
    '--import',
    'tsx',
    'bin/cli.ts',
    'start',
    '--port',
    String(BASE_PORT),
    '--clock',
    'manual',
    '--yunhetong-digest-sandbox',
    sandbox,
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor200(`http://127.0.0.1:${BASE_PORT}/__sim/health`);
    const toHealth = performance.now() - t0;
    const probe = JSON.stringify({ thirdId: 'bench-probe' });
    await waitFor200(`${ESIGN}/account/idexchange`, {
      method: 'POST',
      headers: signedHeaders(probe),
      body: probe,
    });
    const toEsign = performance.now() - t0;

    const thirdId = `bench-${Date.now()}`;
    const created = await post('/account/create/person/private', {
      thirdId,
      name: '张三',
      idNo: '11010519491231002X',
      idType: 19,
      mobile: '13516134875',
    });
    if (created.errCode !== 0) throw new Error(`account create failed: ${JSON.stringify(created)}`);
    const body = JSON.stringify({ thirdId });
    const rps = await load({
      url: `${ESIGN}/account/idexchange`,
      headers: signedHeaders(body),
      body,
      concurrency: 32,
      seconds: SECONDS,
      check: (status, text) => status === 200 && text.includes('"errCode":0'),
    });

    const baoquan = await baoquanAttestationLoad();
    const signing = await measureSigning();
    const bombs = await measureSigningUnderBombs();
    const yht = await yunhetongDigestBench(YHT, sandbox, SECONDS);
    const sdk = await yunhetongSdkBench(YHT_SDK, BASE_PORT + 9, SECONDS);
    const wosign = await wosignBench(
      `https://127.0.0.1:${BASE_PORT + 5}`,
      `http://127.0.0.1:${BASE_PORT}`,
      BASE_PORT + 9,
      SECONDS,
    );

    const lines = [
      `Measured ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ` +
        `${process.version}.`,
      '',
      '| measurement | result | target |',
      '| --- | --- | --- |',
      `| spawn → first 200 (control /__sim/health) | ${toHealth.toFixed(0)} ms | < 1000 ms |`,
      `| spawn → first 200 (esign signed /account/idexchange) | ${toEsign.toFixed(0)} ms | < 1000 ms |`,
      `| esign /account/idexchange, signed JSON, 32 keep-alive connections, ${SECONDS} s | ` +
        `${rps.perSecond.toFixed(0)} req/s (p50 ${rps.p50ms.toFixed(2)} ms, p99 ${rps.p99ms.toFixed(2)} ` +
        `ms, ${rps.errors} errors of ${rps.requests}) | ≥ 5000 req/s |`,
      `| baoquan /api/v2/attestation, RSA-signed multipart, 32 keep-alive connections, ${SECONDS} s | ` +
        `${baoquan.perSecond.toFixed(0)} req/s (p50 ${baoquan.p50ms.toFixed(2)} ms, p99 ` +
        `${baoquan.p99ms.toFixed(2)} ms, ${baoquan.errors} errors of ${baoquan.requests}) | — |`,
      `| esign silent signing of a 10-page PDF with two keyword seals (/sign/start, in-process), ` +
        `median of ${signing.runs} | ${signing.medianMs.toFixed(0)} ms (min ` +
        `${signing.minMs.toFixed(0)}, max ${signing.maxMs.toFixed(0)}) | < 150 ms |`,
      bombRow(bombs),
      `| yunhetong-digest /user/signerId/certifyNums, platform token, 32 keep-alive connections, ` +
        `${SECONDS} s | ${yht.load.perSecond.toFixed(0)} req/s (p50 ${yht.load.p50ms.toFixed(2)} ms, ` +
        `p99 ${yht.load.p99ms.toFixed(2)} ms, ${yht.load.errors} errors of ${yht.load.requests}) | — |`,
      `| yunhetong-digest /sign/filePath of a 10-page PDF in the sandbox, keyword seal + digest ` +
        `caption, over HTTP, median of ${yht.signing.runs} | ${yht.signing.medianMs.toFixed(0)} ms (min ` +
        `${yht.signing.minMs.toFixed(0)}, max ${yht.signing.maxMs.toFixed(0)}) | — |`,
      ...yunhetongSdkRows(sdk, SECONDS),
      ...wosignRows(wosign, SECONDS),
    ];
    console.log(lines.join('\n'));
    const doc = 'docs/performance.md';
    const text = readFileSync(doc, 'utf8');
    const out = text.replace(
      /<!-- BENCH:START -->[\s\S]*<!-- BENCH:END -->/,
      `<!-- BENCH:START -->\n${lines.join('\n')}\n<!-- BENCH:END -->`,
    );
    writeFileSync(doc, out);
  } finally {
    child.kill('SIGINT');
    rmSync(sandbox, { recursive: true, force: true });
  }
}

await main();
