/**
 * The seal and signing-engine errors of §5.7 through the typed client: 20203 a deleted seal,
 * 20204 a signer with no seal at all, 20205 an unknown one, 60109 an empty uploaded contract,
 * 60110 a seal whose image is lost, 60111 a revoked certificate, 60112 骑缝章 with the
 * transparent seal — reached through the console routes that delete a seal, lose its image and
 * revoke a certificate. None of them writes the output, uses a purchase or a verify code.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { encodePng } from '../helpers/png.ts';
import { apiError, PERSON, yht, type YhtHandle } from './helpers.ts';

const APP = `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}`;
const IN = '/in/合同.pdf';
const OUT = '/out/签署后.pdf';

let h: YhtHandle;
let c: YunhetongDigestClient;
let sandbox: string;
let person: string;
let seal: string;

beforeEach(async () => {
  sandbox = join(mkdtempSync(join(tmpdir(), 'yht-sign-errors-')), 'sandbox');
  mkdirSync(join(sandbox, 'in'), { recursive: true });
  mkdirSync(join(sandbox, 'out'));
  writeFileSync(
    join(sandbox, IN),
    await createTextPdf([{ lines: ['甲方：', '乙方签字：'] }, { lines: ['第二页'] }]),
  );
  h = yht({ vendorOptions: { sandboxDir: sandbox } });
  c = h.client();
  await c.login();
  person = String((await c.call('/user/person', PERSON)).signerId);
  seal = String((await c.call('/moulage/person', { signerId: person })).moulageId);
  await h.control('PATCH', `${APP}/state`, { signQuota: 10 });
});

afterEach(() => rmSync(dirname(sandbox), { recursive: true, force: true }));

const body = (over: Record<string, string> = {}) => ({
  signerId: person,
  moulageId: seal,
  contractPath: IN,
  contractSavePath: OUT,
  signPositionType: '1' as const,
  positionContent: '1,100,100',
  ...over,
});

/** Nothing written, no purchase used, no summary. */
async function expectNothingChanged() {
  expect(existsSync(join(sandbox, OUT))).toBe(false);
  const app = (await h.control('GET', APP)).json;
  expect(app.settings.signQuota).toBe(10);
  expect(app.counts.summaries).toBe(0);
}

describe('seal errors at the API layer', () => {
  it('20204 when the signer never made a seal, 20205 when the signer has others, 20202 for another signer’s', async () => {
    const other = String(
      (await c.call('/user/person', { ...PERSON, userName: '李四', certifyNum: '110101199003077777' }))
        .signerId,
    );
    expect(
      await apiError(c.call('/sign/filePath', body({ signerId: other, moulageId: '99999' }))),
    ).toMatchObject({ code: 20204, msg: '用户未创建印模' });
    expect(await apiError(c.call('/sign/filePath', body({ moulageId: '99999' })))).toMatchObject({
      code: 20205,
      msg: '印模不存在',
    });
    expect(await apiError(c.call('/sign/filePath', body({ signerId: other })))).toMatchObject({
      code: 20202,
      msg: '不能使用他人印模',
    });
    await expectNothingChanged();
  });

  it('20203 for a seal deleted on the console; restoring it signs again', async () => {
    const del = await h.control('PATCH', `${APP}/moulages/${seal}`, { state: 'deleted' });
    expect(del).toMatchObject({ status: 200, json: { moulageId: Number(seal), state: 'deleted' } });
    expect(await apiError(c.call('/sign/filePath', body()))).toMatchObject({
      code: 20203,
      msg: '印模已删除',
    });
    // a deleted seal still counts as one the signer made: an unknown id is 20205, not 20204
    expect((await apiError(c.call('/sign/filePath', body({ moulageId: '99999' })))).code).toBe(20205);
    await expectNothingChanged();
    expect(
      (await h.control('PATCH', `${APP}/moulages/${seal}`, { state: 'active' })).json.state,
    ).toBeUndefined();
    expect(await c.call('/sign/filePath', body())).toEqual({ summaryId: 1000 });
  });
});

