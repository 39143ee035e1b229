/**
 * `sealsim start [--host 127.0.0.1] [--port 4000] [--state FILE] [--vendors a,b] [--clock realtime|manual]
 *                [--control-token TOKEN] [--public-host NAME[,NAME…]] [--public-url ID=URL …]
 *                [--<vendor>-<flag> VALUE …]`
 * Starts every simulator, the control API and the dashboard, and prints where they are.
 *
 * The control API answers loopback callers without a token. `--control-token` (or the
 * SEALSIM_CONTROL_TOKEN environment variable) makes every control request carry it; binding
 * beyond loopback (`--host 0.0.0.0`, a LAN address) requires one, so one is generated and printed
 * when none is given, with a warning. `--public-host` names the hosts, besides loopback ones and
 * `--host`, the control port answers to (core/control-guard.ts).
 *
 * Each vendor's own flags come from its registry entry (`defineVendor({ cliOptions })`), spelled
 * `--<vendor id>-<flag>`: e.g. yunhetong-digest's `--yunhetong-digest-sandbox DIR` (the directory
 * its local paths resolve in: DIR, else `<FILE>.yunhetong-sandbox` next to the `--state` file, so
 * the files survive with the state, else a fresh temp dir; the banner prints it).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  applyConfig,
  configNow,
  DEFAULT_CONFIG_FILE,
  loadConfigFile,
  type SealsimConfig,
} from '../simulators/core/config-file.ts';
import { bindsBeyondLoopback } from '../simulators/core/control-guard.ts';
import { listen } from '../simulators/core/adapters/node-server.ts';
import type { VendorCliOption } from '../simulators/core/define.ts';
import type { LogMode } from '../simulators/core/journal.ts';
import { ControlledSimulator } from '../simulators/controlled.ts';
import { loadVendors, vendors, type VendorId } from '../simulators/registry.ts';

interface StartArgs {
  host: string;
  port: number;
  state?: string;
  vendors?: VendorId[];
  clock: 'realtime' | 'manual';
  /** `--log`: one line per request (core/journal.ts); text unless turned off. */
  log: LogMode;
  /** `--journal-size N`: requests `GET /__sim/requests` keeps. */
  journalSize?: number;
  controlToken?: string;
  publicHosts: string[];
  /** `--public-url vendor=URL`: what links to that origin carry. */
  publicUrls: Record<string, string>;
  /** `--config FILE` (else `sealsim.config.json` in the working directory, when there is one). */
  config?: string;
  /** Flags given on the command line: they win over the config file. */
  given: Set<string>;
  /** From the config file only: the virtual start time and the seed. */
  now?: number;
  seed?: number;
  /** Values of the vendors' own flags: vendor id → option → value. */
  vendorFlags: Record<string, Record<string, string>>;
}

/** Every vendor flag: `--<vendor id>-<flag>` → the vendor and its option. */
function vendorFlags(): Map<string, { vendor: string; option: VendorCliOption }> {
  const out = new Map<string, { vendor: string; option: VendorCliOption }>();
  for (const v of vendors)
    for (const o of v.cliOptions ?? []) out.set(`--${v.id}-${o.flag}`, { vendor: v.id, option: o });
  return out;
}

const isVendorId = (id: string): id is VendorId => vendors.some((v) => v.id === id);

