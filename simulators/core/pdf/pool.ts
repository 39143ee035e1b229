/**
 * The PDF worker pool: every parse, keyword search, stamp, form fill and layout of the toolkit's
 * entry (index.ts) runs in a worker thread (worker.mjs → worker-main.ts), sized to the cores, each
 * job within a time limit and each worker within a heap limit. A job over either is answered with
 * PdfJobAbortedError (an InvalidPdfError, so vendors refuse it as an unreadable file) and its worker
 * is replaced; errors the toolkit throws in the worker are rebuilt here as the same classes.
 */
import { createHash } from 'node:crypto';
import { WorkerJobAborted, WorkerPool, type WorkerFailure, type WorkerPoolOptions } from '../worker-pool.ts';
import {
  InvalidPdfError,
  InvalidSealError,
  KeywordNotFoundError,
  PageOutOfRangeError,
  PdfJobAbortedError,
  PdfLimitError,
  TooManyPagesError,
  UnsupportedChunkTypeError,
} from './errors.ts';
import type { pdfJobs } from './worker-main.ts';
import { TemplateError, type TemplateErrorCode } from '../template/errors.ts';

export type PdfJobs = typeof pdfJobs;

/** Defaults: 15 s per job, 512 MB of old-generation heap per worker. */
export const PDF_POOL_DEFAULTS = { timeoutMs: 15_000, maxOldGenerationSizeMb: 512 } as const;

let pool: WorkerPool | undefined;
let settings: { size?: number; timeoutMs: number; maxOldGenerationSizeMb: number } = { ...PDF_POOL_DEFAULTS };

function options(): WorkerPoolOptions {
  return {
    entry: new URL('./worker.mjs', import.meta.url),
    size: settings.size,
    timeoutMs: settings.timeoutMs,
    resourceLimits: { maxOldGenerationSizeMb: settings.maxOldGenerationSizeMb, stackSizeMb: 4 },
  };
}

function thePool(): WorkerPool {
  pool ??= new WorkerPool(options());
  return pool;
}

/**
 * Changes the pool's limits (tests, embedders); the running workers are ended and the next job
 * starts new ones with the new limits. `undefined` restores a default.
 */
export async function configurePdfPool(
  next: { size?: number; timeoutMs?: number; maxOldGenerationSizeMb?: number } = {},
): Promise<void> {
  settings = {
    size: next.size,
    timeoutMs: next.timeoutMs ?? PDF_POOL_DEFAULTS.timeoutMs,
    maxOldGenerationSizeMb: next.maxOldGenerationSizeMb ?? PDF_POOL_DEFAULTS.maxOldGenerationSizeMb,
  };
  const old = pool;
  pool = undefined;
  answers.clear(); // a document read under other limits is read again
  await old?.close();
}

/**
 * Answers of pure read jobs (page frames, sizes, count) on small documents, kept by the document's
 * SHA-256: a client sending the same contract again (wosign's -61 check reads every order's PDF)
 * costs a hash instead of a job. At most 64 answers; documents over 512 KB are not hashed on the
 * event loop, nor are failures kept.
 */
const answers = new Map<string, Promise<unknown>>();
const CACHED_BYTES = 512 * 1024;

export function runPdfCached<K extends 'pageFrames' | 'pageSizes' | 'pageCount'>(
  op: K,
  pdf: Uint8Array,
): Promise<Awaited<ReturnType<PdfJobs[K]>>> {
  type Answer = Awaited<ReturnType<PdfJobs[K]>>;
  if (!(pdf instanceof Uint8Array) || pdf.length > CACHED_BYTES)
    return runPdf(op, ...([pdf] as Parameters<PdfJobs[K]>));
  const key = `${op}:${createHash('sha256').update(pdf).digest('base64')}`;
  let answer = answers.get(key) as Promise<Answer> | undefined;
  if (answer) {
    answers.delete(key); // most recently used last
  } else {
    answer = runPdf(op, ...([pdf] as Parameters<PdfJobs[K]>));
    answer.catch(() => answers.delete(key));
    while (answers.size >= 64) answers.delete(answers.keys().next().value!);
  }
  answers.set(key, answer);
  return answer.then((a) => structuredClone(a)); // the caller may change its copy
}

export function pdfPoolStats() {
  return thePool().stats();
}

/** A worker's counts of work done (tests, with `configurePdfPool({ size: 1 })`: that one worker's). */
export function pdfWorkerCounters(): Promise<{
  textExtractions: number;
  sealImagesDecoded: number;
  fontsParsed: number;
}> {
  return runPdf('counters');
}

/** Starts a worker (a server calls this once it is listening, so the first PDF is not slower). */
export async function warmPdfPool(): Promise<void> {
  await runPdf('ping');
}

export async function runPdf<K extends keyof PdfJobs>(
  op: K,
  ...args: Parameters<PdfJobs[K]>
): Promise<Awaited<ReturnType<PdfJobs[K]>>> {
  try {
    return (await thePool().run(op, args, { toError: rebuild })) as Awaited<ReturnType<PdfJobs[K]>>;
  } catch (err) {
    if (err instanceof WorkerJobAborted) throw new PdfJobAbortedError(err.reason, err.message);
    throw err;
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : NaN);

/** The toolkit's error classes, rebuilt from what the worker sent. */
function rebuild(f: WorkerFailure): Error {
  switch (f.name) {
    case 'KeywordNotFoundError':
      return new KeywordNotFoundError(text(f.keyword));
    case 'PageOutOfRangeError':
      return new PageOutOfRangeError(num(f.page), num(f.pageCount));
    case 'UnsupportedChunkTypeError':
      return new UnsupportedChunkTypeError(text(f.contentType));
    case 'InvalidSealError':
      return new InvalidSealError(f.message);
    case 'TooManyPagesError':
      return new TooManyPagesError(num(f.max));
    case 'PdfLimitError':
      return new PdfLimitError(text(f.limit), f.message);
    case 'InvalidPdfError':
      return new InvalidPdfError(f.message);
    case 'TemplateError':
      return new TemplateError(
        text(f.code) as TemplateErrorCode,
        f.message,
        typeof f.placeholder === 'string' ? f.placeholder : undefined,
      );
    case 'RangeError':
      return new RangeError(f.message);
    case 'TypeError':
      return new TypeError(f.message);
    default: {
      const err = new Error(f.message);
      err.name = f.name;
      return err;
    }
  }
}