describe('signing-engine errors (60109–60112)', () => {
  it('60110 when the seal image is lost, after the file checks', async () => {
    await h.control('PATCH', `${APP}/moulages/${seal}`, { state: 'imageLost' });
    // the API layer still accepts the seal: a missing contract is reported first
    expect((await apiError(c.call('/sign/filePath', body({ contractPath: '/in/nope.pdf' })))).code).toBe(
      20100,
    );
    expect(await apiError(c.call('/sign/filePath', body()))).toMatchObject({
      code: 60110,
      msg: '印模不存在',
    });
    await expectNothingChanged();
  });

  it('60111 while the signer’s certificate is revoked; re-issued, signing works', async () => {
    const r = await h.control('PATCH', `${APP}/users/${person}`, { certificate: 'revoked' });
    expect(r.status).toBe(200);
    expect(typeof r.json.certRevokedAt).toBe('number');
    expect(await apiError(c.call('/sign/filePath', body()))).toMatchObject({
      code: 60111,
      msg: '证书不存在',
    });
    expect(await apiError(c.call('/sign/filePath', body({ moulageId: '-1' })))).toMatchObject({
      code: 60111,
    });
    await expectNothingChanged();
    await h.control('PATCH', `${APP}/users/${person}`, { certificate: 'valid' });
    expect(await c.call('/sign/filePath', body())).toEqual({ summaryId: 1000 });
  });

  it('60112 for 骑缝章 (sealClass 1) with the transparent seal; sealClass 0 with it signs', async () => {
    expect(await apiError(c.call('/sign/filePath', body({ moulageId: '-1', sealClass: '1' })))).toMatchObject(
      { code: 60112, msg: '印章不存在' },
    );
    await expectNothingChanged();
    expect(await c.call('/sign/filePath', body({ moulageId: '-1', sealClass: '0' }))).toEqual({
      summaryId: 1000,
    });
  });

  it('60109 for an empty uploaded contract on both stream signings; the verify code stays unused', async () => {
    const empty = { bytes: new Uint8Array(0), filename: 'a.pdf', contentType: 'application/pdf' };
    const { contractPath: _, ...rest } = body();
    expect(
      await apiError(c.signFileStream({ ...rest, contractPath: empty, contractTitle: '借款合同' })),
    ).toMatchObject({ code: 60109, msg: '合同不存在' });
    await c.call('/send/verifyCode', { signerId: person });
    const code = h.sim.outbox.list({ vendor: 'yunhetong-digest' }).at(-1)!.code!;
    expect(
      await apiError(
        c.signVerifyCodeFileStream({ ...rest, code, contractPath: empty, contractTitle: '借款合同' }),
      ),
    ).toMatchObject({ code: 60109 });
    await expectNothingChanged();
    const pdf = new Uint8Array(readFileSync(join(sandbox, IN)));
    expect(
      await c.signVerifyCodeFileStream({
        ...rest,
        code,
        contractPath: { ...empty, bytes: pdf },
        contractTitle: '借款合同',
      }),
    ).toEqual({ summaryId: 1000 });
  });
});

describe('a stored seal image that will not draw', () => {
  it('answers 20205 印模数据获取失败, never a 500 (e.g. a hand-edited --state file)', async () => {
    const png = Buffer.from(encodePng(110, 200, new Uint8Array(110 * 200 * 4).fill(200))).toString('base64');
    const uploaded = String((await c.call('/moulage/upload', { signerId: person, imgBase: png })).moulageId);
    const m = (await h.control('GET', `${APP}/moulages`)).json.moulages.find(
      (x: { moulageId: number }) => x.moulageId === Number(uploaded),
    );
    const blob = h.sim.blobs.get(m.spec.blobId)!;
    blob.bytes = blob.bytes.subarray(0, 24); // the header survives, the image does not
    expect(await apiError(c.call('/sign/filePath', body({ moulageId: uploaded })))).toMatchObject({
      code: 20205,
      msg: '印模数据获取失败',
    });
    await expectNothingChanged();
  });
});

describe('console routes', () => {
  it('answer 404 for an unknown app, seal or user and 400 for an unknown state', async () => {
    expect((await h.control('PATCH', `${APP}/moulages/424242`, { state: 'deleted' })).status).toBe(404);
    expect(
      (
        await h.control('PATCH', `/__sim/yunhetong-digest/apps/0000000000000000/moulages/${seal}`, {
          state: 'deleted',
        })
      ).status,
    ).toBe(404);
    expect((await h.control('PATCH', `${APP}/users/424242`, { certificate: 'revoked' })).status).toBe(404);
    expect((await h.control('PATCH', `${APP}/moulages/${seal}`, { state: 'gone' })).status).toBe(400);
    expect((await h.control('PATCH', `${APP}/users/${person}`, { certificate: 'maybe' })).status).toBe(400);
    const list = (await h.control('GET', `${APP}/moulages`)).json.moulages;
    expect(list[0].state).toBeUndefined();
  });
});
