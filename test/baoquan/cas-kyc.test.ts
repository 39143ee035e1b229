/** /cas (CA certificates) and /users/kyc. */
import { describe, expect, it } from 'vitest';
import { call, control, expectError, setup, solidPng, tinyJpeg } from './helpers.ts';

const PERSON = {
  type: 'PERSONAL',
  link_name: '张三',
  link_id_card: '330184198501184115',
  link_phone: '13378784545',
  link_email: '123@qq.com',
};
const LINK = {
  link_name: '张三',
  link_id_card: '330184198501184115',
  link_phone: '13378784545',
  link_email: '123@qq.com',
};
const SEAL = { bytes: solidPng(20, 20, [200, 0, 0, 255]), filename: 'seal.png' };

describe('baoquan /cas', () => {
  it("issues a personal CA from the doc's example: data.no is a 32 upper-hex caId", async () => {
    const ctx = setup();
    const { no } = await call(ctx.client, '/cas', PERSON);
    expect(no).toMatch(/^[0-9A-F]{32}$/);
    const cas = await control<{ cas: Array<{ caId: string; type: string; link_name: string }> }>(
      ctx,
      'GET',
      '/__sim/baoquan/cas',
    );
    expect(cas.body.cas.at(-1)).toMatchObject({ caId: no, type: 'PERSONAL', link_name: '张三' });
    // The Java SDK sends every field, unset ones as null (name, ic_code…); PHP the same with [] for none.
    await call(ctx.client, '/cas', { ...PERSON, name: null, ic_code: null, org_code: null, tax_code: null });
  });

  it('issues enterprise CAs: a USCC alone (the doc example), or a registration number with org_code and tax_code; a seal png/jpg is required', async () => {
    const ctx = setup();
    const uscc = await call(
      ctx.client,
      '/cas',
      { type: 'ENTERPRISE', name: 'xxx有限公司', ic_code: '91332406MA27XMXJ27', ...LINK },
      { seal: SEAL },
    );
    expect(uscc.no).toMatch(/^[0-9A-F]{32}$/);
    const jpg = { bytes: await tinyJpeg(), filename: 'SEAL.JPG' };
    await call(
      ctx.client,
      '/cas',
      {
        type: 'ENTERPRISE',
        name: 'xxx有限公司',
        ic_code: '419001000033792',
        org_code: '177470403',
        tax_code: '419001177470403',
        ...LINK,
      },
      { seal: jpg },
    );
    // The java-sdk test: USCC plus (unneeded) org_code and tax_code.
    await call(
      ctx.client,
      '/cas',
      {
        type: 'ENTERPRISE',
        name: '浙金网',
        ic_code: '91330105311263043J',
        org_code: '311263043',
        tax_code: '330105311263043',
        ...LINK,
      },
      { seal: SEAL },
    );

    const ent = { type: 'ENTERPRISE', name: 'xxx有限公司', ...LINK };
    await expectError(
      call(ctx.client, '/cas', { ...ent, ic_code: '419001000033792' }, { seal: SEAL }),
      'PARAM_MISSING',
      { field: 'payload.org_code' },
    );
    await expectError(
      call(ctx.client, '/cas', { ...ent, ic_code: '419001000033792', org_code: '177470403' }, { seal: SEAL }),
      'PARAM_MISSING',
      { field: 'payload.tax_code' },
    );
    await expectError(
      call(
        ctx.client,
        '/cas',
        { ...ent, ic_code: '419001000033792', org_code: '177470404', tax_code: '419001177470403' },
        { seal: SEAL },
      ),
      'PARAM_INVALID',
      { field: 'payload.org_code' },
    );
    await expectError(
      call(
        ctx.client,
        '/cas',
        { ...ent, ic_code: '419001000033793', org_code: '177470403', tax_code: '419001177470403' },
        { seal: SEAL },
      ),
      'PARAM_INVALID',
      { field: 'payload.ic_code' },
    );
    await expectError(
      call(
        ctx.client,
        '/cas',
        { type: 'ENTERPRISE', ic_code: '91332406MA27XMXJ27', ...LINK },
        { seal: SEAL },
      ),
      'PARAM_MISSING',
      { field: 'payload.name' },
    );
    const e = await expectError(
      call(ctx.client, '/cas', { ...ent, ic_code: '91332406MA27XMXJ27' }),
      'SEAL_REQUIRED',
    );
    expect(e.message).toBe('seal can not be null when ca type is enterprise');
    const e2 = await expectError(
      call(
        ctx.client,
        '/cas',
        { ...ent, ic_code: '91332406MA27XMXJ27' },
        { seal: { ...SEAL, filename: 'seal.gif' } },
      ),
      'SEAL_EXTENSION_INVALID',
    );
    expect(e2.message).toBe('seal file name extension must be png or jpg');
    // A png name over bytes that are no image, or only start like one.
    await expectError(
      call(
        ctx.client,
        '/cas',
        { ...ent, ic_code: '91332406MA27XMXJ27' },
        { seal: { bytes: 'not an image', filename: 'seal.png' } },
      ),
      'PARAM_INVALID',
      { field: 'seal' },
    );
    const corrupt = new Uint8Array([...SEAL.bytes.subarray(0, 40), ...new Uint8Array(40)]);
    await expectError(
      call(
        ctx.client,
        '/cas',
        { ...ent, ic_code: '91332406MA27XMXJ27' },
        { seal: { bytes: corrupt, filename: 'seal.png' } },
      ),
      'PARAM_INVALID',
      { field: 'seal' },
    );
  });

  it('validates the contact: type, ID-card check digit, mobile, e-mail; nothing is stored on failure', async () => {
    const ctx = setup();
    await expectError(call(ctx.client, '/cas', { ...PERSON, type: 'COMPANY' }), 'PARAM_INVALID', {
      field: 'payload.type',
    });
    await expectError(call(ctx.client, '/cas', { ...PERSON, link_name: '' }), 'PARAM_MISSING', {
      field: 'payload.link_name',
    });
    await expectError(
      call(ctx.client, '/cas', { ...PERSON, link_id_card: '330184198501184116' }),
      'PARAM_INVALID',
      { field: 'payload.link_id_card' },
    );
    await expectError(call(ctx.client, '/cas', { ...PERSON, link_phone: '1337878454' }), 'PARAM_INVALID', {
      field: 'payload.link_phone',
    });
    await expectError(call(ctx.client, '/cas', { ...PERSON, link_email: 'nope' }), 'PARAM_INVALID', {
      field: 'payload.link_email',
    });
    const cas = await control<{ cas: unknown[] }>(ctx, 'GET', '/__sim/baoquan/cas');
    expect(cas.body.cas).toHaveLength(2); // the doc's two seeded examples
  });
});

