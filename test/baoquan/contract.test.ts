/**
 * Contract e-signing: signature images, uploadPdf, setDetail,
 * verifyCode order, sign DONE/CANCEL/REJECT, expiry.
 */
import { describe, expect, it } from 'vitest';
import { pdfBoxToPixels, renderPdfPage, type DecodedPng, type PixelBox } from '../helpers/png.ts';
import { call, control, expectError, setup, solidPng, textPdf, type Ctx } from './helpers.ts';
import type { BaoquanClient } from '../../clients/baoquan/index.ts';

const CREATOR = '15861111111';
const SIGNER_1 = '15811111111';
const SIGNER_2 = '15822222222';
const BLUE = solidPng(120, 60, [0, 0, 255, 255]);

function bluePixels(png: DecodedPng, box: PixelBox): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(png.height, Math.ceil(box.y + box.height)); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(png.width, Math.ceil(box.x + box.width)); x++) {
      const o = (y * png.width + x) * 4;
      if (png.rgba[o + 2]! > 150 && png.rgba[o]! < 100 && png.rgba[o + 1]! < 100) n++;
    }
  }
  return n;
}

async function uploadContract(c: BaoquanClient): Promise<string> {
  const pdf = await textPdf([
    ['借款合同', '第一页'],
    ['第二页', '签署页'],
  ]);
  const { contractId } = await call(
    c,
    '/contract/uploadPdf',
    {},
    { attachments: { 0: [{ bytes: pdf, filename: 'contract.pdf' }] } },
  );
  return contractId;
}

const inAnHour = (ctx: Ctx) => ctx.sim.clock.now() + 3_600_000;

async function detailed(
  ctx: Ctx,
  c: BaoquanClient = ctx.client,
  phones = [SIGNER_1, SIGNER_2],
): Promise<string> {
  const contract_id = await uploadContract(c);
  await call(c, '/contract/setDetail', {
    contract_id,
    title: '这是xx合同的标题',
    end_at: inAnHour(ctx),
    remark: '这是xx合同的备注信息',
    userPhones: phones,
  });
  return contract_id;
}

async function codeFor(ctx: Ctx, c: BaoquanClient, contract_id: string, phone: string): Promise<string> {
  await call(c, '/contract/verifyCode', { contract_id, phone });
  const code = ctx.sim.outbox.latestCode({ vendor: 'baoquan', to: phone });
  expect(code).toMatch(/^\d{4}$/);
  return code!;
}

const done = (
  contract_id: string,
  phone: string,
  verify_code: string,
  page = '2',
  posX = '400',
  posY = '500',
) => ({
  contract_id,
  phone,
  verify_code,
  ecs_status: 'DONE',
  page,
  posX,
  posY,
});

