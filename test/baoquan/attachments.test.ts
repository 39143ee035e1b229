/** Attachments: checksums, signing with CA seals at keywords, and the download zip. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../clients/baoquan/index.ts';
import { findKeyword } from '../../simulators/core/pdf/index.ts';
import { readZip } from '../../simulators/core/zip.ts';
import { isRed, pdfBoxToPixels, renderPdfPage, type DecodedPng, type PixelBox } from '../helpers/png.ts';
import {
  attest,
  call,
  control,
  expectError,
  IDENTITIES,
  raw,
  setup,
  solidPng,
  textPdf,
  uid,
  USER,
} from './helpers.ts';

const run = promisify(execFile);
const ZHANG = 'F98F99A554E944B6996882E8A68C60B2';
const LI = '0A68783469E04CAC95ADEAE995A92E65';
const PRODUCT_TEMPLATE = '5Yhus2mVSMnQRXobRJCYgt';

async function contractPdf(): Promise<Uint8Array> {
  return textPdf([
    [
      '借款合同',
      '第一条 借款金额：人民币壹万元整。',
      '',
      '',
      '甲方（签章）',
      '',
      '',
      '',
      '',
      '',
      '甲方法人（签章）',
    ],
    ['第二条 还款方式：到期一次还本付息。', '', '', '乙方（签章）'],
  ]);
}

const isBlue = (r: number, g: number, b: number) => b > 150 && r < 100 && g < 100;

function countPixels(
  png: DecodedPng,
  test: (r: number, g: number, b: number) => boolean,
  box: PixelBox,
): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(png.height, Math.ceil(box.y + box.height)); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(png.width, Math.ceil(box.x + box.width)); x++) {
      const o = (y * png.width + x) * 4;
      if (test(png.rgba[o]!, png.rgba[o + 1]!, png.rgba[o + 2]!)) n++;
    }
  }
  return n;
}

/** Red (or `test`) pixels in a box around a keyword hit on the rendered page. */
async function pixelsAt(
  pdf: Uint8Array,
  hit: { page: number; x: number; y: number; width: number; height: number },
  test = isRed,
): Promise<number> {
  const png = await renderPdfPage(pdf, hit.page, 72);
  const box = pdfBoxToPixels(
    { x: hit.x - 10, y: hit.y - 20, width: hit.width + 20, height: hit.height + 40 },
    841.89,
  );
  return countPixels(png, test, box);
}

const userFactoid = () => ({ unique_id: uid(), type: 'user', data: USER });

