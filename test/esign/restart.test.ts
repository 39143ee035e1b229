/**
 * `stateFile` (`--state FILE`, docs/interface.md "Start"): all state — tenants, accounts, files,
 * documents, flows, the clock, the outbox and pending callbacks — survives a restart. A flow
 * half-signed before the restart finishes after it, the callback that was waiting for its
 * retry is retried on the restored clock, and the signed PDF downloads with both seals.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEsignClient } from '../../clients/esign/index.ts';
import { ESIGN_BASE_PATH, esignErrors } from '../../contracts/esign/index.ts';
import { createSimulator } from '../../index.ts';
import { countRedPixels, renderPdfPage } from '../helpers/png.ts';
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
  type Ctx,
  inProcessSim,
  keywordCentre,
  KEY_A,
  KEY_B,
  MIN,
  newDoc,
  newPerson,
  newProject,
  projectView,
  scriptedReceiver,
  signerAction,
  startTwoSignerFlow,
  T0,
  type ScriptedReceiver,
  type SimHandle,
} from './helpers.ts';

const A4H = 841.89;
const open: SimHandle[] = [];
const receivers: ScriptedReceiver[] = [];
const dirs: string[] = [];

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-state-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

function start(opts: Parameters<typeof inProcessSim>[0]): SimHandle {
  const h = inProcessSim(opts);
  open.push(h);
  return h;
}

async function stop(h: SimHandle): Promise<void> {
  await h.close();
  open.splice(open.indexOf(h), 1);
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function fetchBytes(h: SimHandle, url: string): Promise<{ status: number; bytes: Uint8Array }> {
  const res = await h.sim.fetch(new Request(url));
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

function redAround(png: Parameters<typeof countRedPixels>[0], cx: number, cy: number, half = 40): number {
  return countRedPixels(png, { x: cx - half, y: A4H - cy - half, width: 2 * half, height: 2 * half });
}

describe('esign state file: a restart keeps everything', () => {
  it('accounts, docs, flows, clock, outbox and a pending callback survive; the flow then completes and the retry fires', async () => {
    const file = stateFile();
    const r = await scriptedReceiver((_hit, n) =>
      n === 1 ? { status: 500, body: 'down for maintenance' } : { status: 200, body: 'ok' },
    );
    receivers.push(r);

    // ── first run ──
    const h1 = start({ now: T0, stateFile: file });
    const project = await newProject(h1.control, { callbackUrl: r.url, quota: 50 });
    const c1 = h1.client(project);
    const a = await newPerson(c1);
    const b = await newPerson(c1);
    const { docId, pdf } = await newDoc(c1, h1.fetch);
    const flow = await startTwoSignerFlow(c1, a, b, docId, { signValidity: T0 + 7 * 24 * 60 * MIN });
    await h1.control.advance(10 * MIN);
    expect((await signerAction(h1.control, flow.flowId, a.accountId)).body).toMatchObject({
      signStatus: 2,
      flowStatus: 1,
    });
    await h1.control.settle();
    const [pending] = await h1.control.webhooks('esign');
    expect(pending).toMatchObject({ state: 'pending', url: r.url });
    expect(pending!.attempts.map((x) => x.status)).toEqual([500]);
    const firstAttemptAt = pending!.attempts[0]!.at;
    expect(pending!.nextAttemptAt).toBe(firstAttemptAt + 30 * MIN);

    const saved = {
      now: await h1.control.now(),
      view: await projectView(h1.control, project.projectId),
      detail: await c1.call('/sign/docdetail', { flowId: flow.flowId }),
      outbox: await h1.control.outbox({ vendor: 'esign' }),
      webhooks: await h1.control.webhooks('esign'),
      flowView: (
        await h1.control.api.GET('/__sim/esign/flows/{flowId}', {
          params: { path: { flowId: flow.flowId }, query: {} },
        })
      ).data!,
    };
    const { docUrl: originalUrl } = await c1.call('/doc/downloadurl', { docId });
    await stop(h1);
    expect(existsSync(file)).toBe(true);

    // ── second run, same options, same file ──
    const h2 = start({ now: T0, stateFile: file });
    const c2 = h2.client(project); // the same credentials still work
    expect(await h2.control.now()).toBe(saved.now);
    expect(await projectView(h2.control, project.projectId)).toEqual(saved.view);
    expect((await c2.call('/account/idexchange', { thirdId: a.thirdId })).accountId).toBe(a.accountId);
    expect((await c2.call('/account/idexchange', { thirdId: b.thirdId })).accountId).toBe(b.accountId);
    expect(await c2.call('/sign/docdetail', { flowId: flow.flowId })).toEqual(saved.detail);
    expect(await h2.control.outbox({ vendor: 'esign' })).toEqual(saved.outbox);
    expect(await h2.control.webhooks('esign')).toEqual(saved.webhooks);
    const flowView = (
      await h2.control.api.GET('/__sim/esign/flows/{flowId}', {
        params: { path: { flowId: flow.flowId }, query: {} },
      })
    ).data!;
    expect({ ...flowView, docs: undefined }).toEqual({ ...saved.flowView, docs: undefined });
    // nothing was retried by the restart itself
    expect(r.callbacks()).toHaveLength(1);
    // stored bytes and URLs signed before the restart still work
    const original = await fetchBytes(h2, originalUrl);
    expect(original.status).toBe(200);
    expect(Buffer.from(original.bytes).equals(Buffer.from(pdf))).toBe(true);
    const { docUrl: fresh } = await c2.call('/doc/downloadurl', { docId });
    expect(Buffer.from((await fetchBytes(h2, fresh)).bytes).equals(Buffer.from(pdf))).toBe(true);

    // the second signer signs after the restart; the flow completes
    await h2.control.advance(5 * MIN);
    expect((await signerAction(h2.control, flow.flowId, b.accountId)).body).toMatchObject({
      signStatus: 2,
      flowStatus: 2,
    });
    const done = await c2.call('/sign/docdetail', { flowId: flow.flowId });
    expect(done.flowStatus).toBe(2);
    expect(done.signInfo[0]!.signDetail!.map((s) => s.signStatus)).toEqual([2, 2]);
    expect((await projectView(h2.control, project.projectId)).quota).toMatchObject({
      total: 50,
      frozen: 0,
      used: 1,
    });

    // the callback that was waiting retries 30 minutes after its first attempt, on the restored clock
    await h2.control.settle();
    expect((await h2.control.webhooks('esign')).find((d) => d.id === pending!.id)!.attempts).toHaveLength(1);
    await h2.control.advance(firstAttemptAt + 30 * MIN - (await h2.control.now()), { wait: true });
    const retried = (await h2.control.webhooks('esign')).find((d) => d.id === pending!.id)!;
    expect(retried.state).toBe('delivered');
    expect(retried.attempts.map((x) => x.at - firstAttemptAt)).toEqual([0, 30 * MIN]);
    const received = r
      .callbacks()
      .map((x) => JSON.parse(x.body) as { action: string; accountId?: string; flowStatus?: number });
    expect(
      received.map((x) =>
        x.action === 'SIGN_FLOW_UPDATE' ? `U:${x.accountId === a.accountId ? 'a' : 'b'}` : `F${x.flowStatus}`,
      ),
    ).toEqual([
      'U:a', // first attempt, before the restart (500)
      'U:b',
      'F2',
      'U:a', // the retry
    ]);

    // the signed PDF downloads with both seals
    const [signed] = await c2.call('/sign/download', { flowId: flow.flowId });
    const got = await fetchBytes(h2, signed!.docUrl);
    expect(got.status).toBe(200);
    const png = await renderPdfPage(got.bytes, 1);
    for (const key of [KEY_A, KEY_B]) {
      const k = await keywordCentre(pdf, key);
      expect(redAround(png, k.x, k.y), key).toBeGreaterThan(300);
    }
    expect(h2.sim.clock.jobErrors).toEqual([]);
  });

  it('a restart without `now` (as `sealsim start --state F --clock manual` does) restores the saved virtual time exactly', async () => {
    const file = stateFile();
    const h1 = start({ now: T0, stateFile: file });
    const project = await newProject(h1.control);
    const c1 = h1.client(project);
    const a = await newPerson(c1);
    const { docId } = await newDoc(c1, h1.fetch);
    const { flowId } = await c1.call('/sign/start', {
      businessScene: '一小时内签署',
      signValidity: T0 + 60 * MIN,
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: a.accountId }] },
    });
    await h1.control.advance(5 * MIN);
    await stop(h1);

    const h2 = start({ stateFile: file }); // manual clock, no `now`
    // the manual clock stands where it stood; it does not jump to the wall clock
    expect(await h2.control.now()).toBe(T0 + 5 * MIN);
    // so the flow (valid one hour of virtual time) has not expired by the restart
    const c2 = h2.client(project);
    expect((await c2.call('/sign/docdetail', { flowId })).flowStatus).toBe(1);
    await h2.control.advance(55 * MIN);
    expect((await c2.call('/sign/docdetail', { flowId })).flowStatus).toBe(5);
  });

  it('changes are on disk once they are acknowledged, without a clean close', async () => {
    const file = stateFile();
    const h1 = start({ now: T0, stateFile: file });
    const project = await newProject(h1.control);
    const a = await newPerson(h1.client(project));
    // a copy of the state as it is the moment the answer came, as if the process had been killed
    const copy = join(dirs.at(-1)!, 'copy.json');
    writeFileSync(copy, readFileSync(file));
    cpSync(`${file}.d`, `${copy}.d`, { recursive: true });
    const h2 = start({ now: T0, stateFile: copy });
    expect((await h2.client(project).call('/account/idexchange', { thirdId: a.thirdId })).accountId).toBe(
      a.accountId,
    );
  });
});

describe('esign state: a --state restart and reset', () => {
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
});
