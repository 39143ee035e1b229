/**
 * `--state FILE` (docs/interface.md "Start": all state survives a restart) for 云合同 摘要签署.
 *
 * Library level (createSimulator({ stateFile })): two apps — the default one with users, template
 * and uploaded moulages, a signing, a time stamp, a 存证, an SMS code not yet used and live
 * platform and user tokens; app B (made through the control API) with its own settings and a
 * short token life. After a restart without `now` the manual clock stands where it stood, every
 * control view answers the same, the same tokens work WITHOUT a new login for exactly their
 * remaining virtual lifetime (renewal at minute 11, death at minute 15 of their original issue),
 * the SMS code signs, the uploaded seal image still stamps, and the id sequences carry on.
 * `POST /__sim/reset?vendor=yunhetong-digest` drops back to the default app only — and the state
 * file then holds only that.
 *
 * Then once through the real CLI (`sealsim start --state FILE --clock manual`): the sandbox
 * defaults to FILE.yunhetong-sandbox, and users, moulages, 存证, tokens, apps, SMS codes and the
 * sandbox's files survive Ctrl-C and a restart.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createControlClient, type ControlClient } from '../../clients/control/index.ts';
import {
  createYunhetongDigestClient,
  type YunhetongDigestClient,
} from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createSimulator, type SealSim } from '../../index.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
import { countRedPixels, encodePng, pdfBoxToPixels, renderPdfPage } from '../helpers/png.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import { apiError, COMPANY, MIN, PERSON } from './helpers.ts';
import { cli, interrupt, killCliChildren, waitHealthy } from '../helpers/cli.ts';

/** yunhetong-digest's real-port tests take base ports in 10000–19990 (esign 30000, baoquan 40000). */
const freeBasePort = (): Promise<number> => freeBasePortFrom(10000);

/** 2024-01-02 10:00:00 Asia/Shanghai. */
const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);
const A4H = 841.89;
const APP = YUNHETONG_DIGEST_DEFAULT_APP;
const LIST = { certifyNumList: [PERSON.certifyNum, COMPANY.certifyNum] };

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** A solid red 110×200 PNG: the doc's size for a person's uploaded seal. */
const RED_SEAL = Buffer.from(
  encodePng(
    110,
    200,
    new Uint8Array(110 * 200 * 4).map((_, i) => [220, 0, 0, 255][i % 4]!),
  ),
).toString('base64');