/** The core flags, for the usage text (each vendor's come from its registry entry). */
const CORE_FLAGS: ReadonlyArray<{ flag: string; value: string; help: string }> = [
  {
    flag: '--host',
    value: 'HOST',
    help: 'address to bind (default 127.0.0.1; beyond loopback needs a token)',
  },
  { flag: '--port', value: 'PORT', help: 'the control port (default 4000); every vendor port moves with it' },
  { flag: '--state', value: 'FILE', help: 'keep all state in FILE across restarts' },
  { flag: '--vendors', value: 'ID,…', help: `run only these (${vendors.map((v) => v.id).join(', ')})` },
  { flag: '--clock', value: 'realtime|manual', help: 'virtual clock mode (default realtime)' },
  {
    flag: '--config',
    value: 'FILE',
    help: `tenants, callbacks, templates, faults, these flags (default ./${DEFAULT_CONFIG_FILE} if there)`,
  },
  { flag: '--log', value: 'text|json|off', help: 'one line per request on stdout (default text)' },
  { flag: '--journal-size', value: 'N', help: 'requests GET /__sim/requests keeps (default 1000)' },
  {
    flag: '--control-token',
    value: 'TOKEN',
    help: 'every control request must carry it (or SEALSIM_CONTROL_TOKEN)',
  },
  {
    flag: '--public-host',
    value: 'NAME[,NAME…]',
    help: 'the host links carry (the first; default --host, or a LAN address for 0.0.0.0); all are answered',
  },
  {
    flag: '--public-url',
    value: 'ID=URL',
    help: 'the URL links to a vendor (or control) carry, e.g. behind a proxy; repeatable',
  },
];

const COMMANDS = ['start', 'help'];

export function parseArgs(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): { command: string; args: StartArgs } {
  const [first = 'start', ...rest] = argv;
  const command = first === '--help' || first === '-h' ? 'help' : first;
  if (!COMMANDS.includes(command))
    throw new Error(`unknown command ${command} (commands: ${COMMANDS.join(', ')})`);
  const args: StartArgs = {
    host: '127.0.0.1',
    port: 4000,
    clock: 'realtime',
    log: 'text',
    publicHosts: [],
    publicUrls: {},
    given: new Set(),
    vendorFlags: {},
    ...(env.SEALSIM_CONTROL_TOKEN ? { controlToken: env.SEALSIM_CONTROL_TOKEN } : {}),
  };
  const flags = vendorFlags();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const own = flags.get(flag);
    args.given.add(flag);
    if (flag === '--help' || flag === '-h') return { command: 'help', args };
    else if (flag === '--config') args.config = value();
    else if (flag === '--host') args.host = value();
    else if (flag === '--port') {
      const given = value();
      args.port = /^\d+$/.test(given) ? Number(given) : NaN;
      if (!(args.port > 0 && args.port <= 65530)) throw new Error(`--port must be a TCP port, got ${given}`);
    } else if (flag === '--state') args.state = value();
    else if (flag === '--control-token') {
      args.controlToken = value();
      if (!args.controlToken) throw new Error('--control-token must not be empty');
    } else if (flag === '--public-host')
      args.publicHosts.push(
        ...value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else if (flag === '--public-url') {
      const given = value();
      const [id = '', url = ''] = given.split(/=(.*)/s);
      if (!isVendorId(id) && id !== 'control')
        throw new Error(`--public-url ${given}: ${id || 'the vendor'} is not a vendor id or control`);
      if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(url))
        throw new Error(`--public-url ${given}: the URL must be http(s)://host[:port][/path]`);
      args.publicUrls[id] = url;
    } else if (flag === '--vendors') {
      const ids = value()
        .split(',')
        .map((s) => s.trim());
      const unknown = ids.filter((id) => !isVendorId(id));
      if (unknown.length)
        throw new Error(
          `unknown vendor ${unknown.join(', ')} (available: ${vendors.map((v) => v.id).join(', ')})`,
        );
      args.vendors = ids.filter(isVendorId);
    } else if (flag === '--clock') {
      const mode = value();
      if (mode !== 'manual' && mode !== 'realtime')
        throw new Error(`--clock must be realtime or manual, got ${mode}`);
      args.clock = mode;
    } else if (flag === '--log') {
      // A bare --log (next a flag, or nothing) means text.
      const next = rest[i + 1];
      if (next === undefined || next.startsWith('-')) args.log = 'text';
      else if (next === 'text' || next === 'json' || next === 'off') {
        args.log = next;
        i++;
      } else throw new Error(`--log must be text, json or off, got ${next}`);
    } else if (flag === '--journal-size') {
      const given = value();
      const n = /^\d+$/.test(given) ? Number(given) : NaN;
      if (!(n <= 1_000_000))
        throw new Error(`--journal-size must be a whole number up to 1000000, got ${given}`);
      args.journalSize = n;
    } else if (own)
      (args.vendorFlags[own.vendor] ??= {})[own.option.option] = own.option.switch ? 'true' : value();
    else throw new Error(`unknown option ${flag}`);
  }
  return { command, args };
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '[::]';

