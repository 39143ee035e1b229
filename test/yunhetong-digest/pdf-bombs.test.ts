/**
 * Hostile PDFs (test/helpers/pdf-bombs.ts) on every yunhetong-digest route that reads a PDF:
 * /sign/filePath, /sign/fileStream (keyword and coordinates), /tsa/pathSign and /tsa/streamSign
 * answer 20101 合同文件读取失败 within 3 s, write nothing, and an ordinary signing sent meanwhile is
 * answered within its usual time. decision: yunhetong-digest.pdf-bounds
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunhetongApiError, type YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { BOMBS, manyHits, whileRefusing } from '../helpers/pdf-bombs.ts';
import { COMPANY, yht, type YhtHandle } from './helpers.ts';
import { withinBound } from '../helpers/timing.ts';

const CASES: Record<string, () => Uint8Array> = {
  ...BOMBS,
  '5,000 hits of the keyword': () => manyHits('bomb', 5000),
};

let h: YhtHandle;
let c: YunhetongDigestClient;
let sandbox: string;
let company: string;
let seal: string;

beforeAll(async () => {
  sandbox = join(mkdtempSync(join(tmpdir(), 'yht-bombs-')), 'sandbox');
  mkdirSync(join(sandbox, 'c'), { recursive: true });
  h = yht({ vendorOptions: { sandboxDir: sandbox } });
  c = h.client();
  await c.login();
  company = String((await c.call('/user/company', COMPANY)).signerId);
  seal = String(
    (await c.call('/moulage/company', { signerId: company, textContent: '合同专用章' })).moulageId,
  );
  writeFileSync(
    join(sandbox, 'c/ok.pdf'),
    await createTextPdf([{ lines: ['借款合同', '甲方盖章处：bomb'] }]),
  );
  await ordinary(); // the PDF workers are up
});

afterAll(() => rmSync(dirname(sandbox), { recursive: true, force: true }));

const ordinary = () =>
  c.call('/sign/filePath', {
    signerId: company,
    moulageId: seal,
    contractPath: '/c/ok.pdf',
    contractSavePath: '/c/ok-signed.pdf',
    signPositionType: '0',
    positionContent: '甲方盖章处',
  });

const codeOf = (e: unknown) => (e instanceof YunhetongApiError ? e.code : String(e));

describe('yunhetong-digest refuses PDF bombs', () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(`${name}: 20101 on every PDF route within 3 s, an ordinary signing answered meanwhile`, async () => {
      const pdf = make();
      writeFileSync(join(sandbox, 'c/bomb.pdf'), pdf);
      const sign = { signerId: company, moulageId: seal, contractSavePath: '/c/out.pdf' };
      const routes: Record<string, () => Promise<unknown>> = {
        'filePath keyword': () =>
          c.call('/sign/filePath', {
            ...sign,
            contractPath: '/c/bomb.pdf',
            signPositionType: '0',
            positionContent: 'bomb',
          }),
        'filePath coordinates': () =>
          c.call('/sign/filePath', {
            ...sign,
            contractPath: '/c/bomb.pdf',
            signPositionType: '1',
            positionContent: '1,100,100',
          }),
        'fileStream keyword': () =>
          c.signFileStream({
            ...sign,
            contractPath: { bytes: pdf, filename: 'b.pdf', contentType: 'application/pdf' },
            contractTitle: '炸弹',
            signPositionType: '0',
            positionContent: 'bomb',
          }),
        'tsa pathSign': () => c.call('/tsa/pathSign', { filePath: '/c/bomb.pdf', fileSavePath: '/c/t.pdf' }),
        'tsa streamSign': () =>
          c.tsaStreamSign({
            filePath: { bytes: pdf, filename: 'b.pdf', contentType: 'application/pdf' },
            title: '炸弹',
            fileSavePath: '/c/t.pdf',
          }),
      };
      for (const [route, send] of Object.entries(routes)) {
        // coordinates never search the keyword: 5,000 hits are no bomb there
        if (name.includes('hits') && !route.includes('keyword')) continue;
        const r = await whileRefusing(send, ordinary);
        expect(codeOf(r.error), route).toBe(20101);
        expect(r.bombMs, route).toBeLessThan(withinBound(3000));
        expect(r.slowestOrdinaryMs, route).toBeLessThan(2000);
      }
      expect(existsSync(join(sandbox, 'c/out.pdf'))).toBe(false);
      expect(existsSync(join(sandbox, 'c/t.pdf'))).toBe(false);
    });
  }
});