const open: SealSim[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

interface Handle {
  sim: SealSim;
  control: ControlClient;
  client(creds?: { appId: string; appKey: string }): YunhetongDigestClient;
}

function start(stateFile: string, sandboxDir: string, now?: number): Handle {
  const sim = createSimulator({
    vendors: ['yunhetong-digest', 'esign'],
    stateFile,
    ...(now !== undefined ? { now } : {}),
    vendorOptions: { 'yunhetong-digest': { sandboxDir } },
  });
  open.push(sim);
  const fetch = (r: Request) => sim.fetch(r);
  return {
    sim,
    control: createControlClient({ baseUrl: sim.origin('control'), fetch }),
    client: (creds = APP) =>
      createYunhetongDigestClient({
        baseUrl: sim.origin('yunhetong-digest'),
        appId: creds.appId,
        appKey: creds.appKey,
        fetch,
      }),
  };
}

function stop(h: Handle): void {
  h.sim.close();
  open.splice(open.indexOf(h.sim), 1);
}

/** Everything the control API shows of one app. */
async function views(h: Handle, appId: string) {
  const p = { params: { path: { appId } } };
  return {
    app: (await h.control.api.GET('/__sim/yunhetong-digest/apps/{appId}', p)).data,
    users: (await h.control.api.GET('/__sim/yunhetong-digest/apps/{appId}/users', p)).data,
    moulages: (await h.control.api.GET('/__sim/yunhetong-digest/apps/{appId}/moulages', p)).data,
    summaries: (await h.control.api.GET('/__sim/yunhetong-digest/apps/{appId}/summaries', p)).data,
  };
}

describe('yunhetong-digest --state (library): a restart keeps everything', () => {
  it('users, moulages, summaries, time stamps, 存证, SMS codes, apps and settings survive; tokens keep exactly their remaining virtual lifetime', async () => {
    const dir = tempDir('sealsim-yht-state-');
    const file = join(dir, 'state.json');
    const sandbox = join(dir, 'sandbox');
    mkdirSync(join(sandbox, 'c'), { recursive: true });
    const pdf = await createTextPdf([{ lines: ['借款合同', '甲方：', '乙方：'] }]);
    writeFileSync(join(sandbox, 'c/in.pdf'), pdf);

    // ── first run ──
    const h1 = start(file, sandbox, T0);
    const a1 = h1.client();
    const platformToken = await a1.login();
    const person = String((await a1.call('/user/person', PERSON)).signerId);
    const company = String((await a1.call('/user/company', COMPANY)).signerId);
    const userToken = await a1.asUser(person).login();
    const personSeal = String(
      (await a1.call('/moulage/person', { signerId: person, fontFamily: 'F2', color: 'C2' })).moulageId,
    );
    const companySeal = String(
      (await a1.call('/moulage/company', { signerId: company, textContent: '合同专用章' })).moulageId,
    );
    const imageSeal = String(
      (await a1.call('/moulage/upload', { signerId: person, imgBase: RED_SEAL })).moulageId,
    );
    expect([personSeal, companySeal, imageSeal]).toEqual(['1', '2', '3']);
    expect(
      await a1.call('/sign/filePath', {
        signerId: company,
        moulageId: companySeal,
        contractPath: '/c/in.pdf',
        contractSavePath: '/c/signed.pdf',
        signPositionType: '0',
        positionContent: '甲方',
      }),
    ).toEqual({
      summaryId: 1000,
    });
    expect(await a1.call('/tsa/pathSign', { filePath: '/c/signed.pdf', fileSavePath: '/c/tsa.pdf' })).toEqual(
      { timeStampSignId: 1000 },
    );
    const { czId } = await a1.call('/cz/in', { sid: 'contract-0001', filePath: '/c/signed.pdf' });
    await a1.call('/send/verifyCode', { signerId: person });
    const sms = h1.sim.outbox.list({ vendor: 'yunhetong-digest' }).at(-1)!;
    expect(sms.code).toMatch(/^\d{4}$/);

    const created = await h1.control.createTenant('yunhetong-digest', {
      appKey: 'appKeyOfB01',
      signQuota: 3,
      services: { cz: false },
      tokenLifetimeMs: 6 * MIN,
      tokenRenewAfterMs: 4 * MIN,
    });
    const B = created.credentials as { appId: string; appKey: string };
    const b1 = h1.client(B);
    const bToken = await b1.login();
    // the same certifyNum, another app
    expect(await b1.call('/user/person', PERSON)).toEqual({ signerId: 1 });

    await h1.control.advance(5 * MIN);
    const saved = {
      now: await h1.control.now(),
      a: await views(h1, APP.appId),
      b: await views(h1, B.appId),
      service: (await h1.control.api.GET('/__sim/yunhetong-digest/service')).data,
      outbox: await h1.control.outbox({ vendor: 'yunhetong-digest' }),
      nums: await a1.call('/user/signerId/certifyNums', LIST),
      info: await a1.call('/user/userInfo/signerIds', {}),
    };
    expect(saved.a.app!.counts).toEqual({ users: 2, moulages: 3, summaries: 1, liveTokens: 2 });
    expect(saved.b.app!.settings).toMatchObject({
      signQuota: 3,
      services: { cz: false, sms: true, cert: true },
      tokenLifetimeMs: 6 * MIN,
    });
    stop(h1);
    expect(readFileSync(file, 'utf8')).toContain(PERSON.certifyNum);

    // ── second run: same file, no `now` ──
    const h2 = start(file, sandbox);
    expect(await h2.control.now()).toBe(T0 + 5 * MIN);
    expect(await views(h2, APP.appId)).toEqual(saved.a);
    expect(await views(h2, B.appId)).toEqual(saved.b);
    expect((await h2.control.api.GET('/__sim/yunhetong-digest/service')).data).toEqual(saved.service);
    expect(await h2.control.outbox({ vendor: 'yunhetong-digest' })).toEqual(saved.outbox);

    // the tokens from before the restart, no new login
    const a2 = h2.client();
    a2.setToken(platformToken);
    const u2 = a2.asUser(person);
    u2.setToken(userToken);
    const b2 = h2.client(B);
    b2.setToken(bToken);
    expect(await a2.call('/user/signerId/certifyNums', LIST)).toEqual(saved.nums);
    expect(await a2.call('/user/userInfo/signerIds', {})).toEqual(saved.info);
    expect(a2.token(), 'minute 5 of 15: no renewal').toBe(platformToken);
    // B's token (6-minute life, renewal from minute 4) is at minute 5: renewed, the old one still alive
    expect(await b2.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })).toEqual([
      { [PERSON.certifyNum]: 1 },
    ]);
    const bRenewed = b2.token()!;
    expect(bRenewed).not.toBe(bToken);

    // the SMS code sent before the restart signs once; the summaryId sequence carries on
    expect(
      await a2.call('/sign/verifyCodeFilePath', {
        code: sms.code!,
        signerId: person,
        moulageId: personSeal,
        contractPath: '/c/in.pdf',
        contractSavePath: '/c/sms.pdf',
        signPositionType: '1',
        positionContent: '1,300,300',
      }),
    ).toEqual({
      summaryId: 1001,
    });
    expect(
      (
        await apiError(
          a2.call('/sign/verifyCodeFilePath', {
            code: sms.code!,
            signerId: person,
            moulageId: personSeal,
            contractPath: '/c/in.pdf',
            contractSavePath: '/c/sms.pdf',
            signPositionType: '1',
            positionContent: '1,300,300',
          }),
        )
      ).code,
    ).toBe(100612);
    // the uploaded seal image was kept (blob store): it still stamps, in red
    expect(
      await a2.call('/sign/filePath', {
        signerId: person,
        moulageId: imageSeal,
        contractPath: '/c/in.pdf',
        contractSavePath: '/c/image.pdf',
        signPositionType: '1',
        positionContent: '1,100,100',
      }),
    ).toEqual({ summaryId: 1002 });
    const image = new Uint8Array(readFileSync(join(sandbox, 'c/image.pdf')));
    expect(
      countRedPixels(
        await renderPdfPage(image, 1),
        pdfBoxToPixels({ x: 100, y: 100, width: 50, height: 50 }, A4H),
      ),
    ).toBeGreaterThan(500);
    // the file signed before the restart is the one the summary describes
    expect(sha256(new Uint8Array(readFileSync(join(sandbox, 'c/signed.pdf'))))).toBe(
      saved.a.summaries!.summaries[0]!.signedSha256,
    );
    // time stamps, 存证, users: sequences and uniqueness carry on
    expect(await a2.call('/tsa/pathSign', { filePath: '/c/sms.pdf', fileSavePath: '/c/tsa2.pdf' })).toEqual({
      timeStampSignId: 1001,
    });
    expect(await a2.call('/cz/queryCzId', { sid: 'contract-0001' })).toEqual({ czId });
    expect((await apiError(a2.call('/cz/in', { sid: 'contract-0001', filePath: '/c/in.pdf' }))).code).toBe(
      10205,
    );
    expect((await apiError(a2.call('/user/person', PERSON))).code).toBe(20207);
    expect(
      await a2.call('/user/person', { ...PERSON, certifyNum: '110101199003074477', userName: '李四' }),
    ).toEqual({ signerId: 3 });
    expect(await a2.call('/moulage/person', { signerId: '3' })).toEqual({ moulageId: 4 });
    // B's settings came back with it
    expect((await apiError(b2.call('/cz/in', { sid: 'contract-0001', filePath: '/c/in.pdf' }))).code).toBe(
      20303,
    );

    // B's old token dies at minute 6 of its issue; its renewal lives on
    await h2.control.advance(1 * MIN);
    expect(
      (
        await apiError(
          b2.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] }, { token: bToken }),
        )
      ).code,
    ).toBe(401);
    expect(await b2.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })).toEqual([
      { [PERSON.certifyNum]: 1 },
    ]);
    // minute 11 of the default app's tokens (issued before the restart): renewed, platform and user alike
    await h2.control.advance(5 * MIN);
    await a2.call('/user/signerId/certifyNums', LIST);
    const aRenewed = a2.token()!;
    expect(aRenewed).not.toBe(platformToken);
    await u2.call('/moulage/person', { signerId: person });
    expect(u2.token()).not.toBe(userToken);
    // minute 15: the tokens from before the restart are dead
    await h2.control.advance(4 * MIN);
    expect((await apiError(a2.call('/user/signerId/certifyNums', LIST, { token: platformToken }))).code).toBe(
      401,
    );
    expect(
      (await apiError(u2.call('/moulage/person', { signerId: person }, { token: userToken }))).code,
    ).toBe(401);
    expect(await a2.call('/user/signerId/certifyNums', LIST)).toEqual(saved.nums);
  });

  it('reset (POST /__sim/reset?vendor=yunhetong-digest) drops back to the default app only, empty, and the state file follows', async () => {
    const dir = tempDir('sealsim-yht-reset-');
    const file = join(dir, 'state.json');
    const sandbox = join(dir, 'sandbox');
    mkdirSync(sandbox);
    writeFileSync(join(sandbox, 'keep.pdf'), await createTextPdf([{ lines: ['合同'] }]));

    const h1 = start(file, sandbox, T0);
    const a = h1.client();
    const aToken = await a.login();
    const person = String((await a.call('/user/person', PERSON)).signerId);
    await a.call('/moulage/upload', { signerId: person, imgBase: RED_SEAL });
    await a.call('/send/verifyCode', { signerId: person });
    await h1.control.api.PATCH('/__sim/yunhetong-digest/apps/{appId}/state', {
      params: { path: { appId: APP.appId } },
      body: { signQuota: 7, services: { sms: false } },
    });
    const B = (await h1.control.createTenant('yunhetong-digest', {})).credentials as {
      appId: string;
      appKey: string;
    };
    await h1.client(B).login();
    const esign = await h1.control.createTenant('esign', {});
    expect(h1.sim.blobs.snapshot().blobs.some((x) => x.vendor === 'yunhetong-digest')).toBe(true);

    await h1.control.reset('yunhetong-digest');
    const svc = (await h1.control.api.GET('/__sim/yunhetong-digest/service')).data!;
    expect(svc).toEqual({ contextPath: '/', sandboxDir: sandbox, apps: [APP.appId] });
    expect(
      (
        await h1.control.api.GET('/__sim/yunhetong-digest/apps/{appId}', {
          params: { path: { appId: B.appId } },
        })
      ).response.status,
    ).toBe(404);
    expect((await apiError(h1.client(B).login())).code).toBe(402);
    const view = (
      await h1.control.api.GET('/__sim/yunhetong-digest/apps/{appId}', {
        params: { path: { appId: APP.appId } },
      })
    ).data!;
    expect(view).toMatchObject({
      appId: APP.appId,
      appKey: APP.appKey,
      nextSignerId: 1,
      counts: { users: 0, moulages: 0, summaries: 0, liveTokens: 0 },
    });
    expect(view.settings).toMatchObject({
      appState: 'online',
      signQuota: null,
      services: { cz: true, sms: true, cert: true },
    });
    expect((await apiError(a.call('/user/signerId/certifyNums', LIST, { token: aToken }))).code).toBe(401);
    expect(await h1.control.outbox({ vendor: 'yunhetong-digest' })).toEqual([]);
    expect(h1.sim.blobs.snapshot().blobs.some((x) => x.vendor === 'yunhetong-digest')).toBe(false);
    // the sandbox is the host's directory, not app state: its files stay
    expect(existsSync(join(sandbox, 'keep.pdf'))).toBe(true);
    // another vendor is untouched
    expect(
      (
        await h1.control.api.PATCH('/__sim/{vendor}/tenants/{id}', {
          params: { path: { vendor: 'esign', id: esign.id } },
          body: {},
        })
      ).response.status,
    ).toBe(200);
    // the default app starts over
    await a.login();
    expect(await a.call('/user/person', PERSON)).toEqual({ signerId: 1 });
    stop(h1);

    const h2 = start(file, sandbox);
    expect((await h2.control.api.GET('/__sim/yunhetong-digest/service')).data!.apps).toEqual([APP.appId]);
    expect((await views(h2, APP.appId)).users!.users.map((u) => u.signerId)).toEqual([1]);
    expect((await apiError(h2.client(B).login())).code).toBe(402);
  });
});

