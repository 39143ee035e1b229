/**
 * `--state` blobs (simulators/core/persist.ts `writeBlobs`): each new blob file is fsynced and
 * renamed into place, then its folder is fsynced through a file handle, off the event loop (a
 * synchronous folder fsync held every request for a disk flush per uploaded PDF). Counts, no timing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StateFiles } from '../../simulators/core/persist.ts';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('--state blob files', () => {
  it('fsyncs each blob and then its folder through file handles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-blobs-'));
    dirs.push(dir);
    const files = new StateFiles(join(dir, 'state.json'));
    files.load();
    // the FileHandle class is not exported: its prototype, from a handle
    const probe = await open(join(dir, 'probe'), 'w');
    const proto: unknown = Object.getPrototypeOf(probe);
    await probe.close();
    const handle = proto as typeof probe;
    const sync = vi.spyOn(handle, 'sync');
    const datasync = vi.spyOn(handle, 'datasync');
    const blobs = ['one', 'two'].map((text) => {
      const bytes = new TextEncoder().encode(text);
      return { hash: createHash('sha256').update(bytes).digest('hex'), bytes };
    });
    await files.writeBlobs(blobs);
    expect(datasync).toHaveBeenCalledTimes(2);
    expect(sync).toHaveBeenCalledTimes(1); // the folder, once for both
    for (const b of blobs)
      expect(readFileSync(join(files.blobDir, b.hash), 'utf8')).toBe(new TextDecoder().decode(b.bytes));
    expect(existsSync(join(files.blobDir, `${blobs[0]!.hash}.tmp`))).toBe(false);
    await files.writeBlobs(blobs); // already on disk: nothing written or synced
    expect(sync).toHaveBeenCalledTimes(1);
  });
});