describe('baoquan attachments', () => {
  it('stores attachments per factoid index, checks checksums (any case), and lists their ids in /attestation', async () => {
    const ctx = setup();
    const a = new TextEncoder().encode('附件一');
    const b = solidPng(8, 8);
    const { no } = await call(
      ctx.client,
      '/attestations',
      {
        unique_id: uid(),
        template_id: PRODUCT_TEMPLATE,
        identities: IDENTITIES,
        factoids: [{ type: 'product', data: { name: '浙金网' } }, userFactoid()],
        attachments: { '1': [sha256Hex(a).toUpperCase(), sha256Hex(b)] },
      },
      {
        attachments: {
          1: [
            { bytes: a, filename: '说明.txt' },
            { bytes: b, filename: 'seal.png' },
          ],
        },
      },
    );
    const got = await call(ctx.client, '/attestation', { ano: no, fields: ['attachments'] });
    expect(Object.keys(got.attachments!)).toEqual(['1']);
    expect(got.attachments!['1']).toHaveLength(2);
    for (const id of got.attachments!['1']!) expect(id).toMatch(/^[0-9A-Za-z]{22}$/);
  });

  it('refuses mismatched checksums and counts (CHECKSUM_MISMATCH) and indexes without a factoid (ATTACHMENT_FACTOID_INDEX), storing nothing', async () => {
    const ctx = setup();
    const file = { bytes: new TextEncoder().encode('x'), filename: 'x.txt' };
    const base = {
      unique_id: uid(),
      template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
      identities: IDENTITIES,
      factoids: [userFactoid()],
    };
    await expectError(
      call(
        ctx.client,
        '/attestations',
        { ...base, attachments: { '0': ['00'.repeat(32)] } },
        { attachments: { 0: [file] } },
      ),
      'CHECKSUM_MISMATCH',
      { index: 0 },
    );
    await expectError(
      call(
        ctx.client,
        '/attestations',
        { ...base, attachments: { '0': [sha256Hex(file.bytes), sha256Hex('y')] } },
        { attachments: { 0: [file] } },
      ),
      'CHECKSUM_MISMATCH',
      { index: 0 },
    );
    await expectError(
      call(ctx.client, '/attestations', { ...base, attachments: {} }, { attachments: { 0: [file] } }),
      'CHECKSUM_MISMATCH',
      { index: 0 },
    );
    await expectError(
      call(ctx.client, '/attestations', base, { attachments: { 3: [file] } }),
      'ATTACHMENT_FACTOID_INDEX',
      { index: 3 },
    );
    await expectError(
      call(ctx.client, '/attestations', { ...base, attachments: { '1': [sha256Hex(file.bytes)] } }),
      'ATTACHMENT_FACTOID_INDEX',
      { index: '1' },
    );
    expect(
      (await control(ctx, 'GET', `/__sim/baoquan/tenants/${ctx.client.accessKey}`)).body.counts,
    ).toMatchObject({ attestations: 5, attachments: 2 });
  });

  it("signs a PDF with each CA holder's seal at its keywords (rendered), keeping the original's checksum in the record", async () => {
    const ctx = setup();
    const pdf = await contractPdf();
    const { no } = await call(
      ctx.client,
      '/attestations',
      {
        unique_id: uid(),
        template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
        identities: IDENTITIES,
        factoids: [userFactoid()],
      },
      {
        attachments: {
          0: [
            {
              bytes: pdf,
              filename: 'contract.pdf',
              sign: { [ZHANG]: ['甲方（签章）', '甲方法人（签章）'], [LI]: ['乙方（签章）'] },
            },
          ],
        },
      },
    );
    const view = await control<{ attachments: Array<{ checksum: string; url: string; signedBy: unknown }> }>(
      ctx,
      'GET',
      `/__sim/baoquan/attestations/${no}`,
    );
    const att = view.body.attachments[0]!;
    expect(att.checksum).toBe(sha256Hex(pdf));
    expect(att.signedBy).toEqual([
      { caId: ZHANG, keywords: ['甲方（签章）', '甲方法人（签章）'] },
      { caId: LI, keywords: ['乙方（签章）'] },
    ]);
    const signed = new Uint8Array(await (await ctx.sim.fetch(new Request(att.url))).arrayBuffer());
    expect(sha256Hex(signed)).not.toBe(sha256Hex(pdf));
    for (const kw of ['甲方（签章）', '甲方法人（签章）', '乙方（签章）']) {
      const [hit] = await findKeyword(pdf, kw);
      expect(await pixelsAt(pdf, hit!)).toBe(0);
      expect(await pixelsAt(signed, hit!)).toBeGreaterThan(150);
    }
  });

  it('stamps an enterprise CA with its uploaded seal image', async () => {
    const ctx = setup();
    const seal = solidPng(60, 60, [0, 0, 255, 255]);
    const { no: caId } = await call(
      ctx.client,
      '/cas',
      {
        type: 'ENTERPRISE',
        name: 'xxx有限公司',
        ic_code: '91330105311263043J',
        link_name: '张三',
        link_id_card: '330184198501184115',
        link_phone: '13378784545',
        link_email: '123@qq.com',
      },
      { seal: { bytes: seal, filename: 'seal.png' } },
    );
    const pdf = await contractPdf();
    const { no } = await call(
      ctx.client,
      '/attestations',
      {
        unique_id: uid(),
        template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
        identities: IDENTITIES,
        factoids: [userFactoid()],
      },
      {
        attachments: { 0: [{ bytes: pdf, filename: 'contract.pdf', sign: { [caId]: ['乙方（签章）'] } }] },
      },
    );
    const zip = readZip((await ctx.client.download(no)).bytes);
    const signed = zip.find((e) => e.name === 'contract.pdf')!.data;
    const [hit] = await findKeyword(pdf, '乙方（签章）');
    expect(await pixelsAt(signed, hit!, isBlue)).toBeGreaterThan(500);
  });

  it('refuses signing that cannot be done: not a PDF, an unknown or foreign caId, a keyword absent or not unique', async () => {
    const ctx = setup();
    const pdf = await textPdf([['合同', '签章处', '签章处', '甲方（签章）']]);
    const base = {
      unique_id: uid(),
      template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
      identities: IDENTITIES,
      factoids: [userFactoid()],
    };
    const signWith = (sign: Record<string, string[]>, bytes: Uint8Array = pdf, filename = 'c.pdf') =>
      call(
        ctx.client,
        '/attestations',
        { ...base, unique_id: uid() },
        { attachments: { 0: [{ bytes, filename, sign }] } },
      );
    const e = await expectError(
      signWith({ [ZHANG]: ['甲方（签章）'] }, solidPng(), 'c.png'),
      'SIGN_ATTACHMENT_NOT_PDF',
    );
    expect(e.message).toBe('只有pdf附件才能进行电子签名');
    await expectError(signWith({ ['0'.repeat(32)]: ['甲方（签章）'] }), 'CA_NOT_FOUND', {
      caId: '0'.repeat(32),
    });
    // A CA of another tenant is unknown here.
    const other = ctx.newTenant();
    const { no: foreign } = await call(other.client, '/cas', {
      type: 'PERSONAL',
      link_name: '王五',
      link_id_card: '330184198501184115',
      link_phone: '13378784545',
      link_email: 'w@qq.com',
    });
    await expectError(signWith({ [foreign]: ['甲方（签章）'] }), 'CA_NOT_FOUND', { caId: foreign });
    await expectError(signWith({ [ZHANG]: ['丙方（签章）'] }), 'SIGN_KEYWORD_NOT_FOUND', {
      keyword: '丙方（签章）',
    });
    const e2 = await expectError(signWith({ [ZHANG]: ['签章处'] }), 'SIGN_KEYWORD_NOT_UNIQUE', {
      keyword: '签章处',
    });
    expect(e2.message).toBe('签章关键字不唯一: 签章处');
    await expectError(
      signWith({ [ZHANG]: ['甲方（签章）'], [LI]: ['甲方（签章）'] }),
      'SIGN_KEYWORD_NOT_UNIQUE',
      { keyword: '甲方（签章）' },
    );
    expect((await control(ctx, 'GET', '/__sim/baoquan/attestations')).body.attestations).toHaveLength(5);
  });

  it('/factoids attachments land under the attestation-wide factoid index', async () => {
    const ctx = setup();
    const { no } = await call(ctx.client, '/attestations', {
      unique_id: uid(),
      template_id: PRODUCT_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'product', data: {} }],
      completed: false,
    });
    const bytes = new TextEncoder().encode('用户附件');
    await call(
      ctx.client,
      '/factoids',
      { ano: no, factoids: [userFactoid()] },
      { attachments: { 0: [{ bytes, filename: 'u.txt' }] } },
    );
    const got = await call(ctx.client, '/attestation', { ano: no });
    expect(Object.keys(got.attachments!)).toEqual(['1']);
  });

  it('/attestation/download answers the zip with Content-Disposition: attachment; filename="<ano>.zip": certificate plus every attachment, signed PDFs as signed', async () => {
    const ctx = setup();
    const pdf = await contractPdf();
    const png = solidPng(4, 4);
    const no = await attest(
      ctx.client,
      {},
      {
        attachments: {
          0: [
            { bytes: pdf, filename: 'contract.pdf', sign: { [ZHANG]: ['甲方（签章）'] } },
            { bytes: png, filename: 'seal.png' },
            { bytes: png, filename: 'dir/seal.png' },
          ],
        },
      },
    );
    const res = await raw(ctx, ctx.client, '/attestation/download', { ano: no });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${no}.zip"`);
    expect(res.headers.get('content-type')).toBe('application/zip');
    // The SDKs' regex reads the name.
    expect(/^.*filename="(.*)".*$/.exec(res.headers.get('content-disposition')!)![1]).toBe(`${no}.zip`);
    const zip = new Uint8Array(await res.arrayBuffer());
    const dir = await mkdtemp(join(tmpdir(), 'bq-zip-'));
    try {
      await writeFile(join(dir, 'a.zip'), zip);
      const { stdout } = await run('unzip', ['-Z1', join(dir, 'a.zip')]);
      expect(stdout.trim().split('\n')).toEqual([`${no}.pdf`, 'contract.pdf', 'seal.png', 'seal (2).png']);
      await run('unzip', ['-q', join(dir, 'a.zip'), '-d', join(dir, 'out')]);
      const { stdout: text } = await run('pdftotext', [join(dir, 'out', `${no}.pdf`), '-']);
      for (const s of [
        '保全证书',
        no,
        '保全时间',
        '2024-01-02 10:00:00',
        '产品名称',
        '组织名称',
        'user.phone_number',
        '13234568732',
        'contract.pdf',
      ])
        expect(text).toContain(s);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const entries = readZip(zip);
    const signed = entries.find((e) => e.name === 'contract.pdf')!.data;
    expect(sha256Hex(signed)).not.toBe(sha256Hex(pdf));
    const [hit] = await findKeyword(pdf, '甲方（签章）');
    expect(await pixelsAt(signed, hit!)).toBeGreaterThan(150);
    expect(Buffer.from(entries.find((e) => e.name === 'seal.png')!.data).equals(Buffer.from(png))).toBe(true);
    // The client's download() gives the same name; an unknown ano is 保全不存在.
    expect((await ctx.client.download(no)).fileName).toBe(`${no}.zip`);
    await expectError(ctx.client.download('nope'), 'ATTESTATION_NOT_FOUND');
    // The seeded doc example downloads too, with its two (seed) attachments.
    const doc = readZip((await ctx.client.download('DB0C8DB14E3C44C7B9FBBE30EB179241')).bytes);
    expect(doc.map((e) => e.name)).toEqual([
      'DB0C8DB14E3C44C7B9FBBE30EB179241.pdf',
      '2EHJQPs5j4SZpEKQXQ7r6C.txt',
      '2F81ZJXosNjzrPJsXKywAu.txt',
    ]);
  });
});
