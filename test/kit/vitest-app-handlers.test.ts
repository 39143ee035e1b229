/**
 * `useSealsim({ handlers, onUnhandledRequest })` next to the app's own msw handlers: the app's
 * handler and sealsim both answer in one test file; a request to a vendor's real host that no
 * handler answers is refused (fetch rejects, never sent), whatever the app's choice for other
 * hosts; a recording replayed in the same file (`handlers` or `server.use`) answers instead of
 * the simulator; `sealsimHandlers()` does the same in the app's own `setupServer`.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { describe, expect, it, vi } from 'vitest';
import { createEsignClient } from '../../clients/esign/index.ts';
import { ESIGN_BASE_PATH } from '../../contracts/esign/index.ts';
import { createSimulator } from '../../index.ts';
import { flowFixture, replayHandlers, sealsimHandlers, VENDOR_REAL_ORIGINS } from '../../kit/index.ts';
import { useSealsim } from '../../kit/vitest.ts';

const fixture = flowFixture('esign');
const createAccount = fixture.exchanges[0]!;
const recordedAccountId = (JSON.parse(createAccount.body) as { data: { accountId: string } }).data.accountId;

const sim = useSealsim({
  vendors: ['esign'],
  // the app's own handlers: its user service, and (tried before the simulator) the recorded esign flow
  handlers: [
    http.get('https://users.app.test/me', () => HttpResponse.json({ name: '张三' })),
    ...replayHandlers(fixture, { onUnmatched: 'next' }),
  ],
  onUnhandledRequest: 'bypass',
  extraOrigins: { esign: ['https://openapi.tsign.cn'] },
});
const { projectId, projectSecret } = sim.vendor('esign').defaultCredentials() as {
  projectId: string;
  projectSecret: string;
};
const client = (origin: string) =>
  createEsignClient({ baseUrl: origin + ESIGN_BASE_PATH, projectId, secret: projectSecret });
const person = (thirdId: string) => ({
  thirdId,
  name: '李四',
  idNo: '371500198101175693',
  idType: 19 as const,
});

describe('useSealsim() with the app’s own handlers', () => {
  it('answers the app’s handler and sealsim in one file; exposes the server', async () => {
    expect(await (await fetch('https://users.app.test/me')).json()).toEqual({ name: '张三' });
    const { accountId } = await client(sim.origin('esign')).call(
      '/account/create/person/private',
      person('x1'),
    );
    expect(accountId).toMatch(/^[0-9a-f]{32}$/);
    expect(accountId).not.toBe(recordedAccountId); // the simulator answered: not in the recording
    // server.use() adds a handler for this test only
    sim.server.use(http.get('https://users.app.test/me', () => HttpResponse.json({ name: '王五' })));
    expect(await (await fetch('https://users.app.test/me')).json()).toEqual({ name: '王五' });
  });

  it('a recording in `handlers` answers before the simulator', async () => {
    expect(await (await fetch('https://users.app.test/me')).json()).toEqual({ name: '张三' }); // reset
    const body = JSON.parse(createAccount.requestBody!) as ReturnType<typeof person>;
    const { accountId } = await client(sim.origin('esign')).call('/account/create/person/private', body);
    expect(accountId).toBe(recordedAccountId);
    // and the simulator never saw it (idexchange is not in the recording: the simulator answers it)
    await expect(
      client(sim.origin('esign')).call('/account/idexchange', { thirdId: body.thirdId }),
    ).rejects.toThrow(/thirdId|不存在|account/i);
  });

  it('server.use(...replayHandlers(rec)) in a test answers before the simulator too', async () => {
    sim.server.use(...replayHandlers(fixture));
    const body = JSON.parse(createAccount.requestBody!) as ReturnType<typeof person>;
    expect((await client(sim.origin('esign')).call('/account/create/person/private', body)).accountId).toBe(
      recordedAccountId,
    );
    // with no 'next', a body the recording lacks is refused by the replay, not passed to the simulator
    await expect(
      client(sim.origin('esign')).call('/account/create/person/private', person('not-recorded')),
    ).rejects.toThrow();
  });

  it('refuses a vendor real host no handler answers (never passed through), even under bypass', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(
        client('https://smlgateway.tsign.cn').call('/account/idexchange', { thirdId: 'a' }),
      ).rejects.toThrow(/fetch/i);
      await expect(fetch('https://sdk.yunhetong.com/sdk/token/getToken')).rejects.toThrow();
      await expect(fetch('http://docapi.wosign.com/')).rejects.toThrow();
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringContaining(
          'sealsim: refused POST https://smlgateway.tsign.cn/opentreaty/rest/v3.0/account/idexchange',
        ),
        expect.stringContaining('refused GET https://sdk.yunhetong.com/sdk/token/getToken'),
        expect.stringContaining("extraOrigins: { 'wosign': ['http://docapi.wosign.com'] }"),
      ]);
    } finally {
      errors.mockRestore();
    }
    // a real host routed with extraOrigins reaches the simulator
    const { accountId } = await client('https://openapi.tsign.cn').call(
      '/account/create/person/private',
      person('x2'),
    );
    expect(accountId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('knows every vendor’s real hosts', () => {
    expect(VENDOR_REAL_ORIGINS).toMatchObject({
      esign: ['https://openapi.tsign.cn', 'https://smlgateway.tsign.cn'],
      baoquan: expect.arrayContaining(['https://baoquan.com', 'https://api.baoquan.com']),
      'yunhetong-sdk': ['https://sdk.yunhetong.com'],
      wosign: ['https://docapi.wosign.com', 'https://docapitest.wosign.com'],
    });
  });
});

describe('sealsimHandlers() in the app’s own setupServer', () => {
  it('answers sealsim origins and refuses real hosts under the app’s onUnhandledRequest', async () => {
    // (useSealsim's server above is listening too; this one is closed again at once)
    const own = createSimulator({ vendors: ['esign'], basePort: 47000 });
    const refused: string[] = [];
    const server = setupServer(
      http.get('https://users.app.test/other', () => HttpResponse.text('app')),
      ...sealsimHandlers(own, { onRefused: (m) => void refused.push(m) }),
    );
    sim.server.close();
    server.listen({ onUnhandledRequest: 'bypass' });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await (await fetch('https://users.app.test/other')).text()).toBe('app');
      const ok = await client(own.origin('esign')).call('/account/create/person/private', person('y1'));
      expect(ok.accountId).toMatch(/^[0-9a-f]{32}$/);
      await expect(fetch('https://baoquan.com/api/v2/attestations', { method: 'POST' })).rejects.toThrow();
      expect(refused).toEqual([
        expect.stringContaining('refused POST https://baoquan.com/api/v2/attestations'),
      ]);
    } finally {
      errors.mockRestore();
      server.close();
      own.close();
      sim.server.listen({ onUnhandledRequest: 'bypass' });
    }
  });
});