describe('baoquan /users/kyc', () => {
  it('registers a verified user and answers its userId; the same phone keeps its userId; bad data is refused', async () => {
    const ctx = setup();
    const { userId } = await call(ctx.client, '/users/kyc', {
      name: '用户一',
      phone: '15822222224',
      idCard: '42012319800127691X',
    });
    expect(userId).toMatch(/^[0-9A-Za-z]{22}$/);
    const again = await call(ctx.client, '/users/kyc', {
      name: '用户一改',
      phone: '15822222224',
      idCard: '42012319800127691x',
    });
    expect(again.userId).toBe(userId);
    const users = await control<{
      users: Array<{ userId: string; name: string; kyc: boolean; idCard: string }>;
    }>(ctx, 'GET', '/__sim/baoquan/users');
    expect(users.body.users.find((u) => u.userId === userId)).toMatchObject({
      name: '用户一改',
      kyc: true,
      idCard: '42012319800127691X',
    });
    await expectError(
      call(ctx.client, '/users/kyc', { name: '用户一', phone: '123', idCard: '42012319800127691X' }),
      'PARAM_INVALID',
      { field: 'payload.phone' },
    );
    await expectError(
      call(ctx.client, '/users/kyc', { name: '用户一', phone: '15822222224', idCard: '420123198001276910' }),
      'PARAM_INVALID',
      { field: 'payload.idCard' },
    );
    await expectError(
      call(ctx.client, '/users/kyc', { phone: '15822222224', idCard: '42012319800127691X' }),
      'PARAM_MISSING',
      { field: 'payload.name' },
    );
  });
});
