/**
 * `--state FILE` for yunhetong-sdk (library level, createSimulator({ stateFile })): apps and their
 * settings, users with their identity indexes and signatures, templates (their bytes in the blob
 * store), tokens with what checkToken attached, and every id sequence survive a restart; a token
 * keeps exactly its remaining virtual lifetime; a reset then leaves only the default app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { createSimulator, type SealSim } from '../../index.ts';
import {
  DEFAULT_APP,
  MIN,
  answerOf,
  failure,
  person,
  company,
  success,
  type App,
  type Params,
} from './helpers.ts';

/** 2026-01-05 10:00:00 Asia/Shanghai. */
const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

const open: SealSim[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(stateFile: string, now?: number) {
  const sim = createSimulator({
    vendors: ['yunhetong-sdk'],
    stateFile,
    ...(now !== undefined ? { now } : {}),
  });
  open.push(sim);
  const base = `${sim.origin('yunhetong-sdk')}/sdk`;
  const call = async (url: string, init?: RequestInit) => answerOf(await sim.fetch(new Request(url, init)));
  return {
    sim,
    post: (path: string, form: Params, query?: Params) =>
      call(`${base}${path}${query ? `?${new URLSearchParams(query)}` : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }),
    get: (path: string, query: Params) => call(`${base}${path}?${new URLSearchParams(query)}`),
    control: (method: string, path: string, body?: unknown) =>
      call(`${sim.origin('control')}${path}`, {
        method,
        ...(body !== undefined
          ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
          : {}),
      }),
  };
}

type Run = ReturnType<typeof start>;

function stop(run: Run): void {
  run.sim.close();
  open.splice(open.indexOf(run.sim), 1);
}

async function views(run: Run, appId: string) {
  return {
    app: (await run.control('GET', `/__sim/yunhetong-sdk/apps/${appId}`)).json,
    users: (await run.control('GET', `/__sim/yunhetong-sdk/apps/${appId}/users`)).json,
    templates: (await run.control('GET', `/__sim/yunhetong-sdk/apps/${appId}/templates`)).json,
  };
}

/** The vendor's tenants as the state holds them. */
function tenants(run: Run) {
  const snap = run.sim.vendor('yunhetong-sdk').snapshot() as {
    tenants: Array<{
      id: string;
      tokens: Record<string, { backURL?: string; noticeParams?: string; expiresAt: number }>;
      templates: Record<string, { blobId: string }>;
      nextSignatureId: number;
    }>;
  };
  return snap.tenants;
}

const CHECK_OK = '{"subCode":0,"message":"校验成功","value":null,"code":200}';
const CHECK_BAD = '{"subCode":0,"message":"token错误","value":null,"code":400}';

describe('yunhetong-sdk --state: a restart keeps everything', () => {
  it('apps, users, signatures, templates, tokens (their attachments and remaining life) and sequences', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-sdk-state-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const doc = await PDFDocument.create();
    doc.addPage();
    const pdf = Buffer.from(await doc.save());

    // ── first run ──
    const r1 = start(file, T0);
    const created = await r1.control('POST', '/__sim/yunhetong-sdk/tenants', {
      password: 'bSecret1',
      appName: '乙应用',
      tokenLifetimeMs: 10 * MIN,
      fileReadyDelayMs: 5000,
      noticeUrl: 'http://127.0.0.1:9/notice',
    });
    expect(created.status).toBe(201);
    const b = created.json.credentials as App;
    const p = person();
    const c = company();
    for (const u of [p, c])
      expect((await r1.post(P.addUser, { ...DEFAULT_APP, ...u })).json).toEqual(success());
    expect((await r1.post(P.addUser, { ...b, ...person() })).json).toEqual(success());
    const tpl = await r1.control('POST', `/__sim/yunhetong-sdk/apps/${DEFAULT_APP.appId}/templates`, {
      kind: 'pdf',
      title: '租赁合同',
      contentBase64: pdf.toString('base64'),
    });
    expect(tpl.status).toBe(201);
    const token = (await r1.post(P.getToken, { ...DEFAULT_APP, appUserId: p.appUserId! })).json.value
      .token as string;
    expect(
      (await r1.get(P.checkToken, { token, backURL: 'https://shop.example/back', noticeParams: '{"o":1}' }))
        .text,
    ).toBe(CHECK_OK);
    await r1.sim.clock.advance(10 * MIN, { wait: true });
    const before = { a: await views(r1, DEFAULT_APP.appId), b: await views(r1, b.appId) };
    const nextSignatureId = tenants(r1).find((t) => t.id === DEFAULT_APP.appId)!.nextSignatureId;
    stop(r1);

    // ── second run, no `now`: the clock stands where it stood ──
    const r2 = start(file);
    expect(r2.sim.clock.now()).toBe(T0 + 10 * MIN);
    expect({ a: await views(r2, DEFAULT_APP.appId), b: await views(r2, b.appId) }).toEqual(before);
    expect(before.b.app.settings).toMatchObject({
      appName: '乙应用',
      tokenLifetimeMs: 10 * MIN,
      fileReadyDelayMs: 5000,
    });
    const state = tenants(r2).find((t) => t.id === DEFAULT_APP.appId)!;
    expect(state.tokens[token]).toMatchObject({
      backURL: 'https://shop.example/back',
      noticeParams: '{"o":1}',
    });
    const blob = r2.sim.blobs.get(state.templates['1001']!.blobId);
    expect(Buffer.from(blob!.bytes).equals(pdf)).toBe(true);

    // the same token, without a new getToken, for exactly its remaining 20 minutes
    expect((await r2.post(P.modifyCellNum, { cellNum: '18500000000' }, { token })).json).toEqual(success());
    await r2.sim.clock.advance(20 * MIN - 1000, { wait: true });
    expect((await r2.get(P.checkToken, { token })).text).toBe(CHECK_OK);
    await r2.sim.clock.advance(1000, { wait: true });
    expect((await r2.get(P.checkToken, { token })).text).toBe(CHECK_BAD);
    expect((await r2.post(P.modifyCellNum, { cellNum: '18500000001' }, { token })).json).toEqual(
      failure(10801, '登录异常，请重新登录！'),
    );

    // sequences carry on: the token counter, the signature ids, the template ids; identities stay taken
    const again = (await r2.post(P.getToken, { ...DEFAULT_APP, appUserId: p.appUserId! })).json.value.token;
    expect(again).toMatch(/^TGT-2-/);
    expect(
      (await r2.post(P.addUser, { ...DEFAULT_APP, ...person({ cellNum: '18500000000' }) })).json,
    ).toEqual(failure(10209, '该手机号已经存在!'));
    expect(
      (await r2.post(P.addUser, { ...DEFAULT_APP, ...company({ userName: c.userName! }) })).json,
    ).toEqual(failure(10216, '企业名已存在'));
    const fresh = person();
    expect((await r2.post(P.addUser, { ...DEFAULT_APP, ...fresh })).json).toEqual(success());
    const users = (await r2.control('GET', `/__sim/yunhetong-sdk/apps/${DEFAULT_APP.appId}/users`)).json
      .users as Array<{
      appUserId: string;
      signatureIds: number[];
    }>;
    expect(users.find((u) => u.appUserId === fresh.appUserId)!.signatureIds).toEqual([nextSignatureId]);
    const tpl2 = await r2.control('POST', `/__sim/yunhetong-sdk/apps/${DEFAULT_APP.appId}/templates`, {
      kind: 'pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(tpl2.json.templateId).toBe('1002');
    stop(r2);

    // ── a reset is durable too: only the default app, empty ──
    const r3 = start(file);
    expect((await r3.control('POST', '/__sim/reset?vendor=yunhetong-sdk')).status).toBe(200);
    stop(r3);
    const r4 = start(file);
    expect((await r4.control('GET', `/__sim/yunhetong-sdk/apps/${b.appId}`)).status).toBe(404);
    expect((await r4.control('GET', `/__sim/yunhetong-sdk/apps/${DEFAULT_APP.appId}/users`)).json).toEqual({
      users: [],
    });
    expect((await r4.post(P.getToken, { ...DEFAULT_APP, appUserId: p.appUserId! })).json).toEqual(
      failure(10004, '用户不存在'),
    );
  });
});
