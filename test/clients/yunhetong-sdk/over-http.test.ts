/**
 * The typed 云合同 SDK API client over real HTTP: `sim.listen()` ports and the client's default
 * fetch, as an integration runs it. Every contract API once (template and file contracts, partners
 * at a locationName and a keyWord, automatic signing, the signing page's endpoints, list, detail
 * by GET and POST, invalid, download), and the token re-got after a 10801 when the control API
 * moves the clock past its 30 minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, type ControlClient } from '../../../clients/control/index.ts';
import {
  createYunhetongSdkClient,
  YunhetongSdkApiError,
  type YunhetongSdkClient,
} from '../../../clients/yunhetong-sdk/index.ts';
import { YUNHETONG_SDK_DEFAULT_APP as APP } from '../../../contracts/yunhetong-sdk/index.ts';
import { createSimulator, type SealSim } from '../../../index.ts';
import type { RunningServers } from '../../../simulators/core/adapters/node-server.ts';
import { docx, p, pdfTemplate, solidPng } from '../../core/template/fixtures.ts';
import { freeBasePortFrom } from '../../helpers/ports.ts';
import { company, person } from '../../yunhetong-sdk/helpers.ts';
import { userParams } from './helpers.ts';

let sim: SealSim;
let running: RunningServers;
let control: ControlClient;
let client: YunhetongSdkClient;

beforeAll(async () => {
  sim = createSimulator({
    vendors: ['yunhetong-sdk'],
    basePort: await freeBasePortFrom(52000),
    now: Date.UTC(2026, 0, 5, 2),
  });
  running = await sim.listen();
  control = createControlClient({ baseUrl: running.urls.control! });
  // urls carry the base path: http://127.0.0.1:<port>/sdk
  expect(running.urls['yunhetong-sdk']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sdk$/);
  client = createYunhetongSdkClient({ baseUrl: running.urls['yunhetong-sdk']!, ...APP });
});

afterAll(async () => {
  await running?.close();
  sim?.close();
});

describe('the yunhetong-sdk client over real HTTP', () => {
  it('every contract API, then a token re-got after the clock passes 30 minutes', async () => {
    const platformUser = company({ userType: '4' });
    const aUser = person({ userName: '李四' });
    const bUser = company();
    for (const u of [platformUser, aUser, bUser]) expect(await client.addUser(userParams(u))).toEqual({});
    const platform = client.asUser(platformUser.appUserId!);
    const a = client.asUser(aUser.appUserId!);
    const b = client.asUser(bUser.appUserId!);

    // a template contract signed at its ${sign:…} markers, automatically
    const tpl = await control.api.POST('/__sim/yunhetong-sdk/apps/{appId}/templates', {
      params: { path: { appId: APP.appId } },
      body: {
        kind: 'docx',
        contentBase64: Buffer.from(
          docx(p('编号 ${no}') + p('甲方 ${sign:SA}') + p('乙方 ${sign:SB}')),
        ).toString('base64'),
      },
    });
    const templateId = tpl.data!.templateId;
    const t = await a.templateContract({
      title: '模板合同',
      templateId,
      param: { '${no}': 'H-1' },
      useCer: 1,
    });
    await a.addPartner({
      contractId: t.contractId,
      partners: [
        { appUserId: a.appUserId, locationName: 'SA' },
        { appUserId: b.appUserId, locationName: 'SB' },
      ],
    });
    await platform.signContract({ contractId: t.contractId, signer: [a.appUserId, b.appUserId] });
    expect(await b.detail({ contractId: t.contractId, method: 'POST' })).toMatchObject({ status: '已完成' });

    // a file contract: b signs on the page with a drawn signature, a voids the other one
    const pdf = await pdfTemplate([['借款合同', '甲方签字：', '乙方盖章：']]);
    const f = await a.fileContract({ title: '借款合同', file: { bytes: pdf, filename: '借款合同.pdf' } });
    await a.addPartner({
      contractId: f.contractId,
      partners: [
        { appUserId: a.appUserId, keyWord: '甲方签字' },
        { appUserId: b.appUserId, keyWord: '乙方盖章' },
      ],
    });
    expect(await b.checkToken({ backURL: 'https://shop.example/back' })).toBe(true);
    const drawn = await b.createSign({ sign: solidPng(80, 40, [0, 0, 0]) });
    expect((await b.getSign()).signs.map((s) => s.signId)).toContain(drawn.signId);
    expect((await b.view({ contractId: f.contractId })).backURL).toBe('https://shop.example/back');
    expect(await b.sign({ contractId: f.contractId, signId: drawn.signId })).toMatchObject({
      status: '签署中',
      backURL: 'https://shop.example/back',
    });
    expect(await a.invalid({ contractId: f.contractId })).toEqual({});
    expect(await b.delSign({ signId: drawn.signId })).toEqual({});

    const list = await platform.list({ pageNum: 1, pageSize: 10 });
    expect(list.contractList.map((c) => [c.id, c.status]).sort()).toEqual(
      [
        [t.contractId, '已完成'],
        [f.contractId, '已作废'],
      ].sort(),
    );
    const bytes = await a.download({ contractId: t.contractId });
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(
      Buffer.from(bytes)
        .toString('latin1')
        .match(/\/ByteRange/g),
    ).toHaveLength(2);

    // 30 virtual minutes later: 10801, one getToken, the call again
    const before = a.token();
    await control.advance(30 * 60_000);
    expect(await a.detail({ contractId: t.contractId })).toMatchObject({ status: '已完成' });
    expect(a.token()).not.toBe(before);
    const err = await a.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(YunhetongSdkApiError);
    expect(err).toMatchObject({ subCode: 10533, code: 520, httpStatus: 200 });
  });
});
