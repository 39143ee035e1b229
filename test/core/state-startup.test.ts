/**
 * Start-up with a large `--state` (simulators/core/persist.ts, state-store.ts, tenancy.ts): the
 * snapshot's rows are read as the entries' texts without parsing each, a value is parsed with a
 * reviver only when it can hold bytes, a tenant's entries are parsed in one go and restored without
 * a copy, and the loaded tenants are not re-encoded and compared at start (each entry is at its
 * first touch).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeState, encodeState, readSnapshotRows, StateFiles } from '../../simulators/core/persist.ts';
import { handOver, TenantMap } from '../../simulators/core/tenancy.ts';
import { inProcessSim, newPerson, newProject, T0, type SimHandle } from '../esign/helpers.ts';
import { journalText as journalTextOf } from '../helpers/state-sims.ts';

const open: SimHandle[] = [];
const dirs: string[] = [];

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-startup-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

function start(file: string): SimHandle {
  const h = inProcessSim({ now: T0, stateFile: file });
  open.push(h);
  return h;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Keys whose strings hold what could end a key early: quotes, brackets, backslashes, newlines. */
const TRICKY = ['"],', 'a\\"],["x', 'back\\slash', '__proto__', '中文 ✓', 'line\nbreak', ']', '","'];

describe('TenantMap.restore', () => {
  it("copies a caller's list, and takes a handed-over one as it is", () => {
    const map = new TenantMap<{ id: string; n: number[] }>(() => []);
    const mine = [{ id: 'a', n: [1] }];
    map.restore(mine);
    mine[0]!.n.push(2);
    expect(map.get('a')?.n).toEqual([1]);
    const given = handOver([{ id: 'b', n: [1] }]);
    map.restore(given);
    expect(map.untracked('b')).toBe(given[0]);
    map.restore(given); // handed over once: a second restore copies
    expect(map.untracked('b')).not.toBe(given[0]);
  });
});

describe('reading a snapshot', () => {
  it('gives the entries exactly as parsing the whole file does, keys with escapes included', () => {
    const file = stateFile();
    const rows: Array<[string, string]> = [
      ...TRICKY.map((k, i): [string, string] => [
        JSON.stringify(['v', 'esign', 't"1', 'thirdIds', k]),
        `"${i}"`,
      ]),
      [JSON.stringify(['clock']), '{"now":1,"seq":2}'],
      [JSON.stringify(['v', 'esign', 't"1']), encodeState({ id: 't"1', note: '"],[', $c: ['thirdIds'] })],
    ];
    new StateFiles(file).writeSnapshotSync(rows, 7);
    const text = readFileSync(file, 'utf8');
    const parsed = JSON.parse(text) as { gen: number; entries: Array<[unknown, unknown]> };
    const expected = new Map(parsed.entries.map(([k, v]) => [JSON.stringify(k), JSON.stringify(v)]));
    const fast = new Map<string, string>();
    expect(readSnapshotRows(text, fast)).toBe(7);
    expect([...fast]).toEqual([...expected]);
    expect([...fast]).toEqual(rows);
    // and through the store's loader
    expect([...new StateFiles(file).load().entries]).toEqual(rows);
  });

  it('leaves any other shape to the full parse, with no entries taken', () => {
    const entries = new Map<string, string>();
    const head = '{"format":"sealsim-state","gen":3,"entries":[';
    for (const text of [
      `${head}\n[["clock"],{"now":1}]\n]}\n`.replace('\n]}', ''), // cut short
      `${head}\n[["clock"],{"now":1}],\n[["x"], 1]\n]}\n`.replace('[["x"], 1]', '["x",1]'),
      JSON.stringify({ format: 'sealsim-state', gen: 3, entries: [[['clock'], { now: 1 }]] }, null, 1),
      `${head}\n[["clock"],{"now":1}]\n]}\ntrailing`,
    ]) {
      expect(readSnapshotRows(text, entries), text).toBeUndefined();
      expect(entries.size).toBe(0);
    }
  });

  it('encodes bytes wherever they are, and plain values as JSON.stringify does', () => {
    const plain = { a: [1, { b: 'c', d: null }], e: '中文', f: true, g: { toJSON: () => 'x' } };
    expect(encodeState(plain)).toBe(JSON.stringify(plain));
    const deep = { a: [{ b: [new Uint8Array([1, 2])] }], c: Buffer.from([3]), d: 'x' };
    expect(encodeState(deep)).toBe('{"a":[{"b":[{"$bytes":"AQI="}]}],"c":{"$bytes":"Aw=="},"d":"x"}');
    expect(encodeState(new Uint8Array([255]))).toBe('{"$bytes":"/w=="}');
    const back = decodeState<typeof deep>(encodeState(deep));
    expect([...(back.a[0]!.b[0] as Uint8Array)]).toEqual([1, 2]);
  });

  it('decodes bytes only where the text holds them', () => {
    expect(decodeState('{"a":[1,{"b":"c"}]}')).toEqual({ a: [1, { b: 'c' }] });
    const bytes = decodeState<{ pdf: Uint8Array }>(encodeState({ pdf: new Uint8Array([1, 2, 3]) }));
    expect(bytes.pdf).toBeInstanceOf(Uint8Array);
    expect([...bytes.pdf]).toEqual([1, 2, 3]);
  });
});

