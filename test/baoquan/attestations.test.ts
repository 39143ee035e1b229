/**
 * /attestations, /factoids, /attestation, /attestations/hash: templates, idempotency, completion, anchoring.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readZip } from '../../simulators/core/zip.ts';
import {
  attest,
  call,
  control,
  DEFAULT_PRIVATE_KEY,
  expectError,
  IDENTITIES,
  setup,
  uid,
  USER,
} from './helpers.ts';

const DOC_TEMPLATE = '2hSWTZ4oqVEJKAmK2RiyT4';
const PRODUCT_TEMPLATE = '5Yhus2mVSMnQRXobRJCYgt';
const PRODUCT = { name: '浙金网', description: 'p2g理财平台' };
const SHA = '654c71176b207401445fdd471f5e023f65af50d7361bf828e5b1c19c89b977b0';

/** The doc's /attestations example payload. */
const docPayload = () => ({
  unique_id: uid(),
  template_id: DOC_TEMPLATE,
  identities: { MO: '15857112383', ID: '42012319800127691X' },
  factoids: [
    {
      unique_id: uid(),
      type: 'hash',
      data: {
        userName: '李三',
        idCard: '330124199501017791',
        buyAmount: 0.3,
        incomeStartTime: '2015-12-02',
        incomeEndTime: '2016-01-01',
        createTime: '2015-12-01 14:33:44',
        payTime: '2015-12-01 14:33:59',
        payAmount: 600,
      },
    },
  ],
  completed: true,
});