/** The machine's first LAN IPv4 address (else its host name): what links carry for `--host 0.0.0.0`. */
function lanAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return hostname();
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

/** The usage text, from CORE_FLAGS and each registered vendor's `cliOptions`. */
export function usage(): string {
  const rows: Array<[string, string]> = [
    ...CORE_FLAGS.map((f): [string, string] => [`${f.flag} ${f.value}`, f.help]),
    ...[...vendorFlags()].map(([flag, { option }]): [string, string] => [
      option.switch ? flag : `${flag} ${option.value}`,
      option.help,
    ]),
    ['--help', 'print this text'],
  ];
  const w = Math.max(...rows.map(([f]) => f.length));
  return [
    'usage: sealsim start [options]    start every simulator, the control API and the dashboard',
    '       sealsim help               print this text',
    '',
    'options:',
    ...rows.map(([f, help]) => `  ${f.padEnd(w)}  ${help}`),
  ].join('\n');
}

/**
 * The config file's values where no flag was given (`--state` relative to the file). Throws on a
 * file that is missing (when named) or invalid, naming each problem.
 */
export function withConfig(
  args: StartArgs,
  cwd = process.cwd(),
): { args: StartArgs; config?: SealsimConfig } {
  const path =
    args.config ?? (existsSync(resolve(cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined);
  if (!path) return { args };
  const file = resolve(cwd, path);
  const config = loadConfigFile(
    file,
    vendors.map((v) => v.id),
  );
  const unset = (flag: string) => !args.given.has(flag);
  const out: StartArgs = { ...args, publicUrls: { ...(config.publicUrls ?? {}), ...args.publicUrls } };
  if (config.host !== undefined && unset('--host')) out.host = config.host;
  if (config.port !== undefined && unset('--port')) out.port = config.port;
  if (config.state !== undefined && unset('--state')) out.state = resolve(dirname(file), config.state);
  if (config.clock !== undefined && unset('--clock')) out.clock = config.clock;
  if (config.vendors !== undefined && unset('--vendors')) out.vendors = config.vendors.filter(isVendorId);
  if (config.publicHost !== undefined && unset('--public-host')) out.publicHosts = [config.publicHost];
  const now = configNow(config);
  if (now !== undefined) out.now = now;
  if (config.seed !== undefined) out.seed = config.seed;
  return { args: out, config };
}

/** Each vendor's options from its flags, defaults derived from `--state` and paths resolved. */
export function vendorOptionsOf(args: StartArgs): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const v of vendors) {
    const given = args.vendorFlags[v.id] ?? {};
    const options: Record<string, unknown> = {};
    for (const o of v.cliOptions ?? []) {
      const value =
        given[o.option] ?? (args.state && o.fromStateFile ? o.fromStateFile(args.state) : undefined);
      if (value !== undefined) options[o.option] = o.path ? resolve(value) : value;
    }
    out[v.id] = options;
  }
  return out;
}

