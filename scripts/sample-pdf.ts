/**
 * `npx tsx scripts/sample-pdf.ts [out.pdf]`: writes a small two-page demo contract with the
 * keywords 甲方（盖章） and 乙方（签字）, for the README walkthrough and demos.
 */
import { writeFileSync } from 'node:fs';
import { createTextPdf } from '../simulators/core/pdf/index.ts';

export async function samplePdf(): Promise<Uint8Array> {
  return createTextPdf([
    {
      lines: [
        '借款合同',
        '',
        '合同编号：SEALSIM-2026-0001',
        '出借人（甲方）：杭州天谷信息科技有限公司',
        '借款人（乙方）：张三',
        '',
        '第一条 借款金额：人民币壹万元整（¥10,000.00）。',
        '第二条 借款期限：自 2026 年 11 月 25 日起至 2027 年 11 月 24 日止。',
        '第三条 本合同经双方签署后生效。',
      ],
    },
    {
      lines: ['（以下无正文）', '', '', '甲方（盖章）：', '', '', '', '乙方（签字）：', '', '签署日期：'],
    },
  ]);
}

const out = process.argv[2] ?? 'contract.pdf';
writeFileSync(out, await samplePdf());
console.log(`wrote ${out}`);
