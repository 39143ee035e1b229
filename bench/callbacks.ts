/**
 * One slow callback receiver against everyone else (issue 9 item 4), over real HTTP: tenant A's
 * receiver takes 1.5 s to answer each of 20 esign callbacks; then tenant B raises one callback.
 * Measures how long B's callback takes to arrive, how long `POST /__sim/clock/advance` takes to
 * answer meanwhile, and how long `POST /__sim/clock/settle` waits for A's callbacks.
 * Run: `npx tsx bench/callbacks.ts` (about 10 s).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControlClient } from '../clients/control/index.ts';
import { createEsignClient, uploadFile } from '../clients/esign/index.ts';
import { createSimulator } from '../index.ts';
import { createFaker } from '../simulators/core/fake.ts';
import { createTextPdf } from '../simulators/core/pdf/index.ts';

const SLOW_MS = 1_500;
const SLOW_COUNT = 20;

async function receiver(delayMs: number) {
  const arrivals: number[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(performance.now());
      setTimeout(() => res.end('ok'), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return { url, arrivals, close };
}

export async function measureCallbacks(): Promise<{
  otherTenantMs: number;
  advanceMs: number;
  settleMs: number;
  slowCount: number;
  slowMs: number;
}> {
  const sim = createSimulator({
    vendors: ['esign'],
    basePort: 24_000 + Math.floor(Math.random() * 500) * 10,
  });
  const running = await sim.listen();
  const control = createControlClient({ baseUrl: running.urls.control! });
  const slow = await receiver(SLOW_MS);
  const fast = await receiver(0);
  const pdf = await createTextPdf([{ lines: ['回调基准', '甲方：'] }]);
  const faker = createFaker(9);
  const tenant = async (callbackUrl: string) => {
    const { credentials } = await control.createTenant('esign', { callbackUrl });
    const esign = createEsignClient({
      baseUrl: running.urls.esign!,
      projectId: credentials.projectId!,
      secret: credentials.projectSecret!,
    });
    const { fileKey, uploadUrl } = await esign.call('/file/uploadurl', {
      fileName: 'a.pdf',
      fileSize: pdf.length,
      contentType: 'application/pdf',
      contentMd5: createHash('md5').update(pdf).digest('base64'),
    });
    await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf' });
    const { docId } = await esign.call('/doc/createbyfilekey', { fileKey });
    const p = faker.person();
    const { accountId } = await esign.call('/account/create/person/private', {
      name: p.name,
      idNo: p.idNo,
      idType: 19,
    });
    // a draft flow, revoked: one SIGN_FLOW_FINISH callback
    return async () => {
      const { flowId } = await esign.call('/sign/start', {
        businessScene: 'bench',
        autoInitiate: 0,
        docList: [{ docId }],
        recipientList: { signerList: [{ accountId }] },
      });
      await esign.call('/sign/revoke', { flowId });
    };
  };
  try {
    const a = await tenant(slow.url);
    const b = await tenant(fast.url);
    for (let i = 0; i < SLOW_COUNT; i++) await a();
    const t0 = performance.now();
    await b();
    while (fast.arrivals.length === 0) await new Promise((r) => setTimeout(r, 1));
    const otherTenantMs = fast.arrivals[0]! - t0;
    const t1 = performance.now();
    await control.advance(60_000);
    const advanceMs = performance.now() - t1;
    const t2 = performance.now();
    await control.settle();
    const settleMs = performance.now() - t2;
    if (slow.arrivals.length !== SLOW_COUNT) throw new Error(`slow receiver got ${slow.arrivals.length}`);
    return { otherTenantMs, advanceMs, settleMs, slowCount: SLOW_COUNT, slowMs: SLOW_MS };
  } finally {
    await Promise.all([slow.close(), fast.close()]);
    await running.close();
    sim.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureCallbacks();
  const ms = (x: number) => `${Math.round(x)} ms`;
  console.log(`${r.slowCount} callbacks to a receiver answering in ${r.slowMs} ms, then another tenant's:`);
  console.log(`  the other tenant's callback arrived after ${ms(r.otherTenantMs)}`);
  console.log(`  POST /__sim/clock/advance answered in ${ms(r.advanceMs)}`);
  console.log(`  POST /__sim/clock/settle waited ${ms(r.settleMs)} for the slow receiver`);
}
