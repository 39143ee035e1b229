/**
 * The CLI (docs/interface.md "Start"): `sealsim start [--host] [--port] [--state FILE] [--vendors a,b]`
 * starts the simulators and the control API; Ctrl-C stops it cleanly and flushes `--state`;
 * a restart on the same file has the same data. Bad arguments exit 2 with the usage line.
 * Each run is a real child process (`node --import tsx bin/cli.ts …`) talked to over HTTP.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createControlClient } from '../clients/control/index.ts';
import { createEsignClient } from '../clients/esign/index.ts';
import { ESIGN_DEFAULT_PROJECT } from '../contracts/esign/index.ts';
import { freeBasePort, newDoc, newPerson } from './esign/helpers.ts';
import { cli, interrupt, killCliChildren, waitHealthy } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealsim-cli-'));

afterEach(() => {
  killCliChildren();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sealsim CLI', () => {
  it('start --state --clock manual --vendors esign: serves, stops cleanly on Ctrl-C, and a restart has the same data', async () => {
    const port = await freeBasePort();
    const state = join(dir, 'state.json');
    const args = [
      'start',
      '--port',
      String(port),
      '--state',
      state,
      '--clock',
      'manual',
      '--vendors',
      'esign',
    ];

    // ── first run ──
    const first = cli(args);
    await waitHealthy(first, port);
    const control = createControlClient({ baseUrl: `http://127.0.0.1:${port}` });
    const vendors = (await control.api.GET('/__sim/vendors')).data!.vendors;
    expect(vendors.map((v) => v.id)).toEqual(['esign']);
    const baseUrl = `http://127.0.0.1:${port + 2}/opentreaty/rest/v3.0`;
    expect(vendors[0]!.baseUrl).toBe(baseUrl);
    expect(vendors[0]!.credentials).toEqual({
      projectId: ESIGN_DEFAULT_PROJECT.projectId,
      projectSecret: ESIGN_DEFAULT_PROJECT.secret,
    });
    // the start-up table names the base URL and the default credentials
    expect(first.out()).toContain(baseUrl);
    expect(first.out()).toContain(ESIGN_DEFAULT_PROJECT.secret);

    const client = createEsignClient({
      baseUrl,
      projectId: ESIGN_DEFAULT_PROJECT.projectId,
      secret: ESIGN_DEFAULT_PROJECT.secret,
      verifyResponses: true,
    });
    const a = await newPerson(client, { thirdId: 'cli-user-a' });
    const { docId } = await newDoc(client);
    const { flowId } = await client.call('/sign/start', {
      businessScene: 'CLI 重启测试',
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: a.accountId }] },
    });
    const before = await client.call('/sign/docdetail', { flowId });
    const clockBefore = await control.now();

    const stopped = await interrupt(first);
    expect(stopped).toEqual({ code: 0, signal: null });
    expect(first.out()).toContain('sealsim stopped.');
    expect(first.err()).toBe('');
    expect(existsSync(state)).toBe(true);
    expect(readFileSync(state, 'utf8')).toContain('cli-user-a');
    // the ports are free again
    await expect(fetch(`http://127.0.0.1:${port}/__sim/health`)).rejects.toThrow();

    // ── second run on the same file ──
    const second = cli(args);
    await waitHealthy(second, port);
    expect((await client.call('/account/idexchange', { thirdId: 'cli-user-a' })).accountId).toBe(a.accountId);
    expect(await client.call('/sign/docdetail', { flowId })).toEqual(before);
    const { docUrl } = await client.call('/doc/downloadurl', { docId });
    expect((await fetch(docUrl)).headers.get('content-type')).toBe('application/pdf');
    // the manual clock is part of the state: it must not have moved (see restart.test.ts)
    expect.soft(await control.now(), 'virtual clock after restart').toBe(clockBefore);
    expect(await interrupt(second)).toEqual({ code: 0, signal: null });
  });

  it.each([
    ['an unknown option', ['start', '--bogus']],
    ['a port that is not a port', ['start', '--port', 'abc']],
    ['--state without a value', ['start', '--state']],
    ['an unknown command', ['serve']],
    ['an unknown vendor', ['start', '--vendors', 'nope', '--port', '40990']],
  ])('%s exits 2 with the usage line', async (_label, args) => {
    const run = cli(args);
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still running: ${run.out()} ${run.err()}`)), 15_000),
    );
    const exit = await Promise.race([run.exited, timeout]);
    expect({ code: exit.code, err: run.err() }).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage: sealsim start'),
    });
    expect(run.err()).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
