/**
 * `sealsim start --log text|json|off` and `--journal-size N` (bin/cli.ts): parsed, and a started
 * simulator prints one line per request (text by default).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hmacHex } from '../../simulators/esign/auth.ts';
import { parseArgs } from '../../bin/cli.ts';
import { cli, interrupt, killCliChildren, waitHealthy } from '../helpers/cli.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';

afterEach(() => killCliChildren());

describe('sealsim start --log and --journal-size', () => {
  it('parses --log (text by default; bare --log is text) and --journal-size', () => {
    expect(parseArgs(['start'], {}).args.log).toBe('text');
    expect(parseArgs(['start', '--log', 'json'], {}).args.log).toBe('json');
    expect(parseArgs(['start', '--log', 'off'], {}).args.log).toBe('off');
    expect(parseArgs(['start', '--log', '--port', '5000'], {}).args).toMatchObject({
      log: 'text',
      port: 5000,
    });
    expect(() => parseArgs(['start', '--log', 'verbose'], {})).toThrow(
      '--log must be text, json or off, got verbose',
    );
    expect(parseArgs(['start', '--journal-size', '5'], {}).args.journalSize).toBe(5);
    expect(parseArgs(['start'], {}).args.journalSize).toBeUndefined();
    expect(() => parseArgs(['start', '--journal-size', 'lots'], {})).toThrow(
      /--journal-size must be a whole number/,
    );
  });

  it('prints a JSON line per request with --log json, diagnostics included; the journal keeps --journal-size', async () => {
    const port = await freeBasePortFrom(44600);
    const run = cli([
      'start',
      '--port',
      String(port),
      '--vendors',
      'esign',
      '--log',
      'json',
      '--journal-size',
      '2',
    ]);
    await waitHealthy(run, port);
    const esign = `http://127.0.0.1:${port + 2}/opentreaty/rest/v3.0/account/create/person/private`;
    const body = '{"name":"张三"}';
    const res = await fetch(esign, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-timevale-project-id': '1111563657',
        'X-timevale-signature': hmacHex('wrong secret', body),
      },
      body,
    });
    expect(await res.json()).toMatchObject({ errCode: 1000104 });
    const until = Date.now() + 10_000;
    const lines = () =>
      run
        .out()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    while (!lines().some((l) => l.vendor === 'esign')) {
      if (Date.now() > until) throw new Error(`no log line:\n${run.out()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const line = lines().find((l) => l.vendor === 'esign')!;
    expect(line).toMatchObject({
      method: 'POST',
      status: 200,
      code: 1000104,
      diagnostic: { kind: 'hmac-signature' },
    });
    const journal = (await (await fetch(`http://127.0.0.1:${port}/__sim/requests`)).json()) as {
      size: number;
      requests: unknown[];
    };
    expect(journal.size).toBe(2);
    expect(journal.requests.length).toBeLessThanOrEqual(2);
    await interrupt(run);
  });
});
