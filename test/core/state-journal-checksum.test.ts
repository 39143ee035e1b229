/**
 * `--state` journal lines (simulators/core/persist.ts): checksummed with CRC-32 (`\tc` and 8 hex
 * digits); lines written before with md5's first 8 hex digits still replay; a line whose checksum
 * does not match ends the journal there (the torn tail is cut off).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { journalLine, StateFiles } from '../../simulators/core/persist.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const md5Line = (payload: string) =>
  `${payload}\t${createHash('md5').update(payload).digest('hex').slice(0, 8)}\n`;

describe('--state journal checksums', () => {
  it('writes CRC-32 lines, replays them and md5 lines, and stops at a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-journal-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    mkdirSync(`${file}.d`, { recursive: true });
    const crcLine = journalLine(2, [['["k","two"]', '{"n":"二"}']]);
    expect(crcLine).toMatch(/\tc[0-9a-f]{8}\n$/);
    const bad = journalLine(4, [['["k","four"]', '4']]).replace('"four"', '"f0ur"');
    const text =
      md5Line('[1,[[["k","one"],1]]]') +
      crcLine +
      journalLine(3, [['["k","one"]']]) +
      bad +
      journalLine(5, []);
    const path = join(`${file}.d`, 'journal-0.log');
    writeFileSync(path, text);

    const loaded = new StateFiles(file).load();
    expect([...loaded.entries]).toEqual([['["k","two"]', '{"n":"二"}']]);
    // cut before the bad line
    expect(readFileSync(path, 'utf8')).toBe(text.slice(0, text.indexOf(bad)));
  });
});
