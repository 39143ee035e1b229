/**
 * 合同接口 1.根据模版生成合同 and 2.上传文件生成合同: every code of both tables through real requests
 * (10714, 10715, 10716, 10731, 10401, 10536, 10537, 10538, 10540, 10801), the 520 answers for an
 * unreadable param or file, lenient forms (empty useCer, query-only POST), and the contract made.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { docx, p, pdfTemplate, solidPng, table } from '../core/template/fixtures.ts';
import {
  BASE,
  call,
  failure,
  fileContractOf,
  multipart,
  person,
  sdk,
  uploadTemplate,
  userWithToken,
  type Params,
  type SdkHandle,
} from './helpers.ts';

let h: SdkHandle;
let token: string;
let templateId: string;
let pdf: Uint8Array;

const png = Buffer.from(solidPng(4, 4)).toString('base64');

function tpl(form: Params) {
  return call(h, P.templateContract, token, { title: '模板合同', templateId, ...form });
}

beforeAll(async () => {
  h = sdk();
  ({ token } = await userWithToken(h, person()));
  templateId = await uploadTemplate(
    h,
    docx(
      p('编号 ${no}') +
        p('图片 ${logo}') +
        table([
          ['姓名', '金额'],
          ['x', 'y'],
        ]) +
        p('签字 ${sign:SA}'),
    ),
    'docx',
  );
  pdf = await pdfTemplate([['合同正文']]);
});

describe('contract/templateContract', () => {
  it('makes a contract: a 16-digit yyMMddHHmmss id as a JSON number', async () => {
    const r = await tpl({
      useCer: '1',
      param: JSON.stringify({ '${no}': 'A-1' }),
      defContractNo: 'X'.repeat(20),
    });
    expect(r.json).toMatchObject({ subCode: 200, message: 'true', code: 200 });
    expect(Object.keys(r.json)).toEqual(['subCode', 'message', 'value', 'code']);
    expect(typeof r.json.value.contractId).toBe('number');
    // 2026-01-05 02:00 UTC is 10:00 in Beijing
    expect(String(r.json.value.contractId)).toMatch(/^260105100000\d{4}$/);
  });

  it.each([
    ['10714 title empty', { title: '' }, failure(10714, 'title参数非法!')],
    ['10714 title over 40', { title: '合'.repeat(41) }, failure(10714, 'title参数非法!')],
    [
      '10715 defContractNo over 20',
      { defContractNo: 'x'.repeat(21) },
      failure(10715, 'defContractNo参数非法!'),
    ],
    ['10716 templateId empty', { templateId: '' }, failure(10716, 'templateId参数非法!')],
    ['10716 templateId malformed', { templateId: '模板 1' }, failure(10716, 'templateId参数非法!')],
    ['10731 useCer 2', { useCer: '2' }, failure(10731, 'useCer参数非法!')],
    ['10401 unknown template', { templateId: 'nosuch' }, failure(10401, '未找到合同模板!')],
    [
      '10536 table index missing',
      { param: JSON.stringify({ tables: [{ index: 3, table: [{ 1: 'a' }] }] }) },
      failure(10536, '合同插入表格行失败，对应index表格不存在!'),
    ],
    [
      '10537 image format',
      {
        param: JSON.stringify({
          imags: [{ '${logo}': { width: 10, height: 10, imgType: 'gif', content: png } }],
        }),
      },
      failure(10537, '图片占位符替换失败，图片格式错误！'),
    ],
    [
      '10538 image size',
      { param: JSON.stringify({ imags: [{ '${logo}': { width: 10, imgType: 'png', content: png } }] }) },
      failure(10538, '图片占位符替换失败，图片的宽或高未设置！'),
    ],
    [
      '10540 placeholder the template lacks, named',
      { param: JSON.stringify({ '${nosuch}': 'v' }) },
      failure(10540, '${nosuch}占位符不存在！!'),
    ],
    ['520 param not JSON', { param: '{not json' }, failure(520, '未知错误')],
  ])('%s', async (_name, form, expected) => {
    expect((await tpl(form)).json).toEqual(expected);
  });

  it('checks the fields in the table order (title before useCer before the template)', async () => {
    expect((await tpl({ title: '', useCer: '9', templateId: 'nosuch' })).json.subCode).toBe(10714);
    expect((await tpl({ useCer: '9', templateId: 'nosuch' })).json.subCode).toBe(10731);
  });

  it('reads fastjson param, fills images and table rows; empty useCer is 0', async () => {
    const param =
      "{'${no}':'B-2', imags:[{'${logo}':{width:20,height:20,imgType:'png',content:'" +
      png +
      "'}}], tables:[{index:0, table:[{'1':'张三','2':10}]}]}";
    const r = await tpl({ param, useCer: '' });
    expect(r.json).toMatchObject({ subCode: 200 });
  });

  it('10801 without a live token', async () => {
    const r = await h.post(
      P.templateContract,
      { title: 't', templateId },
      { token: 'TGT-9-x-cas01.example.org' },
    );
    expect(r.json).toEqual(failure(10801, '登录异常，请重新登录！'));
  });

  it('a query-only POST with an empty body works', async () => {
    const q = new URLSearchParams({ token, title: '查询串合同', templateId }).toString();
    const res = await h.raw(`${BASE}${P.templateContract}?${q}`, { method: 'POST' });
    expect(res.json).toMatchObject({ subCode: 200 });
  });
});

describe('contract/fileContract', () => {
  it('a PDF upload makes a contract', async () => {
    expect(await fileContractOf(h, token, pdf)).toMatch(/^\d{16}$/);
  });

  it('the token as a multipart field', async () => {
    const form = new FormData();
    form.append('token', token);
    form.append('title', '字段令牌');
    form.append('file', new Blob([new Uint8Array(pdf)]), 'a.pdf');
    const r = await h.raw(`${BASE}${P.fileContract}`, { method: 'POST', body: form });
    expect(r.json).toMatchObject({ subCode: 200 });
  });

  it('the content decides: a DOCX named .pdf is rendered, a PDF named .docx taken as is', async () => {
    const r1 = await multipart(
      h,
      P.fileContract,
      token,
      { title: 'd' },
      { bytes: docx(p('正文')), name: 'x.pdf' },
    );
    expect(r1.json).toMatchObject({ subCode: 200 });
    const r2 = await multipart(h, P.fileContract, token, { title: 'p' }, { bytes: pdf, name: 'x.docx' });
    expect(r2.json).toMatchObject({ subCode: 200 });
  });

  it.each([
    ['10714 title empty', { title: '' }, failure(10714, 'title参数非法!')],
    [
      '10715 defContractNo over 20',
      { defContractNo: 'x'.repeat(21) },
      failure(10715, 'defContractNo参数非法!'),
    ],
    ['10716 a malformed templateId sent along', { templateId: 'a b' }, failure(10716, 'templateId参数非法!')],
    ['10731 useCer x', { useCer: 'x' }, failure(10731, 'useCer参数非法!')],
  ])('%s', async (_name, form, expected) => {
    const r = await multipart(h, P.fileContract, token, { title: '文件合同', ...form }, { bytes: pdf });
    expect(r.json).toEqual(expected);
  });

  it('a well-formed templateId sent along is ignored', async () => {
    const r = await multipart(
      h,
      P.fileContract,
      token,
      { title: 't', templateId: 'whatever' },
      { bytes: pdf },
    );
    expect(r.json).toMatchObject({ subCode: 200 });
  });

  it('520 for no file, an empty one, or bytes neither PDF nor DOCX', async () => {
    expect((await multipart(h, P.fileContract, token, { title: 't' })).json).toEqual(
      failure(520, '未知错误'),
    );
    const empty = await multipart(h, P.fileContract, token, { title: 't' }, { bytes: new Uint8Array() });
    expect(empty.json).toEqual(failure(520, '未知错误'));
    const junk = await multipart(
      h,
      P.fileContract,
      token,
      { title: 't' },
      { bytes: new TextEncoder().encode('hello') },
    );
    expect(junk.json).toEqual(failure(520, '未知错误'));
    const broken = await multipart(h, P.fileContract, token, { title: 't' }, { bytes: pdf.subarray(0, 40) });
    expect(broken.json).toEqual(failure(520, '未知错误'));
  });
});
