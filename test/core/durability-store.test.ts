/**
 * The `--state` store's files (simulators/core/persist.ts, state-store.ts): a commit journals only
 * what the request touched; PDFs are files by content hash; snapshots are written past the
 * journal limit and older journals go; a torn journal tail is cut off; a state file of the first
 * format is migrated. (The kill -9 test is durability.test.ts.)
 */
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  cpSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeStateFile } from '../../simulators/core/persist.ts';
import { inProcessSim, newDoc, newPerson, newProject, T0, type SimHandle } from '../esign/helpers.ts';
import { journalLineBuffer, journalLineBytes, journalPaths } from '../helpers/state-sims.ts';

const open: SimHandle[] = [];
const dirs: string[] = [];

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-store-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

function start(opts: Parameters<typeof inProcessSim>[0]): SimHandle {
  const h = inProcessSim({ now: T0, ...opts });
  open.push(h);
  return h;
}

/** Writes `text` into `path` at byte `at`, over what is there. */
function writeFileAt(path: string, at: number, text: string): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, text, at);
  } finally {
    closeSync(fd);
  }
}

const journals = journalPaths;
const journalBytes = journalLineBytes;

afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('--state store', () => {
  it('journals what a request changed, not the tenant: one account among 400 is a small line', async () => {
    const file = stateFile();
    const h = start({ stateFile: file });
    const project = await newProject(h.control);
    const client = h.client(project);
    for (let i = 0; i < 400; i++) await newPerson(client);
    const before = journalBytes(file);
    await newPerson(client);
    const one = journalBytes(file) - before;
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(3000);
    expect(before).toBeGreaterThan(100 * one);
  });

  it('keeps PDFs as files by content hash, not inside the state', async () => {
    const file = stateFile();
    const h = start({ stateFile: file });
    const project = await newProject(h.control);
    const { pdf } = await newDoc(h.client(project), h.fetch);
    await h.close();
    open.splice(0);
    const blobs = readdirSync(join(`${file}.d`, 'blobs'));
    expect(blobs).toContain(createHash('sha256').update(pdf).digest('hex'));
    expect(readFileSync(file, 'utf8')).not.toContain(Buffer.from(pdf).subarray(0, 30).toString('base64'));
  });

  it('writes a snapshot past the journal limit, drops older journals, and restarts whole', async () => {
    const file = stateFile();
    const h = start({ stateFile: file, stateCompactBytes: 4000 });
    const project = await newProject(h.control);
    const client = h.client(project);
    const people = [];
    for (let i = 0; i < 40; i++) people.push(await newPerson(client));
    await h.sim.state!.idle();
    expect(JSON.parse(readFileSync(file, 'utf8')).gen).toBeGreaterThan(1);
    expect(journalBytes(file)).toBeLessThan(8000);
    // a copy as it is now (no clean close) has every account
    const copy = stateFile();
    appendFileSync(copy, readFileSync(file));
    cpSync(`${file}.d`, `${copy}.d`, { recursive: true });
    const h2 = start({ stateFile: copy });
    for (const p of people)
      expect(await h2.client(project).call('/account/idexchange', { thirdId: p.thirdId })).toEqual({
        accountId: p.accountId,
      });
  });

  it('cuts off a torn journal tail and keeps what came before it', async () => {
    const file = stateFile();
    const h = start({ stateFile: file });
    const project = await newProject(h.control);
    const a = await newPerson(h.client(project));
    const copy = stateFile();
    appendFileSync(copy, readFileSync(file));
    cpSync(`${file}.d`, `${copy}.d`, { recursive: true });
    // a line torn by the crash, where the next line would have gone (the zeros after it stay)
    const [journal] = journals(copy);
    writeFileAt(journal!, journalLineBuffer(journal!).length, '[99,[[["v","esign","x"],{"half');
    const h2 = start({ stateFile: copy });
    expect(await h2.client(project).call('/account/idexchange', { thirdId: a.thirdId })).toEqual({
      accountId: a.accountId,
    });
    const b = await newPerson(h2.client(project));
    await h2.close();
    open.splice(open.indexOf(h2), 1);
    const h3 = start({ stateFile: copy });
    expect(await h3.client(project).call('/account/idexchange', { thirdId: b.thirdId })).toEqual({
      accountId: b.accountId,
    });
  });

  it('migrates a state file of the first format (one JSON document, PDFs as base64)', async () => {
    const h = start({});
    const project = await newProject(h.control);
    const a = await newPerson(h.client(project));
    await newDoc(h.client(project), h.fetch);
    const file = stateFile();
    writeStateFile(file, h.sim.snapshot());
    const h2 = start({ stateFile: file });
    expect(await h2.client(project).call('/account/idexchange', { thirdId: a.thirdId })).toEqual({
      accountId: a.accountId,
    });
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('sealsim-state');
    expect(readdirSync(join(`${file}.d`, 'blobs')).length).toBeGreaterThan(0);
  });
});
