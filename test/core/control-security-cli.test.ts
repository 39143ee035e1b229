/**
 * The CLI's side of the control port's safety (bin/cli.ts): `--control-token`,
 * SEALSIM_CONTROL_TOKEN and `--public-host` parse; started with `--host 0.0.0.0` and no token it
 * warns, generates a token, prints it, and the control API then answers only with it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../../bin/cli.ts';
import { cli, interrupt, killCliChildren } from '../helpers/cli.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';

afterEach(() => killCliChildren());

describe('sealsim start: control token and hosts', () => {
  it('parses --control-token, SEALSIM_CONTROL_TOKEN and --public-host', () => {
    expect(parseArgs(['start'], {}).args).toMatchObject({ publicHosts: [] });
    expect(parseArgs(['start'], {}).args.controlToken).toBeUndefined();
    expect(parseArgs(['start'], { SEALSIM_CONTROL_TOKEN: 'env-t' }).args.controlToken).toBe('env-t');
    const { args } = parseArgs(
      ['start', '--control-token', 'flag-t', '--public-host', 'a.lan, b.lan', '--public-host', 'c.lan'],
      { SEALSIM_CONTROL_TOKEN: 'env-t' },
    );
    expect(args.controlToken).toBe('flag-t');
    expect(args.publicHosts).toEqual(['a.lan', 'b.lan', 'c.lan']);
    expect(() => parseArgs(['start', '--control-token', ''], {})).toThrow(/empty/);
  });

  it('--host 0.0.0.0 without a token: a warning, a generated token printed, and the control API needs it', async () => {
    const port = await freeBasePortFrom(44000);
    const run = cli(['start', '--host', '0.0.0.0', '--port', String(port), '--vendors', 'esign']);
    const until = Date.now() + 30_000;
    while (!run.out().includes('Ctrl-C stops it.')) {
      if (Date.now() > until) throw new Error(`no banner:\n${run.out()}\n${run.err()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run.err()).toMatch(/WARNING: --host 0\.0\.0\.0 binds beyond loopback/);
    const token = /control token: (\S+)/.exec(run.out())?.[1];
    expect(token).toMatch(/^[\w-]{20,}$/);
    expect(run.out()).toContain(`/?token=${token}`);
    const url = `http://127.0.0.1:${port}/__sim/vendors`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await interrupt(run);
  });
});
