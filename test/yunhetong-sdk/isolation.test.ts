/**
 * Apps are isolated: each has its own users, identities (cellNum, certifyNumber, company name,
 * platform user), tokens, signatures and templates; one app's credentials and tokens never reach
 * another's data.
 */
import { describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { PDFDocument } from 'pdf-lib';
import {
  DEFAULT_APP,
  addUser,
  company,
  failure,
  person,
  sdk,
  success,
  userWithToken,
  type App,
  type SdkHandle,
} from './helpers.ts';

/** A one-page PDF (pdf-lib), Base64. */
async function pdfBase64(): Promise<string> {
  const doc = await PDFDocument.create();
  doc.addPage();
  return Buffer.from(await doc.save()).toString('base64');
}

async function users(h: SdkHandle, app: App) {
  const r = await h.control('GET', `/__sim/yunhetong-sdk/apps/${app.appId}/users`);
  return r.json.users as Array<{ appUserId: string; cellNum: string; userName: string }>;
}

describe('app isolation', () => {
  it('the same appUserId, cellNum, certifyNumber, company name and a platform user in two apps', async () => {
    const h = sdk();
    const b = await h.newApp();
    expect(b.appId).toMatch(/^\d{19}$/);
    const p = person();
    const c = company();
    const platform = company({ userType: '4' });
    for (const app of [DEFAULT_APP, b]) {
      expect((await addUser(h, p, app)).json).toEqual(success());
      expect((await addUser(h, c, app)).json).toEqual(success());
      expect((await addUser(h, platform, app)).json).toEqual(success());
    }
    expect((await users(h, DEFAULT_APP)).map((u) => u.appUserId).sort()).toEqual(
      (await users(h, b)).map((u) => u.appUserId).sort(),
    );
  });

  it("an app's users are unknown to another (10004), its password does not open another (10805)", async () => {
    const h = sdk();
    const b = await h.newApp({ password: 'otherSecret' });
    const { user } = await userWithToken(h, person(), DEFAULT_APP);
    expect((await h.post(P.getToken, { ...b, appUserId: user.appUserId! })).json).toEqual(
      failure(10004, '用户不存在'),
    );
    expect(
      (await h.post(P.getToken, { appId: b.appId, password: DEFAULT_APP.password, appUserId: 'x' })).json,
    ).toEqual(failure(10805, 'appId或者密码错误，请重新登录！'));
    expect((await addUser(h, person(), { appId: b.appId, password: DEFAULT_APP.password })).json).toEqual(
      failure(10805, 'appId或者密码错误，请重新登录！'),
    );
  });

  it("a token acts on its own app's user only", async () => {
    const h = sdk();
    const b = await h.newApp();
    const p = person();
    const inA = await userWithToken(h, p, DEFAULT_APP);
    const inB = await userWithToken(h, p, b);
    expect((await h.post(P.modifyCellNum, { cellNum: '18711112222' }, { token: inB.token })).json).toEqual(
      success(),
    );
    expect((await users(h, b))[0]!.cellNum).toBe('18711112222');
    expect((await users(h, DEFAULT_APP))[0]!.cellNum).toBe(p.cellNum);
    // the number is taken in B only
    expect((await h.post(P.modifyCellNum, { cellNum: '18711112222' }, { token: inA.token })).json).toEqual(
      success(),
    );
    expect((await h.post(P.modifyUserName, { userName: '李四' }, { token: inA.token })).json).toEqual(
      success(),
    );
    expect((await users(h, b))[0]!.userName).toBe('张三');
  });

  it('templates belong to their app; ids are generated per app', async () => {
    const h = sdk();
    const b = await h.newApp();
    const PDF_BASE64 = await pdfBase64();
    const add = (app: App, body: Record<string, unknown>) =>
      h.control('POST', `/__sim/yunhetong-sdk/apps/${app.appId}/templates`, body);
    const a1 = await add(DEFAULT_APP, { kind: 'pdf', contentBase64: PDF_BASE64, title: '借款合同' });
    expect(a1.status).toBe(201);
    expect(a1.json).toMatchObject({ templateId: '1001', title: '借款合同', kind: 'pdf' });
    expect((await add(b, { kind: 'pdf', contentBase64: PDF_BASE64 })).json.templateId).toBe('1001');
    expect((await add(DEFAULT_APP, { kind: 'pdf', contentBase64: PDF_BASE64 })).json.templateId).toBe('1002');
    expect(
      (await add(DEFAULT_APP, { templateId: 'T-x', kind: 'pdf', contentBase64: PDF_BASE64 })).status,
    ).toBe(201);
    expect(
      (await add(DEFAULT_APP, { templateId: 'T-x', kind: 'pdf', contentBase64: PDF_BASE64 })).status,
    ).toBe(409);
    expect(
      (await add(DEFAULT_APP, { templateId: 'bad id', kind: 'pdf', contentBase64: PDF_BASE64 })).status,
    ).toBe(400);
    expect((await add(DEFAULT_APP, { kind: 'pdf', contentBase64: 'bm90IGEgcGRm' })).status).toBe(400);
    expect((await add(DEFAULT_APP, { kind: 'docx', contentBase64: PDF_BASE64 })).status).toBe(400);
    const list = (app: App) => h.control('GET', `/__sim/yunhetong-sdk/apps/${app.appId}/templates`);
    expect((await list(DEFAULT_APP)).json.templates.map((t: { templateId: string }) => t.templateId)).toEqual(
      ['1001', '1002', 'T-x'],
    );
    expect((await list(b)).json.templates).toHaveLength(1);
    const path = `/__sim/yunhetong-sdk/apps/${b.appId}/templates/1001`;
    expect((await h.control('GET', path)).json.sha256).toBe(a1.json.sha256);
    expect((await h.control('DELETE', path)).status).toBe(200);
    expect((await h.control('GET', path)).status).toBe(404);
    expect((await list(DEFAULT_APP)).json.templates).toHaveLength(3);
    expect((await h.control('GET', '/__sim/yunhetong-sdk/apps/2999999999999999999/templates')).status).toBe(
      404,
    );
  });

  it("reset drops created apps and the default app's users", async () => {
    const h = sdk();
    const b = await h.newApp();
    await addUser(h, person(), DEFAULT_APP);
    expect((await h.control('POST', '/__sim/reset?vendor=yunhetong-sdk')).status).toBe(200);
    expect(await users(h, DEFAULT_APP)).toEqual([]);
    expect((await h.control('GET', `/__sim/yunhetong-sdk/apps/${b.appId}`)).status).toBe(404);
    const view = await h.control('GET', `/__sim/yunhetong-sdk/apps/${DEFAULT_APP.appId}`);
    expect(view.json).toMatchObject({ appId: DEFAULT_APP.appId, password: DEFAULT_APP.password });
  });
});
