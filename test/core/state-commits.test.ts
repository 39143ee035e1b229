/**
 * The `--state` store's work per request (simulators/core/state-store.ts "commitEnding", persist.ts):
 * requests ending in the same turn of the event loop share one commit (one journal line, each tenant
 * head encoded once) and one append + fsync, and each is still answered only once its write is on
 * disk. Counts work, no timing (docs/performance.md "`--state` throughput").
 */
import { describe, expect, it, vi } from 'vitest';
import { createEsignClient } from '../../clients/esign/index.ts';
import { StateFiles } from '../../simulators/core/persist.ts';
import { inProcessSim, newPerson, newProject, T0, type SimHandle } from '../esign/helpers.ts';
import { journalText, stateFixtures } from '../helpers/state-sims.ts';

const fx = stateFixtures('commits');

describe('--state commits: work per request', () => {
  it('32 concurrent writes share one journal line and at most two fsyncs, each durable when answered', async () => {
    const file = fx.stateFile();
    const h = fx.durableSim(file);
    const client = h.client(await newProject(h.control));
    await newPerson(client); // the tenant's first write, on its own
    const appends = vi.spyOn(StateFiles.prototype, 'append');
    const linesBefore = journalText(file).split('\n').length;

    const N = 32;
    const durableWhenAnswered: boolean[] = [];
    await Promise.all(
      Array.from({ length: N }, async () => {
        const p = await newPerson(client);
        durableWhenAnswered.push(journalText(file).includes(p.accountId));
      }),
    );

    expect(durableWhenAnswered).toEqual(Array<boolean>(N).fill(true));
    const lines = journalText(file).split('\n').length - linesBefore;
    // one commit for the turn's requests (it was one per request: 32 lines, 32 head encodings)
    expect(lines).toBeGreaterThanOrEqual(1);
    expect(lines).toBeLessThanOrEqual(2);
    expect(appends.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(appends.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('a request ending after the turn gets its own commit, and a read waits for none', async () => {
    const file = fx.stateFile();
    const h = fx.durableSim(file);
    const client = h.client(await newProject(h.control));
    const appends = vi.spyOn(StateFiles.prototype, 'append');
    const a = await newPerson(client);
    const b = await newPerson(client);
    expect(appends.mock.calls.length).toBe(2);
    const text = journalText(file);
    expect(text.includes(a.accountId) && text.includes(b.accountId)).toBe(true);
    expect(await client.call('/account/idexchange', { thirdId: a.thirdId })).toEqual({
      accountId: a.accountId,
    });
    expect(appends.mock.calls.length).toBe(2);
  });
  it('journals entries whose keys need escaping (quote, backslash, emoji) under the same key', async () => {
    const file = fx.stateFile();
    const h = fx.durableSim(file);
    const project = await newProject(h.control);
    const odd = ['q"uote', 'back\\slash', 'emoji-😀', '张三-plain'];
    const people = [];
    for (const thirdId of odd) people.push(await newPerson(h.client(project), { thirdId }));
    // each key in the journal is exactly JSON.stringify of its path
    const keys = journalText(file)
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => (JSON.parse(l.split('\t')[0]!) as [number, Array<[string[]]>])[1].map((op) => op[0]));
    for (const thirdId of odd)
      expect(keys.map((k) => JSON.stringify(k))).toContain(
        JSON.stringify(['v', 'esign', project.projectId, 'thirdIds', thirdId]),
      );
    await fx.closeNow(h);
    const again = fx.durableSim(file);
    for (const p of people)
      expect(await again.client(project).call('/account/idexchange', { thirdId: p.thirdId })).toEqual({
        accountId: p.accountId,
      });
  });
});

describe('--state commits: a commit waits for the requests still running (COMMIT_DELAY_MS)', () => {
  /** A client whose requests reach the simulator at once but send their body only on release. */
  function heldClient(h: SimHandle, project: Parameters<SimHandle['client']>[0]) {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const reached = new Promise<void>((r) => (arrived = r));
    const fetch = async (r: Request): Promise<Response> => {
      const bytes = new Uint8Array(await r.arrayBuffer());
      const body = new ReadableStream<Uint8Array>({
        async pull(c) {
          await gate;
          c.enqueue(bytes);
          c.close();
        },
      });
      // (node's fetch needs `duplex` for a streamed body; the DOM types do not name it)
      const init: RequestInit & { duplex: 'half' } = {
        method: r.method,
        headers: r.headers,
        body,
        duplex: 'half',
      };
      const answer = h.sim.fetch(new Request(r.url, init));
      arrived();
      return answer;
    };
    const client = createEsignClient({
      baseUrl: h.esignBase,
      projectId: project.projectId,
      secret: project.secret,
      fetch,
    });
    return { client, release, reached };
  }

  async function appendsFor(commitDelayMs: number): Promise<number> {
    const file = fx.stateFile();
    const h = fx.keep(inProcessSim({ now: T0, stateFile: file, stateCommitDelayMs: commitDelayMs }));
    const project = await newProject(h.control);
    const client = h.client(project);
    await newPerson(client); // the tenant's first write, on its own
    const held = heldClient(h, project);
    const appends = vi.spyOn(StateFiles.prototype, 'append');
    const slow = newPerson(held.client);
    await held.reached; // its request is running: reading its body
    const quick = newPerson(client);
    // The quick write is committed meanwhile; the held one ends a few turns later.
    await new Promise((r) => setTimeout(r, 20));
    held.release();
    const [a, b] = await Promise.all([quick, slow]);
    const text = journalText(file);
    expect(text.includes(a.accountId) && text.includes(b.accountId)).toBe(true);
    return appends.mock.calls.length;
  }

  it('a write ending while another runs shares its fsync with it when the wait covers both', async () => {
    expect(await appendsFor(500)).toBe(1);
  });

  it('without the wait each gets its own', async () => {
    expect(await appendsFor(0)).toBe(2);
  });
});
