/**
 * PDF work off the event loop (simulators/core/worker-pool.ts, simulators/core/pdf/pool.ts): a job
 * over its time or heap limit has its worker terminated and is answered with an error, the next
 * job gets a fresh worker, and the main thread keeps its timers on time meanwhile.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  configurePdfPool,
  createTextPdf,
  findKeyword,
  InvalidPdfError,
  KeywordNotFoundError,
  PageOutOfRangeError,
  PdfJobAbortedError,
  pdfPoolStats,
  stampPdf,
} from '../../../simulators/core/pdf/index.ts';
import { runPdf } from '../../../simulators/core/pdf/pool.ts';
import { WorkerJobAborted, WorkerPool } from '../../../simulators/core/worker-pool.ts';

/** A job the bounds cannot catch: it holds its worker for a minute (without using the CPU). */
const runaway = () => runPdf('stall', 60_000);

/** The longest gap between 10 ms ticks of a main-thread timer while `job` runs. */
async function longestStall<T>(job: Promise<T>): Promise<{ gap: number; result: T | unknown }> {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 10);
  const result = await job.then(
    (v) => v,
    (e: unknown) => e,
  );
  clearInterval(timer);
  return { gap, result };
}

describe('the PDF worker pool', () => {
  afterAll(() => configurePdfPool());

  it('terminates a runaway job at its time limit, answers InvalidPdfError, and replaces the worker', async () => {
    // long enough for a fresh worker's first search (pdfjs loads: 2 s on a busy machine, 4+ s
    // while other test files run)
    await configurePdfPool({ timeoutMs: 8000 });
    const ok = await createTextPdf([{ lines: ['甲方签字'] }]);
    await findKeyword(ok, '签字'); // workers loaded
    const t = performance.now();
    const { gap, result } = await longestStall(runaway());
    const ms = performance.now() - t;
    expect(result).toBeInstanceOf(PdfJobAbortedError);
    expect(result).toBeInstanceOf(InvalidPdfError);
    expect((result as PdfJobAbortedError).reason).toBe('timeout');
    expect(ms).toBeGreaterThanOrEqual(7900);
    expect(ms).toBeLessThan(16_000);
    expect(gap).toBeLessThan(500); // the event loop kept running
    expect(pdfPoolStats().aborted).toBe(1);
    expect(await findKeyword(ok, '签字')).toHaveLength(1);
  });

  it('other jobs keep being answered while one worker is busy with a runaway', async () => {
    await configurePdfPool({ timeoutMs: 8000, size: 2 });
    const ok = await createTextPdf([{ lines: ['甲方签字'] }]);
    await Promise.all([findKeyword(ok, '签字'), findKeyword(ok, '签字')]); // both workers loaded
    const bomb = runaway().catch((e: unknown) => e);
    const t = performance.now();
    for (let i = 0; i < 5; i++) expect(await findKeyword(ok, '签字')).toHaveLength(1);
    expect(performance.now() - t).toBeLessThan(7500); // before the runaway's limit
    expect(await bomb).toBeInstanceOf(PdfJobAbortedError);
  });

  it("rebuilds the toolkit's error classes from the worker", async () => {
    await configurePdfPool();
    const ok = await createTextPdf([{ lines: ['甲方'] }]);
    const seal = { kind: 'company' as const, name: '公司' };
    const missing = await stampPdf(ok, [{ seal, placement: { kind: 'keyword', keyword: '乙方' } }]).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(KeywordNotFoundError);
    expect((missing as KeywordNotFoundError).keyword).toBe('乙方');
    const page = await stampPdf(ok, [{ seal, placement: { kind: 'xy', page: 3, x: 1, y: 1 } }]).catch(
      (e: unknown) => e,
    );
    expect(page).toBeInstanceOf(PageOutOfRangeError);
    expect((page as PageOutOfRangeError).pageCount).toBe(1);
    await expect(
      stampPdf(ok, [{ seal, width: -1, placement: { kind: 'xy', page: 1, x: 1, y: 1 } }]),
    ).rejects.toBeInstanceOf(RangeError);
  });
});

describe('WorkerPool', () => {
  const entry = new URL('../fixtures/pool-worker.mjs', import.meta.url);

  it('answers jobs, passes failures through, and ends a job over its time limit', async () => {
    const pool = new WorkerPool({ entry, size: 2, timeoutMs: 300 });
    try {
      expect(await pool.run('echo', [{ a: 1 }])).toEqual({ a: 1 });
      await expect(pool.run('fail', ['boom'])).rejects.toMatchObject({ name: 'TypeError', message: 'boom' });
      const slow = await pool.run('spin', [5000]).catch((e: unknown) => e);
      expect(slow).toBeInstanceOf(WorkerJobAborted);
      expect((slow as WorkerJobAborted).reason).toBe('timeout');
      expect(await pool.run('echo', [2])).toBe(2); // a new worker
      expect(pool.stats()).toMatchObject({ aborted: 1 });
    } finally {
      await pool.close();
    }
  });

  it('ends a job over its heap limit, and one whose worker dies', async () => {
    const pool = new WorkerPool({
      entry,
      size: 1,
      timeoutMs: 20_000,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    try {
      const oom = await pool.run('alloc', []).catch((e: unknown) => e);
      expect(oom).toBeInstanceOf(WorkerJobAborted);
      expect((oom as WorkerJobAborted).reason).toBe('memory');
      const died = await pool.run('exit', []).catch((e: unknown) => e);
      expect((died as WorkerJobAborted).reason).toBe('crash');
      expect(await pool.run('echo', ['still here'])).toBe('still here');
    } finally {
      await pool.close();
    }
  });

  it('queues jobs beyond its size and runs them in turn', async () => {
    const pool = new WorkerPool({ entry, size: 2, timeoutMs: 5000 });
    try {
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.run('echo', [i])));
      expect(results).toEqual([0, 1, 2, 3, 4, 5]);
      expect(pool.stats().workers).toBeLessThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });
});
