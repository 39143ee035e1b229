/**
 * `--log`'s writer to stdout (core/journal.ts): lines go out together, and while stdout has not
 * taken the last write (a pipe whose reader is behind) they wait in the journal and leave in one
 * write at 'drain', at most 10,000 of them; past that they are counted and the count is said.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestJournal } from '../../simulators/core/journal.ts';

const target = { vendor: 'esign', codeField: 'errCode' };
const request = new Request('http://127.0.0.1:4002/opentreaty/rest/v3.0/account/idexchange', {
  method: 'POST',
});

async function calls(journal: RequestJournal, n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await journal.around(target, request, async () => Response.json({ errCode: 0 }));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the log writer', () => {
  it('holds lines while stdout is behind and writes them in one go at drain, counting any past the cap', async () => {
    const writes: string[] = [];
    let accept = false;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return accept;
    });
    const journal = new RequestJournal({ size: 0, log: 'text', now: () => 0 });
    await calls(journal, 512); // a full batch is written at once; stdout answers "behind"
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n')).toHaveLength(513);
    await calls(journal, 10_005); // held, not written: 10,000 kept, 5 counted
    journal.flush(false);
    expect(writes).toHaveLength(1);
    accept = true;
    process.stdout.emit('drain');
    expect(writes).toHaveLength(2);
    const lines = writes[1]!.trimEnd().split('\n');
    expect(lines[0]).toBe('sealsim: 5 log lines dropped: stdout fell behind (the journal has them)');
    expect(lines).toHaveLength(10_001);
    expect(lines[1]).toMatch(/ esign +POST \/opentreaty\/rest\/v3\.0\/account\/idexchange 200 errCode=0 /);
    await calls(journal, 1);
    journal.flush(); // before exit: written at once
    expect(writes).toHaveLength(3);
  });
});
