/**
 * PAdES signing cost (issue 10, issue 17 goal 4): a PDF with two keyword seals, in-process.
 *
 * - `pdfSigningSection` (bench/run.ts): esign's whole signing path (bench/signing.ts: /sign/start
 *   with two silent signers at two keywords → flowStatus 2, each seal a PAdES signature with RSA-2048
 *   CAdES and a signature time stamp) at 10, 50 and 100 pages, medians, and the cost per page.
 * - Alone (`npx tsx bench/pdf-sign.ts`, about 30 s): the toolkit's parts for 10 pages: prepared in the
 *   PDF worker pool (incremental update, seals as widget appearances) and signed on this thread
 *   (core/pki), next to stampPdf with the same seals; then the section's rows.
 */
import { fileURLToPath } from 'node:url';
import {
  createTextPdf,
  prepareSignature,
  signPrepared,
  stampPdf,
  warmUp,
  type Stamp,
} from '../simulators/core/pdf/index.ts';
import { createDetachedSignature, createVendorPki } from '../simulators/core/pki/index.ts';
import { loadAverage, type BenchSection } from './section.ts';
import { measureSigning } from './signing.ts';

/** Pages and runs of each size (the 100-page document takes the longest). */
const SIZES = [
  { pages: 10, runs: 9 },
  { pages: 50, runs: 5 },
  { pages: 100, runs: 5 },
];

export const pdfSigningSection: BenchSection = { name: 'signing with PAdES', run: () => signingRows() };

/** The section's row: each size's median and the cost of a further page. */
export async function signingRows(): Promise<string[]> {
  const results = [];
  for (const { pages, runs } of SIZES) results.push(await measureSigning(runs, pages));
  const load = loadAverage();
  const [first, last] = [results[0]!, results.at(-1)!];
  const perPage = (last.cpuMs - first.cpuMs) / (last.pages - first.pages);
  return [
    `| esign signing with PAdES: /sign/start → signed, two keyword seals, each a RSA-2048 CAdES ` +
      `signature with a time stamp (in-process), medians (wall; CPU of the process, PDF workers ` +
      `included); load average ${load} | ` +
      results
        .map(
          (r) =>
            `${r.pages} pages: ${r.medianMs.toFixed(0)} ms (of ${r.runs}, min ${r.minMs.toFixed(0)}; ` +
            `CPU ${r.cpuMs.toFixed(0)} ms)`,
        )
        .join('; ') +
      `; about ${perPage.toFixed(1)} ms of CPU per further page | 10 pages < 100 ms, linear in pages |`,
  ];
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

async function parts() {
  const pages = Array.from({ length: 10 }, (_, i) => ({
    lines: [
      `第 ${i + 1} 页`,
      ...Array.from({ length: 30 }, (_, j) => `条款 ${i + 1}.${j + 1} 双方同意本合同内容。`),
    ],
  }));
  pages[9]!.lines.push('甲方（盖章）：', '乙方（签字）：');
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
      createDetachedSignature({
        content,
        signer,
        signingTime: now,
        subFilter: 'ETSI.CAdES.detached',
        timestamp: pki.tsa,
      }),
    );
  };
  for (let i = 0; i < 5; i++) await sign(); // warm: fonts, pdfjs, JIT
  const runs = 30;
  const signed = await median(runs, sign);
  const prepare = await median(runs, () => prepareSignature(pdf, { appearance: stamps, signingTime: now }));
  const stamp = await median(runs, () => stampPdf(pdf, stamps));
  console.log(
    `10-page PDF (${pdf.length} bytes), two keyword seals, ${runs} runs, medians (load ${loadAverage()}):\n` +
      `  prepareSignature + 2 RSA CAdES signatures with time stamps: ${signed.toFixed(1)} ms\n` +
      `  prepareSignature alone (worker):                          ${prepare.toFixed(1)} ms\n` +
      `  stampPdf with the same seals (worker):                    ${stamp.toFixed(1)} ms`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await parts();
  console.log((await signingRows()).join('\n'));
  process.exit(0);
}
