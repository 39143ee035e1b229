/**
 * The console under /__sim/baoquan: templates with factoid schemas, users, debug views; reset and restore.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import {
  attest,
  call,
  control,
  DEFAULT_ACCESS_KEY,
  DEFAULT_PRIVATE_KEY,
  expectError,
  IDENTITIES,
  setup,
  T0,
  uid,
  USER,
} from './helpers.ts';

describe('baoquan control API', () => {
  it('creates templates with typed, required fields that /attestations then enforces', async () => {
    const ctx = setup();
    const t = ctx.newTenant();
    const created = await control(ctx, 'POST', '/__sim/baoquan/templates', {
      accessKey: t.accessKey,
      name: '借款保全',
      factoids: [
        {
          type: 'loan',
          label: '借款',
          required: true,
          fields: [
            { name: 'amount', type: 'int', required: true, label: '金额' },
            { name: 'rate', type: 'number' },
            { name: 'secured', type: 'boolean' },
            { name: 'signed_on', type: 'date' },
            { name: 'paid_at', type: 'datetime' },
            { name: 'memo', type: 'string' },
          ],
        },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.templateId as string;
    expect(id).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(created.body).toMatchObject({ system: false, fileHash: false, name: '借款保全' });
    const base = { unique_id: uid(), template_id: id, identities: IDENTITIES };
    const ok = {
      amount: 100,
      rate: '0.05',
      secured: true,
      signed_on: '2024-01-02',
      paid_at: '2024-01-02 10:00:00',
      memo: 42,
    };
    await call(t.client, '/attestations', { ...base, factoids: [{ type: 'loan', data: ok }] });
    await expectError(
      call(t.client, '/attestations', {
        ...base,
        unique_id: uid(),
        factoids: [{ type: 'loan', data: { ...ok, amount: '$100' } }],
      }),
      'FACTOID_FIELD_FORMAT',
      { type: 'loan', field: 'amount', fieldType: 'int' },
    );
    await expectError(
      call(t.client, '/attestations', {
        ...base,
        unique_id: uid(),
        factoids: [{ type: 'loan', data: { ...ok, secured: 'yes' } }],
      }),
      'FACTOID_FIELD_FORMAT',
      { type: 'loan', field: 'secured', fieldType: 'boolean' },
    );
    await expectError(
      call(t.client, '/attestations', {
        ...base,
        unique_id: uid(),
        factoids: [{ type: 'loan', data: { ...ok, paid_at: '2024-01-02' } }],
      }),
      'FACTOID_FIELD_FORMAT',
      { type: 'loan', field: 'paid_at', fieldType: 'datetime' },
    );
    await expectError(
      call(t.client, '/attestations', {
        ...base,
        unique_id: uid(),
        factoids: [{ type: 'loan', data: { rate: 1 } }],
      }),
      'FACTOID_FIELD_REQUIRED',
      { type: 'loan', field: 'amount' },
    );
    // Editing the schema changes what the next upload must carry.
    const updated = await control(ctx, 'PUT', `/__sim/baoquan/templates/${id}`, {
      accessKey: t.accessKey,
      factoids: [{ type: 'loan', fields: [{ name: 'amount', type: 'string' }] }],
    });
    expect(updated.status).toBe(200);
    await call(t.client, '/attestations', {
      ...base,
      unique_id: uid(),
      factoids: [{ type: 'loan', data: { amount: '$100' } }],
    });
    // The template is the tenant's own.
    await expectError(
      call(ctx.client, '/attestations', {
        ...base,
        unique_id: uid(),
        factoids: [{ type: 'loan', data: ok }],
      }),
      'TEMPLATE_NOT_FOUND',
    );
    expect((await control(ctx, 'GET', `/__sim/baoquan/templates/${id}`)).status).toBe(404);
    expect(
      (await control(ctx, 'GET', `/__sim/baoquan/templates/${id}?accessKey=${t.accessKey}`)).status,
    ).toBe(200);
  });

  it('lists the system file-hash template and the seeded ones; refuses bad input, taken ids, edits of system templates and deletes in use', async () => {
    const ctx = setup();
    const list = await control<{
      templates: Array<{ templateId: string; system: boolean; fileHash: boolean }>;
    }>(ctx, 'GET', '/__sim/baoquan/templates');
    const ids = list.body.templates.map((x) => x.templateId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'R7ktG2nHxq3VjWmC8sYbPd',
        '2hSWTZ4oqVEJKAmK2RiyT4',
        '5Yhus2mVSMnQRXobRJCYgt',
        'filehash',
      ]),
    );
    expect(list.body.templates.find((x) => x.templateId === 'R7ktG2nHxq3VjWmC8sYbPd')).toMatchObject({
      system: true,
      fileHash: true,
    });
    expect(list.body.templates.find((x) => x.templateId === '2hSWTZ4oqVEJKAmK2RiyT4')).toMatchObject({
      system: false,
      fileHash: true,
    });
    const tpl = await control(ctx, 'GET', '/__sim/baoquan/templates/5Yhus2mVSMnQRXobRJCYgt');
    expect(tpl.body.factoids.map((f: { type: string }) => f.type)).toEqual(['product', 'user']);
    expect(
      tpl.body.factoids[1].fields.find((f: { name: string }) => f.name === 'phone_number'),
    ).toMatchObject({ type: 'string', required: true });

    const dupType = await control(ctx, 'POST', '/__sim/baoquan/templates', {
      name: 'x',
      factoids: [
        { type: 'a', fields: [] },
        { type: 'a', fields: [] },
      ],
    });
    expect(dupType.status).toBe(400);
    const badType = await control(ctx, 'POST', '/__sim/baoquan/templates', {
      name: 'x',
      factoids: [{ type: 'a', fields: [{ name: 'f', type: 'money' }] }],
    });
    expect(badType.status).toBe(400);
    expect(
      (await control(ctx, 'POST', '/__sim/baoquan/templates', { name: 'x', parentId: 'nope' })).status,
    ).toBe(400);
    expect(
      (
        await control(ctx, 'POST', '/__sim/baoquan/templates', {
          name: 'x',
          templateId: '2hSWTZ4oqVEJKAmK2RiyT4',
        })
      ).status,
    ).toBe(409);
    expect(
      (await control(ctx, 'POST', '/__sim/baoquan/templates', { name: 'x', accessKey: 'nope' })).status,
    ).toBe(404);
    expect(
      (await control(ctx, 'PUT', '/__sim/baoquan/templates/R7ktG2nHxq3VjWmC8sYbPd', { name: 'x' })).status,
    ).toBe(409);
    expect((await control(ctx, 'DELETE', '/__sim/baoquan/templates/R7ktG2nHxq3VjWmC8sYbPd')).status).toBe(
      409,
    );
    // In use by an attestation (the seeded ones use 5Yhus…), or as a parent.
    expect((await control(ctx, 'DELETE', '/__sim/baoquan/templates/5Yhus2mVSMnQRXobRJCYgt')).status).toBe(
      409,
    );
    const parent = await control(ctx, 'POST', '/__sim/baoquan/templates', {
      name: 'p',
      templateId: 'parent-1',
      factoids: [],
    });
    await control(ctx, 'POST', '/__sim/baoquan/templates', {
      name: 'c',
      templateId: 'child-1',
      parentId: parent.body.templateId,
    });
    expect((await control(ctx, 'DELETE', '/__sim/baoquan/templates/parent-1')).status).toBe(409);
    expect(
      (await control(ctx, 'PUT', '/__sim/baoquan/templates/parent-1', { parentId: 'child-1' })).status,
    ).toBe(400);
    expect((await control(ctx, 'DELETE', '/__sim/baoquan/templates/child-1')).status).toBe(200);
    expect((await control(ctx, 'DELETE', '/__sim/baoquan/templates/parent-1')).status).toBe(200);
    expect((await control(ctx, 'GET', '/__sim/baoquan/templates/parent-1')).status).toBe(404);
  });

  it('shows tenants, attestations (with the anchoring due time), and answers 404 for unknown ones; vendors lists the default credentials', async () => {
    const ctx = setup();
    const ano = await attest(ctx.client);
    const view = await control(ctx, 'GET', `/__sim/baoquan/attestations/${ano}`);
    expect(view.body).toMatchObject({
      no: ano,
      completed: true,
      blockchainHash: '',
      anchorDueAt: T0 + 10 * 60_000,
      accessPath: `/attestations/${ano}`,
    });
    expect((await control(ctx, 'GET', '/__sim/baoquan/attestations/nope')).status).toBe(404);
    expect((await control(ctx, 'GET', '/__sim/baoquan/tenants/nope')).status).toBe(404);
    expect((await control(ctx, 'GET', '/__sim/baoquan/contracts/nope')).status).toBe(404);
    const tenant = await control(ctx, 'GET', `/__sim/baoquan/tenants/${DEFAULT_ACCESS_KEY}`);
    expect(tenant.body).toMatchObject({
      accessKey: DEFAULT_ACCESS_KEY,
      creatorPhone: '15861111111',
      anchorDelayMs: 600_000,
      accessLinkTtlMs: 0,
      publicKeyBits: 2048,
    });
    const vendors = await control<{
      vendors: Array<{ id: string; baseUrl: string; credentials: Record<string, string> }>;
    }>(ctx, 'GET', '/__sim/vendors');
    const bq = vendors.body.vendors.find((v) => v.id === 'baoquan')!;
    expect(bq.baseUrl).toBe('http://127.0.0.1:4001/api/v2');
    expect(bq.credentials.accessKey).toBe(DEFAULT_ACCESS_KEY);
    expect(bq.credentials.privateKeyPath).toMatch(/simulators\/baoquan\/keys\/test_private_key\.pem$/);
  });

  it('reset drops everything but the seeds and pending anchoring; snapshot/restore keeps tenants, attestations and jobs', async () => {
    const ctx = setup();
    const t = ctx.newTenant();
    const ano = await attest(ctx.client);
    const snap = ctx.sim.snapshot();
    // A restored simulator answers with the same data and anchors on time.
    const again = createSimulator({ vendors: ['baoquan'], now: T0 });
    again.restore(JSON.parse(JSON.stringify(snap)));
    const c2 = ctx.clientFor(DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, {
      fetch: (r) => again.fetch(r),
      clock: () => again.clock.now(),
    });
    await again.clock.advance(10 * 60_000);
    expect((await call(c2, '/attestation', { ano, fields: [] })).blockchain_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(again.vendor('baoquan').patchTenant(t.accessKey, {})).toBeDefined();

    expect((await control(ctx, 'POST', '/__sim/reset?vendor=baoquan')).status).toBe(200);
    await expectError(call(ctx.client, '/attestation', { ano }), 'ATTESTATION_NOT_FOUND');
    await expectError(call(t.client, '/attestation', { ano }), 'ACCESS_KEY_UNKNOWN');
    expect(ctx.sim.clock.pending().filter((j) => j.kind.startsWith('baoquan.'))).toEqual([]);
    await call(ctx.client, '/attestation', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' });
    await call(ctx.client, '/attestations', {
      unique_id: uid(),
      template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    });
  });
});
