/**
 * The whole contract flow (合同接口 1–9): a template contract (a DOCX template uploaded through the
 * console, signed at its ${sign:NAME} markers), a PDF and a DOCX file contract (signed at keyWords),
 * signed by contract/signContract and by the console's human action, downloaded; pdfsig finds one
 * valid, trusted signature per seal (the user's certificate from the vendor PKI) and the seals are
 * drawn where asked on the rendered page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { findKeyword } from '../../simulators/core/pdf/index.ts';
import { pemDecodeAll, pemEncode } from '../../simulators/core/pki/index.ts';
import { docx, p, pageBreak, pdfTemplate } from '../core/template/fixtures.ts';
import { expectCertificatesTrusted, trustStore } from '../core/pdf/sign/verify.ts';
import { countRedPixels, pdfBoxToPixels, renderPdfPage } from '../helpers/png.ts';
import {
  BASE,
  call,
  CONTROL,
  company,
  DEFAULT_APP,
  fileContractOf,
  person,
  sdk,
  success,
  uploadTemplate,
  userWithToken,
  type SdkHandle,
} from './helpers.ts';

let h: SdkHandle;
let store: ReturnType<typeof trustStore>;
let platform: string;
let a: { id: string; token: string };
let b: { id: string; token: string };

async function download(contractId: string, token: string): Promise<Uint8Array> {
  const res = await h.fetch(
    new Request(`${BASE}${P.download}?token=${encodeURIComponent(token)}&contractId=${contractId}`),
  );
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return new Uint8Array(await res.arrayBuffer());
}

/** Red pixels around the centre of a PDF box on a page rendered at 72 dpi. */
async function redAt(
  pdf: Uint8Array,
  box: { page: number; x: number; y: number; width: number; height: number },
) {
  const png = await renderPdfPage(pdf, box.page);
  const px = pdfBoxToPixels(
    { x: box.x - 30, y: box.y - 30, width: box.width + 60, height: box.height + 60 },
    png.height,
  );
  return countRedPixels(png, px);
}

beforeAll(async () => {
  h = sdk();
  const res = await h.fetch(new Request(`${CONTROL}/__sim/yunhetong-sdk/ca.pem`));
  expect(res.status).toBe(200);
  store = trustStore(pemEncode('CERTIFICATE', pemDecodeAll(await res.text())[1]!));
  const pl = await userWithToken(h, company({ userType: '4' }));
  platform = pl.token;
  const pa = await userWithToken(h, person({ userName: '李四' }));
  a = { id: pa.user.appUserId!, token: pa.token };
  const pb = await userWithToken(h, company());
  b = { id: pb.user.appUserId!, token: pb.token };
});

afterAll(() => store?.cleanup());