describe('baoquan contract signing', () => {
  it('uploads PNG signature images, lists them as URLs sealsim serves, and sets the default by signature_id or signatureId', async () => {
    const ctx = setup();
    const { signatureId } = await call(
      ctx.client,
      '/contract/signature',
      {},
      { attachments: { 0: [{ bytes: BLUE, filename: 'sig.png' }] } },
    );
    expect(signatureId).toMatch(/^[0-9A-Za-z]{22}$/);
    const second = await call(ctx.client, '/contract/signature', [], {
      attachments: { 0: [{ bytes: solidPng(10, 10), filename: 'b.png' }] },
    });
    const list = await call(ctx.client, '/contract/signature/list', {});
    expect(Object.keys(list)).toEqual([signatureId, second.signatureId]);
    const res = await ctx.sim.fetch(new Request(list[signatureId]!));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(BLUE))).toBe(true);
    const forged = await ctx.sim.fetch(
      new Request(list[signatureId]!.replace(/Signature=[^&]+/, 'Signature=AAAA')),
    );
    expect(forged.status).toBe(403);
    expect(
      await call(ctx.client, '/contract/signature/default', { signature_id: second.signatureId }),
    ).toEqual({ result: 'success' });
    expect(await call(ctx.client, '/contract/signature/default', { signatureId })).toEqual({
      result: 'success',
    });
    expect(
      (await control(ctx, 'GET', `/__sim/baoquan/tenants/${ctx.client.accessKey}`)).body.defaultSignatureId,
    ).toBe(signatureId);
    const e = await expectError(
      call(ctx.client, '/contract/signature/default', { signature_id: 'nope' }),
      'SIGNATURE_NOT_FOUND',
    );
    expect(e.message).toBe('签章图片不存在');
    await expectError(call(ctx.client, '/contract/signature/default', {}), 'PARAM_MISSING', {
      field: 'payload.signature_id',
    });
    // Another tenant sees none of them.
    expect(await call(ctx.newTenant().client, '/contract/signature/list', {})).toEqual({});
  });

  it('takes exactly one PNG signature image and exactly one PDF contract', async () => {
    const ctx = setup();
    const pdf = await textPdf([['x']]);
    await expectError(
      call(
        ctx.client,
        '/contract/signature',
        {},
        { attachments: { 0: [{ bytes: pdf, filename: 'a.png' }] } },
      ),
      'SIGNATURE_IMAGE_NOT_PNG',
    );
    // PNG magic over bytes that do not decode.
    const corrupt = new Uint8Array([...BLUE.subarray(0, 40), ...new Uint8Array(40)]);
    await expectError(
      call(
        ctx.client,
        '/contract/signature',
        {},
        { attachments: { 0: [{ bytes: corrupt, filename: 'a.png' }] } },
      ),
      'SIGNATURE_IMAGE_NOT_PNG',
    );
    await expectError(call(ctx.client, '/contract/signature', {}), 'SIGNATURE_IMAGE_COUNT');
    await expectError(
      call(
        ctx.client,
        '/contract/signature',
        {},
        {
          attachments: {
            0: [
              { bytes: BLUE, filename: 'a.png' },
              { bytes: BLUE, filename: 'b.png' },
            ],
          },
        },
      ),
      'SIGNATURE_IMAGE_COUNT',
    );
    await expectError(
      call(
        ctx.client,
        '/contract/uploadPdf',
        {},
        { attachments: { 0: [{ bytes: BLUE, filename: 'c.pdf' }] } },
      ),
      'CONTRACT_NOT_PDF',
    );
    await expectError(
      call(
        ctx.client,
        '/contract/uploadPdf',
        {},
        { attachments: { 0: [{ bytes: '%PDF-1.7 broken', filename: 'c.pdf' }] } },
      ),
      'CONTRACT_NOT_PDF',
    );
    await expectError(call(ctx.client, '/contract/uploadPdf', {}), 'CONTRACT_PDF_COUNT');
    await expectError(
      call(
        ctx.client,
        '/contract/uploadPdf',
        {},
        {
          attachments: {
            0: [
              { bytes: pdf, filename: 'a.pdf' },
              { bytes: pdf, filename: 'b.pdf' },
            ],
          },
        },
      ),
      'CONTRACT_PDF_COUNT',
    );
    const { contractId } = await call(
      ctx.client,
      '/contract/uploadPdf',
      {},
      { attachments: { 0: [{ bytes: pdf, filename: 'a.pdf' }] } },
    );
    expect(contractId).toMatch(/^[0-9A-Za-z]{22}$/);
  });

  it("setDetail: signers must be registered and KYC'd; end_at in the doc's, Java's, ISO and epoch forms, in the future", async () => {
    const ctx = setup();
    const contract_id = await uploadContract(ctx.client);
    const detail = {
      contract_id,
      title: '这是xx合同的标题',
      remark: '这是xx合同的备注信息',
      userPhones: [SIGNER_1, SIGNER_2],
    };
    // The doc's own example date is in 2018: in the past.
    const e = await expectError(
      call(ctx.client, '/contract/setDetail', { ...detail, end_at: 'TueAug1418: 08: 29CST2018' }),
      'END_AT_EXPIRED',
    );
    expect(e.message).toBe('合同截止时间不能早于当前时间');
    const expected = Date.UTC(2024, 7, 14, 10, 8, 29); // 18:08:29 CST
    for (const end_at of [
      'WedAug1418: 08: 29CST2024',
      'Wed Aug 14 18:08:29 CST 2024',
      '2024-08-14T18:08:29+08:00',
      '2024-08-14 18:08:29',
      expected,
      String(expected),
    ]) {
      expect(await call(ctx.client, '/contract/setDetail', { ...detail, end_at })).toEqual({
        result: 'success',
      });
      expect((await control(ctx, 'GET', `/__sim/baoquan/contracts/${contract_id}`)).body.endAt).toBe(
        expected,
      );
    }
    await expectError(
      call(ctx.client, '/contract/setDetail', { ...detail, end_at: 'someday' }),
      'PARAM_INVALID',
      { field: 'payload.end_at' },
    );
    const end_at = inAnHour(ctx);
    await expectError(
      call(ctx.client, '/contract/setDetail', { ...detail, end_at, contract_id: 'nope' }),
      'CONTRACT_NOT_FOUND',
    );
    const e2 = await expectError(
      call(ctx.client, '/contract/setDetail', { ...detail, end_at, userPhones: [SIGNER_1, '13900000000'] }),
      'PHONE_NOT_REGISTERED',
      { phone: '13900000000' },
    );
    expect(e2.message).toBe('签署人未注册: 13900000000');
    // Registered on the website but not real-name verified.
    await control(ctx, 'POST', '/__sim/baoquan/users', { phone: '13900000001', name: '未实名' });
    await expectError(
      call(ctx.client, '/contract/setDetail', { ...detail, end_at, userPhones: ['13900000001'] }),
      'PHONE_NOT_KYC',
      { phone: '13900000001' },
    );
    // …until /users/kyc verifies them.
    await call(ctx.client, '/users/kyc', {
      name: '已实名',
      phone: '13900000001',
      idCard: '42012319800127691X',
    });
    await call(ctx.client, '/contract/setDetail', { ...detail, end_at, userPhones: ['13900000001'] });
    await expectError(
      call(ctx.client, '/contract/setDetail', { ...detail, end_at, userPhones: [SIGNER_1, SIGNER_1] }),
      'PARAM_INVALID',
      { field: 'payload.userPhones' },
    );
    await expectError(
      call(ctx.client, '/contract/setDetail', { ...detail, end_at, userPhones: [CREATOR] }),
      'PARAM_INVALID',
      { field: 'payload.userPhones' },
    );
    await expectError(
      call(ctx.client, '/contract/setDetail', { ...detail, end_at, userPhones: [] }),
      'PARAM_MISSING',
      { field: 'payload.userPhones' },
    );
  });

  it('runs the doc flow: the creator first, then userPhones in order; codes in the outbox; DONE stamps the default image at page/posX/posY; complete at the end', async () => {
    const ctx = setup();
    await call(
      ctx.client,
      '/contract/signature',
      {},
      { attachments: { 0: [{ bytes: BLUE, filename: 'sig.png' }] } },
    );
    const contract_id = await detailed(ctx);
    // Out of order: the first of userPhones before the creator.
    const e = await expectError(
      call(ctx.client, '/contract/verifyCode', { contract_id, phone: SIGNER_1 }),
      'SIGN_ORDER_WRONG',
      { phone: CREATOR },
    );
    expect(e.message).toBe(`请按签署顺序签署，当前签署人: ${CREATOR}`);
    await expectError(
      call(ctx.client, '/contract/verifyCode', { contract_id, phone: '13900000009' }),
      'SIGNER_NOT_IN_CONTRACT',
      { phone: '13900000009' },
    );
    const code = await codeFor(ctx, ctx.client, contract_id, CREATOR);
    const sms = ctx.sim.outbox.list({ vendor: 'baoquan', to: CREATOR }).at(-1)!;
    expect(sms.channel).toBe('sms');
    expect(sms.text).toContain(code);
    // A wrong code changes nothing; the right one signs.
    const wrong = code === '0000' ? '1111' : '0000';
    const e2 = await expectError(
      call(ctx.client, '/contract/sign', done(contract_id, CREATOR, wrong)),
      'VERIFY_CODE_WRONG',
    );
    expect(e2.message).toBe('验证码错误');
    expect(await call(ctx.client, '/contract/sign', done(contract_id, CREATOR, code))).toEqual({
      result: 'success',
    });
    // Used codes cannot sign again; the creator is done.
    await expectError(
      call(ctx.client, '/contract/sign', done(contract_id, CREATOR, code)),
      'SIGNER_ALREADY_SIGNED',
      { phone: CREATOR },
    );
    await expectError(
      call(ctx.client, '/contract/verifyCode', { contract_id, phone: CREATOR }),
      'SIGNER_ALREADY_SIGNED',
      { phone: CREATOR },
    );
    await expectError(
      call(ctx.client, '/contract/verifyCode', { contract_id, phone: SIGNER_2 }),
      'SIGN_ORDER_WRONG',
      { phone: SIGNER_1 },
    );
    // setDetail is closed once someone signed.
    await expectError(
      call(ctx.client, '/contract/setDetail', {
        contract_id,
        title: 't',
        end_at: inAnHour(ctx),
        remark: '',
        userPhones: [SIGNER_1],
      }),
      'CONTRACT_ENDED',
    );

    const view = await control<{
      currentUrl: string;
      signers: Array<{ phone: string; status: string; current: boolean; stamp?: unknown }>;
    }>(ctx, 'GET', `/__sim/baoquan/contracts/${contract_id}`);
    expect(view.body.signers.map((s) => [s.phone, s.status, s.current])).toEqual([
      [CREATOR, 'DONE', false],
      [SIGNER_1, 'WAITING', true],
      [SIGNER_2, 'WAITING', false],
    ]);
    expect(view.body.signers[0]!.stamp).toMatchObject({ page: 2, x: 400, y: 500 });
    const pdf = new Uint8Array(await (await ctx.sim.fetch(new Request(view.body.currentUrl))).arrayBuffer());
    const page2 = await renderPdfPage(pdf, 2);
    expect(
      bluePixels(page2, pdfBoxToPixels({ x: 360, y: 485, width: 80, height: 30 }, 841.89)),
    ).toBeGreaterThan(1500);
    expect(bluePixels(await renderPdfPage(pdf, 1), { x: 0, y: 0, width: 600, height: 850 })).toBe(0);

    // The Java SDK 2.0.x's signContract sends extra keys; without a template_id nothing is attested.
    const c1 = await codeFor(ctx, ctx.client, contract_id, SIGNER_1);
    const signed = await call(ctx.client, '/contract/sign', {
      ...done(contract_id, SIGNER_1, c1, '1', '300', '300'),
      template_id: null,
      identities: { MO: SIGNER_1 },
      factoids: [],
      completed: false,
      signature_id: '',
      type: 'enterprise',
    });
    expect(signed).toEqual({ result: 'success' });
    // A code lives 5 minutes of virtual time.
    const c2 = await codeFor(ctx, ctx.client, contract_id, SIGNER_2);
    await ctx.sim.clock.advance(5 * 60_000 + 1);
    const e3 = await expectError(
      call(ctx.client, '/contract/sign', done(contract_id, SIGNER_2, c2)),
      'VERIFY_CODE_EXPIRED',
    );
    expect(e3.message).toBe('验证码已过期');
    const c3 = await codeFor(ctx, ctx.client, contract_id, SIGNER_2);
    // The doc's example shape (title, string positions, a trailing comma). Spaces, not line breaks:
    // FormData rewrites a text part's LF as CRLF, so a multi-line payload would not be what was signed.
    const docExample =
      `{ "title": "这是xx合同的标题", "phone": "${SIGNER_2}", "verify_code": "${c3}", ` +
      `"ecs_status": "DONE", ` +
      `"contract_id": "${contract_id}", "page": "1", "posX": "100", "posY": "100", }`;
    expect(await call(ctx.client, '/contract/sign', {}, { overrides: { payload: docExample } })).toEqual({
      result: 'success',
    });
    const final = await control<{ status: string; signers: Array<{ status: string }> }>(
      ctx,
      'GET',
      `/__sim/baoquan/contracts/${contract_id}`,
    );
    expect(final.body.status).toBe('DONE');
    expect(final.body.signers.every((s) => s.status === 'DONE')).toBe(true);
    const e4 = await expectError(
      call(ctx.client, '/contract/verifyCode', { contract_id, phone: SIGNER_2 }),
      'CONTRACT_ENDED',
    );
    expect(e4.message).toBe('合同已结束');
  });

  it('refuses bad positions and a missing default image without changing the contract', async () => {
    const ctx = setup();
    const t = ctx.newTenant();
    await call(t.client, '/users/kyc', { name: '用户一', phone: SIGNER_1, idCard: '110105198503024565' });
    const contract_id = await detailed(ctx, t.client, [SIGNER_1]);
    const code = await codeFor(ctx, t.client, contract_id, CREATOR);
    const e = await expectError(
      call(t.client, '/contract/sign', done(contract_id, CREATOR, code)),
      'DEFAULT_SIGNATURE_MISSING',
    );
    expect(e.message).toBe('请先上传并设置默认签章图片');
    await call(
      t.client,
      '/contract/signature',
      {},
      { attachments: { 0: [{ bytes: BLUE, filename: 'sig.png' }] } },
    );
    await expectError(
      call(t.client, '/contract/sign', done(contract_id, CREATOR, code, '3')),
      'PARAM_INVALID',
      { field: 'payload.page' },
    );
    await expectError(
      call(t.client, '/contract/sign', done(contract_id, CREATOR, code, '1', '700')),
      'PARAM_INVALID',
      { field: 'payload.posX' },
    );
    await expectError(
      call(t.client, '/contract/sign', done(contract_id, CREATOR, code, '1', '100', '900')),
      'PARAM_INVALID',
      { field: 'payload.posY' },
    );
    await expectError(
      call(t.client, '/contract/sign', { ...done(contract_id, CREATOR, code), ecs_status: 'SIGN' }),
      'PARAM_INVALID',
      { field: 'payload.ecs_status' },
    );
    // The first uploaded image is the default; the same code still signs.
    expect(await call(t.client, '/contract/sign', done(contract_id, CREATOR, code))).toEqual({
      result: 'success',
    });
    await expectError(
      call(t.client, '/contract/verifyCode', { contract_id: 'nope', phone: CREATOR }),
      'CONTRACT_NOT_FOUND',
    );
    // Before setDetail there is nothing to sign.
    const bare = await uploadContract(t.client);
    const e2 = await expectError(
      call(t.client, '/contract/verifyCode', { contract_id: bare, phone: CREATOR }),
      'CONTRACT_DETAIL_MISSING',
    );
    expect(e2.message).toBe('请先设置合同信息');
    await expectError(
      call(t.client, '/contract/sign', done(bare, CREATOR, '1234')),
      'CONTRACT_DETAIL_MISSING',
    );
  });

  it("CANCEL is the initiator's only; REJECT ends the contract; an expired end_at blocks signing", async () => {
    const ctx = setup();
    // CANCEL
    const a = await detailed(ctx);
    const e = await expectError(
      call(ctx.client, '/contract/sign', { ...done(a, SIGNER_1, '0000'), ecs_status: 'CANCEL' }),
      'CANCEL_NOT_INITIATOR',
    );
    expect(e.message).toBe('只有发起人才能取消合同');
    expect(
      await call(ctx.client, '/contract/sign', { ...done(a, CREATOR, '0000'), ecs_status: 'CANCEL' }),
    ).toEqual({ result: 'success' });
    expect((await control(ctx, 'GET', `/__sim/baoquan/contracts/${a}`)).body).toMatchObject({
      status: 'CANCEL',
      endedBy: CREATOR,
    });
    await expectError(
      call(ctx.client, '/contract/verifyCode', { contract_id: a, phone: CREATOR }),
      'CONTRACT_ENDED',
    );

    // REJECT by the signer whose turn it is, with a valid code.
    await call(
      ctx.client,
      '/contract/signature',
      {},
      { attachments: { 0: [{ bytes: BLUE, filename: 'sig.png' }] } },
    );
    const b = await detailed(ctx);
    await call(ctx.client, '/contract/sign', done(b, CREATOR, await codeFor(ctx, ctx.client, b, CREATOR)));
    const code = await codeFor(ctx, ctx.client, b, SIGNER_1);
    await expectError(
      call(ctx.client, '/contract/sign', { ...done(b, SIGNER_1, '9'), ecs_status: 'REJECT' }),
      'VERIFY_CODE_WRONG',
    );
    expect(
      await call(ctx.client, '/contract/sign', { ...done(b, SIGNER_1, code), ecs_status: 'REJECT' }),
    ).toEqual({ result: 'success' });
    const view = await control<{ status: string; signers: Array<{ status: string }> }>(
      ctx,
      'GET',
      `/__sim/baoquan/contracts/${b}`,
    );
    expect(view.body.status).toBe('REJECT');
    expect(view.body.signers.map((s) => s.status)).toEqual(['DONE', 'REJECT', 'WAITING']);
    await expectError(
      call(ctx.client, '/contract/verifyCode', { contract_id: b, phone: SIGNER_2 }),
      'CONTRACT_ENDED',
    );

    // Expiry on the virtual clock.
    const c = await detailed(ctx);
    const creatorCode = await codeFor(ctx, ctx.client, c, CREATOR);
    await ctx.sim.clock.advance(3_600_000 + 1);
    const e2 = await expectError(
      call(ctx.client, '/contract/sign', done(c, CREATOR, creatorCode)),
      'CONTRACT_EXPIRED',
    );
    expect(e2.message).toBe('合同已过截止时间');
    await expectError(
      call(ctx.client, '/contract/verifyCode', { contract_id: c, phone: CREATOR }),
      'CONTRACT_EXPIRED',
    );
    await expectError(
      call(ctx.client, '/contract/sign', { ...done(c, CREATOR, creatorCode), ecs_status: 'CANCEL' }),
      'CONTRACT_EXPIRED',
    );
    expect((await control(ctx, 'GET', `/__sim/baoquan/contracts/${c}`)).body.status).toBe('EXPIRED');
    expect(ctx.sim.clock.jobErrors).toEqual([]);
  });
});
