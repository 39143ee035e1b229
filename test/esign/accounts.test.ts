/** Accounts (§4.6, appendix): person, organize, idexchange. */
import { afterEach, describe, expect, it } from 'vitest';
import { createEsignClient, type EsignApiError } from '../../clients/esign/index.ts';
import { esignErrors } from '../../contracts/esign/index.ts';
import { faker, setup, type Ctx } from './helpers.ts';

const E = (name: keyof typeof esignErrors) => esignErrors[name].errCode;
const errOf = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: EsignApiError) => e.errCode,
  );

describe('esign accounts', () => {
  let ctx: Ctx;
  afterEach(() => ctx.sim.close());

  it('creates a person from the doc’s example and answers a 32-hex accountId', async () => {
    ctx = setup();
    const body = {
      thirdId: '097a56e26a93c874140bbcdf403f3f60',
      name: '张三',
      idNo: '371500198101175693',
      idType: 19 as const,
      mobile: '13516134875',
      email: 'test21@tsign.cn',
    };
    const { accountId } = await ctx.client.call('/account/create/person/private', body);
    expect(accountId).toMatch(/^[0-9a-f]{32}$/);
    expect(await ctx.client.call('/account/idexchange', { thirdId: body.thirdId })).toEqual({ accountId });
  });

  it('validates the person: idType, ID-card check digit, mobile, e-mail, thirdId length and uniqueness', async () => {
    ctx = setup();
    const p = faker.person();
    const ok = { name: p.name, idNo: p.idNo, idType: 19 };
    const call = (b: Record<string, unknown>) =>
      errOf(ctx.client.call('/account/create/person/private', { ...ok, ...b } as never));
    expect(await call({ idType: 12 })).toBe(E('ID_TYPE_INVALID'));
    const last = p.idNo.slice(-1);
    const wrong = p.idNo.slice(0, 17) + (last === '0' ? '1' : '0');
    expect(await call({ idNo: wrong })).toBe(E('ID_NO_INVALID'));
    expect(await call({ idNo: '12345' })).toBe(E('ID_NO_INVALID'));
    expect(await call({ mobile: '12345678901' })).toBe(E('PARAM_INVALID'));
    expect(await call({ email: 'not-an-email' })).toBe(E('PARAM_INVALID'));
    expect(await call({ thirdId: '中'.repeat(17) })).toBe(E('THIRD_ID_INVALID')); // 51 bytes
    expect(await call({ thirdId: '中'.repeat(16) + 'ab' })).toBe(0); // exactly 50 bytes
    expect(await call({ thirdId: '中'.repeat(16) + 'ab' })).toBe(E('THIRD_ID_DUPLICATE'));
    expect(await call({ idType: 13, idNo: 'E12345678' })).toBe(0); // 护照: no check digit
    expect(await call({ name: '' })).toBe(E('PARAM_MISSING'));
  });

  it('creates an organisation bound to a person agent; validates organCode per organType', async () => {
    ctx = setup();
    const agent = await ctx.client.call('/account/create/person/private', {
      name: '童瑶',
      idNo: '33012219921122281X',
      idType: 19,
    });
    const c = faker.company();
    const base = { agentAccountId: agent.accountId, name: c.name };
    const org = (b: Record<string, unknown>) =>
      ctx.client.call('/account/create/organize/private', { ...base, ...b } as never);
    await expect(org({ organCode: c.uscc, organType: 11 })).resolves.toMatchObject({
      accountId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    await expect(org({ organCode: c.orgCode, organType: 10 })).resolves.toBeTruthy();
    await expect(org({ organCode: c.regNo, organType: 12 })).resolves.toBeTruthy();
    // the doc's own example: a 组织机构代码 with organType 12
    await expect(
      org({
        thirdId: '02080617B436452B8ABDCB85350CE4FA',
        name: '天谷科技信息有限公司',
        organCode: '745830607',
        organType: 12,
        legalName: '童瑶',
        legalIdNo: '33012219921122281X',
        legalIdType: 19,
        email: 'tg@tsign.cn',
      }),
    ).resolves.toBeTruthy();
    const bad = c.uscc.slice(0, 17) + (c.uscc.endsWith('0') ? '1' : '0');
    expect(await errOf(org({ organCode: bad, organType: 11 }))).toBe(E('ORGAN_CODE_INVALID'));
    expect(await errOf(org({ organCode: c.uscc, organType: 10 }))).toBe(E('ORGAN_CODE_INVALID'));
    expect(await errOf(org({ organCode: c.uscc, organType: 13 }))).toBe(E('ORGAN_TYPE_INVALID'));
    expect(await errOf(org({ organCode: c.uscc, organType: 11, legalIdNo: '33012219921122281X' }))).toBe(
      E('LEGAL_ID_TYPE_MISSING'),
    );
    expect(
      await errOf(
        org({ organCode: c.uscc, organType: 11, legalIdNo: '330122199211222810', legalIdType: 19 }),
      ),
    ).toBe(E('ID_NO_INVALID'));
    expect(await errOf(org({ organCode: c.uscc, organType: 11, agentAccountId: 'f'.repeat(32) }))).toBe(
      E('AGENT_ACCOUNT_NOT_FOUND'),
    );
    const { accountId: orgId } = await org({ organCode: c.uscc, organType: 11, thirdId: 'org-1' });
    expect(await errOf(org({ organCode: c.uscc, organType: 11, agentAccountId: orgId }))).toBe(
      E('AGENT_NOT_PERSON'),
    );
    expect(await errOf(org({ organCode: c.uscc, organType: 11, thirdId: 'org-1' }))).toBe(
      E('THIRD_ID_DUPLICATE'),
    );
  });

  it('idexchange: unknown thirdId is an error; thirdIds and accounts are per project', async () => {
    ctx = setup();
    const p = faker.person();
    const { accountId } = await ctx.client.call('/account/create/person/private', {
      thirdId: 'u-1',
      name: p.name,
      idNo: p.idNo,
      idType: 19,
    });
    expect(await errOf(ctx.client.call('/account/idexchange', { thirdId: 'u-2' }))).toBe(
      E('THIRD_ID_NOT_FOUND'),
    );
    const other = ctx.sim.vendor('esign').createTenant({});
    const c2 = createEsignClient({
      baseUrl: ctx.base,
      projectId: other.credentials.projectId!,
      secret: other.credentials.projectSecret!,
      fetch: (r) => ctx.sim.fetch(r),
    });
    expect(await errOf(c2.call('/account/idexchange', { thirdId: 'u-1' }))).toBe(E('THIRD_ID_NOT_FOUND'));
    // the same thirdId is free in another project, and the first project's person is no agent there
    await expect(
      c2.call('/account/create/person/private', { thirdId: 'u-1', name: p.name, idNo: p.idNo, idType: 19 }),
    ).resolves.toBeTruthy();
    expect(
      await errOf(
        c2.call('/account/create/organize/private', {
          agentAccountId: accountId,
          name: 'x公司',
          organCode: faker.company().uscc,
          organType: 11,
        }),
      ),
    ).toBe(E('AGENT_ACCOUNT_NOT_FOUND'));
  });

  it('keys like __proto__ and constructor are ordinary unknown or stored values', async () => {
    ctx = setup();
    expect(await errOf(ctx.client.call('/account/idexchange', { thirdId: 'constructor' }))).toBe(
      E('THIRD_ID_NOT_FOUND'),
    );
    expect(await errOf(ctx.client.call('/account/idexchange', { thirdId: '__proto__' }))).toBe(
      E('THIRD_ID_NOT_FOUND'),
    );
    const p = faker.person();
    const { accountId } = await ctx.client.call('/account/create/person/private', {
      thirdId: '__proto__',
      name: p.name,
      idNo: p.idNo,
      idType: 19,
    });
    expect(await ctx.client.call('/account/idexchange', { thirdId: '__proto__' })).toEqual({ accountId });
    const c = faker.company();
    expect(
      await errOf(
        ctx.client.call('/account/create/organize/private', {
          agentAccountId: 'constructor',
          name: c.name,
          organCode: c.uscc,
          organType: 11,
        }),
      ),
    ).toBe(E('AGENT_ACCOUNT_NOT_FOUND'));
    expect(await errOf(ctx.client.call('/sign/docdetail', { flowId: '__proto__' }))).toBe(
      E('FLOW_NOT_FOUND'),
    );
    expect(await errOf(ctx.client.call('/doc/downloadurl', { docId: 'toString' }))).toBe(E('DOC_NOT_FOUND'));
    expect(
      await errOf(ctx.client.call('/doc/createbytemplate', { templateId: 'hasOwnProperty', name: 'x' })),
    ).toBe(E('TEMPLATE_NOT_FOUND'));
    expect(await errOf(ctx.client.call('/doc/createbyfilekey', { fileKey: 'valueOf' }))).toBe(
      E('FILE_KEY_NOT_FOUND'),
    );
  });
});
