/**
 * §5.6.3–§5.6.5 意愿认证 through the typed client: /send/verifyCode puts a 4-digit code in the
 * outbox (the given phone or the user's), and the verifyCode signings check it: 20107 none sent,
 * 100611 wrong, 100612 used, 20108 after 15 virtual minutes, 100609/100610 field rules, 20304 SMS
 * not bought, 20201 no phone.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { apiError, MIN, PERSON, yht, type YhtHandle } from './helpers.ts';

let h: YhtHandle;
let c: YunhetongDigestClient;
let sandbox: string;
let person: string;
let seal: string;

const IN = '/c/in.pdf';
const OUT = '/c/out.pdf';
const lastCode = () => h.sim.outbox.list({ vendor: 'yunhetong-digest' }).at(-1)!;

beforeEach(async () => {
  sandbox = join(mkdtempSync(join(tmpdir(), 'yht-verify-test-')), 'sandbox');
  mkdirSync(join(sandbox, 'c'), { recursive: true });
  writeFileSync(join(sandbox, IN), await createTextPdf([{ lines: ['合同', '甲方：'] }]));
  h = yht({ vendorOptions: { sandboxDir: sandbox } });
  c = h.client();
  await c.login();
  person = String((await c.call('/user/person', PERSON)).signerId);
  seal = String((await c.call('/moulage/person', { signerId: person })).moulageId);
});

afterEach(() => rmSync(dirname(sandbox), { recursive: true, force: true }));

const signBody = (code: string) => ({
  code,
  signerId: person,
  moulageId: seal,
  contractPath: IN,
  contractSavePath: OUT,
  signPositionType: '1' as const,
  positionContent: '1,100,100',
});

describe('意愿认证', () => {
  it("sends a code to the user's phone and signs with it once", async () => {
    expect(await c.call('/send/verifyCode', { signerId: person })).toBeUndefined();
    const msg = lastCode();
    expect(msg).toMatchObject({
      channel: 'sms',
      to: PERSON.phoneNo,
      tenant: YUNHETONG_DIGEST_DEFAULT_APP.appId,
    });
    expect(msg.code).toMatch(/^\d{4}$/);
    expect(msg.text).toContain(msg.code!);
    expect(await c.call('/sign/verifyCodeFilePath', signBody(msg.code!))).toEqual({ summaryId: 1000 });
    expect(existsSync(join(sandbox, OUT))).toBe(true);
    expect(await apiError(c.call('/sign/verifyCodeFilePath', signBody(msg.code!)))).toMatchObject({
      code: 100612,
      msg: '该验证码已失效',
    });
  });

  it('sends to a given phone; the latest code replaces the earlier; wrong 100611; none 20107', async () => {
    expect(await apiError(c.call('/sign/verifyCodeFilePath', signBody('1234')))).toMatchObject({
      code: 20107,
      msg: '未通过验证码校验',
    });
    await c.call('/send/verifyCode', { signerId: person, phoneNo: '13900000000' });
    const first = lastCode();
    expect(first.to).toBe('13900000000');
    await c.call('/send/verifyCode', { signerId: person });
    const second = lastCode();
    const wrong = second.code === '0000' ? '1111' : '0000';
    expect(await apiError(c.call('/sign/verifyCodeFilePath', signBody(wrong)))).toMatchObject({
      code: 100611,
      msg: '验证码错误',
    });
    if (first.code !== second.code)
      expect((await apiError(c.call('/sign/verifyCodeFilePath', signBody(first.code!)))).code).toBe(100611);
    // a failed signing does not use the code up
    expect(
      (
        await apiError(
          c.call('/sign/verifyCodeFilePath', { ...signBody(second.code!), contractPath: '/nope.pdf' }),
        )
      ).code,
    ).toBe(20100);
    expect(await c.call('/sign/verifyCodeFilePath', signBody(second.code!))).toEqual({ summaryId: 1000 });
  });

  it('expires codes after 15 virtual minutes', async () => {
    await c.call('/send/verifyCode', { signerId: person });
    await h.sim.clock.advance(15 * MIN + 1);
    await c.login();
    expect(await apiError(c.call('/sign/verifyCodeFilePath', signBody(lastCode().code!)))).toMatchObject({
      code: 20108,
      msg: '验证码超过 15 分钟',
    });
  });

  it('checks the code field, the SMS service and the phone', async () => {
    expect((await apiError(c.call('/sign/verifyCodeFilePath', signBody('')))).code).toBe(100609);
    expect((await apiError(c.call('/sign/verifyCodeFilePath', signBody('12345')))).code).toBe(100610);
    expect((await apiError(c.call('/send/verifyCode', { signerId: person, phoneNo: '123' }))).code).toBe(
      100603,
    );
    expect((await apiError(c.call('/send/verifyCode', { signerId: '99' }))).code).toBe(20206);
    const { phoneRegion: _r, phoneNo: _p, ...noPhone } = PERSON;
    const bare = String((await c.call('/user/person', { ...noPhone, certifyNum: 'NOPHONE1' })).signerId);
    expect(await apiError(c.call('/send/verifyCode', { signerId: bare }))).toMatchObject({
      code: 20201,
      msg: '手机号不存在',
    });
    await h.control('PATCH', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}/state`, {
      services: { sms: false },
    });
    expect(await apiError(c.call('/send/verifyCode', { signerId: person }))).toMatchObject({
      code: 20304,
      msg: '未购买短信验证服务',
    });
    expect((await apiError(c.call('/sign/verifyCodeFilePath', signBody('1234')))).code).toBe(20304);
  });

  it('signs an uploaded file after the code check (/sign/verifyCodeFileStream)', async () => {
    await c.call('/send/verifyCode', { signerId: person });
    const pdf = new Uint8Array(readFileSync(join(sandbox, IN)));
    const { contractPath: _p, ...rest } = signBody(lastCode().code!);
    expect(await c.signVerifyCodeFileStream({ ...rest, contractPath: pdf, contractTitle: '合同' })).toEqual({
      summaryId: 1000,
    });
    expect(
      (await apiError(c.signVerifyCodeFileStream({ ...rest, contractPath: pdf, contractTitle: '合同' })))
        .code,
    ).toBe(100612);
  });
});
