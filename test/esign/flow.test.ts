/** Sign flows (§4.9), callbacks (§4.10), quota (§2.2–2.3), seals on the PDFs. */
import { afterEach, describe, expect, it } from 'vitest';
import { verifyCallback, type EsignApiError } from '../../clients/esign/index.ts';
import { esignErrors } from '../../contracts/esign/index.ts';
import {
  control,
  currentPdfs,
  detail,
  downloadSigned,
  keywordCentre,
  makeDoc,
  makeOrg,
  makePerson,
  redAround,
  redTotal,
  render,
  setup,
  signAs,
  T0,
  type Ctx,
} from './helpers.ts';

const E = (name: keyof typeof esignErrors) => esignErrors[name].errCode;
const errOf = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: EsignApiError) => e.errCode,
  );
const MIN = 60_000;

const CONTRACT = [
  ['劳动合同', '', '第一条 甲方聘用乙方。', '', '', '甲方（盖章）：', '', '', '', '', '', '乙方（签字）：'],
  ['第二页', '附件'],
];

describe('esign sign flows', () => {
  let ctx: Ctx;
  afterEach(() => ctx.sim.close());

  it('runs a two-signer ordered flow to the end: turns, seals where asked, callbacks, notices, detail, download', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const b = await makePerson(ctx);
    const { docId, pdf } = await makeDoc(ctx, CONTRACT);
    const ka = await keywordCentre(pdf, '甲方（盖章）');
    const kb = await keywordCentre(pdf, '乙方（签字）');
    const started = await ctx.client.call('/sign/start', {
      businessScene: '员工入职',
      initiatorAccountId: a.accountId,
      signValidity: T0 + 7 * 24 * 60 * MIN,
      noticeType: '1,2',
      docList: [{ docId }],
      recipientList: {
        signerList: [
          {
            accountId: a.accountId,
            signOrder: 1,
            docPosList: [{ docId, signType: 1, posBeanList: [{ key: '甲方（盖章）' }] }],
          },
          {
            accountId: b.accountId,
            signOrder: 2,
            docPosList: [{ docId, signType: 1, posBeanList: [{ key: '乙方（签字）' }] }],
          },
        ],
      },
    });
    expect(started.flowId).toMatch(/^[0-9a-f]{32}$/);
    expect(started.signUrlList?.map((s) => s.accountId)).toEqual([a.accountId, b.accountId]);
    for (const s of started.signUrlList!)
      expect(s.signUrl[0]).toMatch(
        new RegExp(
          `^${ctx.sim.origin('esign')}/h5/sign\\?flowId=${started.flowId}&accountId=${s.accountId}&token=[0-9a-f]{32}$`,
        ),
      );

    // only A is active; A got an SMS and an e-mail with the link, B nothing yet
    let d = await detail(ctx, started.flowId);
    expect(d).toMatchObject({
      flowStatus: 1,
      businessScene: '员工入职',
      initiatorAccountId: a.accountId,
      startTime: '2024-01-02 10:00:00',
    });
    expect(d.signInfo[0]!.signDetail).toEqual([
      { accountId: a.accountId, signStatus: 1, recieveTime: '2024-01-02 10:00:00' },
      { accountId: b.accountId, signStatus: 0 },
    ]);
    expect(ctx.sim.outbox.list({ to: a.mobile }).map((m) => m.channel)).toEqual(['sms']);
    expect(ctx.sim.outbox.list({ to: a.email })[0]?.link).toBe(started.signUrlList![0]!.signUrl[0]);
    expect(ctx.sim.outbox.list({ to: b.mobile })).toEqual([]);
    const early = await signAs(ctx, started.flowId, b.accountId);
    expect(early).toMatchObject({
      status: 409,
      json: { code: 'not-your-turn', errCode: E('FLOW_STATUS_INVALID') },
    });
    expect(await errOf(ctx.client.call('/sign/download', { flowId: started.flowId }))).toBe(
      E('FLOW_NOT_FINISHED'),
    );

    await ctx.sim.clock.advance(10 * MIN);
    expect(await signAs(ctx, started.flowId, a.accountId)).toEqual({
      status: 200,
      json: { flowId: started.flowId, accountId: a.accountId, signStatus: 2, flowStatus: 1 },
    });
    expect(ctx.sim.outbox.list({ to: b.mobile })).toHaveLength(1);
    const half = await currentPdfs(ctx, started.flowId);
    const p1 = await render(half.get(docId)!, 1);
    expect(redAround(p1, ka.x, ka.y)).toBeGreaterThan(300);
    expect(redAround(p1, kb.x, kb.y)).toBe(0);

    await ctx.sim.clock.advance(5 * MIN);
    expect((await signAs(ctx, started.flowId, b.accountId)).json).toMatchObject({
      signStatus: 2,
      flowStatus: 2,
    });
    expect(await signAs(ctx, started.flowId, b.accountId)).toMatchObject({
      status: 409,
      json: { code: 'already-done', errCode: E('SIGNER_ALREADY_DONE') },
    });
    expect(await signAs(ctx, started.flowId, 'f'.repeat(32))).toMatchObject({
      status: 404,
      json: { code: 'unknown-signer', errCode: E('SIGNER_NOT_IN_FLOW') },
    });

    d = await detail(ctx, started.flowId);
    expect(d).toMatchObject({
      flowStatus: 2,
      endTime: '2024-01-02 10:15:00',
      signValidity: String(T0 + 7 * 24 * 60 * MIN),
    });
    expect(d.signInfo[0]!.signDetail).toEqual([
      {
        accountId: a.accountId,
        signStatus: 2,
        recieveTime: '2024-01-02 10:00:00',
        signTime: '2024-01-02 10:10:00',
      },
      {
        accountId: b.accountId,
        signStatus: 2,
        recieveTime: '2024-01-02 10:10:00',
        signTime: '2024-01-02 10:15:00',
      },
    ]);

    const full = await downloadSigned(ctx, started.flowId);
    const page1 = await render(full.get(docId)!, 1);
    const page2 = await render(full.get(docId)!, 2);
    const atA = redAround(page1, ka.x, ka.y);
    const atB = redAround(page1, kb.x, kb.y);
    expect(atA).toBeGreaterThan(300);
    expect(atB).toBeGreaterThan(300);
    expect(redTotal(page1)).toBe(atA + atB); // nowhere else
    expect(redTotal(page2)).toBe(0);

    await ctx.sim.clock.settle();
    const events = ctx.callbacks.map((c) => c.json);
    expect(events).toEqual([
      {
        action: 'SIGN_FLOW_UPDATE',
        accountId: a.accountId,
        flowId: started.flowId,
        docId,
        signTime: '2024-01-02 10:10:00',
        signResult: 2,
      },
      {
        action: 'SIGN_FLOW_UPDATE',
        accountId: b.accountId,
        flowId: started.flowId,
        docId,
        signTime: '2024-01-02 10:15:00',
        signResult: 2,
      },
      {
        action: 'SIGN_FLOW_FINISH',
        businessScence: '员工入职',
        flowId: started.flowId,
        flowStatus: 2,
        createTime: '2024-01-02 10:00:00',
        endTime: '2024-01-02 10:15:00',
      },
    ]);
    for (const c of ctx.callbacks) {
      expect(c.url).toBe('http://callback.test/esign');
      expect(c.headers['x-timevale-project-id']).toBe(ctx.projectId);
      expect(verifyCallback(c.headers, c.body, ctx.secret)).toBe(true);
    }
    expect(ctx.sim.webhooks.list({ vendor: 'esign' }).every((w) => w.state === 'delivered')).toBe(true);
    const tenant = await control(ctx, 'GET', `/tenants/${ctx.projectId}`);
    expect(tenant.json.quota).toEqual({ total: 2000, frozen: 0, used: 1, free: 1999 });
  });

  it('accepts the doc’s §4.9.1 example shape: numbers as strings, empty strings as absent', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, CONTRACT);
    const body = {
      businessScene: '买房子',
      initiatorAccountId: a.accountId,
      signValidity: '65464896464648',
      contractValidity: '65464896464648',
      payer: a.accountId,
      autoInitiate: '1',
      signPlatform: '',
      noticeType: '1,2,3',
      redirectUrl: '',
      docList: [{ docId }],
      recipientList: {
        signerList: [
          {
            accountId: a.accountId,
            authorizationOrgId: '',
            signOrder: '1',
            autoSign: '1',
            sealType: '0',
            certType: '1',
            docPosList: [
              {
                docId,
                signType: '2',
                qrcodeSign: '1',
                posBeanList: [{ posPage: '1', posX: '100', posY: '100', key: '', scale: '' }],
              },
            ],
          },
        ],
      },
    };
    const { flowId, signUrlList } = await ctx.client.call('/sign/start', body as never);
    expect(signUrlList).toEqual([]);
    expect((await detail(ctx, flowId)).flowStatus).toBe(2);
    expect(
      redAround(await render((await downloadSigned(ctx, flowId)).get(docId)!, 1), 100, 100),
    ).toBeGreaterThan(300);
  });

  it('unordered flow: every signer is active at once and either may sign first', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const b = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, CONTRACT);
    const { flowId } = await ctx.client.call('/sign/start', {
      businessScene: '无序',
      noticeType: '3', // 支付宝生活号: accepted, no simulated channel
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: a.accountId }, { accountId: b.accountId }] },
    });
    const d = await detail(ctx, flowId);
    expect(d.signInfo[0]!.signDetail!.map((s) => s.signStatus)).toEqual([1, 1]);
    expect((await signAs(ctx, flowId, b.accountId)).json).toMatchObject({ signStatus: 2, flowStatus: 1 });
    expect((await signAs(ctx, flowId, a.accountId)).json).toMatchObject({ signStatus: 2, flowStatus: 2 });
    // noticeType 3 only: nobody was notified by SMS or e-mail
    expect(ctx.sim.outbox.list()).toEqual([]);
  });

  it('two signers acting at the same moment both end up in the PDF (actions on a flow are serialised)', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const b = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, CONTRACT);
    const { flowId } = await ctx.client.call('/sign/start', {
      businessScene: '并发',
      docList: [{ docId }],
      recipientList: {
        signerList: [
          {
            accountId: a.accountId,
            docPosList: [{ docId, signType: 2, posBeanList: [{ posPage: '2', posX: 150, posY: 300 }] }],
          },
          {
            accountId: b.accountId,
            docPosList: [{ docId, signType: 2, posBeanList: [{ posPage: '2', posX: 400, posY: 300 }] }],
          },
        ],
      },
    });
    const [ra, rb] = await Promise.all([signAs(ctx, flowId, a.accountId), signAs(ctx, flowId, b.accountId)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect((await detail(ctx, flowId)).flowStatus).toBe(2);
    const p2 = await render((await downloadSigned(ctx, flowId)).get(docId)!, 2);
    expect(redAround(p2, 150, 300)).toBeGreaterThan(300);
    expect(redAround(p2, 400, 300)).toBeGreaterThan(300);
  });

  it('draft (autoInitiate 0) waits for /sign/execute; execute only on a draft', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, CONTRACT);
    const { flowId, signUrlList } = await ctx.client.call('/sign/start', {
      businessScene: '草稿',
      autoInitiate: '0' as never,
      noticeType: '1',
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: a.accountId }] },
    });
    expect(signUrlList).toHaveLength(1);
    expect((await detail(ctx, flowId)).flowStatus).toBe(0);
    expect((await detail(ctx, flowId)).signInfo[0]!.signDetail![0]).toEqual({
      accountId: a.accountId,
      signStatus: 0,
    });
    expect(ctx.sim.outbox.list()).toEqual([]);
    expect((await signAs(ctx, flowId, a.accountId)).json).toMatchObject({
      code: 'not-running',
      errCode: E('FLOW_STATUS_INVALID'),
    });
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json.quota.frozen).toBe(1);
    await ctx.sim.clock.advance(MIN);
    expect(await ctx.client.call('/sign/execute', { flowId })).toBeUndefined();
    const d = await detail(ctx, flowId);
    expect(d.flowStatus).toBe(1);
    expect(d.signInfo[0]!.signDetail![0]).toMatchObject({
      signStatus: 1,
      recieveTime: '2024-01-02 10:01:00',
    });
    expect(ctx.sim.outbox.list({ to: a.mobile })).toHaveLength(1);
    expect(await errOf(ctx.client.call('/sign/execute', { flowId }))).toBe(E('FLOW_NOT_DRAFT'));
    expect(await errOf(ctx.client.call('/sign/execute', { flowId: 'f'.repeat(32) }))).toBe(
      E('FLOW_NOT_FOUND'),
    );
  });

  it('revoke: 3 已撤销, FINISH callback, quota released; nobody can sign; revoke only on 0/1', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, CONTRACT);
    const { docId: doc2 } = await makeDoc(ctx, [['保密协议']], '保密协议.pdf');
    const { flowId } = await ctx.client.call('/sign/start', {
      businessScene: '撤销',
      docList: [{ docId }, { docId: doc2 }],
      recipientList: { signerList: [{ accountId: a.accountId }] },
    });
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json.quota).toMatchObject({
      frozen: 2,
      used: 0,
    });
    await ctx.sim.clock.advance(3 * MIN);
    expect(await ctx.client.call('/sign/revoke', { flowId })).toBeUndefined();
    const d = await detail(ctx, flowId);
    expect(d).toMatchObject({ flowStatus: 3, endTime: '2024-01-02 10:03:00' });
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json.quota).toEqual({
      total: 2000,
      frozen: 0,
      used: 0,
      free: 2000,
    });
    expect((await signAs(ctx, flowId, a.accountId)).json.code).toBe('not-running');
    expect(await errOf(ctx.client.call('/sign/revoke', { flowId }))).toBe(E('FLOW_ALREADY_FINISHED'));
    await ctx.sim.clock.settle();
    expect(ctx.callbacks.map((c) => c.json)).toEqual([
      {
        action: 'SIGN_FLOW_FINISH',
        businessScence: '撤销',
        flowId,
        flowStatus: 3,
        statusDescription: expect.any(String),
        createTime: '2024-01-02 10:00:00',
        endTime: '2024-01-02 10:03:00',
      },
    ]);
    // a revoked flow has no signed documents to download
    expect(await errOf(ctx.client.call('/sign/download', { flowId }))).toBe(E('FLOW_NOT_FINISHED'));
  });

  it('refusal: 4 已拒签 with the reason, one UPDATE per document, FINISH 4, quota released', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const b = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, CONTRACT);
    const { docId: doc2 } = await makeDoc(ctx, [['保密协议']], '保密协议.pdf');
    const { flowId } = await ctx.client.call('/sign/start', {
      businessScene: '拒签',
      docList: [{ docId }, { docId: doc2 }],
      recipientList: {
        signerList: [
          { accountId: a.accountId, signOrder: 1 },
          { accountId: b.accountId, signOrder: 2 },
        ],
      },
    });
    expect((await signAs(ctx, flowId, a.accountId, 'refuse', '条款有误')).json).toEqual({
      flowId,
      accountId: a.accountId,
      signStatus: 4,
      flowStatus: 4,
    });
    const d = await detail(ctx, flowId);
    expect(d.flowStatus).toBe(4);
    for (const info of d.signInfo)
      expect(info.signDetail![0]).toMatchObject({
        signStatus: 4,
        signExplain: '条款有误',
        signTime: '2024-01-02 10:00:00',
      });
    await ctx.sim.clock.settle();
    expect(ctx.callbacks.map((c) => c.json)).toEqual([
      {
        action: 'SIGN_FLOW_UPDATE',
        accountId: a.accountId,
        flowId,
        docId,
        signTime: '2024-01-02 10:00:00',
        signResult: 4,
        resultDescription: '条款有误',
      },
      {
        action: 'SIGN_FLOW_UPDATE',
        accountId: a.accountId,
        flowId,
        docId: doc2,
        signTime: '2024-01-02 10:00:00',
        signResult: 4,
        resultDescription: '条款有误',
      },
      {
        action: 'SIGN_FLOW_FINISH',
        businessScence: '拒签',
        flowId,
        flowStatus: 4,
        statusDescription: '签署人拒签：条款有误',
        createTime: '2024-01-02 10:00:00',
        endTime: '2024-01-02 10:00:00',
      },
    ]);
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json.quota).toMatchObject({
      frozen: 0,
      used: 0,
    });
    expect((await signAs(ctx, flowId, b.accountId)).json.code).toBe('not-running');
  });

  it('expiry: signValidity passes on the virtual clock → 5 已过期, FINISH, quota released; a past signValidity is refused', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, CONTRACT);
    expect(
      await errOf(
        ctx.client.call('/sign/start', {
          businessScene: 'x',
          signValidity: T0 - 1,
          docList: [{ docId }],
          recipientList: { signerList: [{ accountId: a.accountId }] },
        }),
      ),
    ).toBe(E('SIGN_VALIDITY_INVALID'));
    const { flowId } = await ctx.client.call('/sign/start', {
      businessScene: '过期',
      signValidity: String(T0 + 60 * MIN) as never,
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: a.accountId }] },
    });
    await ctx.sim.clock.advance(59 * MIN);
    expect((await detail(ctx, flowId)).flowStatus).toBe(1);
    await ctx.sim.clock.advance(MIN);
    const d = await detail(ctx, flowId);
    expect(d).toMatchObject({ flowStatus: 5, endTime: '2024-01-02 11:00:00' });
    expect((await signAs(ctx, flowId, a.accountId)).json.code).toBe('not-running');
    expect(await errOf(ctx.client.call('/sign/revoke', { flowId }))).toBe(E('FLOW_ALREADY_FINISHED'));
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json.quota).toMatchObject({
      frozen: 0,
      used: 0,
    });
    expect(ctx.callbacks.map((c) => c.json)).toEqual([
      {
        action: 'SIGN_FLOW_FINISH',
        businessScence: '过期',
        flowId,
        flowStatus: 5,
        statusDescription: expect.any(String),
        createTime: '2024-01-02 10:00:00',
        endTime: '2024-01-02 11:00:00',
      },
    ]);
    expect(ctx.sim.clock.jobErrors).toEqual([]);
  });

  it('quota: start freezes one unit per document, refuses without enough, completion deducts; PATCH raises it', async () => {
    ctx = setup({ quota: 3 });
    const a = await makePerson(ctx);
    const docs = await Promise.all([0, 1, 2, 3].map((i) => makeDoc(ctx, [[`合同${i}`]], `合同${i}.pdf`)));
    const start = (ids: string[]) =>
      ctx.client.call('/sign/start', {
        businessScene: '配额',
        docList: ids.map((docId) => ({ docId })),
        recipientList: { signerList: [{ accountId: a.accountId }] },
      });
    const f1 = await start([docs[0]!.docId, docs[1]!.docId]);
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json.quota).toEqual({
      total: 3,
      frozen: 2,
      used: 0,
      free: 1,
    });
    expect(await errOf(start([docs[2]!.docId, docs[3]!.docId]))).toBe(E('QUOTA_INSUFFICIENT'));
    // nothing created
    expect((await control(ctx, 'GET', '/flows?projectId=' + ctx.projectId)).json.flows).toHaveLength(1);
    await signAs(ctx, f1.flowId, a.accountId);
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json.quota).toEqual({
      total: 3,
      frozen: 0,
      used: 2,
      free: 1,
    });
    expect(await errOf(start([docs[2]!.docId, docs[3]!.docId]))).toBe(E('QUOTA_INSUFFICIENT'));
    const patched = await ctx.sim.fetch(
      new Request(`${ctx.sim.origin('control')}/__sim/esign/tenants/${ctx.projectId}`, {
        method: 'PATCH',
        body: JSON.stringify({ quota: 10 }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(patched.status).toBe(200);
    await expect(start([docs[2]!.docId, docs[3]!.docId])).resolves.toBeTruthy();
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json.quota).toEqual({
      total: 10,
      frozen: 2,
      used: 2,
      free: 6,
    });
    // the package ends (§2.3 套餐到期): starts are refused though units remain
    ctx.sim.vendor('esign').patchTenant(ctx.projectId, { quotaExpiresAt: ctx.sim.clock.now() + 60 * MIN });
    await ctx.sim.clock.advance(60 * MIN);
    expect(await errOf(start([docs[0]!.docId]))).toBe(E('QUOTA_EXPIRED'));
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json).toMatchObject({
      quotaExpiresAt: T0 + 60 * MIN,
      quota: { frozen: 2 },
    });
    ctx.sim.vendor('esign').patchTenant(ctx.projectId, { quotaExpiresAt: null });
    await expect(start([docs[0]!.docId])).resolves.toBeTruthy();
  });

  it('silent signing and signerAppAuto: the flow completes inside /sign/start; the platform stamps a company seal', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const { docId, pdf } = await makeDoc(ctx, CONTRACT);
    const ka = await keywordCentre(pdf, '乙方（签字）');
    const res = await ctx.client.call('/sign/start', {
      businessScene: '自动签署',
      docList: [{ docId }],
      recipientList: {
        signerList: [
          {
            accountId: a.accountId,
            autoSign: '1' as never,
            signOrder: 1,
            docPosList: [{ docId, signType: 1, posBeanList: [{ key: '乙方（签字）' }] }],
          },
        ],
        signerAppAuto: {
          autoSign: 1,
          signOrder: 2,
          docPosList: [{ docId, signType: 2, posBeanList: [{ posPage: '2', posX: 300, posY: 400 }] }],
        },
      },
    });
    expect(res.signUrlList).toEqual([]);
    const d = await detail(ctx, res.flowId);
    expect(d.flowStatus).toBe(2);
    expect(d.signInfo[0]!.signDetail!.map((s) => [s.accountId, s.signStatus])).toEqual([
      [a.accountId, 2],
      [ctx.projectId, 2],
    ]);
    const signed = (await downloadSigned(ctx, res.flowId)).get(docId)!;
    const p1 = await render(signed, 1);
    const p2 = await render(signed, 2);
    expect(redAround(p1, ka.x, ka.y)).toBeGreaterThan(300);
    // company seal (120 pt) at (300, 400) on page 2: red reaches further than a personal seal would
    expect(redAround(p2, 300, 400, 62)).toBeGreaterThan(redAround(p2, 300, 400, 42) + 100);
    expect(redTotal(p2)).toBe(redAround(p2, 300, 400, 64));
    await ctx.sim.clock.settle();
    expect(ctx.callbacks.map((c) => c.json.action)).toEqual([
      'SIGN_FLOW_UPDATE',
      'SIGN_FLOW_UPDATE',
      'SIGN_FLOW_FINISH',
    ]);
    expect(ctx.callbacks[1]!.json.accountId).toBe(ctx.projectId);
  });

  it('signerAppAuto without autoSign gets a signUrl under the project id and signs through the control path', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, CONTRACT);
    const res = await ctx.client.call('/sign/start', {
      businessScene: '平台手动',
      docList: [{ docId }],
      recipientList: {
        signerList: [{ accountId: a.accountId, signOrder: 2 }],
        signerAppAuto: { signOrder: 1 },
      },
    });
    expect(res.signUrlList!.map((s) => s.accountId)).toEqual([a.accountId, ctx.projectId]);
    const d = await detail(ctx, res.flowId);
    expect(d.signInfo[0]!.signDetail!.map((s) => [s.accountId, s.signStatus])).toEqual([
      [a.accountId, 0],
      [ctx.projectId, 1],
    ]);
    const page = await ctx.sim.fetch(new Request(res.signUrlList![1]!.signUrl[0]!));
    expect(await page.text()).toContain('（对接平台）');
    expect((await signAs(ctx, res.flowId, ctx.projectId)).json).toMatchObject({
      accountId: ctx.projectId,
      signStatus: 2,
      flowStatus: 1,
    });
    expect((await detail(ctx, res.flowId)).signInfo[0]!.signDetail![0]!.signStatus).toBe(1);
  });

  it('authorizationOrgId: the agent signs with the org’s company seal; only the org’s agent may', async () => {
    ctx = setup();
    const agent = await makePerson(ctx);
    const other = await makePerson(ctx);
    const org = await makeOrg(ctx, agent.accountId);
    const { docId, pdf } = await makeDoc(ctx, CONTRACT);
    const k = await keywordCentre(pdf, '甲方（盖章）');
    const start = (signer: Record<string, unknown>) =>
      ctx.client.call('/sign/start', {
        businessScene: '企业签署',
        docList: [{ docId }],
        recipientList: { signerList: [signer as never] },
      });
    expect(await errOf(start({ accountId: other.accountId, authorizationOrgId: org.accountId }))).toBe(
      E('AUTHORIZATION_ORG_NOT_AUTHORISED'),
    );
    expect(await errOf(start({ accountId: agent.accountId, authorizationOrgId: agent.accountId }))).toBe(
      E('AUTHORIZATION_ORG_NOT_FOUND'),
    );
    expect(await errOf(start({ accountId: org.accountId }))).toBe(E('PARAM_INVALID'));
    const { flowId } = await ctx.client.call('/sign/start', {
      businessScene: '企业签署',
      docList: [{ docId }],
      recipientList: {
        signerList: [
          {
            accountId: agent.accountId,
            authorizationOrgId: org.accountId,
            signOrder: 1,
            docPosList: [{ docId, signType: 1, posBeanList: [{ key: '甲方（盖章）' }] }],
          },
          {
            accountId: agent.accountId,
            signOrder: 2,
            docPosList: [{ docId, signType: 2, posBeanList: [{ posPage: '2', posX: 200, posY: 300 }] }],
          },
        ],
      },
    });
    const d = await detail(ctx, flowId);
    expect(d.signInfo[0]!.signDetail![0]).toMatchObject({
      accountId: agent.accountId,
      authorizationOrgId: org.accountId,
      signStatus: 1,
    });
    // the control path names the org role by its org id, the personal role by the person id
    expect((await signAs(ctx, flowId, org.accountId)).json).toMatchObject({
      authorizationOrgId: org.accountId,
      signStatus: 2,
      flowStatus: 1,
    });
    expect((await signAs(ctx, flowId, agent.accountId)).json).toMatchObject({ signStatus: 2, flowStatus: 2 });
    const signed = (await downloadSigned(ctx, flowId)).get(docId)!;
    const p1 = await render(signed, 1);
    // 120-pt company seal
    expect(redAround(p1, k.x, k.y, 62)).toBeGreaterThan(redAround(p1, k.x, k.y, 42) + 100);
    expect(redAround(await render(signed, 2), 200, 300)).toBeGreaterThan(300);
  });

  it('refuses bad starts without creating anything: unknown doc/account, other tenant’s ids, empty recipients, duplicate roles', async () => {
    ctx = setup();
    const a = await makePerson(ctx);
    const { docId } = await makeDoc(ctx, CONTRACT);
    const start = (b: Record<string, unknown>) =>
      errOf(
        ctx.client.call('/sign/start', {
          businessScene: 'x',
          docList: [{ docId }],
          recipientList: { signerList: [{ accountId: a.accountId }] },
          ...b,
        } as never),
      );
    expect(await start({ docList: [{ docId: '2018041823454409001' }] })).toBe(E('DOC_NOT_FOUND'));
    expect(await start({ recipientList: { signerList: [{ accountId: 'f'.repeat(32) }] } })).toBe(
      E('ACCOUNT_NOT_FOUND'),
    );
    expect(await start({ initiatorAccountId: 'f'.repeat(32) })).toBe(E('ACCOUNT_NOT_FOUND'));
    expect(await start({ recipientList: {} })).toBe(E('RECIPIENT_EMPTY'));
    expect(
      await start({
        recipientList: { signerList: [{ accountId: a.accountId }, { accountId: a.accountId }] },
      }),
    ).toBe(E('PARAM_INVALID'));
    expect(await start({ docList: [{ docId }, { docId }] })).toBe(E('PARAM_INVALID'));
    expect(await start({ noticeType: '1,4' })).toBe(E('PARAM_INVALID'));

    const other = await import('../../clients/esign/index.ts').then(({ createEsignClient }) => {
      const t = ctx.sim.vendor('esign').createTenant({});
      return createEsignClient({
        baseUrl: ctx.base,
        projectId: t.credentials.projectId!,
        secret: t.credentials.projectSecret!,
        fetch: (r) => ctx.sim.fetch(r),
      });
    });
    const { flowId } = await ctx.client.call('/sign/start', {
      businessScene: 'x',
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: a.accountId }] },
    });
    expect(await errOf(other.call('/sign/docdetail', { flowId }))).toBe(E('FLOW_NOT_FOUND'));
    expect(await errOf(other.call('/sign/revoke', { flowId }))).toBe(E('FLOW_NOT_FOUND'));
    expect(await errOf(other.call('/sign/download', { flowId }))).toBe(E('FLOW_NOT_FOUND'));
    expect(await errOf(other.call('/doc/downloadurl', { docId }))).toBe(E('DOC_NOT_FOUND'));
    expect(
      await errOf(
        other.call('/sign/start', {
          businessScene: 'x',
          docList: [{ docId }],
          recipientList: { signerAppAuto: {} },
        }),
      ),
    ).toBe(E('DOC_NOT_FOUND'));
    expect((await control(ctx, 'GET', '/flows?projectId=' + ctx.projectId)).json.flows).toHaveLength(1);
    expect((await control(ctx, 'GET', `/tenants/${ctx.projectId}`)).json.quota.frozen).toBe(1);
  });
});