// ── the real CLI ──────────────────────────────────────────────────────────────────────────────

afterEach(() => {
  killCliChildren();
});

describe('yunhetong-digest --state through the CLI', () => {
  it('sealsim start --state FILE --clock manual: the sandbox is FILE.yunhetong-sandbox, and everything survives Ctrl-C and a restart', async () => {
    const port = await freeBasePort();
    const dir = tempDir('sealsim-yht-cli-');
    const state = join(dir, 'state.json');
    const sandbox = `${state}.yunhetong-sandbox`;
    const args = [
      'start',
      '--port',
      String(port),
      '--state',
      state,
      '--clock',
      'manual',
      '--vendors',
      'yunhetong-digest',
    ];
    const baseUrl = `http://127.0.0.1:${port + 3}`;
    const control = createControlClient({ baseUrl: `http://127.0.0.1:${port}` });

    // ── first run ──
    const first = cli(args);
    await waitHealthy(first, port);
    expect((await control.api.GET('/__sim/yunhetong-digest/service')).data).toEqual({
      contextPath: '/',
      sandboxDir: sandbox,
      apps: [APP.appId],
    });
    expect(existsSync(sandbox)).toBe(true);
    expect(first.out()).toContain(`sandbox=${sandbox}`);

    const c = createYunhetongDigestClient({ baseUrl, appId: APP.appId, appKey: APP.appKey });
    const token = await c.login();
    const person = String((await c.call('/user/person', PERSON)).signerId);
    const seal = String((await c.call('/moulage/person', { signerId: person })).moulageId);
    const pdf = await createTextPdf([{ lines: ['合同', '甲方：'] }]);
    writeFileSync(join(sandbox, 'in.pdf'), pdf);
    const { czId } = await c.call('/cz/in', { sid: 'cli-contract-1', filePath: '/in.pdf' });
    await c.call('/send/verifyCode', { signerId: person });
    const [sms] = await control.outbox({ vendor: 'yunhetong-digest' });
    const B = (await control.createTenant('yunhetong-digest', { appKey: 'cliAppKeyB1' })).credentials as {
      appId: string;
      appKey: string;
    };
    const b = createYunhetongDigestClient({ baseUrl, appId: B.appId, appKey: B.appKey });
    await b.login();
    await b.call('/user/company', COMPANY);
    const t0 = await control.now();
    await control.advance(3 * MIN);
    const users = (
      await control.api.GET('/__sim/yunhetong-digest/apps/{appId}/users', {
        params: { path: { appId: APP.appId } },
      })
    ).data!.users;
    const moulages = (
      await control.api.GET('/__sim/yunhetong-digest/apps/{appId}/moulages', {
        params: { path: { appId: APP.appId } },
      })
    ).data!.moulages;

    expect(await interrupt(first)).toEqual({ code: 0, signal: null });
    expect(first.err()).toBe('');
    expect(readFileSync(state, 'utf8')).toContain(COMPANY.certifyNum);

    // ── second run, same arguments ──
    const second = cli(args);
    await waitHealthy(second, port);
    expect(await control.now()).toBe(t0 + 3 * MIN);
    const svc = (await control.api.GET('/__sim/yunhetong-digest/service')).data!;
    expect(svc.sandboxDir).toBe(sandbox);
    expect(svc.apps.sort()).toEqual([APP.appId, B.appId].sort());
    expect(readFileSync(join(sandbox, 'in.pdf')).equals(Buffer.from(pdf))).toBe(true);
    expect(
      (
        await control.api.GET('/__sim/yunhetong-digest/apps/{appId}/users', {
          params: { path: { appId: APP.appId } },
        })
      ).data!.users,
    ).toEqual(users);
    expect(
      (
        await control.api.GET('/__sim/yunhetong-digest/apps/{appId}/moulages', {
          params: { path: { appId: APP.appId } },
        })
      ).data!.moulages,
    ).toEqual(moulages);
    // the clients' tokens from the first run still work: no login
    expect(await c.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] })).toEqual([
      { [PERSON.certifyNum]: 1 },
    ]);
    expect(c.token()).toBe(token);
    expect(await b.call('/user/signerId/certifyNums', { certifyNumList: [COMPANY.certifyNum] })).toEqual([
      { [COMPANY.certifyNum]: 1 },
    ]);
    expect(await c.call('/cz/queryCzId', { sid: 'cli-contract-1' })).toEqual({ czId });
    // the SMS code sent in the first run signs in the second, reading and writing the same sandbox
    expect(
      await c.call('/sign/verifyCodeFilePath', {
        code: sms!.code!,
        signerId: person,
        moulageId: seal,
        contractPath: '/in.pdf',
        contractSavePath: '/out.pdf',
        signPositionType: '0',
        positionContent: '甲方',
      }),
    ).toEqual({
      summaryId: 1000,
    });
    const [summary] = (
      await control.api.GET('/__sim/yunhetong-digest/apps/{appId}/summaries', {
        params: { path: { appId: APP.appId } },
      })
    ).data!.summaries;
    expect(summary).toMatchObject({
      summaryId: 1000,
      contractPath: '/in.pdf',
      contractSavePath: '/out.pdf',
      originalSha256: sha256(pdf),
      signedSha256: sha256(new Uint8Array(readFileSync(join(sandbox, 'out.pdf')))),
    });
    // and the token still dies at minute 15 of its issue
    await control.advance(12 * MIN);
    expect(
      (await apiError(c.call('/user/signerId/certifyNums', { certifyNumList: [PERSON.certifyNum] }))).code,
    ).toBe(401);

    // reset over HTTP: back to the default app only
    await control.reset('yunhetong-digest');
    expect((await control.api.GET('/__sim/yunhetong-digest/service')).data!.apps).toEqual([APP.appId]);
    expect((await apiError(b.login())).code).toBe(402);
    expect(await interrupt(second)).toEqual({ code: 0, signal: null });
    expect(second.err()).toBe('');
  });
});
