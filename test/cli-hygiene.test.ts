/**
 * Issue 14 item 7: the CLI explains itself (help, unknown commands, bad flag values, a busy port)
 * and the control API answers mistakes with 400s that name them (malformed JSON, JSON without a
 * Content-Type, unknown tenant settings, unknown vendor filters) while a cross-site form still
 * cannot mutate (core/control-guard.ts).
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs, usage } from '../bin/cli.ts';
import { createControlApp } from '../simulators/core/control.ts';
import { Simulator } from '../simulators/core/simulator.ts';
import { definitions } from '../simulators/all.ts';
import { vendors } from '../simulators/registry.ts';
import { cli, killCliChildren } from './helpers/cli.ts';
import { freeBasePortFrom } from './helpers/ports.ts';

afterEach(() => killCliChildren());

async function exitOf(args: string[]) {
  const run = cli(args);
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`still running: ${run.out()} ${run.err()}`)), 20_000),
  );
  const exit = await Promise.race([run.exited, timeout]);
  return { code: exit.code, out: run.out(), err: run.err() };
}

describe('sealsim CLI messages', () => {
  it('usage lists every core flag and every vendor flag from the registry', () => {
    const text = usage();
    for (const flag of ['--host', '--port', '--state', '--vendors', '--clock', '--control-token', '--help'])
      expect(text).toContain(flag);
    for (const v of vendors)
      for (const o of v.cliOptions ?? []) expect(text).toContain(`--${v.id}-${o.flag}`);
  });

  it('parses help, --help and -h as the help command', () => {
    expect(parseArgs(['help'], {}).command).toBe('help');
    expect(parseArgs(['--help'], {}).command).toBe('help');
    expect(parseArgs(['start', '--port', '4100', '-h'], {}).command).toBe('help');
  });

  it.each([
    [['foo'], 'unknown command foo (commands: start, help)'],
    [['start', '--clock', 'manaul'], '--clock must be realtime or manual, got manaul'],
    [['start', '--port', '80x'], '--port must be a TCP port, got 80x'],
    [['start', '--port', '70000'], '--port must be a TCP port, got 70000'],
    [['start', '--vendors', 'esgin'], 'unknown vendor esgin'],
    [['start', '--bogus'], 'unknown option --bogus'],
  ])('%j is refused naming the problem', (argv, message) => {
    expect(() => parseArgs(argv, {})).toThrow(message);
  });

  it('`sealsim --help` prints the usage on stdout and exits 0; a bad value exits 2 naming it', async () => {
    const help = await exitOf(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: sealsim start [options]');
    expect(help.out).toContain('--yunhetong-digest-sandbox');
    expect(help.err).toBe('');
    const bad = await exitOf(['start', '--clock', 'manaul']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('sealsim: --clock must be realtime or manual, got manaul');
    expect(bad.err).not.toMatch(/\n\s+at /);
  });

  let blocker: Server | undefined;
  afterEach(() => void blocker?.close());

  it('a busy port names the port, its role and --port, with no stack trace', async () => {
    const port = await freeBasePortFrom(43000);
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(port + 2, '127.0.0.1', resolve));
    const run = await exitOf(['start', '--port', String(port), '--vendors', 'esign']);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`port ${port + 2} (esign) on 127.0.0.1 is already in use`);
    expect(run.err).toContain('--port');
    expect(run.err).not.toMatch(/\n\s+at |EADDRINUSE/);
  });
});

describe('control API hygiene', () => {
  const C = 'http://127.0.0.1:4000';
  function makeSim() {
    const sim = new Simulator(definitions, { now: 1_700_000_000_000, vendors: ['esign', 'baoquan'] });
    const control = createControlApp(sim);
    sim.controlFetch = async (req) => control.fetch(req);
    return sim;
  }
  const post = (sim: Simulator, path: string, body: string | Blob, headers: Record<string, string> = {}) =>
    sim.controlFetch(new Request(`${C}${path}`, { method: 'POST', headers, body }));

  it('malformed JSON is a 400 with the parser message', async () => {
    const sim = makeSim();
    const res = await post(sim, '/__sim/clock/advance', '{"ms": 1000', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^malformed JSON: .*JSON/);
    const tenant = await post(sim, '/__sim/esign/tenants', '{nope}', { 'content-type': 'application/json' });
    expect(tenant.status).toBe(400);
    sim.close();
  });

  it('a JSON body without a Content-Type is read as JSON; a cross-site Referer or form type is still refused', async () => {
    const sim = makeSim();
    const bytes = (s: string) => new Blob([s]); // a Blob without a type sends no Content-Type
    const ok = await post(sim, '/__sim/clock/advance', bytes('{"ms":60000}'));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ now: 1_700_000_060_000 });
    const bad = await post(sim, '/__sim/clock/advance', bytes('ms=1'));
    expect(bad.status).toBe(400);
    const referred = await post(sim, '/__sim/clock/advance', bytes('{"ms":1}'), {
      referer: 'http://evil.example/page',
    });
    expect(referred.status).toBe(415);
    const fromOtherSite = await post(sim, '/__sim/clock/advance', bytes('{"ms":1}'), {
      origin: 'http://evil.example',
    });
    expect(fromOtherSite.status).toBe(403);
    // curl -d's type (a cross-site form's too) stays refused, with a hint
    const form = await post(sim, '/__sim/clock/advance', '{"ms":1}', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(((await form.json()) as { error: string }).error).toContain("-H 'Content-Type: application/json'");
    expect(sim.clock.now()).toBe(1_700_000_060_000);
    sim.close();
  });

  it('an unknown tenant setting is a 400 listing the known ones', async () => {
    const sim = makeSim();
    const res = await post(sim, '/__sim/esign/tenants', JSON.stringify({ callbackURL: 'http://x.test/cb' }), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain('unknown setting callbackURL (known: callbackUrl');
    const id = Object.values(sim.vendor('esign').defaultCredentials())[0]!;
    const patch = await sim.controlFetch(
      new Request(`${C}/__sim/esign/tenants/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ quota: 3, quotta: 4 }),
      }),
    );
    expect(patch.status).toBe(400);
    expect(((await patch.json()) as { error: string }).error).toContain('unknown setting quotta');
    sim.close();
  });

  it('an unknown vendor filter is a 400 naming the running vendors', async () => {
    const sim = makeSim();
    for (const path of ['/__sim/outbox?vendor=esgin', '/__sim/webhooks?vendor=esgin']) {
      const res = await sim.controlFetch(new Request(`${C}${path}`));
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ error: 'unknown vendor esgin (running: esign, baoquan)' });
    }
    expect((await sim.controlFetch(new Request(`${C}/__sim/outbox?vendor=esign`))).status).toBe(200);
    sim.close();
  });
});
