/**
 * esign silent signing while PDF bombs are being refused: the signing of bench/signing.ts (a 10-page
 * PDF, two keyword seals, /sign/start to flowStatus 2), run back to back for a few seconds alone,
 * then as long again while a second loop keeps sending bombs (a two-layer Flate bomb to
 * /doc/createbyfilekey, a keyword with 5,000 hits to /sign/start). In-process, same run; the
 * figure is the ratio of the two. `npx tsx bench/pdf-bombs.ts` runs it alone.
 */
import { createHash } from 'node:crypto';
import { createEsignClient, EsignApiError, uploadFile } from '../clients/esign/index.ts';
import { createSimulator } from '../index.ts';
import { createFaker } from '../simulators/core/fake.ts';
import { createTextPdf, pdfPoolStats } from '../simulators/core/pdf/index.ts';
import { doubleFlateBomb, manyHits } from '../test/helpers/pdf-bombs.ts';

export interface BombBench {
  seconds: number;
  alone: { flows: number; perSecond: number; p50Ms: number; p99Ms: number };
  bombed: { flows: number; perSecond: number; p50Ms: number; p99Ms: number };
  refused: number;
  slowestRefusalMs: number;
  ratio: number;
}

export async function measureSigningUnderBombs(seconds = 5): Promise<BombBench> {
  const sim = createSimulator({ vendors: ['esign'] });
  const { projectId, projectSecret } = sim.vendor('esign').defaultCredentials() as {
    projectId: string;
    projectSecret: string;
  };
  const esign = createEsignClient({
    baseUrl: sim.origin('esign') + '/opentreaty/rest/v3.0',
    projectId,
    secret: projectSecret,
    fetch: (r) => sim.fetch(r),
  });
  const upload = async (bytes: Uint8Array) => {
    const { fileKey, uploadUrl } = await esign.call('/file/uploadurl', {
      fileName: 'b.pdf',
      fileSize: bytes.length,
      contentType: 'application/pdf',
      contentMd5: createHash('md5').update(bytes).digest('base64'),
    });
    await uploadFile(uploadUrl, bytes, { contentType: 'application/pdf', fetch: (r) => sim.fetch(r) });
    return fileKey;
  };
  const pdf = await createTextPdf(
    Array.from({ length: 10 }, (_, i) => ({
      lines:
        i === 9
          ? ['第十页', '甲方签字：', '', '', '', '乙方签字：']
          : [
              `第${i + 1}页`,
              ...Array.from({ length: 30 }, (_, j) => `第${j + 1}条 合同条款内容，双方确认。`),
            ],
    })),
  );
  const faker = createFaker(7);
  const person = async () => {
    const p = faker.person();
    return (await esign.call('/account/create/person/private', { name: p.name, idNo: p.idNo, idType: 19 }))
      .accountId;
  };
  const a = await person();
  const b = await person();
  const start = (docId: string, keys: [string, string]) =>
    esign.call('/sign/start', {
      businessScene: 'bench',
      docList: [{ docId }],
      recipientList: {
        signerList: [a, b].map((accountId, i) => ({
          accountId,
          autoSign: 1 as const,
          docPosList: [{ docId, signType: 1 as const, posBeanList: [{ key: keys[i]!, posX: 60 }] }],
        })),
      },
    });
  const signOnce = async (): Promise<number> => {
    const { docId } = await esign.call('/doc/createbyfilekey', { fileKey: await upload(pdf) });
    const t0 = performance.now();
    const { flowId } = await start(docId, ['甲方签字', '乙方签字']);
    await sim.clock.settle();
    const detail = await esign.call('/sign/docdetail', { flowId });
    if (detail.flowStatus !== 2) throw new Error(`flow ${flowId} ended in status ${detail.flowStatus}`);
    return performance.now() - t0;
  };
  const signFor = async (ms: number) => {
    const times: number[] = [];
    const until = performance.now() + ms;
    while (performance.now() < until) times.push(await signOnce());
    times.sort((x, y) => x - y);
    return {
      flows: times.length,
      perSecond: times.length / (ms / 1000),
      p50Ms: times[Math.floor(times.length / 2)]!,
      p99Ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!,
    };
  };

  // warm-up: both PDF workers started (two flows at once), fonts, JIT
  for (let i = 0; i < 2; i++) await Promise.all([signOnce(), signOnce()]);
  const alone = await signFor(seconds * 1000);

  const bombKey = await upload(doubleFlateBomb());
  const hits = await esign.call('/doc/createbyfilekey', { fileKey: await upload(manyHits('SIGN', 5000)) });
  let stop = false;
  let refused = 0;
  let slowestRefusalMs = 0;
  const refuse = async (send: () => Promise<unknown>) => {
    const t = performance.now();
    const answer = await send().then(
      () => 'accepted',
      (e: unknown) => (e instanceof EsignApiError ? e.errCode : String(e)),
    );
    if (answer === 'accepted') throw new Error('a bomb was accepted');
    slowestRefusalMs = Math.max(slowestRefusalMs, performance.now() - t);
    refused++;
  };
  const bombing = (async () => {
    while (!stop) {
      await refuse(() => esign.call('/doc/createbyfilekey', { fileKey: bombKey }));
      await refuse(() => start(hits.docId, ['SIGN', 'SIGN']));
    }
  })();
  const bombed = await signFor(seconds * 1000);
  stop = true;
  await bombing;
  sim.close();
  return { seconds, alone, bombed, refused, slowestRefusalMs, ratio: bombed.perSecond / alone.perSecond };
}

/** The table row of bench/run.ts. */
export function bombRow(r: BombBench): string {
  const f = (x: BombBench['alone']) =>
    `${x.perSecond.toFixed(1)} flows/s (p50 ${x.p50Ms.toFixed(0)} ms, p99 ${x.p99Ms.toFixed(0)} ms)`;
  return (
    `| esign silent signing (10 pages, two keyword seals) while PDF bombs are refused, ` +
    `${r.seconds} s each, in-process | ${f(r.bombed)} with ${r.refused} bombs refused (slowest ` +
    `${r.slowestRefusalMs.toFixed(0)} ms); alone ${f(r.alone)}; ratio ${(r.ratio * 100).toFixed(0)} % | — |`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureSigningUnderBombs(Number(process.env.BENCH_SECONDS ?? 5));
  console.log(JSON.stringify({ ...r, pool: pdfPoolStats() }, null, 2));
  console.log(bombRow(r));
}