export async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`sealsim: ${(err as Error).message}\n\n${usage()}`);
    process.exit(2);
  }
  if (parsed.command === 'help') {
    console.log(usage());
    process.exit(0);
  }
  let args: StartArgs;
  let config: SealsimConfig | undefined;
  try {
    ({ args, config } = withConfig(parsed.args));
  } catch (err) {
    console.error(`sealsim: ${(err as Error).message}`);
    process.exit(2);
  }
  const beyondLoopback = bindsBeyondLoopback(args.host);
  const generated = beyondLoopback && !args.controlToken;
  if (generated) args.controlToken = randomBytes(18).toString('base64url');
  // Links must name a host others can open: never 0.0.0.0 or ::.
  const publicHost = args.publicHosts[0] ?? (isWildcard(args.host) ? lanAddress() : undefined);
  // Only the vendors that run are imported (simulators/registry.ts).
  const definitions = await loadVendors(args.vendors);
  const sim = new ControlledSimulator(
    {
      host: args.host,
      basePort: args.port,
      stateFile: args.state,
      vendors: args.vendors,
      clock: args.clock,
      log: args.log,
      ...(args.journalSize !== undefined ? { journalSize: args.journalSize } : {}),
      vendorOptions: vendorOptionsOf(args),
      ...(args.controlToken ? { controlToken: args.controlToken } : {}),
      publicHosts: args.publicHosts,
      publicUrls: args.publicUrls,
      ...(publicHost ? { publicHost } : {}),
      ...(args.now !== undefined ? { now: args.now } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
    },
    definitions,
  );
  let configured: string[] = [];
  if (config)
    try {
      configured = await applyConfig(sim, config, args.controlToken ? { token: args.controlToken } : {});
    } catch (err) {
      console.error(`sealsim: ${(err as Error).message}`);
      sim.close();
      process.exit(2);
    }
  let running;
  try {
    running = await listen(sim, { host: args.host });
  } catch (err) {
    // A busy port: the message names it, its role and --port (core/adapters/node-server.ts).
    console.error(`sealsim: ${(err as Error).message}`);
    sim.close();
    process.exit(1);
  }
  // No PDF worker is started ahead of use: it cost ~280 ms of CPU and 12–20 MB just after the
  // ports answered, and an idle worker ends after 30 s anyway (core/worker-pool.ts idleMs).
  const rows: string[][] = [['control + dashboard', running.urls.control!, '']];
  const pairs = (o: Record<string, string>) =>
    Object.entries(o)
      .map(([k, val]) => `${k}=${val}`)
      .join('  ');
  for (const v of sim.vendors.values()) {
    rows.push([`${v.id} (${v.name})`, running.urls[v.id]!, pairs(v.defaultCredentials())]);
    if (sim.publicOrigin(v.id) !== sim.origin(v.id)) rows.push(['', `links: ${sim.publicOrigin(v.id)}`, '']);
    if (v.describe) rows.push(['', '', pairs(v.describe())]);
  }
  const w0 = Math.max(...rows.map((r) => displayWidth(r[0]!)));
  const w1 = Math.max(...rows.map((r) => displayWidth(r[1]!)));
  console.log(`sealsim is up${args.state ? ` (state: ${args.state})` : ''}; virtual clock ${args.clock}.`);
  for (const r of rows)
    console.log(`  ${padDisplay(r[0]!, w0)}  ${padDisplay(r[1]!, w1)}  ${r[2]}`.trimEnd());
  if (beyondLoopback)
    console.warn(
      `WARNING: --host ${args.host} binds beyond loopback: anyone who can reach this machine can ` +
        'call the simulators; the control API (secrets, SMS codes) answers only with its token.',
    );
  if (args.controlToken) {
    const shown = generated ? args.controlToken : '(as given)';
    console.log(`  control token: ${shown}  (Authorization: Bearer <token> or X-Sealsim-Token)`);
    if (generated) console.log(`  dashboard: ${running.urls.control}/?token=${args.controlToken}`);
  }
  for (const line of configured) console.log(`  ${line}`);
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

// Run directly (`tsx bin/cli.ts`, `node dist/bin/cli.js`); bin/sealsim.mjs imports it and calls main().
const invoked = process.argv[1] && existsSync(process.argv[1]) ? realpathSync(process.argv[1]) : undefined;
if (invoked && import.meta.url === pathToFileURL(invoked).href) void main();
