/**
 * `--state` journal files grow by blocks of zeros that the lines then overwrite in place
 * (simulators/core/persist.ts JOURNAL_GROWTH_BYTES): the file size changes once a block, not at
 * every fsync. Replay ends at the zeros; a journal reopened after a restart goes on where its lines
 * end; a torn line before the zeros, or anything after them, is cut off.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_GROWTH_BYTES, journalLine, StateFiles } from '../../simulators/core/persist.ts';
import { newPerson, newProject } from '../esign/helpers.ts';
import { journalLineBuffer, journalPaths, stateFixtures } from '../helpers/state-sims.ts';

const fx = stateFixtures('growth-sim');

/** A copy of state file `file` as it is on disk now, the simulator still running (a crash). */
function crashCopy(file: string): string {
  const copy = fx.stateFile();
  cpSync(file, copy);
  cpSync(`${file}.d`, `${copy}.d`, { recursive: true });
  return copy;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-growth-'));
  dirs.push(dir);
  const file = join(dir, 'state.json');
  mkdirSync(`${file}.d`, { recursive: true });
  return file;
}

const line = (seq: number) => journalLine(seq, [[`["k","${seq}"]`, `{"n":${seq}}`]]);

describe('--state journal growth', () => {
  it('grows the file by a block of zeros, writes lines over them, and replays up to them', async () => {
    const file = stateFile();
    const files = new StateFiles(file);
    files.openJournal(0);
    const path = files.journalPath(0);
    await files.append(line(1));
    const size = statSync(path).size;
    expect(size).toBe(line(1).length + JOURNAL_GROWTH_BYTES);
    await files.append(line(2));
    await files.append(line(3));
    // the lines went over the zeros: no growth, and the lines are the file's start
    expect(statSync(path).size).toBe(size);
    expect(journalLineBuffer(path).toString()).toBe(line(1) + line(2) + line(3));
    files.close();

    const loaded = new StateFiles(file).load();
    expect([...loaded.entries]).toEqual([
      ['["k","1"]', '{"n":1}'],
      ['["k","2"]', '{"n":2}'],
      ['["k","3"]', '{"n":3}'],
    ]);
    expect(loaded.journalBytes).toBe((line(1) + line(2) + line(3)).length);
    // the zeros are the journal's clean end, not cut off
    expect(statSync(path).size).toBe(size);
  });

  it('reopened after a restart, writes after its last line and grows when a block is full', async () => {
    const file = stateFile();
    const first = new StateFiles(file);
    first.openJournal(0);
    await first.append(line(1));
    first.close();

    const again = new StateFiles(file);
    const loaded = again.load();
    again.openJournal(loaded.journalGen);
    again.appendSync(line(2));
    // a line larger than what is left of the block grows the file past it
    const big = journalLine(3, [['["k","big"]', JSON.stringify('x'.repeat(JOURNAL_GROWTH_BYTES))]]);
    await again.append(big);
    // opened again by the same process: it finds the lines' end in the file, not where load() did
    again.openJournal(loaded.journalGen);
    again.appendSync(line(4));
    again.close();
    const path = again.journalPath(0);
    expect(journalLineBuffer(path).toString()).toBe(line(1) + line(2) + big + line(4));
    expect(statSync(path).size).toBe(line(1).length + line(2).length + big.length + JOURNAL_GROWTH_BYTES);
    expect([...new StateFiles(file).load().entries].map(([k]) => k)).toEqual([
      '["k","1"]',
      '["k","2"]',
      '["k","big"]',
      '["k","4"]',
    ]);
  });

  it('cuts a torn line before the zeros, and anything after the zeros', async () => {
    const file = stateFile();
    const files = new StateFiles(file);
    files.openJournal(0);
    await files.append(line(1));
    files.close();
    const path = files.journalPath(0);
    const good = line(1).length;

    // a torn second line where it would have gone, the zeros after it
    const torn = Buffer.from(readFileSync(path));
    torn.write(line(2).slice(0, 20), good);
    writeFileSync(path, torn);
    expect([...new StateFiles(file).load().entries].map(([k]) => k)).toEqual(['["k","1"]']);
    expect(readFileSync(path).length).toBe(good);

    // bytes after a run of zeros (written out of order by a crash): cut as well
    const debris = Buffer.alloc(good + 4096);
    debris.write(line(1), 0);
    debris.write(line(3), good + 1024);
    writeFileSync(path, debris);
    expect([...new StateFiles(file).load().entries].map(([k]) => k)).toEqual(['["k","1"]']);
    expect(readFileSync(path).length).toBe(good);
  });

  it('after crashes, a restarted simulator writes after the lines it replayed, never over them', async () => {
    const file = fx.stateFile();
    const a = fx.durableSim(file);
    const project = await newProject(a.control);
    const first = await newPerson(a.client(project));
    // crash; the restart goes on in the same journal (nothing to snapshot)
    const second = crashCopy(file);
    const b = fx.durableSim(second);
    const next = await newPerson(b.client(project));
    const third = crashCopy(second);
    expect(journalPaths(third)).toHaveLength(journalPaths(file).length);
    const c = fx.durableSim(third);
    for (const p of [first, next])
      expect(await c.client(project).call('/account/idexchange', { thirdId: p.thirdId })).toEqual({
        accountId: p.accountId,
      });
  });
});
