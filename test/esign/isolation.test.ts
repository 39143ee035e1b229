/**
 * Tenant isolation (docs/interface.md "Control API": `POST /__sim/<vendor>/tenants` creates a new
 * isolated tenant with fresh credentials). Two projects made through the control API share one
 * simulator; neither can see or touch the other's accounts, files, templates, documents or
 * flows (each lookup answers the catalogue's "not found"), each one's SMS go out under its own
 * tenant, each one's callbacks go to its own callbackUrl signed with its own secret, and a
 * request signed with one project's secret under the other's id is refused.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EsignApiError, verifyCallback, type EsignClient } from '../../clients/esign/index.ts';
import { hmacSha256Hex } from '../../clients/shared/crypto.ts';
import { esignErrors, type EsignErrorName } from '../../contracts/esign/index.ts';
import {
  control,
  makeDoc,
  makePerson,
  setup,
  type Ctx,
  inProcessSim,
  newDoc,
  newPerson,
  newProject,
  projectView,
  signerAction,
  startTwoSignerFlow,
  T0,
  type Person,
  type Project,
  type SimHandle,
} from './helpers.ts';

const E = (name: EsignErrorName) => esignErrors[name].errCode;
const errOf = (p: Promise<unknown>) =>
  p.then(
    () => 'succeeded',
    (e: unknown) => (e instanceof EsignApiError ? e.errCode : `threw ${String(e)}`),
  );

const URL_A = 'http://tenant-a.test/esign/callback';
const URL_B = 'http://tenant-b.test/esign/callback';

interface Captured {
  url: string;
  headers: Headers;
  body: string;
}

interface Side {
  project: Project;
  client: EsignClient;
  a: Person;
  b: Person;
  docId: string;
  fileKey: string;
  templateId: string;
  flowId: string;
}

let h: SimHandle;
const captured: Captured[] = [];
let A: Side;
let B: Side;

async function side(callbackUrl: string): Promise<Side> {
  const project = await newProject(h.control, { callbackUrl });
  const client = h.client(project, { verifyResponses: true });
  const a = await newPerson(client);
  const b = await newPerson(client);
  const { docId, fileKey } = await newDoc(client, h.fetch);
  const { templateId } = await client.call('/template/createbyfilekey', { fileKey, templateName: '模板' });
  const { flowId } = await startTwoSignerFlow(client, a, b, docId);
  return { project, client, a, b, docId, fileKey, templateId, flowId };
}

beforeAll(async () => {
  h = inProcessSim({
    now: T0,
    // Outgoing callbacks are captured in-process, by URL.
    fetch: async (req) => {
      captured.push({ url: req.url, headers: req.headers, body: await req.text() });
      return new Response('ok');
    },
  });
  A = await side(URL_A);
  B = await side(URL_B);
});

afterAll(async () => {
  await h?.close();
});

describe('esign tenant isolation', () => {
  it('tenants made through the control API have distinct credentials and start empty', async () => {
    expect(A.project.projectId).not.toBe(B.project.projectId);
    expect(A.project.secret).not.toBe(B.project.secret);
    expect(A.project.projectId).toMatch(/^\d{10}$/);
    expect(A.project.secret).toMatch(/^[0-9a-f]{32}$/);
    const fresh = await newProject(h.control);
    expect((await projectView(h.control, fresh.projectId)).counts).toEqual({
      accounts: 0,
      files: 0,
      templates: 0,
      docs: 0,
      flows: 0,
    });
  });

  it("B cannot see A's accounts: idexchange on A's thirdId is THIRD_ID_NOT_FOUND, and B may reuse the thirdId", async () => {
    expect((await A.client.call('/account/idexchange', { thirdId: A.a.thirdId })).accountId).toBe(
      A.a.accountId,
    );
    expect(await errOf(B.client.call('/account/idexchange', { thirdId: A.a.thirdId }))).toBe(
      E('THIRD_ID_NOT_FOUND'),
    );
    // thirdIds are per project: B may create its own account with A's thirdId …
    const mine = await newPerson(B.client, { thirdId: A.a.thirdId });
    expect(mine.accountId).not.toBe(A.a.accountId);
    expect((await B.client.call('/account/idexchange', { thirdId: A.a.thirdId })).accountId).toBe(
      mine.accountId,
    );
    // … and A still finds its own
    expect((await A.client.call('/account/idexchange', { thirdId: A.a.thirdId })).accountId).toBe(
      A.a.accountId,
    );
  });

  it("B cannot use A's accounts as signers, agents or initiators", async () => {
    expect(
      await errOf(
        B.client.call('/sign/start', {
          businessScene: 'x',
          docList: [{ docId: B.docId }],
          recipientList: { signerList: [{ accountId: A.a.accountId }] },
        }),
      ),
    ).toBe(E('ACCOUNT_NOT_FOUND'));
    expect(
      await errOf(
        B.client.call('/sign/start', {
          businessScene: 'x',
          initiatorAccountId: A.a.accountId,
          docList: [{ docId: B.docId }],
          recipientList: { signerList: [{ accountId: B.a.accountId }] },
        }),
      ),
    ).toBe(E('ACCOUNT_NOT_FOUND'));
    expect(
      await errOf(
        B.client.call('/account/create/organize/private', {
          agentAccountId: A.a.accountId,
          name: '某某科技有限公司',
          organCode: '745830607',
          organType: 10,
        }),
      ),
    ).toBe(E('AGENT_ACCOUNT_NOT_FOUND'));
  });

  it("B cannot use A's fileKeys, templateIds or docIds", async () => {
    expect(await errOf(B.client.call('/doc/createbyfilekey', { fileKey: A.fileKey }))).toBe(
      E('FILE_KEY_NOT_FOUND'),
    );
    expect(await errOf(B.client.call('/template/createbyfilekey', { fileKey: A.fileKey }))).toBe(
      E('FILE_KEY_NOT_FOUND'),
    );
    expect(
      await errOf(B.client.call('/doc/createbytemplate', { templateId: A.templateId, name: '合同' })),
    ).toBe(E('TEMPLATE_NOT_FOUND'));
    expect(await errOf(B.client.call('/doc/downloadurl', { docId: A.docId }))).toBe(E('DOC_NOT_FOUND'));
    expect(
      await errOf(
        B.client.call('/sign/start', {
          businessScene: 'x',
          docList: [{ docId: A.docId }],
          recipientList: { signerList: [{ accountId: B.a.accountId }] },
        }),
      ),
    ).toBe(E('DOC_NOT_FOUND'));
    // the owner still can
    expect((await A.client.call('/doc/downloadurl', { docId: A.docId })).docUrl).toContain('/oss/download/');
  });

  it("B cannot see or change A's flows: every flow API answers FLOW_NOT_FOUND, and A's flow is untouched", async () => {
    const before = await A.client.call('/sign/docdetail', { flowId: A.flowId });
    for (const path of ['/sign/docdetail', '/sign/download', '/sign/revoke', '/sign/execute'] as const) {
      expect(await errOf(B.client.call(path, { flowId: A.flowId })), path).toBe(E('FLOW_NOT_FOUND'));
    }
    expect(await A.client.call('/sign/docdetail', { flowId: A.flowId })).toEqual(before);
    // the control API's flow list filtered by project shows only that project's flows
    const list = await h.control.api.GET('/__sim/esign/flows', {
      params: { query: { projectId: B.project.projectId } },
    });
    expect(list.data!.flows.map((f) => f.flowId)).toEqual([B.flowId]);
    // and a signer action addressed to project B does not find A's flow
    const r = await h.control.api.POST('/__sim/esign/flows/{flowId}/signers/{accountId}', {
      params: {
        path: { flowId: A.flowId, accountId: A.a.accountId },
        query: { projectId: B.project.projectId },
      },
      body: { action: 'sign' },
    });
    expect(r.response.status).toBe(404);
  });

  it("each tenant's SMS are recorded under that tenant only", async () => {
    const ofA = h.sim.outbox.list({ vendor: 'esign', tenant: A.project.projectId });
    const ofB = h.sim.outbox.list({ vendor: 'esign', tenant: B.project.projectId });
    // /sign/start with noticeType 1 sent each side's first signer an SMS
    expect(ofA.map((m) => m.to)).toContain(A.a.mobile);
    expect(ofB.map((m) => m.to)).toContain(B.a.mobile);
    expect(ofA.some((m) => [B.a.mobile, B.b.mobile].includes(m.to) || m.text.includes(B.flowId))).toBe(false);
    expect(ofB.some((m) => [A.a.mobile, A.b.mobile].includes(m.to) || m.text.includes(A.flowId))).toBe(false);
    // the control outbox (filtered by recipient) shows A's signer only A's message
    const viaControl = await h.control.outbox({ vendor: 'esign', to: A.a.mobile });
    expect(viaControl.length).toBe(ofA.filter((m) => m.to === A.a.mobile).length);
    expect(viaControl.every((m) => m.link === undefined || m.link.includes(A.flowId))).toBe(true);
  });

  it("callbacks go only to each tenant's own callbackUrl, signed with its own secret", async () => {
    captured.length = 0;
    expect((await signerAction(h.control, A.flowId, A.a.accountId)).status).toBe(200);
    expect((await signerAction(h.control, B.flowId, B.a.accountId, 'refuse', '不同意')).status).toBe(200);
    await h.control.settle();
    const toA = captured.filter((c) => c.url === URL_A);
    const toB = captured.filter((c) => c.url === URL_B);
    expect(toA.length + toB.length).toBe(captured.length);
    expect(toA.map((c) => JSON.parse(c.body).flowId)).toEqual([A.flowId]);
    expect(new Set(toB.map((c) => JSON.parse(c.body).flowId))).toEqual(new Set([B.flowId]));
    expect(toB.map((c) => JSON.parse(c.body).action).sort()).toEqual([
      'SIGN_FLOW_FINISH',
      'SIGN_FLOW_UPDATE',
    ]);
    for (const c of toA) {
      expect(verifyCallback(c.headers, c.body, A.project.secret, { projectId: A.project.projectId })).toBe(
        true,
      );
      expect(verifyCallback(c.headers, c.body, B.project.secret)).toBe(false);
      expect(c.headers.get('X-timevale-project-id')).toBe(A.project.projectId);
    }
    for (const c of toB) {
      expect(verifyCallback(c.headers, c.body, B.project.secret, { projectId: B.project.projectId })).toBe(
        true,
      );
      expect(verifyCallback(c.headers, c.body, A.project.secret)).toBe(false);
    }
    // the journal agrees
    const journal = await h.control.webhooks('esign');
    for (const d of journal) expect([URL_A, URL_B]).toContain(d.url);
    expect(journal.filter((d) => d.url === URL_A).every((d) => JSON.parse(d.body).flowId === A.flowId)).toBe(
      true,
    );
  });

  it("a request signed with A's secret under B's project id is refused, and changes nothing in B", async () => {
    const before = await projectView(h.control, B.project.projectId);
    const mixed = h.client({ projectId: B.project.projectId, secret: A.project.secret });
    expect(
      await errOf(
        mixed.call('/account/create/person/private', {
          name: '冒充',
          idNo: '110108196710262291',
          idType: 19,
        }),
      ),
    ).toBe(E('SIGNATURE_MISMATCH'));
    expect(await errOf(mixed.call('/sign/docdetail', { flowId: B.flowId }))).toBe(E('SIGNATURE_MISMATCH'));
    expect(await errOf(mixed.call('/sign/docdetail', { flowId: A.flowId }))).toBe(E('SIGNATURE_MISMATCH'));
    expect(await projectView(h.control, B.project.projectId)).toEqual(before);
    // the refusal is signed with B's secret (the project named in the request), not A's
    const res = await h.sim.fetch(
      new Request(`${h.esignBase}/sign/docdetail`, {
        method: 'POST',
        body: JSON.stringify({ flowId: B.flowId }),
        headers: {
          'content-type': 'application/json',
          'X-timevale-project-id': B.project.projectId,
          'X-timevale-signature': hmacSha256Hex(A.project.secret, JSON.stringify({ flowId: B.flowId })),
        },
      }),
    );
    const text = await res.text();
    expect(JSON.parse(text).errCode).toBe(E('SIGNATURE_MISMATCH'));
    expect(res.headers.get('X-timevale-signature')).toBe(hmacSha256Hex(B.project.secret, text));
    expect(text).not.toContain(B.flowId);
  });
});

describe('esign tenants and their control views', () => {
  let ctx: Ctx;
  const dirs: string[] = [];
  afterEach(() => {
    ctx?.sim.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
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
