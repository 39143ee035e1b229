/**
 * Electronic signatures on an attestation's PDF attachment (doc /attestations 附件: `sign` maps a
 * caId from /cas to keywords; 只有pdf附件才能进行电子签名; 关键字要保证唯一).
 *
 * A tenant made through the control API (its own organization_name and product_name) applies
 * for a PERSONAL CA and an ENTERPRISE CA whose seal is a PNG generated here (a red ring with a
 * BLUE centre, so its stamp can be told from any seal the simulator draws). An attestation's
 * three-page PDF names both caIds with keywords on two pages. The downloaded zip holds the signed
 * PDF: rendered with pdftoppm, there is seal-red at every keyword box (found with findKeyword on
 * the original), the enterprise keyword carries the blue-centred image, and there is no red
 * anywhere else. The zip also holds the rendered attestation (保全文件) whose text carries the
 * attestation_no, product_name, organization_name and the factoid values. A keyword that is
 * absent or appears twice, or a caId of another tenant, is refused with the catalogue message
 * and stores nothing (not even the unique_id).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BaoquanApiError, sha256Hex, type BaoquanClient } from '../../clients/baoquan/index.ts';
import { findKeyword, pageSizes } from '../../simulators/core/pdf/index.ts';
import { readZip } from '../../simulators/core/zip.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  countRedPixels,
  pdfBoxToPixels,
  renderPdfPage,
  renderPdfPagePng,
  type DecodedPng,
  type PixelBox,
} from '../helpers/png.ts';
import {
  createTemplate,
  ENTERPRISE_CA,
  IDENTITIES,
  inProcessBq,
  newTenant,
  PERSONAL_CA,
  sealPng,
  tenantView,
  textPdf,
  uid,
  ZHANG_CA,
  type BqHandle,
  type Tenant,
} from './helpers.ts';

const A4H = 841.89;
const OUTPUT_DIR = new URL('../.output/', import.meta.url).pathname;
const ORG = '杭州测试网络科技有限公司';
const PRODUCT = '借贷保全专版';
const KW_A = '甲方（签章）';
const KW_A2 = '甲方法人（签章）';
const KW_B = '乙方（盖章）';
/** Seal sizes the simulator stamps at (pt): personal 80 × 80; an image 100 wide (ours is square). */
const HALF = { personal: 40, image: 50 };

let h: BqHandle;
let t: Tenant;
let c: BaoquanClient;
let template: string;
let personalCa: string;
let enterpriseCa: string;
let pdf: Uint8Array;

const blue = (r: number, g: number, b: number) => b > 150 && r < 90 && g < 90;
function count(png: DecodedPng, test: (r: number, g: number, b: number) => boolean, box: PixelBox): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(png.height, Math.ceil(box.y + box.height)); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(png.width, Math.ceil(box.x + box.width)); x++) {
      const o = (y * png.width + x) * 4;
      if (test(png.rgba[o]!, png.rgba[o + 1]!, png.rgba[o + 2]!)) n++;
    }
  }
  return n;
}

/** The pixel box of a square of half-size `half` pt around the keyword's centre. */
async function around(
  doc: Uint8Array,
  keyword: string,
  half: number,
): Promise<{ page: number; box: PixelBox }> {
  const hits = await findKeyword(doc, keyword);
  expect(hits, keyword).toHaveLength(1);
  const hit = hits[0]!;
  const cx = hit.x + hit.width / 2;
  const cy = hit.y + hit.height / 2;
  return {
    page: hit.page,
    box: pdfBoxToPixels({ x: cx - half, y: cy - half, width: 2 * half, height: 2 * half }, A4H),
  };
}

const loan = { borrower: '王小明', amount: 50000, signedOn: '2024-01-02' };
const payload = (unique_id = uid()) => ({
  unique_id,
  template_id: template,
  identities: IDENTITIES,
  factoids: [{ unique_id: uid(), type: 'loan', data: loan }],
});

