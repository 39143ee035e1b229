/**
 * The test PKI's costs (issue 10): a deterministic CA key, a vendor hierarchy from a cold cache,
 * a signer certificate (key from the background pool), a CMS signature with and without a time
 * stamp, and a bare time-stamp token. Medians; in-process, no HTTP.
 * Run: `npx tsx bench/pki.ts` (a few seconds).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  createDetachedSignature,
  createTimeStampToken,
  createVendorPki,
  deriveRsaKey,
  signerKeyPool,
  warmSignerKeys,
} from '../simulators/core/pki/index.ts';

const NOW = new Date();

async function median(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

async function main() {
  const stamp = Date.now();
  let n = 0;
  const key = await median(15, () => deriveRsaKey(`bench-${stamp}`, `key-${n++}`));
  const hierarchy = await median(
    5,
    () => createVendorPki({ vendor: 'esign', seed: `h-${stamp}-${n++}`, now: () => NOW }).root,
  );
  const pki = createVendorPki({ vendor: 'esign', seed: `bench-${stamp}`, now: () => NOW });
  warmSignerKeys();
  const deadline = Date.now() + 20_000;
  while (signerKeyPool().ready < signerKeyPool().size && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // Three issuances from the full pool of four; then a key of its own for the signatures.
  const issue = await median(3, () =>
    pki.issueSigner({ kind: 'org', name: '某某有限公司', uscc: '91332406MA27XMXJ27' }),
  );
  const signer = await pki.issueSigner({ kind: 'person', name: '张三', idNumber: '33018419850118411X' });
  const content = randomBytes(200_000); // a signed PDF's byte ranges
  const digest = createHash('sha256').update(content).digest();
  const sign = (subFilter: 'adbe.pkcs7.detached' | 'ETSI.CAdES.detached', ts: boolean) => () =>
    createDetachedSignature({
      digest,
      signer,
      signingTime: NOW,
      subFilter,
      ...(ts ? { timestamp: pki.tsa } : {}),
    });
  const rows: [string, number][] = [
    ['deterministic RSA-2048 CA key (sieve + checkPrimeSync)', key],
    ['vendor hierarchy, cold (3 keys, 3 certificates)', hierarchy],
    ['signer certificate, key from the pool', issue],
    ['CMS adbe.pkcs7.detached (chain of 3)', await median(50, sign('adbe.pkcs7.detached', false))],
    ['CMS ETSI.CAdES.detached (chain of 3)', await median(50, sign('ETSI.CAdES.detached', false))],
    ['CMS ETSI.CAdES.detached + signature time stamp', await median(50, sign('ETSI.CAdES.detached', true))],
    [
      'RFC 3161 token',
      await median(50, () => createTimeStampToken({ messageImprint: digest, tsa: pki.tsa, genTime: NOW })),
    ],
  ];
  console.log('| operation | median |\n| --- | --- |');
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(ms < 1 ? 2 : 1)} ms |`);
}

await main();
