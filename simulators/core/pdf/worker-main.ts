/** The PDF worker thread: the toolkit's jobs, run for pool.ts (see core/worker-pool.ts). */
import { parentPort, type Transferable } from 'node:worker_threads';
import { serveJobs } from '../worker-pool.ts';
import { appendChunks } from './chunks.ts';
import { renderCertificate } from './certificate.ts';
import { fillForm, formFields } from './form.ts';
import { pageCount, pageFrames, pageSizes, pdfLayout } from './info.ts';
import { fontCounters } from './fontkit-adapter.ts';
import { findKeyword, findKeywords, keywordCounters } from './keyword.ts';
import { sealImageCounters } from './seal-draw.ts';
import { stampPdf } from './stamp.ts';
import { pageLines } from './text-lines.ts';
import { prepareSignature } from './sign/prepare.ts';
import { encryptPdf } from './encrypt.ts';
import { templateJobs } from '../template/jobs.ts';

export const pdfJobs = {
  findKeyword,
  findKeywords,
  pdfLayout,
  pageSizes,
  pageFrames,
  pageCount,
  stampPdf,
  formFields,
  fillForm,
  appendChunks,
  renderCertificate,
  pageLines,
  prepareSignature,
  encryptPdf,
  ...templateJobs,
  ping: async () => true,
  /** What this worker did so far (tests count work with it, with a pool of one worker). */
  counters: async () => ({ ...keywordCounters(), ...sealImageCounters(), ...fontCounters() }),
  /**
   * Holds the worker for `ms` without using the CPU: a runaway for tests of the pool's limits
   * (no PDF is one now that the bounds catch them).
   */
  stall: async (ms: number) => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    return true;
  },
};

/** A result's PDF bytes are handed over, not copied. */
function transferOf(value: unknown): Transferable[] {
  const result = value as { pdf?: unknown; bytes?: unknown } | null;
  const bytes = value instanceof Uint8Array ? value : (result?.pdf ?? result?.bytes);
  const buffer = bytes instanceof Uint8Array && !Buffer.isBuffer(bytes) ? bytes.buffer : undefined;
  return buffer instanceof ArrayBuffer && buffer.byteLength === (bytes as Uint8Array).byteLength
    ? [buffer]
    : [];
}

if (parentPort) serveJobs(parentPort, pdfJobs, transferOf);
