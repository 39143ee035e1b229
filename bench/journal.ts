/**
 * `npx tsx bench/journal.ts` (`BENCH_SECONDS`, `BENCH_ROUNDS`, `BENCH_WARMUP`, `BENCH_PORT`): the cost of the
 * request journal and `--log` on esign's signed-call figure (`/account/idexchange`, signed JSON,
 * 32 keep-alive connections, as bench/run.ts). `sealsim start --vendors esign` is started once per
 * configuration and round, the configurations taking turns so drift hits them alike:
 * no journal and no log (`--journal-size 0 --log off`), the journal alone (`--log off`), the
 * journal with `--log text` (the `npm start` default) and with `--log json`, stdout read through a
 * pipe. The server runs on core 0, this process (load generator, stdout reader) on core 1, the
 * load written as prepared requests (bench/loopback.ts `rawLoad`). Prints the median req/s of each,
 * the server's CPU per request (/proc; what other load disturbs least) and both ratios to the
 * first, as the table of docs/performance.md ("Request journal and logs"); each round starts with the
 * next configuration.
 * `BENCH_AGAINST=<dir>` (a copy of the tree before a change, its node_modules linked): each
 * configuration also runs from there, taking turns with this tree, marked "(before)".
 * `BENCH_TRACE_GC=1`: the server runs with `--trace-gc`; adds its GC pause per request (from the
 * trace lines on its stdout, which then count in the log bytes too). `BENCH_TRACE_GC=bytes`: with
 * `--trace-gc-nvp` instead; adds the bytes per request that survived a young collection and that
 * were promoted to the old generation (what kept objects cost the collector; load does not move it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpus } from 'node:os';
import { rawLoad, rawRequest, type LoadResult } from './loopback.ts';
import { cpuMs, loadAverage, pinLoadGenerator, pinServer } from './section.ts';

const PROJECT = '1111563657';
const SECRET = 'cf65f987315b12a21b983ca320196d7d';
// Below the ephemeral range (32768–60999 here): a client socket on the port would make it busy.
const BASE_PORT = Number(process.env.BENCH_PORT ?? 24300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Load before measuring, s: the compiler's work on the journal's code done first (1 s left some of it). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** `BENCH_STDOUT=ignore`: the server's stdout goes to /dev/null (no reader sharing the cores). */
const DISCARD = process.env.BENCH_STDOUT === 'ignore';
const TRACE_GC = process.env.BENCH_TRACE_GC === '1';
const GC_BYTES = process.env.BENCH_TRACE_GC === 'bytes';
/** Servers started so far: each on ports of its own (no waiting for a port another process holds). */
let started = 0;

const ALL_CONFIGS: Array<{ name: string; flags: string[]; discard?: boolean }> = [
  { name: 'no journal, --log off', flags: ['--journal-size', '0', '--log', 'off'] },
  { name: 'journal (1,000), --log off', flags: ['--log', 'off'] },
  { name: 'journal, --log text', flags: ['--log', 'text'] },
  { name: 'journal, --log json', flags: ['--log', 'json'] },
  // Not run by default: what keeping 1,000 entries costs against keeping one (BENCH_ONLY=0,4,1).
  { name: 'journal (1 entry), --log off', flags: ['--journal-size', '1', '--log', 'off'] },
  // Not run by default: the log written to /dev/null, no reader on this process's core (BENCH_ONLY=0,1,2,5).
  { name: 'journal, --log text, stdout to /dev/null', flags: ['--log', 'text'], discard: true },
];

/** `BENCH_ONLY=0,1`: only these configurations (the first is the baseline). */
const CHOSEN = process.env.BENCH_ONLY
  ? process.env.BENCH_ONLY.split(',').map((i) => ALL_CONFIGS[Number(i)]!)
  : ALL_CONFIGS.slice(0, 4);
const AGAINST = process.env.BENCH_AGAINST;
const CONFIGS: Array<{ name: string; flags: string[]; cwd?: string; discard?: boolean }> = AGAINST
  ? CHOSEN.flatMap((c) => [{ ...c, name: `${c.name} (before)`, cwd: AGAINST }, c])
  : CHOSEN;

function signedHeaders(body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'X-timevale-project-id': PROJECT,
    'X-timevale-signature': createHmac('sha256', SECRET).update(body).digest('hex'),
  };
}

