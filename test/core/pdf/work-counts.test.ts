/**
 * Work counted, not timed (issue 17): a signing request extracts its document's text once however
 * many keywords it places, and a seal image or a font is parsed once across signings. The pool has
 * one worker here, so its counters are all the work done.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsignClient, uploadFile } from '../../../clients/esign/index.ts';
import { createSimulator } from '../../../index.ts';
import { createFaker } from '../../../simulators/core/fake.ts';
import {
  createTextPdf,
  findKeyword,
  prepareSignature,
  stampPdf,
  type Stamp,
} from '../../../simulators/core/pdf/index.ts';
import { configurePdfPool, pdfPoolStats, pdfWorkerCounters } from '../../../simulators/core/pdf/pool.ts';
import { pageFrames } from '../../../simulators/core/pdf/index.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

async function counted(fn: () => Promise<unknown>) {
  const before = await pdfWorkerCounters();
  await fn();
  const after = await pdfWorkerCounters();
  return {
    text: after.textExtractions - before.textExtractions,
    images: after.sealImagesDecoded - before.sealImagesDecoded,
    fonts: after.fontsParsed - before.fontsParsed,
  };
}

const contract = (tag: string) =>
  createTextPdf(
    Array.from({ length: 3 }, (_, i) => ({
      lines: [
        `${tag} 第${i + 1}页`,
        '条款内容，双方确认。',
        ...(i === 2 ? ['甲方：', '乙方：', '丙方：'] : []),
      ],
    })),
  );

const at = (keyword: string, name: string): Stamp => ({
  seal: { kind: 'personal', name },
  placement: { kind: 'keyword', keyword },
});

describe('work per signing', () => {
  beforeAll(() => configurePdfPool({ size: 1 }));
  afterAll(() => configurePdfPool());

  it('a signing with three keyword seals extracts the text once', async () => {
    const pdf = await contract('A');
    const appearance = [at('甲方', '张三'), at('乙方', '李四'), at('丙方', '王五')];
    const signing = await counted(() => prepareSignature(pdf, { appearance }));
    expect(signing.text).toBe(1);
    const other = await contract('B');
    const stamping = await counted(() => stampPdf(other, appearance));
    expect(stamping.text).toBe(1);
  });

  it('a keyword search, then a signing at it on the same document: one extraction', async () => {
    const pdf = await contract('C');
    const both = await counted(async () => {
      expect(await findKeyword(pdf, '乙方')).toHaveLength(1);
      await prepareSignature(new Uint8Array(pdf), { appearance: [at('乙方', '李四')] });
    });
    expect(both.text).toBe(1);
  });

  it('page frames of a document read again come without a job, each caller its own copy', async () => {
    const pdf = await contract('G');
    const before = pdfPoolStats().started;
    const first = await pageFrames(pdf);
    first[0]!.width = -1; // the caller's copy
    const again = await pageFrames(new Uint8Array(pdf));
    expect(pdfPoolStats().started - before).toBe(1);
    expect(again[0]!.width).toBeGreaterThan(0);
    expect(again).toHaveLength(3);
  });

  it('a seal image and the fonts are parsed once across two signings', async () => {
    const sign = async (tag: string) =>
      prepareSignature(await contract(tag), {
        appearance: [
          {
            seal: { kind: 'image', png: new Uint8Array(PNG) },
            placement: { kind: 'keyword', keyword: '甲方' },
          },
          {
            seal: { kind: 'company', name: '杭州天谷信息科技有限公司' },
            placement: { kind: 'keyword', keyword: '乙方' },
          },
        ],
      });
    const first = await counted(() => sign('D'));
    const second = await counted(() => sign('E'));
    expect(first.images).toBe(1);
    expect(second.images).toBe(0);
    expect(second.fonts).toBe(0);
  });

  it('esign: /sign/start with two signers at two keywords extracts the text once, signing none', async () => {
    const sim = createSimulator({ vendors: ['esign'] });
    try {
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
      const faker = createFaker(3);
      const person = async () => {
        const p = faker.person();
        const r = await esign.call('/account/create/person/private', {
          name: p.name,
          idNo: p.idNo,
          idType: 19,
        });
        return r.accountId;
      };
      const [a, b] = [await person(), await person()];
      const pdf = await contract('F');
      const { fileKey, uploadUrl } = await esign.call('/file/uploadurl', {
        fileName: 'c.pdf',
        fileSize: pdf.length,
        contentType: 'application/pdf',
        contentMd5: createHash('md5').update(pdf).digest('base64'),
      });
      await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf', fetch: (r) => sim.fetch(r) });
      const { docId } = await esign.call('/doc/createbyfilekey', { fileKey });
      const pos = (accountId: string, key: string) => ({
        accountId,
        autoSign: 1 as const,
        docPosList: [{ docId, signType: 1 as const, posBeanList: [{ key }] }],
      });
      const work = await counted(async () => {
        const { flowId } = await esign.call('/sign/start', {
          businessScene: 'count',
          docList: [{ docId }],
          recipientList: { signerList: [pos(a, '甲方'), pos(b, '乙方')] },
        });
        await sim.clock.settle();
        expect((await esign.call('/sign/docdetail', { flowId })).flowStatus).toBe(2);
      });
      expect(work.text).toBe(1);
    } finally {
      sim.close();
    }
  });
});