describe('yunhetong-sdk: contracts signed end to end', () => {
  it('a PDF file contract: keyWord partners, signContract then the console action, two valid signatures', async () => {
    const pdf = await pdfTemplate([['租赁合同', '甲方签字：', '乙方盖章：']]);
    const contractId = await fileContractOf(h, a.token, pdf, { title: '租赁合同' });
    expect(contractId).toMatch(/^\d{16}$/);
    const partners = JSON.stringify([
      { appUserId: a.id, keyWord: '甲方签字' },
      { appUserId: b.id, keyWord: '乙方盖章', locationName: 'ignored' },
    ]);
    expect((await call(h, P.addPartner, a.token, { contractId, partners })).json).toEqual(success());

    expect((await call(h, P.signContract, platform, { contractId, signer: `['${a.id}']` })).json).toEqual(
      success(),
    );
    expect((await call(h, P.detail, a.token, { contractId })).json.value).toEqual({
      partnerList: [
        { signStatus: '已签署', userId: a.id },
        { signStatus: '未签署', userId: b.id },
      ],
      title: '租赁合同',
      status: '签署中',
    });

    const action = await h.control('POST', `/__sim/yunhetong-sdk/contracts/${contractId}/partners/${b.id}`, {
      action: 'sign',
    });
    expect(action.status).toBe(200);
    expect(action.json).toMatchObject({ contractId, status: 'finished', appId: DEFAULT_APP.appId });
    expect((await call(h, P.detail, b.token, { contractId })).json.value.status).toBe('已完成');

    const signed = await download(contractId, a.token);
    expect(Buffer.from(signed.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true); // incremental
    const { entries, out } = store.pdfsig(signed);
    expect(entries, out).toHaveLength(2);
    for (const e of entries) expect(e.valid, out).toBe(true);
    expectCertificatesTrusted(entries, out);
    expect(entries.map((e) => e.commonName)).toEqual([
      '李四',
      expect.stringMatching(/^杭州测试\d+科技有限公司$/),
    ]);

    // Each seal is drawn on its keyword (the original file had no red at all).
    for (const kw of ['甲方签字', '乙方盖章']) {
      const [hit] = await findKeyword(pdf, kw);
      expect(await redAt(pdf, hit!)).toBe(0);
      expect(await redAt(signed, hit!)).toBeGreaterThan(200);
    }
  });

  it('a DOCX template from the console: text filled, seals at the ${sign:NAME} markers', async () => {
    const template = docx(
      p('借款合同 ${no}') +
        p('借款人：${borrower}') +
        p('甲方（签字）：${sign:SA}') +
        pageBreak +
        p('乙方（盖章）：${sign:SB}'),
    );
    const templateId = await uploadTemplate(h, template, 'docx');
    const made = await call(h, P.templateContract, a.token, {
      title: '借款合同',
      templateId,
      useCer: '',
      param: JSON.stringify({ '${no}': 'JK-001', '${borrower}': '李四' }),
    });
    expect(made.json).toMatchObject({ subCode: 200, message: 'true', code: 200 });
    const contractId = String(made.json.value.contractId);
    const partners = `[{appUserId:'${a.id}',locationName:'SA'},{appUserId:'${b.id}',locationName:'SB'}]`;
    expect((await call(h, P.addPartner, a.token, { contractId, partners })).json).toEqual(success());
    expect(
      (await call(h, P.signContract, platform, { contractId, signer: JSON.stringify([b.id, a.id]) })).json,
    ).toEqual(success());
    const signed = await download(contractId, platform);
    const { entries, out } = store.pdfsig(signed);
    expect(entries, out).toHaveLength(2);
    for (const e of entries) expect(e.valid, out).toBe(true);
    expectCertificatesTrusted(entries, out);
    // The filled text is in the file; the markers are gone.
    expect(await findKeyword(signed, 'JK-001')).toHaveLength(1);
    expect(await findKeyword(signed, '${sign:SA}')).toHaveLength(0);
    // The company seal sits on page 2 (SB), the person's on page 1 (SA).
    const view = await call(h, P.detail, a.token, { contractId });
    expect(view.json.value.status).toBe('已完成');
    const page2 = await renderPdfPage(signed, 2);
    expect(countRedPixels(page2)).toBeGreaterThan(500);
    const page1 = await renderPdfPage(signed, 1);
    expect(countRedPixels(page1)).toBeGreaterThan(200);
  });

  it('a DOCX upload is rendered to PDF and signed at its keyWord', async () => {
    const upload = docx(p('服务协议') + p('委托方签字处'));
    const contractId = await fileContractOf(h, a.token, upload, { title: '服务协议' });
    const partners = JSON.stringify([{ appUserId: a.id, keyWord: '委托方签字处' }]);
    expect((await call(h, P.addPartner, a.token, { contractId, partners })).json).toEqual(success());
    expect((await call(h, P.signContract, a.token, { contractId, signer: `["${a.id}"]` })).json).toEqual(
      success(),
    );
    const signed = await download(contractId, a.token);
    expect(Buffer.from(signed.subarray(0, 5)).toString()).toBe('%PDF-');
    const { entries, out } = store.pdfsig(signed);
    expect(entries, out).toHaveLength(1);
    expect(entries[0]!.valid, out).toBe(true);
    expect(entries[0]!.commonName).toBe('李四');
    const [hit] = await findKeyword(signed, '委托方签字处');
    expect(await redAt(signed, hit!)).toBeGreaterThan(200);
  });
});