beforeAll(async () => {
  h = inProcessBq();
  t = await newTenant(h, { organizationName: ORG, productName: PRODUCT });
  c = t.client;
  template = await createTemplate(h, t.accessKey, '借款合同保全', [
    {
      type: 'loan',
      label: '借款',
      required: true,
      fields: [
        { name: 'borrower', type: 'string', required: true, label: '借款人' },
        { name: 'amount', type: 'int', required: true, label: '借款金额' },
        { name: 'signedOn', type: 'date', label: '签订日期' },
      ],
    },
  ]);
  ({ no: personalCa } = await c.call('cas', PERSONAL_CA));
  ({ no: enterpriseCa } = await c.call('cas', ENTERPRISE_CA, {
    seal: { bytes: sealPng(200), filename: 'company-seal.png' },
  }));
  const blank = (n: number) => Array<string>(n).fill('');
  pdf = await textPdf([
    [
      '借款合同',
      '第一条 借款金额：人民币伍万元整。',
      '',
      KW_A,
      ...blank(16),
      KW_B,
      '',
      '第二条 还款方式：到期一次还本付息。',
    ],
    ['补充条款', '', '', '', KW_A2],
    ['附件：还款计划', '2024-02-02 归还本息'],
  ]);
});

describe('baoquan signed attachment', () => {
  it('stamps a PERSONAL and an ENTERPRISE seal (the uploaded PNG) at each keyword, nothing elsewhere; the zip holds the signed PDF and the rendered attestation', async () => {
    const views = await h.control.api.GET('/__sim/baoquan/cas', {
      params: { query: { accessKey: t.accessKey } },
    });
    expect(views.data!.cas.map((x) => [x.caId, x.type])).toEqual([
      [personalCa, 'PERSONAL'],
      [enterpriseCa, 'ENTERPRISE'],
    ]);
    const { no } = await c.call('attestations', payload(), {
      attachments: {
        0: [
          {
            bytes: pdf,
            filename: '借款合同.pdf',
            sign: { [personalCa]: [KW_A, KW_A2], [enterpriseCa]: [KW_B] },
          },
        ],
      },
    });
    const dl = await c.download(no);
    expect(dl.fileName).toBe(`${no}.zip`);
    const entries = readZip(dl.bytes);
    expect(entries.map((e) => e.name)).toEqual([`${no}.pdf`, '借款合同.pdf']);
    const signed = entries.find((e) => e.name === '借款合同.pdf')!.data;
    expect(sha256Hex(signed)).not.toBe(sha256Hex(pdf));
    expect((await pageSizes(signed)).length).toBe(3);
    // The record keeps the original's checksum and who signed where.
    const view = await h.control.api.GET('/__sim/baoquan/attestations/{ano}', {
      params: { path: { ano: no }, query: { accessKey: t.accessKey } },
    });
    expect(view.data!.attachments).toEqual([
      expect.objectContaining({
        checksum: sha256Hex(pdf),
        signedBy: [
          { caId: personalCa, keywords: [KW_A, KW_A2] },
          { caId: enterpriseCa, keywords: [KW_B] },
        ],
      }),
    ]);

    const seals = [
      { kw: KW_A, ...(await around(pdf, KW_A, HALF.personal)), image: false },
      { kw: KW_A2, ...(await around(pdf, KW_A2, HALF.personal)), image: false },
      { kw: KW_B, ...(await around(pdf, KW_B, HALF.image)), image: true },
    ];
    expect(seals.map((s) => s.page)).toEqual([1, 2, 1]);
    const pages = await Promise.all([1, 2, 3].map((p) => renderPdfPage(signed, p)));
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(join(OUTPUT_DIR, 'baoquan-signed-attachment-p1.png'), await renderPdfPagePng(signed, 1));
    const before = await Promise.all([1, 2, 3].map((p) => renderPdfPage(pdf, p)));
    for (const png of before) expect(countRedPixels(png)).toBe(0);
    for (const s of seals) {
      const png = pages[s.page - 1]!;
      const centre = {
        x: s.box.x + s.box.width / 4,
        y: s.box.y + s.box.height / 4,
        width: s.box.width / 2,
        height: s.box.height / 2,
      };
      expect(countRedPixels(png, s.box), `red at ${s.kw}`).toBeGreaterThan(400);
      if (s.image) expect(count(png, blue, centre), `our seal image at ${s.kw}`).toBeGreaterThan(400);
      else expect(count(png, blue, s.box), `no image seal at ${s.kw}`).toBe(0);
    }
    // No red outside the seal boxes (a few points of margin for anti-aliasing); none at all on page 3.
    for (const [i, png] of pages.entries()) {
      const boxes = seals
        .filter((s) => s.page === i + 1)
        .map((s) => ({ x: s.box.x - 4, y: s.box.y - 4, width: s.box.width + 8, height: s.box.height + 8 }));
      const inside = boxes.reduce((n, b) => n + countRedPixels(png, b), 0);
      expect(countRedPixels(png) - inside, `red outside the seals on page ${i + 1}`).toBe(0);
    }
    expect(countRedPixels(pages[2]!)).toBe(0);
    // The signed PDF still carries its text.
    for (const kw of [KW_A, KW_A2, KW_B, '附件：还款计划'])
      expect(await findKeyword(signed, kw), kw).toHaveLength(1);

    // The rendered attestation: common fields filled by baoquan, then the factoid values.
    const cert = entries.find((e) => e.name === `${no}.pdf`)!.data;
    for (const text of [no, PRODUCT, ORG, '王小明', '50000', '2024-01-02', '借款合同.pdf', '已电子签章']) {
      expect((await findKeyword(cert, text)).length, `certificate text ${text}`).toBeGreaterThanOrEqual(1);
    }
    expect(await findKeyword(cert, '示例保全产品')).toHaveLength(0); // not the default tenant's product_name
  });

  it('refuses a keyword that is absent, one that appears twice, and a caId of another tenant — with the catalogue messages, storing nothing', async () => {
    const other = await newTenant(h);
    const { no: foreignCa } = await other.client.call('cas', { ...PERSONAL_CA, link_name: '赵六' });
    const twice = await textPdf([['合同', '签章处', '正文', '签章处', KW_A]]);
    const before = (await tenantView(h, t.accessKey)).counts;
    const unique = uid();
    const attempt = (bytes: Uint8Array, sign: Record<string, string[]>) =>
      c
        .call('attestations', payload(unique), { attachments: { 0: [{ bytes, filename: 'c.pdf', sign }] } })
        .then(
          () => 'succeeded',
          (e: unknown) => (e instanceof BaoquanApiError ? `${e.status} ${e.message}` : String(e)),
        );
    expect({
      absent: await attempt(pdf, { [personalCa]: ['丙方（签章）'] }),
      absentSecond: await attempt(pdf, { [personalCa]: [KW_A, '丙方（签章）'] }),
      twice: await attempt(twice, { [personalCa]: ['签章处'] }),
      twiceAcrossCas: await attempt(pdf, { [personalCa]: [KW_A], [enterpriseCa]: [KW_A] }),
      foreign: await attempt(pdf, { [foreignCa]: [KW_A] }),
      seededOfDefaultTenant: await attempt(pdf, { [ZHANG_CA]: [KW_A] }),
      foreignAfterGood: await attempt(pdf, { [personalCa]: [KW_A], [foreignCa]: [KW_B] }),
    }).toEqual({
      absent: '400 签章关键字不存在: 丙方（签章）',
      absentSecond: '400 签章关键字不存在: 丙方（签章）',
      twice: '400 签章关键字不唯一: 签章处',
      twiceAcrossCas: `400 签章关键字不唯一: ${KW_A}`,
      foreign: `400 ca证书不存在: ${foreignCa}`,
      seededOfDefaultTenant: `400 ca证书不存在: ${ZHANG_CA}`,
      foreignAfterGood: `400 ca证书不存在: ${foreignCa}`,
    });
    expect((await tenantView(h, t.accessKey)).counts).toEqual(before);
    expect((await tenantView(h, other.accessKey)).counts).toMatchObject({
      attestations: 0,
      attachments: 0,
      cas: 1,
    });

    // The same on /factoids: the open attestation keeps its factoids and attachments.
    const { no: openNo } = await c.call('attestations', { ...payload(), completed: false });
    const opened = await c.call('attestation', { ano: openNo });
    const add = await c
      .call(
        'factoids',
        { ano: openNo, factoids: [{ type: 'loan', data: loan }], completed: false },
        { attachments: { 0: [{ bytes: pdf, filename: 'c.pdf', sign: { [personalCa]: ['丙方（签章）'] } }] } },
      )
      .catch((e: BaoquanApiError) => `${e.status} ${e.message}`);
    expect(add).toBe('400 签章关键字不存在: 丙方（签章）');
    expect(await c.call('attestation', { ano: openNo })).toEqual(opened);

    // The unique_id of the refused attempts was not taken: a correct retry creates the attestation.
    const mid = (await tenantView(h, t.accessKey)).counts;
    const { no } = await c.call('attestations', payload(unique), {
      attachments: { 0: [{ bytes: pdf, filename: 'c.pdf', sign: { [personalCa]: [KW_A] } }] },
    });
    expect(no).not.toBe(openNo);
    expect((await tenantView(h, t.accessKey)).counts).toMatchObject({
      attestations: mid.attestations + 1,
      attachments: mid.attachments + 1,
    });
  });
});
