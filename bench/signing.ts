/**
 * Median time for esign to sign a PDF (10 pages unless told) with two keyword seals: one flow per
 * run with two silent signers (autoSign 1), each sealed at its own keyword on the last page,
 * measured from /sign/start to the flow reaching flowStatus 2: the keyword search, both seals drawn
 * and each one a PAdES signature (RSA-2048 CAdES with a signature time stamp). In-process, through
 * the typed client.
 */
import { createHash } from 'node:crypto';
import { createEsignClient, uploadFile } from '../clients/esign/index.ts';
import { createSimulator } from '../index.ts';
import { createFaker } from '../simulators/core/fake.ts';
import { createTextPdf } from '../simulators/core/pdf/index.ts';

export async function measureSigning(
  runs = 15,
  pageCount = 10,
): Promise<{ runs: number; pages: number; medianMs: number; minMs: number; maxMs: number; cpuMs: number }> {
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
  // a new contract each run (its number on page 1), so no run reuses what the last one read
  const contract = (n: number) =>
    createTextPdf(
      Array.from({ length: pageCount }, (_, i) => ({
        lines:
          i === pageCount - 1
            ? [`第${i + 1}页`, '甲方签字：', '', '', '', '乙方签字：']
            : [
                i === 0 ? `合同编号 BENCH-${n}` : `第${i + 1}页`,
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
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const pdf = await contract(i);
    const md5 = createHash('md5').update(pdf).digest('base64');
    const { fileKey, uploadUrl } = await esign.call('/file/uploadurl', {
      fileName: 'contract.pdf',
      fileSize: pdf.length,
      contentType: 'application/pdf',
      contentMd5: md5,
    });
    await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf', fetch: (r) => sim.fetch(r) });
    const { docId } = await esign.call('/doc/createbyfilekey', { fileKey });
    const pos = (accountId: string, key: string) => ({
      accountId,
      autoSign: 1 as const,
      docPosList: [{ docId, signType: 1 as const, posBeanList: [{ key, posX: 60 }] }],
    });
    const c0 = process.cpuUsage(); // the process's, PDF workers included: less at the mercy of the load
    const t0 = performance.now();
    const { flowId } = await esign.call('/sign/start', {
      businessScene: 'bench',
      docList: [{ docId }],
      recipientList: { signerList: [pos(a, '甲方签字'), pos(b, '乙方签字')] },
    });
    await sim.clock.settle();
    const detail = await esign.call('/sign/docdetail', { flowId });
    const t1 = performance.now();
    const used = process.cpuUsage(c0);
    if (detail.flowStatus !== 2) throw new Error(`flow ${flowId} ended in status ${detail.flowStatus}`);
    if (i >= 2) {
      times.push(t1 - t0); // after two warm-up runs (font loading, JIT)
      cpu.push((used.user + used.system) / 1000);
    }
  }
  sim.close();
  times.sort((x, y) => x - y);
  cpu.sort((x, y) => x - y);
  return {
    runs,
    pages: pageCount,
    medianMs: times[Math.floor(times.length / 2)]!,
    minMs: times[0]!,
    maxMs: times.at(-1)!,
    cpuMs: cpu[Math.floor(cpu.length / 2)]!,
  };
}