async function waitFor200(url: string, init?: RequestInit): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(url, init)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > until) throw new Error(`no 200 from ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

/** One server with `flags`: warm-up, then SECONDS of load; the bytes it logged. */
async function measure(
  flags: string[],
  cwd?: string,
  discard = DISCARD,
): Promise<{ result: LoadResult; logBytes: number; cpuUs: number; gcUs: number; gcBytes: string }> {
  const base = BASE_PORT + 10 * (started++ % 20);
  const args = [
    ...(TRACE_GC ? ['--trace-gc'] : GC_BYTES ? ['--trace-gc-nvp'] : []),
    '--import',
    'tsx',
    'bin/cli.ts',
    'start',
    '--port',
    String(base),
    '--vendors',
    'esign',
  ];
  // The server on core 0, this process (load generator and stdout reader) on core 1.
  const { command, args: argv } = pinServer([process.execPath, ...args, '--clock', 'manual', ...flags]);
  const child = spawn(command, argv, {
    cwd,
    stdio: ['ignore', discard ? 'ignore' : 'pipe', 'inherit'],
  });
  let logBytes = 0;
  let gcMs = 0;
  let survived = 0;
  let promoted = 0;
  let measuring = false;
  child.stdout?.on('data', (d: Buffer) => {
    logBytes += d.length;
    // `… Scavenge 10.1 (12.3) -> 9.8 (13.3) MB, 1.23 / 0.00 ms …`: the pause is the first figure.
    if (TRACE_GC && measuring)
      for (const m of d.toString('latin1').matchAll(/MB, ([\d.]+) \/ [\d.]+ ms/g)) gcMs += Number(m[1]);
    // `… promoted=123 new_space_survived=456 …` per collection (chunks can split a line: rare, small).
    if (GC_BYTES && measuring)
      for (const m of d.toString('latin1').matchAll(/ (promoted|new_space_survived)=(\d+)/g))
        if (m[1] === 'promoted') promoted += Number(m[2]);
        else survived += Number(m[2]);
  });
  try {
    await waitFor200(`http://127.0.0.1:${base}/__sim/health`);
    const body = JSON.stringify({ thirdId: 'bench-journal' });
    const person = JSON.stringify({
      thirdId: 'bench-journal',
      name: '张三',
      idNo: '11010519491231002X',
      idType: 19,
      mobile: '13516134875',
    });
    const created = await fetch(
      `http://127.0.0.1:${base + 2}/opentreaty/rest/v3.0/account/create/person/private`,
      {
        method: 'POST',
        headers: signedHeaders(person),
        body: person,
      },
    );
    if (!(await created.text()).includes('"errCode":0')) throw new Error('account create failed');
    const port = base + 2;
    const opts = {
      port,
      request: rawRequest(port, '/opentreaty/rest/v3.0/account/idexchange', signedHeaders(body), body),
      connections: 32,
      check: (status: number, text: string) => status === 200 && text.includes('"errCode":0'),
    };
    await rawLoad({ ...opts, seconds: WARMUP });
    const before = logBytes;
    const cpu0 = cpuMs(child.pid!);
    measuring = true;
    const result = await rawLoad({ ...opts, seconds: SECONDS });
    measuring = false;
    const cpuUs = ((cpuMs(child.pid!) - cpu0) * 1000) / result.requests;
    const perRequest = (b: number) => (b / result.requests).toFixed(0);
    const gcBytes = `${perRequest(survived)} B survived, ${perRequest(promoted)} B promoted per request`;
    return { result, logBytes: logBytes - before, cpuUs, gcUs: (gcMs * 1000) / result.requests, gcBytes };
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  pinLoadGenerator();
  const runs = CONFIGS.map(() => [] as LoadResult[]);
  const cpu = CONFIGS.map(() => [] as number[]);
  const bytes = CONFIGS.map(() => 0);
  const gc = CONFIGS.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++)
    // Each round starts one configuration later: none always runs first or after the same one
    // (the position in a round moved CPU per request by 1-2 µs in probe runs).
    for (let k = 0; k < CONFIGS.length; k++) {
      const i = (k + round) % CONFIGS.length;
      const config = CONFIGS[i]!;
      const { result, logBytes, cpuUs, gcUs, gcBytes } = await measure(
        config.flags,
        config.cwd,
        config.discard,
      );
      gc[i]!.push(gcUs);
      if (result.errors) throw new Error(`${config.name}: ${result.errors} errors`);
      runs[i]!.push(result);
      cpu[i]!.push(cpuUs);
      bytes[i]! += logBytes / result.requests;
      console.log(
        `round ${round + 1} ${config.name}: ${result.perSecond.toFixed(0)} req/s, ${cpuUs.toFixed(1)} µs ` +
          `server CPU per request${TRACE_GC ? `, ${gcUs.toFixed(1)} µs GC pause` : ''}` +
          `${GC_BYTES ? `, ${gcBytes}` : ''} ` +
          `(load average ${loadAverage()})`,
      );
    }
  const base = median(runs[0]!.map((r) => r.perSecond));
  const baseCpu = median(cpu[0]!);
  console.log(
    `\nMeasured ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ` +
      `${process.version}; median of ${ROUNDS} runs of ${SECONDS} s each.\n`,
  );
  console.log(
    '| esign /account/idexchange, signed JSON, 32 connections | req/s | vs. no journal | p99 | ' +
      'server CPU per request | vs. no journal (by CPU) | log bytes/request |' +
      (TRACE_GC ? ' GC pause per request |' : ''),
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- |${TRACE_GC ? ' --- |' : ''}`);
  for (const [i, config] of CONFIGS.entries()) {
    const rps = median(runs[i]!.map((r) => r.perSecond));
    const p99 = median(runs[i]!.map((r) => r.p99ms));
    const us = median(cpu[i]!);
    console.log(
      `| ${config.name} | ${rps.toFixed(0)} | ${((rps / base) * 100).toFixed(0)} % | ` +
        `${p99.toFixed(2)} ms | ${us.toFixed(1)} µs | ${((baseCpu / us) * 100).toFixed(0)} % | ` +
        `${(bytes[i]! / ROUNDS).toFixed(0)} |${TRACE_GC ? ` ${median(gc[i]!).toFixed(1)} µs |` : ''}`,
    );
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