describe('tenants read from --state', () => {
  it('are the same as before the restart, keys with escapes included', async () => {
    const file = stateFile();
    const a = start(file);
    const project = await newProject(a.control);
    const client = a.client(project);
    for (const thirdId of TRICKY.filter((k) => !k.includes('\n'))) await newPerson(client, { thirdId });
    for (let i = 0; i < 20; i++) await newPerson(client);
    const before = a.sim.snapshot().vendors.esign;
    await a.close();

    const b = start(file);
    expect(b.sim.snapshot().vendors.esign).toEqual(before);
    // the API finds them after the restart
    const c = b.client(project);
    for (const thirdId of TRICKY.filter((k) => !k.includes('\n')))
      expect((await c.call('/account/idexchange', { thirdId })).accountId).toMatch(/./);
  });

  it('decode bytes entry by entry, and keep keys like __proto__ and $bytes as plain keys', async () => {
    const file = stateFile();
    const row = (path: string[], value: unknown) =>
      [JSON.stringify(path), encodeState(value)] as [string, string];
    new StateFiles(file).writeSnapshotSync(
      [
        row(['clock'], { now: T0, seq: 0 }),
        row(['v', 'esign', 'tb'], { id: 'tb', $c: ['things', 'other'] }),
        row(['v', 'esign', 'tb', 'things', 'x'], { img: new Uint8Array([1, 2, 3]) }),
        // alone in its collection: a reviver run over the collection would take it for bytes
        row(['v', 'esign', 'tb', 'other', '$bytes'], 'AQID'),
        row(['v', 'esign', 'tp'], { id: 'tp', $c: ['things'] }),
        row(['v', 'esign', 'tp', 'things', '__proto__'], { a: 1 }),
        row(['v', 'esign', 'tp', 'things', 'y'], { a: 2 }),
      ],
      1,
    );
    const h = start(file);
    type Loaded = { id: string; things: Record<string, unknown>; other: Record<string, unknown> };
    const { tenants } = h.sim.snapshot().vendors.esign as { tenants: Loaded[] };
    const tenant = (id: string) => tenants.find((t) => t.id === id)!;
    const things = (id: string) => tenant(id).things;
    expect((things('tb').x as { img: Uint8Array }).img).toEqual(new Uint8Array([1, 2, 3]));
    expect(tenant('tb').other).toEqual({ $bytes: 'AQID' });
    expect(Object.getPrototypeOf(things('tp'))).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(things('tp'), '__proto__')?.value).toEqual({ a: 1 });
    expect(things('tp').y).toEqual({ a: 2 });
  });

  it('are not compared with their entries at start; an entry is at its first touch', async () => {
    const file = stateFile();
    const a = start(file);
    const project = await newProject(a.control);
    const person = await newPerson(a.client(project));
    await a.close(); // a final snapshot, no journal
    // An entry whose text is not what encoding its value gives (a space): a full compare at
    // start would write it again; the first request that reads it does.
    const entryKey = JSON.stringify(['v', 'esign', project.projectId, 'thirdIds', person.thirdId]);
    const text = readFileSync(file, 'utf8');
    const row = `[${entryKey},"${person.accountId}"]`;
    expect(text).toContain(row);
    writeFileSync(file, text.replace(row, `[${entryKey},"${person.accountId}" ]`));
    const journalText = () => journalTextOf(file);

    const b = start(file);
    await b.sim.state?.flushed();
    expect(journalText()).not.toContain(entryKey);
    const found = await b.client(project).call('/account/idexchange', { thirdId: person.thirdId });
    expect(found.accountId).toBe(person.accountId);
    await b.sim.state?.flushed();
    expect(journalText()).toContain(`[${entryKey},"${person.accountId}"]`);
  });
});
