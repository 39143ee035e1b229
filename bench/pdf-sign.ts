/**
 * PAdES signing cost (issue 10): a 10-page PDF with two keyword seals, prepared in the PDF worker
 * pool (incremental update, seals as widget appearances) and signed with RSA-2048 on this thread
 * (core/pki, CAdES), next to stampPdf with the same seals. Medians; in-process, no HTTP.
 * Run: `npx tsx bench/pdf-sign.ts` (about 10 s).
 */
import {
  createTextPdf,
  prepareSignature,
  signPrepared,
  stampPdf,
  warmUp,
  type Stamp,
} from '../simulators/core/pdf/index.ts';
import { createDetachedSignature, createVendorPki } from '../simulators/core/pki/index.ts';

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
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
  const pages = Array.from({ length: 10 }, (_, i) => ({
    lines: [
      `第 ${i + 1} 页`,
      ...Array.from({ length: 30 }, (_, j) => `条款 ${i + 1}.${j + 1} 双方同意本合同内容。`),
    ],
  }));
  pages[9].lines.push('甲方（盖章）：', '乙方（签字）：');
  const pdf = await createTextPdf(pages);
  const stamps: Stamp[] = [
    {
      seal: { kind: 'company', name: '杭州天谷信息科技有限公司' },
      placement: { kind: 'keyword', keyword: '甲方（盖章）' },
    },
    { seal: { kind: 'personal', name: '张三' }, placement: { kind: 'keyword', keyword: '乙方（签字）' } },
  ];
  const now = new Date();
  const pki = createVendorPki({ vendor: 'esign', seed: 'bench', now: () => now });
  const signer = await pki.issueSigner({ kind: 'person', name: '张三' });
  await warmUp();
  const sign = async () => {
    const prepared = await prepareSignature(pdf, { appearance: stamps, signingTime: now });
    return signPrepared(prepared, (content) =>
      createDetachedSignature({ content, signer, signingTime: now, subFilter: 'ETSI.CAdES.detached' }),
    );
  };
  for (let i = 0; i < 5; i++) await sign(); // warm: fonts, pdfjs, JIT
  const runs = 30;
  const signed = await median(runs, sign);
  const prepare = await median(runs, () => prepareSignature(pdf, { appearance: stamps, signingTime: now }));
  const stamp = await median(runs, () => stampPdf(pdf, stamps));
  console.log(
    `10-page PDF (${pdf.length} bytes), two keyword seals, ${runs} runs, medians:\n` +
      `  prepareSignature + 2 RSA CAdES signatures embedded: ${signed.toFixed(1)} ms\n` +
      `  prepareSignature alone (worker):                    ${prepare.toFixed(1)} ms\n` +
      `  stampPdf with the same seals (worker):              ${stamp.toFixed(1)} ms`,
  );
  process.exit(0);
}

await main();
