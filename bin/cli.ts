/**
 * `sealsim start [--host 127.0.0.1] [--port 4000] [--state FILE] [--vendors a,b] [--clock realtime|manual]
 *                [--yunhetong-digest-sandbox DIR] [--yunhetong-digest-context-path PATH]`
 * Starts every simulator, the control API and the dashboard, and prints where they are.
 *
 * yunhetong-digest reads and writes local paths inside its sandbox directory: DIR, else
 * `<FILE>.yunhetong-sandbox` next to the `--state` file (so the files survive with the state),
 * else a fresh temp dir. The banner prints it.
 */
import { resolve } from 'node:path';
import { listen } from '../simulators/core/adapters/node-server.ts';
import { warmUp } from '../simulators/core/pdf/index.ts';
import { ServedSimulator } from '../simulators/create.ts';
import { vendorFactories } from '../simulators/registry.ts';
import type { VendorId } from '../simulators/core/vendor.ts';

interface StartArgs {
  host: string;
  port: number;
  state?: string;
  vendors?: VendorId[];
  clock: 'realtime' | 'manual';
  yhtSandbox?: string;
  yhtContextPath?: string;
}

export function parseArgs(argv: string[]): { command: string; args: StartArgs } {
  const [command = 'start', ...rest] = argv;
  const args: StartArgs = { host: '127.0.0.1', port: 4000, clock: 'realtime' };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--host') args.host = value();
    else if (flag === '--port') args.port = Number(value());
    else if (flag === '--state') args.state = value();
    else if (flag === '--vendors')
      args.vendors = value()
        .split(',')
        .map((s) => s.trim()) as VendorId[];
    else if (flag === '--clock') args.clock = value() === 'manual' ? 'manual' : 'realtime';
    else if (flag === '--yunhetong-digest-sandbox') args.yhtSandbox = value();
    else if (flag === '--yunhetong-digest-context-path') args.yhtContextPath = value();
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(args.port) || args.port <= 0 || args.port > 65530)
    throw new Error('--port must be a TCP port');
  const unknown = (args.vendors ?? []).filter((v) => !(v in vendorFactories));
  if (unknown.length)
    throw new Error(
      `unknown vendor ${unknown.join(', ')} (available: ${Object.keys(vendorFactories).join(', ')})`,
    );
  return { command, args };
}

/** Terminal columns: CJK and full-width characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

const padDisplay = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

const USAGE =
  'usage: sealsim start [--host 127.0.0.1] [--port 4000] [--state FILE] [--vendors esign,...] [--clock realtime|manual]\n' +
  '                     [--yunhetong-digest-sandbox DIR] [--yunhetong-digest-context-path PATH]';

/** yunhetong-digest's vendor options from the flags (see the file comment). */
export function yunhetongDigestOptions(args: StartArgs): Record<string, unknown> {
  const sandboxDir = args.yhtSandbox ?? (args.state ? `${args.state}.yunhetong-sandbox` : undefined);
  return {
    ...(sandboxDir ? { sandboxDir: resolve(sandboxDir) } : {}),
    ...(args.yhtContextPath ? { contextPath: args.yhtContextPath } : {}),
  };
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`sealsim: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.command !== 'start') {
    console.error(USAGE);
    process.exit(2);
  }
  const { args } = parsed;
  const sim = new ServedSimulator({
    host: args.host,
    basePort: args.port,
    stateFile: args.state,
    vendors: args.vendors,
    clock: args.clock,
    vendorOptions: { 'yunhetong-digest': yunhetongDigestOptions(args) },
  });
  const running = await listen(sim, { host: args.host });
  // Load the PDF modules once the ports answer, so the first signing is not slowed by it.
  setTimeout(() => void warmUp(), 1500).unref();
  const rows: string[][] = [['control + dashboard', running.urls.control!, '']];
  const pairs = (o: Record<string, string>) =>
    Object.entries(o)
      .map(([k, val]) => `${k}=${val}`)
      .join('  ');
  for (const v of sim.vendors.values()) {
    rows.push([`${v.id} (${v.name})`, running.urls[v.id]!, pairs(v.defaultCredentials())]);
    if (v.describe) rows.push(['', '', pairs(v.describe())]);
  }
  const w0 = Math.max(...rows.map((r) => displayWidth(r[0]!)));
  const w1 = Math.max(...rows.map((r) => displayWidth(r[1]!)));
  console.log(`sealsim is up${args.state ? ` (state: ${args.state})` : ''}; virtual clock ${args.clock}.`);
  for (const r of rows)
    console.log(`  ${padDisplay(r[0]!, w0)}  ${padDisplay(r[1]!, w1)}  ${r[2]}`.trimEnd());
  console.log('Ctrl-C stops it.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.close();
    sim.close();
    console.log('sealsim stopped.');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli.ts')) void main();
