/**
 * `--state` test fixtures: a test's state files in fresh temp folders and the simulators it opens,
 * closed and removed after it (with vitest's mocks restored).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, vi } from 'vitest';
import { inProcessSim, T0, type SimHandle } from '../esign/helpers.ts';

interface Closable {
  close(): unknown;
}

export function stateFixtures(prefix: string) {
  const open: Closable[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(open.splice(0).map((h) => h.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  /** A state file's path in a new temp folder, removed after the test. */
  const stateFile = (): string => {
    const dir = mkdtempSync(join(tmpdir(), `sealsim-${prefix}-`));
    dirs.push(dir);
    return join(dir, 'state.json');
  };
  /** `h`, closed after the test. */
  const keep = <H extends Closable>(h: H): H => {
    open.push(h);
    return h;
  };
  return {
    stateFile,
    keep,
    /** An in-process esign simulator on `file` (a new one by default), closed after the test. */
    durableSim: (file = stateFile()): SimHandle => keep(inProcessSim({ now: T0, stateFile: file })),
    /** Closes `h` now (a restart follows), not again after the test. */
    async closeNow(h: Closable): Promise<void> {
      open.splice(open.indexOf(h), 1);
      await h.close();
    },
  };
}

/** The journal files of state file `file`, oldest first. */
export function journalPaths(file: string): string[] {
  return readdirSync(`${file}.d`)
    .map((n) => /^journal-(\d+)\.log$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => join(`${file}.d`, m[0]));
}

/** A journal's lines as bytes: the file up to the zeros it grows by (core/persist.ts). */
export function journalLineBuffer(path: string): Buffer {
  const buf = readFileSync(path);
  const end = buf.indexOf(0);
  return end < 0 ? buf : buf.subarray(0, end);
}

/** The text of all journals' lines of state file `file`. */
export function journalText(file: string): string {
  return journalPaths(file)
    .map((p) => journalLineBuffer(p).toString('utf8'))
    .join('');
}

/** The bytes of all journals' lines of state file `file`. */
export function journalLineBytes(file: string): number {
  return journalPaths(file).reduce((n, p) => n + journalLineBuffer(p).length, 0);
}
