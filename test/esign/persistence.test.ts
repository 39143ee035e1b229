/** snapshot / restore through a --state file, reset, and the control views. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEsignClient } from '../../clients/esign/index.ts';
import { ESIGN_BASE_PATH, esignErrors } from '../../contracts/esign/index.ts';
import { createSimulator } from '../../index.ts';
import {
  control,
  currentPdfs,
  detail,
  makeDoc,
  makePerson,
  redTotal,
  render,
  setup,
  signAs,
  T0,
  type Ctx,
} from './helpers.ts';

const MIN = 60_000;

describe('esign state', () => {
  let ctx: Ctx;
  const dirs: string[] = [];
  afterEach(() => {
    ctx?.sim.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('a --state restart keeps projects, accounts, files, flows, signed PDFs and the pending expiry job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-esign-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const sim1 = createSimulator({
      vendors: ['esign'],
      now: T0,
      stateFile,
      fetch: async () => new Response('ok'),
    });
    const created = sim1.vendor('esign').createTenant({ callbackUrl: 'http://cb.test/x', quota: 50 });
    const creds = { projectId: created.credentials.projectId!, secret: created.credentials.projectSecret! };
    const base = sim1.origin('esign') + ESIGN_BASE_PATH;
    ctx = {
      sim: sim1,
      client: createEsignClient({ baseUrl: base, ...creds, fetch: (r) => sim1.fetch(r) }),
      ...creds,
      base,
      callbacks: [],
      callbackStatus: { value: 200 },
    };
    const a = await makePerson(ctx, { thirdId: 'emp-1' });
    const b = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, [['合同', '甲方：'], ['第二页']]);
    const ordered = await ctx.client.call('/sign/start', {
      businessScene: '重启',
      docList: [{ docId }],
      recipientList: {
        signerList: [
          { accountId: a.accountId, signOrder: 1 },
          { accountId: b.accountId, signOrder: 2 },
        ],
      },
    });
    const expiring = await ctx.client.call('/sign/start', {
      businessScene: '将过期',
      signValidity: T0 + 90 * MIN,
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: b.accountId }] },
    });
    await signAs(ctx, ordered.flowId, a.accountId);
    await sim1.clock.settle(); // let the callback attempt finish before closing
    sim1.close();

    // `now` must not be later than the saved time: a manual clock never moves backwards on restore
    const sim2 = createSimulator({
      vendors: ['esign'],
      now: T0,
      stateFile,
      fetch: async () => new Response('ok'),
    });
    ctx = {
      ...ctx,
      sim: sim2,
      client: createEsignClient({ baseUrl: base, ...creds, fetch: (r) => sim2.fetch(r) }),
    };
    expect(sim2.clock.now()).toBe(T0);
    expect(await ctx.client.call('/account/idexchange', { thirdId: 'emp-1' })).toEqual({
      accountId: a.accountId,
    });
    let d = await detail(ctx, ordered.flowId);
    expect(d.signInfo[0]!.signDetail!.map((s) => s.signStatus)).toEqual([2, 1]);
    // the seal A put on before the restart is still in the document
    const half = (await currentPdfs(ctx, ordered.flowId)).get(docId)!;
    expect(redTotal(await render(half, 2))).toBeGreaterThan(300);
    expect((await signAs(ctx, ordered.flowId, b.accountId)).json.flowStatus).toBe(2);
    // the expiry job survived in the clock
    await sim2.clock.advance(90 * MIN);
    d = await detail(ctx, expiring.flowId);
    expect(d.flowStatus).toBe(5);
    expect(sim2.clock.jobErrors).toEqual([]);
    expect((await control(ctx, 'GET', `/tenants/${creds.projectId}`)).json.quota).toEqual({
      total: 50,
      frozen: 0,
      used: 1,
      free: 49,
    });
    expect(sim2.webhooks.list({ vendor: 'esign' }).map((w) => JSON.parse(w.body).action)).toEqual([
      'SIGN_FLOW_UPDATE',
      'SIGN_FLOW_UPDATE',
      'SIGN_FLOW_FINISH',
      'SIGN_FLOW_FINISH',
    ]);
    await sim2.clock.settle();
  });

  it('reset drops every project but the default and cancels pending esign jobs', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, [['x']]);
    await ctx.client.call('/sign/start', {
      businessScene: 'x',
      signValidity: T0 + 60 * MIN,
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: a.accountId }] },
    });
    expect(ctx.sim.clock.pending().some((j) => j.kind.startsWith('esign.'))).toBe(true);
    ctx.sim.reset('esign');
    expect(ctx.sim.clock.pending().some((j) => j.kind.startsWith('esign.'))).toBe(false);
    await expect(ctx.client.call('/account/idexchange', { thirdId: 'x' })).rejects.toMatchObject({
      errCode: esignErrors.PROJECT_NOT_FOUND.errCode,
    });
    const def = ctx.sim.vendor('esign').defaultCredentials();
    expect((await control(ctx, 'GET', `/tenants/${def.projectId}`)).json).toMatchObject({
      name: '这是一个测试',
      callbackUrl: '',
      quota: { total: 2000, frozen: 0, used: 0 },
    });
  });

  it('tenants: createTenant gives fresh 10-digit ids and 32-hex secrets; patch validates settings', async () => {
    ctx = setup();
    const esign = ctx.sim.vendor('esign');
    const t1 = esign.createTenant({});
    const t2 = esign.createTenant({ name: '某某平台', callbackUrl: 'https://x.test/cb', quota: 5 });
    expect(t1.credentials.projectId).toMatch(/^\d{10}$/);
    expect(t1.credentials.projectSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(t1.credentials.projectId).not.toBe(t2.credentials.projectId);
    expect(() => esign.createTenant({ quota: -1 })).toThrow();
    expect(() => esign.createTenant({ callbackUrl: 'not a url' })).toThrow();
    expect(esign.patchTenant('0000000000', {})).toBeUndefined();
    const res = await ctx.sim.fetch(
      new Request(`${ctx.sim.origin('control')}/__sim/esign/tenants/${t2.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ quota: 'lots' }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(res.status).toBe(400);
    const created = await ctx.sim.fetch(
      new Request(`${ctx.sim.origin('control')}/__sim/esign/tenants`, {
        method: 'POST',
        body: JSON.stringify({ callbackUrl: 'http://127.0.0.1:9/cb' }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; credentials: Record<string, string> };
    expect((await control(ctx, 'GET', `/tenants/${body.id}`)).json).toMatchObject({
      projectId: body.id,
      callbackUrl: 'http://127.0.0.1:9/cb',
      quota: { total: 2000 },
    });
    expect((await control(ctx, 'GET', `/tenants/nope`)).status).toBe(404);
  });

  it('control: flow debug view and signer-action errors', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, [['x', '签字处']]);
    const { flowId } = await ctx.client.call('/sign/start', {
      businessScene: '调试',
      docList: [{ docId }],
      recipientList: {
        signerList: [
          { accountId: a.accountId, docPosList: [{ docId, signType: 1, posBeanList: [{ key: '签字处' }] }] },
        ],
      },
    });
    const view = await control(ctx, 'GET', `/flows/${flowId}`);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({
      projectId: ctx.projectId,
      flowStatus: 1,
      flowStatusText: '签署中',
      quotaFrozen: 1,
      quota: { frozen: 1 },
      signers: [
        {
          accountId: a.accountId,
          kind: 'person',
          name: a.name,
          signStatus: 1,
          positions: [{ docId, describe: ['关键字「签字处」：第 1 页'] }],
        },
      ],
    });
    expect(view.json.signers[0].signUrl).toContain('/h5/sign?');
    expect((await control(ctx, 'GET', `/flows/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await control(ctx, 'GET', `/flows/${flowId}?projectId=1111563657`)).status).toBe(404);
    expect(
      (await control(ctx, 'POST', `/flows/${flowId}/signers/${'0'.repeat(32)}`, { action: 'sign' })).status,
    ).toBe(404);
    expect(
      (await control(ctx, 'POST', `/flows/${flowId}/signers/${a.accountId}`, { action: 'dance' })).status,
    ).toBe(400);
    expect((await control(ctx, 'GET', `/flows?projectId=${ctx.projectId}`)).json.flows).toEqual([
      {
        projectId: ctx.projectId,
        flowId,
        businessScene: '调试',
        flowStatus: 1,
        createTime: '2024-01-02 10:00:00',
      },
    ]);
  });
});
