/**
 * §5.6.1 /sign/filePath through the typed client: a PDF in the sandbox signed with keyword and
 * coordinate positions, sealClass 0 and 1 (骑缝), moulageId -1, written to contractSavePath in the
 * sandbox with a summaryId; 20100 naming the path, traversal confined, 20202 for another user's
 * seal, 20302 once purchases run out, the platform-only token rule.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createTextPdf, findKeyword, pageCount } from '../../simulators/core/pdf/index.ts';
import { countInkPixels, countRedPixels, pdfBoxToPixels, renderPdfPage } from '../helpers/png.ts';
import { apiError, COMPANY, flattened, PERSON, yht, type YhtHandle } from './helpers.ts';

let h: YhtHandle;
let c: YunhetongDigestClient;
let sandbox: string;
let person: string;
let company: string;
let personSeal: string;
let companySeal: string;

const A4_H = 841.89;

beforeEach(async () => {
  sandbox = join(mkdtempSync(join(tmpdir(), 'yht-sign-test-')), 'sandbox');
  mkdirSync(sandbox);
  h = yht({ vendorOptions: { sandboxDir: sandbox } });
  c = h.client();
  await c.login();
  person = String((await c.call('/user/person', PERSON)).signerId);
  company = String((await c.call('/user/company', COMPANY)).signerId);
  personSeal = String((await c.call('/moulage/person', { signerId: person })).moulageId);
  companySeal = String(
    (await c.call('/moulage/company', { signerId: company, textContent: '合同专用章' })).moulageId,
  );
  mkdirSync(join(sandbox, 'yunhetong/contract'), { recursive: true });
  const pdf = await createTextPdf([
    { lines: ['借款合同', '甲方盖章处：', '乙方签字：'] },
    { lines: ['第二页', '甲方盖章处：'] },
  ]);
  writeFileSync(join(sandbox, 'yunhetong/contract/待签署合同.pdf'), pdf);
});

afterEach(() => {
  rmSync(dirname(sandbox), { recursive: true, force: true });
});

const IN = '/yunhetong/contract/待签署合同.pdf';
const OUT = '/yunhetong/contract/签署后合同.pdf';
const out = () => new Uint8Array(readFileSync(join(sandbox, OUT)));

describe('/sign/filePath', () => {
  it('uses the configured sandbox', async () => {
    expect((await h.control('GET', '/__sim/yunhetong-digest/service')).json.sandboxDir).toBe(sandbox);
  });

  it('signs at coordinates (bottom-left origin) and writes contractSavePath; the doc example spells mouflageId', async () => {
    const r = await c.call('/sign/filePath', {
      signerId: company,
      mouflageId: companySeal,
      contractPath: IN,
      contractSavePath: OUT,
      signPositionType: '1',
      positionContent: '1,100,100',
    });
    expect(r).toEqual({ summaryId: 1000 });
    const signed = out();
    expect(await pageCount(signed)).toBe(2);
    const page = await renderPdfPage(signed, 1);
    expect(
      countRedPixels(page, pdfBoxToPixels({ x: 100, y: 100, width: 120, height: 120 }, A4_H)),
    ).toBeGreaterThan(200);
    expect(countRedPixels(page, pdfBoxToPixels({ x: 350, y: 600, width: 120, height: 120 }, A4_H))).toBe(0);
    // a second signing gets the next summaryId, several coordinates at once
    const sums = (
      await h.control('GET', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/summaries`)
    ).json.summaries;
    expect(sums).toHaveLength(1);
    expect(sums[0]).toMatchObject({
      summaryId: 1000,
      signerId: Number(company),
      moulageId: Number(companySeal),
      sealClass: '0',
      contractPath: IN,
      contractSavePath: OUT,
    });
    expect(sums[0].placed).toEqual([{ page: 1, x: 100, y: 100, width: 120, height: 120 }]);
    const r2 = await c.call('/sign/filePath', {
      signerId: person,
      moulageId: personSeal,
      contractPath: OUT,
      contractSavePath: OUT,
      signPositionType: '1',
      positionContent: '1,300,300;2,300,300',
    });
    expect(r2).toEqual({ summaryId: 1001 });
    const p2 = await renderPdfPage(out(), 2);
    expect(
      countRedPixels(p2, pdfBoxToPixels({ x: 300, y: 300, width: 80, height: 80 }, A4_H)),
    ).toBeGreaterThan(50);
  });

  it('signs on every occurrence of a keyword', async () => {
    await c.call('/sign/filePath', {
      signerId: company,
      moulageId: companySeal,
      contractPath: IN,
      contractSavePath: OUT,
      signPositionType: '0',
      positionContent: '甲方盖章处',
    });
    const signed = out();
    const hits = await findKeyword(signed, '甲方盖章处');
    expect(hits.map((x) => x.page)).toEqual([1, 2]);
    for (const hit of hits) {
      const page = await renderPdfPage(signed, hit.page);
      expect(
        countRedPixels(
          page,
          pdfBoxToPixels({ x: hit.x - 20, y: hit.y - 40, width: hit.width + 40, height: 100 }, A4_H),
        ),
      ).toBeGreaterThan(100);
    }
    const e = await apiError(
      c.call('/sign/filePath', {
        signerId: company,
        moulageId: companySeal,
        contractPath: IN,
        contractSavePath: '/yunhetong/contract/x.pdf',
        signPositionType: '0',
        positionContent: '丙方',
      }),
    );
    expect(e.code).toBe(20110);
    expect(existsSync(join(sandbox, 'yunhetong/contract/x.pdf'))).toBe(false);
  });

  it('draws a 骑缝章 across the right edge of every page with sealClass 1, positions ignored', async () => {
    await c.call('/sign/filePath', {
      signerId: company,
      moulageId: companySeal,
      sealClass: '1',
      contractPath: IN,
      contractSavePath: OUT,
    });
    for (const p of [1, 2]) {
      const page = await renderPdfPage(out(), p);
      expect(
        countRedPixels(page, { x: page.width - 70, y: 0, width: 70, height: page.height }),
      ).toBeGreaterThan(50);
    }
  });

  it('adds the digest (sealClass 2) or the signing time (sealClass 3) under the seal; 0 adds nothing', async () => {
    const original = new Uint8Array(readFileSync(join(sandbox, IN)));
    // just under an 80 pt seal at (x, 100)
    const caption = (x: number) => pdfBoxToPixels({ x: x - 10, y: 80, width: 100, height: 18 }, A4_H);
    await c.call('/sign/filePath', {
      signerId: person,
      moulageId: personSeal,
      sealClass: '0',
      contractPath: IN,
      contractSavePath: OUT,
      signPositionType: '1',
      positionContent: '1,100,100',
    });
    expect(countInkPixels(await renderPdfPage(out(), 1), caption(100))).toBe(0);
    await h.sim.clock.advance(5 * 3600_000 + 1234); // the caption shows virtual time, not wall time
    await c.login();
    const shanghai = new Date(h.sim.clock.now() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    await c.call('/sign/filePath', {
      signerId: person,
      moulageId: personSeal,
      sealClass: '3',
      contractPath: IN,
      contractSavePath: OUT,
      signPositionType: '1',
      positionContent: '1,100,100',
    });
    let page = await renderPdfPage(out(), 1);
    expect(countInkPixels(page, caption(100))).toBeGreaterThan(40);
    expect(await findKeyword(flattened(out()), `签署时间 ${shanghai}`)).toHaveLength(1); // UTC+8
    await c.call('/sign/filePath', {
      signerId: person,
      moulageId: personSeal,
      sealClass: '2',
      contractPath: IN,
      contractSavePath: OUT,
      signPositionType: '1',
      positionContent: '1,300,100',
    });
    page = await renderPdfPage(out(), 1);
    expect(countInkPixels(page, caption(300))).toBeGreaterThan(40);
    expect(
      countRedPixels(page, pdfBoxToPixels({ x: 300, y: 100, width: 80, height: 80 }, A4_H)),
    ).toBeGreaterThan(50);
    // the SHA-256 of the original, as handed to this signing
    expect(
      await findKeyword(
        flattened(out()),
        `摘要 ${createHash('sha256').update(original).digest('hex').slice(0, 32)}`,
      ),
    ).toHaveLength(1);
  });

  it('checks positions for the transparent seal too, and coordinates against the page', async () => {
    const base = { signerId: person, contractPath: IN, contractSavePath: OUT };
    expect(
      await apiError(
        c.call('/sign/filePath', {
          ...base,
          moulageId: '-1',
          signPositionType: '0',
          positionContent: '丙方',
        }),
      ),
    ).toMatchObject({ code: 20110, msg: '签署失败，关键字(丙方)不存在' });
    expect(
      await apiError(
        c.call('/sign/filePath', {
          ...base,
          moulageId: '-1',
          signPositionType: '1',
          positionContent: '3,10,10',
        }),
      ),
    ).toMatchObject({ code: 20110, msg: '签署失败，页码 3 超出范围' });
    expect(
      await apiError(
        c.call('/sign/filePath', {
          ...base,
          moulageId: personSeal,
          signPositionType: '1',
          positionContent: '1,5000,5000',
        }),
      ),
    ).toMatchObject({ code: 20110, msg: '签署失败，坐标(5000,5000)超出第 1 页范围' });
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            ...base,
            moulageId: '-1',
            signPositionType: '1',
            positionContent: '1,100,900',
          }),
        )
      ).msg,
    ).toMatch(/坐标\(100,900\)/); // A4 is 841.89 high
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            ...base,
            moulageId: personSeal,
            signPositionType: '1',
            positionContent: '1,-50,-50',
          }),
        )
      ).msg,
    ).toMatch(/坐标\(-50,-50\)/);
    expect(existsSync(join(sandbox, OUT))).toBe(false);
    // the corners of the page are on it, as the doc names them for A4: (0,0) (0,842) (595,0) (595,842)
    expect(
      await c.call('/sign/filePath', {
        ...base,
        moulageId: '-1',
        signPositionType: '0',
        positionContent: '乙方签字',
      }),
    ).toEqual({ summaryId: 1000 });
    expect(
      await c.call('/sign/filePath', {
        ...base,
        moulageId: personSeal,
        signPositionType: '1',
        positionContent: '1,0,0;1,0,842;2,595,0;2,595,842',
      }),
    ).toEqual({ summaryId: 1001 });
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            ...base,
            moulageId: personSeal,
            signPositionType: '1',
            positionContent: '1,597,842',
          }),
        )
      ).code,
    ).toBe(20110);
  });

  it('signs with the transparent seal (-1) without drawing', async () => {
    expect(
      await c.call('/sign/filePath', {
        signerId: person,
        moulageId: -1,
        contractPath: IN,
        contractSavePath: OUT,
        signPositionType: '1',
        positionContent: '1,0,0',
      }),
    ).toEqual({
      summaryId: 1000,
    });
    expect(countRedPixels(await renderPdfPage(out(), 1))).toBe(0);
  });

  it('answers 20100 naming the path, and keeps every path inside the sandbox', async () => {
    const e = await apiError(
      c.call('/sign/filePath', {
        signerId: person,
        moulageId: personSeal,
        contractPath: '/nope/a.pdf',
        contractSavePath: OUT,
        signPositionType: '1',
        positionContent: '1,0,0',
      }),
    );
    expect(e).toMatchObject({ code: 20100, msg: '合同文件/nope/a.pdf 不存在' });
    // ../ cannot climb out: resolves inside the sandbox
    writeFileSync(join(sandbox, '..', 'outside-yht.pdf'), readFileSync(join(sandbox, IN)));
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            signerId: person,
            moulageId: personSeal,
            contractPath: '../outside-yht.pdf',
            contractSavePath: OUT,
            signPositionType: '1',
            positionContent: '1,0,0',
          }),
        )
      ).code,
    ).toBe(20100);
    // Windows-style paths resolve inside too
    expect(
      await c.call('/sign/filePath', {
        signerId: person,
        moulageId: personSeal,
        contractPath: 'C:\\yunhetong\\contract\\待签署合同.pdf',
        contractSavePath: '..\\..\\yunhetong\\contract\\w.pdf',
        signPositionType: '1',
        positionContent: '1,0,0',
      }),
    ).toEqual({ summaryId: 1000 });
    expect(existsSync(join(sandbox, 'yunhetong/contract/w.pdf'))).toBe(true);
    // a symlink out of the sandbox is refused
    symlinkSync(join(sandbox, '..'), join(sandbox, 'escape'));
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            signerId: person,
            moulageId: personSeal,
            contractPath: '/escape/outside-yht.pdf',
            contractSavePath: OUT,
            signPositionType: '1',
            positionContent: '1,0,0',
          }),
        )
      ).code,
    ).toBe(20100);
    expect(
      await apiError(
        c.call('/sign/filePath', {
          signerId: person,
          moulageId: personSeal,
          contractPath: IN,
          contractSavePath: '/escape/out.pdf',
          signPositionType: '1',
          positionContent: '1,0,0',
        }),
      ),
    ).toMatchObject({ code: 20110, msg: '合同保存失败' });
    // a dangling symlink is not written through (the write would land outside)
    symlinkSync(join(sandbox, '..', 'dangling-yht.pdf'), join(sandbox, 'dangle.pdf'));
    expect(
      await apiError(
        c.call('/sign/filePath', {
          signerId: person,
          moulageId: personSeal,
          contractPath: IN,
          contractSavePath: '/dangle.pdf',
          signPositionType: '1',
          positionContent: '1,0,0',
        }),
      ),
    ).toMatchObject({ code: 20110, msg: '合同保存失败' });
    expect(existsSync(join(sandbox, '..', 'dangling-yht.pdf'))).toBe(false);
    // names the file system refuses (a NUL byte, a 300-byte component)
    // are no place to write, for signing and time stamps alike
    for (const bad of ['/o\u0000.pdf', `/${'a'.repeat(300)}.pdf`]) {
      expect(
        await apiError(
          c.call('/sign/filePath', {
            signerId: person,
            moulageId: personSeal,
            contractPath: IN,
            contractSavePath: bad,
            signPositionType: '1',
            positionContent: '1,0,0',
          }),
        ),
      ).toMatchObject({ code: 20110, msg: '合同保存失败' });
      expect(await apiError(c.call('/tsa/pathSign', { filePath: IN, fileSavePath: bad }))).toMatchObject({
        code: 20110,
        msg: '文件保存失败',
      });
      expect(
        (
          await apiError(
            c.call('/sign/filePath', {
              signerId: person,
              moulageId: personSeal,
              contractPath: bad,
              contractSavePath: OUT,
              signPositionType: '1',
              positionContent: '1,0,0',
            }),
          )
        ).code,
      ).toBe(20100);
    }
    // save directory must exist
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            signerId: person,
            moulageId: personSeal,
            contractPath: IN,
            contractSavePath: '/no/dir/out.pdf',
            signPositionType: '1',
            positionContent: '1,0,0',
          }),
        )
      ).code,
    ).toBe(20110);
    // not a PDF
    writeFileSync(join(sandbox, 'a.txt'), 'hello');
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            signerId: person,
            moulageId: personSeal,
            contractPath: '/a.txt',
            contractSavePath: OUT,
            signPositionType: '1',
            positionContent: '1,0,0',
          }),
        )
      ).code,
    ).toBe(20101);
  });

  it('checks moulage, user, positions, token and purchases', async () => {
    const base = {
      contractPath: IN,
      contractSavePath: OUT,
      signPositionType: '1' as const,
      positionContent: '1,0,0',
    };
    expect(
      await apiError(c.call('/sign/filePath', { signerId: person, moulageId: companySeal, ...base })),
    ).toMatchObject({ code: 20202 });
    expect(
      (await apiError(c.call('/sign/filePath', { signerId: person, moulageId: '77', ...base }))).code,
    ).toBe(20205);
    expect(
      (await apiError(c.call('/sign/filePath', { signerId: '77', moulageId: personSeal, ...base }))).code,
    ).toBe(20206);
    expect(await apiError(c.call('/sign/filePath', { signerId: person, ...base }))).toMatchObject({
      code: 201,
      msg: '印章 id 为空',
    });
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            signerId: person,
            moulageId: personSeal,
            ...base,
            positionContent: '1;2',
          }),
        )
      ).code,
    ).toBe(201);
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            signerId: person,
            moulageId: personSeal,
            ...base,
            positionContent: '3,0,0',
          }),
        )
      ).code,
    ).toBe(20110);
    expect(
      (
        await apiError(
          c.call('/sign/filePath', {
            signerId: person,
            moulageId: personSeal,
            ...base,
            contractPath: '/yunhetong',
          }),
        )
      ).code,
    ).toBe(20101);
    const u = c.asUser(person);
    await u.login();
    expect(
      (await apiError(u.call('/sign/filePath', { signerId: person, moulageId: personSeal, ...base }))).code,
    ).toBe(403);
    await h.control('PATCH', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/state`, {
      signQuota: 1,
    });
    await c.call('/sign/filePath', { signerId: person, moulageId: personSeal, ...base });
    expect(
      await apiError(c.call('/sign/filePath', { signerId: person, moulageId: personSeal, ...base })),
    ).toMatchObject({ code: 20302, msg: '应用购买量已用完' });
    expect(
      (await h.control('GET', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}`)).json
        .settings.signQuota,
    ).toBe(0);
  });
});

describe('/sign/fileStream', () => {
  it('signs an uploaded PDF (multipart part contractPath) into contractSavePath', async () => {
    const pdf = new Uint8Array(readFileSync(join(sandbox, IN)));
    const r = await c.signFileStream({
      signerId: company,
      mouflageId: companySeal,
      contractPath: { bytes: pdf, filename: 'a.pdf', contentType: 'application/pdf' },
      contractSavePath: OUT,
      contractTitle: '借款合同',
      signPositionType: '0',
      positionContent: '乙方签字',
    });
    expect(r).toEqual({ summaryId: 1000 });
    const [hit] = await findKeyword(out(), '乙方签字');
    const page = await renderPdfPage(out(), hit!.page);
    expect(
      countRedPixels(
        page,
        pdfBoxToPixels({ x: hit!.x - 20, y: hit!.y - 40, width: hit!.width + 40, height: 100 }, A4_H),
      ),
    ).toBeGreaterThan(100);
    const [sum] = (
      await h.control('GET', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/summaries`)
    ).json.summaries;
    expect(sum).toMatchObject({
      contractTitle: '借款合同',
      contractPath: '(文件流) 借款合同',
      contractSavePath: OUT,
    });
  });

  it('refuses a missing title, a missing file, a non-PDF upload, and a user token', async () => {
    const pdf = new Uint8Array(readFileSync(join(sandbox, IN)));
    const base = {
      signerId: person,
      moulageId: personSeal,
      contractSavePath: OUT,
      signPositionType: '1' as const,
      positionContent: '1,0,0',
    };
    expect(await apiError(c.signFileStream({ ...base, contractPath: pdf, contractTitle: '' }))).toMatchObject(
      { code: 201, msg: 'contractTitle 为空' },
    );
    expect((await apiError(c.signFileStream({ ...base, contractTitle: 't' } as never))).code).toBe(201);
    expect(
      (
        await apiError(
          c.signFileStream({ ...base, contractPath: new TextEncoder().encode('hello'), contractTitle: 't' }),
        )
      ).code,
    ).toBe(20101);
    const u = c.asUser(person);
    await u.login();
    expect((await apiError(u.signFileStream({ ...base, contractPath: pdf, contractTitle: 't' }))).code).toBe(
      403,
    );
    expect(existsSync(join(sandbox, OUT))).toBe(false);
  });
});
