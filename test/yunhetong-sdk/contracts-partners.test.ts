/**
 * 合同接口 3.添加参与者: every code of its table through real requests, the check order, the
 * fastjson forms of partners, and the "file not ready" window (10535) on the virtual clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { docx, p, pdfTemplate } from '../core/template/fixtures.ts';
import {
  call,
  company,
  failure,
  fileContractOf,
  person,
  sdk,
  success,
  uploadTemplate,
  userWithToken,
  type App,
  type SdkHandle,
} from './helpers.ts';

let h: SdkHandle;
let pdf: Uint8Array;
let creator: { id: string; token: string };
let other: { id: string; token: string };

const json = (v: unknown) => JSON.stringify(v);

async function contract(token = creator.token): Promise<string> {
  return fileContractOf(h, token, pdf);
}

function add(contractId: string, partners: string, token = creator.token) {
  return call(h, P.addPartner, token, { contractId, partners });
}

beforeAll(async () => {
  h = sdk();
  pdf = await pdfTemplate([['甲方签字', '乙方签字']]);
  const c = await userWithToken(h, person());
  creator = { id: c.user.appUserId!, token: c.token };
  const o = await userWithToken(h, company());
  other = { id: o.user.appUserId!, token: o.token };
});

describe('contract/addPartner', () => {
  it('adds the partners (single quotes and unquoted keys read like fastjson)', async () => {
    const id = await contract();
    const r = await add(
      id,
      `[{appUserId:'${creator.id}',keyWord:'甲方签字'},{'appUserId':'${other.id}','keyWord':'乙方签字',}]`,
    );
    expect(r.json).toEqual(success());
    const d = await call(h, P.detail, creator.token, { contractId: id });
    expect(d.json.value.partnerList).toEqual([
      { signStatus: '未签署', userId: creator.id },
      { signStatus: '未签署', userId: other.id },
    ]);
  });

  it.each([
    ['10528 contractId empty', '', failure(10528, '合同编号不能为空')],
    ['10529 contractId malformed', '12345', failure(10529, '合同编号不合法')],
    ['10502 unknown contract', '2601051000009999', failure(10502, '未找到编号对应合同信息')],
  ])('%s', async (_n, contractId, expected) => {
    expect((await add(contractId, json([{ appUserId: creator.id, keyWord: '甲方签字' }]))).json).toEqual(
      expected,
    );
  });

  it('10518 when the caller is not the creator', async () => {
    const id = await contract();
    const r = await add(id, json([{ appUserId: other.id, keyWord: '乙方签字' }]), other.token);
    expect(r.json).toEqual(failure(10518, '当前用户不是合同创建者，无法添加参与者'));
  });

  it('10517 once it has partners; 10534 once it is finished', async () => {
    const id = await contract();
    const partners = json([{ appUserId: creator.id, keyWord: '甲方签字' }]);
    expect((await add(id, partners)).json).toEqual(success());
    expect((await add(id, partners)).json).toEqual(failure(10517, '当前合同存在参与者，无法再次添加'));
    await call(h, P.signContract, creator.token, { contractId: id, signer: json([creator.id]) });
    expect((await add(id, partners)).json).toEqual(failure(10534, '合同当前状态无法添加参与者'));
  });

  it.each([
    ['10530 partners empty', '', failure(10530, '合同参与者不能为空')],
    ['10530 partners []', '[]', failure(10530, '合同参与者不能为空')],
    ['10531 not JSON', '[{appUserId:', failure(10531, '合同参与者信息不合法')],
    ['10531 not a list', '{"appUserId":"x"}', failure(10531, '合同参与者信息不合法')],
    ['10531 not objects', '["a","b"]', failure(10531, '合同参与者信息不合法')],
    [
      '10541 appUserId empty',
      json([{ appUserId: '', keyWord: '甲方签字' }]),
      failure(10541, '参与者AppUserId不能为空'),
    ],
  ])('%s', async (_n, partners, expected) => {
    expect((await add(await contract(), partners)).json).toEqual(expected);
  });

  it('10531 for an appUserId named twice', async () => {
    const partners = json([
      { appUserId: creator.id, keyWord: '甲方签字' },
      { appUserId: creator.id, keyWord: '乙方签字' },
    ]);
    expect((await add(await contract(), partners)).json).toEqual(failure(10531, '合同参与者信息不合法'));
  });

  it('10519 names every partner not imported', async () => {
    const partners = json([
      { appUserId: creator.id, keyWord: '甲方签字' },
      { appUserId: 'ghostA', keyWord: '乙方签字' },
      { appUserId: 'ghostB', keyWord: '乙方签字' },
    ]);
    expect((await add(await contract(), partners)).json).toEqual(
      failure(10519, '参与者ghostA、ghostB未导入云平台'),
    );
  });

  it('10549 when the creator is not a partner', async () => {
    const partners = json([{ appUserId: other.id, keyWord: '乙方签字' }]);
    expect((await add(await contract(), partners)).json).toEqual(failure(10549, '创建者必须是合同参与者'));
  });

  it.each([
    ['10542 neither keyWord nor locationName', {}, `参与者ID的签名位置不能为空!`, 10542],
    ['10521 keyWord over 10 characters', { keyWord: '一二三四五六七八九十一' }, '参与者ID关键字超长!', 10521],
    ['10543 keyWord not in the PDF', { keyWord: '丙方' }, '参与者IDKeyWord不存在!', 10543],
    ['10544 locationName the file lacks', { locationName: 'SX' }, '参与者IDLocationName不存在', 10544],
  ])('%s, naming the partner', async (_n, where, message, code) => {
    const partners = json([
      { appUserId: creator.id, keyWord: '甲方签字' },
      { appUserId: other.id, ...where },
    ]);
    expect((await add(await contract(), partners)).json).toEqual(
      failure(code, message.replace('ID', other.id)),
    );
  });

  it('locationName names a template marker; keyWord wins when both are given', async () => {
    const templateId = await uploadTemplate(h, docx(p('甲方 ${sign:SA}') + p('乙方签字 ${sign:SB}')), 'docx');
    const made = await call(h, P.templateContract, creator.token, { title: '模板', templateId });
    const id = String(made.json.value.contractId);
    const bad = json([{ appUserId: creator.id, locationName: 'SC' }]);
    expect((await add(id, bad)).json).toEqual(failure(10544, `参与者${creator.id}LocationName不存在`));
    const partners = json([
      { appUserId: creator.id, locationName: 'SA' },
      { appUserId: other.id, locationName: 'SA', keyWord: '乙方签字' },
    ]);
    expect((await add(id, partners)).json).toEqual(success());
  });

  it('10801 without a live token', async () => {
    const r = await call(h, P.addPartner, 'TGT-1-nope-cas01.example.org', { contractId: '2601051000000001' });
    expect(r.json).toEqual(failure(10801, '登录异常，请重新登录！'));
  });

  it('checks in order: creator before partners, partners before positions', async () => {
    const id = await contract();
    expect((await add(id, '', other.token)).json.subCode).toBe(10518);
    expect((await add(id, json([{ appUserId: 'ghost' }]))).json.subCode).toBe(10519);
  });
});

describe('the file-not-ready window (10535)', () => {
  let app: App;
  let token: string;
  let id: string;
  let partners: string;

  beforeAll(async () => {
    app = await h.newApp({ fileReadyDelayMs: 5000 });
    const u = await userWithToken(h, person(), app);
    token = u.token;
    id = await contract(token);
    partners = json([{ appUserId: u.user.appUserId, keyWord: '甲方签字' }]);
  });

  it('answers 10535 for fileReadyDelayMs of virtual time, then adds', async () => {
    expect((await add(id, partners, token)).json).toEqual(failure(10535, '合同文件尚未生成，请稍后再试'));
    await h.advance(4999);
    expect((await add(id, partners, token)).json.subCode).toBe(10535);
    // download is refused in the same window
    expect((await h.get(P.download, { token, contractId: id })).json).toEqual(
      failure(10527, '当前合同无法下载'),
    );
    await h.advance(1);
    expect((await add(id, partners, token)).json).toEqual(success());
  });
});