describe('baoquan attestations', () => {
  it("accepts the doc's /attestations example and answers a 32-hex no", async () => {
    const ctx = setup();
    const payload = docPayload();
    const { no } = await call(ctx.client, '/attestations', payload);
    expect(no).toMatch(/^[0-9A-F]{32}$/);
    const got = await call(ctx.client, '/attestation', { ano: no });
    expect(got).toMatchObject({
      no,
      unique_id: payload.unique_id,
      template_id: DOC_TEMPLATE,
      completed: true,
      attachments: {},
      blockchain_hash: '',
    });
    expect(got.factoids?.[0]?.data).toMatchObject({ buyAmount: 0.3, payAmount: 600 });
    // unique_id whatever fields asks for (decision baoquan.attestation-unique-id).
    for (const fields of [[], ['factoids'], null])
      expect((await call(ctx.client, '/attestation', { ano: no, fields })).unique_id).toBe(payload.unique_id);
  });

  it('refuses what the template does not allow, with the SDK-asserted messages, and stores nothing', async () => {
    const ctx = setup();
    // Unknown type, even while not completed (java-sdk testCreateAttestation9).
    const e1 = await expectError(
      call(ctx.client, '/attestations', {
        unique_id: uid(),
        template_id: DOC_TEMPLATE,
        identities: IDENTITIES,
        factoids: [{ type: 'product', data: PRODUCT }],
        completed: false,
      }),
      'FACTOID_TYPE_UNKNOWN',
      { type: 'product' },
    );
    expect(e1.message).toBe('invalid factoid type: product corresponding schema not exist');
    // A required field missing once completed (testCreateAttestation8).
    const { phone_number: _p, ...noPhone } = USER;
    const e2 = await expectError(
      call(ctx.client, '/attestations', {
        unique_id: uid(),
        template_id: DOC_TEMPLATE,
        identities: IDENTITIES,
        factoids: [{ type: 'user', data: noPhone }],
      }),
      'FACTOID_FIELD_REQUIRED',
      { type: 'user', field: 'phone_number' },
    );
    expect(e2.message).toBe('invalid data : user.phone_number required');
    // …and the same while not completed is fine.
    await call(ctx.client, '/attestations', {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: noPhone }],
      completed: false,
    });
    // A required factoid never uploaded (testCreateAttestation10).
    const e3 = await expectError(
      call(ctx.client, '/attestations', {
        unique_id: uid(),
        template_id: PRODUCT_TEMPLATE,
        identities: IDENTITIES,
        factoids: [{ type: 'product', data: PRODUCT }],
      }),
      'FACTOID_FIELD_REQUIRED',
      { type: 'user', field: 'phone_number' },
    );
    expect(e3.message).toBe('invalid data : user.phone_number required');
    // A wrong format: "$100" for an int (the doc's user.money example), a bad date.
    const bad = docPayload();
    bad.factoids[0]!.data.payAmount = '$100' as never;
    await expectError(call(ctx.client, '/attestations', bad), 'FACTOID_FIELD_FORMAT', {
      type: 'hash',
      field: 'payAmount',
      fieldType: 'int',
    });
    const badDate = docPayload();
    badDate.factoids[0]!.data.incomeStartTime = '2015-13-02';
    await expectError(call(ctx.client, '/attestations', badDate), 'FACTOID_FIELD_FORMAT', {
      type: 'hash',
      field: 'incomeStartTime',
      fieldType: 'date',
    });
    // Unknown template (testCreateAttestation7).
    const e4 = await expectError(
      call(ctx.client, '/attestations', {
        unique_id: uid(),
        template_id: '2hSWTZ4oqVEJ',
        identities: IDENTITIES,
        factoids: [{ type: 'user', data: USER }],
      }),
      'TEMPLATE_NOT_FOUND',
    );
    expect(e4.message).toBe('模板不存在');
    const list = await control<{ attestations: unknown[] }>(ctx, 'GET', '/__sim/baoquan/attestations');
    expect(list.body.attestations).toHaveLength(5 + 1); // the seeded examples and the one incomplete upload
  });

  it('checks the payload: PARAM_MISSING for empty factoids or identities, PARAM_INVALID for a bad identity', async () => {
    const ctx = setup();
    const base = {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    };
    const e = await expectError(
      call(ctx.client, '/attestations', { ...base, factoids: [] }),
      'PARAM_MISSING',
      { field: 'payload.factoids' },
    );
    expect(e.message).toBe('payload.factoids can not be empty');
    await expectError(call(ctx.client, '/attestations', { ...base, identities: {} }), 'PARAM_MISSING', {
      field: 'payload.identities',
    });
    await expectError(call(ctx.client, '/attestations', { ...base, identities: [] }), 'PARAM_MISSING', {
      field: 'payload.identities',
    });
    await expectError(
      call(ctx.client, '/attestations', { ...base, identities: { MO: '12345' } }),
      'PARAM_INVALID',
      { field: 'payload.identities.MO' },
    );
    await expectError(
      call(ctx.client, '/attestations', { ...base, identities: { ID: '420123198001276910' } }),
      'PARAM_INVALID',
      { field: 'payload.identities.ID' },
    );
    await expectError(
      call(ctx.client, '/attestations', { ...base, identities: { XX: '1' } }),
      'PARAM_INVALID',
      { field: 'payload.identities.XX' },
    );
    await expectError(
      call(ctx.client, '/attestations', { ...base, identities: { USERID: 'nobody' } }),
      'PARAM_INVALID',
      { field: 'payload.identities.USERID' },
    );
    // USERID from /users/kyc is accepted.
    const { userId } = await call(ctx.client, '/users/kyc', {
      name: '用户一',
      phone: '15822222224',
      idCard: '42012319800127691X',
    });
    const { no } = await call(ctx.client, '/attestations', {
      ...base,
      unique_id: uid(),
      identities: { USERID: userId },
    });
    expect((await call(ctx.client, '/attestation', { ano: no, fields: ['identities'] })).identities).toEqual({
      USERID: userId,
    });
    // PHP sends an empty data object as [] (read as {}).
    await call(
      ctx.clientFor(ctx.client.accessKey, DEFAULT_PRIVATE_KEY, { serialise: 'php' }),
      '/attestations',
      {
        unique_id: uid(),
        template_id: DOC_TEMPLATE,
        identities: IDENTITIES,
        factoids: [{ type: 'hash', data: [] }],
        attachments: [],
      },
    );
  });

  it('is idempotent on unique_id, also for concurrent posts of the same payload', async () => {
    const ctx = setup();
    const payload = docPayload();
    const first = await call(ctx.client, '/attestations', payload);
    const again = await call(ctx.client, '/attestations', payload);
    expect(again.no).toBe(first.no);
    // A repeat is answered without re-validating (guess): even with another template.
    expect((await call(ctx.client, '/attestations', { ...payload, template_id: PRODUCT_TEMPLATE })).no).toBe(
      first.no,
    );

    const burst = docPayload();
    const nos = await Promise.all(Array.from({ length: 8 }, () => call(ctx.client, '/attestations', burst)));
    expect(new Set(nos.map((x) => x.no)).size).toBe(1);
    const list = await control<{ attestations: Array<{ no: string }> }>(
      ctx,
      'GET',
      '/__sim/baoquan/attestations',
    );
    expect(list.body.attestations.filter((a) => a.no === nos[0]!.no)).toHaveLength(1);
    // unique_id is 必选: without it nothing is made (decision baoquan.unique-id-repeat).
    await expectError(
      call(ctx.client, '/attestations', { ...docPayload(), unique_id: '' }),
      'PARAM_MISSING',
      {
        field: 'payload.unique_id',
      },
    );
  });

  it('/factoids adds to an open attestation, de-duplicates factoid unique_ids, and closes it on completed', async () => {
    const ctx = setup();
    const fuid = uid();
    const { no } = await call(ctx.client, '/attestations', {
      unique_id: uid(),
      template_id: PRODUCT_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ unique_id: fuid, type: 'product', data: PRODUCT }],
      completed: false,
    });
    // The same factoid unique_id again is processed once (testAddFactoids7).
    expect(
      await call(ctx.client, '/factoids', {
        ano: no,
        factoids: [{ unique_id: fuid, type: 'product', data: PRODUCT }],
        completed: false,
      }),
    ).toEqual({ success: true });
    expect((await call(ctx.client, '/attestation', { ano: no, fields: ['factoids'] })).factoids).toHaveLength(
      1,
    );
    // Completing without the required user (testAddFactoids6) is refused and changes nothing.
    await expectError(
      call(ctx.client, '/factoids', {
        ano: no,
        factoids: [{ unique_id: uid(), type: 'product', data: PRODUCT }],
      }),
      'FACTOID_FIELD_REQUIRED',
      { type: 'user', field: 'phone_number' },
    );
    const still = await call(ctx.client, '/attestation', { ano: no });
    expect(still).toMatchObject({ completed: false });
    expect(still.factoids).toHaveLength(1);
    // Unknown types are refused on /factoids too.
    await expectError(
      call(ctx.client, '/factoids', { ano: no, factoids: [{ type: 'hash', data: {} }], completed: false }),
      'FACTOID_TYPE_UNKNOWN',
      { type: 'hash' },
    );
    // The user completes it (testAddFactoids8).
    expect(
      await call(ctx.client, '/factoids', {
        ano: no,
        factoids: [{ unique_id: uid(), type: 'user', data: { ...USER, phone_number: '13452345987' } }],
      }),
    ).toEqual({ success: true });
    const done = await call(ctx.client, '/attestation', { ano: no });
    expect(done.completed).toBe(true);
    expect(done.factoids?.map((f) => f.type)).toEqual(['product', 'user']);
    // Closed: 保全已完成,不能继续追加陈述 (testAddFactoids5); unknown ano: 保全不存在 (testAddFactoids4).
    const e = await expectError(
      call(ctx.client, '/factoids', { ano: no, factoids: [{ type: 'product', data: PRODUCT }] }),
      'ATTESTATION_COMPLETED',
    );
    expect(e.message).toBe('保全已完成,不能继续追加陈述');
    await expectError(
      call(ctx.client, '/factoids', {
        ano: '4E6457A5A9B94FBFB64E0D08BDFA2BD4',
        factoids: [{ type: 'product', data: PRODUCT }],
      }),
      'ATTESTATION_COMPLETED',
    );
    const e2 = await expectError(
      call(ctx.client, '/factoids', {
        ano: 'D58FFFD28A8949',
        factoids: [{ type: 'product', data: PRODUCT }],
      }),
      'ATTESTATION_NOT_FOUND',
    );
    expect(e2.message).toBe('保全不存在');
  });

  it('/attestation follows the three fields cases; an unknown ano is 保全不存在', async () => {
    const ctx = setup();
    const ano = '0E9A26E72C51453BB8F8A0C4FEE9BE3F'; // the java-sdk tests' ano (seeded)
    const all = await call(ctx.client, '/attestation', { ano, fields: null });
    expect(all.no).toBe(ano);
    expect(all.identities).toEqual({ ID: '42012319800127691X', MO: '15857112383' });
    expect(all.factoids).toHaveLength(1);
    expect(all.attachments).toEqual({});
    const none = await call(ctx.client, '/attestation', { ano, fields: [] });
    expect(none).toMatchObject({
      no: ano,
      identities: null,
      factoids: null,
      attachments: null,
      completed: true,
    });
    expect(none.blockchain_hash).toMatch(/^[0-9a-f]{64}$/);
    const some = await call(ctx.client, '/attestation', { ano, fields: ['factoids'] });
    expect(some.identities).toBeNull();
    expect(some.factoids).not.toBeNull();
    expect(some.attachments).toBeNull();
    // The doc's example attestation, with its attachments map.
    const doc = await call(ctx.client, '/attestation', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' });
    expect(doc.attachments).toEqual({ '1': ['2EHJQPs5j4SZpEKQXQ7r6C', '2F81ZJXosNjzrPJsXKywAu'] });
    expect(
      (
        await expectError(
          call(ctx.client, '/attestation', { ano: 'DB0C8DB14E3C44' }),
          'ATTESTATION_NOT_FOUND',
        )
      ).message,
    ).toBe('保全不存在');
    await expectError(call(ctx.client, '/attestation', { ano: '' }), 'PARAM_MISSING', {
      field: 'payload.ano',
    });
  });

  it('anchors a completed attestation after anchorDelayMs of virtual time: blockchain_hash = SHA-256 of the downloaded certificate', async () => {
    const ctx = setup();
    const ano = await attest(ctx.client);
    const open = await call(ctx.client, '/attestations', {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
      completed: false,
    });
    expect((await call(ctx.client, '/attestation', { ano, fields: [] })).blockchain_hash).toBe('');
    await ctx.sim.clock.advance(10 * 60_000 - 1);
    expect((await call(ctx.client, '/attestation', { ano, fields: [] })).blockchain_hash).toBe('');
    await ctx.sim.clock.advance(1);
    const hash = (await call(ctx.client, '/attestation', { ano, fields: [] })).blockchain_hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const zip = readZip((await ctx.client.download(ano)).bytes);
    const cert = zip.find((e) => e.name === `${ano}.pdf`)!;
    expect(createHash('sha256').update(cert.data).digest('hex')).toBe(hash);
    // Never anchored while open.
    await ctx.sim.clock.advance(60 * 60_000);
    expect((await call(ctx.client, '/attestation', { ano: open.no, fields: [] })).blockchain_hash).toBe('');
    expect(ctx.sim.clock.jobErrors).toEqual([]);
    // The delay is a tenant setting.
    const t = ctx.newTenant({ anchorDelayMs: 5_000 });
    const tpl = await control(ctx, 'POST', '/__sim/baoquan/templates', {
      accessKey: t.accessKey,
      name: 'x',
      factoids: [{ type: 'user', fields: [{ name: 'name', type: 'string' }] }],
    });
    const mine = await call(t.client, '/attestations', {
      unique_id: uid(),
      template_id: tpl.body.templateId,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: { name: 'a' } }],
    });
    await ctx.sim.clock.advance(5_000);
    expect((await call(t.client, '/attestation', { ano: mine.no, fields: [] })).blockchain_hash).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });

  it('/attestations/hash and /attestation/hash need a file-hash template and a 64-hex sha256, take no attachments, allow no later factoids', async () => {
    const ctx = setup();
    const fileFactoid = [
      { unique_id: uid(), type: 'file', data: { owner_name: '李三', owner_id: '330124199501017791' } },
    ];
    // The java-sdk test's template id, the doc's template (derived), both paths, both versions.
    const { no } = await call(ctx.client, '/attestations/hash', {
      unique_id: uid(),
      template_id: 'filehash',
      identities: { MO: '15857112383' },
      factoids: fileFactoid,
      sha256: SHA,
      attachments: {},
    });
    const v1 = ctx.clientFor(ctx.client.accessKey, DEFAULT_PRIVATE_KEY, { version: 'v1' });
    const doc = await call(v1, '/attestation/hash', {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: fileFactoid,
      sha256: SHA.toUpperCase(),
    });
    expect(await call(ctx.client, '/attestation', { ano: doc.no })).toMatchObject({
      completed: true,
      template_id: DOC_TEMPLATE,
    });
    // A template derived from the system file-hash template through the console.
    const derived = await control<{ templateId: string; fileHash: boolean; factoids: unknown[] }>(
      ctx,
      'POST',
      '/__sim/baoquan/templates',
      { name: '我的文件保全', parentId: 'R7ktG2nHxq3VjWmC8sYbPd' },
    );
    expect(derived.body).toMatchObject({ fileHash: true });
    expect(derived.body.factoids).toHaveLength(1); // inherited `file`
    await call(ctx.client, '/attestations/hash', {
      unique_id: uid(),
      template_id: derived.body.templateId,
      identities: IDENTITIES,
      factoids: fileFactoid,
      sha256: SHA,
    });

    const base = {
      unique_id: uid(),
      template_id: 'filehash',
      identities: IDENTITIES,
      factoids: fileFactoid,
      sha256: SHA,
    };
    const e = await expectError(
      call(ctx.client, '/attestations/hash', { ...base, template_id: PRODUCT_TEMPLATE }),
      'TEMPLATE_NOT_FILE_HASH',
    );
    expect(e.message).toBe('模板必须为系统提供的文件HASH模板的子模板');
    await expectError(
      call(ctx.client, '/attestations/hash', { ...base, template_id: 'nope' }),
      'TEMPLATE_NOT_FOUND',
    );
    for (const sha256 of ['abc', `${SHA}0`, SHA.replace('6', 'g')])
      await expectError(call(ctx.client, '/attestations/hash', { ...base, sha256 }), 'SHA256_INVALID');
    await expectError(
      call(ctx.client, '/attestations/hash', { ...base, attachments: { '0': [SHA] } }),
      'HASH_ATTACHMENTS_NOT_ALLOWED',
    );
    await expectError(
      call(ctx.client, '/attestations/hash', base, {
        attachments: { 0: [{ bytes: 'x', filename: 'a.txt' }] },
      }),
      'HASH_ATTACHMENTS_NOT_ALLOWED',
    );
    await expectError(
      call(ctx.client, '/attestations/hash', { ...base, factoids: [{ type: 'user', data: USER }] }),
      'FACTOID_TYPE_UNKNOWN',
      { type: 'user' },
    );
    await expectError(
      call(ctx.client, '/attestations/hash', {
        ...base,
        factoids: [{ type: 'file', data: { owner_id: '1' } }],
      }),
      'FACTOID_FIELD_REQUIRED',
      { type: 'file', field: 'owner_name' },
    );
    const e2 = await expectError(
      call(ctx.client, '/factoids', { ano: no, factoids: fileFactoid }),
      'HASH_ATTESTATION_NO_FACTOIDS',
    );
    expect(e2.message).toBe('文件HASH上传只允许上传一次，不可追加陈述');
  });
});
